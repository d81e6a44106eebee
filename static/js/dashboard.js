// Dashboard charts (Chart.js from static/, no CDN) and sortable tables. The tables stay the source of truth.
(function () {
  "use strict";
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function chart(canvasId, dataId, type, color) {
    var canvas = document.getElementById(canvasId);
    var d = data(dataId);
    if (!canvas || !d || typeof Chart === "undefined") return;
    new Chart(canvas, {
      type: type,
      data: { labels: d.labels, datasets: [{ data: d.values, backgroundColor: color, borderColor: color }] },
      // Both charts count incidents: whole-number ticks, in the page's language (1.234 in Vietnamese).
      options: { animation: false, locale: document.documentElement.lang || "vi",
                 plugins: { legend: { display: false } }, indexAxis: type === "bar" ? "y" : "x",
                 scales: { x: { beginAtZero: true, ticks: { precision: 0 } },
                           y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
  chart("trend-chart", "trend-data", "line", "#a3161b");
  chart("indicator-chart", "indicator-data", "bar", "#0b4f8a");

  function value(cell) {
    return parseFloat(cell.dataset.value) || 0;
  }

  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("th[data-sort]").forEach(function (th, index) {
      th.style.cursor = "pointer";
      th.addEventListener("click", function () {
        var numeric = th.dataset.sort === "num";
        var dir = th.dataset.dir === "asc" ? -1 : 1;
        th.dataset.dir = dir === 1 ? "asc" : "desc";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[index].innerText.trim(), y = b.cells[index].innerText.trim();
          // Numbers sort by their plain value (data-value): the text is formatted (1.234; 12,5).
          if (numeric) { return dir * (value(a.cells[index]) - value(b.cells[index])); }
          return dir * x.localeCompare(y, "vi");
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
