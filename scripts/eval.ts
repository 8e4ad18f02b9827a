// The evaluation CLI (design.md "Evaluation CLI (contract)"):
//
//   npm run eval -- <corpus.jsonl> [--json] [--roster <file>] [--errors N] [--trace]
//
// --trace: also print, line by line, what conversation understanding made of each message.
// --roster: a text file, one staff sender per line, spelled as in the corpus' `sender` field (blank
// lines and lines starting with # are skipped). Their messages go through conversation
// understanding as a staff member's do in a resident group: answers, never requests.
// Runs the classifier live intake uses (createClassifier: rules + local model, and the LLM when
// LLM_MODE is cascade or always — default off here) over a labelled corpus and prints request
// precision/recall/F1, category accuracy and macro-F1 over true requests, urgent precision/recall,
// PII recall (labelled PII substrings that maskPii removes), LLM call rate and ms per message,
// then a confusion matrix and the misclassified lines. With --json the last line is the
// contract's JSON object.
import { readFileSync } from 'node:fs';
import pino from 'pino';
import type { Classification } from '../src/classify/classification.js';
import { createClassifier } from '../src/classify/create-classifier.js';
import { loadEnv } from '../src/config/env.js';
import { loadConfig } from '../src/config/load-config.js';
import { maskPii } from '../src/domain/mask-pii.js';
import { formatConfusion, readCorpus, score, type CorpusLine } from './lib-corpus.js';
import { runConversation, scoreBursts, scoreDuplicates } from './lib-conversation-eval.js';

function usage(): never {
  console.error('usage: npm run eval -- <corpus.jsonl> [--json] [--roster <file>] [--errors N]');
  process.exit(2);
}

async function main() {
  const argv = process.argv.slice(2);
  const json = argv.includes('--json');
  let maxErrors = 200;
  let rosterFile: string | null = null;
  let trace = false;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') continue;
    else if (argv[i] === '--trace') trace = true;
    else if (argv[i] === '--errors') maxErrors = Number(argv[++i]);
    else if (argv[i] === '--roster') rosterFile = argv[++i] ?? usage();
    else if (argv[i].startsWith('--')) usage();
    else files.push(argv[i]);
  }
  if (files.length !== 1) usage();

  const env = loadEnv(process.env);
  // The contract: LLM_MODE from the environment, off unless set.
  const llmMode = process.env.LLM_MODE ? env.llmMode : 'off';
  const { config } = loadConfig({ configFile: env.CONFIG_FILE });
  const log = pino({ level: process.env.LOG_LEVEL === 'debug' ? 'debug' : 'warn' }, pino.destination(2));
  const classifier = createClassifier({ config, env: { ...env, llmMode }, clock: { now: () => new Date() }, log });
  const lines = readCorpus(files[0]);
  const staff = rosterFile ? readRoster(rosterFile) : new Set<string>();
  const categories = config.categories.map((c) => c.code);

  // The same conversation understanding as live intake: bursts, co-reports, repeat reports.
  // A live bot is warm: run 100 lines once through an offline classifier (never the LLM, so the
  // call rate and the LLM cache are untouched) before the timed run — written backwards, so that
  // no cache inside the pipeline has seen the timed texts.
  const offline = createClassifier({ config, env: { ...env, llmMode: 'off' }, clock: { now: () => new Date() } });
  const warmUp = lines.slice(0, 100).map((l) => ({ ...l, text: [...l.text].reverse().join('') }));
  await runConversation(warmUp, offline, { staff });
  const run = await runConversation(lines, classifier, { staff });
  const predictions: Classification[] = run.predictions;
  const scored = score(lines, predictions, { mask: maskPii, totalMs: run.totalMs, categories });
  const m = { ...scored.metrics, burst: scoreBursts(lines, run.burstOf), duplicate: scoreDuplicates(lines, run.linkedTo) };
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const sources = predictions.reduce<Record<string, number>>((acc, p) => ((acc[p.source] = (acc[p.source] ?? 0) + 1), acc), {});
  const out: string[] = [];
  out.push(`corpus ${files[0]}: ${m.messages} messages, LLM_MODE=${llmMode}`);
  if (rosterFile) {
    const staffLines = lines.filter((l) => staff.has(l.sender)).length;
    out.push(`roster     ${rosterFile}: ${staff.size} staff senders, ${staffLines} of their lines treated as staff answers`);
  }
  out.push(`request    precision ${pct(m.request.precision)}  recall ${pct(m.request.recall)}  F1 ${m.request.f1.toFixed(3)}`);
  out.push(
    `category   accuracy ${pct(m.category.accuracy)}  macro-F1 ${m.category.macroF1.toFixed(3)}  (over true requests; ${pct(scored.strictCategoryAccuracy)} if a missed request counts as wrong)`,
  );
  out.push(`urgent     precision ${pct(m.urgent.precision)}  recall ${pct(m.urgent.recall)}`);
  out.push(`pii        recall ${pct(m.pii.recall)}`);
  out.push(`llm        call rate ${pct(m.llmCallRate)}   sources ${JSON.stringify(sources)}`);
  out.push(`speed      ${m.msPerMessage.toFixed(3)} ms per message (wall clock), ${(run.cpuMs / Math.max(1, lines.length)).toFixed(3)} ms of CPU`);
  out.push(`burst      pairwise precision ${pct(m.burst.precision)}  recall ${pct(m.burst.recall)}  F1 ${m.burst.f1.toFixed(3)}`);
  out.push(`duplicate  link precision ${pct(m.duplicate.precision)}  recall ${pct(m.duplicate.recall)}`);
  out.push('', 'confusion over true requests (rows gold, columns predicted; "-" = not detected as a request):');
  out.push(formatConfusion(scored.confusion, categories));
  out.push('', `misclassified (${scored.errors.length}):`);
  for (const e of scored.errors.slice(0, maxErrors)) {
    const gold = e.line.isRequest ? `${e.line.category}/${e.line.urgency}` : 'not a request';
    const pred = e.predicted.isRequest ? `${e.predicted.category}/${e.predicted.urgency}` : 'not a request';
    out.push(`  ${e.line.id}  [${e.kinds.join('; ')}]  gold ${gold}  got ${pred} (${e.predicted.source})`);
    out.push(`      ${e.line.text.replace(/\s+/g, ' ').slice(0, 100)}`);
    out.push(`      ${e.predicted.reason}`);
  }
  const links = linkErrors(lines, run.linkedTo, run.burstOf);
  if (links.length) {
    out.push('', `conversation links wrong or missed (${links.length}):`);
    for (const l of links.slice(0, maxErrors)) out.push(`  ${l}`);
  }
  if (trace) {
    out.push('', 'trace (line, sender, understanding, text):');
    lines.forEach((l, i) => out.push(`  ${l.id}  ${l.sender.slice(0, 10).padEnd(10)}  ${run.kinds[i]!.padEnd(22)}  ${l.text.replace(/\s+/g, ' ').slice(0, 50)}`));
  }
  if (scored.piiMissed.length) {
    out.push('', `PII not masked (${scored.piiMissed.length}):`);
    for (const p of scored.piiMissed) out.push(`  ${p.id}  "${p.pii}"  → ${p.masked.slice(0, 100)}`);
  }
  console.log(out.join('\n'));
  if (json) console.log(JSON.stringify(m));
}

