// The console half of `npm run bench`: the bot's HTTP server in a child process on the bench
// database (so its RSS is the serving process's alone), the dashboard API timed as the admin
// token sees it (every community), and a full year's export streamed through it in both formats.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { localDateKey } from '../src/domain/calendar.js';
import { createDataSource } from '../src/store/data-source.js';
import { ChangeFeed } from '../src/web/change-feed.js';
import { buildServer } from '../src/web/server.js';
import { benchContext } from './lib-bench-context.js';

const TOKEN = 'bench-console-token';
const SAMPLE_MS = 10;

type FromServer = { port: number; rss: number } | { peak: number; rss: number };

/** Child side: serve the console and report the highest RSS seen since the last question. */
async function serve(databaseUrl: string, now: Date): Promise<void> {
  const ds = createDataSource(databaseUrl);
  await ds.initialize();
  // Info logs to stdout: the parent reads the export's own row count from them.
  const ctx = benchContext(ds, now, pino({ level: 'info' }));
  const app = buildServer({
    store: ctx.store,
    health: { ready: () => true },
    log: ctx.log,
    sandbox: false,
    consoleToken: TOKEN,
    console: { ctx, changes: new ChangeFeed() },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  let peak = process.memoryUsage().rss;
  setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), SAMPLE_MS).unref();
  const address = app.server.address();
  process.send!({ port: typeof address === 'object' && address ? address.port : 0, rss: process.memoryUsage().rss });
  process.on('message', async (m) => {
    if (m === 'peak') {
      const rss = process.memoryUsage().rss;
      process.send!({ peak: Math.max(peak, rss), rss });
      peak = rss;
    } else if (m === 'stop') {
      await app.close();
      await ds.destroy();
      process.exit(0);
    }
  });
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

export async function benchConsole(databaseUrl: string, now: Date, timezone: string, runs: number, exports = true): Promise<string[]> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', databaseUrl, String(now.getTime())], {
    // The V8 flags `npm run start:prod` runs the bot with (docs/deployment.md).
    execArgv: ['--import', 'tsx', '--max-semi-space-size=2', '--heap-growing-percent=20'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const exportRows: number[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      const entry = JSON.parse(line) as { msg?: string; rows?: number };
      if (entry.msg === 'console export' && typeof entry.rows === 'number') exportRows.push(entry.rows);
    } catch {
      // not a log line
    }
  });
  const ask = async (m: string) => {
    child.send(m);
    const [answer] = (await once(child, 'message')) as [FromServer];
    return answer;
  };
  try {
    const [ready] = (await once(child, 'message')) as [FromServer & { port: number }];
    const base = `http://127.0.0.1:${ready.port}`;
    const get = (path: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const lines: string[] = [`console server (child process): RSS at start ${mb(ready.rss)}`];

    for (const range of ['today', 'week']) {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        const res = await get(`/api/console/dashboard?range=${range}`);
        if (!res.ok) throw new Error(`dashboard answered ${res.status}: ${await res.text()}`);
        await res.json();
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      const median = Math.round(times[Math.floor(times.length / 2)]!);
      lines.push(`dashboard API (${range}):${' '.repeat(16 - range.length)}median ${median} ms, max ${Math.round(times.at(-1)!)} ms  [target < 500 ms at 1M, < 2000 ms at 10M]`);
    }

    if (!exports) return lines;
    // A full year: the 366 local days ending today (the longest range the console allows).
    const from = localDateKey(new Date(now.getTime() - 365 * 86_400_000), timezone);
    const to = localDateKey(now, timezone);
    for (const format of ['csv', 'xlsx'] as const) {
      await ask('peak');
      const start = performance.now();
      const res = await get(`/api/console/export.${format}?from=${from}&to=${to}`);
      if (!res.ok || !res.body) throw new Error(`export answered ${res.status}: ${await res.text()}`);
      let bytes = 0;
      let newlines = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
        if (format === 'csv') for (const b of chunk) if (b === 10) newlines++;
      }
      const seconds = (performance.now() - start) / 1000;
      const { peak } = (await ask('peak')) as { peak: number };
      await new Promise((resolve) => setTimeout(resolve, 50));
      const rows = exportRows.at(-1) ?? NaN;
      const counted = format === 'csv' ? ` (${newlines - 1} lines after the header)` : '';
      lines.push(
        `export ${from}..${to} ${format.padEnd(4)}: ${seconds.toFixed(1)} s, ${rows} rows${counted}, ${mb(bytes)}, peak RSS ${mb(peak)}  [target < 250 MB]`,
      );
    }
    return lines;
  } finally {
    child.send('stop');
    await once(child as ChildProcess, 'exit');
  }
}

if (process.argv[2] === '--serve') {
  serve(process.argv[3]!, new Date(Number(process.argv[4]))).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
