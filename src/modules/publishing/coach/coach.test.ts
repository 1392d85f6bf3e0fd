import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { campaignOverlap, stem } from './checks/campaign.ts';
import { coach, scoreOf } from './coach.ts';
import { CHANNEL_PLATFORMS } from './limits.ts';
import { RULE_GROUPS, RULES, SEVERITY_WEIGHT } from './rules.ts';
import { ENUMS } from './schema.ts';
import { ALL_CHANNELS, check, findingsOf } from './test-helpers.ts';
import { EMPTY_SETTINGS, POST_TYPES, SEVERITIES, type CoachInput, type CoachSettings, type Finding } from './types.ts';

/** A realistic, complete announcement by a West Sumatra OPD (docs/content-coach.md uses it as the model post). */
const GOOD: CoachInput = {
  title: 'Pasar Murah Dinas Perindustrian dan Perdagangan',
  text:
    'Pasar murah hadir lagi di Padang! Dinas Perindustrian dan Perdagangan (Disperindag) Sumatera Barat menjual beras, minyak goreng, gula dan telur di bawah harga pasar.\n\n' +
    '📅 Sabtu, 6 Desember 2026, pukul 08.00–12.00 WIB\n📍 Lapangan Imam Bonjol, Padang\n\n' +
    'Bawa KTP dan kantong belanja sendiri. Satu orang paling banyak dua paket.\n' +
    'Informasi: WhatsApp layanan 0811-6600-123 atau https://disperindag.sumbarprov.go.id/pasar-murah\n\n#PasarMurah #SumbarMadani',
  channels: ['facebook', 'instagram', 'telegram'],
  media: [{ kind: 'image', altText: 'Warga antre membeli paket beras dan minyak goreng di tenda pasar murah Lapangan Imam Bonjol' }],
};

describe('the coach as a whole', () => {
  it('a good, complete announcement scores high with nothing serious', () => {
    const r = coach(GOOD);
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(r.score).toBeGreaterThanOrEqual(90);
    expect(r.stats.postType).toBe('event');
  });

  it('the issue’s scenario: an unexplained abbreviation and a missing alt text are flagged, and fixing both clears them', () => {
    const draft = { ...GOOD, text: GOOD.text.replace('Dinas Perindustrian dan Perdagangan (Disperindag)', 'Disperindag'), media: [{ kind: 'image' as const, altText: null }] };
    const before = coach(draft);
    expect(before.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['abbreviation.unexplained', 'accessibility.alt_text_missing']));
    expect(before.score).toBeLessThan(coach(GOOD).score);
    const after = coach(GOOD);
    expect(after.findings.map((f) => f.rule)).not.toContain('abbreviation.unexplained');
    expect(after.findings.map((f) => f.rule)).not.toContain('accessibility.alt_text_missing');
  });

  it('orders findings by severity, then position, and each has a reason and a fix in both languages', () => {
    const r = check('Dalam rangka HUT, OPD menggelar lomba 🎉🎉🎉🎉 #sumbarmadani', { channels: ALL_CHANNELS, media: [{ kind: 'image', altText: null }] });
    const sev = r.findings.map((f) => SEVERITIES.indexOf(f.severity));
    expect(sev).toEqual([...sev].sort((a, b) => a - b));
    for (const f of r.findings) {
      expect(f.message.id.length, f.rule).toBeGreaterThan(10);
      expect(f.message.en.length, f.rule).toBeGreaterThan(10);
      expect(f.fix.id.length, f.rule).toBeGreaterThan(5);
      expect(f.fix.en.length, f.rule).toBeGreaterThan(5);
      expect(RULES.some((x) => x.id === f.rule), f.rule).toBe(true);
    }
  });
});

describe('score', () => {
  const f = (rule: string, severity: Finding['severity']): Finding => ({ rule, severity, message: { id: '', en: '' }, fix: { id: '', en: '' } });
  it('is 100 minus 15 per error, 6 per warning, 2 per hint, at most three findings per rule, never below 0', () => {
    expect(SEVERITY_WEIGHT).toEqual({ error: 15, warning: 6, info: 2 });
    expect(scoreOf([])).toBe(100);
    expect(scoreOf([f('a', 'error'), f('b', 'warning'), f('c', 'info')])).toBe(77);
    expect(scoreOf(Array.from({ length: 10 }, () => f('readability.bureaucratic_phrase', 'info')))).toBe(94);
    expect(scoreOf(Array.from({ length: 10 }, (_, i) => f(`r${i}`, 'error')))).toBe(0);
  });
});

describe('settings', () => {
  const settings = (s: Partial<CoachSettings>): CoachSettings => ({ ...EMPTY_SETTINGS, ...s });
  const t = 'Dalam rangka HUT, OPD menggelar lomba.';
  it('a disabled rule produces nothing; a severity override applies', () => {
    expect(findingsOf(t, 'abbreviation.unexplained', {}, settings({ rules: { 'abbreviation.unexplained': { enabled: false } } }))).toEqual([]);
    expect(findingsOf(t, 'abbreviation.unexplained', {}, settings({ rules: { 'abbreviation.unexplained': { severity: 'error' } } }))[0]!.severity).toBe('error');
    expect(findingsOf(t, 'readability.bureaucratic_phrase', {}, settings({ rules: { 'readability.bureaucratic_phrase': { severity: 'warning' } } }))[0]!.severity).toBe('warning');
  });
  it('unknown rule ids and out-of-range thresholds are ignored or clamped', () => {
    const r = check(t, {}, settings({ rules: { 'no.such_rule': { enabled: false } }, thresholds: { maxSentenceWords: -5, maxEmoji: Number.NaN } }));
    expect(r.findings.length).toBeGreaterThan(0);
  });
});

