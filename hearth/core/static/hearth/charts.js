/* Hearth charts: draws every <canvas data-chart="ID"> from the JSON in <script id="ID">.
 *
 * Plain ES2017, no build step. Needs the vendored Chart.js (window.Chart) loaded first; both come
 * from {% include "core/_chart_scripts.html" %} (once per page, in the full page, not in partials).
 *
 * TEMPLATE PATTERN (what core/_chart.html renders; use the snippet rather than writing it by hand):
 *
 *   <div class="chart">
 *     <canvas data-chart="risk-trend" role="img" aria-label="Risk by week, last 12 weeks">…</canvas>
 *   </div>
 *   <script id="risk-trend" type="application/json">{…config…}</script>   ({{ config|json_script:"risk-trend" }})
 *   <details class="chart-data"><summary>Show the data as a table</summary><table>…</table></details>
 *
 * The canvas is an image with a label for screen readers; the <details> table holds the same data
 * (and is what prints, copies and works without JavaScript). Every chart has both.
 *
 * CONFIG (JSON; keys not listed are ignored):
 *
 *   {
 *     "kind": "line",                 "line" | "bar" | "stacked-bar"
 *     "labels": ["W01", "W02", …],    the categories (x axis; the y axis when "horizontal")
 *     "series": [                     one line / bar group / stack segment each
 *       {"label": "Exhaustion",
 *        "data": [42.5, null, …],     one value per label; null = no value (gap; e.g. a suppressed cell)
 *        "level": "high",             optional: colour of a risk level (low | watch | high | severe)
 *        "levels": ["low", …],        optional, bars only: a risk level per bar (colours each bar)
 *        "color": "#0072B2"}          optional: explicit colour; default = the palette, in order
 *     ],
 *     "min": 0, "max": 100,           optional: bounds of the value axis
 *     "unit": "%",                    optional: appended to value ticks and tooltips
 *     "value_title": "Score",         optional: title of the value axis
 *     "label_title": "Week",          optional: title of the category axis
 *     "thresholds": [                 line only, optional: dashed horizontal lines (in the legend too)
 *       {"label": "High", "value": 60, "level": "high"}
 *     ],
 *     "horizontal": false             bar / stacked-bar only: bars run left to right
 *   }
 *
 * Colours come from CSS custom properties in hearth.css (--chart-1 … --chart-8: the Okabe–Ito
 * palette, readable for colour-blind readers and in print; --risk-low / -watch / -high / -severe).
 * Lines also differ by point shape, so they stay apart in greyscale. Animation is off when the
 * reader prefers reduced motion. Charts are (re)drawn on DOMContentLoaded and after htmx swaps.
 */
