import type { ControlClient, AccountInfo } from '../../fakes/control-client.ts';
import type { Db } from '../../src/platform/db/index.ts';
import type { ChannelPlatform } from '../../src/platform/db/schema.ts';
import { connectDemoAccount, type ChannelsDeps } from '../../src/modules/channels/index.ts';
import { ApiClient } from './client.ts';
import { buildUser } from './factories.ts';
import { png, postMultipart } from './media.ts';

// A province-wide campaign (narasi tunggal) set up the way people do it, for the publishing crash
// test and the fan-out benchmark: OPDs with connected fake accounts, a Kominfotik supervisor who
// uploads the campaign image and creates the campaign, and in every target OPD an admin who writes
// the OPD's own post (unique text, the campaign image, all its channels) and a head who approves it
// for one common publishing time. Only HTTP and the fakes' control API; no vitest here.

export interface WorldOpd {
  orgId: string;
  code: string;
  name: string;
  /** unique in the whole campaign: finds this OPD's post among everything on the fakes */
  marker: string;
  text: string;
  /** platform → the fake account and the Dayung channel_account id */
  accounts: Map<ChannelPlatform, { fake: AccountInfo; accountId: string }>;
  postId: string;
}

export interface CampaignWorld {
  campaignId: string;
  scheduledAt: Date;
  supervisor: ApiClient;
  opds: WorldOpd[];
  mediaId: string | null;
}

