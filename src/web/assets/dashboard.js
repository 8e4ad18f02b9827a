// 数据看板 charts, drawn by ECharts from the JSON the server embedded in the page.
(function () {
  'use strict';
  var charts = [];
  var palette = ['#0f766e', '#1a73e8', '#f2a600', '#d93025', '#7c3aed', '#0891b2', '#65a30d', '#db2777', '#6b7785'];

  function data() {
    var el = document.getElementById('dashboard-data');
    return el ? JSON.parse(el.textContent) : null;
  }

  function chart(id, option) {
    var el = document.getElementById(id);
    if (!el) return;
    var c = echarts.init(el, null, { renderer: 'canvas' });
    c.setOption(Object.assign({ animation: false, color: palette, textStyle: { fontFamily: 'inherit' } }, option));
    charts.push(c);
  }

  function render() {
    charts.forEach(function (c) { c.dispose(); });
    charts = [];
    var d = data();
    if (!d) return;
    var days = d.byDay.map(function (x) { return x.date.slice(5); });
    chart('chart-days', {
      tooltip: { trigger: 'axis' },
      legend: { data: ['受理', '办结'], top: 0 },
      grid: { left: 36, right: 16, top: 32, bottom: 24 },
      xAxis: { type: 'category', data: days },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: '受理', type: 'bar', barMaxWidth: 28, data: d.byDay.map(function (x) { return x.created; }), itemStyle: { borderRadius: [4, 4, 0, 0] } },
        { name: '办结', type: 'line', smooth: true, data: d.byDay.map(function (x) { return x.resolved; }) },
      ],
    });
    chart('chart-categories', d.byCategory.length ? {
      tooltip: { trigger: 'item', formatter: '{b}：{c} 件（{d}%）' },
      legend: { type: 'scroll', bottom: 0 },
      series: [{ type: 'pie', radius: ['36%', '62%'], center: ['50%', '45%'], label: { formatter: '{b} {c}' }, data: d.byCategory.map(function (c) { return { name: c.name, value: c.count }; }) }],
    } : { title: { text: '暂无工单', left: 'center', top: 'middle', textStyle: { color: '#9aa5b1', fontSize: 14 } } });
    chart('chart-communities', {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 70, right: 24, top: 10, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: d.byCommunity.map(function (c) { return c.name; }).reverse() },
      series: [{ type: 'bar', barMaxWidth: 22, data: d.byCommunity.map(function (c) { return c.count; }).reverse(), itemStyle: { color: '#1a73e8', borderRadius: [0, 4, 4, 0] }, label: { show: true, position: 'right' } }],
    });
    var root = document.querySelector('[data-testid=dashboard]');
    if (root) root.dataset.ready = String(Date.now());
  }

  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  document.addEventListener('live:updated', render);
  render();
})();
