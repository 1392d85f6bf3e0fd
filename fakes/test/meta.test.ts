// Real HTTP against the Graph fake: Facebook Pages, Instagram, WhatsApp, tokens, proof, limits, OAuth.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import type { RunningFakes } from '../server.ts';
import type { AccountInfo } from '../accounts.ts';
import { ControlClient } from '../control-client.ts';
import { graph, json, startReceiver, startTestFakes } from './helpers.ts';
import type { Receiver } from './helpers.ts';

let f: RunningFakes;
let recv: Receiver;
let control: ControlClient;
let fb: AccountInfo;
let ig: AccountInfo;
let wa: AccountInfo;

beforeAll(async () => {
  recv = await startReceiver();
  f = await startTestFakes({ webhookTarget: recv.url, demo: { opds: [{ code: 'DISDIK', name: 'Dinas Pendidikan' }], platforms: ['facebook', 'instagram', 'whatsapp'] } });
  control = new ControlClient(f.url);
  const accounts = f.demo!.opds[0]!.accounts;
  fb = accounts.find((a) => a.platform === 'facebook')!;
  ig = accounts.find((a) => a.platform === 'instagram')!;
  wa = accounts.find((a) => a.platform === 'whatsapp')!;
});
afterAll(async () => {
  await f.close();
  await recv.close();
});

