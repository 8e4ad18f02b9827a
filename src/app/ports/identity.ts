// Who is who, kept in the database (design.md, "Identity"): people bound by contact id, groups
// bound by room id, single-use invitations, and the audit of every change. The database is the
// source of truth; each process keeps a snapshot (src/app/directory.ts) and re-reads it when the
// revision, bumped by every audited change, moves.
import type { Grant, StaffRole } from '../../domain/identity.js';
import type { Actor } from '../../domain/ticket.js';
import type { RoomKind } from './registry.js';

export interface PersonBinding extends Grant {
  /** The WeChat contact id: the only thing power is bound to. */
  id: string;
  /** What the bot calls them (from the invitation or the config), not their WeChat nickname. */
  name: string;
  /**
   * The remark (备注) the bot set on their contact, for puppets whose ids change at every login
   * (wechat4u): after a re-login the binding follows the remark to the contact's new id.
   */
  remark: string | null;
  boundBy: Actor;
  boundAt: Date;
  updatedAt: Date;
}

/** A group the bot is or was in; `kind` null while it is not bound. */
export interface RoomRecord {
  id: string;
  /** Last topic seen: for display only. */
  topic: string;
  kind: RoomKind | null;
  /** The community of a resident or duty group; null for the leaders group and a central duty group. */
  community: string | null;
  boundBy: Actor | null;
  boundAt: Date | null;
  /** When the bot last saw itself in the group; null once it left. */
  presentSince: Date | null;
  updatedAt: Date;
}

export interface Invitation extends Grant {
  id: number;
  /** The name the invitee will be bound with. */
  name: string;
  invitedBy: Actor;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  usedBy: string | null;
}

export interface NewInvitation extends Omit<Invitation, 'id' | 'usedAt' | 'usedBy'> {
  /** sha256 (hex) of the code: the code itself only ever goes to the inviter's private chat. */
  codeHash: string;
}

/** How a change was made. */
export type ChangeVia = 'chat' | 'console' | 'config' | 'system';

export type IdentityAction =
  | 'person_bound'
  | 'person_changed'
  | 'person_removed'
  | 'person_rebound' // followed their remark to a new contact id after a re-login
  | 'sessions_ended'
  | 'invitation_created'
  | 'group_bound'
  | 'group_unbound'
  | 'group_renamed'
  | 'config_seeded'; // a config entry applied (detail: the entry as seeded) or dropped (detail null)

export interface IdentityChange {
  at: Date;
  actor: Actor;
  via: ChangeVia;
  action: IdentityAction;
  subject: { kind: 'person' | 'group' | 'invitation'; id: string; name: string };
  /** Short Chinese summary for the console; for `config_seeded`, the entry's JSON. */
  detail: string | null;
}

export interface AuditEntry extends IdentityChange {
  id: number;
}

export interface IdentitySnapshot {
  revision: number;
  people: PersonBinding[];
  rooms: RoomRecord[];
}

export interface IdentityRepository {
  /** Moves on every audited change, in commit order: a process whose snapshot is older re-reads. */
  revision(): Promise<number>;
  snapshot(): Promise<IdentitySnapshot>;

  person(id: string): Promise<PersonBinding | null>;
  personByRemark(remark: string): Promise<PersonBinding | null>;
  /** Binds or re-binds a contact id (insert or replace). */
  savePerson(person: PersonBinding): Promise<void>;
  removePerson(id: string): Promise<boolean>;
  /** The binding follows its remark to a new contact id (the old id's row moves). */
  movePerson(fromId: string, toId: string, now: Date): Promise<void>;

  room(id: string): Promise<RoomRecord | null>;
  /** The bot sees itself in a group (with this topic): recorded, its binding untouched. Returns the record. */
  seeRoom(room: { id: string; topic: string }, now: Date): Promise<RoomRecord>;
  /** The bot is no longer in these groups. */
  leftRooms(ids: string[], now: Date): Promise<void>;
  /**
   * Binds a group (kind and community) or, with null, unbinds it. A group not seen yet (bound by
   * id from the config before the bot sat in it) is recorded with `topic` as its topic.
   */
  bindRoom(room: { id: string; topic: string }, binding: { kind: RoomKind; community: string | null; by: Actor } | null, now: Date): Promise<void>;

  createInvitation(invitation: NewInvitation): Promise<number>;
  /** An unused, unexpired invitation with this code hash exists (so a new code must differ). */
  hasActiveInvitation(codeHash: string, now: Date): Promise<boolean>;
  /** Marks the unused, unexpired invitation used by `by`, once even under races; null when there is none. */
  consumeInvitation(codeHash: string, by: string, now: Date): Promise<Invitation | null>;

  /** Records a change and moves the revision: call it in the transaction that made the change. */
  record(change: IdentityChange): Promise<void>;
  /** Newest first; of one subject when given. */
  auditLog(options: { limit: number; subjectId?: string }): Promise<AuditEntry[]>;
  /** The newest `config_seeded` entry of each subject: what the config last said about it. */
  lastConfigSeeds(): Promise<Map<string, string | null>>;
}

export type { StaffRole };
