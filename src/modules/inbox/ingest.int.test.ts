import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { eventually, orgId } from '../../../test/helpers/factories.ts';

// Webhooks in, interactions out: the worker normalizes, analyzes and routes what citizens send.

let app: TestApp;
let dinkes: string;
beforeAll(async () => {
  app = await startTestApp();
  dinkes = await orgId(app.db.db, 'DINKES');
  await app.db.db.insertInto('channel_account').values({ org_id: dinkes, platform: 'facebook', external_id: 'PAGE_DINKES', name: 'Dinkes' }).execute();
  await app.db.db.insertInto('channel_account').values({ org_id: dinkes, platform: 'whatsapp', external_id: 'PN_DINKES', name: 'Dinkes WA' }).execute();
});
afterAll(async () => {
  await app?.close();
});

const sign = (body: string) => `sha256=${createHmac('sha256', app.running.platforms.apps.meta.appSecret).update(body).digest('hex')}`;
async function deliver(platform: string, payload: unknown) {
  const body = JSON.stringify(payload);
  const r = await fetch(`${app.url}/webhooks/${platform}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) }, body });
  expect(r.status).toBe(200);
}
const comment = (id: string, message: string, extra: Record<string, unknown> = {}) => ({
  object: 'page',
  entry: [{ id: 'PAGE_DINKES', time: 1764280000, changes: [{ field: 'feed', value: { from: { id: `u-${id}`, name: 'Rina Marlina' }, post_id: 'PAGE_DINKES_9', comment_id: id, message, created_time: 1764279999, item: 'comment', verb: 'add', ...extra } }] }],
});
const interaction = (externalId: string) => app.db.db.selectFrom('interaction').innerJoin('org', 'org.id', 'interaction.org_id').selectAll('interaction').select('org.code as org_code').where('external_id', '=', externalId).executeTakeFirst();

describe('inbox ingest', () => {
  it('a complaint about a provincial hospital on the health office’s page goes to that hospital, analyzed and with its contact', async () => {
    await deliver('facebook', comment('c-rs', 'Antrian di RSUD Achmad Mochtar lama sekali, sudah 5 jam belum dipanggil dokter. Tolong dibenahi!'));
    const i = await eventually(() => interaction('c-rs'), 20_000);
    expect(i).toMatchObject({ org_code: 'RSUDAM', route: 'RSUDAM', routed_from_org_id: dinkes, kind: 'comment', intent: 'complaint', triage: false, status: 'open', thread_key: 'post:PAGE_DINKES_9' });
    expect(i.model_version).toMatch(/^lang-/);
    const contact = await app.db.db.selectFrom('contact').selectAll().where('id', '=', i.contact_id!).executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ platform: 'facebook', external_user_id: 'u-c-rs', display_name: 'Rina Marlina' });
    const ev = await app.db.db.selectFrom('inbound_event').select('status').where('dedupe_key', '=', 'feed:comment:c-rs:add').executeTakeFirstOrThrow();
    expect(ev.status).toBe('processed');
  });

  it('a school complaint sent to the health office is routed to the education office; an electricity outage goes to triage as outside authority', async () => {
    await deliver('facebook', comment('c-sma', 'Atap kelas SMA Negeri 2 Painan bocor dan ruang kelas SMK rusak, siswa belajar di lantai. Mohon Dinas Pendidikan segera perbaiki.'));
    await deliver('facebook', comment('c-pln', 'Listrik PLN padam terus sejak kemarin di Lubuk Basung, kapan menyala lagi?'));
    const sma = await eventually(() => interaction('c-sma'), 20_000);
    expect(sma.org_code).toBe('DISDIK');
    expect(sma.routed_from_org_id).toBe(dinkes);
    const pln = await eventually(() => interaction('c-pln'), 20_000);
    expect(pln.triage).toBe(true);
    expect(pln.route).toMatch(/^OUTSIDE:/);
    expect(pln.triage_reason).toMatch(/di luar kewenangan/);
  });

  it('praise stays and is not triaged; spam is labelled; the page’s own comments are ignored', async () => {
    await deliver('facebook', comment('c-thx', 'Terima kasih Dinkes, pelayanan vaksinasi kemarin cepat dan ramah 👍'));
    await deliver('facebook', comment('c-judol', 'Main slot gacor hari ini pasti maxwin, daftar di link bio, deposit 10rb langsung WD!'));
    await deliver('facebook', comment('c-own', 'Terima kasih atas masukannya', { from: { id: 'PAGE_DINKES', name: 'Dinkes' } }));
    expect(await eventually(() => interaction('c-thx'), 20_000)).toMatchObject({ org_code: 'DINKES', triage: false, intent: 'praise' });
    expect(await eventually(() => interaction('c-judol'), 20_000)).toMatchObject({ intent: 'spam', status: 'spam' });
    await eventually(async () => (await app.db.db.selectFrom('inbound_event').select('status').where('dedupe_key', '=', 'feed:comment:c-own:add').executeTakeFirst())?.status === 'ignored', 20_000);
    expect(await interaction('c-own')).toBeUndefined();
  });

  it('edits and deletions are applied; a replayed delivery changes nothing', async () => {
    await deliver('facebook', comment('c-edit', 'Jalan ke puskesmas rusak'));
    await eventually(() => interaction('c-edit'), 20_000);
    await deliver('facebook', comment('c-edit', 'Jalan ke puskesmas rusak parah, motor saya jatuh', { verb: 'edited' }));
    await eventually(async () => (await interaction('c-edit'))?.edited_at, 20_000);
    expect((await interaction('c-edit'))!.text).toContain('motor saya jatuh');
    await deliver('facebook', comment('c-edit', '', { verb: 'remove' }));
    await eventually(async () => (await interaction('c-edit'))?.deleted_at, 20_000);
    await deliver('facebook', comment('c-edit', 'Jalan ke puskesmas rusak'));
    const n = await app.db.db.selectFrom('interaction').select(app.db.db.fn.countAll<string>().as('n')).where('external_id', '=', 'c-edit').executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  it('a WhatsApp message becomes a conversation with its sender', async () => {
    await deliver('whatsapp', {
      object: 'whatsapp_business_account',
      entry: [{ id: 'WABA', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '62751', phone_number_id: 'PN_DINKES' }, contacts: [{ profile: { name: 'Ujang' }, wa_id: '6281200000001' }], messages: [{ from: '6281200000001', id: 'wamid.W1', timestamp: '1764280000', type: 'text', text: { body: 'Ambo nio batanyo, kapan jadwal vaksin di puskesmas Pariaman?' } }] } }] }],
    });
    const i = await eventually(() => interaction('wamid.W1'), 20_000);
    expect(i).toMatchObject({ kind: 'message', thread_key: 'wa:PN_DINKES:6281200000001', org_code: 'DINKES' });
  });
});
