// The console's pages (/console/*), rendered on the server. Every one needs a session; the
// access hook sends anyone else to the sign-in page. Forms post back here and redirect (PRG).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { localDateKey } from '../domain/calendar.js';
import { ACTION_LABELS, CONSOLE_REFUSALS, ConsoleActionError, actionsFor, assignableStaff, runConsoleAction, type ConsoleAction, type ConsoleRefusalCode } from './console-actions.js';
import type { ConsoleDeps } from './console-deps.js';
import { communityOptions, parseTicketNo, scopeLabel, ticketDetail, ticketList, visibleTicket } from './console-reads.js';
import { parseRange } from './console-api.js';
import { dashboardFigures } from './dashboard-figures.js';
import { html } from './html.js';
import { adminPage } from './pages/admin-page.js';
import { dashboardPage } from './pages/dashboard-page.js';
import { exportPage } from './pages/export-page.js';
import { consolePage, plainPage, type NavKey } from './pages/layout.js';
import { ticketPage } from './pages/ticket-page.js';
import { ticketsPage } from './pages/tickets-page.js';
import { communitiesOf, type Principal } from './principal.js';

const who = (req: FastifyRequest): Principal => req.principal!;

const actionLabel = (action: unknown) => (typeof action === 'string' && Object.hasOwn(ACTION_LABELS, action) ? ACTION_LABELS[action as ConsoleAction] : '操作');

const DONE: Record<ConsoleAction, string> = {
  claim: '已认领，群里已通知居民。',
  progress: '进展已转告居民。',
  resolve: '已办结，群里已请居民评价。',
  return: '已退回待派，值班群已通知。',
  reassign: '已转派，值班群已通知。',
  reject: '已作废，群里已通知。',
  merge: '已合并，群里已通知。',
  split: '已拆分为独立工单。',
};

export function consoleRoutes(deps: ConsoleDeps) {
  const send = (req: FastifyRequest, reply: FastifyReply, title: string, active: NavKey, body: ReturnType<typeof html>, scripts?: string[]) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(consolePage({ title, principal: who(req), active, body, sandbox: deps.sandbox, scopeLabel: scopeLabel(deps, who(req)), scripts }));

  const notFound = (req: FastifyRequest, reply: FastifyReply, text: string) =>
    reply.code(404).type('text/html; charset=utf-8').send(consolePage({
      title: '找不到',
      principal: who(req),
      active: 'none',
      body: html`<section class="card narrow"><h1>找不到</h1><p>${text}</p><p><a href="/console/tickets">返回工单列表</a></p></section>`,
      sandbox: deps.sandbox,
    }));

  return (app: FastifyInstance) => {
    app.get('/', async (_req, reply) => reply.redirect(deps.sandbox ? '/sandbox' : '/console', 302));
    app.get('/console', async (_req, reply) => reply.redirect('/console/tickets', 302));

    app.get('/console/tickets', async (req, reply) => {
      const { query, tickets } = await ticketList(deps, who(req), req.query as Record<string, string | undefined>);
      const body = ticketsPage({
        query,
        tickets,
        communities: communityOptions(deps, who(req)),
        categories: deps.ctx.config.categories.map((c) => ({ value: c.code, label: c.name })),
        timezone: deps.ctx.config.timezone,
      });
      return send(req, reply, '工单', 'tickets', body);
    });

    app.get('/console/tickets/:no', async (req, reply) => {
      const raw = (req.params as { no: string }).no;
      const no = parseTicketNo(raw);
      const detail = no === null ? null : await ticketDetail(deps, who(req), no);
      if (!detail) return notFound(req, reply, `没有工单 ${raw}，或它不在您负责的社区。`);
      // Fixed texts only, looked up by code: words in a link never reach the page.
      const q = req.query as { ok?: string; error?: string; action?: string };
      const flash =
        q.error && Object.hasOwn(CONSOLE_REFUSALS, q.error)
          ? { kind: 'error' as const, text: `${actionLabel(q.action)}未完成：${CONSOLE_REFUSALS[q.error as ConsoleRefusalCode]}` }
          : q.ok && Object.hasOwn(DONE, q.ok)
            ? { kind: 'ok' as const, text: DONE[q.ok as ConsoleAction] }
            : null;
      const body = ticketPage({
        ticket: detail.view,
        attachments: detail.attachments,
        actions: actionsFor(detail.ticket),
        staff: assignableStaff(deps.ctx, detail.ticket.community).filter((s) => s.id !== detail.ticket.assignee?.id),
        csrf: who(req).session?.csrfToken ?? '',
        flash,
        timezone: deps.ctx.config.timezone,
      });
      return send(req, reply, `工单 #${detail.ticket.no}`, 'tickets', body);
    });

    app.post('/console/tickets/:no/actions', async (req, reply) => {
      const raw = (req.params as { no: string }).no;
      const no = parseTicketNo(raw);
      if (no === null || !(await visibleTicket(deps, who(req), no))) return notFound(req, reply, `没有工单 ${raw}，或它不在您负责的社区。`);
      const body = (req.body ?? {}) as Record<string, string>;
      try {
        await runConsoleAction(deps.ctx, who(req), no, body);
      } catch (err) {
        if (!(err instanceof ConsoleActionError)) throw err;
        return reply.redirect(`/console/tickets/${no}?error=${err.code}&action=${encodeURIComponent(String(body.action ?? ''))}`, 303);
      }
      return reply.redirect(`/console/tickets/${no}?ok=${encodeURIComponent(body.action ?? '')}`, 303);
    });

    app.get('/console/dashboard', async (req, reply) => {
      const range = parseRange((req.query as { range?: string }).range);
      const figures = await dashboardFigures(deps.ctx, communitiesOf(who(req)), range, deps.ctx.clock.now());
      return send(req, reply, '数据看板', 'dashboard', dashboardPage(figures), ['/assets/echarts.min.js', '/assets/dashboard.js']);
    });

    app.get('/console/export', async (req, reply) => {
      const tz = deps.ctx.config.timezone;
      const today = localDateKey(deps.ctx.clock.now(), tz);
      const label = scopeLabel(deps, who(req));
      return send(
        req,
        reply,
        '导出',
        'export',
        exportPage({ from: `${today.slice(0, 8)}01`, to: today, scopeNote: label ? `只导出您负责的社区：${label}。` : '导出全部社区。' }),
      );
    });

    app.get('/console/admin', async (req, reply) => {
      if (who(req).role !== 'admin') {
        return reply.code(403).type('text/html; charset=utf-8').send(plainPage('无权访问', html`<main class="login-card"><h1>无权访问</h1><p>配置页只对管理员开放。</p><p><a href="/console/tickets">返回工单列表</a></p></main>`));
      }
      const sessions = (await deps.ctx.store.consoleAuth?.recentSessions(50)) ?? [];
      const body = adminPage({ config: deps.ctx.config, sessions });
      return send(req, reply, '配置', 'admin', body);
    });
  };
}
