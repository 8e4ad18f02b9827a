// The console's JSON API (/api/console/*): what the pages show, for scripts and the live page
// updates. Needs a session (or the bearer token) in every mode; writes need the CSRF token too.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConsoleActionError, runConsoleAction } from './console-actions.js';
import type { ConsoleDeps } from './console-deps.js';
import { exportFilter, parseDateRange, parseTicketNo, ticketDetail, ticketList, visibleTicket } from './console-reads.js';
import { dashboardFigures, type DashboardRange } from './dashboard-figures.js';
import { openEventStream } from './event-stream.js';
import { communitiesOf, ROLE_LABELS, type Principal } from './principal.js';
import { csvStream, exportRowPages, xlsxStream } from './ticket-export.js';

/** The access hook guarantees a principal on these routes. */
const who = (req: FastifyRequest): Principal => req.principal!;

export function parseRange(raw: unknown): DashboardRange {
  return raw === 'week' ? 'week' : 'today';
}

async function exportTickets(deps: ConsoleDeps, req: FastifyRequest, reply: FastifyReply, format: 'xlsx' | 'csv') {
  const range = parseDateRange(deps, req.query as { from?: string; to?: string });
  if (typeof range === 'string') return reply.code(400).send({ error: range });
  const principal = who(req);
  const pages = exportRowPages(deps.ctx, exportFilter(principal, range), deps.ctx.clock.now());
  const name = `linli-tickets-${range.fromKey}_${range.toKey}.${format}`;
  const log = deps.ctx.log.child({ by: principal.personId, from: range.fromKey, to: range.toKey, format });
  const done = (rows: number) => log.info({ rows }, 'console export');
  // Streamed: the status line is out before the last row is read, so a failure midway aborts the
  // download (the browser shows it failed) rather than leaving a file that looks whole.
  const body = format === 'csv' ? csvStream(pages, done) : xlsxStream(pages, `工单 ${range.fromKey} 至 ${range.toKey}`, done);
  body.on('error', (err) => log.error({ err }, 'console export failed midway'));
  reply.header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store');
  return reply
    .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .send(body);
}

export function consoleApi(deps: ConsoleDeps) {
  return (app: FastifyInstance) => {
    app.get('/api/console/me', async (req) => {
      const p = who(req);
      return {
        personId: p.personId,
        name: p.personName,
        role: p.role,
        roleLabel: ROLE_LABELS[p.role],
        communities: communitiesOf(p),
        via: p.via,
        csrfToken: p.session?.csrfToken ?? null,
      };
    });

    app.get('/api/console/tickets', async (req) => {
      const { tickets } = await ticketList(deps, who(req), req.query as Record<string, string | undefined>);
      return { tickets, now: deps.ctx.clock.now().toISOString() };
    });

    app.get('/api/console/tickets/:no', async (req, reply) => {
      const no = parseTicketNo((req.params as { no: string }).no);
      const detail = no === null ? null : await ticketDetail(deps, who(req), no);
      if (!detail) return reply.code(404).send({ error: `no ticket ${(req.params as { no: string }).no}` });
      return { ...detail.view, attachments: detail.attachments };
    });

    app.post('/api/console/tickets/:no/actions', async (req, reply) => {
      const no = parseTicketNo((req.params as { no: string }).no);
      const principal = who(req);
      if (no === null || !(await visibleTicket(deps, principal, no))) return reply.code(404).send({ error: 'no such ticket' });
      try {
        await runConsoleAction(deps.ctx, principal, no, (req.body ?? {}) as Record<string, string>);
      } catch (err) {
        if (err instanceof ConsoleActionError) return reply.code(err.status).send({ error: err.message });
        throw err;
      }
      const detail = await ticketDetail(deps, principal, no);
      return detail ? { ...detail.view, attachments: detail.attachments } : reply.code(404).send({ error: 'no such ticket' });
    });

    app.get('/api/console/staff', async (req) => {
      const scope = communitiesOf(who(req));
      const staff = deps.ctx.directory.allPeople().filter((p) => p.role === 'staff');
      return {
        staff: staff
          .filter((p) => scope === null || p.communities === null || p.communities.some((c) => scope.includes(c)))
          .map((p) => ({ id: p.id, name: p.name })),
      };
    });

    app.get('/api/console/dashboard', async (req) => {
      const range = parseRange((req.query as { range?: string }).range);
      return dashboardFigures(deps.ctx, communitiesOf(who(req)), range, deps.ctx.clock.now());
    });

    app.get('/api/console/export.xlsx', (req, reply) => exportTickets(deps, req, reply, 'xlsx'));
    app.get('/api/console/export.csv', (req, reply) => exportTickets(deps, req, reply, 'csv'));

    app.get('/api/console/attachments/:id', async (req, reply) => {
      const id = Number((req.params as { id: string }).id);
      const attachment = Number.isSafeInteger(id) ? await deps.ctx.store.attachments.get(id) : null;
      if (!attachment || !(await visibleTicket(deps, who(req), attachment.ticketNo))) return reply.code(404).send({ error: 'no such attachment' });
      // Only images are shown inline; anything else downloads.
      const image = /^image\/(png|jpeg|gif|webp)$/.test(attachment.mime);
      return reply
        .type(image ? attachment.mime : 'application/octet-stream')
        .header('cache-control', 'private, max-age=3600')
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(attachment.data, 'base64'));
    });

    // `event: changed` after any write, so open pages refresh what they show.
    app.get('/api/console/stream', (req, reply) => {
      const stream = openEventStream(req, reply);
      stream.onClose(deps.changes.subscribe(() => stream.send('changed', { at: new Date().toISOString() })));
    });
  };
}
