// /metrics in Prometheus text format (prom-client), guarded like /api: a console session or the
// bearer token. Counters are counted in this process as the app works (PromTelemetry); gauges are
// read when scraped, the database-backed ones at most every 15 s (a scrape never queries twice).
// Every metric is listed in docs/operations.md.
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Clock } from '../app/ports/clock.js';
import type { Store } from '../app/ports/store.js';
import type { Telemetry } from '../app/ports/telemetry.js';

/** What the running bot knows about itself at scrape time. */
export interface LiveState {
  loggedIn(): boolean;
  databaseUp(): boolean;
  /** Messages held in memory or in the spool, not yet handled. */
  backlog(): { buffered: number; spooled: number };
  sender(): { sent: number; gaveUp: number; sendFailures: number };
  /** When each scheduled job last ran to completion in this process. */
  jobs(): Array<{ name: string; lastSuccess: Date | null }>;
}

export class PromTelemetry implements Telemetry {
  readonly registry = new Registry();
  private readonly messages = new Counter({
    name: 'linli_messages_total',
    help: 'Messages handled, by where they were said and what became of them',
    labelNames: ['chat', 'outcome'],
    registers: [this.registry],
  });
  private readonly opened = new Counter({
    name: 'linli_tickets_opened_total',
    help: 'Tickets opened, by category and urgency',
    labelNames: ['category', 'urgency'],
    registers: [this.registry],
  });
  private readonly finished = new Counter({
    name: 'linli_tickets_finished_total',
    help: 'Tickets that reached resolved, closed, rejected or merged, by category',
    labelNames: ['category', 'status'],
    registers: [this.registry],
  });
  private readonly llmCalls = new Counter({ name: 'linli_llm_calls_total', help: 'Classifications that asked the LLM', registers: [this.registry] });
  private readonly llmFallbacks = new Counter({
    name: 'linli_llm_fallbacks_total',
    help: 'Classifications where the LLM was wanted but failed, timed out, was over budget or its circuit was open',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'linli_' }); // linli_process_*, linli_nodejs_*
  }

  messageHandled(chat: string, outcome: string): void {
    this.messages.inc({ chat, outcome });
  }

  ticketOpened(category: string, urgency: string): void {
    this.opened.inc({ category, urgency });
  }

  ticketFinished(category: string, status: string): void {
    this.finished.inc({ category, status });
  }

  classified(verdict: { llmCalled: boolean; fallback: boolean }): void {
    if (verdict.llmCalled) this.llmCalls.inc();
    if (verdict.fallback) this.llmFallbacks.inc();
  }

  /** The gauges read at scrape time, and the route that serves them all. */
  route(deps: { store: Store; clock: Clock; live: LiveState }): (app: FastifyInstance) => void {
    const { store, clock, live } = deps;
    const registers = [this.registry];
    // While the database is down these keep their last values; linli_database_up says why.
    const fromDatabase = cachedFor(15_000, async () => {
      const now = clock.now();
      // The backlog, not totals(): counting every ticket's status each scrape costs seconds at 10 M tickets.
      const [totals, pending, oldest] = await Promise.all([store.metrics.backlog(now), store.outbox.pendingCount(), store.outbox.oldestPendingAt()]);
      return { totals, pending, oldestAgeSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0 };
    });
    const fromDatabaseIfUp = () => fromDatabase().catch(() => null);
    new Gauge({
      name: 'linli_tickets_open',
      help: 'Tickets waiting to be claimed or worked',
      registers,
      async collect() {
        const db = await fromDatabaseIfUp();
        if (db) this.set(db.totals.open);
      },
    });
    new Gauge({
      name: 'linli_tickets_overdue',
      help: 'Open tickets past their claim or resolve deadline',
      registers,
      async collect() {
        const db = await fromDatabaseIfUp();
        if (db) this.set(db.totals.overdue);
      },
    });
    new Gauge({
      name: 'linli_outbox_pending',
      help: 'Messages the bot has still to send',
      registers,
      async collect() {
        const db = await fromDatabaseIfUp();
        if (db) this.set(db.pending);
      },
    });
    new Gauge({
      name: 'linli_outbox_oldest_pending_seconds',
      help: 'Age of the oldest message still waiting to be sent (0 when none waits)',
      registers,
      async collect() {
        const db = await fromDatabaseIfUp();
        if (db) this.set(db.oldestAgeSeconds);
      },
    });
    monotonic(registers, 'linli_outbox_sent_total', 'Messages the chat platform accepted', () => live.sender().sent);
    monotonic(registers, 'linli_outbox_send_failures_total', 'Sends the chat platform refused (each try)', () => live.sender().sendFailures);
    monotonic(registers, 'linli_outbox_given_up_total', 'Messages given up on after their last try', () => live.sender().gaveUp);
    new Gauge({
      name: 'linli_wechat_logged_in',
      help: '1 while the bot is logged in to WeChat',
      registers,
      collect() {
        this.set(live.loggedIn() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'linli_database_up',
      help: '1 while the database answers',
      registers,
      collect() {
        this.set(live.databaseUp() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'linli_inbound_backlog',
      help: 'Messages received and not yet handled, in memory or in the spool',
      labelNames: ['where'],
      registers,
      collect() {
        const { buffered, spooled } = live.backlog();
        this.set({ where: 'memory' }, buffered);
        this.set({ where: 'spool' }, spooled);
      },
    });
    new Gauge({
      name: 'linli_job_last_success_timestamp_seconds',
      help: 'When each scheduled job last ran to completion in this process (0: not here yet)',
      labelNames: ['job'],
      registers,
      collect() {
        for (const job of live.jobs()) this.set({ job: job.name }, job.lastSuccess ? job.lastSuccess.getTime() / 1000 : 0);
      },
    });
    new Gauge({
      name: 'linli_ladder_lag_seconds',
      help: 'Seconds since the SLA ladder last ran to completion in this process (-1: not here yet)',
      registers,
      collect() {
        const last = live.jobs().find((j) => j.name === 'sla-ladder')?.lastSuccess;
        this.set(last ? (clock.now().getTime() - last.getTime()) / 1000 : -1);
      },
    });
    return (app) => {
      app.get('/metrics', async (_req, reply) => {
        const body = await this.registry.metrics();
        return reply.type(this.registry.contentType).send(body);
      });
    };
  }
}

/** A counter mirrored from a number the process keeps: increased by what it grew since the last scrape. */
function monotonic(registers: Registry[], name: string, help: string, read: () => number): void {
  let seen = 0;
  new Counter({
    name,
    help,
    registers,
    collect() {
      const now = read();
      if (now > seen) this.inc(now - seen);
      seen = Math.max(seen, now);
    },
  });
}

/** `load`, at most once per `ms`; callers in between share the last answer (or the one in flight). */
function cachedFor<T>(ms: number, load: () => Promise<T>): () => Promise<T> {
  let cached: { at: number; value: Promise<T> } | null = null;
  return () => {
    if (!cached || Date.now() - cached.at > ms) {
      const value = load();
      cached = { at: Date.now(), value };
      value.catch(() => (cached = null));
    }
    return cached.value;
  };
}
