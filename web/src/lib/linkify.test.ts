import { describe, expect, it } from 'vitest';
import { linkify } from './linkify.ts';

describe('linkify', () => {
  it('finds http(s) links and keeps trailing punctuation as text', () => {
    expect(linkify('Buka http://localhost:3000/atur-sandi?token=abc. Terima kasih')).toEqual([
      { kind: 'text', text: 'Buka ' },
      { kind: 'link', text: 'http://localhost:3000/atur-sandi?token=abc', href: 'http://localhost:3000/atur-sandi?token=abc' },
      { kind: 'text', text: '. Terima kasih' },
    ]);
  });
  it('leaves markup as text and ignores other schemes', () => {
    expect(linkify('<b>x</b> javascript:alert(1)')).toEqual([{ kind: 'text', text: '<b>x</b> javascript:alert(1)' }]);
  });
});
