// Webhook signatures exactly as the platforms compute them, and Meta's JSON escaping.
import { createHmac } from 'node:crypto';

/** Meta: X-Hub-Signature-256 = "sha256=" + hex(HMAC-SHA256(app_secret, raw body)) */
export function metaSignature256(appSecret: string, body: string | Buffer): string {
  return 'sha256=' + createHmac('sha256', appSecret).update(body).digest('hex');
}

/** Meta legacy: X-Hub-Signature = "sha1=" + hex(HMAC-SHA1(app_secret, raw body)) */
export function metaSignature1(appSecret: string, body: string | Buffer): string {
  return 'sha1=' + createHmac('sha1', appSecret).update(body).digest('hex');
}

/** X: x-twitter-webhooks-signature = "sha256=" + base64(HMAC-SHA256(consumer_secret, raw body)) */
export function xSignature(consumerSecret: string, body: string | Buffer): string {
  return 'sha256=' + createHmac('sha256', consumerSecret).update(body).digest('base64');
}

/** X CRC: response_token = "sha256=" + base64(HMAC-SHA256(consumer_secret, crc_token)) */
export function xCrcResponse(consumerSecret: string, crcToken: string): string {
  return xSignature(consumerSecret, crcToken);
}

/** TikTok: TikTok-Signature = "t=<unix s>,s=" + hex(HMAC-SHA256(client_secret, t + "." + raw body)) */
export function tiktokSignature(clientSecret: string, body: string | Buffer, unixSec: number): string {
  const payload = Buffer.concat([Buffer.from(`${unixSec}.`), Buffer.isBuffer(body) ? body : Buffer.from(body)]);
  return `t=${unixSec},s=` + createHmac('sha256', clientSecret).update(payload).digest('hex');
}

/** Meta appsecret_proof: hex(HMAC-SHA256(app_secret, token)) or, with appsecret_time, of token + "|" + time */
export function appsecretProof(appSecret: string, token: string, time?: number | string): string {
  const data = time === undefined ? token : `${token}|${time}`;
  return createHmac('sha256', appSecret).update(data).digest('hex');
}

/**
 * JSON as Meta sends webhook bodies: non-ASCII characters escaped as \uXXXX and "/" as "\/".
 * Receivers that re-serialize the parsed body instead of hashing the raw bytes get a different
 * signature, exactly as with the real platform.
 */
export function metaJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
