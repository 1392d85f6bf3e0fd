// Runtime resources shipped with the models: the generated Minangkabau→Indonesian word map.
import { existsSync, readFileSync } from 'node:fs';
import { setMinangMap } from './normalize.ts';

/** Parses a `min<TAB>ind` file (lines starting with # are comments). */
export function parseMinangMap(content: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of content.split('\n')) {
    if (line.length === 0 || line.startsWith('#')) continue;
    const tab = line.indexOf('\t');
    if (tab <= 0) continue;
    m.set(line.slice(0, tab), line.slice(tab + 1).trim());
  }
  return m;
}

export function loadMinangMapFile(path: string): number {
  if (!existsSync(path)) return 0;
  const m = parseMinangMap(readFileSync(path, 'utf8'));
  setMinangMap(m);
  return m.size;
}
