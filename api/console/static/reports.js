// Reports: draws each chart from the JSON in its canvas's data-chart attribute (the table beside it says the same).
"use strict";

(function () {
  const COLOURS = ["#0b5cab", "#a4161a", "#1e6b34", "#8a4b00", "#5b2a86", "#00636b", "#4a5361", "#b0306a",
    "#2d6a9f", "#6b7a00", "#7a3e00", "#14325c"];

  function draw(canvas) {
    const spec = JSON.parse(canvas.dataset.chart);
    const doughnut = spec.type === "doughnut";
    return new window.Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: [{
          label: spec.title,
          data: spec.values,
          backgroundColor: doughnut ? COLOURS.slice(0, spec.values.length) : COLOURS[0],
        }],
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        indexAxis: doughnut ? undefined : "y",
        plugins: { legend: { display: doughnut }, title: { display: false } },
        scales: doughnut ? {} : { x: { beginAtZero: true, ticks: { precision: spec.unit ? undefined : 0 } } },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (!window.Chart) { return; }  // no charts: the tables carry every figure
    document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      canvas.chart = draw(canvas);
      canvas.closest("figure").classList.add("drawn");
    });
  });
  // Printing resizes the page: let the charts fit the paper.
  window.addEventListener("beforeprint", () => {
    document.querySelectorAll("canvas[data-chart]").forEach((canvas) => { if (canvas.chart) { canvas.chart.resize(); } });
  });
})();
