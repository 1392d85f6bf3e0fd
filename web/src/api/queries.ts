// Query keys and options, one place, so that mutations know what to refresh.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import {
  getOrg,
  listOrgs,
  listOutbox,
  listUsers,
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
