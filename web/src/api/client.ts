// The one way the web app talks to the server: JSON over fetch, same-origin
// cookies, the CSRF token on every non-GET request, Accept-Language always,
// and RFC 9457 problem+json turned into ApiError.
import type { Problem } from './types.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(status: number, problem: Problem, fallback: string) {
    super(problem.detail || problem.title || fallback);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
  get code(): string | undefined {
    return this.problem.code;
  }
  /** Field errors keyed by the last segment of their path (e.g. "body.email" → "email"). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) {
      const key = e.path.split(/[./]/).filter(Boolean).pop() ?? e.path;
      if (!(key in out)) out[key] = e.message;
    }
    return out;
  }
}

type ClientState = {
  csrfToken: string | null;
  locale: () => string;
  messages: () => { network: string; unexpected: string };
  onUnauthorized: () => void;
  /** Fetches a fresh session (and CSRF token) after the server refused a stale token. */
  refreshCsrf: () => Promise<void>;
};

const state: ClientState = {
  csrfToken: null,
  locale: () => 'id',
  messages: () => ({ network: 'Tidak dapat menghubungi server.', unexpected: 'Terjadi kesalahan tak terduga.' }),
  onUnauthorized: () => {},
  refreshCsrf: async () => {},
};

export function configureApi(options: Partial<ClientState>): void {
  Object.assign(state, options);
}

export function setCsrfToken(token: string | null): void {
  state.csrfToken = token;
}

export type Query = Record<string, string | number | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

type RequestOptions = { query?: Query; body?: unknown; form?: FormData; signal?: AbortSignal; retried?: boolean };

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': state.locale(),
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && state.csrfToken) headers['x-csrf-token'] = state.csrfToken;

  let res: Response;
  try {
    res = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      // A FormData body (file upload) sets its own multipart Content-Type with the boundary.
      body: options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, { detail: state.messages().network, code: 'network' }, state.messages().network);
  }

  if (res.status === 204 || res.status === 202 || res.headers.get('content-length') === '0') {
    if (res.ok) return undefined as T;
  }
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const problem: Problem = isObject(data) ? (data as Problem) : { status: res.status };
    const error = new ApiError(res.status, problem, state.messages().unexpected);
    if (res.status === 403 && /csrf/i.test(problem.code ?? '') && method !== 'GET' && !options.retried) {
      await state.refreshCsrf();
      return request<T>(method, path, { ...options, retried: true });
    }
    if (res.status === 401 && !path.startsWith('/api/auth/')) state.onUnauthorized();
    throw error;
  }
  return data as T;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
  /** multipart/form-data (file uploads), streamed by the server */
  upload: <T>(path: string, form: FormData, signal?: AbortSignal) => request<T>('POST', path, { form, signal }),
};

/** The message to show a person for any error thrown by a request. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error && err.message) return err.message;
  return state.messages().unexpected;
}
