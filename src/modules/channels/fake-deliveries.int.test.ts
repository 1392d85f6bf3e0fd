import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlClient, type AccountInfo } from '../../../fakes/control-client.ts';
import { startFakes, type RunningFakes } from '../../../fakes/server.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { eventually, orgId } from '../../../test/helpers/factories.ts';
import { enqueue } from '../../platform/jobs/index.ts';
import { loadKeyring } from './vault.ts';
import { connectDemoAccount, type ChannelsDeps } from './service.ts';
import { generateApps, hostsFor } from './settings.ts';
import { PLATFORM_MODULES } from './connectors/registry.ts';
import type { ChannelPlatform } from '../../platform/db/schema.ts';

// Every platform, end to end: a citizen acts on the fake platform, the fake delivers a webhook
// signed as the real platform signs it (or, for YouTube, Dayung polls), and exactly one
// inbound_event is stored for the OPD that connected the account.

let fakes: RunningFakes;
let app: TestApp;
let control: ControlClient;
let dishub: string;
const accounts = new Map<ChannelPlatform, AccountInfo>();

beforeAll(async () => {
  const apps = generateApps();
  fakes = await startFakes({
    port: 0,
    seed: 'every-platform',
    apps: {
      meta: { id: apps.meta.appId, secret: apps.meta.appSecret, verifyToken: apps.meta.verifyToken },
      instagram: { secret: apps.meta.appSecret, verifyToken: apps.meta.verifyToken },
      x: { clientId: apps.x.clientId, clientSecret: apps.x.clientSecret, consumerKey: apps.x.consumerKey, consumerSecret: apps.x.consumerSecret },
      youtube: { clientId: apps.google.clientId, clientSecret: apps.google.clientSecret },
      tiktok: { clientKey: apps.tiktok.clientKey, clientSecret: apps.tiktok.clientSecret },
    },
  });
  control = new ControlClient(fakes.url);
  app = await startTestApp({ fakesUrl: fakes.url, apps });
  await control.patchConfig({ webhookTarget: app.url });
  dishub = await orgId(app.db.db, 'DISHUB');
  const world = await control.demo({ opds: [{ code: 'DISHUB', name: 'Dinas Perhubungan' }] });
  const deps: ChannelsDeps = {
    db: app.db.db,
    keyring: loadKeyring({ spec: app.config.TOKEN_KEYS, dataDir: '/nonexistent' }),
    settings: () => ({ apps, hosts: hostsFor(fakes.url), fake: true }),
    modules: () => PLATFORM_MODULES,
    publicUrl: app.url,
  };
  for (const a of world.opds[0]!.accounts) {
    accounts.set(a.platform, a);
    await connectDemoAccount(deps, dishub, {
      platform: a.platform,
      externalId: a.id,
      name: a.name,
      handle: a.username ?? null,
      credentials: { accessToken: a.credentials.accessToken, refreshToken: a.credentials.refreshToken ?? null, expiresAt: a.credentials.expiresAt ? new Date(a.credentials.expiresAt) : null, oauth1: a.credentials.oauth1 },
      scopes: a.credentials.scopes,
      extra: a.extra,
      telegramSecret: a.credentials.webhookSecretToken ?? null,
    });
  }
});
afterAll(async () => {
  await app?.close();
  await fakes?.close();
});

async function eventsOf(platform: string) {
  return app.db.db.selectFrom('inbound_event').selectAll().where('platform', '=', platform).where('kind', 'not like', 'whatsapp.status').execute();
}

describe('every platform delivers to Dayung', () => {
  const cases: [ChannelPlatform, (id: string) => Parameters<ControlClient['inject']>[0]][] = [
    ['facebook', (id) => ({ platform: 'facebook', type: 'comment', accountId: id, text: 'Bus AKDP jurusan Padang-Bukittinggi sering ngetem lama' })],
    ['instagram', (id) => ({ platform: 'instagram', type: 'comment', accountId: id, text: 'Kapan kapal ke Mentawai berangkat min?' })],
    ['whatsapp', (id) => ({ platform: 'whatsapp', type: 'message', accountId: id, text: 'Ambo nak batanyo jadwal kapal ka Siberut' })],
    ['x', (id) => ({ platform: 'x', type: 'mention', accountId: id, text: 'lampu jalan provinsi mati di by pass' })],
    ['telegram', (id) => ({ platform: 'telegram', type: 'message', accountId: id, text: 'Halo, saya mau lapor truk ODOL' })],
    ['tiktok', (id) => ({ platform: 'tiktok', type: 'authorization_removed', accountId: id })],
  ];
  for (const [platform, input] of cases) {
    it(`${platform}: one signed delivery, exactly one inbound_event for the right OPD`, async () => {
      const acc = accounts.get(platform)!;
      await control.inject(input(acc.id));
      await control.drainWebhooks(15_000);
      const rows = await eventually(async () => {
        const r = await eventsOf(platform);
        return r.length ? r : null;
      }, 15_000);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ org_id: dishub, external_account_id: acc.id, unknown: false });
      if (platform === 'tiktok') {
        // The OPD removed Dayung's access at TikTok: the account stops and its OPD is told.
        await eventually(async () => (await app.db.db.selectFrom('channel_account').select('status').where('external_id', '=', acc.id).executeTakeFirstOrThrow()).status === 'revoked', 15_000);
      }
      // Platforms redeliver on doubt: a replay of the same delivery is acknowledged, not stored again.
      await control.retryWebhooksNow();
      expect(await eventsOf(platform)).toHaveLength(1);
    });
  }

  it('youtube: no webhooks, so Dayung polls the comments with a cursor; a second poll stores nothing new', async () => {
    const acc = accounts.get('youtube')!;
    await control.inject({ platform: 'youtube', type: 'comment', accountId: acc.id, text: 'Video sosialisasi ini sangat membantu, terima kasih Dishub' });
    const row = await app.db.db.selectFrom('channel_account').select('id').where('platform', '=', 'youtube').where('external_id', '=', acc.id).executeTakeFirstOrThrow();
    await enqueue(app.db.db, 'channels_poll', { accountId: row.id });
    const first = await eventually(async () => {
      const r = await eventsOf('youtube');
      return r.length ? r : null;
    }, 20_000);
    expect(first.every((e) => e.org_id === dishub && e.kind === 'comment')).toBe(true);
    const cursor = await app.db.db.selectFrom('poll_cursor').selectAll().where('account_id', '=', row.id).executeTakeFirstOrThrow();
    expect(cursor.cursor).toBeTruthy();
    await app.db.pool.query(`update poll_cursor set next_poll_at = now() where account_id = $1`, [row.id]);
    await enqueue(app.db.db, 'channels_poll', { accountId: row.id });
    await eventually(async () => {
      const c = await app.db.db.selectFrom('poll_cursor').select('polled_at').where('account_id', '=', row.id).executeTakeFirstOrThrow();
      return c.polled_at && new Date(c.polled_at) > new Date(cursor.polled_at!);
    }, 20_000);
    expect(await eventsOf('youtube')).toHaveLength(first.length);
  });
});
