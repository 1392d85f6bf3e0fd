import { describe, expect, it } from 'vitest';
import { escapeXml, node, toNodes, xmlDocument } from './xml.ts';

describe('open311 xml', () => {
  it('escapes markup and drops characters XML 1.0 forbids', () => {
    expect(escapeXml(`<script>alert("x") & 'y'</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot;) &amp; &apos;y&apos;&lt;/script&gt;');
    expect(escapeXml('a\u0000b\u0008c\td\ne\uFFFEf')).toBe('abc\td\nef');
    expect(escapeXml('Jalan berlubang 🕳️ di Padang')).toBe('Jalan berlubang 🕳️ di Padang');
    expect(escapeXml(']]>')).toBe(']]&gt;');
  });

  it('renders a declaration, nested elements, empty elements for null and empty lists', () => {
    const doc = xmlDocument(node('service_requests', [node('request', [node('service_request_id', 'SB-2611-000001'), node('account_id', null), node('lat', -0.95), node('metadata', true), node('values', [])])]));
    expect(doc).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<service_requests>',
        '  <request>',
        '    <service_request_id>SB-2611-000001</service_request_id>',
        '    <account_id/>',
        '    <lat>-0.95</lat>',
        '    <metadata>true</metadata>',
        '    <values/>',
        '  </request>',
        '</service_requests>',
        '',
      ].join('\n'),
    );
  });

  it('maps JSON-like values with repeated item elements', () => {
    const n = toNodes('services', [{ service_code: 'A', keywords: 'x, y' }, { service_code: 'B', keywords: null }], (p) => (p === 'services' ? 'service' : 'item'));
    expect(xmlDocument(n)).toContain('<service>\n    <service_code>A</service_code>');
    expect(xmlDocument(n)).toContain('<keywords/>');
  });

  it('refuses element names that are not XML names', () => {
    expect(() => xmlDocument(node('a b', 'x'))).toThrow(/invalid XML element name/);
  });
});
