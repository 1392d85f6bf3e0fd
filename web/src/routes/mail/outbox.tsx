import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { outboxQuery } from '../../api/queries.ts';
import type { MailMessage } from '../../api/types.ts';
import { DateTime } from '../../components/date-time.tsx';
import { Page } from '../../components/page.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { linkify } from '../../lib/linkify.ts';
import { useIsNarrow } from '../../lib/use-media-query.ts';
import { RequirePermission } from '../app-layout.tsx';
import { Email, EmailList } from '../../components/email.tsx';
import { PendingButton } from '../../components/pending-button.tsx';

const route = getRouteApi('/app/kotak-surat');

/** The body is plain text; URLs become links, nothing is ever interpreted as HTML. */
function MailBody({ text }: { text: string }) {
  return (
    <pre className="mail-body">
      {linkify(text).map((s, i) =>
        s.kind === 'link' ? (
          <a key={i} href={s.href} rel="noopener noreferrer">
            {s.text}
          </a>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </pre>
  );
}

function Message({ message, showBack }: { message: MailMessage; showBack: boolean }) {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (showBack) headingRef.current?.focus();
  }, [message.id, showBack]);
  return (
    <article className="mail-message" aria-labelledby="mail-subject">
      {showBack ? (
        <p className="back-link">
          <Link to="/kotak-surat" search={{}}>
            <span aria-hidden="true">← </span>
            {t('mail.backToList')}
          </Link>
        </p>
      ) : null}
      <h2 id="mail-subject" className="mail-message__subject" tabIndex={-1} ref={headingRef}>
        {message.subject || t('mail.noSubject')}
      </h2>
      <dl className="facts facts--compact">
        <div>
          <dt>{t('mail.from')}</dt>
          <dd><Email value={message.from} /></dd>
        </div>
        <div>
          <dt>{t('mail.to')}</dt>
          <dd><EmailList values={message.to} /></dd>
        </div>
        <div>
          <dt>{t('mail.receivedAt')}</dt>
          <dd>
            <DateTime value={message.receivedAt} />
          </dd>
        </div>
      </dl>
      <section aria-label={t('mail.messageLabel')}>
        <MailBody text={message.text} />
      </section>
    </article>
  );
}

function MailList({ items, selected }: { items: MailMessage[]; selected: string | undefined }) {
  const { t } = useTranslation();
  return (
    <ul className="mail-list" aria-label={t('mail.listLabel')}>
      {items.map((m) => (
        <li key={m.id}>
          <Link
            to="/kotak-surat"
            search={{ pesan: m.id }}
            className={`mail-list__item ${m.id === selected ? 'is-selected' : ''}`}
            aria-current={m.id === selected ? 'true' : undefined}
          >
            <span className="mail-list__subject">{m.subject || t('mail.noSubject')}</span>
            <span className="mail-list__to">
              {t('mail.to')}: <EmailList values={m.to} />
            </span>
            <span className="mail-list__time">
              <DateTime value={m.receivedAt} />
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

function OutboxContent() {
  const { t } = useTranslation();
  const { pesan } = route.useSearch();
  const narrow = useIsNarrow();
  const query = useQuery(outboxQuery());
  const items = [...(query.data?.items ?? [])].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  const selected = pesan ? items.find((m) => m.id === pesan) : undefined;

  const refresh = (
    <PendingButton className="btn btn--secondary" onPress={() => void query.refetch()} isPending={query.isFetching}>
      {t('mail.refresh')}
    </PendingButton>
  );

  let body;
  if (query.isPending) body = <Loading />;
  else if (query.isError) body = <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  else if (items.length === 0) body = <EmptyState>{t('mail.empty')}</EmptyState>;
  else if (narrow) {
    body = selected ? (
      <Message message={selected} showBack />
    ) : (
      <>
        {pesan ? <p className="alert alert--warning">{t('mail.notFound')}</p> : null}
        <MailList items={items} selected={pesan} />
      </>
    );
  } else {
    body = (
      <div className="mail-layout">
        <MailList items={items} selected={pesan} />
        <div className="mail-layout__reader card">
          {selected ? (
            <Message message={selected} showBack={false} />
          ) : (
            <p className="muted">{pesan ? t('mail.notFound') : t('mail.select')}</p>
          )}
        </div>
      </div>
    );
  }

  return (
    <Page title={t('mail.title')} intro={t('mail.intro')} width="wide" actions={refresh}>
      {body}
    </Page>
  );
}

export function MailOutboxPage() {
  return (
    <RequirePermission permission="mail.read">
      <OutboxContent />
    </RequirePermission>
  );
}
