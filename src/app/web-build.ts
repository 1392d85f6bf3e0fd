import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Logger } from '../platform/logger.ts';
import { ROOT } from './runtime.ts';

// The React app is built by Vite into web/dist. `npm install` builds it (postinstall); a start
// rebuilds it when the sources changed since, so `npm start` never serves a stale UI.

const WEB = path.join(ROOT, 'web');
const STAMP = path.join(WEB, 'dist', '.source-hash');

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    if (name === 'dist' || name === 'node_modules') continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
}

export function webSourceHash(): string {
  const files: string[] = [];
  if (existsSync(WEB)) walk(WEB, files);
  const h = createHash('sha256');
  for (const f of files.sort()) h.update(path.relative(WEB, f)).update(readFileSync(f));
  return h.digest('hex');
}

export async function buildWeb(logger?: Logger): Promise<void> {
  if (!existsSync(path.join(WEB, 'index.html'))) return;
  logger?.info('membangun antarmuka web (vite build)…');
  const { build } = await import('vite');
  await build({ configFile: path.join(WEB, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(STAMP, webSourceHash());
}

export async function ensureWebBuild(logger?: Logger): Promise<void> {
  if (!existsSync(path.join(WEB, 'index.html'))) return;
  const current = existsSync(STAMP) ? readFileSync(STAMP, 'utf8') : '';
  if (existsSync(path.join(WEB, 'dist', 'index.html')) && current === webSourceHash()) return;
  await buildWeb(logger);
}

export async function startViteDev(apiPort: number): Promise<{ url: string; close(): Promise<void> }> {
  const { createServer } = await import('vite');
  const server = await createServer({
    configFile: path.join(WEB, 'vite.config.ts'),
    server: {
      port: 5173,
      proxy: Object.fromEntries(['/api', '/webhooks', '/open311', '/healthz', '/readyz', '/metrics'].map((p) => [p, `http://127.0.0.1:${apiPort}`])),
    },
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0]?.replace(/\/$/, '') ?? 'http://localhost:5173';
  return { url, close: () => server.close() };
}