describe('Facebook Pages', () => {
  it('publishes text, photo and a reel (start -> rupload -> finish -> status) and records them', async () => {
    const t = fb.credentials.accessToken;
    const post = await graph(f.url, 'POST', `/${fb.id}/feed`, { message: 'Info SPMB SMA 2027', access_token: t });
    expect(post.status).toBe(200);
    expect(post.body.id).toMatch(new RegExp(`^${fb.id}_\\d+$`));
    expect(post.headers.get('x-app-usage')).toMatch(/call_count/);
    expect(JSON.parse(post.headers.get('x-business-use-case-usage')!)[fb.id][0].type).toBe('pages');

    const dup = await graph(f.url, 'POST', `/${fb.id}/feed`, { message: 'Info SPMB SMA 2027', access_token: t });
    expect(dup.body.error).toMatchObject({ code: 506, type: 'OAuthException' });
    expect(dup.body.error.fbtrace_id).toBeTruthy();

    const photo = await graph(f.url, 'POST', `/${fb.id}/photos`, { url: 'https://example.org/a.jpg', caption: 'Foto kegiatan', access_token: t });
    expect(photo.body).toMatchObject({ id: expect.any(String), post_id: expect.stringMatching(/_/) });

    const start = await graph(f.url, 'POST', `/${fb.id}/video_reels`, { upload_phase: 'start', access_token: t });
    expect(start.body.upload_url).toBe(`${f.url}/rupload/video-upload/v23.0/${start.body.video_id}`);
    const up = await fetch(start.body.upload_url, { method: 'POST', headers: { authorization: `OAuth ${t}`, file_url: 'https://example.org/reel.mp4' } });
    expect(await json(up)).toEqual({ success: true });
    const fin = await graph(f.url, 'POST', `/${fb.id}/video_reels`, { upload_phase: 'finish', video_id: start.body.video_id, video_state: 'PUBLISHED', description: 'Reel', access_token: t });
    expect(fin.body).toEqual({ success: true });
    let status = await graph(f.url, 'GET', `/${start.body.video_id}`, { fields: 'status', access_token: t });
    expect(['processing', 'ready']).toContain(status.body.status.video_status);
    await new Promise((r) => setTimeout(r, 40));
    status = await graph(f.url, 'GET', `/${start.body.video_id}`, { fields: 'status', access_token: t });
    expect(status.body.status.video_status).toBe('ready');

    const recs = await control.records({ platform: 'facebook', kind: 'post', accountId: fb.id });
    expect(recs.map((r) => r.data.type)).toEqual(expect.arrayContaining(['status', 'photo', 'reel']));
  });

  it('lists comments with cursor paging, replies, hides and deletes', async () => {
    const t = fb.credentials.accessToken;
    const post = await graph(f.url, 'POST', `/${fb.id}/feed`, { message: 'Posting untuk komentar', access_token: t });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await control.inject({ platform: 'facebook', type: 'comment', accountId: fb.id, postId: post.body.id, text: `komentar ${i}`, from: { key: `c${i}`, name: `Warga ${i}` } });
      ids.push(r.ids.commentId!);
    }
    const page1 = await graph(f.url, 'GET', `/${post.body.id}/comments`, { limit: '2', fields: 'id,message,from,created_time', access_token: t });
    expect(page1.body.data).toHaveLength(2);
    expect(page1.body.data[0].from).toEqual({ id: expect.any(String), name: 'Warga 0' });
    expect(page1.body.paging.cursors.after).toBeTruthy();
    expect(page1.body.paging.next).toContain(`${f.url}/graph/v23.0/`);
    const page3 = await json(await fetch(page1.body.paging.next.replace(/after=[^&]+/, `after=${encodeURIComponent((await json(await fetch(page1.body.paging.next))).paging.cursors.after)}`)));
    expect(page3.data).toHaveLength(1);
    expect(page3.paging.next).toBeUndefined();

    const reply = await graph(f.url, 'POST', `/${ids[0]}/comments`, { message: 'Terima kasih, segera kami cek', access_token: t });
    expect(reply.body.id).toBeTruthy();
    const hide = await graph(f.url, 'POST', `/${ids[1]}`, { is_hidden: 'true', access_token: t });
    expect(hide.body).toEqual({ success: true });
    const del = await graph(f.url, 'DELETE', `/${ids[2]}`, { access_token: t });
    expect(del.body).toEqual({ success: true });
    const stream = await graph(f.url, 'GET', `/${post.body.id}/comments`, { filter: 'stream', summary: 'true', fields: 'message,is_hidden,parent{id}', access_token: t });
    expect(stream.body.summary.total_count).toBe(5); // 5 - 1 deleted + 1 reply
    expect(stream.body.data.find((c: { id: string }) => c.id === ids[1]).is_hidden).toBe(true);
    expect(stream.body.data.find((c: { id: string }) => c.id === reply.body.id).parent.id).toBe(ids[0]);
    const kinds = (await control.records({ platform: 'facebook', accountId: fb.id })).map((r) => r.kind);
    expect(kinds).toEqual(expect.arrayContaining(['comment_reply', 'comment_hidden', 'comment_deleted']));
  });

  it('enforces the private-reply rules (once per comment, within 7 days) and the 24 h Messenger window', async () => {
    const t = fb.credentials.accessToken;
    const c = await control.inject({ platform: 'facebook', type: 'comment', accountId: fb.id, text: 'nomor WA dinas berapa?', from: { key: 'pr1', name: 'Rini' } });
    const send = (body: Record<string, unknown>) =>
      fetch(`${f.url}/graph/v23.0/${fb.id}/messages?access_token=${t}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(json);
    const pr = await send({ recipient: { comment_id: c.ids.commentId }, message: { text: 'Silakan hubungi kami di nomor resmi.' } });
    expect(pr).toMatchObject({ recipient_id: expect.any(String), message_id: expect.stringMatching(/^m_/) });
    const again = await send({ recipient: { comment_id: c.ids.commentId }, message: { text: 'lagi' } });
    expect(again.error.code).toBe(10900);
    // the private reply does not open the window: a standard message is refused
    const outside = await send({ recipient: { id: pr.recipient_id }, messaging_type: 'RESPONSE', message: { text: 'halo' } });
    expect(outside.error).toMatchObject({ code: 10, error_subcode: 2018278 });
    // once the citizen writes, the window is open for 24 h
    await control.inject({ platform: 'facebook', type: 'message', accountId: fb.id, text: 'baik pak', from: { key: 'pr1' } });
    const inside = await send({ recipient: { id: pr.recipient_id }, messaging_type: 'RESPONSE', message: { text: 'Terima kasih' } });
    expect(inside.message_id).toBeTruthy();
    await control.advanceClock(25 * 3600_000);
    const late = await send({ recipient: { id: pr.recipient_id }, messaging_type: 'RESPONSE', message: { text: 'halo?' } });
    expect(late.error.error_subcode).toBe(2018278);
    const tagged = await send({ recipient: { id: pr.recipient_id }, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'Petugas kami menindaklanjuti' } });
    expect(tagged.message_id).toBeTruthy();
    const old = await control.inject({ platform: 'facebook', type: 'comment', accountId: fb.id, text: 'lama', from: { key: 'pr2' } });
    await control.advanceClock(8 * 86400_000);
    const tooOld = await send({ recipient: { comment_id: old.ids.commentId }, message: { text: 'x' } });
    expect(tooOld.error.code).toBe(10903);
    await control.setClock(Date.now());
    await control.patchConfig({});
    await fetch(`${f.url}/_fake/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reset: true }) });
  });

  it('returns post insights', async () => {
    const t = fb.credentials.accessToken;
    const post = await graph(f.url, 'POST', `/${fb.id}/feed`, { message: 'insights', access_token: t });
    const r = await graph(f.url, 'GET', `/${post.body.id}/insights`, { metric: 'post_impressions,post_impressions_unique,post_engaged_users', access_token: t });
    expect(r.body.data.map((d: { name: string }) => d.name)).toEqual(['post_impressions', 'post_impressions_unique', 'post_engaged_users']);
    expect(r.body.data[0]).toMatchObject({ period: 'lifetime', values: [{ value: expect.any(Number) }], id: `${post.body.id}/insights/post_impressions/lifetime` });
    const bad = await graph(f.url, 'GET', `/${post.body.id}/insights`, { metric: 'nope', access_token: t });
    expect(bad.body.error.code).toBe(100);
  });
});

