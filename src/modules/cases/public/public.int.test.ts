import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { ApiClient } from '../../../../test/helpers/client.ts';
import { buildUser, orgId } from '../../../../test/helpers/factories.ts';
import { issueFormToken } from './form-token.ts';

// The public JSON APIs behind the complaint form, the tracking page and the statistics (no login):
// reference data, the form's defences (honeypot, signed fill-time token, spam intent, per-IP rate
// limit), tracking without personal data (confidential cases only with the reporter's secret), the
// rating rules, and open statistics in JSON and CSV.

let app: TestApp;
let admin: ApiClient;
let dinkesHead: ApiClient;
let district: { code: string; name: string; regency: string };

const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
let ipSeq = 0;

/** A citizen's browser: its own IP, the CSRF cookie from /api/auth/session. */
async function citizen(ip = `10.40.${Math.floor(++ipSeq / 200)}.${(ipSeq % 200) + 1}`): Promise<ApiClient> {
  const c = new ApiClient(app.url, { ip });
  await c.session();
  return c;
}

/** A form token issued long enough ago (the minimum fill time has passed). */
const oldToken = (secondsAgo = 30) => issueFormToken(app.db.db, new Date(Date.now() - secondsAgo * 1000));

async function form(over: Record<string, unknown> = {}) {
  return {
    formToken: await oldToken(),
    website: '',
    categoryCode: 'KESEHATAN',
    regencyCode: district.regency,
    districtCode: district.code,
    locationText: 'Puskesmas dekat pasar',
    description: 'Obat untuk penderita DBD kosong di puskesmas sejak seminggu. NIK saya 1371015507900001, hubungi 081298765432.',
    name: 'Rina Marlina',
    phone: '081298765432',
    email: 'rina.marlina@contoh.id',
    anonymous: false,
    confidential: false,
    ...over,
  };
}

async function submit(over: Record<string, unknown> = {}, c?: ApiClient) {
  const client = c ?? (await citizen());
  const r = await client.post('/api/public/complaints', await form(over));
  expect(r.status, r.text).toBe(201);
  return r.body as { code: string; secret: string; trackingPath: string; trackingUrl: string; confidential: boolean; message: string };
}

