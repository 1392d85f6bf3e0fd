// Public face of the content coach (docs/content-coach.md).
export { coach, scoreOf, MAX_COACH_CHARS } from './coach.ts';
export { detectPostType, findCues } from './checks/completeness.ts';
export { CHANNEL_PLATFORMS, PLATFORM_LIMITS, X_URL_WEIGHT, overflowOffset, platformLength, textLimit, xWeightedLength } from './limits.ts';
export type { ChannelPlatform, Counting, PlatformLimits } from './limits.ts';
export { DEFAULT_THRESHOLDS, RULES, RULE_GROUPS, SEVERITY_WEIGHT, THRESHOLD_BOUNDS } from './rules.ts';
export type { RuleGroup, RuleInfo } from './rules.ts';
export { registerCoachRoutes } from './routes.ts';
export { CoachInputSchema, CoachResultSchema, CoachSettingsSchema } from './schema.ts';
export { CoachSettingsStore, checkDraft, type CoachDeps } from './service.ts';
export { EMPTY_SETTINGS, POST_TYPES, SEVERITIES } from './types.ts';
export type { Bilingual, CoachInput, CoachMedia, CoachResult, CoachSettings, CoachStats, Finding, PostType, RuleOverride, Severity, Span, Thresholds } from './types.ts';
