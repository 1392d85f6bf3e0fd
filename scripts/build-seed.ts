// Turns the shared West Sumatra reference data into Dayung's own seed files (db/seed/*.json).
// Run once when the reference changes: node scripts/build-seed.ts [path/to/shared/data/sumbar]
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const src = path.resolve(process.argv[2] ?? '../shared/data/sumbar');
const opdSrc = JSON.parse(readFileSync(path.join(src, 'opd.json'), 'utf8'));
const kabSrc = JSON.parse(readFileSync(path.join(src, 'kabkota.json'), 'utf8'));

interface SrcOpd {
  code: string;
  name: string;
  kind: string;
  group?: string;
  parent?: string;
  sipd_code?: string;
  website_seen?: string;
  aliases?: string[];
  responsibilities?: string[];
  routing_note?: string;
  typical_social_accounts?: { platform: string; handle: string; status: string }[];
}

const opds = (opdSrc.opds as SrcOpd[]).map((o) => ({
  code: o.code,
  name: o.name,
  kind: o.kind,
  group: o.group ?? null,
  parent: o.parent ?? null,
  sipdCode: o.sipd_code ?? null,
  website: o.website_seen ?? null,
  aliases: o.aliases ?? [],
  responsibilities: o.responsibilities ?? [],
  routingNote: o.routing_note ?? null,
  socialAccounts: o.typical_social_accounts ?? [],
}));

writeFileSync(
  'db/seed/opd.json',
  `${JSON.stringify(
    {
      source: 'Built by scripts/build-seed.ts from the Pemprov Sumbar OPD directory (SIPD SKPD list TA 2026 and Setda biros); social handles are illustrative.',
      province: { code: 'SUMBAR', name: 'Pemerintah Provinsi Sumatera Barat', website: 'sumbarprov.go.id' },
      opds,
    },
    null,
    1,
  )}\n`,
);

const kabkota = (kabSrc.kabkota as Record<string, unknown>[]).map((k) => ({
  code: k['kemendagri_code'],
  name: k['name'],
  kind: k['type'],
  capital: k['capital'] ?? null,
  aliases: k['aliases'] ?? [],
  cabdin: k['cabang_dinas_pendidikan_wilayah'] ?? null,
}));
writeFileSync(
  'db/seed/kabkota.json',
  `${JSON.stringify({ source: 'Built by scripts/build-seed.ts; Kemendagri codes, capitals and SMA cabang dinas wilayah.', kabkota }, null, 1)}\n`,
);
console.log(`wrote db/seed/opd.json (${opds.length} OPDs) and db/seed/kabkota.json (${kabkota.length} kab/kota)`);
