// 数据看板: the period's figures as cards, charts drawn by ECharts from the embedded JSON, and the
// overdue and repeat-problem lists.
import { html, jsonScript, type SafeHtml } from '../html.js';
import { percent } from '../console-format.js';
import { DASHBOARD_RANGES, type DashboardFigures, type Rate } from '../dashboard-figures.js';

function kpi(id: string, label: string, value: string, sub: string, cls = ''): SafeHtml {
  return html`<div class="kpi ${cls}" data-testid="kpi-${id}"><div class="kpi-label">${label}</div><div class="kpi-value" data-testid="kpi-${id}-value">${value}</div><div class="kpi-sub">${sub}</div></div>`;
}

const rateSub = (r: Rate, what: string) => (r.denominator ? `${r.numerator} / ${r.denominator} ${what}` : `暂无${what}`);

export function dashboardBody(f: DashboardFigures): SafeHtml {
  return html`<div class="kpis">
    ${kpi('created', `${f.rangeLabel}受理`, String(f.created), `签收 ${f.period.claimed} · 办结 ${f.period.resolved}`)}
    ${kpi('open', '在办', String(f.open), '待签收 + 处理中')}
    ${kpi('overdue', '超时', String(f.overdue), '在办且已过时限', f.overdue ? 'bad' : '')}
    ${kpi('claim-rate', '按时签收率', percent(f.rates.claimOnTime.value), rateSub(f.rates.claimOnTime, '次签收'))}
    ${kpi('resolve-rate', '按时办结率', percent(f.rates.resolveOnTime.value), rateSub(f.rates.resolveOnTime, '次办结'))}
    ${kpi('satisfaction', '满意率', percent(f.rates.satisfaction.value), rateSub(f.rates.satisfaction, '次评价'))}
    ${kpi('redo', '重办率', percent(f.rates.redo.value), rateSub(f.rates.redo, '次办结'))}
  </div>
  <div class="charts">
    <section class="card chart-card wide"><h2>近 7 日受理与办结</h2><div class="chart" id="chart-days" data-testid="chart-days"></div></section>
    <section class="card chart-card"><h2>${f.rangeLabel}分类</h2><div class="chart" id="chart-categories" data-testid="chart-categories"></div></section>
    <section class="card chart-card"><h2>${f.rangeLabel}各社区</h2><div class="chart" id="chart-communities" data-testid="chart-communities"></div></section>
  </div>
  <div class="columns even">
    <section class="card">
      <h2>超时工单（${f.overdue}）</h2>
      ${
        f.overdueList.length
          ? html`<table class="mini" data-testid="overdue-list"><thead><tr><th>工单</th><th>社区</th><th>分类</th><th>状态</th><th>承办人</th><th>超时</th></tr></thead><tbody>
          ${f.overdueList.map(
            (o) => html`<tr><td><a href="/console/tickets/${o.no}">#${o.no}</a></td><td>${o.community}</td><td>${o.category}</td><td>${o.status}</td><td>${o.assignee ?? '—'}</td><td class="bad">${o.overdueBy}</td></tr>`,
          )}</tbody></table>`
          : html`<p class="muted">没有超时工单。</p>`
      }
    </section>
    <section class="card">
      <h2>重复问题（${f.rangeLabel}）</h2>
      ${
        f.repeats.length
          ? html`<table class="mini" data-testid="repeat-list"><thead><tr><th>地点</th><th>社区</th><th>分类</th><th>工单</th></tr></thead><tbody>
          ${f.repeats.map(
            (r) => html`<tr><td>${r.place}</td><td>${r.community}</td><td>${r.category}</td><td>${r.ticketNos.map((no) => html`<a href="/console/tickets/${no}">#${no}</a> `)}</td></tr>`,
          )}</tbody></table>`
          : html`<p class="muted">同一楼栋或同一群里同类问题反映 2 次以上会列在这里。</p>`
      }
    </section>
  </div>
  ${jsonScript('dashboard-data', { byDay: f.byDay, byCategory: f.byCategory, byCommunity: f.byCommunity })}`;
}

export function dashboardPage(f: DashboardFigures): SafeHtml {
  return html`<section class="toolbar">
  <h1>数据看板</h1>
  <nav class="tabs" aria-label="时间范围">
    ${(Object.keys(DASHBOARD_RANGES) as Array<keyof typeof DASHBOARD_RANGES>).map(
      (r) => html`<a href="/console/dashboard?range=${r}" class="${r === f.range ? 'active' : ''}" data-testid="range-${r}">${DASHBOARD_RANGES[r]}</a>`,
    )}
  </nav>
</section>
<div data-live="dashboard" data-testid="dashboard">${dashboardBody(f)}</div>`;
}
