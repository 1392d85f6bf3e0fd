// Request and response shapes of the coach API (they become the OpenAPI document), and the settings'
// validation, used both for requests and for what is read back from the database.
import { z } from 'zod';
import { CHANNEL_PLATFORMS } from './limits.ts';
import { RULE_GROUPS, RULE_IDS, THRESHOLD_BOUNDS } from './rules.ts';
import { POST_TYPES, SEVERITIES, type Thresholds } from './types.ts';

// The literal enums below must list what the TypeScript types list (checked in coach.test.ts).

const Platform = z.enum(['facebook', 'instagram', 'whatsapp', 'x', 'telegram', 'youtube', 'tiktok']);
const Severity = z.enum(['error', 'warning', 'info']);
const PostType = z.enum(['event', 'service', 'warning', 'info', 'greeting']);
const Group = z.enum(['readability', 'abbreviation', 'completeness', 'accessibility', 'safety', 'channel', 'campaign']);
const Bilingual = z.object({ id: z.string(), en: z.string() });

export const CoachInputSchema = z.strictObject({
  text: z.string().max(65_000),
  title: z.string().max(500).optional(),
  channels: z.array(Platform).max(7),
  media: z.array(z.strictObject({ kind: z.enum(['image', 'video']), altText: z.string().max(2000).nullable() })).max(20),
  hashtags: z.array(z.string().max(100)).max(60).optional(),
  campaign: z.strictObject({ keyMessage: z.string().max(4000), hashtags: z.array(z.string().max(100)).max(30) }).nullable().optional(),
  postType: PostType.optional(),
});

export const FindingSchema = z.object({
  rule: z.string(),
  severity: Severity,
  message: Bilingual,
  fix: Bilingual,
  span: z.object({ start: z.number().int(), end: z.number().int() }).optional(),
  channel: Platform.optional(),
});

export const CoachResultSchema = z.object({
  score: z.number().int().min(0).max(100),
  findings: z.array(FindingSchema),
  stats: z.object({
    chars: z.number().int(),
    words: z.number().int(),
    sentences: z.number().int(),
    avgSentenceWords: z.number(),
    avgWordLetters: z.number(),
    postType: PostType,
    postTypeGiven: z.boolean(),
  }),
});

const thresholdShape = Object.fromEntries(
  (Object.entries(THRESHOLD_BOUNDS) as [keyof Thresholds, readonly [number, number]][]).map(([k, [lo, hi]]) => {
    const n = k === 'maxAvgWordLetters' || k === 'minCampaignOverlap' ? z.number() : z.number().int();
    return [k, n.min(lo).max(hi).optional()];
  }),
) as Record<keyof Thresholds, z.ZodOptional<z.ZodNumber>>;

const ABBR = /^[\p{L}\p{N}][\p{L}\p{N}.-]{0,19}$/u;

export const CoachSettingsSchema = z.strictObject({
  rules: z
    .record(z.string(), z.strictObject({ enabled: z.boolean().optional(), severity: Severity.optional() }))
    .refine((r) => Object.keys(r).every((k) => RULE_IDS.has(k)), { message: 'unknown rule id' })
    .default({}),
  thresholds: z.strictObject(thresholdShape).default({}),
  extraAbbreviations: z
    .array(z.strictObject({ abbr: z.string().trim().regex(ABBR), expansion: z.string().trim().min(2).max(200) }))
    .max(500)
    .default([]),
  allowedAbbreviations: z.array(z.string().trim().regex(ABBR)).max(500).default([]),
  extraPhrases: z
    .array(z.strictObject({ phrase: z.string().trim().min(2).max(100), suggestion: z.string().trim().max(200).default('') }))
    .max(300)
    .default([]),
});
export type CoachSettingsInput = z.input<typeof CoachSettingsSchema>;
export type StoredSettings = z.output<typeof CoachSettingsSchema>;
export const ENUMS = { Platform, Severity, PostType, Group, CHANNEL_PLATFORMS, SEVERITIES, POST_TYPES, RULE_GROUPS };

export const RuleInfoSchema = z.object({
  id: z.string(),
  group: Group,
  severity: Severity,
  title: Bilingual,
  thresholds: z.array(z.string()).optional(),
});

export const SettingsViewSchema = z.object({
  settings: CoachSettingsSchema,
  version: z.number().int(),
  updatedAt: z.string(),
  updatedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  rules: z.array(RuleInfoSchema),
  defaults: z.record(z.string(), z.number()),
  bounds: z.record(z.string(), z.tuple([z.number(), z.number()])),
});
