// Builds the classifier live intake uses (and the eval CLI, so both run the same code): keyword
// rules from config + the local model from config/model.json, and — when LLM_MODE is not off — an
// LLM behind an OpenAI-compatible endpoint, asked through the cascade.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { Env } from '../config/env.js';
import type { LinliConfig } from '../config/linli-config.js';
import { createCascadeClassifier, type CascadeThresholds } from './cascade.js';
import type { Classifier } from './classification.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { DailyBudget } from './daily-budget.js';
import { createKeywordRules } from './keyword-rules.js';
import { createLlmClassifier, type LlmVerdict } from './llm-classifier.js';
import { LocalModel } from './local-model.js';
import { LruCache } from './lru-cache.js';
import { createOfflineClassifier, type OfflineThresholds } from './offline-classifier.js';

export type ClassifierEnv = Pick<
  Env,
  'llmMode' | 'OPENAI_BASE_URL' | 'OPENAI_API_KEY' | 'OPENAI_MODEL' | 'LLM_TIMEOUT_MS' | 'LLM_DAILY_CALL_BUDGET' | 'LLM_DAILY_TOKEN_BUDGET'
>;

export interface CreateClassifierDeps {
  config: LinliConfig;
  env: ClassifierEnv;
  clock: { now(): Date };
  log?: Logger;
  /** Default: config/model.json in the working directory, else the one shipped beside src/. */
  modelPath?: string;
  /** Tuning knobs (tests, experiments); the defaults are the documented ones. */
  offlineThresholds?: Partial<OfflineThresholds>;
  cascadeThresholds?: Partial<CascadeThresholds>;
  llm?: { maxRetries?: number; retryBaseMs?: number; failureThreshold?: number; cooldownMs?: number; cacheSize?: number; sleep?: (ms: number) => Promise<void> };
}

const SHIPPED_MODEL = fileURLToPath(new URL('../../config/model.json', import.meta.url));
const loaded = new Map<string, LocalModel>();

function defaultModelPath(): string {
  const inCwd = resolve('config/model.json');
  return existsSync(inCwd) ? inCwd : SHIPPED_MODEL;
}

/** Reads (once per path) the model file; null — rules only — when it is missing or broken. */
export function loadLocalModel(path: string, log?: Logger): LocalModel | null {
  const full = resolve(path);
  const cached = loaded.get(full);
  if (cached) return cached;
  try {
    const model = LocalModel.fromJson(readFileSync(full, 'utf8'));
    loaded.set(full, model);
    return model;
  } catch (err) {
    log?.warn({ path: full, err: (err as Error).message }, 'local classification model not loaded: keyword rules only (run npm run train)');
    return null;
  }
}

export function createClassifier(deps: CreateClassifierDeps): Classifier {
  const { config, env, clock, log } = deps;
  const rules = createKeywordRules(config);
  const model = loadLocalModel(deps.modelPath ?? defaultModelPath(), log);
  const offline = createOfflineClassifier({ rules, model, thresholds: deps.offlineThresholds });

  const mode = env.llmMode ?? 'off';
  let llm = null;
  if (mode !== 'off' && env.OPENAI_BASE_URL && env.OPENAI_MODEL) {
    llm = createLlmClassifier({
      config,
      baseURL: env.OPENAI_BASE_URL,
      apiKey: env.OPENAI_API_KEY,
      model: env.OPENAI_MODEL,
      timeoutMs: env.LLM_TIMEOUT_MS ?? 8000,
      budget: new DailyBudget({
        calls: env.LLM_DAILY_CALL_BUDGET ?? 5000,
        tokens: env.LLM_DAILY_TOKEN_BUDGET ?? 2_000_000,
        clock,
        timeZone: config.timezone,
      }),
      breaker: new CircuitBreaker({ clock, failureThreshold: deps.llm?.failureThreshold, cooldownMs: deps.llm?.cooldownMs }),
      cache: new LruCache<LlmVerdict>({ maxEntries: deps.llm?.cacheSize ?? 1000, ttlMs: 24 * 3600_000, clock }),
      maxRetries: deps.llm?.maxRetries,
      retryBaseMs: deps.llm?.retryBaseMs,
      sleep: deps.llm?.sleep,
      log,
    });
  } else if (mode !== 'off') {
    log?.warn('LLM_MODE is on but OPENAI_BASE_URL / OPENAI_MODEL are not set: offline classification only');
  }
  log?.info(
    { llmMode: llm ? mode : 'off', model: model ? `${model.size.features} features, ${model.size.examples} examples` : 'none' },
    'classifier ready',
  );
  return createCascadeClassifier({ offline, llm, mode, thresholds: deps.cascadeThresholds, log });
}
