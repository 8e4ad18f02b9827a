// The console's 人员 and 群 pages (leaders and admins) and their JSON twins: the same use-cases as
// the chat commands (src/app/enrollment.ts, src/app/group-binding.ts), with the signed-in person as
// the actor and the same rule — nobody grants, removes or binds beyond their own reach. Every change
// is audited; the pages show the audit.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { INVITATION_HOURS, changePerson, endSessions, invite, removePerson, type IdentityActor } from '../app/enrollment.js';
import { bindGroup, type GroupBinding } from '../app/group-binding.js';
import { identityTexts } from '../app/identity-texts.js';
import type { AuditEntry } from '../app/ports/identity.js';
import { IdentityError, STAFF_ROLES, managesIdentity, mayBindGroup, mayGrant, type StaffRole } from '../domain/identity.js';
import { stripFormatChars } from '../domain/format-chars.js';
import type { ConsoleDeps } from './console-deps.js';
import { html } from './html.js';
import { consolePage, plainPage } from './pages/layout.js';
import { groupsPage, peoplePage, type Flash } from './pages/identity-pages.js';
import { actorOf, type Principal } from './principal.js';

const who = (req: FastifyRequest): Principal => req.principal!;

/** The signed-in person as an identity actor. */
export function consoleActor(p: Principal): IdentityActor {
  return { actor: actorOf(p), grant: { role: p.role, communities: p.communities }, via: 'console' };
}

/** Fixed texts for the flash box, by code (never text from the URL). */
const OK_TEXTS: Record<string, string> = {
  changed: '已保存，其控制台登录已失效。',
  removed: '已移除，其控制台登录已失效。',
  sessions_ended: '已结束其控制台登录。',
  bound: '已绑定。',
  unbound: '已解绑。',
  bound_proposed: '建议的群已都绑定为居民群。',
};
const ERROR_TEXTS: Record<string, string> = {
  not_allowed: '超出了您负责的范围。',
  unknown_community: '没有这个社区。',
  person_not_found: '这个人已不在名单上。',
  not_bound: '这个群没有绑定。',
  group_not_found: '机器人没见过这个群。',
  name_missing: '请填写姓名（不超过 32 个字）。',
  bad_input: '请检查填写的内容。',
};

function flashOf(req: FastifyRequest): Flash | null {
  const q = req.query as { ok?: string; error?: string };
  if (q.error && Object.hasOwn(ERROR_TEXTS, q.error)) return { kind: 'error', text: ERROR_TEXTS[q.error]! };
  if (q.ok && Object.hasOwn(OK_TEXTS, q.ok)) return { kind: 'ok', text: OK_TEXTS[q.ok]! };
  return null;
}

const field = (body: unknown, name: string): string => {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? stripFormatChars(v).trim() : '';
};

class BadInput extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

