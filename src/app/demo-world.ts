import type { Config } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import type { ChannelPlatform } from '../platform/db/schema.ts';
import { connectDemoAccount, type ChannelsDeps, type PlatformApps } from '../modules/channels/index.ts';

// The demo world of `npm start`: the fake platforms run in this process, every seeded OPD gets an
// account on each platform (connected in Dayung with sealed tokens, webhooks pointed at Dayung), and
// a simulated citizenry comments, mentions and messages at a configurable rate.

export interface DemoWorldHandle {
  fakesUrl: string;
  accounts: number;
  stop(): Promise<void>;
}

function fakeApps(apps: PlatformApps) {
  return {
    meta: { id: apps.meta.appId, secret: apps.meta.appSecret, verifyToken: apps.meta.verifyToken },
    instagram: { secret: apps.meta.instagramAppSecret ?? apps.meta.appSecret, verifyToken: apps.meta.verifyToken },
    x: { clientId: apps.x.clientId, clientSecret: apps.x.clientSecret, consumerKey: apps.x.consumerKey, consumerSecret: apps.x.consumerSecret, ...(apps.x.bearerToken ? { bearerToken: apps.x.bearerToken } : {}) },
    youtube: { clientId: apps.google.clientId, clientSecret: apps.google.clientSecret },
    tiktok: { clientKey: apps.tiktok.clientKey, clientSecret: apps.tiktok.clientSecret },
  };
}

export async function startDemoWorld(p: {
  config: Config;
  logger: Logger;
  channels: ChannelsDeps;
  dayungUrl: string;
  simulate: boolean;
}): Promise<DemoWorldHandle> {
  const { startFakes } = await import('../../fakes/server.ts');
  const { ControlClient } = await import('../../fakes/control-client.ts');
  const { startSimulator } = await import('../../fakes/citizens/simulator.ts');
  const orgs = await p.channels.db.selectFrom('org').select(['id', 'code', 'name']).where('kind', '!=', 'province').orderBy('code').execute();
  const fakes = await startFakes({
    port: p.config.FAKES_PORT,
    host: '127.0.0.1',
    webhookTarget: p.dayungUrl,
    seed: 'dayung-demo',
    apps: fakeApps(p.channels.settings().apps),
    demo: { opds: orgs.map((o) => ({ code: o.code, name: o.name })) },
  });
  const world = fakes.demo!;
  let connected = 0;
  const simAccounts: { platform: ChannelPlatform; accountId: string; opdCode: string; handle?: string }[] = [];
  for (const opd of world.opds) {
    const org = orgs.find((o) => o.code === opd.code)!;
    for (const a of opd.accounts) {
      await connectDemoAccount(p.channels, org.id, {
        platform: a.platform,
        externalId: a.id,
        name: a.name,
        handle: a.username ?? null,
        credentials: {
          accessToken: a.credentials.accessToken,
          refreshToken: a.credentials.refreshToken ?? null,
          expiresAt: a.credentials.expiresAt ? new Date(a.credentials.expiresAt) : null,
          oauth1: a.credentials.oauth1,
        },
        scopes: a.credentials.scopes,
        extra: { ...a.extra, demo: true },
        telegramSecret: a.credentials.webhookSecretToken ?? null,
      });
      connected++;
      simAccounts.push({ platform: a.platform, accountId: a.id, opdCode: opd.code, ...(a.username ? { handle: a.username } : {}) });
    }
  }
  // Posts in every stage and a campaign, once (two of them publish to the fakes a minute after start).
  const { seedDemoPublishing } = await import('../modules/publishing/demo.ts');
  const posts = await seedDemoPublishing(p.channels.db);
  if (posts) p.logger.info({ posts }, 'demo publishing seeded');
  const simulator =
    p.simulate && p.config.DEMO_CITIZENS_PER_MINUTE > 0
      ? startSimulator({
          control: new ControlClient(fakes.url),
          accounts: simAccounts,
          actionsPerMinute: p.config.DEMO_CITIZENS_PER_MINUTE,
          seed: `demo-${Date.now()}`,
          onAction: (a) => {
            if (a.error) p.logger.debug({ platform: a.platform, error: a.error }, 'simulated citizen action failed');
          },
        })
      : null;
  p.logger.info({ fakes: fakes.url, accounts: connected, citizensPerMinute: simulator ? p.config.DEMO_CITIZENS_PER_MINUTE : 0 }, 'demo world running');
  return {
    fakesUrl: fakes.url,
    accounts: connected,
    async stop() {
      await simulator?.stop();
      await fakes.close();
    },
  };
}
