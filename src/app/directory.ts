// Who is where, as this process last read it from the database: the groups bound by room id (a
// resident / duty / leaders group of which community) and the people bound by contact id. Names
// and topics are carried for display only; nothing here is ever looked up by one to grant power.
//
// The database is the source of truth (several processes may share it). This is a snapshot,
// re-read whenever the database's identity revision moved: every message checks it before its
// sender's role is decided (src/app/pipeline/message-context.ts), a timer checks it every few
// seconds for the scheduled jobs and the intake filter, and a change made here is reloaded at once.
import type { District, GroupRef } from '../config/linli-config.js';
import { reachesCommunity } from '../domain/identity.js';
import type { IdentityRepository, IdentitySnapshot, PersonBinding, RoomRecord } from './ports/identity.js';
import type { PersonRole, RoomKind } from './ports/registry.js';

/** A bound group. */
export interface RoomInfo {
  id: string;
  /** Last topic seen: display only. */
  topic: string;
  kind: RoomKind;
  /** Community id; null for the leaders group and a central duty group. */
  community: string | null;
}

/** Staff, leaders and admins may work tickets. */
export function isStaffRole(role: PersonRole): boolean {
  return role === 'staff' || role === 'leader' || role === 'admin';
}

export interface Person {
  id: string;
  name: string;
}

type Matcher = (room: { id: string; topic: string }) => boolean;

