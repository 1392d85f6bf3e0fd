// Seeded pseudo-random numbers (sfc32 seeded through xmur3). Deterministic per seed,
// good enough for ids, fault dice and corpus generation; not cryptographic.

export interface Rng {
  /** float in [0, 1) */
  next(): number;
  /** integer in [min, max] inclusive */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** picks by weight; weights need not sum to 1 */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  shuffle<T>(items: readonly T[]): T[];
  digits(n: number): string;
  /** a child generator with an independent stream */
  fork(label: string): Rng;
}

function xmur3(str: string): () => number {
  let h = 1779033703 ^ str.length;
  for (let i = 0; i < str.length; i++) {
    h = Math.imul(h ^ str.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    return h >>> 0;
  };
}

export function createRng(seed: string | number): Rng {
  const seedStr = String(seed);
  const s = xmur3(seedStr);
  let a = s();
  let b = s();
  let c = s();
  let d = s();
  const next = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const rng: Rng = {
    next,
    int(min, max) {
      return min + Math.floor(next() * (max - min + 1));
    },
    pick(items) {
      if (items.length === 0) throw new Error('pick from empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    chance(p) {
      return p > 0 && next() < p;
    },
    weighted(items) {
      let total = 0;
      for (const [, w] of items) total += Math.max(0, w);
      let r = next() * total;
      for (const [v, w] of items) {
        r -= Math.max(0, w);
        if (r < 0) return v;
      }
      const last = items[items.length - 1];
      if (!last) throw new Error('weighted pick from empty list');
      return last[0];
    },
    shuffle(items) {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = out[i] as (typeof out)[number];
        out[i] = out[j] as (typeof out)[number];
        out[j] = tmp;
      }
      return out;
    },
    digits(n) {
      let out = '';
      for (let i = 0; i < n; i++) out += String(Math.floor(next() * 10));
      return out;
    },
    fork(label) {
      return createRng(`${seedStr}/${label}/${Math.floor(next() * 1e9)}`);
    },
  };
  return rng;
}

/** Stable 32-bit hash of a string (for derived, repeatable numbers such as insights). */
export function hash32(str: string): number {
  return xmur3(str)();
}
