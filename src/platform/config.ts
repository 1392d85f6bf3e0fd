import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

// Configuration is read once at start from the environment (and ./.env when present),
// validated, and frozen. A bad value stops the start with a message naming the variable.

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce.number().int().min(0).max(65535);

export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  EMBEDDED_PG_PORT: port.default(5433),
  DEMO: bool.optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  COOKIE_SECURE: bool.optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  SMTP_CAPTURE_PORT: port.default(2525),
  MAIL_FROM: z.string().min(3).default('Dayung <no-reply@dayung.sumbarprov.go.id>'),
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_LABEL: z.string().min(1).default('SSO Pemprov Sumbar'),
  // Only for local testing against an http:// identity provider; never in production.
  OIDC_ALLOW_INSECURE: bool.default(false),
  // Keyring for platform tokens at rest: "k2:BASE64,k1:BASE64" (first encrypts); unset = generated key file in DATA_DIR.
  TOKEN_KEYS: z.string().min(10).optional(),
  // Base URL of the fake social platforms (demo, tests); unset = the real platforms.
  FAKE_PLATFORMS_URL: z.url().optional(),
  // Demo mode: port of the in-process fake platforms, and how many citizen actions per minute they simulate.
  FAKES_PORT: port.default(4010),
  DEMO_CITIZENS_PER_MINUTE: z.coerce.number().min(0).max(6000).default(20),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** the publishing lane: publications in flight at once (each waits on a platform), one per account */
  PUBLISH_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  TRUST_PROXY: z.string().min(1).default('loopback'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(1024 * 1024),
  // Media store (docs/media.md): largest accepted upload per kind, and the largest image in pixels (decompression bombs).
  MEDIA_MAX_IMAGE_BYTES: z.coerce.number().int().min(1024).max(200 * 1024 * 1024).default(20 * 1024 * 1024),
  MEDIA_MAX_VIDEO_BYTES: z.coerce.number().int().min(1024).max(16 * 1024 * 1024 * 1024).default(2 * 1024 * 1024 * 1024),
  MEDIA_MAX_DOCUMENT_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(20 * 1024 * 1024),
  MEDIA_MAX_IMAGE_PIXELS: z.coerce.number().int().min(10_000).max(1_000_000_000).default(100_000_000),
  LOGIN_MAX_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_PER_IP: z.coerce.number().int().min(1).default(30),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
});

type Raw = z.infer<typeof ConfigSchema>;

export type Config = Readonly<
  Omit<Raw, 'DEMO' | 'COOKIE_SECURE'> & {
    DEMO: boolean;
    COOKIE_SECURE: boolean;
    PUBLIC_URL: string;
    DATA_DIR: string;
    embedded: boolean;
    oidcEnabled: boolean;
  }
>;

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Konfigurasi tidak valid / invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

/** Parse an environment object into the frozen configuration; throws ConfigError listing every problem. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const result = ConfigSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => {
        const name = String(i.path[0] ?? '?');
        return `${name}=${JSON.stringify(cleaned[name] ?? '')}: ${i.message}`;
      }),
    );
  }
  const raw = result.data;
  const oidcParts = [raw.OIDC_ISSUER, raw.OIDC_CLIENT_ID, raw.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (oidcParts !== 0 && oidcParts !== 3) {
    throw new ConfigError(['OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together (or none of them)']);
  }
  const embedded = raw.DATABASE_URL === undefined;
  const publicUrl = (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/+$/, '');
  return Object.freeze({
    ...raw,
    // Demo mode is on by default only for the embedded database: a laptop run shows a living world;
    // a deployment against its own PostgreSQL starts clean unless DEMO=true.
    DEMO: raw.DEMO ?? (embedded && raw.NODE_ENV !== 'production'),
    COOKIE_SECURE: raw.COOKIE_SECURE ?? publicUrl.startsWith('https://'),
    PUBLIC_URL: publicUrl,
    DATA_DIR: path.resolve(raw.DATA_DIR),
    embedded,
    oidcEnabled: oidcParts === 3,
  });
}

/** Load ./.env (if present) into process.env without overriding, then parse. */
export function loadConfig(): Config {
  const envFile = path.resolve('.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return parseConfig(process.env);
}
