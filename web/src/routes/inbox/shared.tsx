// Pieces shared by the inbox list, the conversation and the canned responses page: badges with
// words (colour only supports them), the platform label, and the actions on one item.
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { assignInteraction, setInteractionStatus } from '../../api/endpoints.ts';
import type { InboxItem, ReplyStatus } from '../../api/types.ts';
import { intentTone, replyStatusTone, sentimentTone, statusTone, urgencyTone } from '../../lib/inbox.ts';
import { usePlatformName } from '../channels/shared.tsx';

const INTENT_KEYS = ['complaint', 'question', 'aspiration', 'praise', 'spam', 'abuse', 'other'] as const;
const known = <T extends string>(list: readonly T[], v: string | null): v is T => v !== null && (list as readonly string[]).includes(v);

export function useIntentLabel(): (intent: string | null) => string {
  const { t } = useTranslation();
  return (intent) => (known(INTENT_KEYS, intent) ? t(`inbox.intent.${intent}`) : (intent ?? t('inbox.intent.unknown')));
}

export function IntentBadge({ intent }: { intent: string | null }) {
  const { t } = useTranslation();
  const label = useIntentLabel();
  return (
    <span className={`badge badge--tone-${intentTone(intent)}`}>
      <span className="visually-hidden">{t('inbox.intentLabel')}: </span>
      {label(intent)}
    </span>
  );
}

export function UrgencyBadge({ urgency }: { urgency: string | null }) {
  const { t } = useTranslation();
  if (!known(['high', 'medium', 'low'] as const, urgency)) return null;
  return <span className={`badge badge--tone-${urgencyTone(urgency)}`}>{t(`inbox.urgency.${urgency}`)}</span>;
}

export function SentimentBadge({ sentiment }: { sentiment: string | null }) {
  const { t } = useTranslation();
  if (!known(['negative', 'neutral', 'positive'] as const, sentiment)) return null;
  return <span className={`badge badge--outline badge--tone-${sentimentTone(sentiment)}`}>{t(`inbox.sentiment.${sentiment}`)}</span>;
}

export function InboxStatusBadge({ status }: { status: InboxItem['status'] }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge--tone-${statusTone(status)}`}>
      <span className="visually-hidden">{t('inbox.statusLabel')}: </span>
      {t(`inbox.status.${status}`)}
    </span>
  );
}

export function ReplyStatusBadge({ status }: { status: ReplyStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge--tone-${replyStatusTone(status)}`}>{t(`inbox.replyStatus.${status}`)}</span>;
}

export function PlatformLabel({ platform, small = true }: { platform: string; small?: boolean }) {
  const platformName = usePlatformName();
  const name = platformName(platform);
  return (
    <span className="platform-label">
      <span className={`platform-mark ${small ? 'platform-mark--small' : ''} platform-mark--${platform}`} aria-hidden="true">
        {name.slice(0, 1)}
      </span>
      <span className="platform-label__name">{name}</span>
    </span>
  );
}

export function useKindLabel(): (kind: string) => string {
  const { t } = useTranslation();
  return (kind) => (known(['comment', 'reply', 'mention', 'message'] as const, kind) ? t(`inbox.kind.${kind}`) : kind);
}

/** The citizen as the list shows them: name, else handle, else "Warga". */
export function useContactName(): (item: Pick<InboxItem, 'contact'>) => string {
  const { t } = useTranslation();
  return (item) => item.contact?.name || item.contact?.handle || t('inbox.anonymous');
}

/** After any change: the list, the counts and the open conversations are fetched again. */
export function invalidateInbox(queryClient: QueryClient): Promise<unknown> {
  return queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'inbox' && q.queryKey[1] !== 'canned' });
}

export type QuickAction = 'done' | 'spam' | 'open' | 'assignMe' | 'unassign';

/** The quick actions (buttons, shortcuts and bulk) call the single-item endpoints. */
export function runQuickAction(id: string, action: QuickAction, meId: string): Promise<void> {
  switch (action) {
    case 'done':
      return setInteractionStatus(id, 'done');
    case 'spam':
      return setInteractionStatus(id, 'spam');
    case 'open':
      return setInteractionStatus(id, 'open');
    case 'assignMe':
      return assignInteraction(id, meId);
    case 'unassign':
      return assignInteraction(id, null);
  }
}

export function useInvalidateInbox(): () => Promise<unknown> {
  const queryClient = useQueryClient();
  return () => invalidateInbox(queryClient);
}
