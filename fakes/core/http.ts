// Request parsing shared by every fake: one raw-body parser, then JSON, urlencoded,
// multipart/form-data and multipart/related (Google uploads) decoding.
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface UploadedFile {
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
}

export interface Incoming {
  method: string;
  /** path after the platform prefix, without query string, e.g. /v23.0/123/feed */
  path: string;
  segments: string[];
  query: Record<string, string>;
  raw: Buffer;
  contentType: string;
  /** JSON body when the body was JSON (any shape) */
  json: unknown;
  /** text fields of a urlencoded or multipart body */
  form: Record<string, string>;
  files: Record<string, UploadedFile>;
  /** multipart/related parts (Google uploads) */
  related: { contentType: string; data: Buffer }[];
  /** every multipart/form-data part by name, text fields included, as raw bytes */
  parts: Record<string, UploadedFile>;
  /** query + body fields merged; JSON object bodies contribute their top-level fields (any type) */
  params: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  /** set when the body could not be decoded */
  bodyError?: string;
}

export function header(req: { headers: Record<string, string | string[] | undefined> }, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

function parseMultipart(raw: Buffer, contentType: string): { headers: string; data: Buffer }[] {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const b = m?.[1] ?? m?.[2]?.trim();
  if (!b) throw new Error('multipart boundary missing');
  const boundary = Buffer.from('--' + b);
  const parts: { headers: string; data: Buffer }[] = [];
  let pos = raw.indexOf(boundary);
  if (pos === -1) throw new Error('multipart body has no boundary');
  while (pos !== -1) {
    let start = pos + boundary.length;
    if (raw[start] === 45 && raw[start + 1] === 45) break; // closing "--"
    if (raw[start] === 13 && raw[start + 1] === 10) start += 2;
    const next = raw.indexOf(boundary, start);
    if (next === -1) break;
    let part = raw.subarray(start, next);
    if (part.length >= 2 && part[part.length - 2] === 13 && part[part.length - 1] === 10) part = part.subarray(0, part.length - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    parts.push({
      headers: headerEnd === -1 ? '' : part.subarray(0, headerEnd).toString('utf8'),
      data: Buffer.from(headerEnd === -1 ? part : part.subarray(headerEnd + 4)),
    });
    pos = next;
  }
  return parts;
}

function parseMultipartRelated(raw: Buffer, contentType: string): { contentType: string; data: Buffer }[] {
  return parseMultipart(raw, contentType).map((p) => ({
    contentType: /content-type:\s*([^\r\n]+)/i.exec(p.headers)?.[1]?.trim() ?? 'application/octet-stream',
    data: p.data,
  }));
}

export async function parseIncoming(req: FastifyRequest, prefix: string): Promise<Incoming> {
  const url = req.raw.url ?? '/';
  const qIndex = url.indexOf('?');
  const rawPath = qIndex === -1 ? url : url.slice(0, qIndex);
  let path = rawPath.startsWith(prefix) ? rawPath.slice(prefix.length) : rawPath;
  if (!path.startsWith('/')) path = '/' + path;
  const segments = path.split('/').filter((s) => s.length > 0).map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  const query: Record<string, string> = {};
  const sp = new URLSearchParams(qIndex === -1 ? '' : url.slice(qIndex + 1));
  // repeated parameters (googleapis sends part=a&part=b) are joined with commas, as Google reads them
  for (const [k, v] of sp) query[k] = k in query ? `${query[k]},${v}` : v;

  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const contentType = (header(req, 'content-type') ?? '').toLowerCase();
  const inc: Incoming = {
    method: req.method.toUpperCase(),
    path,
    segments,
    query,
    raw,
    contentType,
    json: undefined,
    form: {},
    files: {},
    parts: {},
    related: [],
    params: { ...query },
    headers: req.headers,
  };
  if (raw.length === 0) return inc;
  try {
    if (contentType.includes('application/json') || contentType.includes('+json')) {
      inc.json = JSON.parse(raw.toString('utf8'));
      if (inc.json && typeof inc.json === 'object' && !Array.isArray(inc.json)) Object.assign(inc.params, inc.json);
    } else if (contentType.includes('application/x-www-form-urlencoded')) {
      for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) inc.form[k] = v;
      Object.assign(inc.params, inc.form);
    } else if (contentType.includes('multipart/form-data')) {
      for (const part of parseMultipart(raw, header(req, 'content-type') ?? '')) {
        const disp = /content-disposition:[^\r\n]*/i.exec(part.headers)?.[0] ?? '';
        const name = /\bname="([^"]*)"/i.exec(disp)?.[1];
        if (name === undefined) continue;
        const filename = /\bfilename="([^"]*)"/i.exec(disp)?.[1];
        const ct = /content-type:\s*([^\r\n]+)/i.exec(part.headers)?.[1]?.trim() ?? (filename !== undefined ? 'application/octet-stream' : 'text/plain');
        const file: UploadedFile = { filename: filename ?? '', contentType: ct, size: part.data.length, data: part.data };
        inc.parts[name] = file;
        if (filename !== undefined) inc.files[name] = file;
        else inc.form[name] = part.data.toString('utf8');
      }
      Object.assign(inc.params, inc.form);
    } else if (contentType.includes('multipart/related')) {
      inc.related = parseMultipartRelated(raw, header(req, 'content-type') ?? '');
      const meta = inc.related[0];
      if (meta && meta.contentType.includes('json')) {
        inc.json = JSON.parse(meta.data.toString('utf8'));
      }
    } else if (contentType.startsWith('text/plain')) {
      // some clients send JSON as text/plain
      const text = raw.toString('utf8');
      try {
        inc.json = JSON.parse(text);
        if (inc.json && typeof inc.json === 'object' && !Array.isArray(inc.json)) Object.assign(inc.params, inc.json);
      } catch {
        inc.form.text = text;
      }
    }
  } catch (err) {
    inc.bodyError = err instanceof Error ? err.message : String(err);
  }
  return inc;
}

/** a string parameter (numbers and booleans are stringified; objects are JSON-encoded) */
export function str(params: Record<string, unknown>, name: string): string | undefined {
  const v = params[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** an object parameter that may arrive as a JSON string (form bodies) or as an object (JSON bodies) */
export function obj(params: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const v = params[name];
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  if (typeof v === 'string') {
    try {
      const parsed: unknown = JSON.parse(v);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function arr(params: Record<string, unknown>, name: string): unknown[] | undefined {
  const v = params[name];
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') {
    try {
      const parsed: unknown = JSON.parse(v);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      return v.split(',').map((s) => s.trim()).filter(Boolean);
    }
  }
  return undefined;
}

export function bool(params: Record<string, unknown>, name: string): boolean | undefined {
  const v = params[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'boolean') return v;
  return v === 'true' || v === '1' || v === 1;
}

export function int(params: Record<string, unknown>, name: string): number | undefined {
  const v = params[name];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : NaN;
}

export function bearer(req: { headers: Record<string, string | string[] | undefined> }): string | undefined {
  const auth = header(req, 'authorization');
  if (!auth) return undefined;
  const m = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(auth.trim());
  return m?.[1]?.trim();
}

export function sendJson(reply: FastifyReply, status: number, body: unknown, headers: Record<string, string> = {}): FastifyReply {
  reply.code(status);
  for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  reply.header('content-type', 'application/json; charset=UTF-8');
  return reply.send(JSON.stringify(body));
}

/** base64url cursor helpers: opaque to clients, just an offset inside the fake */
export function encodeCursor(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor(value: string | undefined): Record<string, unknown> | null {
  if (!value) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
