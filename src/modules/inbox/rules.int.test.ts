import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { ApiClient } from '../../../test/helpers/client.ts';
import { buildUser, eventually, orgId } from '../../../test/helpers/factories.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await app.db.db.insertInto('channel_account').values({ org_id: await orgId(app.db.db, 'DINKES'), platform: 'facebook', external_id: 'PAGE_R', name: 'Dinkes' }).execute();
});
afterAll(async () => {
  await app?.close();
});

describe('routing rules', () => {
  it('a province admin adds a rule, tries it in the test box, and new messages follow it before the classifier', async () => {
    const pa = await buildUser(app.db.db, { role: 'province_admin' });
    const c = new ApiClient(app.url);
    await c.login(pa.email, pa.password);
    const bad = await c.post('/api/inbox/rules', { name: 'kosong', match: {}, action: { label: 'x' } });
    expect(bad.status).toBe(400);
    const created = await c.post('/api/inbox/rules', { name: 'Samsat ke Bapenda', match: { keywords: ['samsat'] }, action: { routeOrgCode: 'BAPENDA', label: 'pajak', urgency: 'high' } });
    expect(created.status).toBe(201);
    const tried = await c.post('/api/inbox/rules/test', { text: 'Antrian di samsat Bukittinggi lama sekali' });
    expect(tried.body.rule).toMatchObject({ name: 'Samsat ke Bapenda', action: { routeOrgCode: 'BAPENDA' } });
    expect(tried.body.classifier.intent).toBeTruthy();
    expect((await c.post('/api/inbox/rules/test', { text: 'Terima kasih atas informasinya' })).body.rule).toBeNull();

    const body = JSON.stringify({ object: 'page', entry: [{ id: 'PAGE_R', time: 1764280000, changes: [{ field: 'feed', value: { from: { id: 'u1', name: 'Warga' }, post_id: 'PAGE_R_1', comment_id: 'rule-1', message: 'Antrian di samsat Bukittinggi lama sekali, tolong', created_time: 1764279999, item: 'comment', verb: 'add' } }] }] });
    const sig = `sha256=${createHmac('sha256', app.running.platforms.apps.meta.appSecret).update(body).digest('hex')}`;
    expect((await fetch(`${app.url}/webhooks/facebook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sig }, body })).status).toBe(200);
    const i = await eventually(() => app.db.db.selectFrom('interaction').innerJoin('org', 'org.id', 'interaction.org_id').select(['org.code', 'interaction.labels', 'interaction.urgency', 'interaction.rule_id']).where('external_id', '=', 'rule-1').executeTakeFirst(), 20_000);
    expect(i).toMatchObject({ code: 'BAPENDA', labels: ['pajak'], urgency: 'high', rule_id: created.body.id });
  });

  it('only province admins change rules; supervisors may read and test', async () => {
    const sup = await buildUser(app.db.db, { role: 'province_supervisor' });
    const c = new ApiClient(app.url);
    await c.login(sup.email, sup.password);
    expect((await c.get('/api/inbox/rules')).status).toBe(200);
    expect((await c.post('/api/inbox/rules', { name: 'x', match: { keywords: ['aa'] }, action: { label: 'x' } })).status).toBe(403);
  });
});
