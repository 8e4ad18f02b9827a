// Who is asking, once signed in: a console session (a person with a role) or the bootstrap token.
import type { Scope } from '../app/ticket-actions.js';
import type { ConsoleIdentity, ConsoleSession } from '../app/ports/console-auth.js';
import type { Actor } from '../domain/ticket.js';

export interface Principal extends ConsoleIdentity {
  via: 'session' | 'token';
  /** The session behind it; null for the bearer token. */
  session: ConsoleSession | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the access hook; null when nobody is signed in. */
    principal: Principal | null;
  }
}

export const TOKEN_PRINCIPAL: Principal = {
  personId: 'console-token',
  personName: '管理员（令牌）',
  role: 'admin',
  communities: null,
  via: 'token',
  session: null,
};

export const ROLE_LABELS: Record<Principal['role'], string> = { staff: '值班人员', leader: '领导', admin: '管理员' };

/** Staff and leaders work the communities of their binding (all when it names none); admins everything. */
export function scopeOf(p: Principal): Scope {
  return p.role !== 'admin' && p.communities !== null ? { communities: p.communities } : 'all';
}

/** Communities the principal may see, or null for all. */
export function communitiesOf(p: Principal): string[] | null {
  const scope = scopeOf(p);
  return scope === 'all' ? null : 'communities' in scope ? (scope.communities ?? null) : null;
}

export function canSeeCommunity(p: Principal, community: string): boolean {
  const c = communitiesOf(p);
  return c === null || c.includes(community);
}

export function actorOf(p: Principal): Actor {
  return { id: p.personId, name: p.personName };
}
