import { useTranslation } from 'react-i18next';
import type { CaseItem, CaseStatus, Deadline, EventParams } from '../../api/cases.ts';
import { DateTime } from '../../components/date-time.tsx';
import { formatDateTime } from '../../lib/format.ts';

/** Status words (translated); colour only supports them. */
export function useStatusLabel() {
  const { t } = useTranslation();
  return (s: CaseStatus | string) => t(`cases.status.${s as CaseStatus}`, { defaultValue: s });
}

export function CaseStatusBadge({ status }: { status: CaseStatus }) {
  const label = useStatusLabel();
  return <span className={`badge case-status case-status--${status}`}>{label(status)}</span>;
}

export type DeadlineKey = 'verify' | 'followUp' | 'close' | 'cap';
export const DEADLINE_KEYS: DeadlineKey[] = ['verify', 'followUp', 'close', 'cap'];

/** The running deadline that matters most: an overdue one, else the earliest. */
export function nextDeadline(c: Pick<CaseItem, 'deadlines'>): { key: DeadlineKey; d: NonNullable<Deadline> } | null {
  const running = DEADLINE_KEYS.map((key) => ({ key, d: c.deadlines[key] })).filter((x): x is { key: DeadlineKey; d: NonNullable<Deadline> } => !!x.d && x.d.running);
  const late = running.find((x) => x.d.overdue);
  if (late) return late;
  return running.sort((a, b) => a.d.dueAt.localeCompare(b.d.dueAt))[0] ?? null;
}

/** A due date in WIB with the time left in words; late ones in red and saying so. */
export function DeadlineText({ d }: { d: NonNullable<Deadline> }) {
  const { t } = useTranslation();
  const left = !d.running
    ? t('cases.deadline.stopped')
    : d.overdue
      ? t('cases.deadline.overdue', { count: Math.abs(d.workingDaysLeft ?? 0) })
      : d.dueToday
        ? t('cases.deadline.today', { count: Math.max(0, d.hoursLeft ?? 0) })
        : t('cases.deadline.left', { count: d.workingDaysLeft ?? 0 });
  return (
    <span className={d.overdue ? 'deadline deadline--overdue' : d.dueToday ? 'deadline deadline--soon' : 'deadline'}>
      <DateTime value={d.dueAt} /> · <strong>{left}</strong>
    </span>
  );
}

/** Classification words (translated from the code; the server's Indonesian label as fallback). */
export function useClassificationLabel() {
  const { t, i18n } = useTranslation();
  return (code: string, fallback: string) => (i18n.exists(`cases.classificationName.${code}`) ? t(`cases.classificationName.${code}` as 'cases.classificationName.pengaduan') : fallback);
}

/**
 * A text Dayung wrote into a case's history, in the reader's language: the code and parameters the
 * server sends (src/modules/cases/event-texts.ts) through `caseEvents.public.*` / `caseEvents.staff.*`;
 * dates (parameters ending in "At") in WIB, deadline kinds translated. Events without a code (older
 * ones, or what staff typed) show the stored text as it is.
 */
export function useEventText() {
  const { t, i18n } = useTranslation();
  return (kind: 'public' | 'staff', code: string | null | undefined, params: EventParams | null | undefined, fallback: string | null): string | null => {
    const key = `caseEvents.${kind}.${code ?? ''}`;
    if (!code || !i18n.exists(key)) return fallback;
    const values: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(params ?? {})) {
      if (k.endsWith('At') && typeof v === 'string') values[k] = formatDateTime(v, i18n.language);
      else if (k === 'deadline' && i18n.exists(`caseEvents.deadline.${v}`)) values[k] = t(`caseEvents.deadline.${v}` as 'caseEvents.deadline.verify');
      else values[k] = v;
    }
    return t(key as 'caseEvents.public.closed', values);
  };
}
