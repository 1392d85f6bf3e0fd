// Graph API field expansion: fields=id,message,from,comments.limit(5){id,message},parent{id}
// and mentioned_comment.comment_id(123){text}.

export interface FieldSel {
  name: string;
  modifiers: Record<string, string>;
  sub: FieldSel[] | null;
}

export class FieldsSyntaxError extends Error {}

export function parseFields(input: string | undefined): FieldSel[] | null {
  if (input === undefined || input.trim() === '') return null;
  let i = 0;
  const s = input;
  const ws = () => {
    while (i < s.length && /\s/.test(s[i] ?? '')) i++;
  };
  const ident = (): string => {
    ws();
    const start = i;
    while (i < s.length && /[A-Za-z0-9_]/.test(s[i] ?? '')) i++;
    if (start === i) throw new FieldsSyntaxError(`Syntax error "Expected name." at character ${i}: ${s}`);
    return s.slice(start, i);
  };
  const list = (): FieldSel[] => {
    const out: FieldSel[] = [];
    for (;;) {
      const name = ident();
      const modifiers: Record<string, string> = {};
      let sub: FieldSel[] | null = null;
      ws();
      while (s[i] === '.') {
        i++;
        const mod = ident();
        if (s[i] !== '(') throw new FieldsSyntaxError(`Syntax error "Expected "(" instead of "${s[i] ?? 'end of string'}"." at character ${i}: ${s}`);
        i++;
        const start = i;
        while (i < s.length && s[i] !== ')') i++;
        if (s[i] !== ')') throw new FieldsSyntaxError(`Syntax error "Expected ")"." at character ${i}: ${s}`);
        modifiers[mod] = s.slice(start, i).trim();
        i++;
        ws();
      }
      if (s[i] === '{') {
        i++;
        sub = list();
        ws();
        if (s[i] !== '}') throw new FieldsSyntaxError(`Syntax error "Expected "}"." at character ${i}: ${s}`);
        i++;
      }
      out.push({ name, modifiers, sub });
      ws();
      if (s[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    return out;
  };
  const result = list();
  ws();
  if (i < s.length && s[i] !== '}') throw new FieldsSyntaxError(`Syntax error "Expected end of string instead of "${s[i]}"." at character ${i}: ${s}`);
  return result;
}

/** A renderable Graph value: plain data, or a lazy field that receives its selection (edges, nested nodes). */
export type Lazy = (sel: FieldSel) => unknown;
export type Renderable = Record<string, unknown | Lazy>;

export class UnknownFieldError extends Error {
  readonly field: string;
  readonly nodeType: string;
  constructor(field: string, nodeType: string) {
    super(`(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})`);
    this.field = field;
    this.nodeType = nodeType;
  }
}

export function project(node: Renderable, nodeType: string, sel: FieldSel[] | null, defaults: string[]): Record<string, unknown> {
  const wanted: FieldSel[] = sel ?? defaults.map((name) => ({ name, modifiers: {}, sub: null }));
  const out: Record<string, unknown> = {};
  for (const f of wanted) {
    // Own fields only: `valueOf`, `constructor`… are not Graph fields (found by the fuzz test).
    if (!Object.hasOwn(node, f.name)) throw new UnknownFieldError(f.name, nodeType);
    const v = node[f.name];
    const value = typeof v === 'function' ? (v as Lazy)(f) : v;
    if (value === undefined) continue;
    out[f.name] = value;
  }
  // Graph always returns the id of a node, requested or not
  if (!('id' in out) && typeof node.id === 'string') out.id = node.id;
  return out;
}
