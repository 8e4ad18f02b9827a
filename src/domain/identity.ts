// Who may do what, from the binding of their contact id (design.md, "Identity"). Pure rules: a
// person's power is a role and a set of communities; nobody grants, removes or binds beyond their
// own. Names are only ever what the bot calls someone.
import { CodedError } from './coded-error.js';

/** Roles a contact id can be bound to. Everyone else is a resident. */
export const STAFF_ROLES = ['staff', 'leader', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const STAFF_ROLE_LABELS: Record<StaffRole, string> = { staff: '工作人员', leader: '领导', admin: '管理员' };

/** What a bound person may act on: a role over some communities (null: all of them). */
export interface Grant {
  role: StaffRole;
  communities: string[] | null;
}

const RANK: Record<StaffRole, number> = { staff: 1, leader: 2, admin: 3 };

/** Does `holder` cover every community of `wanted`? (null = all) */
export function coversCommunities(holder: string[] | null, wanted: string[] | null): boolean {
  if (holder === null) return true;
  if (wanted === null) return false;
  return wanted.every((c) => holder.includes(c));
}

/** Does this grant reach one community? */
export function reachesCommunity(grant: Pick<Grant, 'communities'>, community: string): boolean {
  return grant.communities === null || grant.communities.includes(community);
}

/** Leaders and admins manage people and groups (invite, remove, bind); staff do not. */
export function managesIdentity(role: StaffRole | 'resident' | 'bot'): role is 'leader' | 'admin' {
  return role === 'leader' || role === 'admin';
}

/**
 * May `actor` give (or take away) `target`? Only a leader or admin, never above their own role, and
 * only within their own communities: a community's leader cannot make a district-wide leader, and
 * a leader cannot make or remove an admin.
 */
export function mayGrant(actor: Grant, target: Grant): boolean {
  if (!managesIdentity(actor.role)) return false;
  if (RANK[target.role] > RANK[actor.role]) return false;
  return coversCommunities(actor.communities, target.communities);
}

/** May `actor` bind a group as this kind of this community (null: the leaders or central duty group)? */
export function mayBindGroup(actor: Grant, community: string | null): boolean {
  if (!managesIdentity(actor.role)) return false;
  return community === null ? actor.communities === null : reachesCommunity(actor, community);
}

/** Short label of a grant for people to read: 工作人员·阳光花园 / 领导·全部社区. */
export function grantLabel(grant: Grant, communityName: (id: string) => string): string {
  const where = grant.communities === null ? '全部社区' : grant.communities.map(communityName).join('、');
  return `${STAFF_ROLE_LABELS[grant.role]}·${where}`;
}

export type IdentityErrorCode =
  | 'not_allowed' // the actor's role or communities do not reach what they asked for
  | 'unknown_community'
  | 'person_not_found'
  | 'ambiguous_name' // several bound people share the name typed
  | 'invitation_invalid' // wrong, used or expired code
  | 'too_many_attempts'
  | 'not_bound'; // unbinding a group that is not bound

/** A request about people or groups refused as asked: never retried; texts by code. */
export class IdentityError extends CodedError {
  constructor(
    readonly code: IdentityErrorCode,
    message: string,
    /** What the refusal names (a typed name or community), for the text people read. */
    readonly subject: string | null = null,
    readonly count = 0,
  ) {
    super(message, false);
  }
}
