// Incident form: the official search (look-up view). No inline script (CSP).
(function () {
  "use strict";
  var form = document.getElementById("incident-form");
  if (!form) return;
  // The unit search box is static/js/form_helpers.js's, shared with the other forms.
  var unitSelect = document.getElementById("id_unit");
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
      // The button labels come from the page, in its language (data-add-official, data-add-head).
      [["id_officials", results.dataset.addOfficial], ["id_heads", results.dataset.addHead]].forEach(function (pair) {
        var b = document.createElement("button");
        b.type = "button"; b.textContent = pair[1]; b.className = "link";
        b.dataset.target = pair[0];
        b.addEventListener("click", function () { addOption(pair[0], item); });
        li.appendChild(b); li.appendChild(document.createTextNode(" "));
      });
      results.appendChild(li);
    });
    if (!items.length) { var li = document.createElement("li"); li.textContent = results.dataset.none; results.appendChild(li); }
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
