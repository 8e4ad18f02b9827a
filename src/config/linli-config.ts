// Schema of config/linli.yaml: the district, the taxonomy, deadlines and pacing.
// Loaded once at startup; every consumer gets the parsed, typed object.
import { z } from 'zod';

/** A WeChat group named by its room id, or by its topic (exact, `*` wildcards, or /regex/). */
export const groupRefSchema = z
  .object({
    id: z.string().min(1).optional(),
    topic: z.string().min(1).optional(),
  })
  .refine((g) => g.id || g.topic, { message: 'needs an "id" (room id) or a "topic" (group name or pattern)' });
export type GroupRef = z.infer<typeof groupRefSchema>;

export const communitySchema = z.object({
  id: z.string().regex(/^[a-z0-9_-]+$/i, 'use letters, digits, "-" or "_" (e.g. "yangguang")'),
  name: z.string().min(1),
  residentGroups: z.array(groupRefSchema).min(1),
  /** Omit to use the district's central duty group. */
  dutyGroup: groupRefSchema.optional(),
});
export type Community = z.infer<typeof communitySchema>;

export const rosterEntrySchema = z.object({
  /** Platform contact id, when stable (PadLocal/WeCom). */
  id: z.string().min(1).optional(),
  /** Display name as seen in WeChat: used when the id is unknown or unstable (wechat4u). */
  name: z.string().min(1),
  role: z.enum(['staff', 'leader', 'admin']),
  /** Communities a staff member serves; omit for all. */
  communities: z.array(z.string()).optional(),
});
export type RosterEntry = z.infer<typeof rosterEntrySchema>;

export const districtSchema = z.object({
  name: z.string().min(1).default('本街道'),
  communities: z.array(communitySchema).min(1),
  centralDutyGroup: groupRefSchema.optional(),
  leadersGroup: groupRefSchema,
  staff: z.array(rosterEntrySchema).default([]),
  /** Anyone sitting in a duty group may run staff commands, roster or not. */
  dutyMembersAreStaff: z.boolean().default(true),
});
export type District = z.infer<typeof districtSchema>;

export const categorySchema = z.object({
  code: z.string().regex(/^[a-z_]+$/, 'lower-case code such as "property"'),
  name: z.string().min(1),
  department: z.string().min(1),
  keywords: z.array(z.string().min(1)).default([]),
});
export type CategoryConfig = z.infer<typeof categorySchema>;

const deadlineSchema = z.object({
  claimMinutes: z.number().positive(),
  resolveHours: z.number().positive(),
});
export type Deadline = z.infer<typeof deadlineSchema>;
const slaRowSchema = z.object({ urgent: deadlineSchema, normal: deadlineSchema });
export type SlaRow = z.infer<typeof slaRowSchema>;

export const slaSchema = z.object({
  default: slaRowSchema,
  /** Per-category overrides; a category not listed uses `default`. */
  categories: z.record(z.string(), slaRowSchema.partial()).default({}),
});
export type SlaTable = z.infer<typeof slaSchema>;

export const outboxSchema = z.object({
  /** Minimum gap between any two messages the bot sends. */
  globalIntervalMs: z.number().int().min(0).default(1500),
  /** Minimum gap between two messages to the same group. */
  roomIntervalMs: z.number().int().min(0).default(3000),
  /** Random extra delay 0..jitterMs added to each gap, so the account does not look like a machine. */
  jitterMs: z.number().int().min(0).default(1000),
  /** Give up (and alert) after this many failed attempts. */
  maxAttempts: z.number().int().min(1).default(8),
  /** First retry delay; doubles each attempt up to 10 minutes. */
  retryBaseMs: z.number().int().min(1).default(2000),
});
export type OutboxConfig = z.infer<typeof outboxSchema>;

export const intakeSchema = z.object({
  /** Messages older than this when they arrive (e.g. replayed after a restart) are not acted on. */
  staleMinutes: z.number().positive().default(5),
  /** Words that make any message a ticket. */
  forceWords: z.array(z.string()).default(['报修', '投诉', '求助', '举报', '反映']),
  /** Urgent-signal keywords: danger now. */
  urgentKeywords: z.array(z.string()).default([]),
});
export type IntakeConfig = z.infer<typeof intakeSchema>;

export const linliConfigSchema = z.object({
  timezone: z.string().default('Asia/Shanghai'),
  district: districtSchema,
  categories: z.array(categorySchema).min(1),
  sla: slaSchema,
  outbox: outboxSchema.default(outboxSchema.parse({})),
  intake: intakeSchema.default(intakeSchema.parse({})),
});
export type LinliConfig = z.infer<typeof linliConfigSchema>;
