import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { ApiClient, type ApiResponse } from './helpers/client.ts';
import { buildContact, buildInteraction, buildUser, type BuiltUser } from './helpers/factories.ts';
import type { Role } from '../src/platform/db/schema.ts';

// The tenant-isolation matrix: for every API route, every role of OPD A acting on OPD B's data
// gets 403/404 and never B's data. A new route fails this test until it is added to PROBES.

let app: TestApp;
let a: Record<string, BuiltUser>;
let bUser: BuiltUser;
let bOrgId: string;
let bAccountId: string;
let bNoticeId: string;
let bConnectId: string;
let bInteractionId: string;
let bCaseId: string;
let bConfidentialCaseId: string;
let open311KeyId: string;
let bMediaId: string;
const bAttachment: Record<string, string> = {};
let bPostId: string;
let bPublicationId: string;
let bCampaignId: string;
let bContactId: string;
let bSavedViewId: string;
let bCannedId: string;
const OPD_ROLES: Role[] = ['opd_head', 'opd_admin', 'responder', 'viewer'];

beforeAll(async () => {
  app = await startTestApp({ services: 'web' });
  a = {};
  for (const role of OPD_ROLES) a[role] = await buildUser(app.db.db, { role, orgCode: 'DINKES' });
  bUser = await buildUser(app.db.db, { role: 'responder', orgCode: 'DISDIK' });
  bOrgId = bUser.orgId;
  const acc = await app.db.db.insertInto('channel_account').values({ org_id: bOrgId, platform: 'facebook', external_id: 'PAGE_DISDIK', name: 'Disdik' }).returning('id').executeTakeFirstOrThrow();
  bAccountId = acc.id;
  await app.db.db.insertInto('inbound_event').values({ platform: 'facebook', dedupe_key: 'b1', account_id: bAccountId, org_id: bOrgId, kind: 'feed.comment.add', payload: JSON.stringify({ value: { message: 'rahasia-disdik' } }) }).execute();
  const n = await app.db.db.insertInto('notification').values({ org_id: bOrgId, level: 'warning', code: 'x', title: 'rahasia-disdik' }).returning('id').executeTakeFirstOrThrow();
  bNoticeId = n.id;
  bContactId = await buildContact(app.db.db, { platform: 'whatsapp', name: 'Warga rahasia-disdik' });
  bInteractionId = (await buildInteraction(app.db.db, { orgCode: 'DISDIK', text: 'rahasia-disdik keluhan', contactId: bContactId })).id;
  bSavedViewId = (await app.db.db.insertInto('inbox_saved_view').values({ org_id: bOrgId, owner_id: bUser.id, name: 'rahasia-disdik tampilan', shared: true, filters: JSON.stringify({ q: 'rahasia-disdik' }) }).returning('id').executeTakeFirstOrThrow()).id;
  bCannedId = (await app.db.db.insertInto('canned_response').values({ org_id: bOrgId, title: 'rahasia-disdik jawaban', body: 'rahasia-disdik' }).returning('id').executeTakeFirstOrThrow()).id;
  // B's cases: one of its own, and a confidential one that came in through A (A is its origin, B owns it).
  const caseOfB = (o: { origin_org_id?: string; confidential?: boolean } = {}) => ({
    org_id: bOrgId,
    title: 'rahasia-disdik aduan',
    description: 'rahasia-disdik uraian aduan sekolah',
    source_channel: 'facebook',
    reporter_name: 'Pelapor Disdik',
    received_at: new Date(),
    verify_due_at: new Date(Date.now() + 3 * 86_400_000),
    cap_due_at: new Date(Date.now() + 60 * 86_400_000),
    ...o,
  });
  bCaseId = (await app.db.db.insertInto('complaint_case').values(caseOfB()).returning('id').executeTakeFirstOrThrow()).id;
  bConfidentialCaseId = (await app.db.db.insertInto('complaint_case').values(caseOfB({ origin_org_id: a['viewer']!.orgId, confidential: true })).returning('id').executeTakeFirstOrThrow()).id;
  // An Open311 API key (the province's): only province admins may see or revoke it.
  // B's stored file (an upload of B's staff), and a citizen photo attached to each of B's cases.
  const mediaOf = async (orgId: string | null) => {
    const m = await app.db.db.insertInto('media_object').values({ org_id: orgId, kind: 'image', mime: 'image/jpeg', chunk_bytes: 1_048_576, size_bytes: 19, origin: orgId ? 'staff' : 'citizen', status: 'ready', sha256: 'b'.repeat(64), ready_at: new Date(), width: 10, height: 10, alt_text: 'rahasia-disdik foto' }).returning('id').executeTakeFirstOrThrow();
    await app.db.db.insertInto('media_chunk').values({ media_id: m.id, seq: 0, data: Buffer.from('rahasia-disdik foto') }).execute();
    return m.id;
  };
  bMediaId = await mediaOf(bOrgId);
  for (const caseId of [bCaseId, bConfidentialCaseId]) {
    bAttachment[caseId] = (await app.db.db.insertInto('case_attachment').values({ case_id: caseId, source: 'web', media_id: await mediaOf(null), kind: 'image', mime: 'image/jpeg', alt_text: 'Foto rahasia-disdik' }).returning('id').executeTakeFirstOrThrow()).id;
  }
  open311KeyId = (await app.db.db.insertInto('open311_api_key').values({ org_id: (await app.db.db.selectFrom('org').select('id').where('kind', '=', 'province').executeTakeFirstOrThrow()).id, name: 'rahasia-disdik app', prefix: 'd311_abcdefg', key_hash: 'a'.repeat(64) }).returning('id').executeTakeFirstOrThrow()).id;
  // B's post (published on its Facebook page) and a campaign that targets only B.
  bPostId = (await app.db.db.insertInto('post').values({ org_id: bOrgId, status: 'gagal' }).returning('id').executeTakeFirstOrThrow()).id;
  await app.db.db.insertInto('post_version').values({ post_id: bPostId, number: 1, org_id: bOrgId, content: JSON.stringify({ text: 'rahasia-disdik pengumuman', channels: [{ accountId: bAccountId, text: null, title: null }] }) }).execute();
  bPublicationId = (await app.db.db.insertInto('publication').values({ post_id: bPostId, org_id: bOrgId, version: 1, account_id: bAccountId, platform: 'facebook', status: 'failed', due_at: new Date() }).returning('id').executeTakeFirstOrThrow()).id;
  bCampaignId = (await app.db.db.insertInto('campaign').values({ title: 'rahasia-disdik kampanye', key_message: 'rahasia-disdik pesan kunci kampanye', starts_at: new Date(), ends_at: new Date(Date.now() + 86_400_000) }).returning('id').executeTakeFirstOrThrow()).id;
  await app.db.db.insertInto('campaign_task').values({ campaign_id: bCampaignId, org_id: bOrgId }).execute();
  bConnectId = 'connect-of-b';
  await app.db.db.insertInto('channel_connect').values({ id: bConnectId, org_id: bOrgId, user_id: bUser.id, platform: 'facebook', candidates_sealed: 'x', expires_at: new Date(Date.now() + 600_000) }).execute();
});
afterAll(async () => {
  await app?.close();
});

