// 工单列表: filters, deadline colours, one row per ticket (a card on a phone).
import { STATUS_LABELS, TICKET_STATUSES, URGENCY_LABELS } from '../../domain/ticket.js';
import { excerpt } from '../../app/texts.js';
import { html, type SafeHtml } from '../html.js';
import { shortTime, TIER_LABELS } from '../console-format.js';
import type { ConsoleTicket } from '../console-ticket.js';
import type { TicketQuery } from '../ticket-query.js';

export interface Option {
  value: string;
  label: string;
}

export interface TicketsPageData {
  query: TicketQuery;
  tickets: ConsoleTicket[];
  communities: Option[];
  categories: Option[];
  timezone: string;
}

function select(name: string, label: string, options: Option[], value: string | undefined): SafeHtml {
  return html`<label class="field"><span>${label}</span><select name="${name}" data-testid="filter-${name}">
    <option value="">全部</option>
    ${options.map((o) => html`<option value="${o.value}" ${o.value === value ? 'selected' : ''}>${o.label}</option>`)}
  </select></label>`;
}

function deadlineCell(t: ConsoleTicket, tz: string): SafeHtml {
  if (!t.tier || !t.currentDueAt) return html`<span class="muted">—</span>`;
  const verb = t.status === 'new' ? '签收' : '办结';
  return html`<span class="tier tier-${t.tier}">${TIER_LABELS[t.tier]}</span>
    <span class="due">${shortTime(new Date(t.currentDueAt), tz)} 前${verb}</span>`;
}

export function ticketRows(tickets: ConsoleTicket[], tz: string): SafeHtml {
  if (tickets.length === 0) return html`<p class="empty" data-testid="no-tickets">没有符合条件的工单。</p>`;
  return html`<table class="tickets" data-testid="ticket-table">
  <thead><tr><th>工单</th><th>状态</th><th>时限</th><th>分类</th><th>来源</th><th>内容</th><th>反映人</th><th>承办人</th><th>受理时间</th></tr></thead>
  <tbody>
  ${tickets.map(
    (t) => html`<tr class="row tier-${t.tier ?? 'none'}" data-testid="ticket-row" data-no="${t.no}" data-status="${t.status}">
      <td data-label="工单"><div><a class="no" href="/console/tickets/${t.no}"><span class="dot tier-${t.tier ?? 'none'}"></span>#${t.no}</a>
        ${t.urgency === 'urgent' ? html`<span class="badge urgent">紧急</span>` : ''}</div></td>
      <td data-label="状态"><div><span class="status status-${t.status}" data-testid="ticket-status">${t.statusLabel}</span></div></td>
      <td data-label="时限"><div>${deadlineCell(t, tz)}</div></td>
      <td data-label="分类"><div>${t.categoryName}</div></td>
      <td data-label="来源"><div><span class="community">${t.communityName}</span><span class="group">${t.groupTopic}</span></div></td>
      <td data-label="内容" class="text"><div><a href="/console/tickets/${t.no}">${excerpt(t.text, 60)}</a></div></td>
      <td data-label="反映人"><div>${t.reporters.map((r) => r.name).join('、')}</div></td>
      <td data-label="承办人"><div>${t.assignee?.name ?? html`<span class="muted">未签收</span>`}</div></td>
      <td data-label="受理时间"><div>${shortTime(t.createdAt ? new Date(t.createdAt) : null, tz)}</div></td>
    </tr>`,
  )}
  </tbody></table>`;
}

export function ticketsPage(d: TicketsPageData): SafeHtml {
  const q = d.query;
  const statusOptions: Option[] = [
    { value: 'open', label: '在办（待签收+处理中）' },
    ...TICKET_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })),
  ];
  const urgencyOptions: Option[] = Object.entries(URGENCY_LABELS).map(([value, label]) => ({ value, label }));
  return html`<section class="toolbar">
  <h1>工单 <span class="count" data-live="count" data-testid="ticket-count">共 ${d.tickets.length} 件</span></h1>
  <form class="filters" method="get" action="/console/tickets">
    ${select('status', '状态', statusOptions, q.status)}
    ${d.communities.length > 1 ? select('community', '社区', d.communities, q.community) : ''}
    ${select('category', '分类', d.categories, q.category)}
    ${select('urgency', '紧急程度', urgencyOptions, q.urgency)}
    <label class="field check"><input type="checkbox" name="overdue" value="1" ${q.overdue ? 'checked' : ''} data-testid="filter-overdue"><span>只看超时</span></label>
    <label class="field grow"><span>搜索</span><input type="search" name="q" value="${q.q ?? ''}" placeholder="工单号、内容、反映人、群名" data-testid="filter-q"></label>
    <div class="actions"><button type="submit" class="primary">筛选</button><a href="/console/tickets" class="button">清除</a></div>
  </form>
</section>
<p class="legend"><span class="dot tier-red"></span>已超时 <span class="dot tier-yellow"></span>临近时限（已过 75%） <span class="dot tier-blue"></span>时限内 <span class="live-note" data-testid="live-status">实时更新</span></p>
<div data-live="ticket-list">${ticketRows(d.tickets, d.timezone)}</div>`;
}
