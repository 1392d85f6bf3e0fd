import type { InboxFilter } from './queries.ts';

// The inbox's built-in views (pure). A view is a fixed question laid over the filters of the panel:
// the list of a view and its count are both answered from applyView(filters, view), so the number
// beside a view is exactly what the list shows when the view is opened.
//
//   all          the filters as they are
//   open         status = open                    (the panel's status is replaced)
//   mine         assigned to me, status = assigned (the panel's assignee and status are replaced)
//   urgent       urgency = high; not yet done      (the panel's status, when set, is kept)
//   complaints   intent = complaint; not yet done  (same)
//   triage       in Kominfotik's triage; not yet done (same)
//   done         status = done
//   spam         status = spam

export const VIEW_KEYS = ['all', 'open', 'mine', 'urgent', 'complaints', 'triage', 'done', 'spam'] as const;
export type ViewKey = (typeof VIEW_KEYS)[number];

/** "Not yet done": what the work queues show unless the panel asks for a status. */
export const ACTIVE_STATUSES = ['open', 'assigned'] as const;

export function applyView(f: InboxFilter, view: ViewKey | undefined, userId: string): InboxFilter {
  switch (view ?? 'all') {
    case 'open':
      return { ...f, status: ['open'] };
    case 'mine':
      return { ...f, unassigned: undefined, assigneeId: userId, status: ['assigned'] };
    case 'urgent':
      return { ...f, urgency: 'high', status: f.status?.length ? f.status : [...ACTIVE_STATUSES] };
    case 'complaints':
      return { ...f, intent: 'complaint', status: f.status?.length ? f.status : [...ACTIVE_STATUSES] };
    case 'triage':
      return { ...f, triage: true, status: f.status?.length ? f.status : [...ACTIVE_STATUSES] };
    case 'done':
      return { ...f, status: ['done'] };
    case 'spam':
      return { ...f, status: ['spam'] };
    default:
      return f;
  }
}
