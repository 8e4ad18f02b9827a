// The logger masks personal data in every value it writes, however deep, and in error messages,
// stacks and causes: a database error quoting a resident's report must not put their phone number
// in a log file.
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/config/logger.js';

const PHONE = '13812345678';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function logged(write: (log: ReturnType<typeof createLogger>) => void): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'linli-log-'));
  dirs.push(dir);
  const file = path.join(dir, 'linli.log');
  const log = createLogger({ level: 'info', pretty: false, file });
  write(log);
  log.info('done-marker');
  // The file target is a worker thread: wait for the last line.
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && !(existsSync(file) && readFileSync(file, 'utf8').includes('done-marker'))) await new Promise((r) => setTimeout(r, 20));
  return readFileSync(file, 'utf8');
}

describe('the logger', () => {
  it('masks values at every depth', async () => {
    let deep: Record<string, unknown> = { text: `我的电话 ${PHONE}` };
    for (let i = 0; i < 12; i++) deep = { level: i, inner: deep, list: [deep.text] };
    const out = await logged((log) => log.info({ deep }, 'nested'));
    expect(out).toContain('nested');
    expect(out).not.toContain(PHONE);
  });

  it('masks error messages, stacks and causes, under any key', async () => {
    const cause = Object.assign(new Error(`duplicate entry '${PHONE}'`), { sql: `INSERT INTO tickets (text) VALUES ('电话${PHONE}')`, parameters: [`电话${PHONE}`] });
    const err = new Error(`failed for ${PHONE}`, { cause });
    err.stack = `Error: failed for ${PHONE}\n    at handle (/app/src/app/intake.ts:1:1)`;
    const out = await logged((log) => {
      log.error({ err }, 'with err');
      log.error({ failure: err, nested: { deeper: { err } } }, 'under other keys');
    });
    expect(out).toContain('with err');
    expect(out).toContain('under other keys');
    expect(out).toContain('intake.ts'); // the stack is still there, masked
    expect(out).not.toContain(PHONE);
  });
});