describe('tokens, appsecret_proof, limits', () => {
  it('reports expired, revoked and unknown tokens as code 190 with subcodes', async () => {
    const extra = await control.issueToken({ platform: 'facebook', accountId: fb.id, ttlSec: 60 });
    expect((await graph(f.url, 'GET', `/${fb.id}`, { access_token: extra.token })).status).toBe(200);
    await control.expireToken(extra.token);
    const expired = await graph(f.url, 'GET', `/${fb.id}`, { access_token: extra.token });
    expect(expired.status).toBe(400);
    expect(expired.body.error).toMatchObject({ code: 190, error_subcode: 463, type: 'OAuthException' });
    expect(expired.headers.get('www-authenticate')).toContain('invalid_token');
    const other = await control.issueToken({ platform: 'facebook', accountId: fb.id });
    await control.revokeToken(other.token, { subcode: 458 });
    expect((await graph(f.url, 'GET', `/${fb.id}`, { access_token: other.token })).body.error).toMatchObject({ code: 190, error_subcode: 458 });
    expect((await graph(f.url, 'GET', `/${fb.id}`, { access_token: 'EAAnope' })).body.error).toMatchObject({ code: 190 });
    const dbg = await graph(f.url, 'GET', '/debug_token', { input_token: other.token, access_token: '900000000000001|fake-meta-app-secret' });
    expect(dbg.body.data).toMatchObject({ is_valid: false, app_id: '900000000000001', type: 'PAGE', profile_id: fb.id });
    const ok = await graph(f.url, 'GET', '/debug_token', { input_token: fb.credentials.accessToken, access_token: '900000000000001|fake-meta-app-secret' });
    expect(ok.body.data).toMatchObject({ is_valid: true, expires_at: 0, scopes: expect.arrayContaining(['pages_manage_posts']) });
  });

  it('checks appsecret_proof (legacy and timed) when the app requires it', async () => {
    await control.patchApp('meta', '900000000000001', { requireProof: true });
    try {
      const t = fb.credentials.accessToken;
      const none = await graph(f.url, 'GET', `/${fb.id}`, { access_token: t });
      expect(none.body.error).toMatchObject({ code: 100, type: 'GraphMethodException' });
      expect(none.body.error.message).toContain('appsecret_proof');
      const legacy = createHmac('sha256', 'fake-meta-app-secret').update(t).digest('hex');
      expect((await graph(f.url, 'GET', `/${fb.id}`, { access_token: t, appsecret_proof: legacy })).status).toBe(200);
      const time = String(Math.floor(Date.now() / 1000));
      const timed = createHmac('sha256', 'fake-meta-app-secret').update(`${t}|${time}`).digest('hex');
      expect((await graph(f.url, 'GET', `/${fb.id}`, { access_token: t, appsecret_proof: timed, appsecret_time: time })).status).toBe(200);
      const stale = String(Math.floor(Date.now() / 1000) - 600);
      const staleProof = createHmac('sha256', 'fake-meta-app-secret').update(`${t}|${stale}`).digest('hex');
      expect((await graph(f.url, 'GET', `/${fb.id}`, { access_token: t, appsecret_proof: staleProof, appsecret_time: stale })).body.error.code).toBe(100);
      expect((await graph(f.url, 'GET', `/${fb.id}`, { access_token: t, appsecret_proof: 'deadbeef' })).body.error.message).toContain('Invalid appsecret_proof');
    } finally {
      await control.patchApp('meta', '900000000000001', { requireProof: false });
    }
  });

  it('throttles with Graph codes and usage headers at configurable limits', async () => {
    await control.patchConfig({ limits: { meta: { page: { limit: 3, windowMs: 60_000 } } } });
    try {
      const t = (await control.issueToken({ platform: 'facebook', accountId: fb.id })).token;
      let last: Awaited<ReturnType<typeof graph>> | undefined;
      for (let i = 0; i < 6; i++) last = await graph(f.url, 'GET', `/${fb.id}`, { access_token: t });
      expect(last!.status).toBe(400);
      expect(last!.body.error).toMatchObject({ code: 80001, is_transient: true });
      const buc = JSON.parse(last!.headers.get('x-business-use-case-usage')!);
      expect(buc[fb.id][0]).toMatchObject({ type: 'pages', call_count: 100 });
      expect(buc[fb.id][0].estimated_time_to_regain_access).toBeGreaterThan(0);
    } finally {
      await control.patchConfig({ limits: { meta: { page: { limit: 48_000, windowMs: 86_400_000 } } } });
    }
    await control.setFaults({ platforms: { facebook: { failNext: { count: 1, kind: '429' } } } });
    const storm = await graph(f.url, 'GET', `/${fb.id}`, { access_token: fb.credentials.accessToken });
    expect(storm.body.error).toMatchObject({ code: 4, is_transient: true });
    expect(JSON.parse(storm.headers.get('x-app-usage')!).call_count).toBe(100);
    await control.setFaults({ platforms: { facebook: { failNext: { count: 1, kind: '5xx' } } } });
    const five = await graph(f.url, 'GET', `/${fb.id}`, { access_token: fb.credentials.accessToken });
    expect(five.status).toBe(500);
    expect(five.body.error).toMatchObject({ code: 2, is_transient: true });
    await control.clearFaults();
  });

  it('runs the Facebook Login code flow: dialog -> code -> short token -> long-lived -> /me/accounts', async () => {
    const owner = String(fb.extra.ownerUserId);
    await control.nextOAuthLogin('facebook', owner);
    const redirect = 'http://127.0.0.1:9/oauth/callback/facebook';
    const dialog = await fetch(`${f.url}/www-facebook/v23.0/dialog/oauth?client_id=900000000000001&redirect_uri=${encodeURIComponent(redirect)}&state=xyz&scope=pages_show_list,pages_manage_posts`, { redirect: 'manual' });
    expect(dialog.status).toBe(302);
    const loc = new URL(dialog.headers.get('location')!);
    expect(loc.searchParams.get('state')).toBe('xyz');
    const code = loc.searchParams.get('code')!;
    const q = { client_id: '900000000000001', client_secret: 'fake-meta-app-secret', redirect_uri: redirect, code };
    const short = await graph(f.url, 'GET', '/oauth/access_token', q);
    expect(short.body).toMatchObject({ access_token: expect.stringMatching(/^EAA/), token_type: 'bearer', expires_in: expect.any(Number) });
    expect((await graph(f.url, 'GET', '/oauth/access_token', q)).body.error.error_subcode).toBe(36009);
    const long = await graph(f.url, 'GET', '/oauth/access_token', { grant_type: 'fb_exchange_token', client_id: '900000000000001', client_secret: 'fake-meta-app-secret', fb_exchange_token: short.body.access_token });
    expect(long.body.expires_in).toBeGreaterThan(5_000_000);
    const pages = await graph(f.url, 'GET', '/me/accounts', { access_token: long.body.access_token });
    const page = pages.body.data.find((p: { id: string }) => p.id === fb.id);
    expect(page).toMatchObject({ name: fb.name, access_token: expect.stringMatching(/^EAA/) });
    const dbg = await graph(f.url, 'GET', '/debug_token', { input_token: page.access_token, access_token: long.body.access_token });
    expect(dbg.body.data).toMatchObject({ type: 'PAGE', expires_at: 0, is_valid: true });
  });
});

