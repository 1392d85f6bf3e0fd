import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeWith, clearLanguageCaches, getModels, loadModels } from './analyze.ts';
import type { Analysis, AnalysisContext, LanguageModels } from './analyze.ts';
import { withReasons } from './index.ts';
import { parseCsv, readExamplesFromString } from './data.ts';
import { evaluate, stratifiedFolds } from './metrics.ts';
import { TaskModel } from './model.ts';
import { normalize, normalizeReference } from './normalize.ts';
import { detectPii, maskPersonalData, nikPlausible } from './pii.ts';
import { DEFAULT_ALGO, trainTask } from './trainer.ts';

let models: LanguageModels;
beforeAll(() => {
  models = loadModels();
});

describe('normalize', () => {
  it('folds case, maps slang and de-elongates', () => {
    const nz = normalize('Jalannya RUSAK bangeeet, yg bener aja gk diperbaiki2');
    expect(nz.words).toContain('banget');
    expect(nz.canon).toContain('yang');
    expect(nz.canon).toContain('tidak');
    expect(nz.words).toContain('diperbaiki');
  });
  it('maps Minangkabau function words to Indonesian', () => {
    const nz = normalize('Ambo indak tau baa caro mandaftar');
    expect(nz.canon.slice(0, 4)).toEqual(['saya', 'tidak', 'tahu', 'bagaimana']);
  });
  it('undoes judol obfuscation: spaced letters, leetspeak and Unicode script letters', () => {
    expect(normalize('s l 0 t g 4 c 0 r hari ini').words).toContain('slotgacor');
    expect(normalize('situs g4c0r maxwin').words).toContain('gacor');
    expect(normalize('𝐒𝐋𝐎𝐓 𝐆𝐀𝐂𝐎𝐑').words).toEqual(['slot', 'gacor']);
  });
  it('turns URLs, mentions, hashtags, numbers and emoji into tokens', () => {
    const nz = normalize('@disdiksumbar cek https://x.co/a #SPMB 0812-3456-7801 😡🙏?');
    expect(nz.specials).toEqual(expect.arrayContaining(['<mention>', '@disdiksumbar', '<url>', '<hashtag>', '<phone>', '<emo:angry>', '<emo:pray>', '<q>']));
    expect(nz.words).toContain('spmb');
  });
  it('fast path (char-code scanner) equals the regular-expression path (property)', () => {
    const pieces = ['a', 'b', 'o', 'm', 'c', 'i', 'd', 'w', 'h', 't', 'p', 's', 'x', '0', '1', '8', '6', '2', '.', '-', '@', '#', '+', ':', '/', '_', "'",
      '[', ']', ' ', '?', '!', '*', ',', 'com', 'co', 'id', 'www.', 'http://', 'https://', '[.]', 'A', 'Z', 'yg', 'bangeeet', 'g4c0r', 'anak2', '5rb',
      's l 0 t', '😡', '❤️', '👍🏽', '😮‍💨', '\u200d', '’', '\n', 'x.coba', 'a@b.co.id', '0812-3456-7801', '+62', '1371081109950000'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const s = parts.join('');
        expect(normalize(s)).toEqual(normalizeReference(s));
      }),
      { numRuns: 3000 },
    );
    for (const s of ['Cek https://x.co/a dan www.slot.com, detik.com/x, pemprov.go.id!!', 'nama.saya@mail.id +62812 0812-3456-7801 10.30 12/11/2024 p3k', 'S L 0 T G4C0R maxwin 😡😡 🙏'])
      expect(normalize(s)).toEqual(normalizeReference(s));
  });
  it('survives lone surrogates and caps the analysed length', () => {
    const nz = normalize('a\uD800b ' + 'x'.repeat(100_000));
    expect(nz.truncated).toBe(true);
    expect(nz.text.length).toBeLessThanOrEqual(3000);
  });
});

