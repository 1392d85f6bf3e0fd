// The browser-facing part of the fake OAuth flows: a consent page that lets the person in the
// demo pick which fake account to log in as (or auto-approves), then redirects back.
import type { FastifyReply } from 'fastify';
import type { FakeState } from './state.ts';
import { htmlEscape } from './http.ts';

export interface OAuthCandidate {
  /** subject id granted (FB user, IG user, X user, YouTube channel, TikTok open_id) */
  id: string;
  label: string;
}

/** Pre-selected logins, consumed by the next authorize request of the platform (set through the control API). */
export function takeNextLogin(state: FakeState, platform: string): string | undefined {
  const v = state.oauthNext.get(platform);
  if (v !== undefined) state.oauthNext.delete(platform);
  return v;
}

export function redirectTo(reply: FastifyReply, base: string, params: Record<string, string | undefined>, hash?: string): FastifyReply {
  let u: URL;
  try {
    u = new URL(base);
  } catch {
    return reply.code(400).type('text/plain').send('invalid redirect_uri');
  }
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
  return reply.code(302).header('location', u.toString() + (hash ?? '')).send();
}

/**
 * Decides who logs in: an explicit `fake_approve` choice, a pre-selected next login, or the only
 * candidate when auto-approve is on. Returns null when a consent page has to be shown.
 */
export function chooseSubject(state: FakeState, platform: string, query: Record<string, string>, candidates: OAuthCandidate[]): string | null {
  if (query.fake_approve) return candidates.some((c) => c.id === query.fake_approve) ? query.fake_approve : null;
  const next = takeNextLogin(state, platform);
  if (next && candidates.some((c) => c.id === next)) return next;
  if (state.config.oauthAutoApprove && candidates.length === 1 && candidates[0]) return candidates[0].id;
  return null;
}

export function consentPage(reply: FastifyReply, opts: { title: string; appName: string; scopes: string[]; candidates: OAuthCandidate[]; currentUrl: string }): FastifyReply {
  const link = (params: Record<string, string>) => {
    const u = new URL(opts.currentUrl);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    return htmlEscape(u.pathname + u.search);
  };
  const items = opts.candidates.length
    ? opts.candidates.map((c) => `<li><a class="btn" href="${link({ fake_approve: c.id })}">Lanjutkan sebagai ${htmlEscape(c.label)}</a></li>`).join('\n')
    : '<li>Belum ada akun palsu untuk platform ini. Buat lewat POST /_fake/accounts.</li>';
  const html = `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>${htmlEscape(opts.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}li{margin:.5rem 0}.btn{display:inline-block;padding:.5rem 1rem;border:1px solid #888;border-radius:.4rem;text-decoration:none}</style></head>
<body><h1>${htmlEscape(opts.title)}</h1>
<p><strong>${htmlEscape(opts.appName)}</strong> meminta izin: ${opts.scopes.map((s) => `<code>${htmlEscape(s)}</code>`).join(', ') || '(tanpa scope)'}</p>
<p>Ini platform palsu (fakes) untuk pengembangan dan demo Dayung. Pilih akun:</p>
<ul>${items}</ul>
<p><a href="${link({ fake_deny: '1' })}">Batalkan</a></p></body></html>`;
  return reply.code(200).type('text/html; charset=utf-8').send(html);
}
