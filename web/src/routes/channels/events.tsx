// "Pesan masuk terbaru": raw inbound events as masked previews, refreshed every 10 s. The inbox
// module will process them; until then this is where staff see that citizens' messages arrive.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { inboundEventsQuery } from '../../api/queries.ts';
import type { InboundEvent } from '../../api/types.ts';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { eventCategory } from '../../lib/channels.ts';
import { formatDateTime, isoDateTime } from '../../lib/format.ts';
import { usePlatformName } from './shared.tsx';

export function EventList({ orgId, limit = 30, all = false }: { orgId?: string; limit?: number; all?: boolean }) {
  const { t, i18n } = useTranslation();
  const query = useQuery(inboundEventsQuery({ orgId, limit }));
  const items = query.data?.items ?? [];
  return (
    <section className="section" aria-labelledby="events-heading">
      <h2 id="events-heading" className="section__title">
        {all ? t('channels.events.titleAll') : t('channels.events.title')}
      </h2>
      <p className="muted">{t('channels.events.intro')}</p>
      <p className="alert alert--info events__inbox-note">{t('channels.events.inboxNote')}</p>
      {query.dataUpdatedAt ? (
        <p className="small muted">
          {t('channels.events.updated', { time: formatDateTime(new Date(query.dataUpdatedAt), i18n.language) })}
        </p>
      ) : null}
      {query.isPending ? (
        <Loading />
      ) : query.isError && items.length === 0 ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>{t('channels.events.empty')}</EmptyState>
      ) : (
        <ul className="event-list" aria-label={all ? t('channels.events.titleAll') : t('channels.events.title')}>
          {items.map((e) => (
            <EventItem key={e.id} event={e} />
          ))}
        </ul>
      )}
    </section>
  );
}

function EventItem({ event: e }: { event: InboundEvent }) {
  const { t, i18n } = useTranslation();
  const platformName = usePlatformName();
  return (
    <li className="event">
      <div className="event__head">
        <span className={`platform-mark platform-mark--small platform-mark--${e.platform}`} aria-hidden="true">
          {platformName(e.platform).slice(0, 1)}
        </span>
        <span className="event__platform">{platformName(e.platform)}</span>
        {e.accountName ? (
          <span className="event__account">
            <span className="visually-hidden">{t('channels.events.account')}: </span>
            {e.accountName}
          </span>
        ) : null}
        <time className="event__time" dateTime={isoDateTime(e.receivedAt)}>
          {formatDateTime(e.receivedAt, i18n.language)}
        </time>
      </div>
      <p className="event__author">
        <span className="visually-hidden">{t('channels.events.from')}: </span>
        {e.author ?? <span className="muted">{t('channels.events.anonymous')}</span>}
      </p>
      <p className="event__text">{e.text ?? <span className="muted">{t('channels.events.noText')}</span>}</p>
      <p className="event__tags">
        <span className="visually-hidden">{t('channels.events.kindLabel')}: </span>
        <span className="badge">{t(`channels.events.kind.${eventCategory(e.kind)}`)}</span> <span className="code small muted">{e.kind}</span>
        {e.unknown ? (
          <>
            {' '}
            <span className="badge badge--warning" title={t('channels.events.unknownHint')}>
              {t('channels.events.unknown')}
            </span>
          </>
        ) : null}
      </p>
    </li>
  );
}
