// Contract fidelity: facebook-nodejs-business-sdk drives the Graph fake.
// The SDK has no host option on its object methods: the host is the static getter
// FacebookAdsApi.GRAPH ("https://graph.facebook.com"). Its low-level api.call() takes an
// urlOverride argument, and the getter can be redefined (it is configurable); both are shown.
// Always init with crash_log=false: the SDK's crash reporter otherwise posts to graph.facebook.com.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import bizSdk from 'facebook-nodejs-business-sdk';
import type { RunningFakes } from '../server.ts';
import type { AccountInfo } from '../accounts.ts';
import { ControlClient } from '../control-client.ts';
import { startTestFakes } from './helpers.ts';

// the SDK ships without TypeScript types: describe the parts used here
interface SdkApi {
  call(method: string, path: string[] | string, params?: Record<string, unknown>, files?: Record<string, unknown>, multipart?: boolean, urlOverride?: string): Promise<any>;
}
interface SdkObject {
  id: string;
  _data?: Record<string, unknown>;
  [k: string]: any;
}
interface Sdk {
  FacebookAdsApi: { init(token: string, locale?: string, crashLog?: boolean): SdkApi; readonly GRAPH: string; readonly VERSION: string };
  Page: new (id: string) => SdkObject;
  PagePost: new (id: string) => SdkObject;
  Comment: new (id: string) => SdkObject;
  IGUser: new (id: string) => SdkObject;
}
const sdk = bizSdk as unknown as Sdk;

let f: RunningFakes;
let control: ControlClient;
let fb: AccountInfo;
let ig: AccountInfo;
let originalGraph: PropertyDescriptor | undefined;

beforeAll(async () => {
  f = await startTestFakes();
  control = new ControlClient(f.url);
  fb = await control.createAccount({ platform: 'facebook', name: 'Dinas Uji SDK' });
  ig = await control.createAccount({ platform: 'instagram', username: 'dinas.uji.sdk', pageId: fb.id });
  originalGraph = Object.getOwnPropertyDescriptor(sdk.FacebookAdsApi, 'GRAPH');
  Object.defineProperty(sdk.FacebookAdsApi, 'GRAPH', { get: () => `${f.url}/graph`, configurable: true });
});
afterAll(async () => {
  if (originalGraph) Object.defineProperty(sdk.FacebookAdsApi, 'GRAPH', originalGraph);
  await f.close();
});

describe('facebook-nodejs-business-sdk against the Graph fake', () => {
  it('calls through api.call with urlOverride (version from the SDK, v24.0)', async () => {
    const api = sdk.FacebookAdsApi.init(fb.credentials.accessToken, 'en_US', false);
    const page = await api.call('GET', [fb.id], { fields: 'name,fan_count' }, {}, false, `${f.url}/graph`);
    expect(page).toMatchObject({ id: fb.id, name: 'Dinas Uji SDK', fan_count: expect.any(Number) });
    expect(sdk.FacebookAdsApi.VERSION).toMatch(/^v\d+\.0$/);
  });

  it('publishes, comments, hides and reads insights through the SDK objects', async () => {
    sdk.FacebookAdsApi.init(fb.credentials.accessToken, 'en_US', false);
    const page = new sdk.Page(fb.id);
    const created = await page.createFeed([], { message: 'Dari SDK resmi' });
    const postId = created.id as string;
    expect(postId).toMatch(new RegExp(`^${fb.id}_`));
    for (let i = 0; i < 3; i++) await control.inject({ platform: 'facebook', type: 'comment', accountId: fb.id, postId, text: `komentar sdk ${i}`, from: { key: `sdk${i}` } });
    const post = new sdk.PagePost(postId);
    const comments = await post.getComments(['id', 'message', 'from'], { limit: 2 });
    expect(comments.length).toBe(2);
    expect(comments.hasNext()).toBe(true);
    const more = await comments.next();
    expect(more.length).toBe(1);
    const first = comments[0] as SdkObject;
    const reply = await new sdk.Comment(first.id).createComment([], { message: 'Terima kasih, kami cek' });
    expect(reply.id).toBeTruthy();
    await new sdk.Comment(first.id).update([], { is_hidden: true });
    const insights = await post.getInsights(['name', 'values'], { metric: 'post_impressions_unique' });
    expect(insights[0]._data).toMatchObject({ name: 'post_impressions_unique', values: [{ value: expect.any(Number) }] });
    const kinds = (await control.records({ platform: 'facebook', accountId: fb.id })).map((r) => r.kind);
    expect(kinds).toEqual(expect.arrayContaining(['post', 'comment_reply', 'comment_hidden']));
  });

  it('publishes to Instagram with IGUser.createMedia -> createMediaPublish', async () => {
    sdk.FacebookAdsApi.init(ig.credentials.accessToken, 'en_US', false);
    const user = new sdk.IGUser(ig.id);
    const container = await user.createMedia([], { image_url: 'https://example.org/foto.jpg', caption: 'Dari SDK' });
    await new Promise((r) => setTimeout(r, 80));
    const media = await user.createMediaPublish([], { creation_id: container.id });
    expect(media.id).toBeTruthy();
    expect((await control.records({ platform: 'instagram', kind: 'post' })).some((r) => r.objectId === media.id)).toBe(true);
  });

  it('surfaces Graph errors as FacebookRequestError with code, subcode and fbtrace_id', async () => {
    const token = await control.issueToken({ platform: 'facebook', accountId: fb.id });
    await control.expireToken(token.token);
    sdk.FacebookAdsApi.init(token.token, 'en_US', false);
    const err = await new sdk.Page(fb.id).createFeed([], { message: 'x' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'FacebookRequestError', status: 400 });
    expect((err as { response: Record<string, unknown> }).response).toMatchObject({ code: 190, error_subcode: 463, type: 'OAuthException', fbtrace_id: expect.any(String) });
  });
});
