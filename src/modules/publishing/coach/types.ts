import type { ChannelPlatform } from './limits.ts';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Text in both interface languages. */
export interface Bilingual {
  id: string;
  en: string;
}

export interface CoachMedia {
  kind: 'image' | 'video';
  altText: string | null;
}

export interface CoachInput {
  text: string;
  title?: string | undefined;
  channels: readonly ChannelPlatform[];
  media: readonly CoachMedia[];
  /** the post's hashtags kept apart from the text (with or without '#'); added to the text on every channel */
  hashtags?: readonly string[] | undefined;
  /** the campaign (narasi tunggal) the post carries */
  campaign?: { keyMessage: string; hashtags: readonly string[] } | null | undefined;
  /** the kind of post when the author chose it; otherwise guessed from the text (see detectPostType) */
  postType?: PostType | undefined;
}

export interface Span {
  /** UTF-16 offsets into `text`, end exclusive (as a textarea's setSelectionRange takes them) */
  start: number;
  end: number;
}

export interface Finding {
  /** stable rule id, e.g. 'readability.long_sentence' */
  rule: string;
  severity: Severity;
  /** what is wrong and why it matters */
  message: Bilingual;
  /** a concrete suggestion */
  fix: Bilingual;
  span?: Span;
  channel?: ChannelPlatform;
}

/**
 * What the post is, guessed from its words: completeness expectations differ (an event needs a time and a
 * place, a greeting needs neither). See docs/content-coach.md#completeness.
 */
export type PostType = 'event' | 'service' | 'warning' | 'info' | 'greeting';
export const POST_TYPES: readonly PostType[] = ['event', 'service', 'warning', 'info', 'greeting'];

export interface CoachStats {
  chars: number;
  words: number;
  sentences: number;
  avgSentenceWords: number;
  avgWordLetters: number;
  postType: PostType;
  /** the post type was chosen by the author, not guessed */
  postTypeGiven: boolean;
}

export interface CoachResult {
  /** 0–100: 100 minus the weighted deductions of the findings (docs/content-coach.md#score) */
  score: number;
  findings: Finding[];
  stats: CoachStats;
}

/** Numbers admins can tune; defaults in DEFAULT_THRESHOLDS (rules.ts). */
export interface Thresholds {
  maxSentenceWords: number;
  maxAvgSentenceWords: number;
  maxAvgWordLetters: number;
  maxPassivesPerSentence: number;
  maxEmoji: number;
  maxConsecutiveEmoji: number;
  minAltTextChars: number;
  minCampaignOverlap: number;
  minWords: number;
}

export interface RuleOverride {
  enabled?: boolean | undefined;
  severity?: Severity | undefined;
}

/** What province admins tune (stored in coach_settings; docs/content-coach.md#tuning). */
export interface CoachSettings {
  rules: Readonly<Record<string, RuleOverride>>;
  thresholds: Partial<Thresholds>;
  /** the province's own abbreviations with their expansions, added to the built-in dictionary */
  extraAbbreviations: readonly { abbr: string; expansion: string }[];
  /** abbreviations readers know without explanation (added to the built-in well-known list) */
  allowedAbbreviations: readonly string[];
  /** more bureaucratic phrases with a plainer alternative ('' = simply leave it out) */
  extraPhrases: readonly { phrase: string; suggestion: string }[];
}

export const EMPTY_SETTINGS: CoachSettings = Object.freeze({ rules: {}, thresholds: {}, extraAbbreviations: [], allowedAbbreviations: [], extraPhrases: [] });
