import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlClient } from '../control-client.ts';
import { startFakes, type RunningFakes } from '../server.ts';

// Regression (found by fuzz.test.ts): JavaScript's own property names are not Graph fields.
let fakes: RunningFakes;
beforeAll(async () => {
  fakes = await startFakes({ port: 0, seed: 'fields' });
});
afterAll(async () => {
  await fakes?.close();
});

describe('Graph field selection', () => {
  it('answers 400 (#100) for valueOf, constructor, toString and __proto__, like any unknown field', async () => {
    const page = await new ControlClient(fakes.url).createAccount({ platform: 'facebook', name: 'Uji Field', username: 'uji.field' });
    for (const field of ['valueOf', 'constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const r = await fetch(`${fakes.url}/graph/v27.0/${page.id}?fields=${field}`, { headers: { authorization: `Bearer ${page.credentials.accessToken}` } });
      expect(r.status, field).toBe(400);
      const body = (await r.json()) as { error: { code: number } };
      expect(body.error.code).toBe(100);
    }
  });
});
