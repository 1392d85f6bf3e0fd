import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegram, parseMessageRef, normalizeChannel } from './index.ts';
import { ConnectorError } from '../types.ts';
import { withRetries, DEFAULT_RETRY } from '../http.ts';
import { authContext } from '../context.ts';
import { parseTelegram } from '../../webhooks/parse.ts';
import { startReceiver } from '../../../../../fakes/test/helpers.ts';
import type { Receiver } from '../../../../../fakes/test/helpers.ts';
import type { AccountInfo } from '../../../../../fakes/control-client.ts';
import { ctxFor, recordingSleep, startKit } from '../youtube/testkit.ts';
import type { Kit } from '../youtube/testkit.ts';

let kit: Kit;
let receiver: Receiver;
let acc: AccountInfo;
const c = telegram.connector;

const failure = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
};

beforeAll(async () => {
  receiver = await startReceiver();
  kit = await startKit({ webhookTarget: receiver.url });
  acc = await kit.control.createAccount({ platform: 'telegram', username: 'disdik_sumbar_bot', firstName: 'Disdik Sumbar', channelUsername: 'disdik_sumbar', channelTitle: 'Info Disdik Sumbar' });
});
afterAll(async () => {
  await kit.close();
  await receiver.close();
});

describe('Telegram connector', () => {
  it('connects by token (getMe, channel lookup) and sets the webhook with its secret', async () => {
    const actx = authContext('telegram', kit.settings);
    const [cand] = await telegram.auth.fromToken!(actx, { botToken: acc.credentials.accessToken, channel: 'https://t.me/disdik_sumbar' });
    expect(cand).toMatchObject({ externalId: acc.id, handle: '@disdik_sumbar_bot', name: 'Disdik Sumbar', extra: { channelChatId: acc.extra.channelChatId, channelUsername: '@disdik_sumbar' } });
    expect(cand!.credentials).toEqual({ accessToken: acc.credentials.accessToken, refreshToken: null, expiresAt: null });
    expect((await failure(telegram.auth.fromToken!(actx, { botToken: 'bukan-token' }))).kind).toBe('permanent');
    expect((await failure(telegram.auth.fromToken!(actx, { botToken: '123456:AAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }))).kind).toBe('auth');
    expect((await failure(telegram.auth.fromToken!(actx, { botToken: acc.credentials.accessToken, channel: '@kanal_tidak_ada' }))).kind).toBe('permanent');

    const ctx = ctxFor(kit, 'telegram', acc);
    const secret = 'rahasia_webhook-123';
    expect(await telegram.auth.afterConnect!(ctx, { webhookBaseUrl: receiver.url, telegramSecret: secret })).toEqual({ webhookUrl: `${receiver.url}/webhooks/telegram` });
    const sub = (await kit.control.records({ platform: 'telegram', kind: 'webhook_subscription', accountId: acc.id }))[0]!;
    expect(sub.data).toMatchObject({ url: `${receiver.url}/webhooks/telegram`, hasSecret: true, allowedUpdates: ['message', 'edited_message', 'channel_post', 'callback_query'] });
    const inj = await kit.control.inject({ platform: 'telegram', type: 'message', accountId: acc.id, text: 'Kapan PPDB dibuka?', from: { key: 'tg-a', name: 'Rina' } });
    await receiver.waitFor(() => receiver.posts('telegram').length > 0);
    const got = receiver.posts('telegram')[0]!;
    expect(got.headers['x-telegram-bot-api-secret-token']).toBe(secret);
    expect(parseTelegram(acc.id, got.json)[0]!.dedupeKey).toBe(`${acc.id}:${inj.ids.updateId}`);
  });

  it('publishes text and a photo to the channel, refuses texts over the limits, cannot look posts up', async () => {
    const ctx = ctxFor(kit, 'telegram', acc);
    const r = await c.publish(ctx, { idempotencyKey: 't1', text: 'Pendaftaran PPDB dibuka 1 Juni.', link: 'https://disdik.sumbarprov.go.id/ppdb' });
    const [chatId, messageId] = r.externalId.split(':');
    expect(chatId).toBe(String(acc.extra.channelChatId));
    expect(r.permalink).toBe(`https://t.me/disdik_sumbar/${messageId}`);
    const photo = await c.publish(ctx, { idempotencyKey: 't2', text: 'Dokumentasi kegiatan', media: [{ kind: 'image', url: 'https://dayung.example/media/foto.jpg' }] });
    const recs = await kit.control.records({ platform: 'telegram', kind: 'post', accountId: acc.id });
    expect(recs.find((x) => x.objectId === r.externalId)?.text).toBe('Pendaftaran PPDB dibuka 1 Juni.\n\nhttps://disdik.sumbarprov.go.id/ppdb');
    expect(recs.find((x) => x.objectId === photo.externalId)).toMatchObject({ text: 'Dokumentasi kegiatan', data: { media: 'photo', url: 'https://dayung.example/media/foto.jpg' } });

    const long = await failure(c.publish(ctx, { idempotencyKey: 't3', text: 'a'.repeat(4097) }));
    expect(long).toMatchObject({ kind: 'permanent' });
    expect(long.message).toMatch(/terlalu panjang.*4096/);
    expect((await failure(c.publish(ctx, { idempotencyKey: 't4', text: 'b'.repeat(1025), media: [{ kind: 'video', url: 'https://dayung.example/v.mp4' }] }))).message).toMatch(/1024/);
    expect((await failure(c.publish(ctxFor(kit, 'telegram', acc, { extra: { channelChatId: null } }), { idempotencyKey: 't5', text: 'x' }))).kind).toBe('permanent');
    expect(await c.findPublished(ctx, { idempotencyKey: 't1', text: 'Pendaftaran PPDB dibuka 1 Juni.' }, new Date(0))).toBeNull();
  });

  it('replies in the discussion group and in private, deletes a comment, has no hide or insights', async () => {
    const ctx = ctxFor(kit, 'telegram', acc);
    await c.publish(ctx, { idempotencyKey: 't6', text: 'Info beasiswa' });
    const comment = await kit.control.inject({ platform: 'telegram', type: 'comment', accountId: acc.id, text: 'syaratnya apa saja min?', from: { key: 'tg-b' } });
    const pub = await c.replyPublic(ctx, { target: { externalId: `${comment.ids.chatId}:${comment.ids.messageId}` }, text: 'Syarat ada di tautan kanal.' });
    const dm = await kit.control.inject({ platform: 'telegram', type: 'message', accountId: acc.id, text: 'saya mau lapor', from: { key: 'tg-c' } });
    const priv = await c.replyPrivate(ctx, { target: { externalId: dm.ids.messageId!, userId: dm.ids.userId! }, text: 'Silakan, ceritakan kronologinya.' });
    const recs = await kit.control.records({ platform: 'telegram', accountId: acc.id, kind: 'comment_reply' });
    expect(recs.find((r) => r.objectId === pub.externalId)).toMatchObject({ targetId: `${comment.ids.chatId}:${comment.ids.messageId}`, data: { chatType: 'supergroup' } });
    expect(recs.find((r) => r.objectId === priv.externalId)).toMatchObject({ targetId: `${dm.ids.chatId}:${dm.ids.messageId}`, data: { chatType: 'private' } });

    await c.deleteComment(ctx, `${comment.ids.chatId}:${comment.ids.messageId}`);
    expect((await kit.control.records({ platform: 'telegram', kind: 'comment_deleted' })).map((r) => r.targetId)).toContain(`${comment.ids.chatId}:${comment.ids.messageId}`);
    expect((await failure(c.deleteComment(ctx, `${comment.ids.chatId}:${comment.ids.messageId}`))).kind).toBe('permanent');
    expect((await failure(c.setHidden(ctx, 'x', true))).kind).toBe('unsupported');
    expect(await c.insights(ctx, 'x')).toEqual({ reach: null, impressions: null, engagement: null, raw: null });
    // a private message to someone who never started the bot is refused with a readable reason
    const refused = await failure(c.replyPrivate(ctx, { target: { externalId: '1', userId: '424242' }, text: 'halo' }));
    expect(refused.kind).toBe('permanent');
  });

  it('waits retry_after on 429, retries a 502, reports a dropped send as ambiguous', async () => {
    const ctx = ctxFor(kit, 'telegram', acc);
    await kit.control.setFaults({ platforms: { telegram: { failNext: { count: 1, kind: '429' }, retryAfterSec: 7, pathPattern: 'sendMessage$' } } });
    const rec = recordingSleep();
    const r = await withRetries(() => c.publish(ctx, { idempotencyKey: 'rl', text: 'Setelah batas kiriman' }), DEFAULT_RETRY, rec.sleep);
    expect(r.externalId).toMatch(/^-\d+:\d+$/);
    expect(rec.waits).toEqual([7000]);

    await kit.control.setFaults({ platforms: { telegram: { failNext: { count: 1, kind: '5xx' }, pathPattern: 'getMe$' } } });
    const rec5 = recordingSleep();
    expect((await withRetries(() => c.checkToken(ctx), DEFAULT_RETRY, rec5.sleep)).valid).toBe(true);
    expect(rec5.waits).toHaveLength(1);

    await kit.control.setFaults({ platforms: { telegram: { failNext: { count: 1, kind: 'drop' }, pathPattern: 'sendMessage$' } } });
    expect((await failure(withRetries(() => c.publish(ctx, { idempotencyKey: 'amb', text: 'mungkin terkirim' }), DEFAULT_RETRY, recordingSleep().sleep))).kind).toBe('ambiguous');
    await kit.control.setFaults({ platforms: { telegram: { failNext: { count: 1, kind: 'drop' }, pathPattern: 'getMe$' } } });
    const recD = recordingSleep();
    expect((await withRetries(() => c.checkToken(ctx), DEFAULT_RETRY, recD.sleep)).valid).toBe(true);
    expect(recD.waits).toHaveLength(1);
    await kit.control.clearFaults();
  });

  it('reports a revoked bot token as auth', async () => {
    const other = await kit.control.createAccount({ platform: 'telegram', username: 'dinkes_bot', channelUsername: 'dinkes_sb' });
    const ctx = ctxFor(kit, 'telegram', other);
    expect(await c.checkToken(ctx)).toMatchObject({ valid: true });
    await kit.control.revokeTelegramBotToken(other.id);
    expect(await c.checkToken(ctx)).toMatchObject({ valid: false, reason: 'revoked' });
    const err = await failure(c.publish(ctx, { idempotencyKey: 'rv', text: 'tidak terkirim' }));
    expect(err.kind).toBe('auth');
    expect(err.message).not.toContain(other.credentials.accessToken);
  });

  it('parses message references and channel names', () => {
    expect(parseMessageRef('-1001234:55')).toEqual({ chatId: '-1001234', messageId: 55 });
    expect(parseMessageRef('55', '111')).toEqual({ chatId: '111', messageId: 55 });
    expect(() => parseMessageRef('55')).toThrow(ConnectorError);
    expect(normalizeChannel('https://t.me/disdik_sumbar')).toBe('@disdik_sumbar');
    expect(normalizeChannel('disdik_sumbar')).toBe('@disdik_sumbar');
    expect(normalizeChannel('-1001234')).toBe('-1001234');
    expect(normalizeChannel('a b')).toBeNull();
  });
});
