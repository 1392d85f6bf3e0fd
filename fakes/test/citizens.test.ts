// The citizen corpus generators and the simulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { createRng } from '../core/rng.ts';
import { generateCorpus, generateFollowUp, generateMessage, templateStats } from '../citizens/generate.ts';
import { PLACES } from '../citizens/lexicon.ts';
import { startSimulator } from '../citizens/simulator.ts';
import type { RunningFakes } from '../server.ts';
import { ControlClient } from '../control-client.ts';
import { graph, json, startTestFakes } from './helpers.ts';

const SHARED = new URL('../../../shared/data/sumbar/', import.meta.url);
const opdCodes = existsSync(new URL('opd.json', SHARED)) ? new Set((JSON.parse(readFileSync(new URL('opd.json', SHARED), 'utf8')) as { opds: { code: string }[] }).opds.map((o) => o.code)) : null;
const outsideIds = existsSync(new URL('outside-authority.json', SHARED)) ? new Set((JSON.parse(readFileSync(new URL('outside-authority.json', SHARED), 'utf8')) as { entries: { id: string }[] }).entries.map((e) => e.id)) : null;

describe('citizen message generators', () => {
  const corpus = generateCorpus('test', 1500);

  it('is deterministic per seed', () => {
    expect(generateCorpus('test', 50).map((m) => m.text)).toEqual(corpus.slice(0, 50).map((m) => m.text));
    expect(generateCorpus('other', 50).map((m) => m.text)).not.toEqual(corpus.slice(0, 50).map((m) => m.text));
  });

  it('labels every message with valid OPD codes, outside-authority ids and canonical places', () => {
    const places = new Set(PLACES.map((p) => p.kabkota));
    for (const m of corpus) {
      if (m.opd && !m.opd.startsWith('OUTSIDE:') && opdCodes) expect(opdCodes.has(m.opd), m.opd).toBe(true);
      if (m.opd) expect(m.opd).toMatch(/^(OUTSIDE:[A-Z]+|[A-Z0-9]+)$/);
      if (m.outside && outsideIds) expect(outsideIds.has(m.outside), m.outside).toBe(true);
      if (m.location) expect(places.has(m.location), m.location).toBe(true);
      expect(['complaint', 'question', 'aspiration', 'praise', 'spam', 'abuse', 'other']).toContain(m.intent);
      expect(m.text.length).toBeGreaterThan(0);
      if (m.channel === 'x_mention') expect([...m.text].length).toBeLessThanOrEqual(280);
    }
    const stats = templateStats();
    expect(stats.opds.filter((o) => !o.startsWith('OUTSIDE:')).length).toBeGreaterThanOrEqual(30);
  });

  it('covers intents, styles and languages in a government-inbox-like mix', () => {
    const count = (pred: (m: (typeof corpus)[number]) => boolean) => corpus.filter(pred).length;
    expect(count((m) => m.intent === 'complaint')).toBeGreaterThan(count((m) => m.intent === 'question'));
    for (const style of ['sarcasm', 'judol', 'scam', 'emergency', 'pungli']) expect(count((m) => m.style === style), style).toBeGreaterThan(0);
    for (const lang of ['id', 'min', 'mixed', 'en']) expect(count((m) => m.lang === lang), lang).toBeGreaterThan(0);
    expect(count((m) => m.opd === 'OUTSIDE:PLN')).toBeGreaterThan(0);
    expect(count((m) => m.opd === 'OUTSIDE:KABKOTA' && m.outside === 'adminduk')).toBeGreaterThan(0);
    expect(count((m) => m.urgency === 'high')).toBeGreaterThan(0);
  });

  it('only carries fictional personal data, listed exactly', () => {
    const withPii = corpus.filter((m) => m.pii.length > 0);
    expect(withPii.length).toBeGreaterThan(20);
    for (const m of withPii) {
      // citizens send their own data in private channels; spammers post their contact numbers anywhere
      if (m.intent !== 'spam') expect(['whatsapp', 'telegram', 'facebook_message', 'instagram_message', 'x_dm']).toContain(m.channel);
      for (const p of m.pii) {
        expect(m.text).toContain(p.value);
        if (p.type === 'nik') expect(p.value).toMatch(/^13\d{10}0000$/);
        if (p.type === 'phone') expect(p.value.replace(/\D/g, '')).toMatch(/^08\d{2}0000\d{4}$/);
        if (p.type === 'email') expect(p.value).toMatch(/@example\.(com|org|net)$/);
        if (p.type === 'plate') expect(p.value).toMatch(/^BA \d{4} [A-Z]{2}$/);
      }
    }
  });

  it('never reproduces a text of the shared evaluation corpus', () => {
    const dev = new URL('../aduan-sumbar/dev.jsonl', SHARED);
    if (!existsSync(dev)) return;
    const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
    const theirs = new Set(readFileSync(dev, 'utf8').split('\n').filter(Boolean).map((l) => norm((JSON.parse(l) as { text: string }).text)));
    // trivial one-liners ("P", "min", "Assalamualaikum") are everybody's; anything longer must be our own
    for (const m of corpus) if (m.text.length >= 25) expect(theirs.has(norm(m.text)), m.text).toBe(false);
  });

  it('writes follow-ups in the same thread context (OPD, topic, author)', () => {
    const rng = createRng('fu');
    const first = generateMessage(rng, { intent: 'complaint', opd: 'BMCKTR', channel: 'whatsapp' });
    for (let i = 0; i < 20; i++) {
      const fu = generateFollowUp(rng, first);
      expect(fu.style).toBe('followup');
      expect(fu.author).toEqual(first.author);
      expect(fu.topic).toBe(first.topic);
      if (fu.intent === 'complaint') expect(fu.opd).toBe('BMCKTR');
    }
  });
});

