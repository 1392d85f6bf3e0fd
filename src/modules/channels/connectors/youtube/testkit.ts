// Test helpers shared by the X, Telegram, YouTube and TikTok connector tests (unit tier): the fake
// platforms in-process, platform settings that match the fakes' default apps, contexts, PKCE, and
// a loopback server for the media Dayung would serve publicly.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { DEFAULT_APPS } from '../../../../../fakes/server.ts';
import type { RunningFakes } from '../../../../../fakes/server.ts';
import { startTestFakes } from '../../../../../fakes/test/helpers.ts';
import { ControlClient } from '../../../../../fakes/control-client.ts';
import type { AccountInfo } from '../../../../../fakes/control-client.ts';
import { hostsFor } from '../../settings.ts';
import type { PlatformApps, PlatformSettings } from '../../settings.ts';
import { connectorContext } from '../context.ts';
import type { ConnectorContext, Credentials } from '../types.ts';
import type { ChannelPlatform } from '../../../../platform/db/schema.ts';
import type { DeepPartial, FakeConfig } from '../../../../../fakes/core/config.ts';

export const FAKE_APPS: PlatformApps = {
  graphVersion: 'v27.0',
  meta: { appId: DEFAULT_APPS.meta.id, appSecret: DEFAULT_APPS.meta.secret, verifyToken: DEFAULT_APPS.meta.verifyToken, instagramAppSecret: DEFAULT_APPS.instagram.secret },
  x: { clientId: DEFAULT_APPS.x.clientId, clientSecret: DEFAULT_APPS.x.clientSecret, consumerKey: DEFAULT_APPS.x.consumerKey, consumerSecret: DEFAULT_APPS.x.consumerSecret, bearerToken: DEFAULT_APPS.x.bearerToken },
  google: { clientId: DEFAULT_APPS.youtube.clientId, clientSecret: DEFAULT_APPS.youtube.clientSecret },
  tiktok: { clientKey: DEFAULT_APPS.tiktok.clientKey, clientSecret: DEFAULT_APPS.tiktok.clientSecret },
};

export interface Kit {
  fakes: RunningFakes;
  control: ControlClient;
  settings: PlatformSettings;
  close(): Promise<void>;
}

export async function startKit(opts: { webhookTarget?: string | null; config?: DeepPartial<FakeConfig> } = {}): Promise<Kit> {
  const fakes = await startTestFakes({ seed: 1, ...(opts.config ? { config: opts.config } : {}), webhookTarget: opts.webhookTarget ?? null });
  return { fakes, control: new ControlClient(fakes.url), settings: { apps: FAKE_APPS, hosts: hostsFor(fakes.url), fake: true }, close: () => fakes.close() };
}

export function credentialsOf(acc: AccountInfo): Credentials {
  return {
    accessToken: acc.credentials.accessToken,
    refreshToken: acc.credentials.refreshToken ?? null,
    expiresAt: acc.credentials.expiresAt ? new Date(acc.credentials.expiresAt) : null,
    ...(acc.credentials.oauth1 ? { oauth1: acc.credentials.oauth1 } : {}),
  };
}

export function ctxFor(
  kit: Kit,
  platform: ChannelPlatform,
  acc: AccountInfo,
  opts: { credentials?: Partial<Credentials>; extra?: Record<string, unknown>; saved?: Credentials[]; timeoutMs?: number; now?: () => Date } = {},
): ConnectorContext {
  const saved = opts.saved;
  return connectorContext({
    settings: kit.settings,
    account: { id: `acc-${acc.id}`, platform, externalId: acc.id, extra: { ...acc.extra, ...(opts.extra ?? {}) }, scopes: acc.credentials.scopes },
    credentials: { ...credentialsOf(acc), ...(opts.credentials ?? {}) },
    ...(saved ? { saveCredentials: async (c: Credentials) => void saved.push(c) } : {}),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  });
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Follows the fake's OAuth dialog (auto-approve) and returns the redirect's query. */
export async function followAuthorize(url: string): Promise<URLSearchParams> {
  const res = await fetch(url, { redirect: 'manual' });
  const loc = res.headers.get('location');
  if (res.status !== 302 || !loc) throw new Error(`authorize: expected a redirect, got ${res.status}: ${(await res.text()).slice(0, 200)}`);
  return new URL(loc).searchParams;
}

export interface MediaServer {
  url: string;
  /** GET <url>/<name> answers these bytes */
  files: Map<string, { bytes: Uint8Array; type: string; chunked?: boolean }>;
  requests: string[];
  close(): Promise<void>;
}

export async function startMediaServer(): Promise<MediaServer> {
  const files = new Map<string, { bytes: Uint8Array; type: string; chunked?: boolean }>();
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '/');
    const f = files.get((req.url ?? '/').slice(1));
    if (!f) {
      res.writeHead(404).end();
      return;
    }
    const buf = Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength);
    if (f.chunked) {
      // no Content-Length: the reader learns the size only at the end
      res.writeHead(200, { 'content-type': f.type });
      for (let i = 0; i < buf.length; i += 65_536) res.write(buf.subarray(i, i + 65_536));
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': f.type, 'content-length': String(f.bytes.byteLength) });
    res.end(buf);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    files,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export function bytes(n: number, fill = 7): Uint8Array {
  return new Uint8Array(n).fill(fill);
}

/** A sleep for withRetries that only records what it was asked to wait. */
export function recordingSleep(): { waits: number[]; sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}
