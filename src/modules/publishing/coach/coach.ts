// The content coach: checks an Indonesian public announcement while it is written and answers with a score
// and findings, each with a reason and a fix. Pure, deterministic, fast (docs/content-coach.md).
import { checkAbbreviations } from './checks/abbreviations.ts';
import { checkAccessibility } from './checks/accessibility.ts';
import { checkCampaign } from './checks/campaign.ts';
import { checkChannels } from './checks/channels.ts';
import { checkCompleteness, detectPostType } from './checks/completeness.ts';
import { checkReadability } from './checks/readability.ts';
import { checkSafety } from './checks/safety.ts';
import { compileSettings, Ctx, isPlatform, type NormalInput } from './context.ts';
import { MAX_DEDUCTED_PER_RULE, SEVERITY_WEIGHT } from './rules.ts';
import { analyzeText } from './text.ts';
import { EMPTY_SETTINGS, POST_TYPES, SEVERITIES, type CoachInput, type CoachResult, type CoachSettings, type Finding, type PostType } from './types.ts';

/** Longest text analysed (the prose checks read this prefix; channel lengths are measured on the whole text). */
export const MAX_COACH_CHARS = 100_000;

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function normalizeInput(input: CoachInput): NormalInput {
  const channels = [...new Set((Array.isArray(input?.channels) ? input.channels : []).filter(isPlatform))];
  const media = (Array.isArray(input?.media) ? input.media : [])
    .filter((m) => m && (m.kind === 'image' || m.kind === 'video'))
    .map((m) => ({ kind: m.kind, altText: typeof m.altText === 'string' ? m.altText : null }));
  const hashtags = (Array.isArray(input?.hashtags) ? input.hashtags : []).map((h) => str(h).trim().replace(/^#+/, '')).filter(Boolean);
  const c = input?.campaign;
  const campaign = c && typeof c === 'object' ? { keyMessage: str(c.keyMessage), hashtags: (Array.isArray(c.hashtags) ? c.hashtags : []).map((h) => str(h).trim()).filter(Boolean) } : null;
  const postType = POST_TYPES.includes(input?.postType as PostType) ? (input.postType as PostType) : null;
  return { text: str(input?.text), title: str(input?.title).trim(), channels, media, hashtags, campaign, postType };
}

/**
 * 100 minus each finding's weight (error 15, warning 6, info 2), counting at most three findings per rule,
 * never below 0.
 */
export function scoreOf(findings: readonly Finding[]): number {
  const perRule = new Map<string, number[]>();
  for (const f of findings) {
    const list = perRule.get(f.rule) ?? [];
    list.push(SEVERITY_WEIGHT[f.severity]);
    perRule.set(f.rule, list);
  }
  let deducted = 0;
  for (const weights of perRule.values()) {
    weights.sort((a, b) => b - a);
    for (const w of weights.slice(0, MAX_DEDUCTED_PER_RULE)) deducted += w;
  }
  return Math.max(0, 100 - deducted);
}

function order(a: Finding, b: Finding): number {
  const s = SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity);
  if (s) return s;
  const sa = a.span?.start ?? -1;
  const sb = b.span?.start ?? -1;
  if (sa !== sb) return sa - sb;
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
  if ((a.channel ?? '') !== (b.channel ?? '')) return (a.channel ?? '') < (b.channel ?? '') ? -1 : 1;
  return a.message.en < b.message.en ? -1 : a.message.en > b.message.en ? 1 : 0;
}

/** Checks a post. Never throws; the same input and settings always give the same result. */
export function coach(input: CoachInput, settings: CoachSettings = EMPTY_SETTINGS): CoachResult {
  const normal = normalizeInput(input);
  const cfg = compileSettings(settings ?? EMPTY_SETTINGS);
  const prose = normal.text.length > MAX_COACH_CHARS ? normal.text.slice(0, MAX_COACH_CHARS) : normal.text;
  const model = analyzeText(prose);
  const ctx = new Ctx(normal, model, cfg);
  ctx.titleModel = analyzeText(normal.title);
  ctx.postType = normal.postType ?? detectPostType(model, ctx.titleModel);
  checkReadability(ctx);
  checkAbbreviations(ctx);
  checkCompleteness(ctx);
  checkAccessibility(ctx);
  checkSafety(ctx);
  if (normal.text.length > prose.length) {
    // channel limits are about the whole text
    const whole = new Ctx(normal, { ...model, text: normal.text }, cfg);
    checkChannels(whole);
    ctx.findings.push(...whole.findings);
  } else checkChannels(ctx);
  checkCampaign(ctx);
  const findings = ctx.findings.sort(order);
  const words = model.words.length;
  const inSentences = model.sentences.reduce((a, s) => a + (s.to - s.from), 0);
  let letters = 0;
  for (const w of model.words) letters += w.end - w.start;
  return {
    score: scoreOf(findings),
    findings,
    stats: {
      chars: normal.text.length,
      words,
      sentences: model.sentences.length,
      avgSentenceWords: model.sentences.length ? Math.round((inSentences / model.sentences.length) * 10) / 10 : 0,
      avgWordLetters: words ? Math.round((letters / words) * 10) / 10 : 0,
      postType: ctx.postType,
      postTypeGiven: normal.postType !== null,
    },
  };
}
