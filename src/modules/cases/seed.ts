import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/index.ts';

// Dayung's own reference data for cases: complaint categories (db/seed/case-categories.json) and the
// directory of authorities outside the province (db/seed/outside-authority.json). Upserted
// idempotently; a row an admin edited (edited_by set) is never overwritten. Needs the OPD directory
// (org seed) first: without the province row it does nothing and the next run seeds.

const SEED_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../db/seed');

interface SeedCategory {
  code: string;
  name: string;
  classification: 'pengaduan' | 'aspirasi' | 'permintaan_informasi';
  org: string;
  keywords?: string[];
  overrides?: { verify?: number; followup?: number; silence?: number; cap?: number };
  confidentialByDefault?: boolean;
}

interface SeedAuthority {
  code: string;
  name: string;
  level: 'kabupaten_kota' | 'bumd_kabkota' | 'nasional_vertikal' | 'bumn' | 'lembaga_independen';
  perRegency?: boolean;
  topics: unknown[];
  contact: Record<string, unknown>;
}

export async function readCaseSeed(dir = SEED_DIR): Promise<{ categories: SeedCategory[]; authorities: SeedAuthority[] }> {
  const cat = JSON.parse(await readFile(path.join(dir, 'case-categories.json'), 'utf8')) as { categories?: SeedCategory[] };
  const auth = JSON.parse(await readFile(path.join(dir, 'outside-authority.json'), 'utf8')) as { authorities?: SeedAuthority[] };
  if (!Array.isArray(cat.categories) || !Array.isArray(auth.authorities)) throw new TypeError('case seed: expected "categories" and "authorities" arrays');
  return { categories: cat.categories, authorities: auth.authorities };
}

export interface CaseSeedResult {
  categories: number;
  authorities: number;
  changed: number;
}

export async function seedCaseReference(db: DbOrTx, dir = SEED_DIR): Promise<CaseSeedResult> {
  const { categories, authorities } = await readCaseSeed(dir);
  const orgs = await db.selectFrom('org').select(['id', 'code', 'kind']).execute();
  const province = orgs.find((o) => o.kind === 'province');
  if (!province) return { categories: 0, authorities: 0, changed: 0 };
  const byCode = new Map(orgs.map((o) => [o.code, o.id]));
  let changed = 0;
  const catRows = categories.map((c) => {
    const orgId = byCode.get(c.org);
    if (!orgId) throw new TypeError(`case-categories.json ${c.code}: unknown org ${c.org}`);
    return sql`(${c.code}, ${c.name}, ${c.classification}, ${orgId}::uuid, ${c.keywords ?? []}::text[], ${c.overrides?.verify ?? null}::int, ${c.overrides?.followup ?? null}::int, ${c.overrides?.silence ?? null}::int, ${c.overrides?.cap ?? null}::int, ${c.confidentialByDefault ?? false})`;
  });
  if (catRows.length) {
    const r = await sql`
      insert into case_category (code, name, classification, org_id, keywords, verify_working_days, followup_working_days, silence_working_days, cap_calendar_days, confidential_by_default)
      values ${sql.join(catRows)}
      on conflict (code) do update set name = excluded.name, classification = excluded.classification, org_id = excluded.org_id, keywords = excluded.keywords,
        verify_working_days = excluded.verify_working_days, followup_working_days = excluded.followup_working_days,
        silence_working_days = excluded.silence_working_days, cap_calendar_days = excluded.cap_calendar_days,
        confidential_by_default = excluded.confidential_by_default, updated_at = now()
      where case_category.edited_by is null
        and (case_category.name, case_category.classification, case_category.org_id, case_category.keywords, case_category.verify_working_days,
             case_category.followup_working_days, case_category.silence_working_days, case_category.cap_calendar_days, case_category.confidential_by_default)
          is distinct from
            (excluded.name, excluded.classification, excluded.org_id, excluded.keywords, excluded.verify_working_days,
             excluded.followup_working_days, excluded.silence_working_days, excluded.cap_calendar_days, excluded.confidential_by_default)`.execute(db);
    changed += Number(r.numAffectedRows ?? 0);
  }
  const authRows = authorities.map(
    (a) => sql`(${a.code}, ${a.name}, ${a.level}, ${a.perRegency ?? false}, ${JSON.stringify(a.topics)}::jsonb, ${JSON.stringify(a.contact)}::jsonb, ${province.id}::uuid)`,
  );
  if (authRows.length) {
    const r = await sql`
      insert into outside_authority (code, name, level, per_regency, topics, contact, org_id)
      values ${sql.join(authRows)}
      on conflict (code) do update set name = excluded.name, level = excluded.level, per_regency = excluded.per_regency,
        topics = excluded.topics, contact = excluded.contact, updated_at = now()
      where outside_authority.edited_by is null
        and (outside_authority.name, outside_authority.level, outside_authority.per_regency, outside_authority.topics, outside_authority.contact)
          is distinct from (excluded.name, excluded.level, excluded.per_regency, excluded.topics, excluded.contact)`.execute(db);
    changed += Number(r.numAffectedRows ?? 0);
  }
  return { categories: categories.length, authorities: authorities.length, changed };
}
