import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { ApiClient } from '../../../../test/helpers/client.ts';
import { buildUser, orgId, type BuiltUser } from '../../../../test/helpers/factories.ts';

// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), rule by rule, in JSON and in XML:
// discovery, services, service definitions, POST requests (api_key, service_code, location,
// attributes, description, personal fields), GET requests (filters, 90 days, 1000 rows, never a
// confidential case, descriptions masked), a single request, tokens, errors and their statuses,
// datetimes in UTC with Z, rate limits. Each XML answer is also compared field by field with JSON.

let app: TestApp;
let admin: ApiClient;
let bmHead: ApiClient;
let adminUser: BuiltUser;
let key: string;
let padang: { regency: string; district: string; districtName: string };
let otherDistrict: string;

const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const CODE = /^SB-\d{4}-\d{6,}$/;
const LISTS: Record<string, string> = { services: 'service', service_requests: 'request', errors: 'error', endpoints: 'endpoint', formats: 'format', attributes: 'attribute', values: 'value' };

// ── a small XML reader for the tests (elements and text only, as GeoReport v2 uses) ─────────────

interface XmlEl {
  name: string;
  children: XmlEl[];
  text: string | null;
}

function decode(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos);/g, (_m, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e]!);
}

function parseXml(src: string): XmlEl {
  expect(src.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  let i = src.indexOf('?>') + 2;
  const ws = () => {
    while (/\s/.test(src[i] ?? '')) i++;
  };
  const el = (): XmlEl => {
    ws();
    if (src[i] !== '<') throw new Error(`expected < at ${i}`);
    const m = /^<([A-Za-z_][\w.-]*)\s*(\/?)>/.exec(src.slice(i));
    if (!m) throw new Error(`bad tag at ${i}: ${src.slice(i, i + 30)}`);
    i += m[0].length;
    const name = m[1]!;
    if (m[2] === '/') return { name, children: [], text: null };
    const close = `</${name}>`;
    const save = i;
    ws();
    if (src.startsWith(close, i)) {
      i += close.length;
      return { name, children: [], text: null };
    }
    if (src[i] === '<' && src[i + 1] !== '/') {
      const children: XmlEl[] = [];
      while (!src.startsWith(close, i)) {
        children.push(el());
        ws();
      }
      i += close.length;
      return { name, children, text: null };
    }
    i = save;
    const end = src.indexOf(close, i);
    expect(src.slice(i, end)).not.toMatch(/[<>]/);
    const text = decode(src.slice(i, end));
    i = end + close.length;
    return { name, children: [], text };
  };
  const root = el();
  ws();
  expect(i).toBe(src.length);
  return root;
}

/** XML element → the JSON shape, every scalar a string (empty element = null). */
function xmlValue(e: XmlEl): unknown {
  if (LISTS[e.name]) {
    for (const c of e.children) expect(c.name).toBe(LISTS[e.name]);
    return e.children.length ? e.children.map(xmlValue) : null;
  }
  if (e.children.length) {
    const o: Record<string, unknown> = {};
    for (const c of e.children) {
      expect(o, `repeated <${c.name}> in <${e.name}>`).not.toHaveProperty(c.name);
      o[c.name] = xmlValue(c);
    }
    return o;
  }
  return e.text;
}

/** JSON → what the same answer looks like in XML (scalars as strings, null and [] as empty elements). */
function asXmlStrings(v: unknown): unknown {
  if (v === null || v === undefined || v === '') return null;
  if (Array.isArray(v)) return v.length ? v.map(asXmlStrings) : null;
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).map(([k, x]) => [k, asXmlStrings(x)]));
  return String(v);
}

// ── HTTP helpers ─────────────────────────────────────────────────────────────────────────────

let ipSeq = 0;
const nextIp = () => {
  ipSeq++;
  return `10.31.${Math.floor(ipSeq / 200)}.${(ipSeq % 200) + 1}`;
};

interface Res {
  status: number;
  type: string;
  text: string;
  body: any;
  headers: Headers;
}

async function call(method: string, path: string, o: { form?: Record<string, string | string[]> | string; json?: unknown; ip?: string; headers?: Record<string, string> } = {}): Promise<Res> {
  const headers: Record<string, string> = { 'x-forwarded-for': o.ip ?? nextIp(), ...o.headers };
  let body: string | undefined;
  if (o.form !== undefined) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
    if (typeof o.form === 'string') body = o.form;
    else {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(o.form)) for (const x of [v].flat()) p.append(k, x);
      body = p.toString();
    }
  } else if (o.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(o.json);
  }
  const res = await fetch(app.url + path, { method, headers, body });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, type, text, headers: res.headers, body: type.startsWith('application/json') ? JSON.parse(text) : type.startsWith('text/xml') ? parseXml(text) : text };
}

const get = (path: string, o: { ip?: string; headers?: Record<string, string> } = {}) => call('GET', `/open311/v2${path}`, o);
const post = (path: string, o: Parameters<typeof call>[2]) => call('POST', `/open311/v2${path}`, o);

/** Both formats of a GET: the JSON body, and the XML body equal to it field by field. */
async function both(path: string, root: string): Promise<any> {
  const [pathname, qs] = path.split('?');
  const j = await get(`${pathname}.json${qs ? `?${qs}` : ''}`);
  expect(j.status, j.text).toBe(200);
  expect(j.type).toBe('application/json; charset=utf-8');
  const x = await get(`${pathname}.xml${qs ? `?${qs}` : ''}`);
  expect(x.status, x.text).toBe(200);
  expect(x.type).toBe('text/xml; charset=utf-8');
  expect(x.body.name).toBe(root);
  expect(xmlValue(x.body)).toEqual(asXmlStrings(j.body));
  return j.body;
}

