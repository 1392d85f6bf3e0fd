// A small HTTP client for API tests that keeps cookies and the CSRF token like a browser does.

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export class ApiClient {
  readonly base: string;
  readonly cookies = new Map<string, string>();
  csrf: string | null = null;
  lang: string | undefined;
  ip: string | undefined;

  constructor(base: string, opts: { lang?: string; ip?: string } = {}) {
    this.base = base;
    this.lang = opts.lang;
    this.ip = opts.ip;
  }

  private storeCookies(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(';');
      const idx = pair!.indexOf('=');
      const name = pair!.slice(0, idx).trim();
      const value = pair!.slice(idx + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.cookies.size) h['cookie'] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.lang) h['accept-language'] = this.lang;
    if (this.ip) h['x-forwarded-for'] = this.ip;
    if (method !== 'GET' && method !== 'HEAD' && this.csrf && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrf;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload, redirect: 'manual' });
    this.storeCookies(res.headers);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body);
  }
  patch<T = any>(path: string, body?: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }
  put<T = any>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, body);
  }

  /** GET /api/auth/session, which issues the CSRF cookie. */
  async session() {
    const res = await this.get('/api/auth/session');
    this.csrf = res.body.csrfToken;
    return res;
  }

  async login(email: string, password: string) {
    if (!this.csrf) await this.session();
    return this.post('/api/auth/login', { email, password });
  }

  /** A client logged in as the user (a test's "as this person"). */
  static async loggedIn(baseUrl: string, user: { email: string; password: string }): Promise<ApiClient> {
    const c = new ApiClient(baseUrl);
    const res = await c.login(user.email, user.password);
    if (res.status !== 200) throw new Error(`login as ${user.email} failed: ${res.status} ${res.text}`);
    return c;
  }
}
