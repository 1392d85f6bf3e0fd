// Contract fidelity: grammy (the Telegram Bot API framework) drives the Telegram fake through its
// documented apiRoot option, and grammy's own webhookCallback accepts the fake's deliveries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Bot, GrammyError, InputFile, webhookCallback } from 'grammy';
import type { Message } from 'grammy/types';
import type { RunningFakes } from '../server.ts';
import type { AccountInfo } from '../accounts.ts';
import { ControlClient } from '../control-client.ts';
import { startReceiver, startTestFakes } from './helpers.ts';
import type { Receiver } from './helpers.ts';

let f: RunningFakes;
let control: ControlClient;
let acc: AccountInfo;
let recv: Receiver;

const bot = (token = acc.credentials.accessToken) => new Bot(token, { client: { apiRoot: `${f.url}/telegram` } });

beforeAll(async () => {
  recv = await startReceiver();
  f = await startTestFakes({ webhookTarget: recv.url });
  control = new ControlClient(f.url);
  acc = await control.createAccount({ platform: 'telegram', username: 'dinas_uji_bot', firstName: 'Dinas Uji', channelUsername: 'dinas_uji', channelTitle: 'Kanal Dinas Uji' });
});
afterAll(async () => {
  await f.close();
  await recv.close();
});

describe('grammy against the Telegram fake', () => {
  it('getMe, sendMessage with reply_parameters, sendPhoto (multipart InputFile), records', async () => {
    const b = bot();
    const me = await b.api.getMe();
    expect(me).toMatchObject({ id: Number(acc.id), is_bot: true, username: 'dinas_uji_bot' });
    const inj = await control.inject({ platform: 'telegram', type: 'message', accountId: acc.id, text: 'jalan rusak pak', from: { key: 'tg1', name: 'Ana Putri', username: 'ana' } });
    const chatId = Number(inj.ids.chatId);
    const m = await b.api.sendMessage(chatId, 'Terima kasih, kami teruskan.', { reply_parameters: { message_id: Number(inj.ids.messageId) } });
    expect(m).toMatchObject({ message_id: 2, chat: { id: chatId, type: 'private' }, from: { is_bot: true }, text: 'Terima kasih, kami teruskan.', reply_to_message: { text: 'jalan rusak pak' } });
    const p = await b.api.sendPhoto(chatId, new InputFile(Buffer.alloc(2048, 7), 'foto.jpg'), { caption: 'Bukti tindak lanjut' });
    expect(p.photo?.length).toBeGreaterThan(0);
    expect(p.caption).toBe('Bukti tindak lanjut');
    const file = await b.api.getFile(p.photo![p.photo!.length - 1]!.file_id);
    const dl = await fetch(`${f.url}/telegram/file/bot${acc.credentials.accessToken}/${file.file_path}`);
    expect((await dl.arrayBuffer()).byteLength).toBe(2048);
    const recs = await control.records({ platform: 'telegram', accountId: acc.id });
    expect(recs.map((r) => r.kind)).toEqual(expect.arrayContaining(['comment_reply', 'message']));
    expect(recs.find((r) => r.data.media === 'photo')!.data.bytes).toBe(2048);
  });

  it('reports the Bot API errors as GrammyError (403, 400, 401) with descriptions', async () => {
    const b = bot();
    const stranger = await b.api.sendMessage(123456789, 'halo').catch((e: unknown) => e);
    expect(stranger).toBeInstanceOf(GrammyError);
    expect((stranger as GrammyError).description).toBe('Bad Request: chat not found');
    const u = await control.inject({ platform: 'telegram', type: 'message', accountId: acc.id, text: '/start', from: { key: 'tg-md' } });
    const md = (await b.api.sendMessage(Number(u.ids.chatId), 'Selesai. Terima kasih!', { parse_mode: 'MarkdownV2' }).catch((e: unknown) => e)) as GrammyError;
    expect(md.error_code).toBe(400);
    expect(md.description).toContain("Character '.' is reserved");
    expect((await b.api.sendMessage(Number(u.ids.chatId), 'Selesai\\. *Terima kasih*\\!', { parse_mode: 'MarkdownV2' })).message_id).toBeGreaterThan(0);
    expect((await b.api.sendMessage(Number(u.ids.chatId), '<b>Halo<b>', { parse_mode: 'HTML' }).catch((e: unknown) => e) as GrammyError).description).toContain("can't parse entities");
    await control.inject({ platform: 'telegram', type: 'block', accountId: acc.id, from: { key: 'tg-md' } });
    const blocked = (await b.api.sendMessage(Number(u.ids.chatId), 'x').catch((e: unknown) => e)) as GrammyError;
    expect(blocked.error_code).toBe(403);
    expect(blocked.description).toBe('Forbidden: bot was blocked by the user');
    const bad = (await bot('999:AAinvalid').api.getMe().catch((e: unknown) => e)) as GrammyError;
    expect(bad.error_code).toBe(401);
    expect(bad.description).toBe('Unauthorized');
  });

  it('answers 429 with parameters.retry_after (per-chat limit and 429 storms)', async () => {
    await control.patchConfig({ limits: { telegram: { perChat: { limit: 2, windowMs: 10_000 } } } });
    try {
      const b = bot();
      const u = await control.inject({ platform: 'telegram', type: 'message', accountId: acc.id, text: 'halo', from: { key: 'tg-rl' } });
      await b.api.sendMessage(Number(u.ids.chatId), 'a');
      await b.api.sendMessage(Number(u.ids.chatId), 'b');
      const err = (await b.api.sendMessage(Number(u.ids.chatId), 'c').catch((e: unknown) => e)) as GrammyError;
      expect(err.error_code).toBe(429);
      expect(err.parameters.retry_after).toBeGreaterThan(0);
      expect(err.description).toMatch(/^Too Many Requests: retry after \d+$/);
    } finally {
      await control.patchConfig({ limits: { telegram: { perChat: { limit: 20, windowMs: 60_000 } } } });
    }
    await control.setFaults({ platforms: { telegram: { failNext: { count: 1, kind: '429' }, retryAfterSec: 7 } } });
    const storm = (await bot().api.getMe().catch((e: unknown) => e)) as GrammyError;
    expect(storm.parameters.retry_after).toBe(7);
    await control.clearFaults();
  });

  it('long-polls with bot.start(), confirming updates with offset', async () => {
    const b = bot();
    const seen: string[] = [];
    b.on('message:text', (ctx) => {
      seen.push(ctx.message.text);
    });
    const running = b.start({ timeout: 1, drop_pending_updates: true });
    await new Promise((r) => setTimeout(r, 50));
    await control.inject({ platform: 'telegram', type: 'message', accountId: acc.id, text: 'lewat polling', from: { key: 'tg-poll' } });
    const deadline = Date.now() + 3000;
    while (!seen.includes('lewat polling') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await b.stop();
    await running;
    expect(seen).toContain('lewat polling');
    const again = await b.api.getUpdates({ timeout: 0 });
    expect(again).toEqual([]);
  });

  it('setWebhook: 409 for getUpdates, signed deliveries, pending count and last error', async () => {
    const b = bot();
    await b.api.setWebhook(`${recv.url}/webhooks/telegram`, { secret_token: 'sekret-dayung_1' });
    const conflict = (await b.api.getUpdates().catch((e: unknown) => e)) as GrammyError;
    expect(conflict.error_code).toBe(409);
    await control.inject({ platform: 'telegram', type: 'message', accountId: acc.id, text: 'via webhook', from: { key: 'tg-wh' } });
    await recv.waitFor(() => recv.posts('telegram').some((r) => JSON.stringify(r.json).includes('via webhook')));
    const r = recv.posts('telegram').find((x) => JSON.stringify(x.json).includes('via webhook'))!;
    expect(r.headers['x-telegram-bot-api-secret-token']).toBe('sekret-dayung_1');
    await control.drainWebhooks();
    const info = await b.api.getWebhookInfo();
    expect(info).toMatchObject({ url: `${recv.url}/webhooks/telegram`, pending_update_count: 0, max_connections: 40 });
    recv.respond = () => 500;
    await control.patchConfig({ webhooks: { schedules: { telegram: [5000] } } });
    await control.inject({ platform: 'telegram', type: 'message', accountId: acc.id, text: 'gagal', from: { key: 'tg-wh' } });
    await recv.waitFor(() => recv.posts('telegram').some((x) => JSON.stringify(x.json).includes('gagal')));
    await new Promise((res) => setTimeout(res, 30));
    const failing = await b.api.getWebhookInfo();
    expect(failing.pending_update_count).toBe(1);
    expect(failing.last_error_message).toBe('Wrong response from the webhook: 500 Internal Server Error');
    recv.respond = () => 200;
    await b.api.deleteWebhook();
    const pending = await b.api.getUpdates({ timeout: 0 });
    expect(pending.map((u) => u.message?.text)).toEqual(['gagal']);
    await b.api.getUpdates({ offset: pending[0]!.update_id + 1, timeout: 0 });
    await control.patchConfig({ webhooks: { schedules: { telegram: [20, 40, 80] } } });
  });

  it('channel posts and comments from the linked discussion group', async () => {
    const b = bot();
    const post = await b.api.sendMessage(String(acc.extra.channelUsername), 'Pengumuman: layanan tutup Jumat');
    expect(post).toMatchObject({ chat: { type: 'channel', username: 'dinas_uji' }, sender_chat: { type: 'channel' } });
    const c = await control.inject({ platform: 'telegram', type: 'comment', accountId: acc.id, channelMessageId: post.message_id, text: 'kalau Sabtu buka?', from: { key: 'tg-c' } });
    const updates = await b.api.getUpdates({ timeout: 0 });
    const msg = updates.map((u) => u.message).find((m) => m?.text === 'kalau Sabtu buka?') as Message;
    expect(msg.chat.type).toBe('supergroup');
    expect(msg.reply_to_message).toMatchObject({ is_automatic_forward: true, forward_origin: { type: 'channel', message_id: post.message_id } });
    const reply = await b.api.sendMessage(msg.chat.id, 'Sabtu tutup, kak', { reply_parameters: { message_id: msg.message_id } });
    expect(reply.reply_to_message?.message_id).toBe(Number(c.ids.messageId));
    await b.api.getUpdates({ offset: updates[updates.length - 1]!.update_id + 1, timeout: 0 });
  });

  it("grammy's webhookCallback accepts the fake's deliveries (secret token checked)", async () => {
    const b = bot();
    const texts: string[] = [];
    b.on('message:text', (ctx) => {
      texts.push(ctx.message.text);
    });
    await b.init();
    const handler = webhookCallback(b, 'http', { secretToken: 'grammy_secret' });
    const server = http.createServer((req, res) => void handler(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/telegram`;
      await b.api.setWebhook(url, { secret_token: 'grammy_secret' });
      await control.inject({ platform: 'telegram', type: 'message', accountId: acc.id, text: 'masuk ke grammy', from: { key: 'tg-g' } });
      await control.drainWebhooks();
      expect(texts).toContain('masuk ke grammy');
      await b.api.setWebhook(url, { secret_token: 'wrong_secret' });
      const inj = await control.inject({ platform: 'telegram', type: 'message', accountId: acc.id, text: 'ditolak', from: { key: 'tg-g' } });
      await new Promise((r) => setTimeout(r, 50));
      expect(texts).not.toContain('ditolak');
      const d = await control.delivery(inj.deliveries[0]!);
      expect(d.attempts[0]!.status).toBe(401);
      await b.api.deleteWebhook({ drop_pending_updates: true });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe("citizens' photos on the Telegram fake", () => {
  it('serves a photo through getFile and the file URL as a real JPEG', async () => {
    const b = bot();
    await b.api.deleteWebhook();
    await control.inject({ platform: 'telegram', type: 'message', accountId: acc.id, text: 'ini fotonya', photo: true, from: { key: 'tg-foto', name: 'Sari' } });
    const ups = await b.api.getUpdates({ timeout: 0 });
    const photo = ups.map((u) => u.message).find((m) => m?.photo?.length)!.photo!;
    const file = await b.api.getFile(photo[photo.length - 1]!.file_id);
    const bytes = Buffer.from(await (await fetch(`${f.url}/telegram/file/bot${acc.credentials.accessToken}/${file.file_path}`)).arrayBuffer());
    expect(bytes.length).toBe(file.file_size);
    expect(bytes.subarray(0, 3).toString('hex')).toBe('ffd8ff'); // a JPEG
  });
});
