// Logging in as an operator meets it, with the bot as its own process in production mode
// (src/main.ts, wechaty-puppet-service over real gRPC): a world that waits for a scan, a gateway
// that is not there, WeChat's login server out of reach (wechat4u), a database that is down, a
// gateway that goes away under a running bot. At every phase SIGTERM ends the process with code 0
// within 10 s; a start that keeps failing is one line per failure and an exit code 1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSandboxConfig } from '../../src/config/load-config.js';
import { startWorldServer, type WorldServer } from '../../src/chat/world/world-server.js';
import { qrSvg } from '../../src/web/qr-svg.js';
import { freePortRun } from '../support/free-ports.js';
import { startBotProcess, type BotProcess } from '../support/bot-process.js';

const silent = { info() {}, warn() {}, error() {}, debug() {}, child() { return silent; } } as never;
const CONSOLE_TOKEN = 'login-test-console-token-0123456789';
const BOT = 'linli-bot';
const STACK = /\n\s+at /;

/** Exit times after SIGTERM, by phase, printed at the end (the report quotes them). */
const stopTimes: Record<string, number> = {};

describe('logging in to WeChat as an operator meets it', () => {
  let dir: string;
  const token = `insecure_login${process.pid}`;
  const bots: BotProcess[] = [];

  function botEnv(extra: Record<string, string>): Record<string, string> {
    return {
      WECHATY_PUPPET: 'wechaty-puppet-service',
      WECHATY_PUPPET_SERVICE_TOKEN: token,
      WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: 'true',
      WECHATY_NAME: path.join(dir, `linli-${Math.random().toString(36).slice(2)}`),
      LINLI_CONFIG: 'config/staging.yaml',
      DATABASE_URL: `sqlite:${path.join(dir, `linli-${Math.random().toString(36).slice(2)}.db`)}`,
      CONSOLE_TOKEN,
      ...extra,
    };
  }

  async function bot(extra: Record<string, string>): Promise<BotProcess> {
    const b = startBotProcess(botEnv(extra), await freePortRun(1));
    bots.push(b);
    return b;
  }

  async function sigterm(b: BotProcess, phase: string): Promise<void> {
    const { code, ms } = await b.signal('SIGTERM');
    stopTimes[phase] = ms;
    expect(code, b.stdout() + b.stderr()).toBe(0);
    expect(ms).toBeLessThan(10_000);
  }

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'linli-login-'));
  });
  afterAll(() => {
    for (const b of bots) b.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
    console.log(`exit after SIGTERM, by phase (ms): ${JSON.stringify(stopTimes)}`);
  });

  describe('a world that waits for a scan', () => {
    let world: WorldServer;
    beforeAll(async () => {
      const grpcPort = await freePortRun(1);
      world = await startWorldServer({ config: loadSandboxConfig('config/sandbox.yaml'), host: '127.0.0.1', grpcPort, httpPort: 0, token, accounts: 1, log: silent, login: 'scan' });
    });
    afterAll(async () => {
      await world?.stop();
    });
    const account = () => world.world.accounts[0]!;
    const endpoint = () => ({ WECHATY_PUPPET_SERVICE_ENDPOINT: world.endpoints[0]! });

    it('says so in /healthz, shows the QR code only to a signed-in admin, and stops on SIGTERM', async () => {
      const b = await bot(endpoint());
      const health = await b.waitForHealth((h) => h.json?.status === 'waiting_for_scan');
      expect(health.status).toBe(503);
      const qrCode = account().pendingQrCode!;
      expect(qrCode).toMatch(/^linli-world:\/\/login\//);

      // No session: sent to the sign-in page; the API twin of a console path answers 401.
      const anonymous = await fetch(`${b.url}/console/wechat`, { redirect: 'manual' });
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.get('location')).toMatch(/^\/console\/login/);
      expect(await anonymous.text()).not.toContain('<svg');

      const page = await fetch(`${b.url}/console/wechat`, { headers: { authorization: `Bearer ${CONSOLE_TOKEN}` } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('data-phase="waiting_for_scan"');
      // The QR code of the gateway's payload, rendered here: the page's SVG is exactly it.
      expect(html).toContain(await qrSvg(qrCode));
      expect(html).not.toContain(qrCode); // the payload itself is not on the page as text
      expect(html).not.toMatch(/wechaty\.js\.org|api\.qrserver|chart\.googleapis/);

      // The log says where to look, never what the code is.
      expect(b.stdout()).toContain('/console/wechat');
      expect(b.stdout()).not.toContain(qrCode);
      expect(b.stdout() + b.stderr()).not.toContain('wechaty.js.org');
      expect(b.stderr()).toBe('');

      await sigterm(b, 'waiting for the scan');
    });

    it('logs in when the account scans, runs, and stops on SIGTERM', async () => {
      const b = await bot(endpoint());
      await b.waitForHealth((h) => h.json?.status === 'waiting_for_scan');
      const scanned = await fetch(`${world.httpUrl}/api/world/accounts/${BOT}/scan`, { method: 'POST' });
      expect(scanned.status).toBe(200);
      const ok = await b.waitForHealth((h) => h.status === 200);
      expect(ok.json).toEqual({ status: 'ok' });
      const page = await (await fetch(`${b.url}/console/wechat`, { headers: { authorization: `Bearer ${CONSOLE_TOKEN}` } })).text();
      expect(page).toContain('data-phase="logged_in"');
      expect(page).not.toContain('<svg');

      // The bot works: a report is acknowledged in its group.
      world.world.post({ roomId: 'yg-1@chatroom', from: 'yg-chenjie', text: '3号楼单元门门禁坏了，门一直关不上' });
      await expect.poll(() => world.world.messages('yg-1@chatroom').messages.some((m) => m.from === BOT && /#\d+/.test(m.text)), { timeout: 20_000 }).toBe(true);

      // WeChat logs the account out: degraded, a new QR code on the page, and a scan brings it back.
      const out = (await (await fetch(`${world.httpUrl}/api/world/accounts/${BOT}/logout`, { method: 'POST' })).json()) as { qrCode: string };
      expect(out.qrCode).toBeTruthy();
      const degraded = await b.waitForHealth((h) => h.json?.login === 'waiting_for_scan');
      expect(degraded.status).toBe(200);
      expect(degraded.json).toMatchObject({ status: 'degraded', wechat: 'logged_out', login: 'waiting_for_scan' });
      const again = await (await fetch(`${b.url}/console/wechat`, { headers: { authorization: `Bearer ${CONSOLE_TOKEN}` } })).text();
      expect(again).toContain(await qrSvg(out.qrCode));
      await fetch(`${world.httpUrl}/api/world/accounts/${BOT}/scan`, { method: 'POST' });
      await b.waitForHealth((h) => h.json?.status === 'ok');

      await sigterm(b, 'running');
    });
  });

  it('stops on SIGTERM while it waits for the database', async () => {
    const closed = await freePortRun(1);
    const b = await bot({ WECHATY_PUPPET_SERVICE_ENDPOINT: '127.0.0.1:1', DATABASE_URL: `mariadb://linli:x@127.0.0.1:${closed}/linli` });
    await b.waitForLog(/cannot reach the database: waiting for it/);
    // Into its backoff: the next try is seconds away.
    await new Promise((r) => setTimeout(r, 1500));
    await sigterm(b, 'waiting for the database');
  });

  it('gives up after LINLI_START_TRIES failed starts against a gateway that is not there: one line each, exit 1', async () => {
    const closed = await freePortRun(1);
    const b = await bot({ WECHATY_PUPPET_SERVICE_ENDPOINT: `127.0.0.1:${closed}`, LINLI_START_TRIES: '2' });
    expect(await b.exited).toBe(1);
    const failures = b.stdout().split('\n').filter((l) => l.includes('could not connect to WeChat'));
    expect(failures, b.stdout()).toHaveLength(2);
    expect(failures[0]).toContain('(1 of 2)');
    expect(failures[0]).toContain(`ECONNREFUSED 127.0.0.1:${closed}`);
    expect(failures[1]).toContain('(2 of 2)');
    const stderr = b.stderr().split('\n').filter((l) => l.trim());
    expect(stderr, b.stderr()).toHaveLength(1);
    expect(stderr[0]).toMatch(/^Linli gave up starting: could not connect to WeChat in 2 tries/);
    expect(b.stdout() + b.stderr()).not.toMatch(STACK);
    // Everything else it said is the start-up's few lines.
    expect(b.stdout().split('\n').filter((l) => l.trim()).length).toBeLessThanOrEqual(8);
  });

  it('stops on SIGTERM between two failed starts', async () => {
    const closed = await freePortRun(1);
    const b = await bot({ WECHATY_PUPPET_SERVICE_ENDPOINT: `127.0.0.1:${closed}`, LINLI_START_TRIES: '10' });
    await b.waitForLog(/could not connect to WeChat \(1 of 10\)/);
    await sigterm(b, 'retrying a failed start');
  });

  it('wechat4u without a way to WeChat: one line per failed start, no stack traces, exit 1', async () => {
    const closed = await freePortRun(1);
    // A proxy that refuses: WeChat's login server is out of reach whatever this machine's network.
    const b = await bot({ WECHATY_PUPPET: 'wechaty-puppet-wechat4u', HTTPS_PROXY: `http://127.0.0.1:${closed}`, HTTP_PROXY: `http://127.0.0.1:${closed}`, LINLI_START_TRIES: '3' });
    expect(await b.exited).toBe(1);
    const failures = b.stdout().split('\n').filter((l) => l.includes('could not connect to WeChat'));
    expect(failures, b.stdout()).toHaveLength(3);
    expect(b.stdout() + b.stderr()).not.toMatch(STACK);
    expect(b.stderr()).not.toContain('unhandled rejection');
    expect(b.stdout().length + b.stderr().length).toBeLessThan(5000);
  });

  describe('a gateway that goes away under a running bot', () => {
    let world: WorldServer | null = null;
    let grpcPort: number;
    const startWorld = async () => {
      world = await startWorldServer({ config: loadSandboxConfig('config/sandbox.yaml'), host: '127.0.0.1', grpcPort, httpPort: 0, token, accounts: 1, log: silent, heartbeatMs: 1000 });
    };
    beforeAll(async () => {
      grpcPort = await freePortRun(1);
      await startWorld();
    });
    afterAll(async () => {
      await world?.stop();
    });

    it('reconnects when the gateway is back, carries on, and stops on SIGTERM while reconnecting', async () => {
      const b = await bot({ WECHATY_PUPPET_SERVICE_ENDPOINT: `127.0.0.1:${grpcPort}` });
      await b.waitForHealth((h) => h.json?.status === 'ok');

      await world!.stop();
      world = null;
      await b.waitForHealth((h) => h.json?.wechat === 'logged_out');
      await b.waitForLog(/lost the connection to the WeChat gateway/);
      // Down for a while: several reconnection attempts fail meanwhile.
      await new Promise((r) => setTimeout(r, 5000));
      await startWorld();
      await b.waitForHealth((h) => h.json?.status === 'ok', 60_000);
      world!.world.post({ roomId: 'hp-1@chatroom', from: 'hp-lidaye', text: '小区东门口的路灯不亮了，晚上走路看不清，麻烦派人修一下' });
      await expect.poll(() => world!.world.messages('hp-1@chatroom').messages.some((m) => m.from === BOT && /#\d+/.test(m.text)), { timeout: 20_000 }).toBe(true);

      await world!.stop();
      world = null;
      await b.waitForHealth((h) => h.json?.wechat === 'logged_out');
      await sigterm(b, 'reconnecting to a lost gateway');
      expect(b.stdout() + b.stderr()).not.toMatch(STACK);
    });
  });
});
