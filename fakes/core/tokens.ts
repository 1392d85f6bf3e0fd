// Access tokens of every fake platform, with expiry, scopes and revocation.
import type { Rng } from './rng.ts';

export type TokenFamily = 'meta' | 'instagram_login' | 'x' | 'telegram' | 'google' | 'tiktok';
export type TokenKind =
  | 'user'
  | 'page'
  | 'app'
  | 'system_user'
  | 'ig_user'
  | 'bot'
  | 'oauth2_user'
  | 'app_only'
  | 'refresh'
  | 'api_key';

export interface Token {
  value: string;
  family: TokenFamily;
  kind: TokenKind;
  appId: string;
  /** user id, page id, IG user id, X user id, bot id, YouTube channel id, TikTok open_id */
  subjectId: string;
  scopes: string[];
  issuedAt: number;
  /** unix ms; null = never expires */
  expiresAt: number | null;
  revoked: null | { at: number; reason: string; subcode?: number };
  /** for refresh tokens: the access token family they renew; for access tokens: their refresh token */
  pair?: string;
  /** free-form platform data (e.g. Meta data_access_expires_at) */
  data: Record<string, unknown>;
}

export type TokenCheck =
  | { status: 'ok'; token: Token }
  | { status: 'expired'; token: Token }
  | { status: 'revoked'; token: Token }
  | { status: 'unknown' };

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const URLSAFE = ALNUM + '-_';

export function randomString(rng: Rng, n: number, alphabet: string = ALNUM): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(rng.next() * alphabet.length)];
  return out;
}

export class TokenStore {
  readonly tokens = new Map<string, Token>();
  private readonly rng: Rng;
  private readonly now: () => number;

  constructor(rng: Rng, now: () => number) {
    this.rng = rng;
    this.now = now;
  }

  mint(family: TokenFamily, kind: TokenKind, subjectId: string): string {
    const r = (n: number, a?: string) => randomString(this.rng, n, a);
    switch (family) {
      case 'meta':
        return kind === 'app' ? '' : 'EAA' + r(1) + r(160);
      case 'instagram_login':
        return 'IGAA' + r(150);
      case 'x':
        if (kind === 'app_only') return 'AAAAAAAAAAAAAAAAAAAAA' + r(90);
        return r(86, URLSAFE) + ':1:' + String(this.now()) + ':1:' + (kind === 'refresh' ? 'rt' : 'at') + ':1';
      case 'telegram':
        return `${subjectId}:AA${r(33, URLSAFE)}`;
      case 'google':
        if (kind === 'refresh') return '1//0' + r(100, URLSAFE);
        if (kind === 'api_key') return 'AIza' + r(35, URLSAFE);
        return 'ya29.a0' + r(180, URLSAFE);
      case 'tiktok':
        return (kind === 'refresh' ? 'rft.' : 'act.') + r(60) + '!' + r(4) + '.va';
    }
  }

  issue(input: {
    family: TokenFamily;
    kind: TokenKind;
    appId: string;
    subjectId: string;
    scopes?: string[];
    ttlSec?: number | null;
    value?: string;
    data?: Record<string, unknown>;
  }): Token {
    const now = this.now();
    const value = input.value ?? this.mint(input.family, input.kind, input.subjectId);
    const token: Token = {
      value,
      family: input.family,
      kind: input.kind,
      appId: input.appId,
      subjectId: input.subjectId,
      scopes: input.scopes ?? [],
      issuedAt: now,
      expiresAt: input.ttlSec == null ? null : now + input.ttlSec * 1000,
      revoked: null,
      data: input.data ?? {},
    };
    this.tokens.set(value, token);
    return token;
  }

  check(value: string | undefined | null): TokenCheck {
    if (!value) return { status: 'unknown' };
    const token = this.tokens.get(value);
    if (!token) return { status: 'unknown' };
    if (token.revoked) return { status: 'revoked', token };
    if (token.expiresAt !== null && token.expiresAt <= this.now()) return { status: 'expired', token };
    return { status: 'ok', token };
  }

  revoke(value: string, reason = 'revoked', subcode?: number): Token | undefined {
    const token = this.tokens.get(value);
    if (!token) return undefined;
    token.revoked = { at: this.now(), reason, ...(subcode === undefined ? {} : { subcode }) };
    return token;
  }

  /** Revokes every token of an app/subject pair (user removed the app, password change...). */
  revokeWhere(pred: (t: Token) => boolean, reason: string, subcode?: number): Token[] {
    const out: Token[] = [];
    for (const t of this.tokens.values()) {
      if (!t.revoked && pred(t)) {
        this.revoke(t.value, reason, subcode);
        out.push(t);
      }
    }
    return out;
  }

  expire(value: string): Token | undefined {
    const token = this.tokens.get(value);
    if (!token) return undefined;
    token.expiresAt = this.now() - 1;
    return token;
  }

  find(pred: (t: Token) => boolean): Token[] {
    return [...this.tokens.values()].filter(pred);
  }
}
