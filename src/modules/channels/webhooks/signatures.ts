import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

// Webhook signatures, always computed over the raw body bytes and compared in constant time.

function equalHex(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Meta (Facebook, Instagram, WhatsApp): X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app_secret, body)>. */
export function verifyMetaSignature(raw: Buffer, header: string | undefined, appSecrets: string[]): boolean {
  if (!header || !header.startsWith('sha256=')) return false;
  const given = header.slice(7).toLowerCase();
  return appSecrets.some((secret) => equalHex(createHmac('sha256', secret).update(raw).digest('hex'), given));
}

/** X: x-twitter-webhooks-signature: sha256=<base64 HMAC-SHA256(consumer_secret, body)>. */
export function verifyXSignature(raw: Buffer, header: string | undefined, consumerSecret: string): boolean {
  if (!header || !header.startsWith('sha256=')) return false;
  return equalHex(createHmac('sha256', consumerSecret).update(raw).digest('base64'), header.slice(7));
}

/** X CRC challenge answer. */
export function xCrcResponse(crcToken: string, consumerSecret: string): string {
  return `sha256=${createHmac('sha256', consumerSecret).update(crcToken).digest('base64')}`;
}

/** TikTok: TikTok-Signature: t=<unix>,s=<hex HMAC-SHA256(client_secret, t + "." + body)>, within a tolerance. */
export function verifyTikTokSignature(raw: Buffer, header: string | undefined, clientSecret: string, nowSec: number, toleranceSec = 300): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts['t']);
  const s = parts['s'];
  if (!Number.isInteger(t) || !s || Math.abs(nowSec - t) > toleranceSec) return false;
  const mac = createHmac('sha256', clientSecret).update(`${t}.`).update(raw).digest('hex');
  return equalHex(mac, s.toLowerCase());
}

/** Telegram's secret header is compared as a hash so lookups by it leak nothing through timing. */
export function telegramSecretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
