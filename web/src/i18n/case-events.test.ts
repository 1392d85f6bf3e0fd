import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { PUBLIC_TEXTS, STAFF_TEXTS, type EventParams } from '../../../src/modules/cases/event-texts.ts';
import en from './en.json' with { type: 'json' };
import id from './id.json' with { type: 'json' };

// Case event texts travel as codes with parameters (src/modules/cases/event-texts.ts); the web shows
// them through caseEvents.* in Indonesian or English. The Indonesian translation must say exactly what
// the server stores as the text (which also goes to the citizen's channel).

const sample: EventParams = { code: 'SB-2611-000123', org: 'Dinas Kesehatan', days: 10, authority: 'Pemerintah Kota Padang', reason: 'Bukan aduan', original: 'SB-2611-000001', count: 3, rating: 4, ref: 'LAPOR-6123456', merged: 'SB-2611-000007' };
// Texts whose server version carries a date or a computed phrase: the web formats those itself.
const WITH_DATES = new Set(['staff.auto_closed', 'staff.deadline_warning', 'staff.escalation']);

async function instance(lng: 'id' | 'en') {
  const i = i18next.createInstance();
  await i.init({ lng, resources: { id: { translation: id }, en: { translation: en } }, interpolation: { escapeValue: false }, initAsync: false });
  return i;
}

describe('case event texts', () => {
  it('every server code has an Indonesian and an English translation', async () => {
    for (const lng of ['id', 'en'] as const) {
      const i = await instance(lng);
      for (const [kind, texts] of [['public', PUBLIC_TEXTS], ['staff', STAFF_TEXTS]] as const) {
        for (const code of Object.keys(texts)) expect(i.exists(`caseEvents.${kind}.${code}`, { count: 2 }), `${lng} ${kind}.${code}`).toBe(true);
      }
    }
  });

  it('the Indonesian translation says exactly what the server stores', async () => {
    const i = await instance('id');
    for (const [kind, texts] of [['public', PUBLIC_TEXTS], ['staff', STAFF_TEXTS]] as const) {
      for (const [code, text] of Object.entries(texts)) {
        if (WITH_DATES.has(`${kind}.${code}`)) continue;
        // the keys are built at run time: i18next's typed keys do not apply here
        const t = i.t as unknown as (key: string, options: EventParams) => string;
        expect(t(`caseEvents.${kind}.${code}`, sample), `${kind}.${code}`).toBe(text(sample));
      }
    }
  });

  it('English reads naturally with its plurals', async () => {
    const i = await instance('en');
    expect(i.t('caseEvents.public.joined', { count: 1 })).toBe('Another citizen reported the same matter (1 reporter).');
    expect(i.t('caseEvents.public.merged_in', { count: 3 })).toContain('(3 reporters)');
    expect(i.t('caseEvents.public.received', { code: 'SB-2611-000123' })).toBe('Complaint received with tracking code SB-2611-000123.');
  });
});
