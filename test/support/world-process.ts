// The world server (`npm run world`) as a separate process, as an operator runs it: started from
// src/world-main.ts, stopped with SIGTERM, restartable on the same ports.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePortRun } from './free-ports.js';

export interface WorldProcess {
  grpcPort: number;
  httpUrl: string;
  token: string;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startWorldProcess(env: Record<string, string> = {}): Promise<WorldProcess> {
  const accounts = Number(env.WORLD_ACCOUNTS ?? '1');
  const base = await freePortRun(accounts + 1);
  const grpcPort = base;
  const httpPort = base + accounts;
  // A token of its own per run: puppet-service clients keep a payload cache per token in ~/.wechaty.
  const token = `insecure_test${process.pid}${Math.random().toString(36).slice(2, 8)}`;
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  let child: ChildProcess | null = null;
  let log = '';

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(httpUrl + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any = text;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, json };
  };

  async function launch(): Promise<void> {
    child = spawn(process.execPath, ['--import', 'tsx', 'src/world-main.ts'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        WORLD_GRPC_PORT: String(grpcPort),
        WORLD_HTTP_PORT: String(httpPort),
        WORLD_TOKEN: token,
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (log += d));
    child.stderr!.on('data', (d) => (log += d));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the world server exited (${child.exitCode}):\n${log}`);
      const up = await fetch(`${httpUrl}/healthz`).then((r) => r.ok, () => false);
      if (up) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the world server did not come up:\n${log}`);
  }

  async function terminate(): Promise<void> {
    const c = child;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (c.exitCode === null) c.kill('SIGKILL');
  }

  await launch();
  return {
    grpcPort,
    httpUrl,
    token,
    output: () => log,
    call,
    async restart() {
      await terminate();
      await launch();
    },
    stop: terminate,
  };
}