/** An error in both formats: the status, and [{code, description}] / <errors><error>. */
async function expectError(r: Res, status: number, contains?: RegExp): Promise<void> {
  expect(r.status, r.text).toBe(status);
  if (r.type.startsWith('application/json')) {
    expect(Array.isArray(r.body)).toBe(true);
    expect(r.body.length).toBeGreaterThan(0);
    for (const e of r.body) {
      expect(Object.keys(e).sort()).toEqual(['code', 'description']);
      expect(e.code).toBe(status);
      expect(typeof e.description).toBe('string');
    }
    if (contains) expect(r.body.map((e: { description: string }) => e.description).join(' | ')).toMatch(contains);
  } else {
    expect(r.type).toBe('text/xml; charset=utf-8');
    expect(r.body.name).toBe('errors');
    const list = xmlValue(r.body) as { code: string; description: string }[];
    for (const e of list) {
      expect(Object.keys(e).sort()).toEqual(['code', 'description']);
      expect(e.code).toBe(String(status));
    }
    if (contains) expect(list.map((e) => e.description).join(' | ')).toMatch(contains);
  }
}

async function newKey(name = 'Aplikasi uji'): Promise<string> {
  const r = await admin.post('/api/open311/keys', { name, contact: 'tim@contoh.go.id' });
  expect(r.status, r.text).toBe(201);
  return r.body.key;
}

function validRequest(over: Record<string, string | string[] | undefined> = {}): Record<string, string | string[]> {
  const base: Record<string, string | string[] | undefined> = {
    api_key: key,
    service_code: 'JALAN_JEMBATAN',
    lat: '-0.9471',
    long: '100.4172',
    'attribute[KABKOTA]': padang.regency,
    'attribute[KECAMATAN]': padang.district,
    description: 'Jalan provinsi berlubang besar di depan pasar, membahayakan pengendara motor. Hubungi saya di 081298765432.',
    first_name: 'Rina',
    last_name: 'Marlina',
    email: 'rina.marlina@contoh.id',
    phone: '081298765432',
    account_id: 'akun-77',
    device_id: 'perangkat-1',
    media_url: 'https://foto.contoh.org/jalan-berlubang.jpg',
    ...over,
  };
  return Object.fromEntries(Object.entries(base).filter(([, v]) => v !== undefined)) as Record<string, string | string[]>;
}

async function created(over: Record<string, string | string[] | undefined> = {}, format: 'json' | 'xml' = 'json') {
  const r = await post(`/requests.${format}`, { form: validRequest(over) });
  expect(r.status, r.text).toBe(200);
  const item = format === 'json' ? r.body[0] : (xmlValue(r.body) as Record<string, string>[])[0]!;
  return { id: item.service_request_id as string, item, res: r };
}

async function caseRow(code: string) {
  return app.db.db.selectFrom('complaint_case').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
}

/** Inserts a case directly (for statuses and dates the lifecycle would take days to reach). */
async function insertCase(o: { status?: string; receivedAt?: Date; confidential?: boolean; categoryCode?: string; description?: string; handedOffTo?: string | null; duplicateOf?: string | null; verified?: boolean }) {
  const province = await orgId(app.db.db, 'SUMBAR');
  const cat = await app.db.db.selectFrom('case_category').select('id').where('code', '=', o.categoryCode ?? 'KESEHATAN').executeTakeFirstOrThrow();
  const received = o.receivedAt ?? new Date();
  const row = await app.db.db
    .insertInto('complaint_case')
    .values({
      org_id: province,
      title: 'uji',
      description: o.description ?? 'Uraian aduan uji langsung',
      source_channel: 'whatsapp',
      reporter_name: 'Pelapor Tersembunyi',
      reporter_phone: '081211112222',
      status: (o.status ?? 'diterima') as 'diterima',
      category_id: cat.id,
      confidential: o.confidential ?? false,
      handed_off_to: o.handedOffTo ?? null,
      duplicate_of: o.duplicateOf ?? null,
      received_at: received,
      verified_at: o.verified ? received : null,
      verify_due_at: new Date(received.getTime() + 3 * 86_400_000),
      cap_due_at: new Date(received.getTime() + 60 * 86_400_000),
      closed_at: ['selesai', 'duplikat', 'diarsipkan'].includes(o.status ?? '') ? received : null,
    })
    .returning(['id', 'code'])
    .executeTakeFirstOrThrow();
  return row;
}

beforeAll(async () => {
  app = await startTestApp({ services: 'web' });
  adminUser = await buildUser(app.db.db, { role: 'province_admin' });
  admin = new ApiClient(app.url);
  expect((await admin.login(adminUser.email, adminUser.password)).status).toBe(200);
  const head = await buildUser(app.db.db, { role: 'opd_head', orgCode: 'BMCKTR' });
  bmHead = new ApiClient(app.url);
  expect((await bmHead.login(head.email, head.password)).status).toBe(200);
  key = await newKey('Aplikasi Lapor Kota');
  const d = await app.db.db.selectFrom('ref_district').select(['code', 'name']).where('regency_code', '=', '13.71').orderBy('code').executeTakeFirstOrThrow();
  padang = { regency: '13.71', district: d.code, districtName: d.name };
  otherDistrict = (await app.db.db.selectFrom('ref_district').select('code').where('regency_code', '=', '13.01').orderBy('code').executeTakeFirstOrThrow()).code;
});
afterAll(async () => {
  await app?.close();
});
// A key of its own for every test: the per-key limit (30 POSTs a minute) is tested on its own.
beforeEach(async () => {
  if (admin) key = await newKey(`Aplikasi uji ${Date.now()}`);
});

// ── discovery ───────────────────────────────────────────────────────────────────────────────

describe('service discovery', () => {
  it('names the v2 specification, the endpoint URL, the formats, changesets in UTC', async () => {
    const d = await both('/discovery', 'discovery');
    expect(Object.keys(d)).toEqual(['changeset', 'contact', 'key_service', 'endpoints']);
    expect(d.changeset).toMatch(ISO_Z);
    expect(d.contact).toMatch(/Diskominfotik|Komunikasi/);
    expect(d.key_service).toMatch(/api_key/i);
    expect(d.endpoints).toEqual([{ specification: 'http://wiki.open311.org/GeoReport_v2', url: `${app.url}/open311/v2`, changeset: expect.stringMatching(ISO_Z), type: 'production', formats: ['text/xml', 'application/json'] }]);
    const x = await get('/discovery.xml');
    expect(x.text).toContain('<formats>\n        <format>text/xml</format>\n        <format>application/json</format>');
  });
});

// ── services ────────────────────────────────────────────────────────────────────────────────

