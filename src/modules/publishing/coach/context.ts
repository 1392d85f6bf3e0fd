// What every check receives: the normalised input, the text model, the compiled settings and a sink for
// findings that applies the admins' overrides (disabled rules, severities).
import { ABBREVIATIONS, TITLES, WELL_KNOWN } from './data/abbreviations.ts';
import { BUREAUCRATIC_PHRASES, type Phrase } from './data/phrases.ts';
import { CHANNEL_PLATFORMS, type ChannelPlatform } from './limits.ts';
import { DEFAULT_THRESHOLDS, MAX_FINDINGS_PER_RULE, RULE_IDS, THRESHOLD_BOUNDS } from './rules.ts';
import { PhraseSet, type TextModel } from './text.ts';
import type { CoachMedia, CoachSettings, Finding, PostType, RuleOverride, Severity, Thresholds } from './types.ts';

export interface NormalInput {
  text: string;
  title: string;
  channels: ChannelPlatform[];
  media: CoachMedia[];
  /** the post's own hashtags, without '#' */
  hashtags: string[];
  campaign: { keyMessage: string; hashtags: string[] } | null;
  postType: PostType | null;
}

export interface AbbreviationEntry {
  abbr: string;
  expansion: string;
}

export interface Compiled {
  thresholds: Thresholds;
  overrides: ReadonlyMap<string, RuleOverride>;
  /** lower-case abbreviation → entry */
  abbreviations: ReadonlyMap<string, AbbreviationEntry>;
  /** lower-case forms not to flag */
  wellKnown: ReadonlySet<string>;
  /** the bureaucratic phrases, built-in and the admins' */
  phrases: PhraseSet<Phrase>;
}

const compiledCache = new WeakMap<CoachSettings, Compiled>();

const FRACTIONAL: ReadonlySet<keyof Thresholds> = new Set(['maxAvgWordLetters', 'minCampaignOverlap']);

function clampThreshold(key: keyof Thresholds, v: unknown): number {
  const [lo, hi] = THRESHOLD_BOUNDS[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) return DEFAULT_THRESHOLDS[key];
  const x = Math.min(hi, Math.max(lo, v));
  return FRACTIONAL.has(key) ? x : Math.round(x);
}

/** Settings turned into lookups once (cached per settings object). */
export function compileSettings(settings: CoachSettings): Compiled {
  const hit = compiledCache.get(settings);
  if (hit) return hit;
  const thresholds = { ...DEFAULT_THRESHOLDS };
  for (const key of Object.keys(DEFAULT_THRESHOLDS) as (keyof Thresholds)[]) {
    if (settings.thresholds?.[key] !== undefined) thresholds[key] = clampThreshold(key, settings.thresholds[key]);
  }
  const overrides = new Map<string, RuleOverride>();
  for (const [id, o] of Object.entries(settings.rules ?? {})) if (RULE_IDS.has(id) && o) overrides.set(id, o);
  const abbreviations = new Map<string, AbbreviationEntry>();
  for (const [abbr, expansion] of Object.entries(ABBREVIATIONS)) abbreviations.set(abbr.toLowerCase(), { abbr, expansion });
  for (const e of settings.extraAbbreviations ?? []) {
    const abbr = e.abbr.trim();
    if (abbr && e.expansion.trim()) abbreviations.set(abbr.toLowerCase(), { abbr, expansion: e.expansion.trim() });
  }
  const wellKnown = new Set([...WELL_KNOWN, ...TITLES, ...(settings.allowedAbbreviations ?? [])].map((s) => s.trim().toLowerCase()).filter(Boolean));
  const phrases = new Map<string, Phrase>();
  for (const p of [...BUREAUCRATIC_PHRASES, ...(settings.extraPhrases ?? [])]) {
    const key = p.phrase.trim().toLowerCase().replace(/\s+/g, ' ');
    if (key) phrases.set(key, { ...p, phrase: key });
  }
  const out: Compiled = { thresholds, overrides, abbreviations, wellKnown, phrases: new PhraseSet(phrases.entries()) };
  compiledCache.set(settings, out);
  return out;
}

export class Ctx {
  readonly input: NormalInput;
  readonly model: TextModel;
  readonly cfg: Compiled;
  postType: PostType = 'info';
  /** the title's text model (empty title → empty model) */
  titleModel: TextModel | null = null;
  readonly findings: Finding[] = [];
  private readonly counts = new Map<string, number>();

  constructor(input: NormalInput, model: TextModel, cfg: Compiled) {
    this.input = input;
    this.model = model;
    this.cfg = cfg;
  }

  get t(): Thresholds {
    return this.cfg.thresholds;
  }

  /** Whether the rule is enabled (checks skip their work for disabled rules). */
  on(rule: string): boolean {
    return this.cfg.overrides.get(rule)?.enabled !== false;
  }

  add(f: Finding): void {
    const o = this.cfg.overrides.get(f.rule);
    if (o?.enabled === false) return;
    const n = this.counts.get(f.rule) ?? 0;
    if (n >= MAX_FINDINGS_PER_RULE) return;
    this.counts.set(f.rule, n + 1);
    const severity: Severity = o?.severity ?? f.severity;
    this.findings.push({ ...f, severity });
  }
}

export function isPlatform(v: unknown): v is ChannelPlatform {
  return typeof v === 'string' && (CHANNEL_PLATFORMS as readonly string[]).includes(v);
}
