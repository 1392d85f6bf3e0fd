// Duration and picture size of an MP4/MOV (ISO base media file) read while its bytes stream past,
// without ffmpeg: the top-level boxes are skipped by their sizes until `moov`, which is collected
// (at most MOOV_MAX bytes) and read for `mvhd` (timescale, duration) and the video track's `tkhd`
// (width, height; swapped when the matrix rotates by 90°). A file whose `moov` comes after the media
// data is still probed (the scan skips `mdat` without holding it). Anything unexpected ends the scan
// with what is known: null fields mean unknown, never a refusal.

export interface VideoProbe {
  durationMs: number | null;
  width: number | null;
  height: number | null;
}

const MOOV_MAX = 64 * 1024 * 1024;
const MAX_BOXES = 100_000;

export class Mp4Probe {
  private hdr = Buffer.alloc(0);
  private skip = 0;
  private collecting: { need: number; parts: Buffer[]; got: number } | null = null;
  private boxes = 0;
  done = false;
  result: VideoProbe = { durationMs: null, width: null, height: null };

  push(chunk: Uint8Array): void {
    let buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    while (buf.length > 0 && !this.done) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, buf.length);
        this.skip -= n;
        buf = buf.subarray(n);
        continue;
      }
      if (this.collecting) {
        const c = this.collecting;
        const n = Math.min(c.need - c.got, buf.length);
        c.parts.push(Buffer.from(buf.subarray(0, n)));
        c.got += n;
        buf = buf.subarray(n);
        if (c.got === c.need) {
          this.result = parseMoov(Buffer.concat(c.parts));
          this.collecting = null;
          this.done = true;
        }
        continue;
      }
      // A box header: 8 bytes, or 16 with a 64-bit size.
      const want = this.hdr.length < 8 ? 8 : 16;
      const n = Math.min(want - this.hdr.length, buf.length);
      this.hdr = Buffer.concat([this.hdr, buf.subarray(0, n)]);
      buf = buf.subarray(n);
      if (this.hdr.length < 8) continue;
      const size32 = this.hdr.readUInt32BE(0);
      if (size32 === 1 && this.hdr.length < 16) continue;
      const type = this.hdr.toString('latin1', 4, 8);
      const headerLen = size32 === 1 ? 16 : 8;
      const size = size32 === 1 ? Number(this.hdr.readBigUInt64BE(8)) : size32;
      this.hdr = Buffer.alloc(0);
      if (++this.boxes > MAX_BOXES || size32 === 0 || size < headerLen || !/^[\x20-\x7e]{4}$/.test(type)) {
        this.done = true;
        break;
      }
      const body = size - headerLen;
      if (type === 'moov') {
        if (body > MOOV_MAX) this.done = true;
        else this.collecting = { need: body, parts: [], got: 0 };
      } else this.skip = body;
    }
  }
}

function* children(buf: Buffer, start: number, end: number): Generator<{ type: string; start: number; end: number }> {
  let off = start;
  while (off + 8 <= end) {
    let size = buf.readUInt32BE(off);
    let header = 8;
    if (size === 1) {
      if (off + 16 > end) return;
      size = Number(buf.readBigUInt64BE(off + 8));
      header = 16;
    } else if (size === 0) size = end - off;
    if (size < header || off + size > end) return;
    yield { type: buf.toString('latin1', off + 4, off + 8), start: off + header, end: off + size };
    off += size;
  }
}

function parseMoov(moov: Buffer): VideoProbe {
  const out: VideoProbe = { durationMs: null, width: null, height: null };
  try {
    for (const box of children(moov, 0, moov.length)) {
      if (box.type === 'mvhd') {
        const c = box.start;
        const v = moov[c];
        const timescale = v === 1 ? moov.readUInt32BE(c + 20) : moov.readUInt32BE(c + 12);
        const duration = v === 1 ? Number(moov.readBigUInt64BE(c + 24)) : moov.readUInt32BE(c + 16);
        const unknown = v === 1 ? duration >= Number.MAX_SAFE_INTEGER : duration === 0xffffffff;
        if (timescale > 0 && !unknown) out.durationMs = Math.round((duration / timescale) * 1000);
      } else if (box.type === 'trak') {
        let handler: string | null = null;
        let dims: { width: number; height: number } | null = null;
        for (const t of children(moov, box.start, box.end)) {
          if (t.type === 'tkhd') dims = tkhdSize(moov, t.start);
          if (t.type === 'mdia') for (const m of children(moov, t.start, t.end)) if (m.type === 'hdlr') handler = moov.toString('latin1', m.start + 8, m.start + 12);
        }
        if (handler === 'vide' && dims && dims.width > 0 && dims.height > 0 && out.width === null) {
          out.width = dims.width;
          out.height = dims.height;
        }
      }
    }
  } catch {
    // A truncated or odd box: keep what was read.
  }
  return out;
}

function tkhdSize(buf: Buffer, c: number): { width: number; height: number } {
  const v1 = buf[c] === 1;
  const matrix = c + (v1 ? 52 : 40);
  const width = Math.round(buf.readUInt32BE(c + (v1 ? 88 : 76)) / 65536);
  const height = Math.round(buf.readUInt32BE(c + (v1 ? 92 : 80)) / 65536);
  const a = buf.readInt32BE(matrix);
  const b = buf.readInt32BE(matrix + 4);
  // A 90° or 270° rotation shows the picture the other way round.
  return a === 0 && Math.abs(b) === 65536 ? { width: height, height: width } : { width, height };
}
