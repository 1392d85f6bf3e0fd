import fc from 'fast-check';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { contentProblems, deriveVariant, diffWords, PostContent, xLength, type AccountInfo, type MediaFacts } from './content.ts';
import { approvalRefusal, canStart, chainFor, levelsRequired, settledStatus } from './lifecycle.ts';

// The pure parts of publishing: the state machine, the approval chain, variants, checks and diffs.

const FB = '11111111-1111-4111-8111-111111111111';
const X = '22222222-2222-4222-8222-222222222222';
const IG = '33333333-3333-4333-8333-333333333333';
const MEDIA = '44444444-4444-4444-8444-444444444444';
const accounts = new Map<string, AccountInfo>([
  [FB, { id: FB, platform: 'facebook', name: 'Dinkes FB', status: 'active' }],
  [X, { id: X, platform: 'x', name: 'Dinkes X', status: 'active' }],
  [IG, { id: IG, platform: 'instagram', name: 'Dinkes IG', status: 'active' }],
]);
const post = (o: Partial<z.input<typeof PostContent>> = {}): PostContent => PostContent.parse({ text: 'Vaksinasi gratis di puskesmas.', channels: [{ accountId: FB }], ...o });

describe('the state machine', () => {
  it('lets an edit happen before publishing only, and approval only of a submitted post', () => {
    expect(canStart('edit', 'terjadwal')).toBe(true);
    expect(canStart('edit', 'menerbitkan')).toBe(false);
    expect(canStart('edit', 'dipublikasikan')).toBe(false);
    expect(canStart('approve', 'draft')).toBe(false);
    expect(canStart('approve', 'diajukan')).toBe(true);
    expect(canStart('retry', 'sebagian_gagal')).toBe(true);
    expect(canStart('retry', 'dipublikasikan')).toBe(false);
  });

  it('settles a post from its publications', () => {
    expect(settledStatus(['published', 'published'])).toBe('dipublikasikan');
    expect(settledStatus(['published', 'failed'])).toBe('sebagian_gagal');
    expect(settledStatus(['published', 'ambiguous'])).toBe('sebagian_gagal');
    expect(settledStatus(['failed', 'failed'])).toBe('gagal');
    expect(settledStatus(['published', 'sending'])).toBe('menerbitkan');
    expect(settledStatus(['published', 'cancelled'])).toBe('dipublikasikan');
  });
});

describe('the approval chain', () => {
  const two = { approvalLevels: 2, provinceReviewCategories: ['kebencanaan'] };
  it('has the OPD levels, then the province for sensitive categories', () => {
    expect(levelsRequired(two, 'informasi')).toBe(2);
    expect(chainFor(two, 'kebencanaan', 'opd').map((r) => [r.kind, r.roles.join('|')])).toEqual([
      ['opd', 'opd_head|opd_admin'],
      ['opd', 'opd_head'],
      ['province', 'province_admin|province_supervisor'],
    ]);
    expect(chainFor({ approvalLevels: 1, provinceReviewCategories: [] }, 'informasi', 'province')[0]!.kind).toBe('province');
  });
  it('refuses self-approval, a second level by the same person, the wrong role and another OPD', () => {
    const rule = chainFor(two, 'informasi', 'opd')[1]!;
    const base = { postOrgId: 'A', postCreatedBy: 'author', versionCreatedBy: 'editor', earlierApprovers: ['first'], rule };
    expect(approvalRefusal({ ...base, actor: { userId: 'head', role: 'opd_head', orgId: 'A' } })).toBeNull();
    expect(approvalRefusal({ ...base, actor: { userId: 'author', role: 'opd_head', orgId: 'A' } })).toBe('self');
    expect(approvalRefusal({ ...base, actor: { userId: 'editor', role: 'opd_head', orgId: 'A' } })).toBe('self');
    expect(approvalRefusal({ ...base, actor: { userId: 'first', role: 'opd_head', orgId: 'A' } })).toBe('self');
    expect(approvalRefusal({ ...base, actor: { userId: 'adm', role: 'opd_admin', orgId: 'A' } })).toBe('level');
    expect(approvalRefusal({ ...base, actor: { userId: 'other', role: 'opd_head', orgId: 'B' } })).toBe('level');
  });
});

