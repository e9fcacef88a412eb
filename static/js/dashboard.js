// The cockpit's charts (Apache ECharts) from the JSON the page carries, and its print button.
// Every point carries the link to the projects behind it: a click opens that list.
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // The picker shows only the fields the chosen kind of period uses (all of them without JS).
  var kind = document.getElementById("pick-p");
  function showPeriodFields() {
    document.querySelectorAll("[data-period]").forEach(function (field) {
      field.hidden = field.dataset.period.split(" ").indexOf(kind.value) < 0;
    });
  }
  if (kind) { kind.addEventListener("change", showPeriodFields); showPeriodFields(); }

  var source = document.getElementById("chart-data");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var COLOURS = { green: "#198754", yellow: "#e0a800", red: "#dc3545" };
  var charts = [];

  function yi(value) { return value.toFixed(2) + " 亿元"; }

  function mount(element, option, urlOf) {
    var chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption(Object.assign({ animation: false, textStyle: { fontFamily: "inherit" } }, option));
    chart.on("click", function (params) {
      var url = urlOf(params);
      if (url) { window.location.href = url; }
    });
    charts.push(chart);
  }

  function funnel(element) {
    var points = data.funnel;
    mount(element, {
      tooltip: { trigger: "item", formatter: "{b}：{c} 个" },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: points.map(function (p) { return p.name; }) },
      series: [{ type: "bar", barMaxWidth: 28, data: points.map(function (p) { return p.value; }),
                 label: { show: true, position: "right" }, itemStyle: { color: "#1f5fa8" } }]
    }, function (params) { return points[params.dataIndex].url; });
  }

  function months(element) {
    var m = data.months;
    mount(element, {
      tooltip: { trigger: "axis", valueFormatter: function (v) { return yi(v); } },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 30, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: m.labels },
      yAxis: { type: "value", name: "亿元" },
      series: m.series.map(function (s, i) {
        return { name: s.name, type: "bar", barMaxWidth: 24, data: s.amount,
                 itemStyle: { color: i === 0 ? "#1f5fa8" : "#9bb7d6" } };
      })
    }, function (params) { return m.series[params.seriesIndex].urls[params.dataIndex]; });
  }

  function breakdown(element) {
    var found = data.breakdowns[element.dataset.dimension];
    var bars = found.bars.slice(0, 10);
    mount(element, {
      tooltip: { trigger: "item", formatter: function (p) {
        var bar = bars[p.dataIndex];
        return bar.name + "：" + yi(bar.value) + "，" + bar.count + " 个项目";
      } },
      grid: { left: 8, right: 56, top: 4, bottom: 4, containLabel: true },
      xAxis: { type: "value", show: false },
      yAxis: { type: "category", inverse: true, data: bars.map(function (b) { return b.name; }),
               axisLabel: { width: 96, overflow: "truncate" } },
      series: [{ type: "bar", barMaxWidth: 28, data: bars.map(function (b) { return b.value; }),
                 label: { show: true, position: "right", formatter: function (p) { return p.value.toFixed(2); } },
                 itemStyle: { color: "#2f7ed8" } }]
    }, function (params) { return bars[params.dataIndex].url; });
  }

  function stacked(element, spec, categories, colourOf) {
    mount(element, {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 30, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: categories, axisLabel: { interval: 0, hideOverlap: true } },
      yAxis: { type: "value", minInterval: 1 },
      series: spec.series.map(function (s, i) {
        return { name: s.name, type: "bar", stack: "all", barMaxWidth: 48, data: s.data.map(function (d) { return d.value; }),
                 itemStyle: colourOf ? { color: colourOf(s, i) } : undefined };
      })
    }, function (params) { return spec.series[params.seriesIndex].data[params.dataIndex].url; });
  }

  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var kindOf = element.dataset.chart;
    if (kindOf === "funnel") { funnel(element); }
    else if (kindOf === "months") { months(element); }
    else if (kindOf === "breakdown") { breakdown(element); }
    else if (kindOf === "talks") {
      stacked(element, data.talks, data.talks.classes, function (s) { return COLOURS[s.colour]; });
    } else if (kindOf === "key_investors") {
      stacked(element, data.key_investors, data.key_investors.stages);
    }
  });

  // Charts follow their box: a phone turned sideways, a sidebar opened, the print layout.
  var resize = function () { charts.forEach(function (chart) { chart.resize(); }); };
  if (typeof ResizeObserver !== "undefined") {
    var observer = new ResizeObserver(resize);
    charts.forEach(function (chart) { observer.observe(chart.getDom()); });
  } else {
    window.addEventListener("resize", resize);
  }
  window.addEventListener("beforeprint", resize);
  document.documentElement.dataset.chartsReady = String(charts.length);
})();