describe('personal data', () => {
  it('checks NIK structure (region, date, +40 for women)', () => {
    expect(nikPlausible('1371081109950000')).toBe(true);
    expect(nikPlausible('1371065807830000')).toBe(true); // day 58 → 18, woman
    expect(nikPlausible('9971081109950000')).toBe(false); // no province 99
    expect(nikPlausible('1371083309950000')).toBe(false); // day 33
    expect(nikPlausible('1371081113950000')).toBe(false); // month 13
  });
  it('finds NIK, phones, e-mail, plates, names and addresses', () => {
    const t = 'Nama: Siska Amelia\nNIK: 1371045203600000\nHP: 0813-0000-9132 / +62 812 3456 7801\nEmail: siska.a@example.com\nNo. Polisi: BA 3178 PK\nAlamat: Jl. Sawo Kecik No. 8B RT 02/RW 04';
    const spans = detectPii(t);
    const byType = (ty: string) => spans.filter((s) => s.type === ty).map((s) => s.value);
    expect(byType('nik')).toEqual(['1371045203600000']);
    expect(byType('phone')).toEqual(['0813-0000-9132', '+62 812 3456 7801']);
    expect(byType('email')).toEqual(['siska.a@example.com']);
    expect(byType('plate')).toEqual(['BA 3178 PK']);
    expect(byType('name')).toEqual(['Siska Amelia']);
    expect(byType('address').length).toBe(1);
    for (const s of spans) expect(t.slice(s.start, s.end)).toBe(s.value);
  });
  it('finds names after "nama saya" / "atas nama" but not officials by title', () => {
    expect(detectPii('nama saya Rosmaniar, pengrajin').map((s) => s.value)).toContain('Rosmaniar');
    expect(detectPii('Atas nama: Eka Putra, NIK 1371').map((s) => s.value)).toContain('Eka Putra');
    expect(detectPii('Tolong Pak Gub segera turun').filter((s) => s.type === 'name')).toEqual([]);
    expect(detectPii('Turnamen di GOR H. Agus Salim').filter((s) => s.type === 'name')).toEqual([]);
  });
  it('masks readably', () => {
    const m = maskPersonalData('Saya Dewi Kartika, NIK 1371081109950000, HP 0812-3456-7801, mobil BA 1234 XY');
    expect(m).toContain('NIK 1371••••••••••••');
    expect(m).toContain('0812-••••-••01');
    expect(m).toContain('BA •••• XY');
    expect(m).toContain('D••• K••••••');
    expect(m).not.toMatch(/Dewi|1109950000|3456/);
  });
  it('has recall ≥ 0.95 for NIK and phone numbers on aduan-sumbar dev', () => {
    let path = '../shared/data/aduan-sumbar/dev.jsonl';
    let content: string;
    try {
      content = readFileSync(path, 'utf8');
    } catch {
      path = '';
      content = '';
    }
    if (!path) return; // shared data not available
    let n = 0;
    let hit = 0;
    for (const line of content.trim().split('\n')) {
      const r = JSON.parse(line) as { text: string; pii: { type: string; value: string }[] };
      const spans = detectPii(r.text);
      for (const g of r.pii) {
        if (g.type !== 'nik' && g.type !== 'phone') continue;
        n++;
        if (spans.some((s) => s.type === g.type && s.value.includes(g.value.trim()))) hit++;
      }
    }
    expect(hit / n).toBeGreaterThanOrEqual(0.95);
  });
});

describe('file formats and metrics', () => {
  it('reads jsonl (field named like the task, null skipped), csv with quotes and tsv', () => {
    const j = readExamplesFromString('a.jsonl', '{"id":"1","text":"a","opd":"BPBD"}\n{"id":"2","text":"b","opd":null}\n{"text":"c","opd":""}\n', { field: 'opd' });
    expect(j).toEqual([{ id: '1', text: 'a', label: 'BPBD' }]);
    const c = readExamplesFromString('a.csv', 'id,text,label\n1,"halo, ""dunia""\nbaris",positive\n2,x,\n', { field: 'sentiment' });
    expect(c).toEqual([{ id: '1', text: 'halo, "dunia"\nbaris', label: 'positive' }]);
    const t = readExamplesFromString('a.tsv', 'teks satu\tneutral\nteks dua\t\n', { field: 'sentiment' });
    expect(t).toEqual([{ text: 'teks satu', label: 'neutral' }]);
    expect(parseCsv('a,b\r\n1,2\r\n')).toEqual([['a', 'b'], ['1', '2']]);
  });
  it('computes macro-F1, per-class stats and confusion', () => {
    const r = evaluate('intent', ['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b'], [0.9, 0.4, 0.8, 0.7], 0.5);
    expect(r.accuracy).toBe(0.75);
    expect(r.per_class.a).toEqual({ precision: 1, recall: 0.5, f1: 0.6667, support: 2 });
    expect(r.confusion.a!.b).toBe(1);
    expect(r.at_threshold).toEqual({ threshold: 0.5, coverage: 0.75, accuracy: 1 });
    expect(r.macro_f1).toBeCloseTo((0.6667 + 0.8) / 2, 3);
  });
  it('makes stratified folds deterministically', () => {
    const labels = Array.from({ length: 50 }, (_, i) => (i % 3 === 0 ? 'x' : 'y'));
    expect(Array.from(stratifiedFolds(labels, 5, 7))).toEqual(Array.from(stratifiedFolds(labels, 5, 7)));
  });
});

