// Reading labelled text files for training and evaluation.
//   .jsonl  one object per line with `text` and a field named like the task (intent, opd, sentiment, urgency, lang)
//   .csv    header with `text` and `label` (RFC 4180 quoting, fields may contain newlines)
//   .tsv    no header: text<TAB>label
// Rows whose label is null or empty are skipped.
import { readFileSync } from 'node:fs';
import type { ContextInput } from './features.ts';

export interface Example {
  id?: string;
  text: string;
  label: string;
  context?: ContextInput;
  /** sample weight (default 1) */
  weight?: number;
  /** free-form origin tag for reports */
  source?: string;
}

/** Parses CSV text into rows of fields (RFC 4180; tolerant of CRLF and a UTF-8 BOM). */
export function parseCsv(text: string): string[][] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field.length === 0) {
      quoted = true;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\n' || ch === '\r') {
      row.push(field);
      field = '';
      if (ch === '\r' && text[i + 1] === '\n') i++;
      i++;
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else {
      field += ch;
      i++;
    }
  }
  if (field.length > 0 || row.length > 0) {
    row.push(field);
    if (row.length > 1 || row[0] !== '') rows.push(row);
  }
  return rows;
}

function labelOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  return s.length === 0 || s === 'null' ? null : s;
}

export interface ReadOptions {
  /** for .jsonl: which field holds the label (default = task name) */
  field: string;
  /** keep rows without a label (label '') — used by `analyze`-style batch runs */
  keepUnlabelled?: boolean;
}

export function readExamplesFromString(path: string, content: string, o: ReadOptions): Example[] {
  const out: Example[] = [];
  const lower = path.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson') || lower.endsWith('.json')) {
    const lines = content.split('\n');
    for (let ln = 0; ln < lines.length; ln++) {
      const line = lines[ln]!.trim();
      if (line.length === 0) continue;
      let obj: Record<string, unknown>;
      try {
        obj = JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`${path}:${ln + 1}: invalid JSON`);
      }
      if (typeof obj.text !== 'string') continue;
      const label = labelOf(obj[o.field] ?? (o.field !== 'label' ? obj.label : undefined));
      if (label === null && !o.keepUnlabelled) continue;
      const ex: Example = { text: obj.text, label: label ?? '' };
      if (typeof obj.id === 'string' || typeof obj.id === 'number') ex.id = String(obj.id);
      const ctx: ContextInput = {};
      if (typeof obj.channel === 'string') ctx.channel = obj.channel;
      if (typeof obj.addressed_opd === 'string') ctx.addressedOpd = obj.addressed_opd;
      if (ctx.channel !== undefined || ctx.addressedOpd !== undefined) ex.context = ctx;
      if (typeof obj.weight === 'number' && Number.isFinite(obj.weight) && obj.weight > 0) ex.weight = obj.weight;
      out.push(ex);
    }
    return out;
  }
  if (lower.endsWith('.tsv')) {
    for (const line of content.split('\n')) {
      const l = line.endsWith('\r') ? line.slice(0, -1) : line;
      if (l.length === 0) continue;
      const tab = l.lastIndexOf('\t');
      if (tab < 0) continue;
      const label = labelOf(l.slice(tab + 1));
      if (label === null && !o.keepUnlabelled) continue;
      out.push({ text: l.slice(0, tab), label: label ?? '' });
    }
    return out;
  }
  if (lower.endsWith('.csv')) {
    const rows = parseCsv(content);
    if (rows.length === 0) return out;
    const head = rows[0]!.map((h) => h.trim().toLowerCase());
    const ti = head.indexOf('text');
    let li = head.indexOf('label');
    if (li < 0) li = head.indexOf(o.field);
    if (ti < 0 || li < 0) throw new Error(`${path}: CSV header must have "text" and "label" columns`);
    const ii = head.indexOf('id');
    for (let r = 1; r < rows.length; r++) {
      const row = rows[r]!;
      const text = row[ti];
      if (text === undefined) continue;
      const label = labelOf(row[li]);
      if (label === null && !o.keepUnlabelled) continue;
      const ex: Example = { text, label: label ?? '' };
      if (ii >= 0 && row[ii] !== undefined && row[ii] !== '') ex.id = row[ii];
      out.push(ex);
    }
    return out;
  }
  throw new Error(`${path}: unsupported file type (use .jsonl, .csv or .tsv)`);
}

export function readExamples(path: string, o: ReadOptions): Example[] {
  return readExamplesFromString(path, readFileSync(path, 'utf8'), o);
}
