import { html, type SafeHtml } from '../html.js';
import { EXPORT_COLUMNS } from '../ticket-export.js';

export function exportPage(o: { from: string; to: string; scopeNote: string }): SafeHtml {
  return html`<section class="toolbar"><h1>导出工单</h1></section>
<section class="card narrow">
  <p>按受理日期导出，列与 12345 热线台账一致：${EXPORT_COLUMNS.join('、')}。反映内容中的手机号、身份证号、车牌等已脱敏，时间为北京时间。一次最多导出一年，范围内的工单全部写入文件，不截断。</p>
  <p class="muted">${o.scopeNote}</p>
  <form method="get" action="/api/console/export.xlsx" class="export-form" data-testid="export-form">
    <label class="field"><span>从</span><input type="date" name="from" value="${o.from}" required data-testid="export-from"></label>
    <label class="field"><span>到</span><input type="date" name="to" value="${o.to}" required data-testid="export-to"></label>
    <div class="actions">
      <button type="submit" class="primary" data-testid="export-xlsx">导出 Excel</button>
      <button type="submit" formaction="/api/console/export.csv" data-testid="export-csv">导出 CSV</button>
    </div>
  </form>
</section>`;
}