describe('GET services', () => {
  it('lists one service per active complaint category; group is the default OPD; metadata true; realtime', async () => {
    const list = await both('/services', 'services');
    const active = await app.db.db.selectFrom('case_category as k').innerJoin('org as o', 'o.id', 'k.org_id').select(['k.code', 'k.name', 'k.keywords', 'o.name as org']).where('k.active', '=', true).execute();
    expect(list).toHaveLength(active.length);
    expect(list.length).toBeGreaterThan(20);
    for (const s of list) {
      expect(Object.keys(s)).toEqual(['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group']);
      const cat = active.find((c) => c.code === s.service_code)!;
      expect(cat, s.service_code).toBeTruthy();
      expect(s.service_name).toBe(cat.name);
      expect(s.group).toBe(cat.org);
      expect(s.metadata).toBe(true);
      expect(s.type).toBe('realtime');
      expect(s.keywords).toBe(cat.keywords.join(', '));
      expect(s.description.length).toBeGreaterThan(10);
    }
    expect(list.find((s: { service_code: string }) => s.service_code === 'JALAN_JEMBATAN').group).toBe('Dinas Bina Marga, Cipta Karya dan Tata Ruang');
    const x = await get('/services.xml');
    expect(x.text).toContain('<metadata>true</metadata>');
    expect(x.text).toContain('<type>realtime</type>');
  });

  it('leaves out an inactive category, and its definition is 404', async () => {
    await app.db.db.updateTable('case_category').set({ active: false }).where('code', '=', 'PARIWISATA_BUDAYA').execute();
    try {
      const list = (await get('/services.json')).body as { service_code: string }[];
      expect(list.map((s) => s.service_code)).not.toContain('PARIWISATA_BUDAYA');
      await expectError(await get('/services/PARIWISATA_BUDAYA.json'), 404, /PARIWISATA_BUDAYA/);
    } finally {
      await app.db.db.updateTable('case_category').set({ active: true }).where('code', '=', 'PARIWISATA_BUDAYA').execute();
    }
  });

  it('accepts the one jurisdiction_id and answers 404 for another', async () => {
    expect((await get('/services.json?jurisdiction_id=sumbarprov.go.id')).status).toBe(200);
    await expectError(await get('/services.json?jurisdiction_id=jakarta.go.id'), 404, /jurisdiction_id/);
    await expectError(await get('/services.xml?jurisdiction_id=jakarta.go.id'), 404, /jurisdiction_id/);
  });
});

// ── service definitions ─────────────────────────────────────────────────────────────────────

