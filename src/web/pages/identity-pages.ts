// 人员 and 群 (leaders and admins): who is bound to what, by contact id and room id; invitations,
// changes, removals, ended sessions, group bindings; and the audit of every change.
import type { AccountView } from '../../app/ports/accounts.js';
import type { AuditEntry, PersonBinding, RoomRecord } from '../../app/ports/identity.js';
import type { ConsoleSession } from '../../app/ports/console-auth.js';
import { STAFF_ROLE_LABELS, type StaffRole } from '../../domain/identity.js';
import { ROOM_KIND_LABELS } from '../../app/identity-texts.js';
import { fullTime } from '../console-format.js';
import { html, type SafeHtml } from '../html.js';

export interface Option {
  value: string;
  label: string;
}

export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

const VIA_LABELS: Record<AuditEntry['via'], string> = { chat: '聊天', console: '控制台', config: '配置文件', system: '系统' };
const ACTION_LABELS: Record<AuditEntry['action'], string> = {
  person_bound: '绑定人员',
  person_changed: '修改人员',
  person_removed: '移除人员',
  person_rebound: '按备注转到新 id',
  sessions_ended: '结束登录',
  invitation_created: '发出邀请',
  group_bound: '绑定群',
  group_unbound: '解绑群',
  group_renamed: '群改名',
  config_seeded: '配置文件生效',
};

function flashBox(flash: Flash | null): SafeHtml | string {
  return flash ? html`<p class="alert ${flash.kind}" role="status" data-testid="flash">${flash.text}</p>` : '';
}

function hidden(csrf: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${csrf}">`;
}

function roleSelect(roles: StaffRole[], selected?: StaffRole): SafeHtml {
  return html`<select name="role" required>${roles.map((r) => html`<option value="${r}" ${r === selected ? 'selected' : ''}>${STAFF_ROLE_LABELS[r]}</option>`)}</select>`;
}

function communitySelect(communities: Option[], selected: string | null, allowAll: boolean, name = 'community'): SafeHtml {
  return html`<select name="${name}">
    ${allowAll ? html`<option value="" ${selected === null ? 'selected' : ''}>全部社区</option>` : ''}
    ${communities.map((c) => html`<option value="${c.value}" ${c.value === selected ? 'selected' : ''}>${c.label}</option>`)}
  </select>`;
}

export function auditTable(entries: AuditEntry[], tz: string): SafeHtml {
  if (entries.length === 0) return html`<p class="muted">还没有变更。</p>`;
  return html`<table class="mini" data-testid="audit"><thead><tr><th>时间</th><th>谁</th><th>方式</th><th>变更</th><th>对象</th><th>内容</th></tr></thead><tbody>
  ${entries.map(
    (e) =>
      html`<tr><td>${fullTime(e.at, tz)}</td><td>${e.actor.name}</td><td>${VIA_LABELS[e.via]}</td><td>${ACTION_LABELS[e.action]}</td><td>${e.subject.name}</td><td>${e.action === 'config_seeded' ? '' : (e.detail ?? '')}</td></tr>`,
  )}
  </tbody></table>`;
}

export interface PeoplePageData {
  people: Array<PersonBinding & { manageable: boolean; openSessions: ConsoleSession[] }>;
  communities: Option[];
  /** What the signed-in person may grant. */
  roles: StaffRole[];
  allowAll: boolean;
  communityName: (id: string) => string;
  csrf: string;
  flash: Flash | null;
  /** A code just created: shown once, here only. */
  invitation: { code: string; name: string; label: string; hours: number } | null;
  audit: AuditEntry[];
  timezone: string;
}

