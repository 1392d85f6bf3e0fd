import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getDistricts, getRegencies } from 'idn-area-data';
import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../platform/db/index.ts';
import type { OrgRow, Role } from '../../platform/db/schema.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import { newPassword } from '../../platform/auth/tokens.ts';
import { recordAudit, systemContext } from './audit.ts';
import * as q from './queries.ts';

// Reference data (province, the OPD directory, kabupaten/kota and kecamatan) and demo accounts.

const SEED_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../db/seed');

interface SeedOpd {
  code: string;
  name: string;
  kind: OrgRow['kind'];
  group: string | null;
  parent: string | null;
  sipdCode: string | null;
  website: string | null;
  aliases: string[];
  responsibilities: string[];
  routingNote: string | null;
  socialAccounts: { platform: string; handle: string; status: string }[];
}

async function readSeed<T>(name: string): Promise<T> {
  return JSON.parse(await readFile(path.join(SEED_DIR, name), 'utf8')) as T;
}

export interface ReferenceSeedResult {
  orgs: number;
  regencies: number;
  districts: number;
}

/** Idempotent: safe on every start. */
export async function seedReference(db: Db, onProgress?: (step: string) => void): Promise<ReferenceSeedResult> {
  const seed = await readSeed<{ province: { code: string; name: string; website: string }; opds: SeedOpd[] }>('opd.json');
  onProgress?.('OPD directory');
  return db.transaction().execute(async (tx) => {
    const province = await q.upsertOrg(tx, {
      code: seed.province.code,
      name: seed.province.name,
      kind: 'province',
      website: seed.province.website,
      social_accounts: '[]',
    });
    const ids = new Map<string, string>();
    // Parents first so parent_id can be set in one pass.
    const ordered = [...seed.opds].sort((a, b) => Number(a.parent !== null) - Number(b.parent !== null));
    for (const o of ordered) {
      const { id, inserted } = await q.upsertOrg(tx, {
        code: o.code,
        name: o.name,
        kind: o.kind,
        parent_id: o.parent ? (ids.get(o.parent) ?? null) : null,
        org_group: o.group,
        sipd_code: o.sipdCode,
        website: o.website,
        aliases: o.aliases,
        responsibilities: o.responsibilities,
        routing_note: o.routingNote,
        social_accounts: JSON.stringify(o.socialAccounts),
      });
      ids.set(o.code, id);
      if (inserted) {
        await recordAudit(tx, systemContext(), { action: 'org.create', targetType: 'org', targetId: id, orgId: id, after: { code: o.code, name: o.name } });
      }
    }
    onProgress?.('kabupaten/kota and kecamatan');
    const regencies = await seedRegions(tx);
    return { orgs: ids.size + (province ? 1 : 0), ...regencies };
  });
}

async function seedRegions(tx: DbOrTx): Promise<{ regencies: number; districts: number }> {
  const own = await readSeed<{ kabkota: { code: string; name: string; kind: 'kabupaten' | 'kota'; capital: string | null; cabdin: string | null }[] }>('kabkota.json');
  const extra = new Map(own.kabkota.map((k) => [k.code, k]));
  const regencies = (await getRegencies({ transform: true })).filter((r) => r.provinceCode === '13');
  for (const r of regencies) {
    const mine = extra.get(r.code);
    await tx
      .insertInto('ref_regency')
      .values({
        code: r.code,
        name: r.name,
        kind: r.name.startsWith('Kota') ? 'kota' : 'kabupaten',
        capital: mine?.capital ?? null,
        cabdin: mine?.cabdin ?? null,
      })
      .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), capital: eb.ref('excluded.capital'), cabdin: eb.ref('excluded.cabdin') })))
      .execute();
  }
  const districts = (await getDistricts({ transform: true })).filter((d) => d.regencyCode.startsWith('13.'));
  if (districts.length) {
    await tx
      .insertInto('ref_district')
      .values(districts.map((d) => ({ code: d.code, regency_code: d.regencyCode, name: d.name })))
      .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })))
      .execute();
  }
  return { regencies: regencies.length, districts: districts.length };
}

export interface DemoLogin {
  email: string;
  password: string;
  role: Role;
  orgCode: string;
  name: string;
}

const DEMO_USERS: { email: string; name: string; role: Role; org: string }[] = [
  { email: 'admin@kominfotik.sumbarprov.go.id', name: 'Rahmat Hidayat', role: 'province_admin', org: 'SUMBAR' },
  { email: 'supervisor@kominfotik.sumbarprov.go.id', name: 'Nurul Aini', role: 'province_supervisor', org: 'SUMBAR' },
  { email: 'kepala@dinkes.sumbarprov.go.id', name: 'dr. Yusrizal', role: 'opd_head', org: 'DINKES' },
  { email: 'admin@dinkes.sumbarprov.go.id', name: 'Sari Wahyuni', role: 'opd_admin', org: 'DINKES' },
  { email: 'petugas@dinkes.sumbarprov.go.id', name: 'Andi Saputra', role: 'responder', org: 'DINKES' },
  { email: 'pemantau@dinkes.sumbarprov.go.id', name: 'Fitri Handayani', role: 'viewer', org: 'DINKES' },
  { email: 'kepala@disdik.sumbarprov.go.id', name: 'Drs. Syafrizal', role: 'opd_head', org: 'DISDIK' },
  { email: 'admin@disdik.sumbarprov.go.id', name: 'Melati Putri', role: 'opd_admin', org: 'DISDIK' },
  { email: 'admin@bapenda.sumbarprov.go.id', name: 'Hendra Gunawan', role: 'opd_admin', org: 'BAPENDA' },
  { email: 'admin@dishub.sumbarprov.go.id', name: 'Yulia Rahmi', role: 'opd_admin', org: 'DISHUB' },
];

/**
 * Creates the demo accounts that do not exist yet and returns their fresh passwords
 * (shown once; existing accounts keep theirs). Outside demo mode accounts must change
 * the password at first login.
 */
export async function seedDemoUsers(db: Db, opts: { mustChangePassword: boolean }): Promise<DemoLogin[]> {
  const created: DemoLogin[] = [];
  for (const u of DEMO_USERS) {
    const org = await q.findOrgByCode(db, u.org);
    if (!org) throw new Error(`seed: org ${u.org} missing; run the reference seed first`);
    if (await q.findUserByEmail(db, u.email)) continue;
    const password = newPassword();
    const hash = await hashPassword(password);
    const inserted = await db
      .insertInto('app_user')
      .values({ org_id: org.id, email: u.email, name: u.name, role: u.role, password_hash: hash, must_change_password: opts.mustChangePassword })
      .onConflict((oc) => oc.column('email').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) continue;
    await recordAudit(db, systemContext(), { action: 'user.create', targetType: 'user', targetId: inserted.id, orgId: org.id, after: { email: u.email, role: u.role } });
    created.push({ email: u.email, password, role: u.role, orgCode: u.org, name: u.name });
  }
  return created;
}

export async function isSeeded(db: Db): Promise<boolean> {
  const r = await sql<{ n: string }>`select count(*) as n from org`.execute(db);
  return Number(r.rows[0]?.n ?? 0) > 0;
}
