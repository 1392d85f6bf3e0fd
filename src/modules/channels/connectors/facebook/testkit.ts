// Test helpers for the Meta connectors (unit tier): the fakes in-process, settings pointing at them,
// connector contexts whose clock follows the fakes' clock (appsecret_time, 24 h / 7 d windows).
import { DEFAULT_APPS, startFakes, type RunningFakes } from '../../../../../fakes/server.ts';
import { ControlClient, type AccountInfo, type RecordEntry } from '../../../../../fakes/control-client.ts';
import type { DeepPartial, FakeConfig } from '../../../../../fakes/core/config.ts';
import { hostsFor, type PlatformSettings } from '../../settings.ts';
import { connectorContext } from '../context.ts';
import type { ConnectorContext } from '../types.ts';

export interface MetaKit {
  fakes: RunningFakes;
  control: ControlClient;
  settings: PlatformSettings;
  /** the fakes' clock */
  now(): Date;
  advance(ms: number): Promise<void>;
  resetClock(): Promise<void>;
  ctx(account: AccountInfo, opts?: { timeoutMs?: number; token?: string }): ConnectorContext;
  /** records received after `since` (a seq) */
  records(filter: { platform?: 'facebook' | 'instagram' | 'whatsapp'; kind?: RecordEntry['kind']; accountId?: string }, since?: number): Promise<RecordEntry[]>;
  lastSeq(): Promise<number>;
  close(): Promise<void>;
}

export async function startMetaKit(config: DeepPartial<FakeConfig> = {}): Promise<MetaKit> {
  const fakes = await startFakes({
    port: 0,
    seed: 1,
    webhookTarget: null,
    config: { processing: { igContainerMs: 60, fbVideoMs: 20, whatsappStatusMs: [10, 20, 30] }, ...config },
  });
  const control = new ControlClient(fakes.url);
  // Every Graph call of the tests must carry a valid appsecret_proof.
  await control.patchApp('meta', DEFAULT_APPS.meta.id, { requireProof: true });
  await control.patchApp('instagram', DEFAULT_APPS.instagram.id, { requireProof: true });
  const settings: PlatformSettings = {
    apps: {
      graphVersion: 'v27.0',
      meta: { appId: DEFAULT_APPS.meta.id, appSecret: DEFAULT_APPS.meta.secret, verifyToken: DEFAULT_APPS.meta.verifyToken, instagramAppSecret: DEFAULT_APPS.instagram.secret },
      x: { clientId: 'x', clientSecret: 'x', consumerKey: 'x', consumerSecret: 'x', bearerToken: null },
      google: { clientId: 'g', clientSecret: 'g' },
      tiktok: { clientKey: 't', clientSecret: 't' },
    },
    hosts: hostsFor(fakes.url),
    fake: true,
  };
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  return {
    fakes,
    control,
    settings,
    now,
    async advance(ms) {
      offsetMs = (await control.advanceClock(ms)).offsetMs;
    },
    async resetClock() {
      await fetch(`${fakes.url}/_fake/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reset: true }) });
      offsetMs = 0;
    },
    ctx(account, opts = {}) {
      return connectorContext({
        settings,
        account: { id: `acc-${account.id}`, platform: account.platform as 'facebook' | 'instagram' | 'whatsapp', externalId: account.id, extra: account.extra, scopes: account.credentials.scopes },
        credentials: { accessToken: opts.token ?? account.credentials.accessToken, refreshToken: null, expiresAt: account.credentials.expiresAt ? new Date(account.credentials.expiresAt) : null },
        now,
        ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
      });
    },
    async records(filter, since = 0) {
      return (await control.records({ ...filter, sinceSeq: since, limit: 1000 })).filter((r) => r.seq > since);
    },
    async lastSeq() {
      const all = await control.records({ limit: 1000 });
      return all.reduce((m, r) => Math.max(m, r.seq), 0);
    },
    close: () => fakes.close(),
  };
}

/** A sleep for withRetries that records the waits and moves the fakes' clock instead of waiting. */
export function clockSleep(kit: MetaKit): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms) => {
      waits.push(ms);
      await kit.advance(ms);
    },
  };
}

export const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