const caseCount = async () => Number((await app.db.db.selectFrom('complaint_case').select(app.db.db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
const caseByCode = (code: string) => app.db.db.selectFrom('complaint_case').selectAll().where('code', '=', code).executeTakeFirstOrThrow();

beforeAll(async () => {
  app = await startTestApp({ services: 'web' });
  const a = await buildUser(app.db.db, { role: 'province_admin', name: 'Petugas Kominfotik Andi' });
  admin = new ApiClient(app.url);
  expect((await admin.login(a.email, a.password)).status).toBe(200);
  const h = await buildUser(app.db.db, { role: 'opd_head', orgCode: 'DINKES', name: 'Kepala Dinkes Sari' });
  dinkesHead = new ApiClient(app.url);
  expect((await dinkesHead.login(h.email, h.password)).status).toBe(200);
  const d = await app.db.db.selectFrom('ref_district').select(['code', 'name', 'regency_code']).where('regency_code', '=', '13.71').orderBy('code').executeTakeFirstOrThrow();
  district = { code: d.code, name: d.name, regency: d.regency_code };
});
afterAll(async () => {
  await app?.close();
});

describe('reference data for the form', () => {
  it('lists the active categories with their OPD', async () => {
    const c = await citizen();
    const r = await c.get('/api/public/case-categories');
    expect(r.status).toBe(200);
    const active = await app.db.db.selectFrom('case_category').select('code').where('active', '=', true).execute();
    expect(r.body.items).toHaveLength(active.length);
    expect(r.body.items.find((x: { code: string }) => x.code === 'KESEHATAN')).toMatchObject({ name: expect.any(String), classification: 'pengaduan', classificationLabel: 'Pengaduan', org: { code: 'DINKES', name: 'Dinas Kesehatan' }, confidentialByDefault: false });
    expect(r.body.items.find((x: { code: string }) => x.code === 'PUNGLI_KORUPSI').confidentialByDefault).toBe(true);
  });

  it('lists the 19 kabupaten/kota with their kecamatan (Kemendagri codes)', async () => {
    const r = await (await citizen()).get('/api/public/regions');
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(19);
    const total = Number((await app.db.db.selectFrom('ref_district').select(app.db.db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    expect(r.body.items.reduce((n: number, x: { districts: unknown[] }) => n + x.districts.length, 0)).toBe(total);
    for (const reg of r.body.items) for (const d of reg.districts) expect(d.code.startsWith(`${reg.code}.`)).toBe(true);
    expect(r.body.items.find((x: { code: string }) => x.code === '13.71')).toMatchObject({ name: 'Kota Padang', kind: 'kota' });
  });
});

describe('the complaint form', () => {
  it('issues a signed form token', async () => {
    const r = await (await citizen()).get('/api/public/complaints/form-token');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ token: expect.stringMatching(/^[0-9a-z]+\.[\w-]{16}\.[\w-]{32}$/), issuedAt: expect.stringMatching(ISO_Z), minFillSeconds: 4 });
    expect(r.headers.get('cache-control')).toBe('no-store');
  });

  it('creates a case (channel web, Kominfotik first) and answers the code, the tracking link and the secret', async () => {
    const c = await citizen('10.41.0.1');
    const before = await caseCount();
    const r = await c.post('/api/public/complaints', await form());
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({
      code: expect.stringMatching(/^SB-\d{4}-\d{6,}$/),
      secret: expect.stringMatching(/^[\w-]{32}$/),
      confidential: false,
      anonymous: false,
      verifyDueAt: expect.stringMatching(ISO_Z),
    });
    expect(r.body.trackingPath).toBe(`/lacak/${r.body.code}`);
    expect(r.body.trackingUrl).toBe(`${app.url}/lacak/${r.body.code}`);
    expect(r.body.message).toMatch(/^Aduan Anda diterima dengan kode SB-/);
    expect(await caseCount()).toBe(before + 1);
    const row = await caseByCode(r.body.code);
    expect(row).toMatchObject({ source_channel: 'web', status: 'diterima', reporter_name: 'Rina Marlina', reporter_phone: '081298765432', reporter_email: 'rina.marlina@contoh.id', regency_code: district.regency, district_code: district.code, location_text: 'Puskesmas dekat pasar', confidential: false, anonymous: false, created_by: null });
    expect(row.org_id).toBe(await orgId(app.db.db, 'SUMBAR'));
    const sub = await app.db.db.selectFrom('case_submission').select(['channel', 'api_key_id', 'spam']).where('case_id', '=', row.id).executeTakeFirstOrThrow();
    expect(sub).toMatchObject({ channel: 'web', api_key_id: null, spam: { signals: [], intent: expect.any(String) } });
    const audit = await app.db.db.selectFrom('audit_log').select(['action', 'actor_name', 'ip']).where('target_id', '=', row.id).execute();
    expect(audit).toEqual([{ action: 'case.create', actor_name: 'sistem', ip: '10.41.0.1' }]);
    // The secret is stored only as a hash.
    const s = await app.db.db.selectFrom('case_tracking_secret').select('secret_hash').where('case_id', '=', row.id).executeTakeFirstOrThrow();
    expect(s.secret_hash).not.toContain(r.body.secret);
  });

  it('refuses a form sent too soon after it was opened, and changes nothing', async () => {
    const c = await citizen();
    const t = await c.get('/api/public/complaints/form-token');
    const before = await caseCount();
    const r = await c.post('/api/public/complaints', await form({ formToken: t.body.token }));
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'public_form_too_fast', detail: expect.stringMatching(/terlalu cepat/) });
    expect(r.headers.get('content-type')).toMatch(/problem\+json/);
    expect(await caseCount()).toBe(before);
  });

  it('refuses a forged, expired or replayed token', async () => {
    const c = await citizen();
    const forged = (await oldToken()).replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'));
    expect((await c.post('/api/public/complaints', await form({ formToken: forged }))).body.code).toBe('public_form_invalid');
    expect((await c.post('/api/public/complaints', await form({ formToken: await oldToken(7 * 3600) }))).body.code).toBe('public_form_invalid');
    const once = await oldToken();
    expect((await c.post('/api/public/complaints', await form({ formToken: once }))).status).toBe(201);
    const again = await c.post('/api/public/complaints', await form({ formToken: once }));
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('public_form_invalid');
    expect(again.body.detail).toMatch(/Muat ulang halaman/);
  });

  it('refuses a filled honeypot and spam text with a clear Indonesian message', async () => {
    const c = await citizen();
    const before = await caseCount();
    const h = await c.post('/api/public/complaints', await form({ website: 'http://promo.example' }));
    expect(h.status).toBe(400);
    expect(h.body).toMatchObject({ code: 'public_spam_refused', detail: expect.stringMatching(/^Aduan tidak dapat kami terima karena terdeteksi sebagai spam: isian tersembunyi/) });
    const s = await c.post('/api/public/complaints', await form({ description: 'SLOT GACOR hari ini maxwin, deposit pulsa tanpa potongan, daftar di link bit.ly/gacor88 sekarang juga' }));
    expect(s.status).toBe(400);
    expect(s.body).toMatchObject({ code: 'public_spam_refused', detail: expect.stringMatching(/promosi, judi daring/) });
    const links = await c.post('/api/public/complaints', await form({ description: 'Lihat http://a.example/1 dan http://b.example/2 dan http://c.example/3 tentang jalan rusak' }));
    expect(links.body.code).toBe('public_spam_refused');
    expect(await caseCount()).toBe(before);
  });

  it('validates the fields with Indonesian messages; unknown fields, categories and places are refused', async () => {
    const c = await citizen();
    const short = await c.post('/api/public/complaints', await form({ description: 'rusak' }));
    expect(short.status).toBe(400);
    expect(short.body.code).toBe('validation_failed');
    expect(short.body.errors).toContainEqual({ path: 'body.description', message: 'Uraian aduan paling sedikit 20 karakter' });
    expect((await c.post('/api/public/complaints', await form({ email: 'bukan-email' }))).body.errors).toContainEqual({ path: 'body.email', message: 'Alamat email tidak valid' });
    expect((await c.post('/api/public/complaints', await form({ isAdmin: true }))).status).toBe(400);
    expect((await c.post('/api/public/complaints', await form({ categoryCode: 'TIDAK_ADA' }))).body.code).toBe('case_reference_unknown');
    const other = await app.db.db.selectFrom('ref_district').select('code').where('regency_code', '=', '13.01').executeTakeFirstOrThrow();
    expect((await c.post('/api/public/complaints', await form({ districtCode: other.code }))).body.detail).toMatch(/tidak berada di kabupaten\/kota/);
    // Optional fields left empty by the form are fine.
    expect((await (await citizen()).post('/api/public/complaints', await form({ name: '', phone: '', email: '', districtCode: '', locationText: '' }))).status).toBe(201);
  });

  it('needs the CSRF token like every state-changing /api request', async () => {
    const c = new ApiClient(app.url, { ip: '10.42.0.1' });
    const r = await c.post('/api/public/complaints', await form());
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('csrf_invalid');
  });

  it('anonymous drops the name; confidential is said in the answer', async () => {
    const a = await submit({ anonymous: true });
    expect(await caseByCode(a.code)).toMatchObject({ anonymous: true, reporter_name: null });
    const s = await submit({ confidential: true });
    expect(s.confidential).toBe(true);
    expect(s.message).toMatch(/rahasia/);
    expect((await caseByCode(s.code)).confidential).toBe(true);
  });

  it('is rate limited per IP: the sixth request in ten minutes is 429 problem+json with Retry-After', async () => {
    const c = await citizen('10.43.0.1');
    for (let i = 0; i < 5; i++) expect((await c.post('/api/public/complaints', await form({ description: 'rusak' }))).status).toBe(400);
    const r = await c.post('/api/public/complaints', await form());
    expect(r.status).toBe(429);
    expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(r.body).toMatchObject({ code: 'rate_limited', status: 429, detail: 'Terlalu banyak permintaan. Coba lagi sebentar lagi.' });
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(500);
    // Another address is not affected.
    expect((await (await citizen('10.43.0.2')).post('/api/public/complaints', await form())).status).toBe(201);
  });
});

describe('tracking by code', () => {
  it('shows status, public history, answer, OPD and category, never personal data', async () => {
    const s = await submit();
    const c = await citizen();
    let r = await c.get(`/api/public/cases/${s.code}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      code: s.code,
      status: 'diterima',
      statusLabel: 'Diterima',
      statusText: expect.stringMatching(/menunggu verifikasi/),
      closed: false,
      category: { code: 'KESEHATAN' },
      org: { code: 'SUMBAR', name: 'Pemerintah Provinsi Sumatera Barat', coordinator: true },
      region: { regencyCode: district.regency, districtCode: district.code, text: `Kecamatan ${district.name}, Kota Padang, Sumatera Barat` },
      description: null,
      descriptionHidden: true,
      publicAnswer: null,
      receivedAt: expect.stringMatching(ISO_Z),
      expectedAt: expect.stringMatching(ISO_Z),
      rating: null,
      canRate: false,
      confidential: false,
      owner: false,
    });
    expect(r.body.events).toEqual([{ at: expect.stringMatching(ISO_Z), kind: 'status', status: 'diterima', statusLabel: 'Diterima', text: `Aduan diterima dengan kode pelacakan ${s.code}.`, code: 'received', params: { code: s.code } }]);
    // The reporter sees the own words (masked) with the secret.
    const own = await c.get(`/api/public/cases/${s.code}?secret=${s.secret}`);
    expect(own.body).toMatchObject({ owner: true, descriptionHidden: false, description: expect.stringMatching(/^Obat untuk penderita DBD kosong/) });

    const row = await caseByCode(s.code);
    await admin.post(`/api/cases/${row.id}/notes`, { text: 'catatan internal: pelapor kerabat pejabat' });
    await admin.post(`/api/cases/${row.id}/verify`, {});
    await admin.post(`/api/cases/${row.id}/dispose`, { orgCode: 'DINKES', reason: 'urusan obat puskesmas dinas kesehatan' });
    const f = await dinkesHead.post(`/api/cases/${row.id}/follow-up`, { text: 'Stok obat DBD sudah dikirim ke puskesmas. Hubungi petugas kami di 081377778888.' });
    expect(f.status, f.text).toBe(200);
    r = await c.get(`/api/public/cases/${s.code.toLowerCase()}`);
    expect(r.body).toMatchObject({ status: 'ditindaklanjuti', statusLabel: 'Ditindaklanjuti', org: { code: 'DINKES', name: 'Dinas Kesehatan', coordinator: false }, descriptionHidden: false });
    expect(r.body.publicAnswer).toMatch(/^Stok obat DBD sudah dikirim ke puskesmas/);
    expect(r.body.events.map((e: { text: string }) => e.text)).toEqual([
      `Aduan diterima dengan kode pelacakan ${s.code}.`,
      'Aduan telah diverifikasi dan akan diteruskan kepada OPD yang berwenang.',
      'Aduan didisposisikan kepada Dinas Kesehatan untuk ditindaklanjuti.',
      expect.stringMatching(/^Stok obat DBD sudah dikirim/),
    ]);
    for (const e of r.body.events) expect(e.at).toMatch(ISO_Z);
    for (const secret of ['Rina', 'Marlina', '081298765432', 'rina.marlina@contoh.id', '1371015507900001', '081377778888', 'catatan internal', 'kerabat pejabat', 'urusan obat puskesmas', 'Andi', 'Sari', s.secret, row.id]) {
      expect(r.text, secret).not.toContain(secret);
    }
  });

  it('a confidential case is 404 without the reporter secret (header or query), and with a wrong one', async () => {
    const s = await submit({ confidential: true, description: 'rahasia-publik: pelayanan di rumah sakit buruk, saya takut dibalas petugas.' });
    const c = await citizen();
    const none = await c.get(`/api/public/cases/${s.code}`);
    expect(none.status).toBe(404);
    expect(none.text).not.toContain('rahasia-publik');
    expect((await c.get(`/api/public/cases/${s.code}?secret=salah-salah-salah`)).status).toBe(404);
    const q = await c.get(`/api/public/cases/${s.code}?secret=${s.secret}`);
    expect(q.status).toBe(200);
    expect(q.body).toMatchObject({ confidential: true, owner: true, description: expect.stringMatching(/^rahasia-publik/) });
    const h = await c.request('GET', `/api/public/cases/${s.code}`, undefined, { 'x-tracking-secret': s.secret });
    expect(h.status).toBe(200);
  });

  it('an unknown code is 404, a malformed one 400', async () => {
    const c = await citizen();
    expect((await c.get('/api/public/cases/SB-0001-999999')).status).toBe(404);
    expect((await c.get('/api/public/cases/bukan-kode')).status).toBe(400);
  });
});

describe('rating', () => {
  it('only with the secret, only when selesai, once; 1–5 with a comment', async () => {
    const s = await submit();
    const c = await citizen();
    const early = await c.post(`/api/public/cases/${s.code}/rating`, { secret: s.secret, rating: 5 });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('case_transition_invalid');
    const row = await caseByCode(s.code);
    await admin.post(`/api/cases/${row.id}/verify`, {});
    await admin.post(`/api/cases/${row.id}/dispose`, { orgCode: 'DINKES', reason: 'obat' });
    await dinkesHead.post(`/api/cases/${row.id}/follow-up`, { text: 'Obat sudah tersedia kembali di puskesmas.' });
    expect((await dinkesHead.post(`/api/cases/${row.id}/close`, {})).status).toBe(200);
    expect((await c.get(`/api/public/cases/${s.code}`)).body.canRate).toBe(true);

    const wrong = await c.post(`/api/public/cases/${s.code}/rating`, { secret: 'kunci-yang-salah-sekali', rating: 5 });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ code: 'public_secret_invalid', detail: expect.stringMatching(/Kunci pelacakan tidak cocok/) });
    expect((await c.post(`/api/public/cases/${s.code}/rating`, { secret: s.secret, rating: 6 })).status).toBe(400);
    expect((await c.post(`/api/public/cases/${s.code}/rating`, { secret: s.secret, rating: 0 })).status).toBe(400);

    const ok = await c.post(`/api/public/cases/${s.code}/rating`, { secret: s.secret, rating: 4, comment: 'Cepat ditangani, terima kasih. Saya Rina 081298765432.' });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toEqual({ code: s.code, rating: 4, message: 'Terima kasih. Penilaian Anda sudah kami terima.' });
    expect(await caseByCode(s.code)).toMatchObject({ rating: 4, rating_comment: 'Cepat ditangani, terima kasih. Saya Rina 081298765432.' });
    const t = await c.get(`/api/public/cases/${s.code}`);
    expect(t.body).toMatchObject({ rating: { value: 4, at: expect.stringMatching(ISO_Z) }, canRate: false });
    expect(t.body.events.at(-1).text).toBe('Pelapor memberi penilaian 4 dari 5.');
    expect(t.text).not.toContain('Cepat ditangani');

    const twice = await c.post(`/api/public/cases/${s.code}/rating`, { secret: s.secret, rating: 1 });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'public_rating_done', detail: `Aduan ${s.code} sudah dinilai. Terima kasih atas penilaian Anda.` });
    expect((await caseByCode(s.code)).rating).toBe(4);
  });

  it('a confidential case answers 404 to a wrong secret', async () => {
    const s = await submit({ confidential: true });
    expect((await (await citizen()).post(`/api/public/cases/${s.code}/rating`, { secret: 'kunci-yang-salah-sekali', rating: 5 })).status).toBe(404);
  });
});

describe('open statistics', () => {
  /** Cases of March 2024 (a period no other test touches), with follow-ups, ratings, an escalation. */
  async function seedMarch() {
    const dinkes = await orgId(app.db.db, 'DINKES');
    const bm = await orgId(app.db.db, 'BMCKTR');
    const cat = async (code: string) => (await app.db.db.selectFrom('case_category').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
    const kes = await cat('KESEHATAN');
    const jalan = await cat('JALAN_JEMBATAN');
    const day = (d: number, h = 0) => new Date(Date.UTC(2024, 2, d, h));
    const mk = async (o: { org: string; cat: string; received: Date; status: string; followupAfterHours?: number; rating?: number; confidential?: boolean; duplicateOf?: string; escalated?: boolean; followupDue?: Date; verifyDue?: Date; capDue?: Date }) => {
      const row = await app.db.db
        .insertInto('complaint_case')
        .values({
          org_id: o.org,
          category_id: o.cat,
          title: 'statistik',
          description: 'aduan statistik',
          source_channel: 'web',
          reporter_name: 'Pelapor Statistik Rahasia',
          reporter_phone: '081200001111',
          status: o.status as 'diterima',
          confidential: o.confidential ?? false,
          duplicate_of: o.duplicateOf ?? null,
          rating: o.rating ?? null,
          received_at: o.received,
          verify_due_at: o.verifyDue ?? null,
          followup_due_at: o.followupDue ?? null,
          cap_due_at: o.capDue ?? new Date(o.received.getTime() + 60 * 86_400_000),
        })
        .returning(['id', 'code'])
        .executeTakeFirstOrThrow();
      if (o.followupAfterHours !== undefined) {
        await app.db.db.insertInto('case_event').values({ org_id: o.org, case_id: row.id, kind: 'public_answer', public: true, public_text: 'jawaban', at: new Date(o.received.getTime() + o.followupAfterHours * 3600_000) }).execute();
        // A later follow-up does not change "time to the first follow-up".
        await app.db.db.insertInto('case_event').values({ org_id: o.org, case_id: row.id, kind: 'public_answer', public: true, public_text: 'jawaban lagi', at: new Date(o.received.getTime() + (o.followupAfterHours + 500) * 3600_000) }).execute();
      }
      if (o.escalated) await app.db.db.insertInto('case_event').values({ org_id: o.org, case_id: row.id, kind: 'escalation', data: JSON.stringify({ deadline: 'followup' }), at: day(20) }).execute();
      return row;
    };
    const a = await mk({ org: dinkes, cat: kes, received: day(4), status: 'selesai', followupAfterHours: 48, rating: 4 });
    await mk({ org: dinkes, cat: kes, received: day(5), status: 'ditindaklanjuti', followupAfterHours: 24, escalated: true });
    await mk({ org: bm, cat: jalan, received: day(6), status: 'didisposisi', followupDue: day(12) });
    await mk({ org: bm, cat: jalan, received: day(7), status: 'selesai', followupAfterHours: 72, rating: 2 });
    await mk({ org: dinkes, cat: kes, received: day(8), status: 'selesai', followupAfterHours: 1, rating: 1, confidential: true });
    await mk({ org: dinkes, cat: kes, received: day(9), status: 'duplikat', duplicateOf: a.id });
    await mk({ org: dinkes, cat: kes, received: day(10), status: 'diterima', verifyDue: new Date(Date.now() + 86_400_000), capDue: new Date(Date.now() + 30 * 86_400_000) });
  }

  it('counts per OPD and category, median time to follow-up, share on time and satisfaction over non-confidential cases (JSON)', async () => {
    await seedMarch();
    const c = await citizen();
    const r = await c.get('/api/public/stats?from=2024-03-01&to=2024-03-31');
    expect(r.status, r.text).toBe(200);
    expect(r.body.period).toEqual({ from: '2024-02-29T17:00:00Z', to: '2024-03-31T17:00:00Z' });
    expect(r.body.generatedAt).toMatch(ISO_Z);
    expect(r.body.totals).toEqual({ cases: 5, open: 3, closed: 2, followedUp: 3, medianHoursToFollowUp: 48, onTimeEvaluated: 4, onTime: 2, onTimeShare: 0.5, ratings: 2, averageRating: 3 });
    expect(r.body.byOrg).toEqual([
      { code: 'DINKES', name: 'Dinas Kesehatan', cases: 3, open: 2, closed: 1, followedUp: 2, medianHoursToFollowUp: 36, onTimeEvaluated: 2, onTime: 1, onTimeShare: 0.5, ratings: 1, averageRating: 4 },
      { code: 'BMCKTR', name: 'Dinas Bina Marga, Cipta Karya dan Tata Ruang', cases: 2, open: 1, closed: 1, followedUp: 1, medianHoursToFollowUp: 72, onTimeEvaluated: 2, onTime: 1, onTimeShare: 0.5, ratings: 1, averageRating: 2 },
    ]);
    expect(r.body.byCategory.map((x: { code: string; cases: number }) => [x.code, x.cases])).toEqual([
      ['KESEHATAN', 3],
      ['JALAN_JEMBATAN', 2],
    ]);
    expect(r.body.byStatus).toEqual(expect.arrayContaining([{ status: 'selesai', label: 'Selesai', cases: 2 }, { status: 'diterima', label: 'Diterima', cases: 1 }]));
    expect(r.text).not.toContain('Pelapor Statistik');
    expect(r.text).not.toContain('081200001111');
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('the same as CSV (open data), with no personal data', async () => {
    const c = await citizen();
    const r = await c.get('/api/public/stats.csv?from=2024-03-01&to=2024-03-31');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="statistik-aduan-sumbar.csv"');
    const lines = r.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('dimensi,kode,nama,jumlah_aduan,terbuka,selesai_atau_ditutup,ditindaklanjuti,median_jam_tindak_lanjut,dinilai_ketepatan,tepat_waktu,persen_tepat_waktu,jumlah_penilaian,rata_rata_kepuasan');
    expect(lines[1]).toBe('total,,Semua aduan,5,3,2,3,48,4,2,50,2,3');
    expect(lines).toContain('opd,DINKES,Dinas Kesehatan,3,2,1,2,36,2,1,50,1,4');
    expect(lines).toContain('opd,BMCKTR,"Dinas Bina Marga, Cipta Karya dan Tata Ruang",2,1,1,1,72,2,1,50,1,2');
    expect(lines.filter((l) => l.startsWith('kategori,'))).toHaveLength(2);
    expect(r.text).not.toContain('Pelapor');
  });

  it('refuses bad periods', async () => {
    const c = await citizen();
    expect((await c.get('/api/public/stats?from=2024-13-01')).status).toBe(400);
    expect((await c.get('/api/public/stats?from=2024-03-10&to=2024-03-01')).status).toBe(400);
  });
});
