// Retrains the local model and writes config/model.json.
//
//   npm run train                                  # every config/training/*.jsonl, and for the
//                                                  # category head also config/training/development/*.jsonl
//   npm run train -- a.jsonl b.jsonl               # these corpora instead (and no category-only sets)
//   --category-from f.jsonl                        # f teaches the category head only (repeatable)
//   npm run train -- --cv 5                        # also k-fold cross-validation (printed, stored in the file)
//   npm run train -- --test heldout.jsonl          # also score a held-out corpus the model never saw
//   npm run train -- --no-write --cv 5             # measure only
//   --out path   write elsewhere (default config/model.json)
//   --config f   taxonomy from this YAML (default $LINLI_CONFIG or config/linli.yaml)
import { readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadConfig } from '../src/config/load-config.js';
import { createKeywordRules, type KeywordRules } from '../src/classify/keyword-rules.js';
import { LocalModel } from '../src/classify/local-model.js';
import { createOfflineClassifier } from '../src/classify/offline-classifier.js';
import { trainLocalModel, type LabelledMessage } from '../src/classify/train-local-model.js';
import { readCorpus, score, toTrainingExamples, type ContractMetrics, type CorpusLine } from './lib-corpus.js';

interface Args {
  files: string[];
  out: string;
  write: boolean;
  cv: number;
  tests: string[];
  categoryFrom: string[];
  configFile: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    files: [],
    out: 'config/model.json',
    write: true,
    cv: 0,
    tests: [],
    categoryFrom: [],
    configFile: process.env.LINLI_CONFIG || process.env.CONFIG_FILE || 'config/linli.yaml',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') args.out = argv[++i];
    else if (a === '--no-write') args.write = false;
    else if (a === '--cv') args.cv = Number(argv[++i]);
    else if (a === '--test') args.tests.push(argv[++i]);
    else if (a === '--category-from') args.categoryFrom.push(argv[++i]);
    else if (a === '--config') args.configFile = argv[++i];
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run train -- [corpus.jsonl …] [--category-from f.jsonl …] [--cv K] [--test heldout.jsonl] [--out config/model.json] [--no-write]');
      process.exit(0);
    } else args.files.push(a);
  }
  const jsonl = (dir: string) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort()
      .map((f) => join(dir, f));
  if (args.files.length === 0) {
    args.files = jsonl('config/training');
    // The development sets follow the writers' brief, whose request and urgency conventions differ
    // from the training files' (held-out urgent recall fell when every head learned from them); their
    // categories agree, and the category head learning from them gained ~.02 on two unread batches.
    if (args.categoryFrom.length === 0) args.categoryFrom = jsonl('config/training/development');
  }
  return args;
}

function evaluate(rules: KeywordRules, train: CorpusLine[], test: CorpusLine[], categoryOnly: LabelledMessage[] = []) {
  const model = new LocalModel(trainLocalModel([...toTrainingExamples(train), ...categoryOnly], rules));
  const offline = createOfflineClassifier({ rules, model });
  return test.map((l) => offline.classifySync({ text: l.text, mentionsBot: l.mentionsBot }).classification);
}

function line(label: string, m: ContractMetrics): string {
  return (
    `${label.padEnd(34)} request P ${m.request.precision.toFixed(3)} R ${m.request.recall.toFixed(3)} F1 ${m.request.f1.toFixed(3)}` +
    ` | category acc ${m.category.accuracy.toFixed(3)} mF1 ${m.category.macroF1.toFixed(3)}` +
    ` | urgent P ${m.urgent.precision.toFixed(3)} R ${m.urgent.recall.toFixed(3)}  (${m.messages})`
  );
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const { config } = loadConfig({ configFile: args.configFile });
  const rules = createKeywordRules(config);
  const corpora = args.files.map((f) => ({ file: f, lines: readCorpus(f) }));
  const all = corpora.flatMap((c) => c.lines);
  const categoryOnly = args.categoryFrom.flatMap((f) => toTrainingExamples(readCorpus(f)).map((e) => ({ ...e, categoryOnly: true })));
  const categories = config.categories.map((c) => c.code);
  console.log(`training on ${all.length} messages from ${args.files.join(', ')}`);
  if (categoryOnly.length) console.log(`the category head also on ${categoryOnly.length} from ${args.categoryFrom.length} sets`);

  const metrics: Record<string, unknown> = {};
  if (args.cv > 1) {
    // Stratified by label so that every fold holds urgent and rare categories.
    const k = args.cv;
    const label = (l: CorpusLine) => (l.isRequest ? `${l.category}/${l.urgency}` : '-');
    const byLabel = new Map<string, number[]>();
    all.forEach((l, i) => byLabel.set(label(l), [...(byLabel.get(label(l)) ?? []), i]));
    const fold = new Array<number>(all.length);
    let n = 0;
    for (const idx of byLabel.values()) for (const i of idx) fold[i] = n++ % k;
    const predictions = new Array(all.length);
    for (let f = 0; f < k; f++) {
      const train = all.filter((_, i) => fold[i] !== f);
      const testIdx = all.map((_, i) => i).filter((i) => fold[i] === f);
      const preds = evaluate(rules, train, testIdx.map((i) => all[i]), categoryOnly);
      testIdx.forEach((i, j) => (predictions[i] = preds[j]));
    }
    const overall = score(all, predictions, { categories }).metrics;
    console.log(line(`${k}-fold CV, all`, overall));
    metrics[`cv${k}`] = overall;
    for (const c of corpora) {
      const idx = all.map((l, i) => (l.source === c.file ? i : -1)).filter((i) => i >= 0);
      const m = score(idx.map((i) => all[i]), idx.map((i) => predictions[i]), { categories }).metrics;
      console.log(line(`${k}-fold CV, ${relative('.', c.file)}`, m));
      metrics[`cv${k}:${relative('.', c.file)}`] = m;
    }
    // Leave one corpus out: trained without a whole file (another author's voice), scored on it.
    if (corpora.length > 1) {
      for (const c of corpora) {
        const train = all.filter((l) => l.source !== c.file);
        const m = score(c.lines, evaluate(rules, train, c.lines, categoryOnly), { categories }).metrics;
        console.log(line(`trained without ${relative('.', c.file)}`, m));
        metrics[`without:${relative('.', c.file)}`] = m;
      }
    }
  }
  for (const t of args.tests) {
    const test = readCorpus(t);
    const m = score(test, evaluate(rules, all, test, categoryOnly), { categories }).metrics;
    console.log(line(`held out ${relative('.', t)}`, m));
    metrics[`test:${relative('.', t)}`] = m;
  }

  if (args.write) {
    const started = Date.now();
    const file = trainLocalModel([...toTrainingExamples(all), ...categoryOnly], rules, {
      sources: [...args.files.map((f) => relative('.', f)), ...args.categoryFrom.map((f) => `category only: ${relative('.', f)}`)],
    });
    if (Object.keys(metrics).length) file.metrics = metrics;
    const json = JSON.stringify(file);
    writeFileSync(args.out, json + '\n');
    console.log(
      `wrote ${args.out}: ${file.features.length} features, ${(json.length / 1024).toFixed(0)} KiB, trained in ${Date.now() - started} ms`,
    );
  }
}

main();
