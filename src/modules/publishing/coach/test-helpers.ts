// Shared by the coach's unit tests: run the coach and look at findings by rule.
import { coach } from './coach.ts';
import type { ChannelPlatform } from './limits.ts';
import type { CoachInput, CoachSettings, Finding } from './types.ts';

export function check(text: string, extra: Partial<CoachInput> = {}, settings?: CoachSettings) {
  return coach({ text, channels: [], media: [], ...extra }, settings);
}

export function findingsOf(text: string, rule: string, extra: Partial<CoachInput> = {}, settings?: CoachSettings): Finding[] {
  return check(text, extra, settings).findings.filter((f) => f.rule === rule);
}

/** The text each finding's span selects. */
export function spanned(text: string, findings: readonly Finding[]): string[] {
  return findings.filter((f) => f.span).map((f) => text.slice(f.span!.start, f.span!.end));
}

export const ALL_CHANNELS: ChannelPlatform[] = ['facebook', 'instagram', 'whatsapp', 'x', 'telegram', 'youtube', 'tiktok'];
