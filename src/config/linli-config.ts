// Schema of config/linli.yaml: the district, the taxonomy, deadlines and pacing.
// Loaded once at startup; every consumer gets the parsed, typed object.
import { z } from 'zod';

/**
 * A WeChat group named by its room id (it is then bound), or, for resident groups only, by a topic
 * pattern (exact, `*` wildcards, or /regex/): a group whose topic matches is only *proposed* for
 * binding on the console, never bound by its name. `topic` next to an `id` is a label.
 */
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
  residentGroups: z.array(groupRefSchema).default([]),
  /** By room id only. Omit to bind it in chat (`绑定 社区名 值班群`) or use the central duty group. */
  dutyGroup: groupRefSchema.optional(),
});
export type Community = z.infer<typeof communitySchema>;

/** A person seeded by contact id (design.md, "Identity"): names grant nothing. */
export const rosterEntrySchema = z.object({
  /** WeChat contact id. Required (checked with a how-to in configProblems). */
  id: z.string().min(1).optional(),
  /** What the bot calls them. */
  name: z.string().min(1),
  role: z.enum(['staff', 'leader', 'admin']),
  /** Communities they serve; omit for all. */
  communities: z.array(z.string()).optional(),
});
export type RosterEntry = z.infer<typeof rosterEntrySchema>;

export const districtSchema = z.object({
  name: z.string().min(1).default('本街道'),
  communities: z.array(communitySchema).min(1),
  /** By room id only; serves every community without a duty group of its own. */
  centralDutyGroup: groupRefSchema.optional(),
  /** By room id only; or bound in chat with `绑定 领导群`. */
  leadersGroup: groupRefSchema.optional(),
  /** People bound by contact id when the bot starts (config changes apply once; see docs/configuration.md). */
  staff: z.array(rosterEntrySchema).default([]),
  /** Gone: sitting in a duty group grants nothing. Only `false` is still accepted, so old files load. */
  dutyMembersAreStaff: z.unknown().optional(),
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
  /**
   * The queue is deep when this many messages wait for one group… (then waiting acknowledgements
   * to a group, or normal cards to a duty group, go out as one message).
   */
  deepRoom: z.number().int().min(2).default(4),
  /** …or this many wait in all (about half a minute of sending at the production pace). */
  deepQueue: z.number().int().min(2).default(20),
  /** At most this many waiting messages go into one combined message. */
  maxCombined: z.number().int().min(2).default(30),
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

export const conversationSchema = z.object({
  /** Messages of one sender within this many seconds may continue one report (a burst). */
  burstWindowSeconds: z.number().positive().default(60),
  /** "+1" / "我家也是" attach to an open report of the same group at most this old. */
  coReportWindowHours: z.number().positive().default(6),
  /** A repeat report links to an open ticket of the same community at most this old. */
  duplicateWindowHours: z.number().positive().default(6),
  /** A reporter's question or addition about their own open ticket within this many hours. */
  followUpWindowHours: z.number().positive().default(72),
  /** How alike two reports must be (0..1, character-bigram Dice) to be the same problem. */
  duplicateSimilarity: z.number().min(0).max(1).default(0.34),
  /** This many reporters of an outage-type problem make it urgent. */
  manyReporters: z.number().int().min(2).default(5),
});
export type ConversationSettings = z.infer<typeof conversationSchema>;

/** `HH:MM` on a 24-hour clock, local to `timezone`. */
const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time as "HH:MM" (e.g. "21:00")');

export const jobsSchema = z.object({
  /** Run the scheduled jobs (ladder, digests) in production; the sandbox's clock drives them regardless. */
  enabled: z.boolean().default(true),
  /** Lease of a job lock: another instance may take a job over once this has passed without a release. */
  lockSeconds: z.number().int().min(10).default(300),
  /** After a start, daily/weekly schedules that fell due this long ago are still sent (if not sent before). */
  catchUpMinutes: z.number().int().min(0).default(30),
});
export type JobsConfig = z.infer<typeof jobsSchema>;

export const ladderSchema = z.object({
  /** Share of the claim / resolve time after which the reminder goes out (0.75 = at 75%). */
  warnAt: z.number().gt(0).lt(1).default(0.75),
  /** 督办 to the leaders once overdue by this share of the allowed time… */
  escalateAfterShare: z.number().min(0).default(0.5),
  /** …but never later than this many hours past the deadline. */
  escalateAfterMaxHours: z.number().positive().default(24),
  /** An urgent ticket nobody has claimed this many minutes after it was posted goes to the leaders at once. */
  urgentEscalateMinutes: z.number().positive().default(5),
  /** Non-urgent reminders falling in this local window wait until it ends; `null` turns it off. */
  quietHours: z
    .object({ start: clockTimeSchema.default('22:00'), end: clockTimeSchema.default('07:00') })
    .nullable()
    .default({ start: '22:00', end: '07:00' }),
  /** Deadlines further back than this are not chased any more (e.g. after a long outage). */
  lookbackDays: z.number().positive().default(7),
});
export type LadderConfig = z.infer<typeof ladderSchema>;

export const digestSchema = z.object({
  /** Nightly digest to the leaders group; `null` turns it off (`日报` still works). */
  dailyAt: clockTimeSchema.nullable().default('21:00'),
  /** Weekly summary of the previous Monday–Sunday; `null` turns it off. */
  weekly: z
    .object({
      /** 1 = Monday … 7 = Sunday. */
      day: z.number().int().min(1).max(7).default(1),
      at: clockTimeSchema.default('08:30'),
    })
    .nullable()
    .default({ day: 1, at: '08:30' }),
  /** A category reported this many times in one building or group within `repeatDays` is a repeat problem. */
  repeatMin: z.number().int().min(2).default(3),
  repeatDays: z.number().int().min(1).default(7),
  /** Send the chart picture with the text. */
  chart: z.boolean().default(true),
});
export type DigestConfig = z.infer<typeof digestSchema>;

/** Keeping personal data no longer than the work needs (PIPL minimisation; docs/operations.md). */
export const retentionSchema = z.object({
  /** Run the daily retention job (local time, `timezone`). */
  at: clockTimeSchema.default('03:30'),
  /** Messages that made no ticket (chit-chat, thanks, commands) are deleted after this many days. */
  chatDays: z.number().int().min(1).default(30),
  /** Personal data in closed, rejected or merged tickets is masked this many days after they ended. */
  closedTicketDays: z.number().int().min(1).default(365),
  /** Residents' photos are deleted this many days after they were received. */
  attachmentDays: z.number().int().min(1).default(90),
  /** What the bot said (sent, failed or withdrawn outbox items) is deleted after this many days. */
  outboxDays: z.number().int().min(1).default(30),
});
export type RetentionConfig = z.infer<typeof retentionSchema>;

export const linliConfigSchema = z.object({
  timezone: z.string().default('Asia/Shanghai'),
  district: districtSchema,
  categories: z.array(categorySchema).min(1),
  sla: slaSchema,
  outbox: outboxSchema.default(outboxSchema.parse({})),
  intake: intakeSchema.default(intakeSchema.parse({})),
  conversation: conversationSchema.default(conversationSchema.parse({})),
  jobs: jobsSchema.default(jobsSchema.parse({})),
  ladder: ladderSchema.default(ladderSchema.parse({})),
  digest: digestSchema.default(digestSchema.parse({})),
  retention: retentionSchema.default(retentionSchema.parse({})),
});
export type LinliConfig = z.infer<typeof linliConfigSchema>;
