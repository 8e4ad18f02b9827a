// Tickets of a date range in the column layout a 12345 hotline office uses, as .xlsx (exceljs)
// and as CSV (UTF-8 with a BOM, so Excel opens it in Chinese). Text is masked; times are local.
import type { AppContext } from '../app/app-context.js';
import { maskPii } from '../domain/mask-pii.js';
import { OPEN_STATUSES, RATING_LABELS, URGENCY_LABELS, type Ticket } from '../domain/ticket.js';
import { fullTime } from './console-format.js';
import { groupTopic } from './console-ticket.js';

export const EXPORT_COLUMNS = [
  '工单号',
  '来源群',
  '反映人',
  '反映内容',
  '分类',
  '紧急程度',
  '承办人',
  '受理时间',
  '签收时间',
  '办结时间',
  '是否超时',
  '满意度',
] as const;

const WIDTHS = [8, 22, 14, 50, 10, 9, 10, 17, 17, 17, 9, 9];

export type ExportRow = [number, ...string[]];

/** 是 when a deadline was missed (or is being missed now); 否 otherwise; — for voided tickets. */
export function overdueText(t: Ticket, now: Date): string {
  if (t.status === 'rejected' || t.status === 'merged') return '—';
  const open = OPEN_STATUSES.includes(t.status);
  const claimLate = t.claimedAt ? t.claimedAt > t.claimDueAt : t.status === 'new' && now > t.claimDueAt;
  const resolveLate = t.resolvedAt ? t.resolvedAt > t.dueAt : open && now > t.dueAt;
  return claimLate || resolveLate ? '是' : '否';
}

export function exportRows(ctx: AppContext, tickets: Ticket[], now: Date): ExportRow[] {
  const tz = ctx.config.timezone;
  return tickets.map((t) => [
    t.no,
    groupTopic(ctx, t.groupId),
    t.reporters.map((r) => r.name).join('、'),
    maskPii(t.text),
    ctx.texts.categoryName(t.category),
    URGENCY_LABELS[t.urgency],
    t.assignee?.name ?? '',
    fullTime(t.createdAt, tz),
    fullTime(t.claimedAt, tz),
    fullTime(t.resolvedAt, tz),
    overdueText(t, now),
    t.rating ? RATING_LABELS[t.rating] : '',
  ]);
}

export async function toXlsx(rows: ExportRow[], title: string): Promise<Buffer> {
  // Loaded on first export, not at start: exceljs is large and most processes never export.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'Linli 邻里';
  book.created = new Date();
  const sheet = book.addWorksheet(title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = EXPORT_COLUMNS.map((header, i) => ({ header, key: header, width: WIDTHS[i] }));
  const head = sheet.getRow(1);
  head.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F6F5C' } };
  head.alignment = { vertical: 'middle', horizontal: 'center' };
  for (const row of rows) sheet.addRow(row);
  sheet.getColumn(4).alignment = { wrapText: true, vertical: 'top' };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EXPORT_COLUMNS.length } };
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A cell Excel would run as a formula (=, +, -, @) is prefixed with ' so it stays text. */
function csvCell(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: ExportRow[]): Buffer {
  const lines = [EXPORT_COLUMNS.join(','), ...rows.map((r) => r.map(csvCell).join(','))];
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}
