// Dumps analyze() output for the dev texts (with and without context) and hard inputs, to compare implementations.
// Run: ./node_modules/.bin/node scripts/lang-golden.ts > out.jsonl
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeWith, loadModels } from '../src/modules/language/analyze.ts';

const D = process.env.DAYUNG_SHARED_DATA ?? '../shared/data';
const models = loadModels();
const rows = readFileSync(join(D, 'aduan-sumbar/dev.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { text: string; channel: string });
const hard = ['', ' ', '😡😡😡', '\uD800abc', 'a'.repeat(100000), 'مرحبا بالعالم', '\u0000\u0001\u0002', 'S L 0 T G4C0R maxwin!!!', '𝐒𝐋𝐎𝐓 𝐆𝐀𝐂𝐎𝐑', 'Café naïve ÀÉÎ', 'ｆｕｌｌｗｉｄｔｈ ｔｅｘｔ', 'anak2 bangeeet yg gk', 'NIK 1371081109950000 hp 0812-3456-7801 BA 1234 XY nama saya Dewi Kartika'];
let i = 0;
for (const r of rows) {
  const ctx = i % 3 === 0 ? { channel: r.channel } : i % 3 === 1 ? { channel: r.channel, addressedOpd: 'DISDIK' } : { channel: r.channel, postText: rows[(i + 7) % rows.length]!.text };
  console.log(JSON.stringify(analyzeWith(models, r.text, ctx)));
  console.log(JSON.stringify(analyzeWith(models, r.text, {}, { explain: false })));
  console.log(JSON.stringify(analyzeWith(models, r.text.toUpperCase(), { channel: 'x_mention' })));
  i++;
}
for (const h of hard) console.log(JSON.stringify(analyzeWith(models, h, {})));
