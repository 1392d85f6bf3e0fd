import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { ApiClient } from '../../../test/helpers/client.ts';
import { buildInteraction, buildUser } from '../../../test/helpers/factories.ts';
import { jpegWithGps, pdf, png, postMultipart, type FilePart } from '../../../test/helpers/media.ts';
import { issueFormToken } from './public/form-token.ts';

// Photos and other attachments of cases: the public form with photos (stored without EXIF/GPS,
// bound to the case in its transaction, shown to staff, never on the public tracking page), its
// refusals leaving nothing stored, the Open311 `media` upload and `media_url` (kept as given; the
// GET answer's media_url is a photo only once staff published it), and the media of WhatsApp and
// Telegram messages recorded on the case they belong to.

let app: TestApp;
let admin: ApiClient;
let district: { code: string; regency: string };
let ipSeq = 0;

const counts = async () => {
  const n = async (t: 'media_object' | 'complaint_case' | 'case_attachment') => Number((await app.db.db.selectFrom(t).select(app.db.db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  return { media: await n('media_object'), cases: await n('complaint_case'), attachments: await n('case_attachment') };
};

async function citizen(): Promise<ApiClient> {
  const c = new ApiClient(app.url, { ip: `10.77.${Math.floor(++ipSeq / 200)}.${(ipSeq % 200) + 1}` });
  await c.session();
  return c;
}

async function fields(over: Record<string, string> = {}): Promise<Record<string, string>> {
  return {
    formToken: await issueFormToken(app.db.db, new Date(Date.now() - 30_000)),
    website: '',
    categoryCode: 'JALAN_JEMBATAN',
    regencyCode: district.regency,
    districtCode: district.code,
    locationText: 'Depan pasar',
    description: 'Jalan provinsi berlubang besar di depan pasar, sudah dua motor terjatuh minggu ini. Foto terlampir.',
    name: 'Rina Marlina',
    phone: '081298765432',
    anonymous: 'false',
    ...over,
  };
}

const photo = (data: Buffer, name = 'foto.jpg', type = 'image/jpeg'): FilePart => ({ field: 'photos', name, type, data });
const caseByCode = (code: string) => app.db.db.selectFrom('complaint_case').select(['id', 'code']).where('code', '=', code).executeTakeFirstOrThrow();

beforeAll(async () => {
  app = await startTestApp({ services: 'web' });
  const a = await buildUser(app.db.db, { role: 'province_admin' });
  admin = new ApiClient(app.url);
  expect((await admin.login(a.email, a.password)).status).toBe(200);
  const d = await app.db.db.selectFrom('ref_district').select(['code', 'regency_code']).where('regency_code', '=', '13.71').orderBy('code').executeTakeFirstOrThrow();
  district = { code: d.code, regency: d.regency_code };
});
afterAll(async () => {
  await app?.close();
});

describe('the public form with photos', () => {
  it('stores the photos without EXIF or GPS, binds them to the case, shows them to staff and never on the tracking page', async () => {
    const c = await citizen();
    const gps = await jpegWithGps(200, 100);
    const r = await postMultipart(c, '/api/public/complaints', await fields(), [photo(gps, 'IMG_2041.jpg'), photo(await png(120, 80), 'denah.png', 'image/png')]);
    expect(r.status, r.text).toBe(201);
    const kase = await caseByCode(r.body.code);
    const media = await app.db.db.selectFrom('case_attachment as a').innerJoin('media_object as m', 'm.id', 'a.media_id').select(['m.status', 'm.org_id', 'm.origin', 'm.mime', 'a.source', 'a.public']).where('a.case_id', '=', kase.id).orderBy('a.created_at').execute();
    expect(media).toEqual([
      { status: 'ready', org_id: null, origin: 'citizen', mime: 'image/jpeg', source: 'web', public: false },
      { status: 'ready', org_id: null, origin: 'citizen', mime: 'image/png', source: 'web', public: false },
    ]);

    const detail = await admin.get(`/api/cases/${kase.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.attachments).toHaveLength(2);
    const [first] = detail.body.attachments;
    expect(first).toMatchObject({ source: 'web', kind: 'image', mime: 'image/jpeg', width: 100, height: 200, public: false, altText: 'Foto 1 dari pelapor (formulir aduan)', externalUrl: null });
    expect(first.contentUrl).toBe(`/api/cases/${kase.id}/attachments/${first.id}`);
    const bytes = await fetch(app.url + first.contentUrl, { headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(bytes.status).toBe(200);
    expect(bytes.headers.get('x-content-type-options')).toBe('nosniff');
    expect(bytes.headers.get('cache-control')).toBe('private, no-store');
    const body = Buffer.from(await bytes.arrayBuffer());
    expect((await sharp(body).metadata()).exif).toBeUndefined();
    expect(body.includes('UjiKameraRahasia')).toBe(false);
    // The citizen (no session) cannot load it through the staff API.
    expect((await fetch(app.url + first.contentUrl)).status).toBe(401);

    // The tracking page says nothing about photos.
    const track = await c.request('GET', `/api/public/cases/${r.body.code}`, undefined, { 'x-tracking-secret': r.body.secret });
    expect(track.status).toBe(200);
    expect(track.text).not.toMatch(/attachment|\/media\/|photo|lampiran/i);
    for (const a of detail.body.attachments) expect(track.text).not.toContain(a.id);
    const audit = await app.db.db.selectFrom('audit_log').select('after').where('action', '=', 'case.create').where('target_id', '=', kase.id).executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ photos: 2 });
  });

  it('refuses before storing anything: the honeypot, a stale form, a non-image, too many photos, an oversize photo', async () => {
    const before = await counts();
    const jpeg = await jpegWithGps();
    const honeypot = await postMultipart(await citizen(), '/api/public/complaints', await fields({ website: 'http://judi.example' }), [photo(jpeg)]);
    expect(honeypot.status).toBe(400);
    expect(honeypot.body.code).toBe('public_spam_refused');
    const forged = await postMultipart(await citizen(), '/api/public/complaints', await fields({ formToken: 'x'.repeat(40) }), [photo(jpeg)]);
    expect(forged.body.code).toBe('public_form_invalid');
    const invalid = await postMultipart(await citizen(), '/api/public/complaints', await fields({ description: 'pendek' }), [photo(jpeg)]);
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([{ path: 'body.description', message: 'Uraian aduan paling sedikit 20 karakter' }]);
    const notImage = await postMultipart(await citizen(), '/api/public/complaints', await fields(), [photo(jpeg), photo(pdf(), 'foto.jpg', 'image/jpeg')]);
    expect(notImage.status).toBe(415);
    expect(notImage.body.detail).toMatch(/Jenis berkas tidak diterima: application\/pdf. Berkas yang diterima: JPEG, PNG, WebP, GIF/);
    const six = await postMultipart(await citizen(), '/api/public/complaints', await fields(), Array.from({ length: 6 }, () => photo(jpeg)));
    expect(six.status).toBe(400);
    expect(six.body.code).toBe('media_too_many_files');
    expect(six.body.detail).toBe('Terlalu banyak berkas: paling banyak 5 berkas per kiriman.');
    const big = Buffer.concat([jpeg, Buffer.alloc(10 * 1024 * 1024)]);
    const oversize = await postMultipart(await citizen(), '/api/public/complaints', await fields(), [photo(big)]);
    expect(oversize.status).toBe(413);
    expect(oversize.body.detail).toBe('Berkas terlalu besar: gambar paling besar 10 MB. Tidak ada yang disimpan.');
    expect(await counts()).toEqual(before);
  });

  it('still takes the form as JSON without photos', async () => {
    const c = await citizen();
    const f = await fields();
    const r = await c.post('/api/public/complaints', { ...f, anonymous: false });
    expect(r.status, r.text).toBe(201);
  });

  it('staff attach their own files to a case (a photo needs alt text; once each; only who may work the case), recorded in the history', async () => {
    const r = await (await citizen()).post('/api/public/complaints', { ...(await fields()), anonymous: false });
    expect(r.status, r.text).toBe(201);
    const kase = await caseByCode(r.body.code);
    const up = await postMultipart(admin, '/api/media', {}, [{ field: 'file', name: 'sesudah.jpg', type: 'image/jpeg', data: await jpegWithGps(160, 120) }]);
    expect(up.status, up.text).toBe(201);
    const before = await counts();
    // a photo without a description is refused, nothing added
    const noAlt = await admin.post(`/api/cases/${kase.id}/attachments`, { mediaId: up.body.id });
    expect(noAlt.status).toBe(400);
    expect(noAlt.body.detail).toMatch(/teks alternatif/);
    expect((await counts()).attachments).toBe(before.attachments);
    // another OPD's staff do not see the case at all
    const outsider = await buildUser(app.db.db, { role: 'opd_admin', orgCode: 'DISDIK' });
    const o = await ApiClient.loggedIn(app.url, outsider);
    expect((await o.post(`/api/cases/${kase.id}/attachments`, { mediaId: up.body.id, altText: 'susup' })).status).toBe(404);

    const alt = 'Jalan di depan pasar sesudah ditambal, tampak dari arah selatan';
    const ok = await admin.post(`/api/cases/${kase.id}/attachments`, { mediaId: up.body.id, altText: alt, caption: 'Penambalan selesai Kamis sore.' });
    expect(ok.status, ok.text).toBe(200);
    const added = ok.body.attachments.find((a: { source: string }) => a.source === 'staff');
    expect(added).toMatchObject({ source: 'staff', kind: 'image', mime: 'image/jpeg', altText: alt, caption: 'Penambalan selesai Kamis sore.', public: false });
    expect(added.contentUrl).toBe(`/api/cases/${kase.id}/attachments/${added.id}`);
    expect(ok.body.events.some((e: { textCode: string | null }) => e.textCode === 'attachment_added')).toBe(true);
    expect(await app.db.db.selectFrom('audit_log').select('action').where('target_id', '=', kase.id).where('action', '=', 'case.attachment_add').execute()).toHaveLength(1);
    // once
    expect((await admin.post(`/api/cases/${kase.id}/attachments`, { mediaId: up.body.id, altText: alt })).status).toBe(409);
    // a document gets a plain description by default
    const doc = await postMultipart(admin, '/api/media', {}, [{ field: 'file', name: 'surat.pdf', type: 'application/pdf', data: pdf() }]);
    const withDoc = await admin.post(`/api/cases/${kase.id}/attachments`, { mediaId: doc.body.id });
    expect(withDoc.status, withDoc.text).toBe(200);
    expect(withDoc.body.attachments.filter((a: { source: string }) => a.source === 'staff').map((a: { kind: string; altText: string }) => [a.kind, a.altText])).toEqual([
      ['image', alt],
      ['document', 'Dokumen dari petugas'],
    ]);
    // an unknown file
    expect((await admin.post(`/api/cases/${kase.id}/attachments`, { mediaId: '00000000-0000-4000-8000-000000000000', altText: 'x' })).status).toBe(400);
  });
});

describe('Open311 media', () => {
  let key: string;
  beforeAll(async () => {
    key = (await admin.post('/api/open311/keys', { name: 'Aplikasi uji lampiran' })).body.key;
  });

  function request(extra: Record<string, string> = {}) {
    const fd = new FormData();
    const f: Record<string, string> = {
      api_key: key,
      service_code: 'JALAN_JEMBATAN',
      'attribute[KABKOTA]': district.regency,
      'attribute[KECAMATAN]': district.code,
      address_string: 'Jl. Sudirman depan pasar',
      description: 'Jalan provinsi berlubang besar di depan pasar, membahayakan pengendara motor.',
      ...extra,
    };
    for (const [k, v] of Object.entries(f)) fd.append(k, v);
    return fd;
  }

  it('stores a "media" image with the request; GET shows it as media_url only after staff published it and the case was verified', async () => {
    const fd = request();
    fd.append('media', new Blob([new Uint8Array(await jpegWithGps(300, 200))], { type: 'image/jpeg' }), 'lubang.jpg');
    const res = await fetch(`${app.url}/open311/v2/requests.json`, { method: 'POST', body: fd, headers: { 'x-forwarded-for': '10.78.0.1' } });
    expect(res.status, await res.clone().text()).toBe(200);
    const [created] = (await res.json()) as { service_request_id: string }[];
    const kase = await caseByCode(created!.service_request_id);
    const get = async () => ((await (await fetch(`${app.url}/open311/v2/requests/${kase.code}.json`)).json()) as { media_url: string | null }[])[0]!.media_url;
    expect(await get()).toBeNull();

    const detail = await admin.get(`/api/cases/${kase.id}`);
    const att = detail.body.attachments[0];
    expect(att).toMatchObject({ source: 'open311', kind: 'image', width: 200, height: 300, public: false });
    expect((await admin.post(`/api/cases/${kase.id}/verify`, {})).status).toBe(200);
    expect(await get()).toBeNull();
    const pub = await admin.post(`/api/cases/${kase.id}/attachments/${att.id}/public`, { public: true });
    expect(pub.status, pub.text).toBe(200);
    expect(pub.body).toMatchObject({ id: att.id, public: true });
    const url = await get();
    expect(url).toMatch(new RegExp(`^${app.url}/media/[0-9a-f-]{36}/[\\w-]{32}$`));
    const img = await fetch(url!);
    expect(img.headers.get('content-type')).toBe('image/jpeg');
    expect((await sharp(Buffer.from(await img.arrayBuffer())).metadata()).exif).toBeUndefined();
    const audit = await app.db.db.selectFrom('audit_log').select('after').where('action', '=', 'case.attachment_public').where('target_id', '=', kase.id).executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ attachmentId: att.id, public: true });
    // Withdrawn again: gone from the public answer.
    await admin.post(`/api/cases/${kase.id}/attachments/${att.id}/public`, { public: false });
    expect(await get()).toBeNull();
  });

  it('keeps a media_url as given (never fetched) and shows it to staff as a link', async () => {
    const res = await fetch(`${app.url}/open311/v2/requests.json`, { method: 'POST', body: request({ media_url: 'https://foto.contoh.org/lubang.jpg' }), headers: { 'x-forwarded-for': '10.78.0.2' } });
    expect(res.status).toBe(200);
    const [created] = (await res.json()) as { service_request_id: string }[];
    const kase = await caseByCode(created!.service_request_id);
    const detail = await admin.get(`/api/cases/${kase.id}`);
    expect(detail.body.attachments).toEqual([expect.objectContaining({ source: 'open311', externalUrl: 'https://foto.contoh.org/lubang.jpg', contentUrl: null, public: false })]);
    // An external link cannot be "published" (Dayung does not hold its bytes).
    expect((await admin.post(`/api/cases/${kase.id}/attachments/${detail.body.attachments[0].id}/public`, { public: true })).status).toBe(400);
  });
});

describe('photos of citizens on WhatsApp and Telegram', () => {
  async function withEvent(platform: 'whatsapp' | 'telegram', payload: unknown, kind: 'message' | 'comment' = 'message') {
    const i = await buildInteraction(app.db.db, { platform, kind, orgCode: 'DINKES', text: 'Ini fotonya, jalan rusak parah di depan puskesmas' });
    const ev = await app.db.db.insertInto('inbound_event').values({ platform, dedupe_key: `uji-${i.id}`, kind: platform === 'whatsapp' ? 'whatsapp.message' : 'update.message', payload: JSON.stringify(payload), status: 'processed' }).returning('id').executeTakeFirstOrThrow();
    await app.db.db.updateTable('interaction').set({ inbound_event_id: Number(ev.id) }).where('id', '=', i.id).execute();
    return i.id;
  }

  it('records the media references of the message a case is made from, and of a message joined to it', async () => {
    const wa = await withEvent('whatsapp', { message: { id: 'wamid.UJI1', from: '6281298765432', type: 'image', image: { id: '1234567890123456', mime_type: 'image/jpeg', sha256: 'abc', caption: 'Jalan rusak, hubungi 081298765432' } }, contact: { profile: { name: 'Budi' } } });
    const created = await admin.post('/api/cases', { interactionId: wa });
    expect(created.status, created.text).toBe(201);
    expect(created.body.attachments).toEqual([
      expect.objectContaining({ source: 'channel', platform: 'whatsapp', kind: 'image', externalRef: '1234567890123456', mime: 'image/jpeg', interactionId: wa, contentUrl: null, altText: 'Foto dari pelapor melalui WhatsApp' }),
    ]);
    // The caption is the citizen's own words: masked.
    expect(created.body.attachments[0].caption).not.toContain('081298765432');

    const tg = await withEvent('telegram', { message: { message_id: 7, chat: { id: 55, type: 'private' }, from: { id: 55, first_name: 'Sari' }, date: 1_780_000_000, photo: [{ file_id: 'kecil', width: 90, height: 90 }, { file_id: 'AgACAgUAAxkBAAbesar', width: 1280, height: 960 }], caption: 'foto kedua' } });
    const joined = await admin.post(`/api/cases/${created.body.id}/reporters`, { interactionId: tg });
    expect(joined.status, joined.text).toBe(200);
    const detail = await admin.get(`/api/cases/${created.body.id}`);
    expect(detail.body.attachments.map((a: { platform: string; externalRef: string }) => [a.platform, a.externalRef])).toEqual([
      ['whatsapp', '1234567890123456'],
      ['telegram', 'AgACAgUAAxkBAAbesar'],
    ]);
  });
});
