// The WeChat login (Wechaty's memory card) holds session keys that log the account in without a
// scan: it lives under data/ (which git ignores), readable by the bot's user only.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEnv } from '../../../src/config/env.js';
import pino from 'pino';
import { createBot } from '../../../src/chat/create-bot.js';

const log = pino({ level: 'silent' });

const REPO = process.cwd();
let dir = '';
afterEach(() => {
  process.chdir(REPO);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the memory card', () => {
  it('is kept in data/, mode 0600, in a directory git ignores', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'linli-card-'));
    process.chdir(dir);
    const bot = await createBot(loadEnv({ WECHATY_PUPPET: 'wechaty-puppet-mock', DATABASE_URL: 'sqlite::memory:', WECHATY_NAME: 'linli' }), null, log);
    await bot.start();
    await bot.stop();
    const card = path.join(dir, 'data', 'linli.memory-card.json');
    expect(existsSync(card)).toBe(true);
    expect(statSync(card).mode & 0o777).toBe(0o600);
    expect(existsSync(path.join(dir, 'linli.memory-card.json'))).toBe(false);
    expect(readFileSync(path.join(REPO, '.gitignore'), 'utf8').split('\n')).toContain('data/');
  });

  it('moves a card an older version left in the working directory, and tightens its mode', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'linli-card-'));
    process.chdir(dir);
    writeFileSync(path.join(dir, 'linli.memory-card.json'), '{"puppet":{"session":"kept"}}', { mode: 0o644 });
    const bot = await createBot(loadEnv({ WECHATY_PUPPET: 'wechaty-puppet-mock', DATABASE_URL: 'sqlite::memory:' }), null, log);
    await bot.start();
    await bot.stop();
    const card = path.join(dir, 'data', 'linli.memory-card.json');
    expect(readFileSync(card, 'utf8')).toContain('kept');
    expect(statSync(card).mode & 0o777).toBe(0o600);
    expect(existsSync(path.join(dir, 'linli.memory-card.json'))).toBe(false);
  });
});
