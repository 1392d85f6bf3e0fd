// One function per API route of the contract. Components use these through
// TanStack Query (see queries.ts); nothing else builds URLs.
import { api, setCsrfToken } from './client.ts';
import type {
  AuditPage,
  Assignee,
  CannedResponse,
  Contact,
  Conversation,
  MessageTemplate,
  Open311Key,
  RoutingRule,
  RuleInput,
  RuleTest,
  SavedView,
  SavedViewFilters,
  InboxViewKey,
  InboxCounts,
  InboxPage,
  InternalNote,
  ChannelAccount,
  ChannelHealthRow,
  ChannelPlatform,
  ChannelStatus,
  ConnectChoice,
  InboundEvent,
  Notice,
  PlatformInfo,
  Locale,
  MailMessage,
  Org,
  OrgDetail,
  Role,
  Session,
  SessionUser,
  UserRow,
  UserStatus,
} from './types.ts';

export async function fetchSession(): Promise<Session> {
  const session = await api.get<Session>('/api/auth/session');
  setCsrfToken(session.csrfToken);
  return session;
}

export async function login(input: { email: string; password: string }): Promise<{ user: SessionUser; csrfToken: string }> {
  const out = await api.post<{ user: SessionUser; csrfToken: string }>('/api/auth/login', input);
  setCsrfToken(out.csrfToken);
  return out;
}

export const logout = () => api.post<void>('/api/auth/logout');
export const requestPasswordReset = (email: string) => api.post<void>('/api/auth/password-reset', { email });
export const confirmPasswordReset = (token: string, password: string) =>
  api.post<void>('/api/auth/password-reset/confirm', { token, password });
export const changePassword = (currentPassword: string, newPassword: string) =>
  api.post<void>('/api/auth/change-password', { currentPassword, newPassword });
export const OIDC_START_URL = '/api/auth/oidc/start';

export const updateMe = (input: { name?: string; locale?: Locale }) => api.patch<{ user: SessionUser }>('/api/me', input);

export type OrgFilters = { q?: string; kind?: string };
export const listOrgs = (filters: OrgFilters, signal?: AbortSignal) =>
  api.get<{ items: Org[] }>('/api/orgs', filters, signal);
export const getOrg = (id: string, signal?: AbortSignal) =>
  api.get<{ org: OrgDetail; users: UserRow[] | null }>(`/api/orgs/${encodeURIComponent(id)}`, undefined, signal);

export type UserFilters = { orgId?: string; role?: string; status?: string; q?: string };
export const listUsers = (filters: UserFilters, signal?: AbortSignal) =>
  api.get<{ items: UserRow[] }>('/api/users', filters, signal);
export const inviteUser = (input: { email: string; name: string; role: Role; orgId: string }) =>
  api.post<{ user: UserRow }>('/api/users', input);
export const updateUser = (id: string, input: { role?: Role; status?: Exclude<UserStatus, 'invited'>; name?: string }) =>
  api.patch<{ user: UserRow }>(`/api/users/${encodeURIComponent(id)}`, input);

export type AuditFilters = {
  actorId?: string;
  action?: string;
  orgId?: string;
  targetType?: string;
  from?: string;
  to?: string;
};
export const listAudit = (filters: AuditFilters & { cursor?: string; limit?: number }, signal?: AbortSignal) =>
  api.get<AuditPage>('/api/audit', filters, signal);

export const listOutbox = (signal?: AbortSignal) => api.get<{ items: MailMessage[] }>('/api/mail/outbox', undefined, signal);

// ── channels ─────────────────────────────────────────────────────────
export const listPlatforms = (signal?: AbortSignal) => api.get<{ items: PlatformInfo[] }>('/api/channels/platforms', undefined, signal);
export const listChannelAccounts = (orgId: string | undefined, signal?: AbortSignal) =>
  api.get<{ items: ChannelAccount[] }>('/api/channels/accounts', { orgId }, signal);
export const listChannelHealth = (signal?: AbortSignal) => api.get<{ items: ChannelHealthRow[] }>('/api/channels/health', undefined, signal);
export type EventFilters = { orgId?: string; accountId?: string; limit?: number };
export const listInboundEvents = (filters: EventFilters, signal?: AbortSignal) =>
  api.get<{ items: InboundEvent[] }>('/api/channels/events', filters, signal);
export const startOAuth = (input: { orgId: string; platform: ChannelPlatform }) => api.post<{ authorizeUrl: string }>('/api/channels/oauth/start', input);
export const getConnectChoice = (connectId: string, signal?: AbortSignal) =>
  api.get<{ choose: ConnectChoice | null }>(`/api/channels/connect/${encodeURIComponent(connectId)}`, undefined, signal);
export const chooseAccounts = (connectId: string, externalIds: string[]) =>
  api.post<{ items: ChannelAccount[] }>(`/api/channels/connect/${encodeURIComponent(connectId)}`, { externalIds });
export const connectWithToken = (input: { orgId: string; platform: ChannelPlatform; fields: Record<string, string> }) =>
  api.post<{ items: ChannelAccount[] }>('/api/channels/accounts', input);
export const checkChannelAccount = (id: string) => api.post<{ status: ChannelStatus }>(`/api/channels/accounts/${encodeURIComponent(id)}/check`);
export const disconnectChannelAccount = (id: string) => api.post<void>(`/api/channels/accounts/${encodeURIComponent(id)}/disconnect`);

// ── notifications ────────────────────────────────────────────────────
export const listNotices = (signal?: AbortSignal) => api.get<{ items: Notice[] }>('/api/notifications', undefined, signal);
export const markNoticeRead = (id: string) => api.post<void>(`/api/notifications/${encodeURIComponent(id)}/read`);

