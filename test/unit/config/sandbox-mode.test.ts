// Sandbox mode binds a simulated district's people and groups and opens test routes: it runs on a
// SQLite database, or on MySQL/MariaDB only when asked for explicitly.
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../../src/config/env.js';

describe('sandbox mode', () => {
  it('is refused on a MySQL or MariaDB database unless LINLI_SANDBOX=1', () => {
    for (const url of ['mariadb://linli:pw@db.example:3306/linli', 'mysql://linli:pw@db.example:3306/linli']) {
      expect(() => loadEnv({ DATABASE_URL: url })).toThrow(/LINLI_SANDBOX=1/);
      expect(loadEnv({ DATABASE_URL: url, LINLI_SANDBOX: '1' }).sandbox).toBe(true);
      expect(loadEnv({ DATABASE_URL: url, WECHATY_PUPPET: 'wechaty-puppet-wechat4u' }).sandbox).toBe(false);
    }
    expect(loadEnv({ DATABASE_URL: 'sqlite:data/linli.db' }).sandbox).toBe(true);
    expect(loadEnv({}).sandbox).toBe(true);
  });

  it('is not switched on beside a real puppet', () => {
    expect(() => loadEnv({ WECHATY_PUPPET: 'wechaty-puppet-wechat4u', LINLI_SANDBOX: '1' })).toThrow(/LINLI_SANDBOX/);
  });
});
