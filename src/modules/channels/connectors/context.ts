import { createHttp } from './http.ts';
import type { AccountRef, AuthContext, ConnectorContext, Credentials } from './types.ts';
import type { PlatformSettings } from '../settings.ts';
import type { ChannelPlatform } from '../../../platform/db/schema.ts';

// Building the context a connector runs in (production code and tests alike).

export function connectorContext(p: {
  settings: PlatformSettings;
  account: AccountRef;
  credentials: Credentials;
  saveCredentials?: (c: Credentials) => Promise<void>;
  timeoutMs?: number;
  now?: () => Date;
}): ConnectorContext {
  return {
    settings: p.settings,
    account: p.account,
    credentials: p.credentials,
    http: createHttp(p.account.platform, { defaultTimeoutMs: p.timeoutMs ?? 20_000 }),
    ...(p.saveCredentials ? { saveCredentials: p.saveCredentials } : {}),
    now: p.now ?? (() => new Date()),
  };
}

export function authContext(platform: ChannelPlatform, settings: PlatformSettings, timeoutMs = 20_000): AuthContext {
  return { settings, http: createHttp(platform, { defaultTimeoutMs: timeoutMs }), now: () => new Date() };
}
