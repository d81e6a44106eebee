// Helpers shared by the forms: a unit search box and the period fields. No inline script (CSP).
(function () {
  "use strict";
  function fold(text) {
    return text.toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\s+/g, " ").trim();
  }

  // A search box narrows a unit <select> without diacritics ("dong anh" finds "Đông Anh"): every typed word
  // must begin a word of the option. It never chooses for the user (a similar old unit would be picked
  // silently): the selection changes only when they pick an option, and the chosen one stays listed.
  function unitFilter(input) {
    var select = document.getElementById(input.getAttribute("aria-controls"));
    var status = document.getElementById(input.dataset.status);
    if (!select) return;
    var options = Array.prototype.map.call(select.options, function (o) {
      return { el: o, words: fold(o.text).split(/[\s()—,-]+/) };
    });
    function matches(option, typed) {
      return typed.every(function (w) { return option.words.some(function (x) { return x.indexOf(w) === 0; }); });
    }
    input.addEventListener("input", function () {
      var typed = fold(input.value).split(" ").filter(Boolean);
      var shown = 0;
      options.forEach(function (o) {
        var match = !o.el.value || o.el.selected || matches(o, typed);
        o.el.hidden = !match;
        if (match && o.el.value) shown += 1;
      });
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        group.hidden = !Array.prototype.some.call(group.children, function (o) { return !o.hidden; });
      });
      if (status) status.textContent = typed.length ? shown + " " + status.dataset.found : "";
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("input[data-unit-filter]"), unitFilter);

  // Only the fields of the chosen kind of period are shown (and sent): a month for a month, a quarter for a
  // quarter, two dates for a custom range.
  function periodFields(select) {
    var form = select.form;
    function apply() {
      Array.prototype.forEach.call(form.querySelectorAll("[data-period-kinds]"), function (box) {
        var shown = box.dataset.periodKinds.split(" ").indexOf(select.value) !== -1;
        box.hidden = !shown;
        Array.prototype.forEach.call(box.querySelectorAll("input, select"), function (f) { f.disabled = !shown; });
      });
    }
    select.addEventListener("change", apply);
    apply();
  }
  Array.prototype.forEach.call(document.querySelectorAll("select[data-period-select]"), periodFields);
})();
