// The Wechaty bot: on the sandbox's mock puppet, or on the puppet the environment names
// (wechaty-options.ts), with its memory card kept safe.
import { chmodSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WechatyBuilder, type Wechaty } from 'wechaty';
import type { Env } from '../config/env.js';
import type { Log } from '../app/ports/clock.js';
import type { SandboxWiring } from './sandbox/sandbox-wiring.js';
import { wechatyOptionsFor } from './wechaty-options.js';
import { routeWechatyLog } from './wechaty-log.js';

const MEMORY_CARD_SUFFIX = '.memory-card.json';

/**
 * Where the WeChat login (the memory card: session keys that log the account in without a scan)
 * is kept: data/<WECHATY_NAME>.memory-card.json, a directory git ignores; or, for an absolute
 * WECHATY_NAME (tests, packaged installs), <WECHATY_NAME>.memory-card.json.
 */
export function memoryCardPath(env: Pick<Env, 'WECHATY_NAME'>, cwd = process.cwd()): string {
  const base = path.isAbsolute(env.WECHATY_NAME) ? env.WECHATY_NAME : path.resolve(cwd, 'data', env.WECHATY_NAME);
  return `${base}${MEMORY_CARD_SUFFIX}`;
}

/**
 * Makes sure the memory card exists, readable and writable by this user only (0600), before
 * Wechaty writes it (it keeps an existing file's mode). A card an older version left in the
 * working directory is moved in.
 */
export function prepareMemoryCard(env: Pick<Env, 'WECHATY_NAME'>, cwd = process.cwd()): string {
  const file = memoryCardPath(env, cwd);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const old = path.resolve(cwd, `${path.basename(env.WECHATY_NAME)}${MEMORY_CARD_SUFFIX}`);
  if (!path.isAbsolute(env.WECHATY_NAME) && !existsSync(file) && existsSync(old)) renameSync(old, file);
  if (!existsSync(file)) writeFileSync(file, '{}', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return file;
}

/** The bot as the composition root and end-to-end tests hold it. */
export type ChatBot = Wechaty;

export async function createBot(env: Env, sandbox: SandboxWiring | null, log: Log, signal?: AbortSignal): Promise<Wechaty> {
  const options = await wechatyOptionsFor(env, { log, sandboxPuppet: sandbox?.world.puppet, signal });
  if (sandbox) return WechatyBuilder.build(options); // no name: the sandbox keeps no memory card on disk
  routeWechatyLog(log);
  const card = prepareMemoryCard(env);
  // MemoryCard stores `<name>.memory-card.json`, an absolute name as it is.
  return WechatyBuilder.build({ ...options, name: card.slice(0, -MEMORY_CARD_SUFFIX.length) });
}