export function peoplePage(d: PeoplePageData): SafeHtml {
  const tz = d.timezone;
  const where = (p: PersonBinding) => (p.communities === null ? '全部社区' : p.communities.map(d.communityName).join('、'));
  return html`<section class="toolbar"><h1>人员</h1></section>
${flashBox(d.flash)}
${
  d.invitation
    ? html`<section class="card invitation" data-testid="invitation"><h2>邀请码：<span data-testid="invitation-code">${d.invitation.code}</span></h2>
    <p>给 ${d.invitation.name}（${d.invitation.label}）。请转给本人：加机器人为好友后，私聊发送「加入 ${d.invitation.code}」。${d.invitation.hours} 小时内有效，只能用一次。这个码只显示这一次。</p></section>`
    : ''
}
<p class="hint">权限只认微信 id：名字、群昵称都不算数。新人员请用邀请码加入；在领导群里也可以发「邀请 工作人员 社区名 姓名」「移除 姓名」。</p>
<div class="columns">
  <section class="card">
    <h2>已绑定（${d.people.length}）</h2>
    <table class="mini" data-testid="people"><thead><tr><th>姓名</th><th>角色</th><th>负责社区</th><th>微信 id</th><th>绑定</th><th>登录</th><th></th></tr></thead><tbody>
    ${d.people.map(
      (p) => html`<tr data-person="${p.id}">
        <td>${p.name}</td><td>${STAFF_ROLE_LABELS[p.role]}</td><td>${where(p)}</td><td class="mono">${p.id}</td>
        <td>${p.boundBy.name} · ${fullTime(p.boundAt, tz)}</td>
        <td>${p.openSessions.length ? `${p.openSessions.length} 个有效` : '—'}</td>
        <td>${
          p.manageable
            ? html`<details class="more"><summary>管理</summary>
            <form method="post" action="/console/people/actions" class="action-form" data-testid="change-${p.id}">
              ${hidden(d.csrf)}<input type="hidden" name="id" value="${p.id}"><input type="hidden" name="action" value="change">
              <label>姓名<input name="name" value="${p.name}" required maxlength="32"></label>
              <label>角色${roleSelect(d.roles, p.role)}</label>
              <label>负责社区${communitySelect(d.communities, p.communities?.length === 1 ? p.communities[0]! : null, d.allowAll)}</label>
              <button type="submit">保存（其登录会失效）</button>
            </form>
            ${
              p.openSessions.length
                ? html`<form method="post" action="/console/people/actions" class="action-form">${hidden(d.csrf)}<input type="hidden" name="id" value="${p.id}"><input type="hidden" name="action" value="end_sessions"><button type="submit">结束其控制台登录</button></form>`
                : ''
            }
            <form method="post" action="/console/people/actions" class="action-form" data-testid="remove-${p.id}">
              ${hidden(d.csrf)}<input type="hidden" name="id" value="${p.id}"><input type="hidden" name="action" value="remove">
              <button type="submit" class="danger">移除</button>
            </form></details>`
            : ''
        }</td></tr>`,
    )}
    </tbody></table>
  </section>
  <aside class="side">
    <section class="card">
      <h2>邀请</h2>
      <form method="post" action="/console/people/invite" class="action-form" data-testid="invite">
        ${hidden(d.csrf)}
        <label>姓名<input name="name" required maxlength="32" placeholder="例如 张三"></label>
        <label>角色${roleSelect(d.roles)}</label>
        <label>负责社区${communitySelect(d.communities, null, d.allowAll)}</label>
        <button type="submit" class="primary">生成邀请码</button>
      </form>
      <p class="hint">邀请码 24 小时内有效，只能用一次；本人私聊机器人「加入 邀请码」即按其微信 id 绑定。</p>
    </section>
  </aside>
</div>
<section class="card"><h2>变更记录</h2>${auditTable(d.audit, tz)}</section>`;
}

export interface GroupsPageData {
  bound: Array<RoomRecord & { manageable: boolean }>;
  unbound: Array<RoomRecord & { proposed: string | null }>;
  communities: Option[];
  communityName: (id: string) => string;
  /** May bind the leaders group and central duty group (the whole district). */
  districtWide: boolean;
  csrf: string;
  flash: Flash | null;
  audit: AuditEntry[];
  timezone: string;
  /** The bot accounts on this database (several may serve one district). */
  accounts: AccountView[];
  /** Bound groups no logged-in account is in (announced to the leaders group once). */
  orphans: Array<{ roomId: string; topic: string; since: Date }>;
}

function bindForm(d: GroupsPageData, room: RoomRecord, proposed: string | null): SafeHtml {
  return html`<form method="post" action="/console/groups/actions" class="inline-form" data-testid="bind-${room.id}">
    ${hidden(d.csrf)}<input type="hidden" name="id" value="${room.id}"><input type="hidden" name="action" value="bind">
    <select name="kind"><option value="resident">居民群</option><option value="duty">值班群</option>${d.districtWide ? html`<option value="leaders">领导群</option>` : ''}</select>
    ${communitySelect(d.communities, proposed ?? d.communities[0]?.value ?? null, d.districtWide)}
    <button type="submit">绑定</button>
  </form>`;
}

