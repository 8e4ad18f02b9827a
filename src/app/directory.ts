// Who is where: which group is a resident / duty / leaders group of which community, and who
// is staff. Config group entries compile into matchers once; rooms register as the bot sees them.
import type { District, GroupRef, RosterEntry } from '../config/linli-config.js';
import type { PersonRole, RoomKind } from './ports/registry.js';

export interface RoomInfo {
  id: string;
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
  private readonly matchers: Array<{ match: Matcher; kind: RoomKind; community: string | null }> = [];
  private readonly rooms = new Map<string, RoomInfo>();
  private readonly dutyRooms = new Map<string, string>(); // community → duty room id
  private centralDutyRoom: string | null = null;
  private leadersRoom: string | null = null;

  constructor(
    readonly district: District,
    /** Known from config in the sandbox; set at login on a real account. */
    public botId: string,
  ) {
    // Order matters: duty and leaders groups are checked before resident patterns that might overlap.
    this.matchers.push({ match: compileGroupMatcher(district.leadersGroup), kind: 'leaders', community: null });
    if (district.centralDutyGroup) {
      this.matchers.push({ match: compileGroupMatcher(district.centralDutyGroup), kind: 'duty', community: null });
    }
    for (const c of district.communities) {
      if (c.dutyGroup) this.matchers.push({ match: compileGroupMatcher(c.dutyGroup), kind: 'duty', community: c.id });
    }
    for (const c of district.communities) {
      for (const g of c.residentGroups) {
        this.matchers.push({ match: compileGroupMatcher(g), kind: 'resident', community: c.id });
      }
    }
  }

  /** Classifies a room the bot sits in; returns null for groups Linli does not serve. */
  registerRoom(room: { id: string; topic: string }): RoomInfo | null {
    const hit = this.matchers.find((m) => m.match(room));
    if (!hit) {
      this.rooms.delete(room.id);
      return null;
    }
    const info: RoomInfo = { id: room.id, topic: room.topic, kind: hit.kind, community: hit.community };
    this.rooms.set(room.id, info);
    if (info.kind === 'leaders') this.leadersRoom = room.id;
    if (info.kind === 'duty') {
      if (info.community) this.dutyRooms.set(info.community, room.id);
      else this.centralDutyRoom = room.id;
    }
    return info;
  }

  room(roomId: string): RoomInfo | undefined {
    return this.rooms.get(roomId);
  }

  allRooms(): RoomInfo[] {
    return [...this.rooms.values()];
  }

  /** The duty group that works a community's tickets (its own, else the central one). */
  dutyRoomFor(community: string): string | null {
    return this.dutyRooms.get(community) ?? this.centralDutyRoom;
  }

  leadersRoomId(): string | null {
    return this.leadersRoom;
  }

  communityName(id: string | null): string {
    if (!id) return this.district.name;
    return this.district.communities.find((c) => c.id === id)?.name ?? id;
  }

  /** Communities a duty room serves: its own, or for the central room every community without one. */
  communitiesOfDutyRoom(roomId: string): string[] {
    const room = this.rooms.get(roomId);
    if (!room || room.kind !== 'duty') return [];
    if (room.community) return [room.community];
    return this.district.communities.filter((c) => !this.dutyRooms.has(c.id)).map((c) => c.id);
  }

  private rosterEntry(person: Person): RosterEntry | undefined {
    return (
      this.district.staff.find((s) => s.id !== undefined && s.id === person.id) ??
      this.district.staff.find((s) => s.id === undefined && s.name === person.name)
    );
  }

  /** The person's role as configured; a duty group's members count as staff when so configured. */
  roleOf(person: Person, inRoomId?: string): PersonRole {
    if (person.id === this.botId) return 'bot';
    const entry = this.rosterEntry(person);
    if (entry) return entry.role;
    if (inRoomId && this.district.dutyMembersAreStaff && this.rooms.get(inRoomId)?.kind === 'duty') return 'staff';
    return 'resident';
  }

  /** May this person run staff commands here? */
  isStaff(person: Person, inRoomId?: string): boolean {
    return isStaffRole(this.roleOf(person, inRoomId));
  }

  /** A roster member by display name, for `转派 N @名字`. */
  staffByName(name: string): Person | null {
    const entry = this.district.staff.find((s) => s.name === name);
    return entry ? { id: entry.id ?? entry.name, name: entry.name } : null;
  }
}