describe('Instagram', () => {
  it('publishes through container -> status -> publish, with early publish 9007 and the quota', async () => {
    const t = ig.credentials.accessToken;
    const c = await graph(f.url, 'POST', `/${ig.id}/media`, { image_url: 'https://example.org/p.jpg', caption: 'Info #sumbar', access_token: t });
    expect(c.body.id).toBeTruthy();
    const reel = await graph(f.url, 'POST', `/${ig.id}/media`, { media_type: 'REELS', video_url: 'https://example.org/v.mp4', caption: 'Reel', access_token: t });
    const early = await graph(f.url, 'POST', `/${ig.id}/media_publish`, { creation_id: reel.body.id, access_token: t });
    expect(early.body.error).toMatchObject({ code: 9007, error_subcode: 2207027 });
    expect((await graph(f.url, 'GET', `/${reel.body.id}`, { fields: 'status_code', access_token: t })).body.status_code).toBe('IN_PROGRESS');
    await new Promise((r) => setTimeout(r, 80));
    expect((await graph(f.url, 'GET', `/${reel.body.id}`, { fields: 'status_code', access_token: t })).body.status_code).toBe('FINISHED');
    const pub = await graph(f.url, 'POST', `/${ig.id}/media_publish`, { creation_id: reel.body.id, access_token: t });
    expect(pub.body.id).toBeTruthy();
    const twice = await graph(f.url, 'POST', `/${ig.id}/media_publish`, { creation_id: reel.body.id, access_token: t });
    expect(twice.body.error.code).toBe(100);
    const media = await graph(f.url, 'GET', `/${pub.body.id}`, { fields: 'media_type,media_product_type,permalink,caption', access_token: t });
    expect(media.body).toMatchObject({ media_type: 'VIDEO', media_product_type: 'REELS', caption: 'Reel' });
    const video = await graph(f.url, 'POST', `/${ig.id}/media`, { media_type: 'VIDEO', video_url: 'https://example.org/v.mp4', access_token: t });
    expect(video.body.error.message).toContain('REELS');
    const limit = await graph(f.url, 'GET', `/${ig.id}/content_publishing_limit`, { fields: 'quota_usage,config', access_token: t });
    expect(limit.body.data[0]).toEqual({ quota_usage: 1, config: { quota_total: 100, quota_duration: 86400 } });
  });

  it('handles comments, replies, hide, delete, mentions and insights', async () => {
    const t = ig.credentials.accessToken;
    const c = await control.inject({ platform: 'instagram', type: 'comment', accountId: ig.id, text: 'min SPMB kapan?', from: { key: 'ig1', username: 'warga_pdg' } });
    const list = await graph(f.url, 'GET', `/${c.ids.mediaId}/comments`, { fields: 'id,text,username,from,hidden', access_token: t });
    expect(list.body.data.find((x: { id: string }) => x.id === c.ids.commentId)).toMatchObject({ text: 'min SPMB kapan?', username: 'warga_pdg', hidden: false });
    const rep = await graph(f.url, 'POST', `/${c.ids.commentId}/replies`, { message: 'Bulan Juni kak', access_token: t });
    expect(rep.body.id).toBeTruthy();
    expect((await graph(f.url, 'POST', `/${c.ids.commentId}`, { hide: 'true', access_token: t })).body).toEqual({ success: true });
    expect((await graph(f.url, 'GET', `/${c.ids.commentId}`, { fields: 'hidden,replies{text}', access_token: t })).body).toMatchObject({ hidden: true, replies: { data: [{ text: 'Bulan Juni kak' }] } });
    expect((await graph(f.url, 'DELETE', `/${c.ids.commentId}`, { access_token: t })).body).toEqual({ success: true });
    const m = await control.inject({ platform: 'instagram', type: 'mention', accountId: ig.id, kind: 'comment', text: 'cek ini', from: { key: 'ig2' } });
    const mc = await graph(f.url, 'GET', `/${ig.id}`, { fields: `mentioned_comment.comment_id(${m.ids.commentId}){text,username}`, access_token: t });
    expect(mc.body.mentioned_comment.text).toContain('cek ini');
    const mr = await graph(f.url, 'POST', `/${ig.id}/mentions`, { media_id: m.ids.mediaId!, comment_id: m.ids.commentId!, message: 'Terima kasih', access_token: t });
    expect(mr.body.id).toBeTruthy();
    const media = (await graph(f.url, 'GET', `/${ig.id}/media`, { access_token: t })).body.data[0].id;
    const ins = await graph(f.url, 'GET', `/${media}/insights`, { metric: 'reach,views,total_interactions', access_token: t });
    expect(ins.body.data).toHaveLength(3);
    const old = await graph(f.url, 'GET', `/${media}/insights`, { metric: 'impressions', access_token: t });
    expect(old.body.error.message).toContain('v22.0');
  });
});