export function groupsPage(d: GroupsPageData): SafeHtml {
  const tz = d.timezone;
  const label = (r: RoomRecord) => (r.kind === 'leaders' ? '领导群' : `${r.community ? d.communityName(r.community) : '中心'}${ROOM_KIND_LABELS[r.kind!]}`);
  const proposed = d.unbound.filter((r) => r.proposed);
  return html`<section class="toolbar"><h1>群</h1></section>
${flashBox(d.flash)}
<p class="hint">群按群 id 绑定：群名只用来显示，改群名不改变群的身份。也可以在群里由领导发「绑定 社区名 居民群 / 值班群」「绑定 领导群」「解绑」。</p>
<section class="card">
  <h2>未绑定的群（${d.unbound.length}）</h2>
  <p class="hint">机器人在这些群里，但不会处理群里的消息，直到绑定。名字符合配置文件里居民群规则的，列出建议社区。</p>
  ${
    proposed.length
      ? html`<form method="post" action="/console/groups/actions" class="inline-form" data-testid="bind-proposed">${hidden(d.csrf)}<input type="hidden" name="action" value="bind_proposed"><button type="submit" class="primary">把 ${proposed.length} 个建议的群都绑定为居民群</button></form>`
      : ''
  }
  <table class="mini" data-testid="unbound-groups"><thead><tr><th>群名</th><th>群 id</th><th>建议</th><th>绑定为</th></tr></thead><tbody>
  ${d.unbound.map(
    (r) => html`<tr data-room="${r.id}"><td>${r.topic}</td><td class="mono">${r.id}</td><td>${r.proposed ? `${d.communityName(r.proposed)}居民群` : '—'}</td><td>${bindForm(d, r, r.proposed)}</td></tr>`,
  )}
  </tbody></table>
</section>
<section class="card">
  <h2>已绑定的群（${d.bound.length}）</h2>
  <table class="mini" data-testid="bound-groups"><thead><tr><th>群名</th><th>群 id</th><th>身份</th><th>绑定</th><th></th></tr></thead><tbody>
  ${d.bound.map(
    (r) => html`<tr data-room="${r.id}"><td>${r.topic}${r.presentSince ? '' : html` <span class="muted">（机器人不在群里）</span>`}</td><td class="mono">${r.id}</td><td>${label(r)}</td>
      <td>${r.boundBy?.name ?? ''}${r.boundAt ? ` · ${fullTime(r.boundAt, tz)}` : ''}</td>
      <td>${
        r.manageable
          ? html`<form method="post" action="/console/groups/actions" class="inline-form" data-testid="unbind-${r.id}">${hidden(d.csrf)}<input type="hidden" name="id" value="${r.id}"><input type="hidden" name="action" value="unbind"><button type="submit" class="danger">解绑</button></form>`
          : ''
      }</td></tr>`,
  )}
  </tbody></table>
</section>
${accountsCard(d)}
<section class="card"><h2>变更记录</h2>${auditTable(d.audit, tz)}</section>`;
}

/** Which bot accounts are online, and the groups that have none online right now. */
function accountsCard(d: GroupsPageData): SafeHtml {
  const tz = d.timezone;
  return html`<section class="card" data-testid="bot-accounts">
  <h2>机器人账号（${d.accounts.filter((a) => a.alive).length}/${d.accounts.length} 在线）</h2>
  ${
    d.orphans.length
      ? html`<p class="warn" data-testid="orphan-groups">以下群暂无机器人在线，群里的消息暂时无人处理：${d.orphans.map((o) => html`<br>· ${o.topic}（自 ${fullTime(o.since, tz)}）`)}</p>`
      : ''
  }
  <table class="mini"><thead><tr><th>账号</th><th>状态</th><th>所在群数</th><th>最近心跳</th></tr></thead><tbody>
  ${d.accounts.map(
    (a) => html`<tr><td>${a.name} <span class="mono muted">${a.id}</span></td><td>${a.alive ? '在线' : '离线'}</td><td>${String(a.rooms)}</td><td>${a.heartbeatAt ? fullTime(a.heartbeatAt, tz) : '—'}</td></tr>`,
  )}
  </tbody></table>
</section>`;
}
