// A small XML serializer for GeoReport v2 documents (no external library): elements only, UTF-8
// declaration, text escaped, characters XML 1.0 forbids removed. A value is text (string, number,
// boolean), null (an empty element), or a list of child nodes.

export type XmlValue = string | number | boolean | null | undefined | XmlNode[];
export interface XmlNode {
  name: string;
  value: XmlValue;
}

export const node = (name: string, value: XmlValue): XmlNode => ({ name, value });

// XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
// eslint-disable-next-line no-control-regex
const INVALID = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return text.replace(INVALID, '').replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'));
}

const NAME = /^[A-Za-z_][\w.-]*$/;

function render(n: XmlNode, out: string[], depth: number): void {
  if (!NAME.test(n.name)) throw new Error(`invalid XML element name: ${n.name}`);
  const pad = '  '.repeat(depth);
  const v = n.value;
  if (v === null || v === undefined || v === '') {
    out.push(`${pad}<${n.name}/>`);
  } else if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push(`${pad}<${n.name}/>`);
      return;
    }
    out.push(`${pad}<${n.name}>`);
    for (const child of v) render(child, out, depth + 1);
    out.push(`${pad}</${n.name}>`);
  } else {
    const text = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
    out.push(`${pad}<${n.name}>${escapeXml(text)}</${n.name}>`);
  }
}

/** A complete document: the declaration and the root element. */
export function xmlDocument(root: XmlNode): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  render(root, out, 0);
  return `${out.join('\n')}\n`;
}

/**
 * A JSON-like value as XML: objects become child elements in key order, arrays repeat the element
 * named by `itemName(parentName)`. Used to render the same data as the JSON answer.
 */
export function toNodes(name: string, value: unknown, itemName: (parent: string) => string): XmlNode {
  if (Array.isArray(value)) return node(name, value.map((v) => toNodes(itemName(name), v, itemName)));
  if (value !== null && typeof value === 'object') {
    return node(
      name,
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => toNodes(k, v, itemName)),
    );
  }
  return node(name, value as XmlValue);
}
