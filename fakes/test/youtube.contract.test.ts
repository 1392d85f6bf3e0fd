// Contract fidelity: @googleapis/youtube (googleapis) drives the YouTube fake through its documented
// rootUrl option; google-auth-library's OAuth2 client uses the fake token endpoint via `endpoints`.
// Two googleapis details a connector must know (both shown here):
//  - the global rootUrl keeps only the origin (a path prefix such as /google/ is dropped);
//  - media uploads do not use the global rootUrl at all: pass `{ rootUrl }` per call, or the
//    upload goes to https://youtube.googleapis.com.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { auth as gauth, youtube } from '@googleapis/youtube';
import type { RunningFakes } from '../server.ts';
import type { AccountInfo } from '../accounts.ts';
import { ControlClient } from '../control-client.ts';
import { startTestFakes } from './helpers.ts';

let f: RunningFakes;
let control: ControlClient;
let acc: AccountInfo;

function oauth(credentials: { access_token?: string; refresh_token?: string }) {
  const client = new gauth.OAuth2({
    clientId: 'fake-google-client-id.apps.googleusercontent.com',
    clientSecret: 'fake-google-client-secret',
    endpoints: { oauth2TokenUrl: `${f.url}/google-oauth/token`, oauth2RevokeUrl: `${f.url}/google-oauth/revoke`, tokenInfoUrl: `${f.url}/google-oauth/tokeninfo` },
  });
  client.setCredentials(credentials);
  return client;
}
const yt = (client: ReturnType<typeof oauth> | string) => youtube({ version: 'v3', auth: client, rootUrl: `${f.url}/` });
const reason = (e: unknown) => (e as { response?: { data?: { error?: { errors?: { reason: string }[] } } } }).response?.data?.error?.errors?.[0]?.reason;
const status = (e: unknown) => (e as { response?: { status?: number } }).response?.status;

beforeAll(async () => {
  f = await startTestFakes();
  control = new ControlClient(f.url);
  acc = await control.createAccount({ platform: 'youtube', title: 'Dinas Uji', handle: 'dinasuji', seedVideos: ['Profil Dinas Uji'] });
});
afterAll(async () => {
  await f.close();
});

