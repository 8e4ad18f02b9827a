// .env.example explains every variable the bot and the world server read: an operator's only
// list of settings must not miss one.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_VARIABLES } from '../../../src/config/env.js';
import { WORLD_ENV_VARIABLES, loadWorldEnv } from '../../../src/config/world-env.js';

const example = readFileSync('.env.example', 'utf8');
const listed = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));

describe('.env.example', () => {
  it.each([...new Set([...ENV_VARIABLES, ...WORLD_ENV_VARIABLES])])('lists %s with a comment above it', (name) => {
    expect(listed.has(name)).toBe(true);
    const line = example.split('\n').findIndex((l) => new RegExp(`^#?\\s*${name}=`).test(l));
    expect(example.split('\n')[line - 1]).toMatch(/^#/);
  });
});

describe('world server environment', () => {
  it('has the contract defaults and refuses a bad account count or token', () => {
    expect(loadWorldEnv({})).toMatchObject({ WORLD_GRPC_PORT: 8788, WORLD_HTTP_PORT: 8081, WORLD_TOKEN: 'insecure_linli_world', WORLD_ACCOUNTS: 1 });
    expect(() => loadWorldEnv({ WORLD_ACCOUNTS: '3' })).toThrow(/WORLD_ACCOUNTS/);
    expect(() => loadWorldEnv({ WORLD_TOKEN: 'nounderscore' })).toThrow(/WORLD_TOKEN/);
  });
});
