// The digest chart, drawn in a child process that exits when the picture is done. ECharts, resvg and
// the font, once imported, stay for the life of the process — for one picture a night: in the bot,
// 180 → 207 MB after a digest (bench:memory); drawn here, 178 → 180 MB.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DigestFigures } from '../domain/digest-model.js';
import type { DigestNames } from './digest-text.js';

const HERE = fileURLToPath(import.meta.url);
// Under tsx (npm start, the tests) the child is TypeScript too and needs tsx to load it.
const TYPESCRIPT = path.extname(HERE) === '.ts';
const CHILD = path.join(path.dirname(HERE), `digest-chart-child${path.extname(HERE)}`);
const TIMEOUT_MS = 60_000;

/** What the child needs: the figures and the names the chart shows, as plain data. */
export interface ChartRequest {
  figures: DigestFigures;
  names: { district: string; timezone: string; repeatDays: number; communities: Record<string, string>; categories: Record<string, string> };
}

export function chartRequest(f: DigestFigures, names: DigestNames): ChartRequest {
  const communities: Record<string, string> = {};
  const categories: Record<string, string> = {};
  for (const b of f.breakdown) {
    communities[b.community] = names.community(b.community);
    categories[b.category] = names.category(b.category);
  }
  return { figures: f, names: { district: names.district, timezone: names.timezone, repeatDays: names.repeatDays, communities, categories } };
}

/** The chart as PNG bytes, drawn by a child process (rejects if it fails or takes over a minute). */
export function renderDigestChartApart(f: DigestFigures, names: DigestNames): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const loader = TYPESCRIPT ? ['--import', import.meta.resolve('tsx')] : [];
    const child = spawn(process.execPath, [...loader, CHILD], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const png = Buffer.concat(out);
      if (code === 0 && png.length > 0) resolve(png);
      else reject(new Error(`digest chart process ended with ${signal ?? `code ${code}`}: ${Buffer.concat(err).toString().trim().slice(-500)}`));
    });
    child.stdin.end(JSON.stringify(chartRequest(f, names)));
  });
}