describe('WhatsApp', () => {
  it('sends inside the window, accepts then fails outside it (131047), and allows templates', async () => {
    const t = wa.credentials.accessToken;
    const inbound = await control.inject({ platform: 'whatsapp', type: 'message', accountId: wa.id, text: 'Halo, mau tanya pajak', from: { key: 'wa1', name: 'Andi' } });
    const waId = inbound.ids.waId!;
    const send = (body: Record<string, unknown>) =>
      fetch(`${f.url}/graph/v23.0/${wa.id}/messages`, { method: 'POST', headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' }, body: JSON.stringify({ messaging_product: 'whatsapp', ...body }) }).then(json);
    const ok = await send({ to: waId, type: 'text', text: { body: 'Silakan, ada yang bisa dibantu?' }, context: { message_id: inbound.ids.messageId } });
    expect(ok).toMatchObject({ messaging_product: 'whatsapp', contacts: [{ input: waId, wa_id: waId }], messages: [{ id: expect.stringMatching(/^wamid\./) }] });
    const stranger = '6281200001111';
    const late = await send({ to: stranger, type: 'text', text: { body: 'halo' } });
    expect(late.messages[0].id).toBeTruthy();
    const tpl = await send({ to: stranger, type: 'template', template: { name: 'aduan_diterima', language: { code: 'id' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'ADU-1' }, { type: 'text', text: '5' }] }] } });
    expect(tpl.messages[0].message_status).toBe('accepted');
    const badTpl = await send({ to: stranger, type: 'template', template: { name: 'nope', language: { code: 'id' } } });
    expect(badTpl.error.code).toBe(132001);
    const wrongParams = await send({ to: stranger, type: 'template', template: { name: 'aduan_diterima', language: { code: 'id' }, components: [] } });
    expect(wrongParams.error.code).toBe(132000);
    await recv.waitFor((all) => all.some((r) => JSON.stringify(r.json ?? '').includes('131047')) && all.some((r) => JSON.stringify(r.json ?? '').includes('"delivered"')));
    const failed = recv.posts('whatsapp').map((r) => r.json as any).find((j) => j.entry[0].changes[0].value.statuses?.[0]?.status === 'failed');
    expect(failed.entry[0].changes[0].value.statuses[0]).toMatchObject({ id: late.messages[0].id, recipient_id: stranger, errors: [{ code: 131047, title: 'Re-engagement message' }] });
    const kinds = (await control.records({ platform: 'whatsapp', accountId: wa.id })).map((r) => r.kind);
    expect(kinds).toEqual(expect.arrayContaining(['message', 'template_message']));
  });

  it("keeps a citizen's photo as WhatsApp media: GET /{media-id} gives the URL, the URL gives the JPEG with the token only", async () => {
    const t = wa.credentials.accessToken;
    await control.inject({ platform: 'whatsapp', type: 'message', messageType: 'image', accountId: wa.id, text: 'foto jalan rusak', from: { key: 'wa-foto', name: 'Rudi' } });
    const isImage = (j: any) => j?.entry?.[0]?.changes?.[0]?.value?.messages?.[0]?.type === 'image';
    await recv.waitFor(() => recv.posts('whatsapp').some((r) => isImage(r.json)));
    const delivered = recv.posts('whatsapp').map((r) => r.json as any).find(isImage);
    const image = delivered.entry[0].changes[0].value.messages[0].image;
    const meta = (await (await fetch(`${f.url}/graph/v23.0/${image.id}`, { headers: { authorization: `Bearer ${t}` } })).json()) as { url: string; mime_type: string; file_size: number; sha256: string };
    expect(meta).toMatchObject({ mime_type: 'image/jpeg', sha256: image.sha256 });
    expect((await fetch(meta.url)).status).toBe(401);
    const bytes = Buffer.from(await (await fetch(meta.url, { headers: { authorization: `Bearer ${t}` } })).arrayBuffer());
    expect(bytes.length).toBe(meta.file_size);
    expect(bytes.subarray(0, 3).toString('hex')).toBe('ffd8ff'); // a JPEG
  });

  it('applies the per-number throughput limit (130429)', async () => {
    await control.patchConfig({ limits: { whatsapp: { throughput: { limit: 2, windowMs: 60_000 } } } });
    try {
      const t = wa.credentials.accessToken;
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await fetch(`${f.url}/graph/v23.0/${wa.id}/messages`, { method: 'POST', headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' }, body: JSON.stringify({ messaging_product: 'whatsapp', to: `62812000099${i}0`, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } }) }).then(json);
        codes.push(r.error?.code ?? 0);
      }
      expect(codes).toContain(130429);
    } finally {
      await control.patchConfig({ limits: { whatsapp: { throughput: { limit: 80, windowMs: 1000 } } } });
    }
  });
});
