// config/staging.yaml is the district of config/sandbox.yaml bound by id, for a bot in production
// mode against the world server; it extends linli.yaml for everything else. `extends` itself.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, loadSandboxConfig } from '../../../src/config/load-config.js';
import { ConfigError, loadEnv } from '../../../src/config/env.js';

describe('config/staging.yaml', () => {
  const { config } = loadConfig({ configFile: 'config/staging.yaml' });
  const production = loadConfig({ configFile: 'config/linli.yaml' }).config;
  const world = loadSandboxConfig('config/sandbox.yaml');

  it("binds every group of the world by id, with the world's kinds and communities", () => {
    const staged = config.district.communities.map((c) => ({
      id: c.id,
      resident: c.residentGroups.map((g) => g.id),
      duty: c.dutyGroup?.id,
    }));
    expect(staged).toEqual(world.communities.map((c) => ({ id: c.id, resident: c.residentGroups.map((g) => g.id), duty: c.dutyGroup.id })));
    expect(config.district.leadersGroup!.id).toBe(world.leadersGroup.id);
    expect(config.district.centralDutyGroup).toBeUndefined();
  });

  it('binds exactly the staff and leaders of the world, by id, and nobody by sitting in a duty group', () => {
    const staff = config.district.staff.map((s) => [s.id, s.role, s.communities ?? []]);
    expect(staff).toEqual(world.people.filter((p) => p.role).map((p) => [p.id, p.role, p.communities ?? []]));
    expect(config.district.staff.every((s) => s.id)).toBe(true);
    expect(config.district.dutyMembersAreStaff).toBe(false);
  });

  it('keeps production taxonomy, deadlines and pacing from linli.yaml', () => {
    expect(config.categories).toEqual(production.categories);
    expect(config.sla).toEqual(production.sla);
    expect(config.outbox).toEqual(production.outbox);
  });
});

describe('extends', () => {
  const dir = mkdtempSync(join(tmpdir(), 'linli-extends-'));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('takes the top-level keys of the base file and replaces those written here whole', () => {
    const file = write('fast.yaml', `extends: ${join(process.cwd(), 'config/staging.yaml')}\noutbox: { globalIntervalMs: 50 }\n`);
    const { config } = loadConfig({ configFile: file });
    expect(config.outbox.globalIntervalMs).toBe(50);
    expect(config.outbox.roomIntervalMs).toBe(3000); // the schema default: outbox was replaced whole
    expect(config.district.leadersGroup!.id).toBe('leaders@chatroom');
  });

  it('names the file when extends is wrong or goes round in a circle', () => {
    write('a.yaml', 'extends: b.yaml\n');
    write('b.yaml', 'extends: a.yaml\n');
    expect(() => loadConfig({ configFile: join(dir, 'a.yaml') })).toThrow(/a\.yaml: "extends: b\.yaml" goes round in a circle|b\.yaml: "extends: a\.yaml" goes round in a circle/);
    const bad = write('bad.yaml', 'extends: 3\n');
    expect(() => loadConfig({ configFile: bad })).toThrow(ConfigError);
    const missing = write('missing.yaml', 'extends: nowhere.yaml\n');
    expect(() => loadConfig({ configFile: missing })).toThrow(/nowhere\.yaml: cannot read the file/);
  });
});

describe('puppet-service environment', () => {
  it('reads LINLI_CONFIG (and still CONFIG_FILE) for the district file', () => {
    expect(loadEnv({ LINLI_CONFIG: 'config/staging.yaml' }).CONFIG_FILE).toBe('config/staging.yaml');
    expect(loadEnv({ CONFIG_FILE: 'config/other.yaml' }).CONFIG_FILE).toBe('config/other.yaml');
    expect(loadEnv({ LINLI_CONFIG: 'a.yaml', CONFIG_FILE: 'b.yaml' }).CONFIG_FILE).toBe('a.yaml');
    expect(loadEnv({}).CONFIG_FILE).toBe('config/linli.yaml');
  });

  it('checks the discovery authority and the TLS switch', () => {
    expect(() => loadEnv({ WECHATY_PUPPET_SERVICE_AUTHORITY: 'https://api.chatie.io' })).toThrow(/WECHATY_PUPPET_SERVICE_AUTHORITY: a host or host:port/);
    expect(() => loadEnv({ WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: 'yes' })).toThrow(/WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT/);
    expect(loadEnv({}).WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT).toBe('false');
  });
});