describe('training', () => {
  const slice = [
    ...['jalan rusak parah', 'lampu jalan mati', 'sampah menumpuk bau', 'air pdam mati lagi', 'pungli di sekolah'].map((t) => ({ text: t, label: 'complaint' })),
    ...['kapan pendaftaran dibuka?', 'syaratnya apa ya min?', 'bagaimana cara daftar?', 'dimana kantornya?', 'berapa biayanya?'].map((t) => ({ text: t, label: 'question' })),
    ...['terima kasih pak', 'mantap pelayanannya', 'salut untuk petugas', 'makasih min cepat tanggap', 'keren programnya'].map((t) => ({ text: t, label: 'praise' })),
  ];
  it('is deterministic given the seed and round-trips through the binary format', () => {
    const run = () => trainTask({ task: 'intent', train: slice, cfg: DEFAULT_ALGO, seed: 3, calibrationFolds: 0, thresholdTarget: 0.9, version: 't', data: [] });
    const a = run().model;
    const b = run().model;
    expect(Array.from(a.W)).toEqual(Array.from(b.W));
    expect(Array.from(a.bias)).toEqual(Array.from(b.bias));
    const back = TaskModel.fromBuffer(a.toBuffer());
    expect(back.labels).toEqual(['complaint', 'praise', 'question']);
    expect(back.header.task).toBe('intent');
  });
});

