import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlClient } from '../../../fakes/control-client.ts';
import { startFakes, type RunningFakes } from '../../../fakes/server.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { ApiClient } from '../../../test/helpers/client.ts';
import { buildUser, eventually, orgId } from '../../../test/helpers/factories.ts';
import { connectDemoAccount, generateApps, hostsFor, loadKeyring, type ChannelsDeps } from '../channels/index.ts';
import { PLATFORM_MODULES } from '../channels/connectors/registry.ts';
import type { ChannelPlatform } from '../../platform/db/schema.ts';

// A citizen's photo on WhatsApp or Telegram, end to end: the fake platform delivers the message, the
// inbox stores it, staff make a case of it, and Dayung downloads the photo with the account's token
// into the media store (WhatsApp keeps media only 30 days), re-encoded without metadata, so the case
// keeps its evidence and staff see it in the case detail.

let fakes: RunningFakes;
let app: TestApp;
let control: ControlClient;
let staff: ApiClient;
const accountIds = new Map<ChannelPlatform, string>();

beforeAll(async () => {
  const apps = generateApps();
  fakes = await startFakes({ port: 0, seed: 'channel-media', apps: { meta: { id: apps.meta.appId, secret: apps.meta.appSecret, verifyToken: apps.meta.verifyToken } } });
  control = new ControlClient(fakes.url);
  app = await startTestApp({ fakesUrl: fakes.url, apps });
  await control.patchConfig({ webhookTarget: app.url });
  const dinkes = await orgId(app.db.db, 'DINKES');
  const world = await control.demo({ opds: [{ code: 'DINKES', name: 'Dinas Kesehatan' }], platforms: ['whatsapp', 'telegram'] });
  const deps: ChannelsDeps = { db: app.db.db, keyring: loadKeyring({ spec: app.config.TOKEN_KEYS, dataDir: '/nonexistent' }), settings: () => ({ apps, hosts: hostsFor(fakes.url), fake: true }), modules: () => PLATFORM_MODULES, publicUrl: app.url };
  for (const a of world.opds[0]!.accounts) {
    accountIds.set(a.platform, a.id);
    await connectDemoAccount(deps, dinkes, { platform: a.platform, externalId: a.id, name: a.name, handle: a.username ?? null, credentials: { accessToken: a.credentials.accessToken, refreshToken: null, expiresAt: null }, scopes: a.credentials.scopes, extra: a.extra, telegramSecret: a.credentials.webhookSecretToken ?? null });
  }
  staff = await ApiClient.loggedIn(app.url, await buildUser(app.db.db, { role: 'opd_head', orgCode: 'DINKES' }));
});
afterAll(async () => {
  await app?.close();
  await fakes?.close();
});

const cookie = () => [...staff.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

describe("citizens' photos on WhatsApp and Telegram", () => {
  it.each([
    ['whatsapp', { messageType: 'image' as const }],
    ['telegram', { photo: true }],
  ] as const)('%s: the photo of a message made a case is downloaded into the store and shown to staff', async (platform, extra) => {
    const text = `Jalan rusak di depan puskesmas, ini fotonya (${platform})`;
    await control.inject({ platform, type: 'message', accountId: accountIds.get(platform)!, text, from: { key: `warga-${platform}`, name: 'Rudi Hartono' }, ...extra } as Parameters<ControlClient['inject']>[0]);
    const interaction = await eventually(() => app.db.db.selectFrom('interaction').select(['id']).where('platform', '=', platform).where('kind', '=', 'message').orderBy('received_at', 'desc').executeTakeFirst(), 20_000);
    const created = await staff.post('/api/cases', { interactionId: interaction.id });
    expect(created.status, created.text).toBe(201);
    const caseId = created.body.id as string;
    // the job downloads it with the account's token; the attachment then has its bytes in the store
    const att = await eventually(async () => ((d) => d.attachments?.find((a: { contentUrl: string | null }) => a.contentUrl) ?? null)((await staff.get(`/api/cases/${caseId}`)).body), 20_000, 100);
    expect(att).toMatchObject({ source: 'channel', platform, kind: 'image', mime: 'image/jpeg', width: 48, height: 36, public: false });
    const res = await fetch(app.url + att.contentUrl, { headers: { cookie: cookie() } });
    expect(res.status).toBe(200);
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height, meta.exif]).toEqual(['jpeg', 48, 36, undefined]);
    // stored as a citizen's file: owned by no OPD, reached only through the case
    const stored = await app.db.db.selectFrom('case_attachment as a').innerJoin('media_object as m', 'm.id', 'a.media_id').select(['m.origin', 'm.org_id', 'm.status']).where('a.id', '=', att.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ origin: 'citizen', org_id: null, status: 'ready' });
  });
});
