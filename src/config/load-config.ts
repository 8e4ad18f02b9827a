// Reads the YAML files, validates them, and fails with the file, the key and what is expected.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './env.js';
import { linliConfigSchema, type LinliConfig } from './linli-config.js';
import { districtFromSandbox, sandboxConfigSchema, sandboxProblems, type SandboxConfig } from './sandbox-config.js';

function readYaml(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${file}: cannot read the file (${(err as Error).message})`);
  }
  try {
    return parseYaml(text);
  } catch (err) {
    throw new ConfigError(`${file}: not valid YAML — ${(err as Error).message}`);
  }
}

function validate<S extends z.ZodType>(file: string, schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.slice(0, 10).map((i) => `  ${formatPath(i.path) || '(top level)'}: ${i.message}`);
  throw new ConfigError(`${file} is not valid:\n${lines.join('\n')}`);
}

function formatPath(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

/** Duty and leaders groups are bound by room id only: a name could be anyone's group. */
function byIdOnly(key: string, command: string): string {
  return (
    `${key}: duty and leaders groups are bound by room id, never by topic. Give "id: …@chatroom" (the console's 群 page ` +
    `lists the groups the bot is in with their ids, and the log names each one when the bot first sees it), or leave it ` +
    `out and type \`${command}\` in that group`
  );
}

/**
 * A district file may start from another: `extends: linli.yaml` (relative to the file) takes every
 * top-level key of that file, and the keys written here replace them whole (config/staging.yaml
 * keeps the taxonomy and pacing of linli.yaml and brings its own district).
 */
function readConfigYaml(file: string, seen: string[] = []): Record<string, unknown> | null {
  const raw = readYaml(file) as Record<string, unknown> | null;
  if (!raw || typeof raw !== 'object' || !('extends' in raw)) return raw;
  const { extends: base, ...own } = raw;
  if (typeof base !== 'string' || !base) throw new ConfigError(`${file}: "extends" must name a YAML file (e.g. extends: linli.yaml)`);
  const baseFile = path.resolve(path.dirname(file), base);
  if (seen.includes(baseFile)) throw new ConfigError(`${file}: "extends: ${base}" goes round in a circle`);
  return { ...(readConfigYaml(baseFile, [...seen, path.resolve(file)]) ?? {}), ...own };
}

/** Checks across keys that a schema cannot express. */
export function configProblems(config: LinliConfig): string[] {
  const problems: string[] = [];
  const codes = config.categories.map((c) => c.code);
  codes.forEach((code, i) => {
    if (codes.indexOf(code) !== i) problems.push(`categories[${i}].code: "${code}" is listed twice`);
  });
  if (!codes.includes('other')) problems.push('categories: needs a category with code "other" for requests that fit nowhere else');
  for (const code of Object.keys(config.sla.categories)) {
    if (!codes.includes(code)) problems.push(`sla.categories.${code}: no category has this code (known: ${codes.join(', ')})`);
  }
  const district = config.district;
  const communityIds = district.communities.map((c) => c.id);
  district.communities.forEach((c, i) => {
    if (communityIds.indexOf(c.id) !== i) problems.push(`district.communities[${i}].id: "${c.id}" is listed twice`);
    if (c.dutyGroup && !c.dutyGroup.id) problems.push(byIdOnly(`district.communities[${i}].dutyGroup`, `绑定 ${c.name} 值班群`));
  });
  if (district.centralDutyGroup && !district.centralDutyGroup.id) problems.push(byIdOnly('district.centralDutyGroup', '绑定 全部 值班群'));
  if (district.leadersGroup && !district.leadersGroup.id) problems.push(byIdOnly('district.leadersGroup', '绑定 领导群'));
  if (district.dutyMembersAreStaff !== undefined && district.dutyMembersAreStaff !== false) {
    problems.push(
      'district.dutyMembersAreStaff: no longer supported — sitting in a duty group grants nothing. Remove the key, and bind ' +
        'each staff member by contact id (district.staff) or invite them: `邀请 工作人员 社区名 姓名` in the leaders group',
    );
  }
  district.staff.forEach((s, i) => {
    if (!s.id) {
      problems.push(
        `district.staff[${i}] (${s.name}): needs "id", the person's WeChat contact id — names grant nothing. Find ids on the ` +
          "console's 人员 page or in the bot's log (every sender's id is logged at debug level), or leave the entry out and " +
          `invite them instead: a leader types \`邀请 ${s.role === 'staff' ? '工作人员 社区名' : `${s.role === 'leader' ? '领导' : '管理员'} 全部`} ${s.name}\` ` +
          'in the leaders group (docs/deployment.md, "Onboarding a district")',
      );
    }
    (s.communities ?? []).forEach((c, j) => {
      if (!communityIds.includes(c)) problems.push(`district.staff[${i}].communities[${j}]: unknown community "${c}"`);
    });
  });
  const ids = district.staff.map((s) => s.id).filter(Boolean);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) problems.push(`district.staff: contact id "${id}" is listed twice`);
  });
  return problems;
}

export interface LoadedConfig {
  config: LinliConfig;
  /** Present in sandbox mode: the simulated world; its district replaces config.district. */
  sandbox?: SandboxConfig;
}

/** The simulated district alone (config/sandbox.yaml), as the world server reads it. */
export function loadSandboxConfig(file: string): SandboxConfig {
  const sandbox = validate(file, sandboxConfigSchema, readYaml(file));
  const problems = sandboxProblems(sandbox);
  if (problems.length) throw new ConfigError(`${file} is not valid:\n  ${problems.join('\n  ')}`);
  return sandbox;
}

export function loadConfig(options: { configFile: string; sandboxFile?: string }): LoadedConfig {
  const raw = readConfigYaml(options.configFile);
  let sandbox: SandboxConfig | undefined;
  let merged: unknown = raw;
  if (options.sandboxFile) {
    sandbox = loadSandboxConfig(options.sandboxFile);
    const base = (raw ?? {}) as Record<string, unknown>;
    merged = {
      ...base,
      district: districtFromSandbox(sandbox),
      outbox: { ...((base.outbox as object) ?? {}), ...sandbox.outbox },
    };
  }
  const config = validate(options.configFile, linliConfigSchema, merged);
  const problems = configProblems(config);
  if (problems.length) throw new ConfigError(`${options.sandboxFile ?? options.configFile} is not valid:\n  ${problems.join('\n  ')}`);
  return { config, sandbox };
}