type Probe = (c: ApiClient) => Promise<ApiResponse>;
const isDenied = (r: ApiResponse) => r.status === 403 || r.status === 404;
/** Runs a probe on B's own case and on B's confidential case that came in through A; answers with the first one not denied. */
async function onBothCases(c: ApiClient, probe: (id: string) => Promise<ApiResponse>): Promise<ApiResponse> {
  const first = await probe(bCaseId);
  if (!isDenied(first)) return first;
  return probe(bConfidentialCaseId);
}

/** Requests that target OPD B's data, per route. */
const PROBES: Record<string, Probe | { publicOrSelf: string }> = {
  'GET /api/users': (c) => c.get(`/api/users?orgId=${bOrgId}`),
  'POST /api/users': (c) => c.post('/api/users', { email: `susup.${Date.now()}@disdik.go.id`, name: 'Susup', role: 'viewer', orgId: bOrgId }),
  'PATCH /api/users/:id': (c) => c.patch(`/api/users/${bUser.id}`, { status: 'deactivated' }),
  'GET /api/audit': (c) => c.get(`/api/audit?orgId=${bOrgId}`),
  'GET /api/mail/outbox': (c) => c.get('/api/mail/outbox'),
  'GET /api/channels/accounts': (c) => c.get(`/api/channels/accounts?orgId=${bOrgId}`),
  'GET /api/channels/events': (c) => c.get(`/api/channels/events?accountId=${bAccountId}`),
  'GET /api/channels/health': (c) => c.get('/api/channels/health'),
  'POST /api/channels/oauth/start': (c) => c.post('/api/channels/oauth/start', { orgId: bOrgId, platform: 'facebook' }),
  'GET /api/channels/connect/:connectId': (c) => c.get(`/api/channels/connect/${bConnectId}`),
  'POST /api/channels/connect/:connectId': (c) => c.post(`/api/channels/connect/${bConnectId}`, { externalIds: ['PAGE_DISDIK'] }),
  'POST /api/channels/accounts': (c) => c.post('/api/channels/accounts', { orgId: bOrgId, platform: 'telegram', fields: { botToken: '1:abc' } }),
  'POST /api/channels/accounts/:id/check': (c) => c.post(`/api/channels/accounts/${bAccountId}/check`),
  'POST /api/channels/accounts/:id/disconnect': (c) => c.post(`/api/channels/accounts/${bAccountId}/disconnect`),
  'POST /api/notifications/:id/read': (c) => c.post(`/api/notifications/${bNoticeId}/read`),
  'GET /api/inbox': (c) => c.get(`/api/inbox?orgId=${bOrgId}`),
  'GET /api/inbox/counts': (c) => c.get(`/api/inbox/counts?orgId=${bOrgId}`),
  'GET /api/inbox/:id': (c) => c.get(`/api/inbox/${bInteractionId}`),
  'POST /api/inbox/:id/reveal': (c) => c.post(`/api/inbox/${bInteractionId}/reveal`, { reason: 'mencoba melihat' }),
  'POST /api/inbox/:id/assign': (c) => c.post(`/api/inbox/${bInteractionId}/assign`, { assigneeId: null }),
  'POST /api/inbox/:id/status': (c) => c.post(`/api/inbox/${bInteractionId}/status`, { status: 'done' }),
  'POST /api/inbox/:id/intent': (c) => c.post(`/api/inbox/${bInteractionId}/intent`, { intent: 'spam' }),
  'POST /api/inbox/:id/reroute': (c) => c.post(`/api/inbox/${bInteractionId}/reroute`, { orgCode: 'DINKES', reason: 'ambil alih' }),
  'POST /api/inbox/:id/notes': (c) => c.post(`/api/inbox/${bInteractionId}/notes`, { text: 'catatan susup' }),
  'POST /api/inbox/:id/reply': (c) => c.post(`/api/inbox/${bInteractionId}/reply`, { text: 'balasan susup', mode: 'public' }),
  'GET /api/inbox/canned': (c) => c.get(`/api/inbox/canned?orgId=${bOrgId}`),
  'POST /api/inbox/canned': (c) => c.post('/api/inbox/canned', { orgId: bOrgId, title: 'susup', body: 'susup' }),
  'DELETE /api/inbox/canned/:id': (c) => c.request('DELETE', `/api/inbox/canned/${bCannedId}`),
  'GET /api/inbox/assignees': (c) => c.get(`/api/inbox/assignees?orgId=${bOrgId}`),
  'GET /api/inbox/saved-views': { publicOrSelf: 'own and own-OPD shared views only; B’s shared view must not appear (asserted below)' },
  'POST /api/inbox/saved-views': (c) => c.post('/api/inbox/saved-views', { name: 'susup', filters: { orgId: bOrgId } }),
  'PATCH /api/inbox/saved-views/:id': (c) => c.patch(`/api/inbox/saved-views/${bSavedViewId}`, { name: 'susup', shared: false }),
  'DELETE /api/inbox/saved-views/:id': (c) => c.request('DELETE', `/api/inbox/saved-views/${bSavedViewId}`),
  'GET /api/inbox/contacts': { publicOrSelf: 'searches contacts that wrote to the own OPD; B’s contact must not appear (asserted below)' },
  'GET /api/inbox/contacts/:id': (c) => c.get(`/api/inbox/contacts/${bContactId}`),
  'POST /api/inbox/contacts/:id/links': (c) => c.post(`/api/inbox/contacts/${bContactId}/links`, { contactId: bContactId }),
  'POST /api/inbox/contacts/:id/unlink': (c) => c.post(`/api/inbox/contacts/${bContactId}/unlink`),
  'GET /api/channels/accounts/:id/templates': (c) => c.get(`/api/channels/accounts/${bAccountId}/templates`),
  'GET /api/cases': (c) => c.get(`/api/cases?orgId=${bOrgId}`),
  'GET /api/cases/counts': (c) => c.get(`/api/cases/counts?orgId=${bOrgId}`),
  'GET /api/cases/by-interaction/:interactionId': (c) => c.get(`/api/cases/by-interaction/${bInteractionId}`),
  'POST /api/cases': (c) => c.post('/api/cases', { interactionId: bInteractionId }),
  'GET /api/cases/:id': (c) => onBothCases(c, (id) => c.get(`/api/cases/${id}`)),
  'POST /api/cases/:id/reveal': (c) => onBothCases(c, (id) => c.post(`/api/cases/${id}/reveal`, { reason: 'mencoba melihat' })),
  'POST /api/cases/:id/verify': (c) => onBothCases(c, (id) => c.post(`/api/cases/${id}/verify`, { note: 'susup' })),
  'POST /api/cases/:id/dispose': (c) => onBothCases(c, (id) => c.post(`/api/cases/${id}/dispose`, { orgCode: 'DINKES', reason: 'ambil alih' })),
  'POST /api/cases/:id/follow-up': (c) => onBothCases(c, (id) => c.post(`/api/cases/${id}/follow-up`, { text: 'tindak lanjut susup dari OPD lain' })),
  'POST /api/cases/:id/close': (c) => onBothCases(c, (id) => c.post(`/api/cases/${id}/close`, {})),
  'POST /api/cases/:id/hold': (c) => onBothCases(c, (id) => c.post(`/api/cases/${id}/hold`, { reason: 'susup' })),
  'POST /api/cases/:id/resume': (c) => onBothCases(c, (id) => c.post(`/api/cases/${id}/resume`, {})),
  'POST /api/cases/:id/not-authority': (c) => onBothCases(c, (id) => c.post(`/api/cases/${id}/not-authority`, { reason: 'susup' })),
  'POST /api/cases/:id/handoff': (c) => onBothCases(c, (id) => c.post(`/api/cases/${id}/handoff`, { authorityCode: 'KABKOTA' })),
  'GET /api/cases/:id/handoff-letter': (c) => onBothCases(c, (id) => c.get(`/api/cases/${id}/handoff-letter`)),
  'GET /api/cases/:id/lapor-export': (c) => onBothCases(c, (id) => c.get(`/api/cases/${id}/lapor-export`)),
  'POST /api/cases/:id/external-ref': (c) => onBothCases(c, (id) => c.post(`/api/cases/${id}/external-ref`, { externalRef: 'LAPOR-SUSUP' })),
  'GET /api/cases/:id/similar': (c) => onBothCases(c, (id) => c.get(`/api/cases/${id}/similar`)),
  'POST /api/cases/:id/duplicate': (c) => onBothCases(c, (id) => c.post(`/api/cases/${id}/duplicate`, { duplicateOf: id === bCaseId ? bConfidentialCaseId : bCaseId })),
  'POST /api/cases/:id/reporters': (c) => onBothCases(c, (id) => c.post(`/api/cases/${id}/reporters`, { interactionId: bInteractionId })),
  'POST /api/cases/:id/archive': (c) => onBothCases(c, (id) => c.post(`/api/cases/${id}/archive`, { reason: 'susup' })),
  'POST /api/cases/:id/reopen': (c) => onBothCases(c, (id) => c.post(`/api/cases/${id}/reopen`, { reason: 'susup' })),
  'POST /api/cases/:id/notes': (c) => onBothCases(c, (id) => c.post(`/api/cases/${id}/notes`, { text: 'catatan susup' })),
  'POST /api/cases/:id/attachments': (c) => onBothCases(c, (id) => c.post(`/api/cases/${id}/attachments`, { mediaId: '00000000-0000-4000-8000-000000000000', altText: 'susup' })),
  'POST /api/cases/:id/flags': (c) => onBothCases(c, (id) => c.post(`/api/cases/${id}/flags`, { confidential: false })),
  'POST /api/cases/:id/citizen-reply': (c) => onBothCases(c, (id) => c.post(`/api/cases/${id}/citizen-reply`, { text: 'balasan susup' })),
  'GET /api/cases/categories': { publicOrSelf: 'complaint categories are reference data, no tenant data' },
  'GET /api/cases/outside-authorities': { publicOrSelf: 'the directory of outside authorities is reference data' },
  'GET /api/inbox/rules': (c) => c.get('/api/inbox/rules'),
  'POST /api/inbox/rules': (c) => c.post('/api/inbox/rules', { name: 'susup', match: { keywords: ['rahasia'] }, action: { routeOrgCode: 'DINKES' } }),
  'PUT /api/inbox/rules/:id': (c) => c.request('PUT', `/api/inbox/rules/${bInteractionId}`, { name: 'susup', match: { keywords: ['rahasia'] }, action: { routeOrgCode: 'DINKES' } }),
  'DELETE /api/inbox/rules/:id': (c) => c.request('DELETE', `/api/inbox/rules/${bInteractionId}`),
  'POST /api/inbox/rules/test': (c) => c.post('/api/inbox/rules/test', { text: 'rahasia' }),
  'POST /api/inbox/bulk': async (c) => {
    const r = await c.post('/api/inbox/bulk', { ids: [bInteractionId], action: 'hide' });
    // The call itself succeeds for the caller's own ids; B's id is reported as not found.
    return r.status === 200 && r.body.results[0].ok === false ? { ...r, status: 404 } : r;
  },
  'POST /api/inbox/:id/viewing': (c) => c.post(`/api/inbox/${bInteractionId}/viewing`),
  'GET /api/inbox/stream': { publicOrSelf: 'events filtered by the subscriber’s own scope (asserted in src/modules/inbox/live.int.test.ts)' },
  'GET /api/notifications': { publicOrSelf: 'own OPD only; B’s notice must not appear (asserted below)' },
  'GET /api/channels/platforms': { publicOrSelf: 'the platform catalogue, no tenant data' },
  'GET /api/channels/oauth/:platform/callback': { publicOrSelf: 'bound to the state of the signed-in user; answers with a redirect' },
  'GET /api/orgs/:id': { publicOrSelf: 'the OPD directory is public reference data; users and counts of B are withheld (asserted below)' },
  'GET /api/orgs': { publicOrSelf: 'the OPD directory; counts of other OPDs are withheld (asserted in users.int.test.ts)' },
  'GET /api/auth/session': { publicOrSelf: 'own session' },
  'POST /api/auth/login': { publicOrSelf: 'public' },
  'POST /api/auth/logout': { publicOrSelf: 'own session' },
  'POST /api/auth/password-reset': { publicOrSelf: 'public, no enumeration' },
  'POST /api/auth/password-reset/confirm': { publicOrSelf: 'public, token-bound' },
  'POST /api/auth/change-password': { publicOrSelf: 'own account' },
  'PATCH /api/me': { publicOrSelf: 'own account' },
  'GET /api/auth/oidc/start': { publicOrSelf: 'public' },
  'GET /api/auth/oidc/callback': { publicOrSelf: 'public, state-bound' },
  'GET /api/docs/json': { publicOrSelf: 'API description' },
  'POST /api/publishing/coach': { publicOrSelf: 'checks only the text sent with the request against province-wide settings; no tenant data (asserted in src/modules/publishing/coach/coach.int.test.ts)' },
  'GET /api/publishing/coach/settings': (c) => c.get('/api/publishing/coach/settings'),
  'PUT /api/publishing/coach/settings': (c) => c.put('/api/publishing/coach/settings', { rules: { 'readability.long_sentence': { enabled: false } } }),
  'GET /api/publishing/posts': (c) => c.get(`/api/publishing/posts?orgId=${bOrgId}`),
  'POST /api/publishing/posts': (c) => c.post('/api/publishing/posts', { orgId: bOrgId, content: { text: 'susup', channels: [] } }),
  'GET /api/publishing/posts/:id': (c) => c.get(`/api/publishing/posts/${bPostId}`),
  'PUT /api/publishing/posts/:id': (c) => c.put(`/api/publishing/posts/${bPostId}`, { baseVersion: 1, content: { text: 'susup' } }),
  'GET /api/publishing/posts/:id/diff': (c) => c.get(`/api/publishing/posts/${bPostId}/diff?from=1&to=1`),
  'POST /api/publishing/posts/:id/submit': (c) => c.post(`/api/publishing/posts/${bPostId}/submit`, { version: 1 }),
  'POST /api/publishing/posts/:id/approve': (c) => c.post(`/api/publishing/posts/${bPostId}/approve`, { version: 1 }),
  'POST /api/publishing/posts/:id/request-changes': (c) => c.post(`/api/publishing/posts/${bPostId}/request-changes`, { version: 1, comment: 'susup' }),
  'POST /api/publishing/posts/:id/withdraw': (c) => c.post(`/api/publishing/posts/${bPostId}/withdraw`, {}),
  'PUT /api/publishing/posts/:id/schedule': (c) => c.put(`/api/publishing/posts/${bPostId}/schedule`, { scheduledAt: null }),
  'POST /api/publishing/posts/:id/cancel': (c) => c.post(`/api/publishing/posts/${bPostId}/cancel`, {}),
  'POST /api/publishing/posts/:id/publications/:publicationId/retry': (c) => c.post(`/api/publishing/posts/${bPostId}/publications/${bPublicationId}/retry`, {}),
  'GET /api/publishing/calendar': (c) => c.get(`/api/publishing/calendar?from=2026-12-01&to=2026-12-31&orgId=${bOrgId}`),
  'GET /api/publishing/accounts': (c) => c.get(`/api/publishing/accounts?orgId=${bOrgId}`),
  'GET /api/publishing/accounts/:id/best-times': (c) => c.get(`/api/publishing/accounts/${bAccountId}/best-times`),
  'GET /api/publishing/settings/:orgId': (c) => c.get(`/api/publishing/settings/${bOrgId}`),
  'PUT /api/publishing/settings/:orgId': (c) => c.put(`/api/publishing/settings/${bOrgId}`, { approvalLevels: 1, provinceReviewCategories: [] }),
  'GET /api/publishing/campaigns': (c) => c.get(`/api/publishing/campaigns?orgId=${bOrgId}`),
  'POST /api/publishing/campaigns': (c) => c.post('/api/publishing/campaigns', { title: 'susup', keyMessage: 'susup pesan kunci kampanye', targetOrgIds: [bOrgId], startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 86_400_000).toISOString() }),
  'GET /api/publishing/campaigns/:id': (c) => c.get(`/api/publishing/campaigns/${bCampaignId}`),
  'POST /api/publishing/campaigns/:id/decline': (c) => c.post(`/api/publishing/campaigns/${bCampaignId}/decline`, { reason: 'susup' }),
  'GET /api/open311/keys': (c) => c.get('/api/open311/keys'),
  'POST /api/open311/keys': (c) => c.post('/api/open311/keys', { name: 'susup' }),
  'POST /api/media': { publicOrSelf: "uploads go into the caller's own org (asserted in src/modules/media/media.int.test.ts)" },
  'GET /api/media/:id': (c) => c.get(`/api/media/${bMediaId}`),
  'GET /api/media/:id/content': (c) => c.get(`/api/media/${bMediaId}/content`),
  'POST /api/media/:id/prepare': (c) => c.post(`/api/media/${bMediaId}/prepare`, { profile: 'facebook' }),
  'GET /api/cases/:id/attachments/:attachmentId': (c) => onBothCases(c, (id) => c.get(`/api/cases/${id}/attachments/${bAttachment[id]}`)),
  'POST /api/cases/:id/attachments/:attachmentId/public': (c) => onBothCases(c, (id) => c.post(`/api/cases/${id}/attachments/${bAttachment[id]}/public`, { public: true })),
  'POST /api/open311/keys/:id/revoke': (c) => c.post(`/api/open311/keys/${open311KeyId}/revoke`, {}),
  'GET /api/public/case-categories': { publicOrSelf: 'public (no login): reference data' },
  'GET /api/public/regions': { publicOrSelf: 'public (no login): reference data' },
  'GET /api/public/complaints/form-token': { publicOrSelf: 'public (no login): a signed form token' },
  'POST /api/public/complaints': { publicOrSelf: 'public (no login): the complaint form; the case goes to the coordinator' },
  'GET /api/public/cases/:code': { publicOrSelf: 'public (no login): tracking without personal data; confidential → 404 (asserted below)' },
  'POST /api/public/cases/:code/rating': { publicOrSelf: 'public (no login): bound to the reporter secret' },
  'GET /api/public/stats': { publicOrSelf: 'public (no login): open statistics without personal data or confidential cases (asserted below)' },
  'GET /api/public/stats.csv': { publicOrSelf: 'public (no login): open statistics (asserted below)' },
};

