// The wired test context: an AppContext with the real config and sandbox district, a clock the test
// moves, and whichever store the test gives (the in-memory fake or a TypeORM store on a real
// database); and a message run through the pipeline's own context on it.
import pino from 'pino';
import { createAppContext, type AppContext } from '../../src/app/app-context.js';
import { BurstMemory } from '../../src/app/burst-memory.js';
import type { InboundMessage } from '../../src/app/inbound-message.js';
import { openMessage, type Outcome } from '../../src/app/pipeline/message-context.js';
import type { Routes } from '../../src/app/pipeline/message-router.js';
import type { Classifier } from '../../src/classify/classification.js';
import { Directory } from '../../src/app/directory.js';
import type { Clock } from '../../src/app/ports/clock.js';
import type { Store } from '../../src/app/ports/store.js';
import { texts } from '../../src/app/texts.js';
import { loadConfig } from '../../src/config/load-config.js';
import { seedIdentityFromConfig } from '../../src/app/identity-seed.js';
import type { LinliConfig } from '../../src/config/linli-config.js';

export class TestClock implements Clock {
  constructor(public current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date): void {
    this.current = new Date(at);
  }
  advance(minutes: number): Date {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
    return this.now();
  }
}

export function testConfig(overrides: (c: LinliConfig) => void = () => {}): { config: LinliConfig; directory: Directory } {
  const { config, sandbox } = loadConfig({ configFile: 'config/linli.yaml', sandboxFile: 'config/sandbox.yaml' });
  overrides(config);
  return { config, directory: new Directory(config.district, sandbox!.bot.id) };
}

/**
 * The app on `store`, with the sandbox district's people and groups bound in it by id, as the bot
 * binds them at start (src/app/identity-seed.ts), and the directory read back from it.
 */
export async function testContext(
  store: Store,
  clock: Clock,
  overrides?: (c: LinliConfig) => void,
  options: { classifier?: Classifier } = {},
): Promise<AppContext> {
  const { config, directory } = testConfig(overrides);
  const categoryOf = (code: string) => config.categories.find((c) => c.code === code);
  const app = createAppContext({
    config,
    store,
    clock,
    directory,
    classifier: options.classifier ?? noClassifier,
    texts: texts({
      timezone: config.timezone,
      categoryName: (code) => categoryOf(code)?.name ?? code,
      departmentOf: (code) => categoryOf(code)?.department ?? '社区综合',
    }),
    log: pino({ level: 'silent' }),
    bursts: new BurstMemory(config.conversation.burstWindowSeconds * 2000),
    afterCommit: () => {},
  });
  await seedIdentityFromConfig(app);
  await directory.refresh(store.identity, true);
  return app;
}

const noClassifier: Classifier = {
  classify: async () => {
    throw new Error('this test gave the context no classifier');
  },
};

/**
 * Runs one stored message through its route with the pipeline's own MessageContext (what the
 * router does, without its queue): returns what became of it.
 */
export async function handleMessage(app: AppContext, message: InboundMessage, routes: Partial<Routes>): Promise<Outcome> {
  await app.store.inbound.record(message); // stored before it is handled, as the pipeline does
  const addressed = await openMessage(app, message, app.log);
  const route = addressed.chat === 'gone' ? null : routes[addressed.chat];
  if (addressed.chat !== 'gone' && !route) throw new Error(`the test gave no route for ${addressed.chat} messages`);
  if (addressed.chat === 'private') await routes.private!(addressed.work.ctx);
  else if (addressed.chat === 'binding') await routes.binding!(addressed.work.ctx);
  else if (addressed.chat !== 'gone') await routes[addressed.chat]!(addressed.work.ctx);
  else addressed.work.ctx.done('not_a_linli_group'); // as the router does
  await addressed.work.finish();
  return addressed.work.outcome();
}

/** 2026-11-23 09:00 in Asia/Shanghai, a Monday. */
export const MONDAY_0900 = new Date('2026-11-23T01:00:00.000Z');
export const minutes = (at: Date, n: number) => new Date(at.getTime() + n * 60_000);
