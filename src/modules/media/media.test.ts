import { describe, expect, it } from 'vitest';
import { fakeMp4 } from '../../../test/helpers/media.ts';
import { Mp4Probe } from './mp4.ts';
import { PROFILES, targetSize } from './prepare.ts';
import { parseRange } from './read.ts';

describe('Mp4Probe', () => {
  it('reads duration and picture size from a moov after the media data, fed in odd-sized pieces', () => {
    const file = fakeMp4({ mdatBytes: 300_000, durationMs: 61_234, width: 1080, height: 1920 });
    for (const step of [1, 7, 4096, 65_537, file.length]) {
      const p = new Mp4Probe();
      for (let i = 0; i < file.length; i += step) p.push(file.subarray(i, i + step));
      expect(p.result, `step ${step}`).toEqual({ durationMs: 61_234, width: 1080, height: 1920 });
    }
  });

  it('tells nothing (never throws) for what is not an MP4 or is cut short', () => {
    const p = new Mp4Probe();
    p.push(Buffer.from('bukan video sama sekali, hanya teks biasa'));
    expect(p.result).toEqual({ durationMs: null, width: null, height: null });
    const cut = new Mp4Probe();
    cut.push(fakeMp4().subarray(0, 5000));
    expect(cut.result).toEqual({ durationMs: null, width: null, height: null });
  });
});

describe('parseRange', () => {
  it('understands one range, open ends and suffixes; refuses what lies beyond the end', () => {
    expect(parseRange(undefined, 100)).toBeNull();
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=90-500', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=5-2', 100)).toBe('unsatisfiable');
    // Several ranges or other units: the whole object.
    expect(parseRange('bytes=0-1,5-6', 100)).toBeNull();
    expect(parseRange('items=0-1', 100)).toBeNull();
  });
});

describe('targetSize', () => {
  it('clamps Instagram feed ratios to 4:5 … 1.91:1 at 1080 wide', () => {
    expect(targetSize(PROFILES.instagram_feed, 3000, 1000)).toEqual({ width: 1080, height: 565, crop: true });
    expect(targetSize(PROFILES.instagram_feed, 1000, 3000)).toEqual({ width: 1080, height: 1350, crop: true });
    expect(targetSize(PROFILES.instagram_feed, 1200, 1200)).toEqual({ width: 1080, height: 1080, crop: true });
  });

  it('fills exact boxes and scales others down by the longer side without enlarging', () => {
    expect(targetSize(PROFILES.youtube_thumbnail, 500, 2000)).toEqual({ width: 1280, height: 720, crop: true });
    expect(targetSize(PROFILES.whatsapp, 4000, 3000)).toEqual({ width: 1600, height: 1200, crop: false });
    expect(targetSize(PROFILES.telegram, 800, 600)).toEqual({ width: 800, height: 600, crop: false });
  });
});