describe('per-channel variants', () => {
  it('appends the link, and on platforms without clickable links says where to find it', () => {
    const c = post({ link: 'https://dinkes.sumbarprov.go.id/info', channels: [{ accountId: FB }, { accountId: IG }] });
    expect(deriveVariant(c, 'facebook', c.channels[0]!).text).toBe('Vaksinasi gratis di puskesmas.\n\nhttps://dinkes.sumbarprov.go.id/info');
    expect(deriveVariant(c, 'instagram', c.channels[1]!).text).toMatch(/Info lengkap: https:\/\/dinkes/);
  });
  it('cuts a long text for X at a word with an ellipsis, counting the URL as 23', () => {
    const long = 'Pemerintah Provinsi Sumatera Barat mengajak seluruh warga untuk mengikuti imunisasi campak rubela bagi anak usia sembilan bulan sampai lima belas tahun di puskesmas, posyandu, dan sekolah terdekat mulai pekan depan. Imunisasi ini gratis dan aman, sudah melalui uji klinis.';
    const c = post({ text: long, link: 'https://dinkes.sumbarprov.go.id/imunisasi-campak-rubela-2026', channels: [{ accountId: X }] });
    const v = deriveVariant(c, 'x', c.channels[0]!);
    expect(xLength(v.text)).toBeLessThanOrEqual(280);
    expect(v.text).toMatch(/…\n\nhttps:\/\/dinkes/);
    expect(v.derived).toBe(true);
  });
  it('keeps the author’s own text for a channel', () => {
    const c = post({ channels: [{ accountId: X, text: 'Teks khusus X', title: null }] });
    expect(deriveVariant(c, 'x', c.channels[0]!)).toMatchObject({ text: 'Teks khusus X', derived: false });
  });
  it('never exceeds X’s limit, whatever the text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 1200, unit: 'grapheme' }), fc.option(fc.webUrl({ validSchemes: ['https'] }), { nil: null }), (text, link) => {
        const c = post({ text, link, channels: [{ accountId: X }] });
        expect(xLength(deriveVariant(c, 'x', c.channels[0]!).text)).toBeLessThanOrEqual(280);
      }),
    );
  });
});

describe('checks before submitting', () => {
  it('asks for alt text, media where the platform needs it, and a medium of this OPD', () => {
    const c = post({ channels: [{ accountId: IG }], media: [{ mediaId: MEDIA, kind: 'image', altText: '' }] });
    const mine = new Map<string, MediaFacts>([[MEDIA, { kind: 'image', sizeBytes: 1000, durationMs: null, usable: true }]]);
    expect(contentProblems(c, accounts, mine).map((p) => p.message.id)).toEqual(['Gambar 1 belum memiliki teks alternatif (alt text) untuk pembaca layar.']);
    const theirs = new Map<string, MediaFacts>([[MEDIA, { kind: 'image', sizeBytes: 1000, durationMs: null, usable: false }]]);
    expect(contentProblems(post({ channels: [{ accountId: IG }], media: [{ mediaId: MEDIA, kind: 'image', altText: 'x' }] }), accounts, theirs).map((p) => p.message.id)).toContain('Berkas media 1 tidak ditemukan di pustaka media OPD ini; unggah ulang.');
    expect(contentProblems(post({ channels: [{ accountId: IG }] }), accounts).map((p) => p.message.id)).toEqual(['Dinkes IG: Instagram memerlukan gambar atau video.']);
  });
  it('checks a video against each platform’s duration and size', () => {
    const c = post({ channels: [{ accountId: X }, { accountId: FB }], media: [{ mediaId: MEDIA, kind: 'video', altText: '' }] });
    const facts = new Map<string, MediaFacts>([[MEDIA, { kind: 'video', sizeBytes: 50 * 2 ** 20, durationMs: 180_000, usable: true }]]);
    expect(contentProblems(c, accounts, facts).map((p) => p.message.id)).toEqual(['Dinkes X: durasi video 3 menit, batas 2 menit.']);
  });
  it('finds unknown and duplicate accounts and over-long texts', () => {
    const c = post({ channels: [{ accountId: X, text: 'a'.repeat(300), title: null }, { accountId: X }, { accountId: MEDIA }] });
    expect(contentProblems(c, accounts).map((p) => p.message.en)).toEqual(['Dinkes X: the text has 300 characters; the limit is 280.', 'The same account is chosen twice.', 'Channel account not found or not owned by this OPD.']);
  });
});

describe('version diff', () => {
  it('marks added and removed words and keeps the rest', () => {
    expect(diffWords('Pendaftaran dibuka sampai Jumat.', 'Pendaftaran Bimtek dibuka sampai Sabtu.')).toEqual([
      { op: 'same', text: 'Pendaftaran ' },
      { op: 'added', text: 'Bimtek ' },
      { op: 'same', text: 'dibuka sampai ' },
      { op: 'removed', text: 'Jumat.' },
      { op: 'added', text: 'Sabtu.' },
    ]);
  });
  it('rebuilds both texts from the parts (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), (a, b) => {
        const parts = diffWords(a, b);
        expect(parts.filter((p) => p.op !== 'added').map((p) => p.text).join('')).toBe(a);
        expect(parts.filter((p) => p.op !== 'removed').map((p) => p.text).join('')).toBe(b);
      }),
    );
  });
});
