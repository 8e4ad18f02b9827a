// A bot started while its database is down waits for it (logging why) instead of exiting into a
// crash loop; a database it can never use (wrong password) stops it at once with a clear error.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TcpProxy } from '../../scripts/chaos/lib/tcp-proxy.js';
import { createTestMariaDb, skipMariaDb, type TestDatabase } from '../support/databases.js';
import { startSandbox, type Sandbox } from '../support/sandbox-client.js';
import { connectDatabase } from '../../src/store/connect-database.js';

describe.skipIf(skipMariaDb)('starting without a database', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let sb: Sandbox | undefined;
  beforeAll(async () => {
    db = await createTestMariaDb();
    proxy = new TcpProxy({ host: '127.0.0.1', port: new URL(db.url).port ? Number(new URL(db.url).port) : 3306 });
    await proxy.start();
  });
  afterAll(async () => {
    await sb?.stop();
    await proxy?.close();
    await db?.drop();
  });

  it('waits for the database and then starts', async () => {
    await proxy.cut('refuse');
    const via = new URL(db.url);
    via.hostname = '127.0.0.1';
    via.port = String(proxy.port);
    const starting = startSandbox({ DATABASE_URL: via.toString() });
    let started = false;
    void starting.then(() => (started = true));
    await new Promise((r) => setTimeout(r, 1500));
    expect(started).toBe(false);
    await proxy.restore();
    sb = await starting;
    expect((await sb.call('GET', '/healthz')).json).toEqual({ status: 'ok' });
  }, 60_000);

  it('says in /healthz that the database is down, but never what the database said', async () => {
    const group = sb!.room('resident');
    await proxy.cut('refuse');
    await sb!.say(group.id, sb!.member(group, 'resident').id, '8栋电梯又坏了');
    let health: { status: number; json: Record<string, unknown> } = { status: 0, json: {} };
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      health = await sb!.call('GET', '/healthz');
      if (health.json.database === 'down') break;
    }
    expect(health.status).toBe(200);
    expect(health.json).toMatchObject({ status: 'degraded', database: 'down' });
    const body = JSON.stringify(health.json);
    for (const leak of ['ECONNREFUSED', 'connect', String(proxy.port), '127.0.0.1', 'Error']) expect(body).not.toContain(leak);
    await proxy.restore();
    await sb!.settle();
  }, 60_000);

  it('gives up at once on a database it can never use', async () => {
    const wrong = new URL(db.url);
    wrong.username = 'nobody_here';
    wrong.password = 'wrong';
    const t0 = Date.now();
    await expect(connectDatabase(wrong.toString(), pino({ level: 'silent' }))).rejects.toThrow(/denied/i);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
