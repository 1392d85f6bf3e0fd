import { z } from 'zod';
import type pg from 'pg';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http/server.ts';
import type { Intake } from './intake.ts';
import { parseMeta, parseTelegram, parseTikTok, parseX, WebhookBodyError } from './webhooks/parse.ts';
import { telegramSecretHash, verifyMetaSignature, verifyTikTokSignature, verifyXSignature, xCrcResponse } from './webhooks/signatures.ts';
import type { ParsedEvent, WebhookPlatform } from './webhooks/types.ts';
import type { PlatformSettings } from './settings.ts';

// /webhooks/<platform>: the documented verification handshakes, then signature check over the raw
// bytes (before any parsing), then the events are committed and only then answered 2xx.

export const WEBHOOK_BODY_LIMIT = 4 * 1024 * 1024;

export interface WebhookDeps {
  pool: pg.Pool;
  intake: Intake;
  settings: () => PlatformSettings;
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AppError('webhook_body_invalid', { reason: 'bukan JSON yang valid' });
  }
}

function split(fn: () => ParsedEvent[]): ParsedEvent[] {
  try {
    return fn();
  } catch (err) {
    if (err instanceof WebhookBodyError) throw new AppError('webhook_body_invalid', { reason: err.message });
    throw err;
  }
}

const headerOf = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Telegram secret → bot id, cached briefly (webhooks arrive in bursts; secrets change rarely). */
class TelegramBots {
  private readonly cache = new Map<string, { botId: string | null; at: number }>();
  private readonly pool: pg.Pool;
  constructor(pool: pg.Pool) {
    this.pool = pool;
  }
  async botFor(secret: string): Promise<string | null> {
    const h = telegramSecretHash(secret);
    const hit = this.cache.get(h);
    if (hit && Date.now() - hit.at < 30_000) return hit.botId;
    const { rows } = await this.pool.query<{ external_id: string }>(
      `select external_id from channel_account where platform = 'telegram' and webhook_secret_hash = $1 and status <> 'disconnected'`,
      [h],
    );
    const botId = rows[0]?.external_id ?? null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(h, { botId, at: Date.now() });
    return botId;
  }
}

export function registerWebhookRoutes(app: App, deps: WebhookDeps): void {
  const bots = new TelegramBots(deps.pool);
  const store = async (platform: WebhookPlatform, events: ParsedEvent[]) => {
    await deps.intake.submit(events.map((event) => ({ platform, event })));
  };

  void app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    // Webhook bodies are kept as raw bytes: the signature is checked before anything is parsed.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_req, body, done) => done(null, body));
    const raw = (body: unknown) => (Buffer.isBuffer(body) ? body : Buffer.alloc(0));
    const tags = ['webhooks'];

    for (const platform of ['facebook', 'instagram', 'whatsapp'] as const) {
      scope.get(
        `/webhooks/${platform}`,
        {
          schema: {
            tags,
            summary: `Verifikasi langganan webhook Meta (${platform})`,
            querystring: z.object({ 'hub.mode': z.string().optional(), 'hub.verify_token': z.string().optional(), 'hub.challenge': z.string().max(200).optional() }),
          },
        },
        async (req, reply) => {
          const { verifyToken } = deps.settings().apps.meta;
          const q = req.query;
          if (!verifyToken) throw new AppError('webhook_not_configured', { platform });
          if (q['hub.mode'] !== 'subscribe' || q['hub.verify_token'] !== verifyToken || !q['hub.challenge']) throw new AppError('webhook_verify_failed');
          return reply.type('text/plain').send(q['hub.challenge']);
        },
      );
      scope.post(`/webhooks/${platform}`, { bodyLimit: WEBHOOK_BODY_LIMIT, schema: { tags, summary: `Terima event webhook Meta (${platform})` } }, async (req, reply) => {
        const { appSecret, instagramAppSecret } = deps.settings().apps.meta;
        if (!appSecret) throw new AppError('webhook_not_configured', { platform });
        const secrets = platform === 'instagram' && instagramAppSecret ? [instagramAppSecret, appSecret] : [appSecret];
        const body = raw(req.body);
        if (!verifyMetaSignature(body, headerOf(req.headers['x-hub-signature-256']), secrets)) throw new AppError('webhook_signature_invalid');
        await store(platform, split(() => parseMeta(platform, parseJson(body))));
        return reply.type('text/plain').send('EVENT_RECEIVED');
      });
    }

    scope.get('/webhooks/x', { schema: { tags, summary: 'Tantangan CRC webhook X', querystring: z.object({ crc_token: z.string().min(1).max(500) }) } }, async (req) => {
      const { consumerSecret } = deps.settings().apps.x;
      if (!consumerSecret) throw new AppError('webhook_not_configured', { platform: 'x' });
      return { response_token: xCrcResponse(req.query.crc_token, consumerSecret) };
    });
    scope.post('/webhooks/x', { bodyLimit: WEBHOOK_BODY_LIMIT, schema: { tags, summary: 'Terima event webhook X' } }, async (req, reply) => {
      const { consumerSecret } = deps.settings().apps.x;
      if (!consumerSecret) throw new AppError('webhook_not_configured', { platform: 'x' });
      const body = raw(req.body);
      if (!verifyXSignature(body, headerOf(req.headers['x-twitter-webhooks-signature']), consumerSecret)) throw new AppError('webhook_signature_invalid');
      await store('x', split(() => parseX(parseJson(body))));
      return reply.code(200).send({ ok: true });
    });

    scope.post('/webhooks/telegram', { bodyLimit: WEBHOOK_BODY_LIMIT, schema: { tags, summary: 'Terima update webhook Telegram' } }, async (req, reply) => {
      const secret = headerOf(req.headers['x-telegram-bot-api-secret-token']);
      const botId = secret && secret.length <= 256 ? await bots.botFor(secret) : null;
      if (!botId) throw new AppError('webhook_signature_invalid');
      await store('telegram', split(() => parseTelegram(botId, parseJson(raw(req.body)))));
      return reply.code(200).send({ ok: true });
    });

    scope.post('/webhooks/tiktok', { bodyLimit: WEBHOOK_BODY_LIMIT, schema: { tags, summary: 'Terima event webhook TikTok' } }, async (req, reply) => {
      const { clientSecret } = deps.settings().apps.tiktok;
      if (!clientSecret) throw new AppError('webhook_not_configured', { platform: 'tiktok' });
      const body = raw(req.body);
      if (!verifyTikTokSignature(body, headerOf(req.headers['tiktok-signature']), clientSecret, Math.floor(Date.now() / 1000))) throw new AppError('webhook_signature_invalid');
      await store('tiktok', split(() => parseTikTok(parseJson(body))));
      return reply.code(200).send({ ok: true });
    });
  });
}