describe('GET service definition', () => {
  it('has the attributes with variable, code, datatype, required, datatype_description, order, description, values', async () => {
    const def = await both('/services/BENCANA', 'service_definition');
    expect(def.service_code).toBe('BENCANA');
    const attrs = def.attributes as any[];
    for (const a of attrs) {
      expect(Object.keys(a).slice(0, 7)).toEqual(['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description']);
      expect(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']).toContain(a.datatype);
      expect(typeof a.variable).toBe('boolean');
      expect(typeof a.required).toBe('boolean');
      if (a.datatype.endsWith('valuelist')) {
        expect(a.values.length).toBeGreaterThan(1);
        for (const v of a.values) expect(Object.keys(v)).toEqual(['key', 'name']);
      } else expect(a.values).toBeUndefined();
    }
    expect(attrs.map((a) => a.order)).toEqual(attrs.map((_a, i) => i + 1));
    expect(attrs.map((a) => a.code)).toEqual(['KABKOTA', 'KECAMATAN', 'WAKTU_KEJADIAN', 'ANONIM', 'RAHASIA', 'JENIS_BENCANA', 'JUMLAH_TERDAMPAK']);
    const regencies = await app.db.db.selectFrom('ref_regency').select(['code', 'name']).orderBy('code').execute();
    const kab = attrs[0];
    expect(kab).toMatchObject({ variable: true, datatype: 'singlevaluelist', required: true });
    expect(kab.values).toEqual(regencies.map((r) => ({ key: r.code, name: r.name })));
    expect(kab.values).toHaveLength(19);
    const kec = attrs[1];
    expect(kec).toMatchObject({ datatype: 'singlevaluelist', required: false });
    expect(kec.values).toHaveLength(Number((await app.db.db.selectFrom('ref_district').select(app.db.db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n));
    expect(kec.values.find((v: { key: string }) => v.key === padang.district).name).toBe(`${padang.districtName} (Kota Padang)`);
    expect(attrs[2]).toMatchObject({ code: 'WAKTU_KEJADIAN', datatype: 'datetime', required: false });
    expect(attrs[5]).toMatchObject({ code: 'JENIS_BENCANA', required: true });
    expect(attrs[6]).toMatchObject({ code: 'JUMLAH_TERDAMPAK', datatype: 'number' });
  });

  it('a confidential category shows confidentiality as information only (variable false)', async () => {
    const def = await both('/services/PUNGLI_KORUPSI', 'service_definition');
    const r = def.attributes.find((a: { code: string }) => a.code === 'RAHASIA');
    expect(r).toMatchObject({ variable: false, required: false, datatype: 'string' });
    expect(r.description).toMatch(/dirahasiakan/);
  });

  it('an unknown service_code is 404 in the spec error format, JSON and XML', async () => {
    await expectError(await get('/services/TIDAK_ADA.json'), 404, /TIDAK_ADA/);
    await expectError(await get('/services/TIDAK_ADA.xml'), 404, /TIDAK_ADA/);
  });
});

// ── POST requests ───────────────────────────────────────────────────────────────────────────

describe('POST requests', () => {
  it('needs an api_key: none, unknown or revoked is 403', async () => {
    const { api_key: _k, ...noKey } = validRequest();
    await expectError(await post('/requests.json', { form: noKey }), 403, /api_key/);
    await expectError(await post('/requests.xml', { form: noKey }), 403, /api_key/);
    await expectError(await post('/requests.json', { form: validRequest({ api_key: 'd311_palsu' }) }), 403, /api_key/);
    const k = await newKey('Akan dicabut');
    expect((await post('/requests.json', { form: validRequest({ api_key: k }) })).status).toBe(200);
    const list = await admin.get('/api/open311/keys');
    const id = list.body.items.find((x: { name: string }) => x.name === 'Akan dicabut').id;
    expect((await admin.post(`/api/open311/keys/${id}/revoke`, {})).body.active).toBe(false);
    await expectError(await post('/requests.json', { form: validRequest({ api_key: k }) }), 403, /dicabut|revoked/);
    // No empty POST slips through either.
    await expectError(await post('/requests.json', {}), 403);
  });

  it('creates a case (channel open311) and answers service_request_id = tracking code, service_notice, account_id', async () => {
    const before = Date.now();
    const { id, item, res } = await created();
    expect(res.type).toBe('application/json; charset=utf-8');
    expect(Object.keys(item)).toEqual(['service_request_id', 'token', 'service_notice', 'account_id', 'tracking_secret']);
    expect(id).toMatch(CODE);
    expect(item.account_id).toBe('akun-77');
    expect(item.service_notice).toContain(id);
    expect(item.service_notice).toContain(`/lacak/${id}`);
    const c = await caseRow(id);
    expect(c).toMatchObject({ source_channel: 'open311', status: 'diterima', regency_code: padang.regency, district_code: padang.district, reporter_name: 'Rina Marlina', reporter_phone: '081298765432', reporter_email: 'rina.marlina@contoh.id', confidential: false, anonymous: false });
    expect(c.org_id).toBe(await orgId(app.db.db, 'SUMBAR'));
    expect(new Date(c.received_at).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const sub = await app.db.db.selectFrom('case_submission').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
    expect(sub).toMatchObject({ channel: 'open311', lat: -0.9471, long: 100.4172, media_url: 'https://foto.contoh.org/jalan-berlubang.jpg', account_id: 'akun-77', device_id: 'perangkat-1', token: item.token });
    expect(sub.attributes).toEqual({ KABKOTA: padang.regency, KECAMATAN: padang.district });
    const audit = await app.db.db.selectFrom('audit_log').select(['action', 'actor_name']).where('target_id', '=', c.id).execute();
    expect(audit).toEqual([{ action: 'case.create', actor_name: 'sistem' }]);
    const ev = await app.db.db.selectFrom('case_event').select(['kind', 'public', 'public_text']).where('case_id', '=', c.id).execute();
    expect(ev).toEqual([{ kind: 'status', public: true, public_text: `Aduan diterima dengan kode pelacakan ${id}.` }]);
  });

  it('answers in XML per spec (<service_requests><request>…), an empty account_id as an empty element', async () => {
    const r = await post('/requests.xml', { form: validRequest({ account_id: undefined }) });
    expect(r.status, r.text).toBe(200);
    expect(r.type).toBe('text/xml; charset=utf-8');
    expect(r.body.name).toBe('service_requests');
    const [item] = xmlValue(r.body) as Record<string, string | null>[];
    expect(item!.service_request_id).toMatch(CODE);
    expect(item!.account_id).toBeNull();
    expect(r.text).toContain('<account_id/>');
  });

  it('accepts a JSON body with attributes as an object, and multivaluelist answers as attribute[code][]', async () => {
    const j = await post('/requests.json', { json: { ...validRequest(), attribute: { KABKOTA: padang.regency, KONDISI: ['berlubang', 'drainase'] }, 'attribute[KABKOTA]': undefined } });
    expect(j.status, j.text).toBe(200);
    const sub = await app.db.db.selectFrom('case_submission as s').innerJoin('complaint_case as c', 'c.id', 's.case_id').select(['s.attributes', 'c.description']).where('c.code', '=', j.body[0].service_request_id).executeTakeFirstOrThrow();
    expect(sub.attributes).toMatchObject({ KONDISI: ['berlubang', 'drainase'] });
    expect(sub.description).toContain('Kondisi yang terlihat: Jalan berlubang, Drainase tersumbat atau tergenang');
    const f = await created({ 'attribute[KONDISI][]': ['retak', 'amblas'] });
    const row = await app.db.db.selectFrom('case_submission as s').innerJoin('complaint_case as c', 'c.id', 's.case_id').select('s.attributes').where('c.code', '=', f.id).executeTakeFirstOrThrow();
    expect(row.attributes).toMatchObject({ KONDISI: ['retak', 'amblas'] });
  });

  it('accepts multipart/form-data fields and one "media" image; a broken or extra file is refused and nothing stays stored', async () => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(validRequest())) for (const x of [v].flat()) fd.append(k, x);
    fd.append('attribute[KONDISI][]', 'berlubang');
    fd.append('attribute[KONDISI][]', 'rambu');
    const ok = await fetch(`${app.url}/open311/v2/requests.json`, { method: 'POST', body: fd, headers: { 'x-forwarded-for': nextIp() } });
    expect(ok.status).toBe(200);
    const [item] = (await ok.json()) as { service_request_id: string }[];
    const sub = await app.db.db.selectFrom('case_submission as s').innerJoin('complaint_case as c', 'c.id', 's.case_id').select('s.attributes').where('c.code', '=', item!.service_request_id).executeTakeFirstOrThrow();
    expect(sub.attributes).toMatchObject({ KONDISI: ['berlubang', 'rambu'] });
    const mediaBefore = await app.db.db.selectFrom('media_object').select(app.db.db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const broken = new FormData();
    for (const [k, v] of Object.entries(validRequest())) for (const x of [v].flat()) broken.append(k, x);
    broken.append('media', new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' }), 'foto.jpg');
    const res = await fetch(`${app.url}/open311/v2/requests.xml`, { method: 'POST', body: broken, headers: { 'x-forwarded-for': nextIp() } });
    const text = await res.text();
    await expectError({ status: res.status, type: res.headers.get('content-type') ?? '', text, body: parseXml(text), headers: res.headers }, 400, /Gambar rusak/);
    const notImage = new FormData();
    for (const [k, v] of Object.entries(validRequest())) for (const x of [v].flat()) notImage.append(k, x);
    notImage.append('media', new Blob([new TextEncoder().encode('%PDF-1.4 bukan foto')], { type: 'image/jpeg' }), 'foto.jpg');
    const r2 = await fetch(`${app.url}/open311/v2/requests.json`, { method: 'POST', body: notImage, headers: { 'x-forwarded-for': nextIp() } });
    expect(r2.status).toBe(400);
    expect(await r2.text()).toMatch(/Jenis berkas tidak diterima/);
    const mediaAfter = await app.db.db.selectFrom('media_object').select(app.db.db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(mediaAfter.n).toBe(mediaBefore.n);
  });

  it('a missing or unknown service_code is 400', async () => {
    await expectError(await post('/requests.json', { form: validRequest({ service_code: undefined }) }), 400, /service_code/);
    await expectError(await post('/requests.json', { form: validRequest({ service_code: 'TIDAK_ADA' }) }), 400, /TIDAK_ADA/);
    await expectError(await post('/requests.xml', { form: validRequest({ service_code: 'TIDAK_ADA' }) }), 400, /TIDAK_ADA/);
    // The one jurisdiction: another is 404, ours (or none) is accepted.
    await expectError(await post('/requests.json', { form: validRequest({ jurisdiction_id: 'jakarta.go.id' }) }), 404, /jurisdiction_id/);
    expect((await post('/requests.json', { form: validRequest({ jurisdiction_id: 'sumbarprov.go.id' }) })).status).toBe(200);
    await expectError(await get('/requests.json?jurisdiction_id=jakarta.go.id'), 404, /jurisdiction_id/);
    await expectError(await get('/tokens/0123456789abcdef0123.xml?jurisdiction_id=jakarta.go.id'), 404, /jurisdiction_id/);
  });

  it('needs a location inside Sumatera Barat: lat/long together, address_string, or address_id', async () => {
    await expectError(await post('/requests.json', { form: validRequest({ lat: undefined, long: undefined }) }), 400, /lokasi wajib/);
    await expectError(await post('/requests.json', { form: validRequest({ long: undefined }) }), 400, /bersama/);
    await expectError(await post('/requests.json', { form: validRequest({ lat: 'utara' }) }), 400, /angka/);
    // Jakarta is outside the province's bounding box.
    await expectError(await post('/requests.json', { form: validRequest({ lat: '-6.2', long: '106.8' }) }), 400, /luar wilayah/);
    const addr = await created({ lat: undefined, long: undefined, address_string: 'Jl. Sudirman depan kantor gubernur' });
    const addrCase = await caseRow(addr.id);
    expect(addrCase.location_text).toBe('Jl. Sudirman depan kantor gubernur');
    // The address is published with the region once the case is verified.
    expect((await get(`/requests/${addr.id}.json`)).body[0].address).toBe(`Kecamatan ${padang.districtName}, Kota Padang, Sumatera Barat`);
    await admin.post(`/api/cases/${addrCase.id}/verify`, {});
    expect((await get(`/requests/${addr.id}.json`)).body[0].address).toBe(`Jl. Sudirman depan kantor gubernur, Kecamatan ${padang.districtName}, Kota Padang, Sumatera Barat`);
    const byId = await created({ lat: undefined, long: undefined, 'attribute[KECAMATAN]': undefined, address_id: padang.district });
    expect((await caseRow(byId.id)).district_code).toBe(padang.district);
    await expectError(await post('/requests.json', { form: validRequest({ lat: undefined, long: undefined, address_id: '99.99.99' }) }), 400, /address_id/);
  });

  it('validates attributes: required, listed values, kecamatan in the kab/kota, datatypes, unknown codes; all problems at once', async () => {
    await expectError(await post('/requests.json', { form: validRequest({ 'attribute[KABKOTA]': undefined, 'attribute[KECAMATAN]': undefined }) }), 400, /attribute\[KABKOTA\] wajib/);
    await expectError(await post('/requests.json', { form: validRequest({ 'attribute[KABKOTA]': '31.71' }) }), 400, /tidak ada dalam daftar/);
    await expectError(await post('/requests.json', { form: validRequest({ 'attribute[KECAMATAN]': otherDistrict }) }), 400, /tidak berada di kabupaten\/kota/);
    await expectError(await post('/requests.json', { form: validRequest({ 'attribute[WARNA]': 'merah' }) }), 400, /WARNA.*tidak dikenal/);
    await expectError(await post('/requests.json', { form: validRequest({ 'attribute[WAKTU_KEJADIAN]': 'kemarin sore' }) }), 400, /ISO 8601/);
    await expectError(await post('/requests.json', { form: validRequest({ 'attribute[KONDISI][]': ['berlubang', 'bocor'] }) }), 400, /"bocor"/);
    await expectError(await post('/requests.json', { form: validRequest({ 'attribute[ANONIM]': ['ya', 'tidak'] }) }), 400, /satu nilai/);
    const disaster = validRequest({ service_code: 'BENCANA', 'attribute[JUMLAH_TERDAMPAK]': 'banyak' });
    const r = await post('/requests.json', { form: disaster });
    await expectError(r, 400);
    expect(r.body.map((e: { description: string }) => e.description)).toEqual([expect.stringMatching(/JENIS_BENCANA\] wajib/), expect.stringMatching(/JUMLAH_TERDAMPAK\] harus berupa angka/)]);
    const ok = await created({ service_code: 'BENCANA', 'attribute[JENIS_BENCANA]': 'banjir', 'attribute[JUMLAH_TERDAMPAK]': '40', 'attribute[WAKTU_KEJADIAN]': '2026-11-01T08:00:00+07:00', description: 'Banjir merendam permukiman warga sejak subuh, air setinggi lutut orang dewasa.' });
    const c = await caseRow(ok.id);
    expect(c.description).toContain('Jenis bencana: Banjir atau banjir bandang');
    expect(c.description).toContain('Perkiraan jumlah warga terdampak: 40');
    expect(c.description).toContain('1 Nov 2026 08.00 WIB');
  });

  it('validates description length (10–4000) and the personal fields', async () => {
    await expectError(await post('/requests.json', { form: validRequest({ description: 'rusak' }) }), 400, /description/);
    await expectError(await post('/requests.json', { form: validRequest({ description: 'x'.repeat(4001) }) }), 400, /4000/);
    await expectError(await post('/requests.json', { form: validRequest({ email: 'bukan-email' }) }), 400, /email/);
    await expectError(await post('/requests.json', { form: validRequest({ phone: 'telepon saya' }) }), 400, /phone/);
    await expectError(await post('/requests.json', { form: validRequest({ first_name: 'x'.repeat(101) }) }), 400, /first_name/);
    await expectError(await post('/requests.json', { form: validRequest({ media_url: 'javascript:alert(1)' }) }), 400, /media_url/);
    const many = await post('/requests.json', { form: validRequest({ email: 'salah', phone: 'salah', media_url: 'ftp://x' }) });
    await expectError(many, 400);
    expect(many.body).toHaveLength(3);
    expect((await post('/requests.json', { form: validRequest({ description: 'x'.repeat(4000) }) })).status).toBe(200);
  });

  it('refuses spam and unreadable bodies, and an unsupported content type, as 400 in the spec format', async () => {
    await expectError(await post('/requests.json', { form: validRequest({ description: 'SLOT GACOR hari ini maxwin, deposit pulsa tanpa potongan, daftar di link bit.ly/gacor88 sekarang juga' }) }), 400, /spam/);
    await expectError(await post('/requests.xml', { form: 'service_code=KESEHATAN', headers: { 'content-type': 'text/plain' } }), 400, /jenis konten/);
  });

  it('the anonymous and confidential attributes set the case flags; anonymous drops the name', async () => {
    const a = await created({ 'attribute[ANONIM]': 'ya' });
    expect(await caseRow(a.id)).toMatchObject({ anonymous: true, reporter_name: null, confidential: false });
    const c = await created({ 'attribute[RAHASIA]': 'ya' });
    expect((await caseRow(c.id)).confidential).toBe(true);
    expect(c.item.service_notice).toMatch(/rahasia/);
    // A category confidential by default needs no attribute.
    const p = await created({ service_code: 'PUNGLI_KORUPSI', description: 'Ada pungutan liar saat mengurus izin di kantor pelayanan, diminta uang tambahan.' });
    expect((await caseRow(p.id)).confidential).toBe(true);
  });
});

// ── GET requests, a request, tokens ─────────────────────────────────────────────────────────

const REQUEST_FIELDS = ['service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice', 'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url'];

describe('GET requests and a request', () => {
  it('follows a case through its life: fields, status open/closed, status_notes, agency, expected_datetime, masked description', async () => {
    const { id } = await created({ description: 'Jalan provinsi berlubang di depan pasar. NIK saya 1371015507900001, telepon 081298765432, email rina.marlina@contoh.id.' });
    const row = await caseRow(id);

    // Received: open, Kominfotik's province org responsible, expected = the verify deadline, the citizen's text not yet published.
    let [r] = await both(`/requests/${id}`, 'service_requests');
    expect(Object.keys(r)).toEqual(REQUEST_FIELDS);
    expect(r).toMatchObject({ service_request_id: id, status: 'open', service_code: 'JALAN_JEMBATAN', service_name: 'Jalan dan jembatan provinsi', agency_responsible: 'Pemerintah Provinsi Sumatera Barat', description: null, address_id: padang.district, lat: null, long: null, media_url: null, zipcode: null });
    expect(r.status_notes).toBe(`Aduan diterima dengan kode pelacakan ${id}.`);
    expect(r.address).toBe(`Kecamatan ${padang.districtName}, Kota Padang, Sumatera Barat`);
    expect(r.requested_datetime).toBe(new Date(row.received_at).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    expect(r.expected_datetime).toBe(new Date(row.verify_due_at!).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    for (const f of ['requested_datetime', 'updated_datetime', 'expected_datetime']) expect(r[f]).toMatch(ISO_Z);
    expect(r.service_notice).toMatch(/Dinas Bina Marga/);

    // Verified and disposed: published (masked), the OPD responsible, expected = the follow-up deadline.
    expect((await admin.post(`/api/cases/${row.id}/verify`, {})).status).toBe(200);
    expect((await admin.post(`/api/cases/${row.id}/dispose`, { orgCode: 'BMCKTR', reason: 'Jalan provinsi' })).status).toBe(200);
    [r] = await both(`/requests/${id}`, 'service_requests');
    const disposed = await caseRow(id);
    expect(r.agency_responsible).toBe('Dinas Bina Marga, Cipta Karya dan Tata Ruang');
    expect(r.expected_datetime).toBe(new Date(disposed.followup_due_at!).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    expect(r.description).toContain('Jalan provinsi berlubang di depan pasar.');
    for (const secret of ['1371015507900001', '081298765432', 'rina.marlina@contoh.id', 'Rina', 'Marlina']) expect(JSON.stringify(r)).not.toContain(secret);
    expect(r).toMatchObject({ lat: -0.9471, long: 100.4172, media_url: 'https://foto.contoh.org/jalan-berlubang.jpg', address: `Kecamatan ${padang.districtName}, Kota Padang, Sumatera Barat` });
    expect(r.status_notes).toMatch(/didisposisikan kepada Dinas Bina Marga/);

    // Follow-up: status_notes is the public answer (masked); closed: status closed, no expected date.
    expect((await bmHead.post(`/api/cases/${row.id}/follow-up`, { text: 'Lubang sudah ditambal pada 2 Desember. Info: petugas Budi 081377778888.' })).status).toBe(200);
    [r] = await both(`/requests/${id}`, 'service_requests');
    expect(r.status).toBe('open');
    expect(r.status_notes).toMatch(/^Lubang sudah ditambal pada 2 Desember/);
    expect(r.status_notes).not.toContain('081377778888');
    expect((await bmHead.post(`/api/cases/${row.id}/close`, {})).status).toBe(200);
    [r] = await both(`/requests/${id}`, 'service_requests');
    expect(r.status).toBe('closed');
    expect(r.expected_datetime).toBeNull();
    expect(r.updated_datetime).toMatch(ISO_Z);
    const x = await get(`/requests/${id}.xml`);
    expect(x.text).toContain('<expected_datetime/>');
    expect(x.text).toContain('<status>closed</status>');
  });

  it('maps the LAPOR! states to open/closed: selesai, diarsipkan, duplikat and handed off are closed', async () => {
    const open = await insertCase({ status: 'didisposisi' });
    const held = await app.db.db
      .insertInto('complaint_case')
      .values({ org_id: await orgId(app.db.db, 'SUMBAR'), title: 't', description: 'd', source_channel: 'web', status: 'tunda', status_before_tunda: 'diterima', held_at: new Date(), received_at: new Date(), cap_due_at: new Date(Date.now() + 86_400_000) })
      .returning('code')
      .executeTakeFirstOrThrow();
    const notAuthority = await insertCase({ status: 'bukan_wewenang' });
    const done = await insertCase({ status: 'selesai' });
    const archived = await insertCase({ status: 'diarsipkan' });
    const dup = await insertCase({ status: 'duplikat', duplicateOf: open.id });
    const handed = await insertCase({ status: 'bukan_wewenang', handedOffTo: 'PLN' });
    const ids = [open, held, notAuthority, done, archived, dup, handed].map((c) => c.code).join(',');
    const list = (await both(`/requests?service_request_id=${ids}`, 'service_requests')) as { service_request_id: string; status: string; agency_responsible: string; expected_datetime: string | null }[];
    const st = Object.fromEntries(list.map((r) => [r.service_request_id, r.status]));
    expect(st).toEqual({ [open.code]: 'open', [held.code]: 'open', [notAuthority.code]: 'open', [done.code]: 'closed', [archived.code]: 'closed', [dup.code]: 'closed', [handed.code]: 'closed' });
    expect(list.find((r) => r.service_request_id === held.code)!.expected_datetime).toBeNull();
    expect(list.find((r) => r.service_request_id === handed.code)!.agency_responsible).toMatch(/PLN|Listrik/);
    const closedOnly = (await get(`/requests.json?status=closed&service_code=KESEHATAN`)).body as { service_request_id: string; status: string }[];
    expect(closedOnly.every((r) => r.status === 'closed')).toBe(true);
    expect(closedOnly.map((r) => r.service_request_id)).toEqual(expect.arrayContaining([done.code, archived.code, dup.code, handed.code]));
    const openOnly = (await get(`/requests.json?status=open&service_code=KESEHATAN`)).body as { service_request_id: string; status: string }[];
    expect(openOnly.every((r) => r.status === 'open')).toBe(true);
    expect(openOnly.map((r) => r.service_request_id)).toEqual(expect.arrayContaining([open.code, notAuthority.code]));
    const bothStatuses = (await get(`/requests.json?status=open,closed&service_code=KESEHATAN`)).body as unknown[];
    expect(bothStatuses.length).toBe(openOnly.length + closedOnly.length);
    await expectError(await get('/requests.json?status=pending'), 400, /open atau closed/);
  });

  it('never lists or returns a confidential case, by list, by id, or as a single request', async () => {
    const secret = await created({ 'attribute[RAHASIA]': 'ya', description: 'rahasia-open311: aduan rahasia tentang jalan di depan rumah saya.' });
    const direct = await insertCase({ confidential: true, description: 'rahasia-open311 langsung', verified: true });
    const all = await get('/requests.json?service_code=JALAN_JEMBATAN,KESEHATAN');
    expect(all.text).not.toContain(secret.id);
    expect(all.text).not.toContain(direct.code);
    expect(all.text).not.toContain('rahasia-open311');
    const byId = await get(`/requests.json?service_request_id=${secret.id},${direct.code}`);
    expect(byId.body).toEqual([]);
    expect((await get(`/requests.xml?service_request_id=${secret.id}`)).text).toContain('<service_requests/>');
    await expectError(await get(`/requests/${secret.id}.json`), 404, /tidak ditemukan/);
    await expectError(await get(`/requests/${direct.code}.xml`), 404);
  });

  it('filters by service_code, start_date and end_date; defaults to the last 90 days; a range over 90 days is 400', async () => {
    const old = await insertCase({ categoryCode: 'PERIZINAN', receivedAt: new Date(Date.now() - 100 * 86_400_000) });
    const recent = await insertCase({ categoryCode: 'PERIZINAN', receivedAt: new Date(Date.now() - 2 * 86_400_000) });
    const other = await insertCase({ categoryCode: 'KEPEGAWAIAN' });
    const def = (await get('/requests.json?service_code=PERIZINAN')).body.map((r: { service_request_id: string }) => r.service_request_id);
    expect(def).toContain(recent.code);
    expect(def).not.toContain(old.code);
    expect(def).not.toContain(other.code);
    const start = new Date(Date.now() - 110 * 86_400_000).toISOString();
    const end = new Date(Date.now() - 95 * 86_400_000).toISOString();
    const window = (await get(`/requests.json?service_code=PERIZINAN&start_date=${start}&end_date=${end}`)).body.map((r: { service_request_id: string }) => r.service_request_id);
    expect(window).toEqual([old.code]);
    // start_date alone: 90 days from it.
    const fromOnly = (await get(`/requests.json?service_code=PERIZINAN&start_date=${start}`)).body.map((r: { service_request_id: string }) => r.service_request_id);
    expect(fromOnly).toEqual([old.code]);
    // service_request_id overrides every other parameter (the old case is found).
    expect((await get(`/requests.json?service_request_id=${old.code}&service_code=KEPEGAWAIAN&status=closed`)).body).toHaveLength(1);
    const multi = await both(`/requests?service_code=PERIZINAN,KEPEGAWAIAN`, 'service_requests');
    expect(multi.map((r: { service_request_id: string }) => r.service_request_id)).toEqual(expect.arrayContaining([recent.code, other.code]));
    await expectError(await get(`/requests.json?start_date=${new Date(Date.now() - 120 * 86_400_000).toISOString()}&end_date=${new Date().toISOString()}`), 400, /90 hari/);
    await expectError(await get('/requests.json?start_date=kemarin'), 400, /start_date/);
    await expectError(await get(`/requests.xml?start_date=${end}&end_date=${start}`), 400, /end_date/);
    const d = new Date(Date.now() - 2 * 86_400_000 + 3600_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
    expect((await get(`/requests.json?service_code=PERIZINAN&start_date=${encodeURIComponent(d)}`)).status).toBe(200);
  });

  it('returns at most 1000 requests, newest first', async () => {
    const province = await orgId(app.db.db, 'SUMBAR');
    const cat = await app.db.db.selectFrom('case_category').select('id').where('code', '=', 'KOPERASI_UMKM').executeTakeFirstOrThrow();
    await app.db.pool.query(
      `insert into complaint_case (org_id, title, description, source_channel, category_id, received_at, cap_due_at)
       select $1, 'massal', 'aduan massal ' || g, 'web', $2, now() - (g || ' minutes')::interval, now() + interval '60 days' from generate_series(1, 1005) g`,
      [province, cat.id],
    );
    const list = (await get('/requests.json?service_code=KOPERASI_UMKM')).body as { requested_datetime: string }[];
    expect(list).toHaveLength(1000);
    const times = list.map((r) => Date.parse(r.requested_datetime));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const x = await get('/requests.xml?service_code=KOPERASI_UMKM');
    expect((xmlValue(x.body) as unknown[]).length).toBe(1000);
  });

  it('every datetime in a list ends in Z; lowercase ids are found; unknown ids are 404', async () => {
    const { id } = await created();
    const list = (await get('/requests.json')).body as Record<string, string | null>[];
    expect(list.length).toBeGreaterThan(0);
    for (const r of list) for (const f of ['requested_datetime', 'updated_datetime', 'expected_datetime']) if (r[f] !== null) expect(r[f]).toMatch(ISO_Z);
    expect((await get(`/requests/${id.toLowerCase()}.json`)).body[0].service_request_id).toBe(id);
    await expectError(await get('/requests/SB-0001-999999.json'), 404, /SB-0001-999999/);
    await expectError(await get('/requests/SB-0001-999999.xml'), 404);
  });
});

describe('tokens', () => {
  it('tokens/{token} answers the service_request_id; an unknown token is 404', async () => {
    const { id, item } = await created();
    const t = await both(`/tokens/${item.token}`, 'service_requests');
    expect(t).toEqual([{ service_request_id: id, token: item.token }]);
    await expectError(await get('/tokens/0123456789abcdef0123.json'), 404, /token/);
    await expectError(await get('/tokens/bukan-token.xml'), 404, /token/);
  });
});

// ── errors, formats, limits ─────────────────────────────────────────────────────────────────

describe('errors, formats and limits', () => {
  it('unknown paths and formats are 404 in the spec format; XML is escaped and well formed', async () => {
    await expectError(await get('/tidak-ada.json'), 404);
    await expectError(await get('/tidak-ada'), 404);
    await expectError(await get('/services.csv'), 404, /\.csv/);
    const { id } = await created({ description: 'Tulisan <script>alert("x")</script> & "kutip" di papan jalan provinsi rusak.' });
    const row = await caseRow(id);
    await admin.post(`/api/cases/${row.id}/verify`, {});
    const x = await get(`/requests/${id}.xml`);
    expect(x.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;kutip&quot;');
    expect((xmlValue(x.body) as { description: string }[])[0]!.description).toContain('<script>alert("x")</script> & "kutip"');
  });

  it('answers in English with Accept-Language: en', async () => {
    await expectError(await get('/services/TIDAK_ADA.json', { headers: { 'accept-language': 'en' } }), 404, /not found/);
  });

  it('rate limits POSTs per API key (429 with Retry-After, spec format)', async () => {
    const k = await newKey('Kunci batas');
    for (let i = 0; i < 30; i++) {
      const r = await post('/requests.json', { form: { api_key: k, service_code: 'TIDAK_ADA' } });
      expect(r.status).toBe(400);
    }
    const over = await post('/requests.json', { form: { api_key: k, service_code: 'TIDAK_ADA' } });
    await expectError(over, 429, /terlalu banyak/);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another key is not affected.
    expect((await post('/requests.json', { form: { api_key: key, service_code: 'TIDAK_ADA' } })).status).toBe(400);
  });

  it('rate limits POSTs per IP', async () => {
    const ip = '10.99.0.1';
    for (let i = 0; i < 60; i++) expect((await post('/requests.xml', { form: { service_code: 'X' }, ip })).status).toBe(403);
    await expectError(await post('/requests.xml', { form: { service_code: 'X' }, ip }), 429);
    expect((await post('/requests.xml', { form: { service_code: 'X' }, ip: '10.99.0.2' })).status).toBe(403);
  });

  it('GET answers allow cross-origin reads', async () => {
    expect((await get('/services.json')).headers.get('access-control-allow-origin')).toBe('*');
  });
});

// ── API keys ────────────────────────────────────────────────────────────────────────────────

describe('API keys (province admins)', () => {
  it('are created and revoked by province admins only; the key is shown once and only its hash is stored', async () => {
    const r = await admin.post('/api/open311/keys', { name: 'Aplikasi Padang Bersih', contact: 'dev@padang.go.id' });
    expect(r.status).toBe(201);
    expect(r.body.key).toMatch(/^d311_[\w-]{32}$/);
    const row = await app.db.db.selectFrom('open311_api_key').selectAll().where('id', '=', r.body.id).executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(createHash('sha256').update(r.body.key).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(r.body.key);
    const list = await admin.get('/api/open311/keys');
    expect(list.text).not.toContain(r.body.key);
    expect(list.body.items.find((k: { id: string }) => k.id === r.body.id)).toMatchObject({ name: 'Aplikasi Padang Bersih', prefix: r.body.key.slice(0, 12), active: true, requestsCount: 0 });
    await post('/requests.json', { form: validRequest({ api_key: r.body.key }) });
    expect((await admin.get('/api/open311/keys')).body.items.find((k: { id: string }) => k.id === r.body.id)).toMatchObject({ requestsCount: 1, lastUsedAt: expect.stringMatching(ISO_Z) });
    const audit = await app.db.db.selectFrom('audit_log').select('action').where('target_id', '=', r.body.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['open311.key_create']);

    for (const [role, orgCode] of [['province_supervisor', 'SUMBAR'], ['opd_head', 'DINKES'], ['opd_admin', 'BMCKTR']] as const) {
      const u = await buildUser(app.db.db, { role, orgCode });
      const c = new ApiClient(app.url);
      await c.login(u.email, u.password);
      expect((await c.get('/api/open311/keys')).status, role).toBe(403);
      expect((await c.post('/api/open311/keys', { name: 'Susup' })).status, role).toBe(403);
      expect((await c.post(`/api/open311/keys/${r.body.id}/revoke`, {})).status, role).toBe(403);
    }
    expect((await admin.post('/api/open311/keys/00000000-0000-0000-0000-000000000000/revoke', {})).status).toBe(404);
  });
});
