import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlClient } from '../control-client.ts';
import { startFakes, type RunningFakes } from '../server.ts';

// Like the real Graph API, a throttled write is refused without being performed, so that a client
// that waits and retries as told does not publish twice.

let fakes: RunningFakes;
let control: ControlClient;
beforeAll(async () => {
  fakes = await startFakes({ port: 0, seed: 'throttle', config: { limits: { meta: { page: { limit: 3, windowMs: 3_600_000 } } } } });
  control = new ControlClient(fakes.url);
});
afterAll(async () => {
  await fakes?.close();
});

describe('Graph throttling', () => {
  it('a Page over its budget gets 80001 for a POST and nothing is published', async () => {
    const page = await control.createAccount({ platform: 'facebook', name: 'Uji Batas', username: 'uji.batas' });
    const statuses: number[] = [];
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await fetch(`${fakes.url}/graph/v27.0/${page.id}/feed`, {
        method: 'POST',
        headers: { authorization: `Bearer ${page.credentials.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ message: `Pengumuman ${i}` }),
      });
      statuses.push(r.status);
      const body = (await r.json()) as { error?: { code: number } };
      if (body.error) codes.push(body.error.code);
    }
    const ok = statuses.filter((s) => s === 200).length;
    expect(codes.every((c) => c === 80001)).toBe(true);
    expect(codes.length).toBeGreaterThan(0);
    const posts = (await control.records({ platform: 'facebook', kind: 'post', accountId: page.id })).filter((p) => JSON.stringify(p).includes('Pengumuman'));
    expect(posts).toHaveLength(ok);
  });
});