describe('campaign', () => {
  const campaign = { keyMessage: 'Sumbar Madani: vaksinasi gratis untuk semua warga di puskesmas terdekat', hashtags: ['#SumbarMadani', '#AyoVaksin'] };
  it('stems Indonesian words roughly', () => {
    expect(stem('vaksinasinya')).toBe(stem('vaksinasi'));
    expect(stem('pelayanan')).toBe('layan');
    expect(stem('mendaftarkan')).toBe('daftar');
  });
  it('finds what the post lacks of the key message', () => {
    const r = campaignOverlap(campaign.keyMessage, 'Dinas Kesehatan mengajak warga ikut vaksinasi gratis.');
    expect(r.missing).toEqual(['madani', 'puskesmas', 'terdekat']);
  });
  it('campaign.off_message when under half of the key terms are carried, with what is missing', () => {
    const off = findingsOf('Lomba foto wisata berhadiah jutaan rupiah! Kirim karyamu sekarang. #SumbarMadani #AyoVaksin', 'campaign.off_message', { campaign });
    expect(off).toHaveLength(1);
    // the campaign hashtags carry "madani" and "vaksin(asi)"; the rest is missing
    expect(off[0]!.message.id).toMatch(/memuat 40% .* Yang belum ada: gratis, puskesmas, terdekat\./);
    const on = 'Ayo vaksinasi! Gratis di puskesmas terdekat untuk semua warga Sumbar. #SumbarMadani #AyoVaksin';
    expect(findingsOf(on, 'campaign.off_message', { campaign })).toEqual([]);
    expect(findingsOf(on, 'campaign.hashtag_missing', { campaign })).toEqual([]);
  });
  it('campaign.hashtag_missing names the missing hashtags; the post’s hashtag list counts', () => {
    const f = findingsOf('Vaksinasi gratis di puskesmas terdekat. #SumbarMadani', 'campaign.hashtag_missing', { campaign });
    expect(f[0]!.fix.id).toBe('Tambahkan #AyoVaksin (tulis persis seperti ini).');
    expect(findingsOf('Vaksinasi gratis di puskesmas terdekat. #SumbarMadani', 'campaign.hashtag_missing', { campaign, hashtags: ['AyoVaksin'] })).toEqual([]);
  });
  it('no campaign, no campaign findings', () => {
    expect(check('Lomba foto wisata.').findings.filter((x) => x.rule.startsWith('campaign.'))).toEqual([]);
  });
});

describe('contracts', () => {
  it('the API enums list exactly the TypeScript unions', () => {
    expect(ENUMS.Platform.options).toEqual([...CHANNEL_PLATFORMS]);
    expect(ENUMS.Severity.options).toEqual([...SEVERITIES]);
    expect(ENUMS.PostType.options).toEqual([...POST_TYPES]);
    expect(ENUMS.Group.options).toEqual([...RULE_GROUPS]);
  });
  it('rule ids are unique and grouped by their prefix', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) expect(r.id.startsWith(`${r.group}.`), r.id).toBe(true);
  });
});

describe('properties', () => {
  const media = fc.array(fc.record({ kind: fc.constantFrom('image' as const, 'video' as const), altText: fc.option(fc.string({ maxLength: 80 }), { nil: null }) }), { maxLength: 3 });
  const words = fc.constantFrom('dalam rangka', 'OPD', 'dibuka', 'di rumah', 'Senin, 1 Desember 2026', 'pukul 09.00 WIB', '#sumbarmadani', '🎉', '👨‍👩‍👧', 'https://sumbarprov.go.id/x', 'NIK 1371055203800002', 'Jl. Melati No. 5', '100% aman', '.', '\n', ' ', '(', ')', 'Bimtek (bimbingan teknis)', '\uD83D', '\uDC4D', 'é', '日本');
  const text = fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.array(words, { maxLength: 60 }).map((w) => w.join(' ')));
  const input = fc.record({
    text,
    title: fc.option(fc.string({ maxLength: 120 }), { nil: undefined }),
    channels: fc.subarray([...CHANNEL_PLATFORMS]),
    media,
    hashtags: fc.option(fc.array(fc.string({ maxLength: 20 }), { maxLength: 5 }), { nil: undefined }),
    campaign: fc.option(fc.record({ keyMessage: fc.string({ maxLength: 100 }), hashtags: fc.array(fc.string({ maxLength: 15 }), { maxLength: 3 }) }), { nil: null }),
  });

  it('never throws, keeps spans inside the text, scores 0–100, and is deterministic', () => {
    fc.assert(
      fc.property(input, (inp) => {
        const a = coach(inp);
        const b = coach(inp);
        expect(b).toEqual(a);
        expect(Number.isInteger(a.score) && a.score >= 0 && a.score <= 100).toBe(true);
        for (const f of a.findings) {
          if (!f.span) continue;
          expect(f.span.start).toBeGreaterThanOrEqual(0);
          expect(f.span.end).toBeLessThanOrEqual(inp.text.length);
          expect(f.span.start).toBeLessThanOrEqual(f.span.end);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('survives input that is not what the type says', () => {
    for (const bad of [null, undefined, 42, { text: 5 }, { text: 'x', channels: 'x', media: [null, { kind: 'gif' }] }, { text: 'x', channels: ['x', 'myspace'], media: [], campaign: { keyMessage: null, hashtags: 'x' } }]) {
      expect(() => coach(bad as unknown as CoachInput)).not.toThrow();
    }
  });
});
