// Several bot accounts on one database: who is logged in (a heartbeat), who sits in which group,
// and which bound groups no live account is in any more. The database is the only coordinator.

export interface AccountView {
  id: string;
  name: string;
  heartbeatAt: Date | null;
  alive: boolean;
  rooms: number;
}

export interface OrphanRoom {
  roomId: string;
  since: Date;
}

export interface AccountRepository {
  /** The account is logged in and working: its heartbeat, now. */
  beat(account: { id: string; name: string }, at: Date): Promise<void>;
  /** Logged out or stopping: the other accounts take its groups over at once. */
  signOff(accountId: string): Promise<void>;
  /** The groups a scan at login found the account in; groups it was recorded in before and left meanwhile are dropped. */
  setRooms(accountId: string, roomIds: string[], at: Date): Promise<void>;
  /** The account sits in this group (added, or a message came from it). */
  joinRoom(accountId: string, roomId: string, at: Date): Promise<void>;
  /** The account was removed from this group; returns how many accounts are still recorded in it. */
  leaveRoom(accountId: string, roomId: string): Promise<number>;
  /**
   * Bound groups that some account was recorded in but none alive (heartbeat at or after
   * `aliveSince`) is in now. A group no account was ever seen in is not counted: nobody lost it.
   */
  uncoveredRooms(aliveSince: Date): Promise<string[]>;
  /**
   * Records `roomIds` as the orphaned groups now: returns those newly orphaned (to announce), and
   * forgets the marks of groups not listed (they are served again; a later loss is announced again).
   */
  markOrphans(roomIds: string[], at: Date): Promise<string[]>;
  orphans(): Promise<OrphanRoom[]>;
  list(aliveSince: Date): Promise<AccountView[]>;
}
