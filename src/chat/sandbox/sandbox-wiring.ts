// Everything only sandbox mode has, wired in one place: the simulated district on the mock puppet,
// its controllable clock, the transcript of what the bot says, `settle` bookkeeping, and the
// sandbox HTTP API. Production wiring (src/linli.ts) never sees these types.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { SandboxConfig } from '../../config/sandbox-config.js';
import type { Directory } from '../../app/directory.js';
import type { ChatPort } from '../../app/ports/chat.js';
import type { Log } from '../../app/ports/clock.js';
import { SandboxWorld } from './sandbox-world.js';
import { SandboxClock } from './sandbox-clock.js';
import { SettleTracker } from './settle-tracker.js';
import { sandboxRoutes } from './sandbox-api.js';

/** What "everything so far is done" means: asked of the running bot. */
export interface SettleProbe {
  /** Messages the pipeline accepted but has not finished. */
  inFlight(): number;
  /** An announcement (e.g. "back online") is being prepared. */
  busy(): boolean;
  /** Nothing being sent and nothing due in the outbox. */
  outboxDrained(): Promise<boolean>;
}

export class SandboxWiring {
  readonly clock = new SandboxClock();
  readonly world: SandboxWorld;
  /** Messages posted through the API and not yet handled, so `settle` never sleeps. */
  readonly tracker = new SettleTracker();

  constructor(
    private readonly config: SandboxConfig,
    private readonly log: Log,
  ) {
    this.world = new SandboxWorld(config, this.clock);
    // Every line said, appended as it is said, so a chaos test can count what was sent across a kill -9.
    if (config.transcriptFile) {
      const file = path.resolve(config.transcriptFile);
      this.world.subscribe((event) => appendFileSync(file, `${JSON.stringify(event)}\n`));
    }
  }

  get botName(): string {
    return this.config.bot.name;
  }

  get botId(): string {
    return this.config.bot.id;
  }

  /** The chat port the outbox sends through: the real adapter, then the line in the world's transcript. */
  recording(adapter: ChatPort): ChatPort {
    const world = this.world;
    return {
      setRemark: (contactId, remark) => adapter.setRemark(contactId, remark),
      async send(item) {
        await adapter.send(item);
        const names = item.mentionIds.map((id) => `@${world.nameOf(id) ?? id}`);
        world.recordBotPost(item.roomId, item.id, names.length ? `${names.join('\u2005')} ${item.text}` : item.text, item.imagePngBase64 ?? null);
      },
    };
  }

  /** Resolves once every message posted so far is handled and the outbox is drained (30 s at most). */
  async settle(probe: SettleProbe): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (this.tracker.idle() && probe.inFlight() === 0 && !probe.busy() && (await probe.outboxDrained().catch(() => false))) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    this.log.warn('settle: gave up waiting after 30 s');
  }

  /** The sandbox HTTP API (design.md, Sandbox). */
  routes(deps: { directory: Directory; probe: SettleProbe; runJobs(from: Date, to: Date): Promise<void> }): (app: FastifyInstance) => void {
    return sandboxRoutes({
      world: this.world,
      directory: deps.directory,
      clock: this.clock,
      expectMessage: (id) => this.tracker.expect(id),
      unexpectMessage: (id) => this.tracker.done(id),
      settle: () => this.settle(deps.probe),
      runJobs: deps.runJobs,
    });
  }
}
