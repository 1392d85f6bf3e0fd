// The content coach's API (/api/publishing/coach…): shapes mirroring src/modules/publishing/coach/{types,schema}.ts.
import { queryOptions } from '@tanstack/react-query';
import { api } from './client.ts';

export type CoachSeverity = 'error' | 'warning' | 'info';
export type CoachPostType = 'event' | 'service' | 'warning' | 'info' | 'greeting';
export type CoachPlatform = 'facebook' | 'instagram' | 'whatsapp' | 'x' | 'telegram' | 'youtube' | 'tiktok';
type Bilingual = { id: string; en: string };

export type CoachInput = {
  text: string;
  title?: string | undefined;
  channels: readonly string[];
  media: readonly { kind: 'image' | 'video'; altText: string | null }[];
  hashtags?: readonly string[] | undefined;
  campaign?: { keyMessage: string; hashtags: readonly string[] } | null | undefined;
  postType?: CoachPostType | undefined;
};

export type CoachFinding = {
  rule: string;
  severity: CoachSeverity;
  message: Bilingual;
  fix: Bilingual;
  span?: { start: number; end: number };
  channel?: CoachPlatform;
};

export type CoachResult = {
  score: number;
  findings: CoachFinding[];
  stats: { chars: number; words: number; sentences: number; avgSentenceWords: number; avgWordLetters: number; postType: CoachPostType; postTypeGiven: boolean };
};

export type CoachThresholds = {
  maxSentenceWords?: number;
  maxAvgSentenceWords?: number;
  maxAvgWordLetters?: number;
  maxPassivesPerSentence?: number;
  maxEmoji?: number;
  maxConsecutiveEmoji?: number;
  minAltTextChars?: number;
  minCampaignOverlap?: number;
  minWords?: number;
};

export type CoachSettings = {
  rules: Record<string, { enabled?: boolean; severity?: CoachSeverity }>;
  thresholds: CoachThresholds;
  extraAbbreviations: { abbr: string; expansion: string }[];
  allowedAbbreviations: string[];
  extraPhrases: { phrase: string; suggestion: string }[];
};

export type CoachRuleInfo = { id: string; group: string; severity: CoachSeverity; title: Bilingual; thresholds?: string[] };

export type CoachSettingsView = {
  settings: CoachSettings;
  version: number;
  updatedAt: string;
  updatedBy: { id: string; name: string } | null;
  rules: CoachRuleInfo[];
  defaults: Record<string, number>;
  bounds: Record<string, [number, number]>;
};

/** Only what the server accepts: the channels it knows, alt texts as given. */
function cleanInput(input: CoachInput): CoachInput {
  const known: readonly string[] = ['facebook', 'instagram', 'whatsapp', 'x', 'telegram', 'youtube', 'tiktok'];
  return {
    text: input.text,
    ...(input.title ? { title: input.title } : {}),
    channels: [...new Set(input.channels.filter((c) => known.includes(c)))],
    media: input.media.map((m) => ({ kind: m.kind, altText: m.altText })),
    ...(input.hashtags?.length ? { hashtags: [...input.hashtags] } : {}),
    ...(input.campaign ? { campaign: { keyMessage: input.campaign.keyMessage, hashtags: [...input.campaign.hashtags] } } : {}),
    ...(input.postType ? { postType: input.postType } : {}),
  };
}

export const checkDraft = (input: CoachInput) => api.post<CoachResult>('/api/publishing/coach', cleanInput(input));

export const coachQuery = (input: CoachInput) =>
  queryOptions({
    queryKey: ['publishing', 'coach', JSON.stringify(cleanInput(input))],
    queryFn: () => checkDraft(input),
    staleTime: 60_000,
  });

export const coachSettingsQuery = () =>
  queryOptions({
    queryKey: ['publishing', 'coach', 'settings'],
    queryFn: ({ signal }) => api.get<CoachSettingsView>('/api/publishing/coach/settings', undefined, signal),
  });

export const putCoachSettings = (settings: CoachSettings) => api.put<CoachSettingsView>('/api/publishing/coach/settings', settings);
