// The evaluation CLI keeps the contract: the last line of `--json` output is the metrics object.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const run = (...args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/eval.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, LLM_MODE: '', OPENAI_BASE_URL: '', LOG_LEVEL: 'silent' },
  });
const lastJson = (out: string) => JSON.parse(out.trim().split('\n').at(-1)!);

describe('npm run eval', () => {
  it('prints the contract JSON as its last line', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/eval.ts', 'test/fixtures/heldout.jsonl', '--json'], {
      encoding: 'utf8',
      env: { ...process.env, LLM_MODE: '', OPENAI_BASE_URL: '', LOG_LEVEL: 'silent' },
    });
    const lines = out.trim().split('\n');
    expect(lines[0]).toContain('heldout.jsonl');
    expect(out).toContain('confusion');
    const m = JSON.parse(lines.at(-1)!);
    expect(Object.keys(m)).toEqual(['messages', 'request', 'category', 'urgent', 'pii', 'llmCallRate', 'msPerMessage', 'burst', 'duplicate']);
    expect(Object.keys(m.burst)).toEqual(['precision', 'recall', 'f1']);
    expect(Object.keys(m.duplicate)).toEqual(['precision', 'recall']);
    expect(Object.keys(m.request)).toEqual(['precision', 'recall', 'f1']);
    expect(Object.keys(m.category)).toEqual(['accuracy', 'macroF1']);
    expect(Object.keys(m.urgent)).toEqual(['precision', 'recall']);
    expect(Object.keys(m.pii)).toEqual(['recall']);
    expect(m.messages).toBe(151);
    expect(m.llmCallRate).toBe(0);
    expect(m.pii.recall).toBeGreaterThanOrEqual(0.97);
  });

  it('--roster reads the listed senders as staff: their answers in a resident group are not requests', () => {
    const dir = mkdtempSync(join(tmpdir(), 'linli-eval-'));
    const line = (id: string, sender: string, text: string, request: boolean) =>
      JSON.stringify({ id, group: '幸福里邻里群', sender, text, is_request: request, category: request ? 'property' : null, urgency: request ? 'normal' : null, pii: [], burst: null, duplicate_of: null });
    const corpus = join(dir, 'corpus.jsonl');
    writeFileSync(
      corpus,
      [
        line('t-1', '5栋李阿姨', '5栋电梯又坏了 停在9楼不动 老人下不了楼 物业快来看看', true),
        // An official telling residents about the same lift reads like a report on its own.
        line('t-2', '幸福里物业-小王', '5栋电梯坏了 停在9楼 维保师傅正在赶来 能不能大家先走楼梯', false),
      ].join('\n') + '\n',
    );
    const roster = join(dir, 'staff.txt');
    writeFileSync(roster, '# officials in the resident groups\n幸福里物业-小王\n');
    const without = lastJson(run(corpus, '--json'));
    const withRoster = run(corpus, '--json', '--roster', roster);
    expect(withRoster).toContain('1 staff senders, 1 of their lines treated as staff answers');
    expect(lastJson(withRoster).request).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(without.request.precision).toBeLessThan(1);
  });
});
