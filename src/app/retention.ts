// The daily retention job (PIPL minimisation): what the work no longer needs is deleted or masked,
// in small batches, each its own short transaction, so it runs alongside live traffic at any size.
// Periods are in config (retention.*) and documented in docs/operations.md.
import { redactTicket } from '../domain/redact-ticket.js';
import type { AppContext } from './app-context.js';

const BATCH = 500;
const DAY_MS = 86_400_000;

export interface RetentionReport {
  chatMessages: number;
  outboxItems: number;
  attachments: number;
  ticketsRedacted: number;
}

export async function runRetention(ctx: AppContext, now: Date): Promise<RetentionReport> {
  const { retention } = ctx.store;
  const days = ctx.config.retention;
  const ago = (n: number) => new Date(now.getTime() - n * DAY_MS);
  const report: RetentionReport = {
    chatMessages: await drain((limit) => retention.deleteChat(ago(days.chatDays), limit)),
    outboxItems: await drain((limit) => retention.deleteFinishedOutbox(ago(days.outboxDays), limit)),
    attachments: await drain((limit) => retention.deleteAttachments(ago(days.attachmentDays), limit)),
    ticketsRedacted: 0,
  };
  for (;;) {
    const batch = await retention.ticketsToRedact(ago(days.closedTicketDays), BATCH);
    for (const ticket of batch) await retention.saveRedacted(redactTicket(ticket), now);
    report.ticketsRedacted += batch.length;
    if (batch.length < BATCH) break;
  }
  if (Object.values(report).some((n) => n > 0)) ctx.log.info({ ...report }, 'retention ran');
  return report;
}

/** Runs a bounded delete until it finds nothing more; returns how many rows went. */
async function drain(step: (limit: number) => Promise<number>): Promise<number> {
  let total = 0;
  for (let n = BATCH; n === BATCH; total += n) n = await step(BATCH);
  return total;
}
