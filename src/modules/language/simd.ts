// A tiny hand-assembled WebAssembly SIMD kernel for the scorer's hot loop (no toolchain needed, ≈200 bytes).
//
//   rows8(list, n, nvec): for each of the n entries [rowByteOffset, accByteOffset, mult] (three i32) at `list`,
//     for v in 0..nvec: acc_i32[accOff + 64v .. +64) += widen_i8→i32(row[16v .. 16v+16)) × mult
//   rows32(rows, n, nvec, acc): adds n int32 rows (byte offsets listed at `rows`) of 4·nvec lanes into acc
//
// Rows are int8 weight rows (16 labels per v128), accumulators are int32 lanes in the same memory, so the sums are
// exact integers. Callers pad rows and accumulators to multiples of 16 lanes. If WebAssembly SIMD is not
// available, createRowsKernel returns null and the scorer uses its JavaScript loop.

export interface RowsKernel {
  memory: WebAssembly.Memory;
  rows8: (list: number, n: number, nvec: number) => void;
  /** rows32(rows, n, nvec, acc): acc_i32[acc .. +16·nvec) += Σ of the n int32 rows whose byte offsets are at `rows` */
  rows32: (rows: number, n: number, nvec: number, acc: number) => void;
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}
const section = (id: number, body: number[]): number[] => [id, ...leb(body.length), ...body];
const str = (s: string): number[] => [...leb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

// opcodes
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;
const I32_CONST = 0x41;
const I32_LOAD = 0x28;
const I32_ADD = 0x6a;
const I32_MUL = 0x6c;
const I32_GE_U = 0x4f;
const I32_SHL = 0x74;
const BLOCK = 0x02;
const LOOP = 0x03;
const BR = 0x0c;
const BR_IF = 0x0d;
const END = 0x0b;
const VOID = 0x40;
const simd = (op: number): number[] => [0xfd, ...leb(op)];
const V128_LOAD = (offset: number): number[] => [...simd(0x00), 0, ...leb(offset)];
const V128_STORE = (offset: number): number[] => [...simd(0x0b), 0, ...leb(offset)];
const I32X4_SPLAT = simd(0x11);
const I16X8_EXT_LOW_S = simd(0x87);
const I16X8_EXT_HIGH_S = simd(0x88);
const I32X4_EXT_LOW_S = simd(0xa7);
const I32X4_EXT_HIGH_S = simd(0xa8);
const I32X4_ADD = simd(0xae);
const I32X4_MUL = simd(0xb5);

function rows32Body(): number[] {
  // params: 0 rows, 1 n, 2 nvec, 3 acc; locals: 4 end, 5 row, 6 v (i32)
  const code = [
    LOCAL_GET, 0, LOCAL_GET, 1, I32_CONST, ...sleb(4), I32_MUL, I32_ADD, LOCAL_SET, 4,
    BLOCK, VOID,
    LOOP, VOID,
    LOCAL_GET, 0, LOCAL_GET, 4, I32_GE_U, BR_IF, 1,
    LOCAL_GET, 0, I32_LOAD, 2, 0, LOCAL_SET, 5,
    I32_CONST, 0, LOCAL_SET, 6,
    BLOCK, VOID,
    LOOP, VOID,
    LOCAL_GET, 6, LOCAL_GET, 2, I32_GE_U, BR_IF, 1,
    // acc[16v..] += row[16v..]
    LOCAL_GET, 3, LOCAL_GET, 6, I32_CONST, 4, I32_SHL, I32_ADD,
    LOCAL_GET, 3, LOCAL_GET, 6, I32_CONST, 4, I32_SHL, I32_ADD, ...V128_LOAD(0),
    LOCAL_GET, 5, LOCAL_GET, 6, I32_CONST, 4, I32_SHL, I32_ADD, ...V128_LOAD(0),
    ...I32X4_ADD,
    ...V128_STORE(0),
    LOCAL_GET, 6, I32_CONST, 1, I32_ADD, LOCAL_SET, 6,
    BR, 0,
    END,
    END,
    LOCAL_GET, 0, I32_CONST, 4, I32_ADD, LOCAL_SET, 0,
    BR, 0,
    END,
    END,
    END,
  ];
  return [1, 3, 0x7f, ...code];
}

function moduleBytes(pages: number): Uint8Array<ArrayBuffer> {
  // params: 0 list, 1 n, 2 nvec; locals: 3 end, 4 row, 5 acc, 6 (unused), 7 v (i32); 8 x, 9 lo, 10 hi, 11 m (v128)
  const addLane = (offset: number, src: number, high: boolean): number[] => [
    LOCAL_GET, 5,
    LOCAL_GET, 5, ...V128_LOAD(offset),
    LOCAL_GET, src, ...(high ? I32X4_EXT_HIGH_S : I32X4_EXT_LOW_S), LOCAL_GET, 11, ...I32X4_MUL,
    ...I32X4_ADD,
    ...V128_STORE(offset),
  ];
  const code = [
    LOCAL_GET, 0, LOCAL_GET, 1, I32_CONST, ...sleb(12), I32_MUL, I32_ADD, LOCAL_SET, 3,
    BLOCK, VOID,
    LOOP, VOID,
    LOCAL_GET, 0, LOCAL_GET, 3, I32_GE_U, BR_IF, 1,
    LOCAL_GET, 0, I32_LOAD, 2, 0, LOCAL_SET, 4,
    LOCAL_GET, 0, I32_LOAD, 2, 4, LOCAL_SET, 5,
    LOCAL_GET, 0, I32_LOAD, 2, 8, ...I32X4_SPLAT, LOCAL_SET, 11,
    I32_CONST, 0, LOCAL_SET, 7,
    BLOCK, VOID,
    LOOP, VOID,
    LOCAL_GET, 7, LOCAL_GET, 2, I32_GE_U, BR_IF, 1,
    LOCAL_GET, 4, ...V128_LOAD(0), LOCAL_TEE, 8, ...I16X8_EXT_LOW_S, LOCAL_SET, 9,
    LOCAL_GET, 8, ...I16X8_EXT_HIGH_S, LOCAL_SET, 10,
    ...addLane(0, 9, false),
    ...addLane(16, 9, true),
    ...addLane(32, 10, false),
    ...addLane(48, 10, true),
    LOCAL_GET, 4, I32_CONST, ...sleb(16), I32_ADD, LOCAL_SET, 4,
    LOCAL_GET, 5, I32_CONST, ...sleb(64), I32_ADD, LOCAL_SET, 5,
    LOCAL_GET, 7, I32_CONST, 1, I32_ADD, LOCAL_SET, 7,
    BR, 0,
    END,
    END,
    LOCAL_GET, 0, I32_CONST, ...sleb(12), I32_ADD, LOCAL_SET, 0,
    BR, 0,
    END,
    END,
    END,
  ];
  const body = [2, 5, 0x7f, 4, 0x7b, ...code];
  const body32 = rows32Body();
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [2, 0x60, 3, 0x7f, 0x7f, 0x7f, 0, 0x60, 4, 0x7f, 0x7f, 0x7f, 0x7f, 0]),
    ...section(2, [1, ...str('m'), ...str('mem'), 0x02, 0x00, ...leb(pages)]),
    ...section(3, [2, 0, 1]),
    ...section(7, [2, ...str('rows8'), 0x00, 0, ...str('rows32'), 0x00, 1]),
    ...section(10, [2, ...leb(body.length), ...body, ...leb(body32.length), ...body32]),
  ]);
}

/** Creates the kernel over a fresh memory of at least `bytes` bytes, or null without WebAssembly SIMD. */
export function createRowsKernel(bytes: number): RowsKernel | null {
  try {
    if (typeof WebAssembly !== 'object' || process.env.DAYUNG_LANG_NO_SIMD === '1') return null;
    const pages = Math.ceil(bytes / 65536) + 1;
    const bin = moduleBytes(pages);
    if (!WebAssembly.validate(bin)) return null;
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bin), { m: { mem: memory } });
    const rows8 = inst.exports.rows8 as (list: number, n: number, nvec: number) => void;
    const rows32 = inst.exports.rows32 as (rows: number, n: number, nvec: number, acc: number) => void;
    return { memory, rows8, rows32 };
  } catch {
    return null;
  }
}
