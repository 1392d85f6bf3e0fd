// TikTok fake over real HTTP: OAuth, creator_info, FILE_UPLOAD chunk rules and 206/201, status
// progression, signed publish webhooks, unaudited SELF_ONLY, rate limits, token expiry, insights.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import type { RunningFakes } from '../server.ts';
import type { AccountInfo } from '../accounts.ts';
import { ControlClient } from '../control-client.ts';
import { json, startReceiver, startTestFakes } from './helpers.ts';
import type { Receiver } from './helpers.ts';

let f: RunningFakes;
let recv: Receiver;
let control: ControlClient;
let acc: AccountInfo;

const api = (path: string, token: string, body?: unknown, method = 'POST') =>
  fetch(`${f.url}/tiktok${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=UTF-8' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }).then(async (r) => ({ status: r.status, body: await json(r) }));

beforeAll(async () => {
  recv = await startReceiver();
  f = await startTestFakes({ webhookTarget: recv.url });
  control = new ControlClient(f.url);
  acc = await control.createAccount({ platform: 'tiktok', username: 'dinas.uji', displayName: 'Dinas Uji' });
});
afterAll(async () => {
  await f.close();
  await recv.close();
});

describe('TikTok fake', () => {
  it('answers user info and creator_info in the {data, error:{code:"ok"}} envelope', async () => {
    const t = acc.credentials.accessToken;
    const me = await api('/v2/user/info/?fields=open_id,display_name,follower_count', t, undefined, 'GET');
    expect(me.body).toMatchObject({ data: { user: { open_id: acc.id, display_name: 'Dinas Uji', follower_count: expect.any(Number) } }, error: { code: 'ok', message: '', log_id: expect.any(String) } });
    const ci = await api('/v2/post/publish/creator_info/query/', t, {});
    expect(ci.body.data.privacy_level_options).toContain('PUBLIC_TO_EVERYONE');
  });

  it('uploads FILE_UPLOAD chunks (206 then 201), publishes, and signs the webhooks', async () => {
    const t = acc.credentials.accessToken;
    const MB = 1024 * 1024;
    const bad = await api('/v2/post/publish/video/init/', t, { post_info: { title: 'x', privacy_level: 'PUBLIC_TO_EVERYONE' }, source_info: { source: 'FILE_UPLOAD', video_size: 10 * MB, chunk_size: 3 * MB, total_chunk_count: 4 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_params');
    const init = await api('/v2/post/publish/video/init/', t, { post_info: { title: 'Sosialisasi #sumbar', privacy_level: 'PUBLIC_TO_EVERYONE', disable_comment: false, video_cover_timestamp_ms: 1000 }, source_info: { source: 'FILE_UPLOAD', video_size: 10 * MB, chunk_size: 5 * MB, total_chunk_count: 2 } });
    expect(init.body.data.upload_url).toMatch(new RegExp(`^${f.url}/tiktok-upload/`));
    const put = (first: number, last: number) => fetch(init.body.data.upload_url, { method: 'PUT', headers: { 'content-type': 'video/mp4', 'content-range': `bytes ${first}-${last}/${10 * MB}` }, body: Buffer.alloc(last - first + 1) });
    expect((await put(0, 5 * MB - 1)).status).toBe(206);
    let st = await api('/v2/post/publish/status/fetch/', t, { publish_id: init.body.data.publish_id });
    expect(st.body.data).toMatchObject({ status: 'PROCESSING_UPLOAD', uploaded_bytes: 5 * MB });
    expect((await put(5 * MB, 10 * MB - 1)).status).toBe(201);
    await recv.waitFor(() => recv.posts('tiktok').length >= 2);
    const raw = await fetch(`${f.url}/tiktok/v2/post/publish/status/fetch/`, { method: 'POST', headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' }, body: JSON.stringify({ publish_id: init.body.data.publish_id }) }).then((r) => r.text());
    st = { status: 200, body: JSON.parse(raw) };
    expect(st.body.data).toMatchObject({ status: 'PUBLISH_COMPLETE', publicaly_available_post_id: [expect.any(Number)] });
    // the post id is an int64 JSON number: read it from the raw text (a JS number would round it)
    const postId = /"publicaly_available_post_id":\[(\d+)\]/.exec(raw)![1]!;
    const events = recv.posts('tiktok').map((r) => {
      const [, ts, sig] = /^t=(\d+),s=([0-9a-f]+)$/.exec(String(r.headers['tiktok-signature']))!;
      expect(sig).toBe(createHmac('sha256', 'fake-tiktok-client-secret').update(`${ts}.${r.raw.toString('utf8')}`).digest('hex'));
      return r.json as { event: string; content: string };
    });
    expect(events.map((e) => e.event)).toEqual(['post.publish.complete', 'post.publish.publicly_available']);
    expect(JSON.parse(events[0]!.content)).toEqual({ publish_id: init.body.data.publish_id, publish_type: 'DIRECT_PUBLISH' });
    const q = await api('/v2/video/query/?fields=id,title,view_count,like_count,comment_count,share_count', t, { filters: { video_ids: [postId] } });
    expect(q.body.data.videos[0]).toMatchObject({ id: postId, title: 'Sosialisasi #sumbar', view_count: expect.any(Number) });
    expect((await control.records({ platform: 'tiktok', kind: 'post' }))[0]).toMatchObject({ accountId: acc.id, objectId: postId });
  });

  it('forces SELF_ONLY for unaudited clients and limits init calls (6/min)', async () => {
    await control.patchApp('tiktok', 'fakettclientkey', { audited: false });
    try {
      const t = acc.credentials.accessToken;
      const ci = await api('/v2/post/publish/creator_info/query/', t, {});
      expect(ci.body.data.privacy_level_options).toEqual(['SELF_ONLY']);
      const pub = await api('/v2/post/publish/video/init/', t, { post_info: { title: 'x', privacy_level: 'PUBLIC_TO_EVERYONE' }, source_info: { source: 'PULL_FROM_URL', video_url: 'https://example.org/v.mp4' } });
      expect(pub.status).toBe(403);
      expect(pub.body.error.code).toBe('unaudited_client_can_only_post_to_private_accounts');
    } finally {
      await control.patchApp('tiktok', 'fakettclientkey', { audited: true });
    }
    const other = await control.createAccount({ platform: 'tiktok', username: 'uji.rate' });
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await api('/v2/post/publish/video/init/', other.credentials.accessToken, { post_info: { title: `t${i}`, privacy_level: 'SELF_ONLY' }, source_info: { source: 'PULL_FROM_URL', video_url: 'https://example.org/v.mp4' } })).status);
    expect(codes.slice(0, 6).every((c) => c === 200)).toBe(true);
    expect(codes[6]).toBe(429);
  });

  it('expires access tokens (401 access_token_invalid) and refreshes them; runs the authorize flow', async () => {
    const t = await control.issueToken({ platform: 'tiktok', accountId: acc.id });
    await control.expireToken(t.token);
    const dead = await api('/v2/user/info/?fields=open_id', t.token, undefined, 'GET');
    expect(dead.status).toBe(401);
    expect(dead.body.error.code).toBe('access_token_invalid');
    const form = (params: Record<string, string>) => fetch(`${f.url}/tiktok/v2/oauth/token/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params) }).then(json);
    const refreshed = await form({ client_key: 'fakettclientkey', client_secret: 'fake-tiktok-client-secret', grant_type: 'refresh_token', refresh_token: acc.credentials.refreshToken! });
    expect(refreshed).toMatchObject({ open_id: acc.id, expires_in: 86400, token_type: 'Bearer', refresh_token: acc.credentials.refreshToken });
    await control.nextOAuthLogin('tiktok', acc.id);
    const redirect = 'http://127.0.0.1:9/oauth/callback/tiktok';
    const auth = await fetch(`${f.url}/tiktok-web/v2/auth/authorize/?client_key=fakettclientkey&scope=user.info.basic,video.publish&response_type=code&redirect_uri=${encodeURIComponent(redirect)}&state=s1`, { redirect: 'manual' });
    const loc = new URL(auth.headers.get('location')!);
    const tok = await form({ client_key: 'fakettclientkey', client_secret: 'fake-tiktok-client-secret', code: loc.searchParams.get('code')!, grant_type: 'authorization_code', redirect_uri: redirect });
    expect(tok).toMatchObject({ open_id: acc.id, scope: 'user.info.basic,video.publish', refresh_expires_in: 31536000 });
    const noScope = await api('/v2/video/list/?fields=id', tok.access_token, {});
    expect(noScope.body.error.code).toBe('scope_not_authorized');
  });
});
