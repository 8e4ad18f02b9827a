// This process's bot account among the others on the same database: its heartbeat (written while it
// is logged in), the groups it sits in, and the watch for bound groups no live account is in any
// more — announced once to the leaders group per loss (again only after the group was served again
// and lost again). The outbox sender asks it who is sending (src/app/ports/outbox.ts, SendingAccount).
import type { AppContext } from './app-context.js';
import type { SendingAccount } from './ports/outbox.js';
import { orphanedGroupsNotice } from './ops-notices.js';

export interface PresenceTiming {
  /** How often the heartbeat is written (and the groups checked). */
  heartbeatMs: number;
  /** An account whose heartbeat is older than this is taken for gone. */
  deadAfterMs: number;
}

const COVERAGE_LOCK = 'account-coverage';

export class AccountPresence {
  private account: { id: string; name: string } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private startedMs = 0;
  private ticking: Promise<void> = Promise.resolve();
  private readonly now = () => new Date(); // liveness is real time, whatever the sandbox clock says

  constructor(
    private readonly ctx: AppContext,
    private readonly timing: PresenceTiming,
    /** Logged in to WeChat right now. */
    private readonly online: () => boolean,
  ) {}

  /** Starts the heartbeat as this account (its WeChat contact id, known once logged in). */
  async start(account: { id: string; name: string }): Promise<void> {
    this.account = account;
    this.startedMs = Date.now();
    await this.beat();
    this.timer = setInterval(() => void (this.ticking = this.tick()), this.timing.heartbeatMs);
    this.timer.unref();
  }

  /** Stops the heartbeat and signs off, so the other accounts take over at once. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
    if (this.account) await this.ctx.store.accounts.signOff(this.account.id).catch((err) => this.ctx.log.warn({ err }, 'could not sign the account off'));
  }

  /** Who the outbox sender sends as; null before the login (then it sends nothing). */
  sending(): SendingAccount | null {
    return this.account ? { id: this.account.id, aliveSince: new Date(Date.now() - this.timing.deadAfterMs) } : null;
  }

  /** The groups a scan found this account in. */
  async listed(roomIds: string[]): Promise<void> {
    if (this.account) await this.ctx.store.accounts.setRooms(this.account.id, roomIds, this.now());
  }

  async joined(roomId: string): Promise<void> {
    if (this.account) await this.ctx.store.accounts.joinRoom(this.account.id, roomId, this.now());
  }

  /** Removed from a group: how many accounts are still in it. */
  async left(roomId: string): Promise<number> {
    return this.account ? this.ctx.store.accounts.leaveRoom(this.account.id, roomId) : 0;
  }

  private async beat(): Promise<void> {
    const { accounts } = this.ctx.store;
    if (this.online()) await accounts.beat(this.account!, this.now());
    else await accounts.signOff(this.account!.id);
  }

  private async tick(): Promise<void> {
    try {
      await this.beat();
      // Accounts started together need a moment to show up before anyone counts their groups lost.
      if (Date.now() - this.startedMs >= this.timing.deadAfterMs && this.online()) await this.checkCoverage();
    } catch (err) {
      this.ctx.log.debug({ err: (err as Error).message }, 'account heartbeat failed; trying again at the next beat');
    }
  }

  /** Bound groups no live account is in: the new ones are told to the leaders group, once. */
  private async checkCoverage(): Promise<void> {
    const { store, log, directory } = this.ctx;
    const now = this.now();
    const holder = this.account!.id;
    // One process at a time, so a group is not announced twice by two processes checking at once.
    if (!(await store.jobLocks.acquire(COVERAGE_LOCK, holder, now, new Date(now.getTime() + this.timing.deadAfterMs)))) return;
    try {
      const uncovered = await store.accounts.uncoveredRooms(new Date(now.getTime() - this.timing.deadAfterMs));
      // The marks and the notice land together: announced once, never marked and left untold.
      const fresh = await this.ctx.transaction(async (tx) => {
        const fresh = await tx.accounts.markOrphans(uncovered, now);
        const leaders = directory.leadersRoomId();
        if (fresh.length && leaders) tx.say(orphanedGroupsNotice(leaders, fresh.map((id) => directory.roomRecord(id)?.topic ?? id), now));
        return fresh;
      });
      if (fresh.length) log.warn({ rooms: fresh }, 'groups with no live bot account in them');
    } finally {
      await store.jobLocks.release(COVERAGE_LOCK, holder, this.now()).catch(() => {});
    }
  }
}
