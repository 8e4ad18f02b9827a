// 工单详情: the facts, the resident's words (masked), photos, reporters, the full timeline, and the
// same actions as the chat commands.
import type { Actor } from '../../domain/ticket.js';
import { html, type SafeHtml } from '../html.js';
import { EVENT_LABELS, fullTime, shortTime, TIER_LABELS } from '../console-format.js';
import type { ConsoleTicket } from '../console-ticket.js';
import type { ConsoleAction } from '../console-actions.js';

export interface AttachmentView {
  id: number;
  mime: string;
  createdAt: Date;
}

export interface TicketPageData {
  ticket: ConsoleTicket;
  attachments: AttachmentView[];
  actions: ConsoleAction[];
  staff: Actor[];
  csrf: string;
  flash: { kind: 'ok' | 'error'; text: string } | null;
  timezone: string;
}

const t2 = (iso: string | null, tz: string) => fullTime(iso ? new Date(iso) : null, tz);

export function ticketHead(t: ConsoleTicket, tz: string): SafeHtml {
  const facts: Array<[string, unknown]> = [
    ['分类', t.categoryName],
    ['紧急程度', t.urgencyLabel],
    ['社区', t.communityName],
    ['来源群', t.groupTopic],
    ['承办人', t.assignee?.name ?? '未签收'],
    ['受理时间', t2(t.createdAt, tz)],
    ['签收时限', t2(t.claimDueAt, tz)],
    ['办结时限', t2(t.dueAt, tz)],
    ['签收时间', t2(t.claimedAt, tz) || '—'],
    ['办结时间', t2(t.resolvedAt, tz) || '—'],
    ['评价', t.ratingLabel ?? '—'],
    ['重办次数', t.reopenCount],
  ];
  return html`<div class="ticket-title">
    <h1>工单 #${t.no}</h1>
    <span class="status status-${t.status}" data-testid="detail-status">${t.statusLabel}</span>
    ${t.tier ? html`<span class="tier tier-${t.tier}">${TIER_LABELS[t.tier]}</span>` : ''}
    ${t.urgency === 'urgent' ? html`<span class="badge urgent">紧急</span>` : ''}
    ${t.mergedInto ? html`<a class="badge" href="/console/tickets/${t.mergedInto}">已并入 #${t.mergedInto}</a>` : ''}
  </div>
  <blockquote class="report" data-testid="detail-text">${t.text}</blockquote>
  <dl class="facts">${facts.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`;
}

export function timeline(t: ConsoleTicket, tz: string): SafeHtml {
  return html`<ol class="timeline" data-testid="timeline">
  ${t.events.map(
    (e) => html`<li class="ev ev-${e.type}" data-testid="timeline-event" data-type="${e.type}">
      <span class="ev-dot"></span>
      <div class="ev-body">
        <div class="ev-head"><b>${EVENT_LABELS[e.type] ?? e.type}</b> <span class="ev-actor">${e.actor}</span> <time>${shortTime(new Date(e.at), tz)}</time></div>
        ${e.note ? html`<div class="ev-note">${e.note}</div>` : ''}
      </div>
    </li>`,
  )}
  </ol>`;
}

function actionForm(no: number, csrf: string, action: ConsoleAction, inner: SafeHtml, cls = ''): SafeHtml {
  return html`<form method="post" action="/console/tickets/${no}/actions" class="action-form ${cls}" data-testid="action-${action}">
    <input type="hidden" name="_csrf" value="${csrf}">
    <input type="hidden" name="action" value="${action}">
    ${inner}
  </form>`;
}

function actionsPanel(d: TicketPageData): SafeHtml {
  const { ticket: t, csrf } = d;
  const has = (a: ConsoleAction) => d.actions.includes(a);
  if (d.actions.length === 0) return html`<p class="muted">工单${t.statusLabel}，没有可做的操作。</p>`;
  const main = html`
    ${has('claim') ? actionForm(t.no, csrf, 'claim', html`<button type="submit" class="primary wide">认领（由我负责）</button>`) : ''}
    ${has('progress') ? actionForm(t.no, csrf, 'progress', html`<label>进展（会转告居民）<textarea name="note" rows="2" required placeholder="例如：维修师傅已到现场"></textarea></label><button type="submit">发送进展</button>`) : ''}
    ${has('resolve') ? actionForm(t.no, csrf, 'resolve', html`<label>办结说明（会请居民评价）<textarea name="note" rows="2" placeholder="例如：已更换控制板，电梯恢复运行" data-testid="resolve-note"></textarea></label><button type="submit" class="primary">办结</button>`) : ''}`;
  const more = [
    has('reassign') && d.staff.length
      ? actionForm(t.no, csrf, 'reassign', html`<label>转派给<select name="to" required>${d.staff.map((s) => html`<option value="${s.id}">${s.name}</option>`)}</select></label><button type="submit">转派</button>`)
      : '',
    has('return') ? actionForm(t.no, csrf, 'return', html`<label>退回原因<input name="reason" required placeholder="例如：不属本社区"></label><button type="submit">退回待派</button>`) : '',
    has('merge') ? actionForm(t.no, csrf, 'merge', html`<label>并入工单号<input name="into" inputmode="numeric" required placeholder="例如 12"></label><button type="submit">合并</button>`) : '',
    has('reject') ? actionForm(t.no, csrf, 'reject', html`<label>作废原因<input name="reason" required placeholder="例如：不是诉求"></label><button type="submit" class="danger">作废</button>`) : '',
    has('split') ? actionForm(t.no, csrf, 'split', html`<button type="submit">拆分为独立工单</button>`) : '',
  ].filter(Boolean);
  return html`${main}${more.length ? html`<details class="more"><summary>更多操作</summary>${more}</details>` : ''}`;
}

export function ticketPage(d: TicketPageData): SafeHtml {
  const t = d.ticket;
  const tz = d.timezone;
  return html`<p class="crumbs"><a href="/console/tickets">← 工单列表</a></p>
${d.flash ? html`<p class="alert ${d.flash.kind}" role="status" data-testid="flash">${d.flash.text}</p>` : ''}
<section class="card ticket-head tier-${t.tier ?? 'none'}" data-live="ticket-head">${ticketHead(t, tz)}</section>
<div class="columns">
  <section class="card">
    <h2>处理经过</h2>
    <div data-live="timeline">${timeline(t, tz)}</div>
  </section>
  <aside class="side">
    <section class="card" data-live="actions">
      <h2>操作</h2>
      ${actionsPanel(d)}
      <p class="hint">操作会像在值班群里一样在群里通知，并记入处理经过。</p>
    </section>
    <section class="card">
      <h2>反映人（${t.reporters.length}）</h2>
      <ul class="reporters" data-testid="reporters">${t.reporters.map((r) => html`<li>${r.name}</li>`)}</ul>
    </section>
    <section class="card">
      <h2>现场照片</h2>
      ${
        d.attachments.length
          ? html`<div class="photos">${d.attachments.map(
              (a) => html`<a href="/api/console/attachments/${a.id}" target="_blank" rel="noopener"><img src="/api/console/attachments/${a.id}" alt="工单 #${t.no} 照片" loading="lazy"></a>`,
            )}</div>`
          : html`<p class="muted">居民没有发照片。</p>`
      }
    </section>
  </aside>
</div>`;
}