/** `id` matches exactly; `topic` exactly, with `*` wildcards, or as `/regex/`. */
export function compileGroupMatcher(ref: GroupRef): Matcher {
  if (ref.id) return (room) => room.id === ref.id;
  const topic = ref.topic!;
  const regexSource = /^\/(.+)\/$/.exec(topic);
  if (regexSource) {
    const re = new RegExp(regexSource[1]!);
    return (room) => re.test(room.topic);
  }
  if (topic.includes('*')) {
    const re = new RegExp(`^${topic.split('*').map(escapeRegex).join('.*')}$`);
    return (room) => re.test(room.topic);
  }
  return (room) => room.topic === topic;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Directory {
  /** Resident-group topic patterns of the config: they propose a community, they never bind. */
  private readonly proposals: Array<{ match: Matcher; community: string }> = [];
  private people = new Map<string, PersonBinding>();
  private rooms = new Map<string, RoomInfo>();
  private records = new Map<string, RoomRecord>();
  private loadedRevision = -1;
  private refreshing: Promise<boolean> | null = null;
  private readonly unboundLogged = new Set<string>();

  constructor(
    readonly district: District,
    /** Known from config in the sandbox; set at login on a real account. */
    public botId: string,
  ) {
    for (const c of district.communities) {
      for (const g of c.residentGroups) if (!g.id && g.topic) this.proposals.push({ match: compileGroupMatcher(g), community: c.id });
    }
  }

  /** The revision of the snapshot held (−1: none yet). */
  get revision(): number {
    return this.loadedRevision;
  }

  /** Replaces the snapshot. */
  load(snapshot: IdentitySnapshot): void {
    this.people = new Map(snapshot.people.map((p) => [p.id, p]));
    this.records = new Map(snapshot.rooms.map((r) => [r.id, r]));
    // Newest binding first, so that of two duty groups of one community (one bound in config, one
    // in chat a moment later) the newer one wins while the older one is being unbound.
    const bound = snapshot.rooms
      .filter((r) => r.kind !== null)
      .sort((a, b) => (b.boundAt?.getTime() ?? 0) - (a.boundAt?.getTime() ?? 0));
    this.rooms = new Map(bound.map((r) => [r.id, { id: r.id, topic: r.topic, kind: r.kind!, community: r.community }]));
    this.loadedRevision = snapshot.revision;
  }

  /**
   * Re-reads the database when its revision moved since the snapshot (or always, with `force`).
   * Concurrent callers share one read. Returns whether the snapshot changed.
   */
  refresh(identity: Pick<IdentityRepository, 'revision' | 'snapshot'>, force = false): Promise<boolean> {
    if (this.refreshing && !force) return this.refreshing;
    const run = (async () => {
      if (!force && (await identity.revision()) === this.loadedRevision) return false;
      this.load(await identity.snapshot());
      return true;
    })();
    this.refreshing = run;
    const clear = () => {
      if (this.refreshing === run) this.refreshing = null;
    };
    run.then(clear, clear);
    return run;
  }

  // ---- groups ----

  /** A bound group; undefined for a group that is not bound (or unknown). */
  room(roomId: string): RoomInfo | undefined {
    return this.rooms.get(roomId);
  }

  /** Any group the bot has been in, bound or not. */
  roomRecord(roomId: string): RoomRecord | undefined {
    return this.records.get(roomId);
  }

  /** Notes a group as seen (from the database's answer) without waiting for the next refresh. */
  noteRoom(record: RoomRecord): void {
    this.records.set(record.id, record);
    const bound = this.rooms.get(record.id);
    if (bound) this.rooms.set(record.id, { ...bound, topic: record.topic });
  }

  allRooms(): RoomInfo[] {
    return [...this.rooms.values()];
  }

  /** Groups the bot sits in that are not bound: the console lists them. */
  unboundRooms(): RoomRecord[] {
    return [...this.records.values()].filter((r) => r.kind === null && r.presentSince !== null);
  }

  /** True the first time it is asked about a group (so an unbound group is logged once per process). */
  firstSightOfUnbound(roomId: string): boolean {
    if (this.unboundLogged.has(roomId)) return false;
    this.unboundLogged.add(roomId);
    return true;
  }

  /** The community a config topic pattern proposes for an unbound group, if any. */
  proposedCommunity(topic: string): string | null {
    return this.proposals.find((p) => p.match({ id: '', topic }))?.community ?? null;
  }

  /** The duty group that works a community's tickets (its own, else the central one). */
  dutyRoomFor(community: string): string | null {
    let central: string | null = null;
    for (const room of this.rooms.values()) {
      if (room.kind !== 'duty') continue;
      if (room.community === community) return room.id;
      if (room.community === null) central ??= room.id;
    }
    return central;
  }

  leadersRoomId(): string | null {
    for (const room of this.rooms.values()) if (room.kind === 'leaders') return room.id;
    return null;
  }

  communityName(id: string | null): string {
    if (!id) return this.district.name;
    return this.district.communities.find((c) => c.id === id)?.name ?? id;
  }

  /** A community by the name people type (or its id). */
  communityByName(name: string): string | null {
    return this.district.communities.find((c) => c.name === name || c.id === name)?.id ?? null;
  }

  /** Communities a duty room serves: its own, or for the central room every community without one. */
  communitiesOfDutyRoom(roomId: string): string[] {
    const room = this.rooms.get(roomId);
    if (!room || room.kind !== 'duty') return [];
    if (room.community) return [room.community];
    return this.district.communities.filter((c) => this.dutyRoomFor(c.id) === roomId).map((c) => c.id);
  }

  // ---- people ----

  /** The binding of a contact id. */
  person(id: string): PersonBinding | undefined {
    return this.people.get(id);
  }

  allPeople(): PersonBinding[] {
    return [...this.people.values()];
  }

  /** The role of a contact id: its binding, the bot, or resident. Never from a name. */
  roleOf(id: string): PersonRole {
    if (id === this.botId) return 'bot';
    return this.people.get(id)?.role ?? 'resident';
  }

  /** Staff bound to a community (those bound to all communities included). */
  staffOf(community: string): PersonBinding[] {
    return this.allPeople().filter((p) => p.role === 'staff' && reachesCommunity(p, community));
  }

  /**
   * `转派 N @名字` typed without a real @mention: a staff member bound to the ticket's community
   * with exactly that bound name — never anyone else, whatever they call themselves.
   */
  staffByName(name: string, community: string): PersonBinding | null {
    const hits = this.staffOf(community).filter((p) => p.name === name);
    return hits.length === 1 ? hits[0]! : null;
  }

  /** Bound people with this bound name (`移除 姓名`). */
  peopleNamed(name: string): PersonBinding[] {
    return this.allPeople().filter((p) => p.name === name);
  }
}
