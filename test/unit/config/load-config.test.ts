import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../../src/config/load-config.js';
import { ConfigError, loadEnv } from '../../../src/config/env.js';

const dir = mkdtempSync(join(tmpdir(), 'linli-config-'));
const shipped = parse(readFileSync('config/linli.yaml', 'utf8'));
const sandbox = parse(readFileSync('config/sandbox.yaml', 'utf8'));

function write(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : stringify(value));
  return file;
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('loads the shipped files, and in sandbox mode takes the district from sandbox.yaml', () => {
    const { config, sandbox: world } = loadConfig({ configFile: 'config/linli.yaml', sandboxFile: 'config/sandbox.yaml' });
    expect(world?.communities.length).toBeGreaterThanOrEqual(2);
    expect(config.district.communities.map((c) => c.id)).toEqual(world!.communities.map((c) => c.id));
    expect(config.outbox.globalIntervalMs).toBe(world!.outbox.globalIntervalMs);
  });

  it('names the file, the key and what is expected when a value is wrong', () => {
    const bad = structuredClone(shipped);
    bad.sla.default.urgent.claimMinutes = 'soon';
    const file = write('bad-sla.yaml', bad);
    const err = errorOf(() => loadConfig({ configFile: file }));
    expect(err.message).toContain(file);
    expect(err.message).toContain('sla.default.urgent.claimMinutes');
    expect(err.message).toMatch(/number/);
  });

  it('rejects cross-key mistakes the schema cannot see', () => {
    const bad = structuredClone(shipped);
    bad.sla.categories.plumbing = { urgent: { claimMinutes: 5, resolveHours: 1 } };
    const err = errorOf(() => loadConfig({ configFile: write('bad-code.yaml', bad) }));
    expect(err.message).toContain('sla.categories.plumbing');
  });

  it('rejects a sandbox member who is not one of its people', () => {
    const bad = structuredClone(sandbox);
    bad.communities[0].residentGroups[0].members.push('nobody');
    const file = write('bad-sandbox.yaml', bad);
    const err = errorOf(() => loadConfig({ configFile: 'config/linli.yaml', sandboxFile: file }));
    expect(err.message).toContain(file);
    expect(err.message).toContain('communities[0].residentGroups[0].members');
    expect(err.message).toContain('nobody');
  });

  it('says plainly when the YAML itself is broken', () => {
    const err = errorOf(() => loadConfig({ configFile: write('broken.yaml', 'district: [unclosed') }));
    expect(err.message).toMatch(/not valid YAML/);
  });
});

describe('loadEnv', () => {
  it('defaults to sandbox mode with a SQLite file', () => {
    const env = loadEnv({});
    expect(env.sandbox).toBe(true);
    expect(env.DATABASE_URL).toBe('sqlite:data/linli.db');
    expect(env.llmMode).toBe('off');
  });

  it('names the variable and an example when a value is wrong', () => {
    const err = errorOf(() => loadEnv({ DATABASE_URL: 'postgres://x' }));
    expect(err.message).toContain('DATABASE_URL');
    expect(err.message).toContain('sqlite:data/linli.db');
  });

  it('needs the token for wechaty-puppet-service', () => {
    expect(errorOf(() => loadEnv({ WECHATY_PUPPET: 'wechaty-puppet-service' })).message).toContain('WECHATY_PUPPET_SERVICE_TOKEN');
  });
});
