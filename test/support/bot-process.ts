// The bot as an operator runs it: its own process (src/main.ts), production mode, signals and exit
// codes for real. Tests read what it wrote, its /healthz, and how long it took to exit.
import { spawn } from 'node:child_process';

export interface BotProcess {
  port: number;
  url: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal it did not handle). */
  exited: Promise<number | null>;
  /** Sends `signal` and resolves with the exit code and the milliseconds it took to exit. */
  signal(signal: NodeJS.Signals, timeoutMs?: number): Promise<{ code: number | null; ms: number }>;
  health(): Promise<{ status: number; json: any } | null>;
  /** Polls /healthz until `accept` says yes. */
  waitForHealth(accept: (h: { status: number; json: any }) => boolean, timeoutMs?: number): Promise<{ status: number; json: any }>;
  /** Waits for a log line (stdout) matching `pattern`. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<void>;
  kill(): void;
}

export function startBotProcess(env: Record<string, string>, port: number): BotProcess {
  let out = '';
  let err = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const context = () => `\n--- stdout ---\n${out.slice(-4000)}\n--- stderr ---\n${err.slice(-2000)}`;

  const health = async () => {
    try {
      const res = await fetch(`${url}/healthz`);
      return { status: res.status, json: await res.json() };
    } catch {
      return null;
    }
  };

  return {
    port,
    url,
    stdout: () => out,
    stderr: () => err,
    exited,
    async signal(signal, timeoutMs = 15_000) {
      const sent = Date.now();
      child.kill(signal);
      const code = await Promise.race([exited, new Promise<'late'>((r) => setTimeout(() => r('late'), timeoutMs))]);
      if (code === 'late') {
        child.kill('SIGKILL');
        throw new Error(`the bot did not exit within ${timeoutMs} ms of ${signal}${context()}`);
      }
      return { code, ms: Date.now() - sent };
    },
    health,
    async waitForHealth(accept, timeoutMs = 40_000) {
      const deadline = Date.now() + timeoutMs;
      let last: { status: number; json: any } | null = null;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`the bot exited (${child.exitCode})${context()}`);
        last = await health();
        if (last && accept(last)) return last;
        await new Promise((r) => setTimeout(r, 150));
      }
      throw new Error(`/healthz never said what was expected (last: ${JSON.stringify(last)})${context()}`);
    },
    async waitForLog(pattern, timeoutMs = 40_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (pattern.test(out)) return;
        if (child.exitCode !== null) throw new Error(`the bot exited (${child.exitCode}) before logging ${pattern}${context()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`the bot never logged ${pattern}${context()}`);
    },
    kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