/** Runs fn over items with at most `limit` at once. */
export async function inBatches<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (;;) {
        const i = next++;
        if (i >= items.length) return;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

function ok<T extends { status: number; body: unknown }>(r: T, expected: number, what: string): T {
  if (r.status !== expected) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

async function loggedIn(url: string, email: string, password: string): Promise<ApiClient> {
  const c = new ApiClient(url);
  ok(await c.login(email, password), 200, `login ${email}`);
  return c;
}

/**
 * Connects `opdCount` OPDs (seed order by code, the province excluded) to one fake account per
 * platform each, and schedules one approved campaign post per OPD at now + dueInMs.
 */
export async function buildCampaignWorld(p: {
  db: Db;
  url: string;
  control: ControlClient;
  channels: ChannelsDeps;
  opdCount: number;
  platforms: readonly ChannelPlatform[];
  /** when the posts are due: this long after the campaign is created, or at scheduledAt */
  dueInMs: number;
  scheduledAt?: Date | undefined;
  /** a second campaign on the same fake accounts needs other words: X refuses a repeated text */
  wave?: string | undefined;
}): Promise<CampaignWorld> {
  const orgs = await p.db.selectFrom('org').select(['id', 'code', 'name']).where('kind', '!=', 'province').where('active', '=', true).orderBy('code').limit(p.opdCount).execute();
  if (orgs.length < p.opdCount) throw new Error(`the seed has ${orgs.length} OPDs, ${p.opdCount} asked`);
  const world = await p.control.demo({ opds: orgs.map((o) => ({ code: o.code, name: o.name })), platforms: [...p.platforms], telegramWebhook: false });
  const opds: WorldOpd[] = [];
  for (const o of orgs) {
    const fakeOpd = world.opds.find((w) => w.code === o.code)!;
    for (const a of fakeOpd.accounts) {
      await connectDemoAccount(p.channels, o.id, {
        platform: a.platform as ChannelPlatform,
        externalId: a.id,
        name: a.name,
        handle: a.username ?? null,
        credentials: { accessToken: a.credentials.accessToken, refreshToken: a.credentials.refreshToken ?? null, expiresAt: a.credentials.expiresAt ? new Date(a.credentials.expiresAt) : null, oauth1: a.credentials.oauth1 },
        scopes: a.credentials.scopes,
        extra: a.extra,
        telegramSecret: a.credentials.webhookSecretToken ?? null,
      });
    }
    const rows = await p.db.selectFrom('channel_account').select(['id', 'platform', 'external_id']).where('org_id', '=', o.id).execute();
    const accounts = new Map<ChannelPlatform, { fake: AccountInfo; accountId: string }>();
    for (const a of fakeOpd.accounts) accounts.set(a.platform as ChannelPlatform, { fake: a, accountId: rows.find((r) => r.platform === a.platform && r.external_id === a.id)!.id });
    const marker = `[${o.code}]`;
    // One line (TikTok's photo title is the first line), short enough for X with the link.
    const text = `Gerakan Sumbar Bersih${p.wave ? ` ${p.wave}` : ''} ${marker}: ${o.name} mengajak warga memilah sampah dari rumah mulai Senin. #SumbarBersih`;
    opds.push({ orgId: o.id, code: o.code, name: o.name, marker, text, accounts, postId: '' });
  }

  const sup = await buildUser(p.db, { role: 'province_supervisor' });
  const supervisor = await loggedIn(p.url, sup.email, sup.password);
  const needsImage = p.platforms.some((x) => x === 'instagram' || x === 'tiktok');
  let mediaId: string | null = null;
  const assetAlt = 'Poster Gerakan Sumbar Bersih: tiga tempat sampah berwarna untuk sampah organik, anorganik dan B3.';
  if (needsImage) {
    const up = ok(await postMultipart(supervisor, '/api/media', { altText: assetAlt }, [{ field: 'file', name: 'sumbar-bersih.png', type: 'image/png', data: await png(1080, 1080) }]), 201, 'upload the campaign image');
    mediaId = (up.body as { id: string }).id;
  }
  const now = Date.now();
  const campaign = ok(
    await supervisor.post('/api/publishing/campaigns', {
      title: 'Gerakan Sumbar Bersih',
      keyMessage: 'Pilah sampah dari rumah: organik, anorganik dan B3 dipisahkan sejak dari dapur.',
      hashtags: ['#SumbarBersih'],
      assets: mediaId ? [{ mediaId, altText: assetAlt }] : [],
      targetOrgIds: opds.map((o) => o.orgId),
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 3 * 86_400_000).toISOString(),
    }),
    201,
    'create the campaign',
  );
  const campaignId = (campaign.body as { id: string }).id;
  const scheduledAt = p.scheduledAt ?? new Date(now + p.dueInMs);

  await inBatches(opds, 4, async (o) => {
    const [author, head] = [await buildUser(p.db, { role: 'opd_admin', orgCode: o.code }), await buildUser(p.db, { role: 'opd_head', orgCode: o.code })];
    const a = await loggedIn(p.url, author.email, author.password);
    const content = {
      title: '',
      text: o.text,
      link: 'https://dlh.sumbarprov.go.id/sumbar-bersih',
      media: mediaId ? [{ mediaId, kind: 'image', altText: 'Poster Gerakan Sumbar Bersih: tiga tempat sampah berwarna.' }] : [],
      channels: p.platforms.map((pl) => ({ accountId: o.accounts.get(pl)!.accountId, text: null, title: null })),
      catalog: null,
    };
    const created = ok(await a.post('/api/publishing/posts', { campaignId, content, scheduledAt: scheduledAt.toISOString() }), 201, `${o.code}: create the post`);
    o.postId = (created.body as { id: string }).id;
    ok(await a.post(`/api/publishing/posts/${o.postId}/submit`, { version: 1 }), 200, `${o.code}: submit`);
    const h = await loggedIn(p.url, head.email, head.password);
    const approved = ok(await h.post(`/api/publishing/posts/${o.postId}/approve`, { version: 1 }), 200, `${o.code}: approve`);
    if ((approved.body as { status: string }).status !== 'terjadwal') throw new Error(`${o.code}: approved post is ${(approved.body as { status: string }).status}, not terjadwal`);
  });
  return { campaignId, scheduledAt, supervisor, opds, mediaId };
}