describe('@googleapis/youtube against the YouTube fake', () => {
  it('lists my channel and uploads a video (multipart media upload)', async () => {
    const api = yt(oauth({ access_token: acc.credentials.accessToken, refresh_token: acc.credentials.refreshToken! }));
    const ch = await api.channels.list({ part: ['snippet', 'statistics', 'contentDetails'], mine: true });
    expect(ch.data.items?.[0]).toMatchObject({ kind: 'youtube#channel', id: acc.id, snippet: { title: 'Dinas Uji', customUrl: '@dinasuji' } });
    const up = await api.videos.insert({
      part: ['snippet', 'status'],
      requestBody: { snippet: { title: 'Sosialisasi SPMB', description: 'Info', categoryId: '25' }, status: { privacyStatus: 'public', selfDeclaredMadeForKids: false } },
      media: { mimeType: 'video/mp4', body: Readable.from(Buffer.alloc(4096, 3)) },
    }, { rootUrl: `${f.url}/google/` });
    expect(up.data).toMatchObject({ kind: 'youtube#video', snippet: { title: 'Sosialisasi SPMB', channelId: acc.id }, status: { privacyStatus: 'public', uploadStatus: 'uploaded' } });
    await new Promise((r) => setTimeout(r, 30));
    const v = await api.videos.list({ part: ['statistics', 'status', 'processingDetails'], id: [up.data.id!] });
    expect(v.data.items?.[0]).toMatchObject({ status: { uploadStatus: 'processed' }, statistics: { viewCount: expect.stringMatching(/^\d+$/), commentCount: '0' }, processingDetails: { processingStatus: 'succeeded' } });
    const rec = (await control.records({ platform: 'youtube', kind: 'post' }))[0]!;
    expect(rec).toMatchObject({ accountId: acc.id, objectId: up.data.id, text: 'Sosialisasi SPMB', data: { bytes: 4096 } });
  });

  it('supports resumable uploads with 308 + Range', async () => {
    const t = acc.credentials.accessToken;
    const init = await fetch(`${f.url}/google/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json', 'x-upload-content-type': 'video/mp4', 'x-upload-content-length': '10' },
      body: JSON.stringify({ snippet: { title: 'Resumable', categoryId: '22' }, status: { privacyStatus: 'private' } }),
    });
    const session = init.headers.get('location')!;
    expect(session).toContain(`${f.url}/google/upload/youtube/v3/videos?uploadType=resumable&upload_id=`);
    const part1 = await fetch(session, { method: 'PUT', headers: { 'content-range': 'bytes 0-5/10' }, body: Buffer.alloc(6) });
    expect(part1.status).toBe(308);
    expect(part1.headers.get('range')).toBe('bytes=0-5');
    const probe = await fetch(session, { method: 'PUT', headers: { 'content-range': 'bytes */10' } });
    expect(probe.status).toBe(308);
    const part2 = await fetch(session, { method: 'PUT', headers: { 'content-range': 'bytes 6-9/10' }, body: Buffer.alloc(4) });
    expect(part2.status).toBe(200);
    expect((await part2.json()).status.privacyStatus).toBe('private');
  });

  it('polls comment threads with pageToken, replies, moderates and deletes only own comments', async () => {
    const api = yt(oauth({ access_token: acc.credentials.accessToken, refresh_token: acc.credentials.refreshToken! }));
    const videoId = (acc.extra.videoIds as string[])[0]!;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await control.inject({ platform: 'youtube', type: 'comment', accountId: acc.id, videoId, text: `komentar ${i}`, from: { key: `yt${i}`, name: `Warga ${i}` } })).ids.commentId!);
    const p1 = await api.commentThreads.list({ part: ['snippet', 'replies'], videoId, maxResults: 2, textFormat: 'plainText', order: 'time' });
    expect(p1.data.items).toHaveLength(2);
    expect(p1.data.pageInfo).toEqual({ totalResults: 5, resultsPerPage: 2 });
    expect(p1.data.items![0]!.snippet!.topLevelComment!.snippet).toMatchObject({ textOriginal: 'komentar 4', authorChannelId: { value: expect.stringMatching(/^UC/) }, videoId });
    const p2 = await api.commentThreads.list({ part: ['snippet'], videoId, maxResults: 2, pageToken: p1.data.nextPageToken! });
    const p3 = await api.commentThreads.list({ part: ['snippet'], videoId, maxResults: 2, pageToken: p2.data.nextPageToken! });
    expect(p3.data.items).toHaveLength(1);
    expect(p3.data.nextPageToken).toBeUndefined();
    const reply = await api.comments.insert({ part: ['snippet'], requestBody: { snippet: { parentId: ids[0]!, textOriginal: 'Terima kasih masukannya' } } });
    expect(reply.data.snippet).toMatchObject({ parentId: ids[0], authorChannelId: { value: acc.id } });
    const withReplies = await api.commentThreads.list({ part: ['snippet', 'replies'], id: [ids[0]!] });
    expect(withReplies.data.items![0]!.replies!.comments![0]!.snippet!.textOriginal).toBe('Terima kasih masukannya');
    const top = await api.commentThreads.insert({ part: ['snippet'], requestBody: { snippet: { channelId: acc.id, videoId, topLevelComment: { snippet: { textOriginal: 'Info tambahan dari admin' } } } } });
    expect(top.data.snippet!.topLevelComment!.snippet!.authorChannelId!.value).toBe(acc.id);
    await api.comments.setModerationStatus({ id: [ids[1]!], moderationStatus: 'rejected' });
    const after = await api.commentThreads.list({ part: ['snippet'], videoId, maxResults: 100 });
    expect(after.data.items!.map((t) => t.id)).not.toContain(ids[1]);
    const others = await api.comments.delete({ id: ids[2]! }).catch((e: unknown) => e);
    expect(status(others)).toBe(403);
    expect((await api.comments.delete({ id: reply.data.id! })).status).toBe(204);
    const kinds = (await control.records({ platform: 'youtube', accountId: acc.id })).map((r) => r.kind);
    expect(kinds).toEqual(expect.arrayContaining(['comment_reply', 'comment_hidden', 'comment_deleted']));
  });

  it('reports commentsDisabled, reads with an API key, and denies the moderation queue to strangers', async () => {
    const videoId = (acc.extra.videoIds as string[])[0]!;
    await control.setYoutubeVideo(videoId, { commentsDisabled: true });
    const api = yt(oauth({ access_token: acc.credentials.accessToken }));
    const e = await api.commentThreads.list({ part: ['snippet'], videoId }).catch((x: unknown) => x);
    expect(status(e)).toBe(403);
    expect(reason(e)).toBe('commentsDisabled');
    await control.setYoutubeVideo(videoId, { commentsDisabled: false });
    const pub = yt('fake-google-api-key');
    expect((await pub.commentThreads.list({ part: ['snippet'], videoId })).status).toBe(200);
    const held = await pub.commentThreads.list({ part: ['snippet'], videoId, moderationStatus: 'heldForReview' }).catch((x: unknown) => x);
    expect(status(held)).toBe(401);
  });

  it('refreshes an expired token through the fake token endpoint; a revoked grant gives invalid_grant', async () => {
    const expired = await control.issueToken({ platform: 'youtube', accountId: acc.id });
    await control.expireToken(expired.token);
    const client = oauth({ access_token: expired.token, refresh_token: acc.credentials.refreshToken! });
    const api = yt(client);
    const ch = await api.channels.list({ part: ['id'], mine: true });
    expect(ch.data.items?.[0]?.id).toBe(acc.id);
    expect(client.credentials.access_token).not.toBe(expired.token);
    const info = await client.getTokenInfo(client.credentials.access_token!);
    expect(info.scopes).toContain('https://www.googleapis.com/auth/youtube.force-ssl');
    await client.revokeToken(client.credentials.access_token!);
    const dead = oauth({ access_token: 'ya29.dead', refresh_token: acc.credentials.refreshToken! });
    const err = await yt(dead).channels.list({ part: ['id'], mine: true }).catch((x: unknown) => x);
    expect((err as { response?: { data?: { error?: string } } }).response?.data?.error).toBe('invalid_grant');
  });

  it('enforces the daily quota with 403 quotaExceeded', async () => {
    await control.patchConfig({ limits: { youtube: { dailyUnits: 3 } } });
    try {
      const other = await control.createApp({ platform: 'youtube' });
      const key = String(other.apiKey);
      const api = yt(key);
      const videoId = (acc.extra.videoIds as string[])[0]!;
      for (let i = 0; i < 3; i++) await api.videos.list({ part: ['id'], id: [videoId] });
      const e = await api.videos.list({ part: ['id'], id: [videoId] }).catch((x: unknown) => x);
      expect(status(e)).toBe(403);
      expect(reason(e)).toBe('quotaExceeded');
      const apps = await control.apps();
      expect(apps.youtube.find((a) => a.apiKey === key)!.quota.units).toBe(3);
    } finally {
      await control.patchConfig({ limits: { youtube: { dailyUnits: 10_000 } } });
    }
  });
});