describe('analyze', () => {
  it('routes, explains and reports the model version', () => {
    const a = analyzeWith(models, 'Min, jalan provinsi di Kelok 44 berlubang parah, motor jatuh. Tolong diperbaiki 😡', { channel: 'x_mention' });
    expect(a.modelVersion).toBe(models.version);
    expect(a.intent.label).toBe('complaint');
    expect(a.sentiment.label).not.toBe('positive');
    expect(a.route.route).toBe('BMCKTR');
    expect(a.route.mengapa.length).toBeGreaterThan(0);
    expect(a.language.label).toBe('id');
  });
  it('sends matters outside provincial authority out', () => {
    const a = analyzeWith(models, 'Listrik padam dari pagi di komplek kami, PLN tolong cepat diperbaiki');
    expect(a.route.route).toBe('OUTSIDE:PLN');
    expect(a.route.outside).toBe(true);
  });
  it('does not route spam', () => {
    const a = analyzeWith(models, 'slot gacor maxwin hari ini, depo 10rb auto jp! link di bio 🎰💰');
    expect(a.intent.label).toBe('spam');
    expect(a.route.route).toBeNull();
  });
  it('gives the same analysis with the WebAssembly SIMD scorer and the JavaScript one, warm or cold caches', () => {
    const prev = process.env.DAYUNG_LANG_NO_SIMD;
    process.env.DAYUNG_LANG_NO_SIMD = '1';
    const js = loadModels();
    if (prev === undefined) delete process.env.DAYUNG_LANG_NO_SIMD;
    else process.env.DAYUNG_LANG_NO_SIMD = prev;
    expect(js.fused.kernel).toBeNull();
    const texts = [
      'Min, jalan provinsi di Kelok 44 berlubang parah, motor jatuh. Tolong diperbaiki 😡',
      'jalan jalan rusak rusak parah parah, jembatan juga rusak!!',
      'Ambo indak tau baa caro mandaftar anak ka SMA, tolong info min 🙏',
      'slot gacor maxwin hari ini, depo 10rb auto jp! link di bio 🎰💰',
      'NIK 1371081109950000 hp 0812-3456-7801, nama saya Dewi Kartika',
    ];
    for (const t of texts) {
      const a = analyzeWith(models, t, { channel: 'instagram_comment', addressedOpd: 'DISDIK' });
      expect(analyzeWith(js, t, { channel: 'instagram_comment', addressedOpd: 'DISDIK' })).toEqual(a);
      clearLanguageCaches();
      expect(analyzeWith(models, t, { channel: 'instagram_comment', addressedOpd: 'DISDIK' })).toEqual(a);
    }
  });
  it('matches routing-directory phrases by token ids as by strings', () => {
    const dir = models.directory!;
    for (const t of ['Jalan provinsi ke Kelok 44 rusak, dinas pu tolong', 'RSUD Achmad Mochtar antrian lama @dinkes_sumbar', 'listrik pln padam, pdam mati', 'dinas pendidikan sma negeri 1 padang']) {
      const nz = normalize(t);
      const seq = nz.canon.flatMap((c) => c.split(' '));
      const byString: string[] = [];
      dir.match(seq, nz.specials, byString);
      const byId: string[] = [];
      dir.matchIds(Int32Array.from(seq, (w) => dir.tokenId(w)), seq.length, nz.specials, byId);
      expect(byId).toEqual(byString);
      expect(byString.length).toBeGreaterThan(0);
    }
  });
  it('uses the addressed account as context', () => {
    const a = analyzeWith(models, 'kapan jadwalnya dibuka min?', { addressedOpd: 'DISDIK' });
    expect(a.route.label).toBe('DISDIK');
  });
  it('defers the reasons of a stored analysis and computes the same ones when they are shown', () => {
    const cases: [string, AnalysisContext][] = [
      ['Min, jalan provinsi di Kelok 44 berlubang parah, motor jatuh. Tolong diperbaiki 😡', { channel: 'x_mention' }],
      ['kapan jadwalnya dibuka min?', { channel: 'facebook_comment', addressedOpd: 'DISDIK' }],
      ['Ambo indak tau baa caro mandaftar anak ka SMA, tolong info min 🙏', { postText: 'Pendaftaran SMA dibuka' }],
      ['', {}],
    ];
    for (const [t, ctx] of cases) {
      const full = analyzeWith(getModels(), t, ctx);
      const stored = JSON.parse(JSON.stringify(analyzeWith(getModels(), t, ctx, { deferReasons: true }))) as Analysis;
      for (const k of ['language', 'intent', 'sentiment', 'urgency', 'route'] as const) {
        expect(stored[k].mengapa).toEqual([]);
        expect({ ...stored[k], mengapa: full[k].mengapa }).toEqual(full[k]);
      }
      expect(stored.reasonsDeferred).toBeDefined();
      expect(withReasons(t, stored)).toEqual(JSON.parse(JSON.stringify(full)));
    }
    // analyses with their reasons, or of other models, stay as they are
    const kept = { modelVersion: 'lang-old', intent: { label: 'complaint', mengapa: [] }, reasonsDeferred: { channel: null, addressedOpd: null, postText: null } };
    expect(withReasons('jalan rusak', kept)).toBe(kept);
    const plain = { intent: { mengapa: [{ feature: 'rusak', weight: 1.2 }] } };
    expect(withReasons('jalan rusak', plain)).toBe(plain);
  });

  const LABELS = {
    language: ['id', 'min', 'mixed', 'en'],
    intent: ['complaint', 'question', 'aspiration', 'praise', 'spam', 'abuse', 'other'],
    sentiment: ['negative', 'neutral', 'positive'],
    urgency: ['high', 'medium', 'low'],
  } as const;
  const valid = (a: ReturnType<typeof analyzeWith>) => {
    for (const [k, allowed] of Object.entries(LABELS)) {
      const d = a[k as keyof typeof LABELS];
      expect(allowed as readonly string[]).toContain(d.label);
      expect(d.confidence).toBeGreaterThanOrEqual(0);
      expect(d.confidence).toBeLessThanOrEqual(1);
    }
    expect(Number.isFinite(a.route.confidence)).toBe(true);
  };

  it('never throws on arbitrary strings (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary', maxLength: 3000 })), (s) => {
        valid(analyzeWith(models, s));
      }),
      { numRuns: 300 },
    );
  });

  it('handles empty, huge, binary, broken UTF-16, emoji-only and RTL input as low-confidence "other"', () => {
    const bad: unknown[] = [
      '',
      '   ',
      '\uD800\uDC00\uD800 \uDFFF',
      '😀😀😀🙏🙏',
      'مرحبا بكم في الموقع الرسمي للحكومة',
      'שלום עולם',
      Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256)).toString('latin1'),
      null,
      undefined,
      42,
    ];
    for (const b of bad) {
      const a = analyzeWith(models, b);
      valid(a);
      expect(a.intent.label).toBe('other');
      expect(a.intent.confidence).toBeLessThanOrEqual(0.3);
    }
    const huge = 'jalan rusak '.repeat(10_000);
    const t0 = performance.now();
    const a = analyzeWith(models, huge);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(a.truncated).toBe(true);
    valid(a);
  });
});

describe('CLI', () => {
  it('eval prints one JSON object as its last stdout line and writes predictions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lang-cli-'));
    const file = join(dir, 'x.tsv');
    writeFileSync(file, 'terima kasih banyak pak, mantap\tpositive\njalan rusak parah tidak diperbaiki\tnegative\njadwal samsat keliling hari ini\tneutral\n');
    const pred = join(dir, 'p.jsonl');
    const out = execFileSync(process.execPath, ['src/app/cli.ts', 'lang', 'eval', '--task', 'sentiment', '--file', file, '--predictions', pred], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const last = JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
    expect(Object.keys(last)).toEqual(expect.arrayContaining(['task', 'n', 'macro_f1', 'accuracy', 'per_class', 'confusion', 'at_threshold']));
    expect(last.n).toBe(3);
    const rows = readFileSync(pred, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(3);
    expect(Object.keys(rows[0]!)).toEqual(['text', 'gold', 'predicted', 'confidence']);
  }, 30_000);
});
