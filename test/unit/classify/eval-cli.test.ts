// The evaluation CLI keeps the contract: the last line of `--json` output is the metrics object.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

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
});