export function identityRoutes(deps: ConsoleDeps) {
  const ctx = deps.ctx;
  const communityName = (id: string) => ctx.directory.communityName(id);
  const t = identityTexts(communityName);

  /** Leaders and admins only; anyone else gets a plain refusal page. */
  const allowed = (req: FastifyRequest, reply: FastifyReply): boolean => {
    if (managesIdentity(who(req).role)) return true;
    void reply.code(403).type('text/html; charset=utf-8').send(plainPage('无权访问', html`<main class="login-card"><h1>无权访问</h1><p>人员和群的管理只对领导和管理员开放。</p><p><a href="/console/tickets">返回工单列表</a></p></main>`));
    return false;
  };

  const send = (req: FastifyRequest, reply: FastifyReply, title: string, active: 'people' | 'groups', body: ReturnType<typeof html>) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(consolePage({ title, principal: who(req), active, body, sandbox: deps.sandbox }));

  const communities = (p: Principal) =>
    ctx.directory.district.communities.filter((c) => p.communities === null || p.communities.includes(c.id)).map((c) => ({ value: c.id, label: c.name }));

  /** The roles this principal may hand out. */
  const grantableRoles = (p: Principal): StaffRole[] => STAFF_ROLES.filter((role) => mayGrant(consoleActor(p).grant, { role, communities: p.communities }));

  /** `community` form value → communities of a grant (empty: all). */
  const communitiesFrom = (value: string): string[] | null => {
    if (!value) return null;
    if (!ctx.directory.district.communities.some((c) => c.id === value)) throw new IdentityError('unknown_community', 'unknown community', value);
    return [value];
  };

  async function renderPeople(req: FastifyRequest, reply: FastifyReply, invitation: { code: string; name: string; label: string } | null = null) {
    const p = who(req);
    const [{ people }, sessions, audit] = await Promise.all([
      ctx.store.identity.snapshot(),
      ctx.store.consoleAuth.recentSessions(1000),
      ctx.store.identity.auditLog({ limit: 300 }),
    ]);
    const now = Date.now();
    const body = peoplePage({
      people: people.map((person) => ({
        ...person,
        manageable: mayGrant(consoleActor(p).grant, person),
        openSessions: sessions.filter((s) => s.personId === person.id && !s.revokedAt && s.expiresAt.getTime() > now),
      })),
      communities: communities(p),
      roles: grantableRoles(p),
      allowAll: p.communities === null,
      communityName,
      csrf: p.session?.csrfToken ?? '',
      flash: invitation ? null : flashOf(req),
      invitation: invitation && { ...invitation, hours: INVITATION_HOURS },
      audit: audit.filter((e: AuditEntry) => e.subject.kind !== 'group').slice(0, 100),
      timezone: ctx.config.timezone,
    });
    return send(req, reply, '人员', 'people', body);
  }

  /** The bot accounts (alive or not) and the bound groups none of the live ones is in. */
  async function accountsView() {
    const [accounts, orphans] = await Promise.all([
      ctx.store.accounts.list(new Date(Date.now() - deps.accountTimeoutMs)),
      ctx.store.accounts.orphans(),
    ]);
    return {
      accounts,
      orphans: orphans.map((o) => ({ roomId: o.roomId, topic: ctx.directory.roomRecord(o.roomId)?.topic ?? o.roomId, since: o.since })),
    };
  }

  async function renderGroups(req: FastifyRequest, reply: FastifyReply) {
    const p = who(req);
    const grant = consoleActor(p).grant;
    const [{ rooms }, audit, bots] = await Promise.all([ctx.store.identity.snapshot(), ctx.store.identity.auditLog({ limit: 300 }), accountsView()]);
    const body = groupsPage({
      ...bots,
      bound: rooms
        .filter((r) => r.kind !== null)
        .map((r) => ({ ...r, manageable: mayBindGroup(grant, r.kind === 'leaders' ? null : r.community) })),
      unbound: rooms.filter((r) => r.kind === null && r.presentSince !== null).map((r) => ({ ...r, proposed: ctx.directory.proposedCommunity(r.topic) })),
      communities: communities(p),
      communityName,
      districtWide: p.communities === null,
      csrf: p.session?.csrfToken ?? '',
      flash: flashOf(req),
      audit: audit.filter((e: AuditEntry) => e.subject.kind === 'group').slice(0, 100),
      timezone: ctx.config.timezone,
    });
    return send(req, reply, '群', 'groups', body);
  }

  /** Runs a change and redirects with a fixed flash code. */
  async function perform(reply: FastifyReply, page: string, work: () => Promise<string>) {
    try {
      return reply.redirect(`${page}?ok=${await work()}`, 303);
    } catch (err) {
      if (err instanceof IdentityError || err instanceof BadInput) return reply.redirect(`${page}?error=${err.code}`, 303);
      throw err;
    }
  }

  return (app: FastifyInstance) => {
    app.get('/console/people', async (req, reply) => {
      if (!allowed(req, reply)) return reply;
      return renderPeople(req, reply);
    });

    // Not a redirect: the code is shown once, in this answer, and stored nowhere but hashed.
    app.post('/console/people/invite', async (req, reply) => {
      if (!allowed(req, reply)) return reply;
      const p = who(req);
      const name = field(req.body, 'name');
      const role = field(req.body, 'role') as StaffRole;
      try {
        if (!name || Array.from(name).length > 32 || /\s/.test(name)) throw new BadInput('name_missing');
        if (!STAFF_ROLES.includes(role)) throw new BadInput('bad_input');
        const grant = { role, communities: communitiesFrom(field(req.body, 'community')) };
        const { code } = await invite(ctx, consoleActor(p), { ...grant, name });
        ctx.log.info({ by: p.personId, role, communities: grant.communities }, 'invitation created on the console');
        return renderPeople(req, reply, { code, name, label: t.grantLabel(grant) });
      } catch (err) {
        if (err instanceof IdentityError || err instanceof BadInput) return reply.redirect(`/console/people?error=${err.code}`, 303);
        throw err;
      }
    });

    app.post('/console/people/actions', async (req, reply) => {
      if (!allowed(req, reply)) return reply;
      const by = consoleActor(who(req));
      const id = field(req.body, 'id');
      return perform(reply, '/console/people', async () => {
        switch (field(req.body, 'action')) {
          case 'remove':
            await removePerson(ctx, by, id);
            return 'removed';
          case 'end_sessions':
            await endSessions(ctx, by, id);
            return 'sessions_ended';
          case 'change': {
            const name = field(req.body, 'name');
            const role = field(req.body, 'role') as StaffRole;
            if (!name || Array.from(name).length > 32 || /\s/.test(name)) throw new BadInput('name_missing');
            if (!STAFF_ROLES.includes(role)) throw new BadInput('bad_input');
            await changePerson(ctx, by, id, { name, role, communities: communitiesFrom(field(req.body, 'community')) });
            return 'changed';
          }
          default:
            throw new BadInput('bad_input');
        }
      });
    });

    app.get('/console/groups', async (req, reply) => {
      if (!allowed(req, reply)) return reply;
      return renderGroups(req, reply);
    });

    app.post('/console/groups/actions', async (req, reply) => {
      if (!allowed(req, reply)) return reply;
      const by = consoleActor(who(req));
      return perform(reply, '/console/groups', async () => {
        const action = field(req.body, 'action');
        if (action === 'bind_proposed') {
          for (const room of ctx.directory.unboundRooms()) {
            const community = ctx.directory.proposedCommunity(room.topic);
            if (community && mayBindGroup(by.grant, community)) await bindGroup(ctx, by, room, { kind: 'resident', community });
          }
          return 'bound_proposed';
        }
        const room = await ctx.store.identity.room(field(req.body, 'id'));
        if (!room) throw new BadInput('group_not_found');
        if (action === 'unbind') {
          await bindGroup(ctx, by, room, null, () => [{ roomId: room.id, text: t.unbound(), dedupeKey: `console-unbind:${room.id}:${Date.now()}` }]);
          return 'unbound';
        }
        if (action !== 'bind') throw new BadInput('bad_input');
        const kind = field(req.body, 'kind');
        if (kind !== 'resident' && kind !== 'duty' && kind !== 'leaders') throw new BadInput('bad_input');
        const community = kind === 'leaders' ? null : communitiesFrom(field(req.body, 'community'))?.[0] ?? null;
        if (kind === 'resident' && community === null) throw new BadInput('bad_input');
        const binding: GroupBinding = { kind, community };
        const leaders = ctx.directory.leadersRoomId();
        await bindGroup(ctx, by, room, binding, () => [
          { roomId: room.id, text: t.bound(kind, community), dedupeKey: `console-bind:${room.id}:${Date.now()}` },
          ...(kind !== 'resident' && leaders && leaders !== room.id
            ? [{ roomId: leaders, text: t.boundElsewhere({ topic: room.topic, kind, community, by: by.actor.name }), dedupeKey: `console-bound:${room.id}:${Date.now()}` }]
            : []),
        ]);
        return 'bound';
      });
    });

    // JSON for scripts: who is bound, the groups, and the audit.
    app.get('/api/console/people', async (req, reply) => {
      if (!managesIdentity(who(req).role)) return reply.code(403).send({ error: 'leaders and admins only' });
      const { people } = await ctx.store.identity.snapshot();
      return { people: people.map(({ remark: _remark, ...p }) => p) };
    });
    app.get('/api/console/groups', async (req, reply) => {
      if (!managesIdentity(who(req).role)) return reply.code(403).send({ error: 'leaders and admins only' });
      const { rooms } = await ctx.store.identity.snapshot();
      return { groups: rooms.map((r) => ({ ...r, proposedCommunity: r.kind === null ? ctx.directory.proposedCommunity(r.topic) : null })) };
    });
    app.get('/api/console/accounts', async (req, reply) => {
      if (!managesIdentity(who(req).role)) return reply.code(403).send({ error: 'leaders and admins only' });
      return accountsView();
    });
    app.get('/api/console/audit', async (req, reply) => {
      if (!managesIdentity(who(req).role)) return reply.code(403).send({ error: 'leaders and admins only' });
      const entries = await ctx.store.identity.auditLog({ limit: 500 });
      // The config's own bookkeeping (what it last said) is not a change anyone made.
      return { entries: entries.filter((e) => e.action !== 'config_seeded') };
    });
  };
}
