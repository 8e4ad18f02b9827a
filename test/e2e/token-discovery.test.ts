// Token-only puppet-service configuration, as an operator with a PadLocal-style token has it: no
// endpoint, the gateway found through the discovery service. The bot runs as its own process
// (src/main.ts) so that it trusts the local discovery stub's certificate the way Node does
// (NODE_EXTRA_CA_CERTS), against the world server in this process.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSandboxConfig } from '../../src/config/load-config.js';
import { startWorldServer, type WorldServer } from '../../src/chat/world/world-server.js';
import { freePortRun } from '../support/free-ports.js';
import { selfSignedCert, type SelfSignedCert } from '../support/self-signed-cert.js';
import { startDiscoveryStub, type DiscoveryStub } from '../support/discovery-stub.js';

const silent = { info() {}, warn() {}, error() {}, debug() {}, child() { return silent; } } as never;

interface BotRun {
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
  kill(signal: NodeJS.Signals): void;
}

describe('puppet-service token discovery', () => {
  let tls: SelfSignedCert;
  let stub: DiscoveryStub;
  let world: WorldServer;
  let dir: string;
  const token = `insecure_discovery${process.pid}`;

  function startBot(env: Record<string, string>): BotRun {
    let out = '';
    let err = '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_EXTRA_CA_CERTS: tls.certFile,
        WECHATY_PUPPET: 'wechaty-puppet-service',
        WECHATY_PUPPET_SERVICE_TOKEN: token,
        WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: 'true',
        WECHATY_NAME: path.join(dir, 'linli'),
        LINLI_CONFIG: 'config/staging.yaml',
        DATABASE_URL: `sqlite:${path.join(dir, `linli-${Math.random().toString(36).slice(2)}.db`)}`,
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    return {
      exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
      stdout: () => out,
      stderr: () => err,
      kill: (signal) => child.kill(signal),
    };
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'linli-discovery-'));
    tls = selfSignedCert();
    const grpcPort = await freePortRun(1);
    world = await startWorldServer({ config: loadSandboxConfig('config/sandbox.yaml'), host: '127.0.0.1', grpcPort, httpPort: 0, token, accounts: 1, log: silent });
    stub = await startDiscoveryStub(tls, { [token]: { host: '127.0.0.1', port: grpcPort } });
  });
  afterAll(async () => {
    await world?.stop();
    await stub?.close();
    tls?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finds the gateway through discovery, logs in and works', async () => {
    const port = await freePortRun(1);
    const bot = startBot({ WECHATY_PUPPET_SERVICE_AUTHORITY: stub.authority, PORT: String(port) });
    try {
      const deadline = Date.now() + 40_000;
      let health: unknown = null;
      while (Date.now() < deadline) {
        health = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.json(), () => null);
        if ((health as { status?: string } | null)?.status === 'ok') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(health, bot.stdout() + bot.stderr()).toEqual({ status: 'ok' });
      expect(world.world.primary.isConnected).toBe(true);
      // Asked once at start, and again by the gRPC channel's resolver (wechaty://…/token).
      expect(stub.asked.filter((t) => t === token).length).toBeGreaterThanOrEqual(2);

      world.world.post({ roomId: 'yg-1@chatroom', from: 'yg-chenjie', text: '3号楼单元门门禁坏了，门一直关不上' });
      await expect
        .poll(() => world.world.messages('yg-1@chatroom').messages.some((m) => m.from === 'linli-bot' && /#\d+/.test(m.text)), { timeout: 15_000 })
        .toBe(true);
    } finally {
      bot.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
    }
  });

  it('fails with one clear line and a non-zero exit when discovery cannot be reached', async () => {
    const closed = await freePortRun(1);
    const started = Date.now();
    const bot = startBot({ WECHATY_PUPPET_SERVICE_AUTHORITY: `127.0.0.1:${closed}`, LINLI_DISCOVERY_TRIES: '2', PORT: '0' });
    const code = await bot.exited;
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    const lines = bot.stderr().split('\n').filter((l) => l.trim());
    expect(lines, bot.stderr()).toHaveLength(1);
    expect(lines[0]).toContain(`cannot reach the discovery service at 127.0.0.1:${closed}`);
    expect(lines[0]).toContain('after 2 tries');
    expect(lines[0]).toContain('WECHATY_PUPPET_SERVICE_ENDPOINT');
    expect(bot.stdout() + bot.stderr()).not.toMatch(/\n\s+at /); // no stack trace anywhere
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
