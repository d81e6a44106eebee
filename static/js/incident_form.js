// Incident form helpers: diacritics-insensitive unit filter and official search. No inline script (CSP).
(function () {
  "use strict";
  function fold(text) {
    return text.toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\s+/g, " ").trim();
  }
  var form = document.getElementById("incident-form");
  if (!form) return;
  var unitSelect = document.getElementById("id_unit");
  var unitFilter = document.getElementById("unit-filter");
  if (unitSelect && unitFilter) {
    var options = Array.prototype.slice.call(unitSelect.options).map(function (o) { return { el: o, key: fold(o.text) }; });
    unitFilter.addEventListener("input", function () {
      var words = fold(unitFilter.value).split(" ").filter(Boolean);
      var first = null;
      options.forEach(function (o) {
        var match = !o.el.value || words.every(function (w) { return o.key.indexOf(w) !== -1; });
        o.el.hidden = !match;
        if (match && o.el.value && !first) first = o.el;
      });
      if (first && words.length) unitSelect.value = first.value;
    });
  }
  var search = document.getElementById("official-search");
  var results = document.getElementById("official-results");
  var timer = null;
  function chosenUnit() {
    return unitSelect ? unitSelect.value : form.dataset.unit || "";
  }
  function addOption(selectId, item) {
    var select = document.getElementById(selectId);
    if (!select) return;
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === String(item.id)) { select.options[i].selected = true; return; }
    }
    var option = new Option(item.name, item.id, true, true);
    select.appendChild(option);
  }
  function render(items) {
    results.innerHTML = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = item.name + (item.post ? " · " + item.post : "") + " ";
      [["id_officials", "+ cá nhân"], ["id_heads", "+ người đứng đầu"]].forEach(function (pair) {
        var b = document.createElement("button");
        b.type = "button"; b.textContent = pair[1]; b.className = "link";
        b.dataset.target = pair[0];
        b.addEventListener("click", function () { addOption(pair[0], item); });
        li.appendChild(b); li.appendChild(document.createTextNode(" "));
      });
      results.appendChild(li);
    });
    if (!items.length) { var li = document.createElement("li"); li.textContent = "Không tìm thấy cán bộ phù hợp."; results.appendChild(li); }
  }
  if (search) {
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var on = document.getElementById("id_occurred_on").value;
        var url = form.dataset.officialLookup + "?unit=" + encodeURIComponent(chosenUnit()) +
          "&on=" + encodeURIComponent(on) + "&q=" + encodeURIComponent(search.value);
        fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); })
          .then(function (data) { render(data.results || []); });
      }, 250);
    });
  }
})();
