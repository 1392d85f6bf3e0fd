// Query keys and options, one place, so that mutations know what to refresh.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import {
  getConversation,
  inboxCounts,
  listAssignees,
  listCanned,
  listOpen311Keys,
  listRules,
  listSavedViews,
  listTemplates,
  getConnectChoice,
  getOrg,
  listChannelAccounts,
  listChannelHealth,
  listInboundEvents,
  listNotices,
  listPlatforms,
  listOrgs,
  listOutbox,
  listUsers,
  type EventFilters,
  type InboxFilters,
  type OrgFilters,
  type UserFilters,
} from './endpoints.ts';

export const orgsQuery = (filters: OrgFilters = {}) =>
  queryOptions({
    queryKey: ['orgs', filters] as const,
    queryFn: ({ signal }) => listOrgs(filters, signal),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });

export const orgQuery = (id: string) =>
  queryOptions({
    queryKey: ['org', id] as const,
    queryFn: ({ signal }) => getOrg(id, signal),
  });

export const usersQuery = (filters: UserFilters = {}) =>
  queryOptions({
    queryKey: ['users', filters] as const,
    queryFn: ({ signal }) => listUsers(filters, signal),
    placeholderData: keepPreviousData,
  });

export const outboxQuery = () =>
  queryOptions({
    queryKey: ['mail', 'outbox'] as const,
    queryFn: ({ signal }) => listOutbox(signal),
  });

// ── channels ─────────────────────────────────────────────────────────
export const platformsQuery = () =>
  queryOptions({
    queryKey: ['channels', 'platforms'] as const,
    queryFn: ({ signal }) => listPlatforms(signal),
    staleTime: 5 * 60_000,
  });

/** Accounts refresh every 30 s so that "last message received" and token states stay current. */
export const channelAccountsQuery = (orgId: string | undefined) =>
  queryOptions({
    queryKey: ['channels', 'accounts', orgId ?? null] as const,
    queryFn: ({ signal }) => listChannelAccounts(orgId, signal),
    refetchInterval: 30_000,
  });

export const channelHealthQuery = () =>
  queryOptions({
    queryKey: ['channels', 'health'] as const,
    queryFn: ({ signal }) => listChannelHealth(signal),
    refetchInterval: 60_000,
  });

/** Raw inbound events, refreshed every 10 s while the page is open. */
export const inboundEventsQuery = (filters: EventFilters) =>
  queryOptions({
    queryKey: ['channels', 'events', filters] as const,
    queryFn: ({ signal }) => listInboundEvents(filters, signal),
    refetchInterval: 10_000,
    staleTime: 0,
  });

export const connectChoiceQuery = (connectId: string) =>
  queryOptions({
    queryKey: ['channels', 'connect', connectId] as const,
    queryFn: ({ signal }) => getConnectChoice(connectId, signal),
    staleTime: Infinity,
  });

export const noticesQuery = () =>
  queryOptions({
    queryKey: ['notifications'] as const,
    queryFn: ({ signal }) => listNotices(signal),
    refetchInterval: 60_000,
  });

// ── inbox ────────────────────────────────────────────────────────────
// Everything under ['inbox'] is refreshed by the live stream (new/changed events).

export const inboxCountsQuery = (filters: InboxFilters) =>
  queryOptions({
    queryKey: ['inbox', 'counts', filters] as const,
    queryFn: ({ signal }) => inboxCounts(filters, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });

/**
 * While a reply is queued or being sent, the conversation is asked again every 2 s; otherwise every
 * 30 s, because the live stream does not announce colleagues' assignments, status changes and notes.
 */
export const conversationQuery = (id: string) =>
  queryOptions({
    queryKey: ['inbox', 'conversation', id] as const,
    queryFn: ({ signal }) => getConversation(id, signal),
    refetchInterval: (q) => (q.state.data?.replies.some((r) => r.status === 'queued' || r.status === 'sending') ? 2_000 : 30_000),
  });

export const cannedQuery = (orgId: string | undefined) =>
  queryOptions({
    queryKey: ['inbox', 'canned', orgId ?? null] as const,
    queryFn: ({ signal }) => listCanned(orgId, signal),
    staleTime: 60_000,
  });

/** Saved views with their counts; under ['inbox'] so the live stream refreshes the counts. */
export const savedViewsQuery = () =>
  queryOptions({
    queryKey: ['inbox', 'saved-views'] as const,
    queryFn: ({ signal }) => listSavedViews(signal),
    refetchInterval: 60_000,
  });

/** Colleagues who may be given the OPD's interactions (also the @mention suggestions). */
export const assigneesQuery = (orgId: string | undefined) =>
  queryOptions({
    queryKey: ['assignees', orgId ?? null] as const,
    queryFn: ({ signal }) => listAssignees(orgId, signal),
    staleTime: 5 * 60_000,
  });

/** Approved WhatsApp templates of an account (the server keeps them five minutes). */
export const templatesQuery = (accountId: string) =>
  queryOptions({
    queryKey: ['channels', 'templates', accountId] as const,
    queryFn: ({ signal }) => listTemplates(accountId, signal),
    staleTime: 5 * 60_000,
  });

export const rulesQuery = () =>
  queryOptions({
    queryKey: ['rules'] as const,
    queryFn: ({ signal }) => listRules(signal),
  });

export const open311KeysQuery = () =>
  queryOptions({
    queryKey: ['open311', 'keys'] as const,
    queryFn: ({ signal }) => listOpen311Keys(signal),
  });
