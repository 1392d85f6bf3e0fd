import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// Dayung's own apps on each platform (one Meta app, one X app, ... registered by Kominfotik) and the
// platforms' base URLs. Real hosts by default; pointed at the fake platforms in demo and tests
// (every host maps to a path prefix of the fakes' server, see fakes/server.ts).

export const REAL_HOSTS = {
  graph: 'https://graph.facebook.com',
  graphVideo: 'https://graph-video.facebook.com',
  graphInstagram: 'https://graph.instagram.com',
  rupload: 'https://rupload.facebook.com',
  facebookWeb: 'https://www.facebook.com',
  instagramWeb: 'https://www.instagram.com',
  instagramApi: 'https://api.instagram.com',
  xApi: 'https://api.x.com',
  xWeb: 'https://x.com',
  telegram: 'https://api.telegram.org',
  google: 'https://www.googleapis.com',
  googleOauth: 'https://oauth2.googleapis.com',
  googleAccounts: 'https://accounts.google.com',
  tiktok: 'https://open.tiktokapis.com',
  tiktokUpload: 'https://open-upload.tiktokapis.com',
  tiktokWeb: 'https://www.tiktok.com',
} as const;
export type HostName = keyof typeof REAL_HOSTS;

const FAKE_PREFIX: Record<HostName, string> = {
  graph: '/graph',
  graphVideo: '/graph-video',
  graphInstagram: '/graph-instagram',
  rupload: '/rupload',
  facebookWeb: '/www-facebook',
  instagramWeb: '/www-instagram',
  instagramApi: '/api-instagram',
  xApi: '',
  xWeb: '/x-web',
  telegram: '/telegram',
  google: '/google',
  googleOauth: '/google-oauth',
  googleAccounts: '/google-accounts',
  tiktok: '/tiktok',
  tiktokUpload: '/tiktok-upload',
  tiktokWeb: '/tiktok-web',
};

export interface PlatformApps {
  graphVersion: string;
  meta: { appId: string; appSecret: string; verifyToken: string; instagramAppSecret: string | null };
  x: { clientId: string; clientSecret: string; consumerKey: string; consumerSecret: string; bearerToken: string | null };
  google: { clientId: string; clientSecret: string };
  tiktok: { clientKey: string; clientSecret: string };
}

export interface PlatformSettings {
  apps: PlatformApps;
  hosts: Record<HostName, string>;
  /** True when the hosts are the fake platforms (demo, tests). */
  fake: boolean;
}

export function hostsFor(fakeBaseUrl: string | null): Record<HostName, string> {
  if (!fakeBaseUrl) return { ...REAL_HOSTS };
  const base = fakeBaseUrl.replace(/\/+$/, '');
  return Object.fromEntries(Object.keys(REAL_HOSTS).map((k) => [k, base + FAKE_PREFIX[k as HostName]])) as Record<HostName, string>;
}

const rnd = (n = 16) => randomBytes(n).toString('hex');

/** Fresh random app credentials (demo installations, tests). */
export function generateApps(): PlatformApps {
  return {
    graphVersion: 'v27.0',
    meta: { appId: String(100000000000000 + (randomBytes(4).readUInt32BE() % 899999999)), appSecret: rnd(), verifyToken: rnd(12), instagramAppSecret: null },
    x: { clientId: rnd(12), clientSecret: rnd(24), consumerKey: rnd(12), consumerSecret: rnd(24), bearerToken: null },
    google: { clientId: `${rnd(6)}.apps.googleusercontent.com`, clientSecret: rnd(12) },
    tiktok: { clientKey: `aw${rnd(8)}`, clientSecret: rnd(16) },
  };
}

/** Generated once for a demo installation and kept in DATA_DIR, so fakes and product agree across restarts. */
export function demoApps(dataDir: string): PlatformApps {
  const file = path.join(dataDir, 'demo-platform-apps.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as PlatformApps;
  const apps = generateApps();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(apps, null, 1)}\n`, { mode: 0o600 });
  return apps;
}

/** From the environment (production). Missing secrets leave that platform's webhooks refusing with 503. */
export function appsFromEnv(env: Record<string, string | undefined>): PlatformApps {
  const v = (k: string) => env[k] ?? '';
  return {
    graphVersion: env['GRAPH_API_VERSION'] ?? 'v27.0',
    meta: { appId: v('META_APP_ID'), appSecret: v('META_APP_SECRET'), verifyToken: v('META_VERIFY_TOKEN'), instagramAppSecret: env['INSTAGRAM_APP_SECRET'] ?? null },
    x: { clientId: v('X_CLIENT_ID'), clientSecret: v('X_CLIENT_SECRET'), consumerKey: v('X_CONSUMER_KEY'), consumerSecret: v('X_CONSUMER_SECRET'), bearerToken: env['X_BEARER_TOKEN'] ?? null },
    google: { clientId: v('GOOGLE_CLIENT_ID'), clientSecret: v('GOOGLE_CLIENT_SECRET') },
    tiktok: { clientKey: v('TIKTOK_CLIENT_KEY'), clientSecret: v('TIKTOK_CLIENT_SECRET') },
  };
}
