// Schema of config/sandbox.yaml: the simulated district the sandbox builds on the mock puppet.
// Its communities, groups and people replace linli.yaml's `district` in sandbox mode.
import { z } from 'zod';
import { outboxSchema, type District } from './linli-config.js';

const personSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, ".", "-" or "_" (e.g. "yg-chen")'),
  name: z.string().min(1),
  /** Omit for residents. Bound by id when the sandbox starts. */
  role: z.enum(['staff', 'leader']).optional(),
  communities: z.array(z.string()).optional(),
});

const roomSchema = z.object({
  id: z.string().regex(/@chatroom$/, 'room ids must end in "@chatroom" (e.g. "yg-1@chatroom")'),
  topic: z.string().min(1),
  members: z.array(z.string()).min(1),
});

export const sandboxConfigSchema = z.object({
  bot: z.object({ id: z.string().min(1), name: z.string().min(1) }),
  districtName: z.string().default('示范街道'),
  /** Short pacing so the demo feels live; production pacing lives in linli.yaml. */
  outbox: outboxSchema.partial().default({}),
  /**
   * Extension for chaos tests: also append every line said (residents' and the bot's, the bot's
   * once the puppet accepted it) to this JSON-lines file as it is said, so it survives a kill -9.
   */
  transcriptFile: z.string().min(1).optional(),
  people: z.array(personSchema).min(1),
  communities: z
    .array(
      z.object({
        id: z.string().min(1),
        name: z.string().min(1),
        residentGroups: z.array(roomSchema).min(1),
        dutyGroup: roomSchema,
      }),
    )
    .min(1),
  leadersGroup: roomSchema,
});
export type SandboxConfig = z.infer<typeof sandboxConfigSchema>;
export type SandboxRoom = z.infer<typeof roomSchema>;
export type SandboxPerson = z.infer<typeof personSchema>;

/** The sandbox world seen as a district config: rooms by id, roster from people with a role. */
export function districtFromSandbox(sandbox: SandboxConfig): District {
  return {
    name: sandbox.districtName,
    communities: sandbox.communities.map((c) => ({
      id: c.id,
      name: c.name,
      residentGroups: c.residentGroups.map((g) => ({ id: g.id, topic: g.topic })),
      dutyGroup: { id: c.dutyGroup.id, topic: c.dutyGroup.topic },
    })),
    leadersGroup: { id: sandbox.leadersGroup.id, topic: sandbox.leadersGroup.topic },
    staff: sandbox.people
      .filter((p) => p.role)
      .map((p) => ({ id: p.id, name: p.name, role: p.role!, communities: p.communities })),
  };
}

/** Cross-checks zod cannot express: every member and community reference resolves. */
export function sandboxProblems(sandbox: SandboxConfig): string[] {
  const problems: string[] = [];
  const ids = new Set(sandbox.people.map((p) => p.id));
  const rooms = [
    ...sandbox.communities.flatMap((c, ci) => [
      ...c.residentGroups.map((g, gi) => ({ g, at: `communities[${ci}].residentGroups[${gi}]` })),
      { g: c.dutyGroup, at: `communities[${ci}].dutyGroup` },
    ]),
    { g: sandbox.leadersGroup, at: 'leadersGroup' },
  ];
  const seen = new Set<string>();
  for (const { g, at } of rooms) {
    if (seen.has(g.id)) problems.push(`${at}.id: room id "${g.id}" is used twice`);
    seen.add(g.id);
    g.members.forEach((m, i) => {
      if (!ids.has(m)) problems.push(`${at}.members[${i}]: "${m}" is not listed under people`);
    });
  }
  if (ids.has(sandbox.bot.id)) problems.push(`bot.id: "${sandbox.bot.id}" must not also be a person`);
  const communityIds = new Set(sandbox.communities.map((c) => c.id));
  sandbox.people.forEach((p, i) =>
    (p.communities ?? []).forEach((c, j) => {
      if (!communityIds.has(c)) problems.push(`people[${i}].communities[${j}]: unknown community "${c}"`);
    }),
  );
  return problems;
}