(function () {
  "use strict";

  if (window.HearthCharts) return; // loaded twice: the first copy does the work

  var FALLBACK_PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"];
  var FALLBACK_RISK = { low: "#009E73", watch: "#E69F00", high: "#D55E00", severe: "#882255" };
  var POINT_STYLES = ["circle", "rect", "triangle", "rectRot", "crossRot", "star", "rectRounded", "cross"];
  var live = new Set();

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function paletteColor(i) {
    var n = FALLBACK_PALETTE.length;
    return cssVar("--chart-" + ((i % n) + 1), FALLBACK_PALETTE[i % n]);
  }

  function riskColor(level) {
    return cssVar("--risk-" + level, FALLBACK_RISK[level] || FALLBACK_PALETTE[0]);
  }

  function seriesColor(series, i) {
    if (series.color) return series.color;
    if (series.level) return riskColor(series.level);
    return paletteColor(i);
  }

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  function numberFormat(unit) {
    var lang = document.documentElement.lang || undefined;
    var nf;
    try {
      nf = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
    } catch (e) {
      nf = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
    }
    return function (value) {
      if (value === null || value === undefined || isNaN(value)) return "—";
      return nf.format(value) + (unit || "");
    };
  }

  function lineDatasets(config) {
    var datasets = (config.series || []).map(function (s, i) {
      var color = seriesColor(s, i);
      return {
        label: s.label,
        data: s.data,
        borderColor: color,
        backgroundColor: color,
        pointStyle: POINT_STYLES[i % POINT_STYLES.length],
        pointRadius: 3,
        borderWidth: 2,
        tension: 0,
        spanGaps: false
      };
    });
    (config.thresholds || []).forEach(function (t) {
      var color = t.level ? riskColor(t.level) : cssVar("--muted", "#5f6b7a");
      datasets.push({
        label: t.label,
        data: (config.labels || []).map(function () { return t.value; }),
        borderColor: color,
        backgroundColor: color,
        borderDash: [6, 4],
        borderWidth: 1.5,
        pointStyle: "line",
        pointRadius: 0,
        pointHoverRadius: 0,
        pointHitRadius: 0,
        fill: false,
        order: 99
      });
    });
    return datasets;
  }

  function barDatasets(config) {
    return (config.series || []).map(function (s, i) {
      var color = s.levels ? s.levels.map(riskColor) : seriesColor(s, i);
      return {
        label: s.label,
        data: s.data,
        backgroundColor: color,
        borderColor: color,
        borderWidth: 0
      };
    });
  }

  function chartOptions(config) {
    var kind = config.kind;
    var horizontal = kind !== "line" && !!config.horizontal;
    var stacked = kind === "stacked-bar";
    var format = numberFormat(config.unit);
    var ink = cssVar("--ink", "#1f2933");
    var grid = cssVar("--line", "#d9dee5");

    var valueAxis = {
      stacked: stacked,
      beginAtZero: kind !== "line",
      grid: { color: grid },
      ticks: { color: ink, callback: function (v) { return format(v); } },
      title: { display: !!config.value_title, text: config.value_title || "", color: ink }
    };
    if (typeof config.min === "number") valueAxis.min = config.min;
    if (typeof config.max === "number") valueAxis.max = config.max;
    var labelAxis = {
      stacked: stacked,
      grid: { display: kind === "line", color: grid },
      ticks: { color: ink },
      title: { display: !!config.label_title, text: config.label_title || "", color: ink }
    };

    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: reducedMotion() ? false : { duration: 400 },
      indexAxis: horizontal ? "y" : "x",
      interaction: { mode: "index", intersect: false, axis: horizontal ? "y" : "x" },
      scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
      plugins: {
        legend: {
          display: (config.series || []).length + (config.thresholds || []).length > 1,
          labels: { color: ink, usePointStyle: kind === "line", boxWidth: 12, boxHeight: 12 }
        },
        tooltip: {
          callbacks: {
            label: function (ctx) {
              var value = horizontal ? ctx.parsed.x : ctx.parsed.y;
              return (ctx.dataset.label ? ctx.dataset.label + ": " : "") + format(value);
            }
          }
        }
      }
    };
  }

  function buildChart(canvas) {
    var id = canvas.getAttribute("data-chart");
    var source = id && document.getElementById(id);
    if (!source) return;
    var config;
    try {
      config = JSON.parse(source.textContent);
    } catch (e) {
      console.error("hearth charts: bad JSON in #" + id, e);
      return;
    }
    var kind = config.kind;
    if (kind !== "line" && kind !== "bar" && kind !== "stacked-bar") {
      console.error("hearth charts: unknown kind " + kind + " in #" + id);
      return;
    }
    var chart = new window.Chart(canvas, {
      type: kind === "line" ? "line" : "bar",
      data: {
        labels: config.labels || [],
        datasets: kind === "line" ? lineDatasets(config) : barDatasets(config)
      },
      options: chartOptions(config)
    });
    live.add(chart);
  }

  function drawAll() {
    if (!window.Chart) {
      // Chart.js not there yet (e.g. scripts inserted by a swap load out of order): try once more.
      window.addEventListener("load", drawAll, { once: true });
      return;
    }
    // Charts whose canvas a swap removed: free them (and their resize observers).
    live.forEach(function (chart) {
      if (!chart.canvas || !chart.canvas.isConnected) {
        chart.destroy();
        live.delete(chart);
      }
    });
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (!window.Chart.getChart(canvas)) buildChart(canvas);
    });
  }

  window.HearthCharts = { drawAll: drawAll };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
  document.addEventListener("htmx:afterSwap", drawAll);
})();
