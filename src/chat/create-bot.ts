// The Wechaty bot: on the sandbox's mock puppet, or on the puppet the environment names
// (src/chat/wechaty-options.ts builds the options, checking puppet-service discovery first).
import { WechatyBuilder, type Wechaty } from 'wechaty';
import type { Env } from '../config/env.js';
import type { Log } from '../app/ports/clock.js';
import type { SandboxWiring } from './sandbox/sandbox-wiring.js';
import { wechatyOptionsFor } from './wechaty-options.js';

/** The bot as the composition root and end-to-end tests hold it. */
export type ChatBot = Wechaty;

export async function createBot(env: Env, log: Log, sandbox: SandboxWiring | null): Promise<Wechaty> {
  return WechatyBuilder.build(await wechatyOptionsFor(env, { log, sandboxPuppet: sandbox?.world.puppet }));
}