// ── inbox ────────────────────────────────────────────────────────────
/** The list filters of GET /api/inbox and /api/inbox/counts; dates are WIB calendar days (YYYY-MM-DD). */
export type InboxFilters = {
  orgId?: string;
  platform?: string;
  accountId?: string;
  kind?: string;
  intent?: string;
  sentiment?: string;
  urgency?: string;
  status?: string;
  assigneeId?: string;
  unassigned?: 'true' | 'false';
  triage?: 'true' | 'false';
  from?: string;
  to?: string;
  q?: string;
  contactId?: string;
};
/** The list's filters plus a built-in view (the server lays the view over the filters). */
export type InboxListFilters = InboxFilters & { view?: InboxViewKey };
const inboxPath = (id: string, action?: string) => `/api/inbox/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;
export const listInbox = (filters: InboxListFilters & { cursor?: string; limit?: number }, signal?: AbortSignal) => api.get<InboxPage>('/api/inbox', filters, signal);
export const inboxCounts = (filters: InboxFilters, signal?: AbortSignal) => api.get<InboxCounts>('/api/inbox/counts', filters, signal);
export const getConversation = (id: string, signal?: AbortSignal) => api.get<Conversation>(inboxPath(id), undefined, signal);
export const revealText = (id: string, reason: string) => api.post<{ text: string }>(inboxPath(id, 'reveal'), { reason });
export const assignInteraction = (id: string, assigneeId: string | null) => api.post<void>(inboxPath(id, 'assign'), { assigneeId });
export const setInteractionStatus = (id: string, status: 'open' | 'done' | 'spam') => api.post<void>(inboxPath(id, 'status'), { status });
export const correctIntent = (id: string, intent: string) => api.post<void>(inboxPath(id, 'intent'), { intent });
export const rerouteInteraction = (id: string, input: { orgCode: string; reason: string }) => api.post<void>(inboxPath(id, 'reroute'), input);
export const addNote = (id: string, text: string) => api.post<InternalNote>(inboxPath(id, 'notes'), { text });
export const announceViewing = (id: string) => api.post<void>(inboxPath(id, 'viewing'));
export type ReplyInput = { text?: string; cannedId?: string; mode: 'public' | 'private'; requestId: string; template?: { name: string; language: string; parameters: string[] } };
/** 202 (queued) answers with an empty body through the client; 200 is a repeated requestId. */
export const sendReply = (id: string, input: ReplyInput) =>
  api.post<{ outboundId: string; duplicate: boolean; mode: 'public' | 'private'; text: string } | undefined>(inboxPath(id, 'reply'), input);
export const listCanned = (orgId: string | undefined, signal?: AbortSignal) => api.get<{ items: CannedResponse[] }>('/api/inbox/canned', { orgId }, signal);
export const saveCanned = (input: { id?: string; orgId: string; title: string; body: string }) => api.post<{ id: string }>('/api/inbox/canned', input);
export const deleteCanned = (id: string) => api.delete<void>(`/api/inbox/canned/${encodeURIComponent(id)}`);
export const INBOX_STREAM_URL = '/api/inbox/stream';
export const listAssignees = (orgId: string | undefined, signal?: AbortSignal) => api.get<{ items: Assignee[] }>('/api/inbox/assignees', { orgId }, signal);
export const listSavedViews = (signal?: AbortSignal) => api.get<{ items: SavedView[] }>('/api/inbox/saved-views', undefined, signal);
export const createSavedView = (input: { name: string; shared?: boolean; filters: SavedViewFilters }) => api.post<SavedView>('/api/inbox/saved-views', input);
export const updateSavedView = (id: string, input: { name?: string; shared?: boolean; filters?: SavedViewFilters }) => api.patch<SavedView>(`/api/inbox/saved-views/${encodeURIComponent(id)}`, input);
export const deleteSavedView = (id: string) => api.delete<void>(`/api/inbox/saved-views/${encodeURIComponent(id)}`);
export const searchContacts = (q: string, signal?: AbortSignal) => api.get<{ items: Contact[] }>('/api/inbox/contacts', { q }, signal);
export const linkContact = (id: string, contactId: string) => api.post<{ items: Contact[] }>(`/api/inbox/contacts/${encodeURIComponent(id)}/links`, { contactId });
export const unlinkContact = (id: string) => api.post<void>(`/api/inbox/contacts/${encodeURIComponent(id)}/unlink`);
export const listTemplates = (accountId: string, signal?: AbortSignal) => api.get<{ items: MessageTemplate[] }>(`/api/channels/accounts/${encodeURIComponent(accountId)}/templates`, undefined, signal);

// ── routing rules (province) ─────────────────────────────────────────
export const listRules = (signal?: AbortSignal) => api.get<{ items: RoutingRule[] }>('/api/inbox/rules', undefined, signal);
export const createRule = (input: RuleInput) => api.post<{ id: string }>('/api/inbox/rules', input);
export const updateRule = (id: string, input: RuleInput) => api.put<{ id: string }>(`/api/inbox/rules/${encodeURIComponent(id)}`, input);
export const deleteRule = (id: string) => api.delete<void>(`/api/inbox/rules/${encodeURIComponent(id)}`);
export const testRules = (input: { text: string; platform?: string; accountId?: string }) => api.post<RuleTest>('/api/inbox/rules/test', input);

// ── Open311 API keys (province admins) ───────────────────────────────
export const listOpen311Keys = (signal?: AbortSignal) => api.get<{ items: Open311Key[] }>('/api/open311/keys', undefined, signal);
export const createOpen311Key = (input: { name: string; contact?: string }) => api.post<Open311Key & { key: string }>('/api/open311/keys', input);
export const revokeOpen311Key = (id: string) => api.post<Open311Key>(`/api/open311/keys/${encodeURIComponent(id)}/revoke`, {});
