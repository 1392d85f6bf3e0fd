import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.ts';
import { exportCorrections, recordCorrection } from './corrections.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('responders’ corrections', () => {
  it('are stored with personal data masked, replaced per interaction and task, and exported as training rows', async () => {
    const base = { orgId: null, interactionId: 'i-1', task: 'opd' as const, channel: 'whatsapp', predicted: 'DINKES', modelVersion: 'lang-x', correctedBy: null };
    await recordCorrection(db.db, { ...base, text: 'SMA negeri di Solok rusak, NIK saya 1371021503900001 hp 081234567890', corrected: 'DISDIK' });
    await recordCorrection(db.db, { ...base, text: 'SMA negeri di Solok rusak, NIK saya 1371021503900001 hp 081234567890', corrected: 'BMCKTR' });
    await recordCorrection(db.db, { ...base, interactionId: 'i-2', task: 'intent', text: 'kapan pendaftaran dibuka?', predicted: 'complaint', corrected: 'question' });
    const lines = (await exportCorrections(db.db)).map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ id: 'i-1', opd: 'BMCKTR', source: 'correction', model_version: 'lang-x', channel: 'whatsapp' });
    expect(lines[0].text).not.toContain('1371021503900001');
    expect(lines[0].text).not.toContain('081234567890');
    expect(lines[0].text).toContain('SMA negeri di Solok');
    expect((await exportCorrections(db.db, 'intent')).map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ intent: 'question', text: 'kapan pendaftaran dibuka?' })]);
  });
});