describe('simulator', () => {
  let f: RunningFakes;
  let control: ControlClient;
  beforeAll(async () => {
    f = await startTestFakes({ demo: { opds: [{ code: 'DISDIK', name: 'Dinas Pendidikan' }, { code: 'BAPENDA', name: 'Badan Pendapatan Daerah' }] } });
    control = new ControlClient(f.url);
  });
  afterAll(async () => {
    await f.close();
  });
  const accounts = () => f.demo!.opds.flatMap((o) => o.accounts.map((a) => ({ platform: a.platform, accountId: a.id, opdCode: o.code })));

  it('acts on every inbound platform and replies to government answers', async () => {
    const sim = startSimulator({ control, accounts: accounts(), actionsPerMinute: 0, seed: 3, followUpRate: 1 });
    for (let i = 0; i < 40; i++) await sim.step();
    expect(sim.stats.errors).toBe(0);
    expect(new Set(sim.actions.map((a) => a.platform))).toEqual(new Set(['facebook', 'instagram', 'whatsapp', 'x', 'telegram', 'youtube']));
    // the government answers a Facebook comment and a WhatsApp message
    const fbAcc = f.demo!.opds.flatMap((o) => o.accounts).find((a) => a.platform === 'facebook' && a.id === sim.actions.find((x) => x.platform === 'facebook' && x.input.type === 'comment')?.accountId)!;
    const fbAction = sim.actions.find((a) => a.platform === 'facebook' && a.input.type === 'comment' && a.accountId === fbAcc.id)!;
    const reply = await graph(f.url, 'POST', `/${fbAction.result!.ids.commentId}/comments`, { message: 'Terima kasih, segera kami tindak lanjuti.', access_token: fbAcc.credentials.accessToken });
    expect(reply.status).toBe(200);
    const fu = await sim.step();
    expect(fu!.followUpOf).toBeGreaterThan(0);
    expect(fu!.input).toMatchObject({ platform: 'facebook', type: 'comment', parentId: reply.body.id });
    expect(fu!.message.author).toEqual(fbAction.message.author);
    expect(fu!.result!.ids.parentId).toBe(fbAction.result!.ids.commentId);

    const waAction = sim.actions.find((a) => a.platform === 'whatsapp')!;
    const waAcc = f.demo!.opds.flatMap((o) => o.accounts).find((a) => a.id === waAction.accountId)!;
    const sent = await fetch(`${f.url}/graph/v23.0/${waAcc.id}/messages`, { method: 'POST', headers: { authorization: `Bearer ${waAcc.credentials.accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ messaging_product: 'whatsapp', to: waAction.result!.ids.waId, type: 'text', text: { body: 'Mohon kirim nomor aduan Anda' } }) }).then(json);
    expect(sent.messages[0].id).toBeTruthy();
    const waFu = await sim.step();
    expect(waFu!.input).toMatchObject({ platform: 'whatsapp', from: { phone: waAction.result!.ids.waId } });
    expect(sim.stats.followUps).toBe(2);
    await sim.stop();
  });

  it('acts on its own at the configured rate', async () => {
    const sim = startSimulator({ control, accounts: accounts(), actionsPerMinute: 1200, seed: 4 });
    await new Promise((r) => setTimeout(r, 400));
    await sim.stop();
    expect(sim.stats.actions).toBeGreaterThan(0);
    expect(sim.stats.errors).toBe(0);
  });
});