describe('tenant isolation', () => {
  it('every API route is in the matrix', () => {
    const routes = app.running.web!.routeTable
      .filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs/') && r.url !== '/api/docs' && r.url !== '/api/docs/*')
      .map((r) => `${r.method} ${r.url}`);
    expect(routes.length).toBeGreaterThanOrEqual(15);
    const missing = routes.filter((r) => !(r in PROBES));
    expect(missing).toEqual([]);
  });

  for (const role of OPD_ROLES) {
    it(`${role} of DINKES gets 403/404 on DISDIK's data for every route`, async () => {
      const c = new ApiClient(app.url);
      expect((await c.login(a[role]!.email, a[role]!.password)).status).toBe(200);
      for (const [route, probe] of Object.entries(PROBES)) {
        if (typeof probe !== 'function') continue;
        const res = await probe(c);
        expect(isDenied(res), `${role} ${route} → ${res.status} ${res.text.slice(0, 200)}`).toBe(true);
        expect(res.text).not.toContain(bUser.email);
        expect(res.text).not.toContain('rahasia-disdik');
      }
      const notices = await c.get('/api/notifications');
      expect(notices.status).toBe(200);
      expect(notices.text).not.toContain('rahasia-disdik');
      const ownAccounts = await c.get('/api/channels/accounts');
      expect(ownAccounts.text).not.toContain('PAGE_DISDIK');
      const ownEvents = await c.get('/api/channels/events');
      expect(ownEvents.text).not.toContain('rahasia');
      const org = await c.get(`/api/orgs/${bOrgId}`);
      expect(org.status).toBe(200);
      expect(org.body.users).toBeNull();
      expect(org.body.org.userCount).toBeNull();
      // Nothing changed for B.
      const bRow = await app.db.db.selectFrom('app_user').select('status').where('id', '=', bUser.id).executeTakeFirstOrThrow();
      expect(bRow.status).toBe('active');
      const bAcc = await app.db.db.selectFrom('channel_account').select('status').where('id', '=', bAccountId).executeTakeFirstOrThrow();
      expect(bAcc.status).toBe('active');
      const bI = await app.db.db.selectFrom('interaction').select(['status', 'org_id', 'intent']).where('id', '=', bInteractionId).executeTakeFirstOrThrow();
      expect(bI).toEqual({ status: 'open', org_id: bOrgId, intent: 'complaint' });
      expect(await app.db.db.selectFrom('outbound').select('id').where('interaction_id', '=', bInteractionId).execute()).toHaveLength(0);
      expect(await app.db.db.selectFrom('canned_response').select('id').where('org_id', '=', bOrgId).execute()).toEqual([{ id: bCannedId }]);
      const views = await c.get('/api/inbox/saved-views');
      expect(views.status).toBe(200);
      expect(views.text).not.toContain('rahasia-disdik');
      expect(await app.db.db.selectFrom('inbox_saved_view').select(['name', 'shared']).where('id', '=', bSavedViewId).executeTakeFirstOrThrow()).toEqual({ name: 'rahasia-disdik tampilan', shared: true });
      const found = await c.get('/api/inbox/contacts?q=rahasia');
      expect(found.status === 200 || found.status === 403).toBe(true);
      expect(found.text).not.toContain(bContactId);
      const ownInbox = await c.get('/api/inbox');
      expect(ownInbox.text).not.toContain('rahasia-disdik');
      const bCases = await app.db.db.selectFrom('complaint_case').select(['status', 'org_id', 'confidential', 'external_ref']).where('id', 'in', [bCaseId, bConfidentialCaseId]).orderBy('confidential').execute();
      expect(bCases).toEqual([
        { status: 'diterima', org_id: bOrgId, confidential: false, external_ref: null },
        { status: 'diterima', org_id: bOrgId, confidential: true, external_ref: null },
      ]);
      expect(await app.db.db.selectFrom('complaint_case').select('id').where('source_interaction_id', '=', bInteractionId).execute()).toHaveLength(0);
      expect(await app.db.db.selectFrom('case_event').select('id').where('case_id', 'in', [bCaseId, bConfidentialCaseId]).execute()).toHaveLength(0);
      const ownCases = await c.get('/api/cases');
      expect(ownCases.status).toBe(200);
      expect(ownCases.text).not.toContain('rahasia-disdik');
      const intruders = await app.db.db.selectFrom('app_user').select('id').where('org_id', '=', bOrgId).where('email', 'like', 'susup.%').execute();
      expect(intruders).toHaveLength(0);
    });
  }

  it('province roles see across OPDs: the supervisor reads, only the admin changes', async () => {
    const sup = await buildUser(app.db.db, { role: 'province_supervisor' });
    const c = new ApiClient(app.url);
    await c.login(sup.email, sup.password);
    const users = await c.get(`/api/users?orgId=${bOrgId}`);
    expect(users.status).toBe(200);
    expect(users.body.items.map((u: { id: string }) => u.id)).toContain(bUser.id);
    expect((await c.get(`/api/audit?orgId=${bOrgId}`)).status).toBe(200);
    expect((await c.patch(`/api/users/${bUser.id}`, { name: 'Diubah' })).status).toBe(403);
    const pa = await buildUser(app.db.db, { role: 'province_admin' });
    const admin = new ApiClient(app.url);
    await admin.login(pa.email, pa.password);
    expect((await admin.patch(`/api/users/${bUser.id}`, { name: 'Nama Baru B' })).status).toBe(200);
  });

  it('public routes (no login) and Open311 show no personal data and never a confidential case', async () => {
    const [open, secret] = await Promise.all(
      [bCaseId, bConfidentialCaseId].map(async (id) => (await app.db.db.selectFrom('complaint_case').select('code').where('id', '=', id).executeTakeFirstOrThrow()).code),
    );
    const pub = new ApiClient(app.url, { ip: '10.66.0.1' });
    const seen: ApiResponse[] = [];
    const tracked = await pub.get(`/api/public/cases/${open}`);
    expect(tracked.status).toBe(200);
    expect(tracked.body.descriptionHidden).toBe(true);
    seen.push(tracked);
    const hidden = await pub.get(`/api/public/cases/${secret}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.detail).toBe('Data tidak ditemukan.');
    expect(hidden.text).not.toContain('rahasia-disdik');
    for (const path of ['/api/public/case-categories', '/api/public/regions', '/api/public/stats', '/api/public/stats.csv', '/api/public/stats?from=2020-01-01']) {
      const r = await pub.get(path);
      expect(r.status, path).toBe(200);
      seen.push(r);
    }
    for (const path of ['/open311/v2/requests.json', '/open311/v2/requests.xml', `/open311/v2/requests.json?service_request_id=${open},${secret}`, `/open311/v2/requests/${open}.xml`]) {
      const r = await pub.get(path);
      expect(r.status, path).toBe(200);
      seen.push(r);
    }
    expect((await pub.get(`/open311/v2/requests/${secret}.json`)).status).toBe(404);
    expect((await pub.get(`/open311/v2/requests.json?service_request_id=${open},${secret}`)).body.map((x: { service_request_id: string }) => x.service_request_id)).toEqual([open]);
    for (const r of seen) {
      expect(r.text).not.toContain('Pelapor Disdik');
      expect(r.text).not.toContain(secret);
      expect(r.text).not.toContain(bConfidentialCaseId);
      expect(r.text).not.toContain(bCaseId);
      // Unverified citizen text is not published.
      expect(r.text).not.toContain('rahasia-disdik');
    }
  });

  it('unauthenticated requests get 401 on every protected route', async () => {
    const c = new ApiClient(app.url);
    await c.session();
    for (const [route, probe] of Object.entries(PROBES)) {
      if (typeof probe !== 'function') continue;
      const res = await probe(c);
      expect(res.status, route).toBe(401);
    }
  });
});
