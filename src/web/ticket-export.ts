// Tickets of a date range in the column layout a 12345 hotline office uses, as .xlsx (exceljs'
// streaming writer) and as CSV (UTF-8 with a BOM, so Excel opens it in Chinese). Text is masked;
// times are local. Both are streamed a page of tickets at a time, so a year of a whole district
// (hundreds of thousands of rows) is written in full while the process holds one page.
import { PassThrough, Readable } from 'node:stream';
import type { AppContext } from '../app/app-context.js';
import type { TicketFilter } from '../app/ports/tickets.js';
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

/** Tickets read per query; also how many rows are held at once. */
export const EXPORT_PAGE = 2000;

/** Every ticket the filter selects, oldest first, as export rows a page at a time. */
export async function* exportRowPages(
  ctx: AppContext,
  filter: Pick<TicketFilter, 'createdFrom' | 'createdBefore' | 'communities'>,
  now: Date,
  pageSize = EXPORT_PAGE,
): AsyncGenerator<ExportRow[]> {
  let after: TicketFilter['after'];
  for (;;) {
    const page = await ctx.store.tickets.list({ ...filter, oldestFirst: true, after, limit: pageSize });
    if (page.length > 0) yield exportRows(ctx, page, now);
    if (page.length < pageSize) return;
    const last = page[page.length - 1]!;
    after = { createdAt: last.createdAt, no: last.no };
  }
}

/**
 * The .xlsx as a stream. Each page is committed row by row to the zip and waits for the reader
 * to drain, so a slow download holds back the database reads instead of filling memory.
 */
export function xlsxStream(pages: AsyncIterable<ExportRow[]>, title: string, onRows?: (rows: number) => void): Readable {
  const out = new PassThrough();
  void (async () => {
    // Loaded on first export, not at start: exceljs is large and most processes never export.
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    book.creator = 'Linli 邻里';
    book.created = new Date();
    const sheet = book.addWorksheet(title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = EXPORT_COLUMNS.map((header, i) => ({
      header,
      key: header,
      width: WIDTHS[i],
      ...(i === 3 ? { style: { alignment: { wrapText: true, vertical: 'top' as const } } } : {}),
    }));
    const head = sheet.getRow(1);
    head.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F6F5C' } };
    head.alignment = { vertical: 'middle', horizontal: 'center' };
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EXPORT_COLUMNS.length } };
    head.commit();
    let count = 0;
    for await (const rows of pages) {
      for (const row of rows) sheet.addRow(row).commit();
      count += rows.length;
      await zipCaughtUp(sheet, out);
      if (out.writableNeedDrain) await drainedOrClosed(out);
      if (out.destroyed) return;
    }
    sheet.commit();
    await book.commit();
    onRows?.(count);
  })().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}

// exceljs hands the sheet's XML to the zip entry without waiting for it (its StreamBuf ignores
// backpressure), so on a fast machine a year's rows queued there before deflate could take them:
// 250 MB for 200,000 rows, and a 292–313 MB peak for a year's export in \`npm run bench\`. Between
// pages, wait until the entry holds no more than this. (Reads exceljs' and readable-stream's
// internals; if they change, the export still works, only unthrottled.)
const ZIP_BACKLOG_BYTES = 4 * 1024 * 1024;

interface BufferedStream {
  _writableState?: { length?: number };
  _readableState?: { length?: number };
}

async function zipCaughtUp(sheet: unknown, out: PassThrough): Promise<void> {
  const entry = (sheet as { stream?: { pipes?: BufferedStream[] } }).stream?.pipes?.[0];
  if (!entry) return;
  const backlog = () => (entry._writableState?.length ?? 0) + (entry._readableState?.length ?? 0);
  // At most ten seconds per page: a stalled zip is not worth hanging the export for.
  for (let waited = 0; backlog() > ZIP_BACKLOG_BYTES && waited < 10_000 && !out.destroyed; waited += 5) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Resolves when the reader caught up, or went away (a download cancelled midway). */
function drainedOrClosed(out: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

/** A cell Excel would run as a formula (=, +, -, @) is prefixed with ' so it stays text. */
function csvCell(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV as a stream: the BOM and header, then one chunk per page. */
export function csvStream(pages: AsyncIterable<ExportRow[]>, onRows?: (rows: number) => void): Readable {
  return Readable.from(
    (async function* () {
      yield Buffer.from(`\ufeff${EXPORT_COLUMNS.join(',')}\r\n`, 'utf8');
      let count = 0;
      for await (const rows of pages) {
        yield Buffer.from(rows.map((r) => `${r.map(csvCell).join(',')}\r\n`).join(''), 'utf8');
        count += rows.length;
      }
      onRows?.(count);
    })(),
  );
}
