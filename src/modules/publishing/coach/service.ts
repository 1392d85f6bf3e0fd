// Use cases of the coach: check a draft with the province's settings, read and change those settings.
import type { Db } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/errors.ts';
import { isProvince, recordAudit, requirePermission, type Actor, type AuditContext } from '../../org/index.ts';
import { coach } from './coach.ts';
import { lockSettingsRow, readSettingsRow, readSettingsVersion, writeSettingsRow } from './queries.ts';
import { DEFAULT_THRESHOLDS, RULE_IDS, RULES, THRESHOLD_BOUNDS } from './rules.ts';
import { CoachSettingsSchema, type CoachSettingsInput, type StoredSettings } from './schema.ts';
import { EMPTY_SETTINGS, type CoachInput, type CoachResult, type CoachSettings } from './types.ts';

/**
 * The province's settings, cached in memory. Every request within `ttlMs` of the last check uses the cache;
 * after that one cheap query compares the row's version and reloads only when it changed. A change made through
 * this process invalidates at once; other web processes see it within `ttlMs`.
 */
export class CoachSettingsStore {
  private readonly db: Db;
  private readonly ttlMs: number;
  private cached: { settings: CoachSettings; version: number; checkedAt: number } | null = null;
  private pending: Promise<CoachSettings> | null = null;

  constructor(db: Db, ttlMs = 5000) {
    this.db = db;
    this.ttlMs = ttlMs;
  }

  async get(): Promise<CoachSettings> {
    const c = this.cached;
    if (c && Date.now() - c.checkedAt < this.ttlMs) return c.settings;
    this.pending ??= this.refresh().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  invalidate(): void {
    this.cached = null;
  }

  private async refresh(): Promise<CoachSettings> {
    const c = this.cached;
    if (c) {
      const v = await readSettingsVersion(this.db);
      if (v === c.version) {
        c.checkedAt = Date.now();
        return c.settings;
      }
    }
    const row = await readSettingsRow(this.db);
    const settings = row ? storedSettings(row.settings) : EMPTY_SETTINGS;
    this.cached = { settings, version: row?.version ?? 0, checkedAt: Date.now() };
    return settings;
  }
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/**
 * Settings as read from the database, validated like a request; a rule id that no longer exists is dropped
 * rather than failing. Null when unreadable (the defaults apply then).
 */
export function parseStoredSettings(raw: unknown): StoredSettings | null {
  const obj = raw && typeof raw === 'object' ? { ...(raw as Record<string, unknown>) } : {};
  if (obj['rules'] && typeof obj['rules'] === 'object') obj['rules'] = Object.fromEntries(Object.entries(obj['rules'] as object).filter(([k]) => RULE_IDS.has(k)));
  const parsed = CoachSettingsSchema.safeParse(obj);
  return parsed.success ? parsed.data : null;
}

export function storedSettings(raw: unknown): CoachSettings {
  const s = parseStoredSettings(raw);
  return s ? deepFreeze(s) : EMPTY_SETTINGS;
}

export interface CoachDeps {
  db: Db;
  store: CoachSettingsStore;
}

/** Checks a draft. Anyone who may write posts may ask. */
export async function checkDraft(deps: CoachDeps, actor: Actor, input: CoachInput): Promise<CoachResult> {
  requirePermission(actor, 'publishing.write');
  return coach(input, await deps.store.get());
}

/** Only province admins tune the coach: the rules are the province's, the same for every OPD. */
function assertCoachAdmin(actor: Actor): void {
  requirePermission(actor, 'publishing.settings');
  if (!isProvince(actor)) throw new AppError('forbidden');
}

export async function settingsView(deps: CoachDeps, actor: Actor) {
  assertCoachAdmin(actor);
  const row = await readSettingsRow(deps.db);
  return {
    settings: parseStoredSettings(row?.settings) ?? CoachSettingsSchema.parse({}),
    version: row?.version ?? 0,
    updatedAt: (row?.updatedAt ?? new Date(0)).toISOString(),
    updatedBy: row?.updatedBy ?? null,
    rules: RULES.map((r) => ({ id: r.id, group: r.group, severity: r.severity, title: r.title, ...(r.thresholds ? { thresholds: [...r.thresholds] as string[] } : {}) })),
    defaults: { ...DEFAULT_THRESHOLDS },
    bounds: Object.fromEntries(Object.entries(THRESHOLD_BOUNDS).map(([k, v]) => [k, [v[0], v[1]] as [number, number]])),
  };
}

export async function updateSettings(deps: CoachDeps, actor: Actor, input: CoachSettingsInput, audit: AuditContext) {
  assertCoachAdmin(actor);
  const next = CoachSettingsSchema.parse(input);
  await deps.db.transaction().execute(async (tx) => {
    const before = await lockSettingsRow(tx);
    const version = await writeSettingsRow(tx, next, actor.userId);
    await recordAudit(tx, audit, { action: 'coach_settings.update', targetType: 'coach_settings', targetId: String(version), orgId: null, before: before?.settings ?? null, after: next });
  });
  deps.store.invalidate();
  return settingsView(deps, actor);
}