/** Lines whose duplicate link or burst grouping differs from the labels, one line each. */
function linkErrors(lines: readonly CorpusLine[], linkedTo: ReadonlyArray<number | null>, burstOf: ReadonlyArray<number | null>): string[] {
  const index = new Map(lines.map((l, i) => [l.id, i]));
  const short = (i: number) => `${lines[i]!.id} "${lines[i]!.text.replace(/\s+/g, ' ').slice(0, 40)}"`;
  const sameReport = (a: number, b: number) => a === b || (lines[a]!.burst !== null && lines[a]!.burst === lines[b]!.burst);
  const out: string[] = [];
  lines.forEach((line, i) => {
    const labelled = line.duplicateOf ? index.get(line.duplicateOf) : undefined;
    // One's own earlier line is not a duplicate (as scoreDuplicates counts).
    const gold = labelled !== undefined && lines[labelled]!.sender !== line.sender ? labelled : undefined;
    const link = linkedTo[i];
    if (gold !== undefined && (link === null || link === undefined)) out.push(`missed link   ${short(i)} → ${short(gold)}`);
    else if (link !== null && link !== undefined && (gold === undefined || !sameReport(link, gold))) {
      out.push(`wrong link    ${short(i)} → ${short(link)}${gold !== undefined ? ` (should be ${lines[gold]!.id})` : ''}`);
    }
    const b = burstOf[i];
    const first = line.burst ? lines.findIndex((o) => o.burst === line.burst) : i;
    if (first < i && (b === null || b === undefined || b !== burstOf[first])) out.push(`burst split   ${short(i)} from ${short(first)}`);
    if (b !== null && b !== undefined && b !== i && (!line.burst || lines[b]!.burst !== line.burst)) out.push(`burst wrong   ${short(i)} joined ${short(b)}`);
  });
  return out;
}

/** One staff sender per line, spelled as in the corpus; blank lines and # comments skipped. */
function readRoster(file: string): Set<string> {
  return new Set(
    readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  );
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
