// Runs after `npm install`: builds the web UI so that the first `npm start` is fast.
// Uses whatever Node runs npm; the build itself is plain Vite.
import { existsSync } from 'node:fs';

if (existsSync('web/index.html') && existsSync('node_modules/vite')) {
  const { buildWeb } = await import('../src/app/web-build.ts');
  try {
    await buildWeb();
    console.log('Dayung: antarmuka web dibangun (web/dist).');
  } catch (err) {
    // A failed UI build must not fail the install; `npm start` retries it and shows the error.
    console.warn(`Dayung: web build skipped: ${(err as Error).message}`);
  }
}
