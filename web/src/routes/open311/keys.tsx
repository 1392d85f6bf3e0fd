// Kunci API Open311 (/kunci-open311): the keys other systems use to POST requests to
// /open311/v2 (docs/open311.md). Province admins (open311.manage) create them (the key is shown once;
// only its hash is stored) and revoke them. See docs/ui.md#kunci-open311.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client.ts';
import { createOpen311Key, revokeOpen311Key } from '../../api/endpoints.ts';
import { open311KeysQuery } from '../../api/queries.ts';
import type { Open311Key } from '../../api/types.ts';
import { DateTime } from '../../components/date-time.tsx';
import { ConfirmDialog } from '../../components/dialogs.tsx';
import { TextInput } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { PendingButton } from '../../components/pending-button.tsx';
import { EmptyState, ErrorState, FormAlert, Loading } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { formatNumber } from '../../lib/format.ts';
import { useIsNarrow } from '../../lib/use-media-query.ts';
import { RequirePermission } from '../app-layout.tsx';

export function Open311KeysPage() {
  return (
    <RequirePermission permission="open311.manage">
      <KeysContent />
    </RequirePermission>
  );
}

function KeysContent() {
  const { t } = useTranslation();
  const narrow = useIsNarrow();
  const keys = useQuery(open311KeysQuery());
  const queryClient = useQueryClient();
  const [revoking, setRevoking] = useState<Open311Key | null>(null);
  const revoke = useMutation({
    mutationFn: (k: Open311Key) => revokeOpen311Key(k.id),
    onSuccess: async (_v, k) => {
      toast.success(t('open311.revoked', { name: k.name }));
      setRevoking(null);
      await queryClient.invalidateQueries({ queryKey: ['open311', 'keys'] });
    },
  });
  const items = keys.data?.items ?? [];
  const onRevoke = (k: Open311Key) => {
    revoke.reset();
    setRevoking(k);
  };
  return (
    <Page title={t('open311.title')} intro={t('open311.intro')} width="wide">
      <CreateKey />
      <h2>{t('open311.listTitle')}</h2>
      <p className="results-count" role="status">
        {keys.data ? t('open311.count', { count: items.length }) : ''}
      </p>
      {keys.isPending ? (
        <Loading />
      ) : keys.isError ? (
        <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>{t('open311.empty')}</EmptyState>
      ) : narrow ? (
        <KeyCards items={items} onRevoke={onRevoke} />
      ) : (
        <KeyTable items={items} onRevoke={onRevoke} />
      )}
      <ConfirmDialog
        title={t('open311.revokeTitle')}
        body={<p>{t('open311.revokeBody', { name: revoking?.name ?? '', prefix: revoking?.prefix ?? '' })}</p>}
        confirmLabel={t('open311.revoke')}
        tone="danger"
        isOpen={revoking !== null}
        isPending={revoke.isPending}
        error={revoke.isError ? errorMessage(revoke.error) : null}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onOpenChange={(v) => (!v ? setRevoking(null) : undefined)}
      />
    </Page>
  );
}

function CreateKey() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [contact, setContact] = useState('');
  const m = useMutation({
    mutationFn: () => createOpen311Key({ name: name.trim(), ...(contact.trim() ? { contact: contact.trim() } : {}) }),
    onSuccess: async () => {
      setName('');
      setContact('');
      await queryClient.invalidateQueries({ queryKey: ['open311', 'keys'] });
    },
  });
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (m.isPending || name.trim().length < 2) return;
    m.mutate();
  };
  return (
    <section className="card" aria-labelledby="open311-create-heading">
      <h2 id="open311-create-heading">{t('open311.createTitle')}</h2>
      <Form className="form" onSubmit={onSubmit} validationErrors={m.error instanceof ApiError ? m.error.fieldErrors() : {}}>
        <FormAlert message={m.isError ? errorMessage(m.error) : null} />
        <TextInput label={t('open311.name')} name="name" value={name} onChange={setName} isRequired description={t('open311.nameHint')} />
        <TextInput label={t('open311.contact')} name="contact" value={contact} onChange={setContact} description={t('open311.contactHint')} />
        <div className="form__actions">
          <PendingButton type="submit" className="btn btn--primary" isPending={m.isPending}>
            {m.isPending ? t('common.saving') : t('open311.create')}
          </PendingButton>
        </div>
      </Form>
      <div role="status" aria-live="polite">
        {m.data ? (
          <div className="alert alert--success open311-new-key">
            <p>{t('open311.created', { name: m.data.name })}</p>
            <p>
              <code className="break">{m.data.key}</code>
            </p>
            <p className="small">{t('open311.shownOnce')}</p>
          </div>
        ) : null}
      </div>
    </section>
  );
}

type ListProps = { items: Open311Key[]; onRevoke: (k: Open311Key) => void };

function State({ k }: { k: Open311Key }) {
  const { t } = useTranslation();
  return k.active ? <span className="badge badge--tone-success">{t('open311.active')}</span> : <span className="badge">{t('open311.revokedState')}</span>;
}

function RevokeButton({ k, onRevoke }: { k: Open311Key; onRevoke: (k: Open311Key) => void }) {
  const { t } = useTranslation();
  if (!k.active) return null;
  return (
    <Button className="btn btn--ghost btn--small btn--danger-text" onPress={() => onRevoke(k)}>
      <span aria-hidden="true">{t('open311.revoke')}</span>
      <span className="visually-hidden">{t('open311.revokeLabel', { name: k.name })}</span>
    </Button>
  );
}

function KeyTable({ items, onRevoke }: ListProps) {
  const { t, i18n } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{t('open311.listTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('open311.name')}</th>
            <th scope="col">{t('open311.prefix')}</th>
            <th scope="col">{t('open311.state')}</th>
            <th scope="col">{t('open311.createdAt')}</th>
            <th scope="col">{t('open311.lastUsed')}</th>
            <th scope="col" className="num">
              {t('open311.requests')}
            </th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((k) => (
            <tr key={k.id}>
              <th scope="row">
                {k.name}
                {k.contact ? <span className="block small muted">{k.contact}</span> : null}
              </th>
              <td className="code">{k.prefix}…</td>
              <td>
                <State k={k} />
              </td>
              <td>
                <DateTime value={k.createdAt} />
                {k.createdBy ? <span className="block small muted">{k.createdBy}</span> : null}
              </td>
              <td>
                <DateTime value={k.lastUsedAt} fallback="—" />
              </td>
              <td className="num">{formatNumber(k.requestsCount, i18n.language)}</td>
              <td>
                <RevokeButton k={k} onRevoke={onRevoke} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function KeyCards({ items, onRevoke }: ListProps) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="card-list" aria-label={t('open311.listTitle')}>
      {items.map((k) => (
        <li key={k.id} className="card card--item">
          <h3 className="card__title">{k.name}</h3>
          <dl className="card__meta">
            <div>
              <dt>{t('open311.prefix')}</dt>
              <dd className="code">{k.prefix}…</dd>
            </div>
            <div>
              <dt>{t('open311.state')}</dt>
              <dd>
                <State k={k} />
              </dd>
            </div>
            <div>
              <dt>{t('open311.createdAt')}</dt>
              <dd>
                <DateTime value={k.createdAt} />
              </dd>
            </div>
            <div>
              <dt>{t('open311.requests')}</dt>
              <dd>{formatNumber(k.requestsCount, i18n.language)}</dd>
            </div>
            {k.contact ? (
              <div className="card__meta-wide">
                <dt>{t('open311.contact')}</dt>
                <dd>{k.contact}</dd>
              </div>
            ) : null}
          </dl>
          <div className="card__actions">
            <RevokeButton k={k} onRevoke={onRevoke} />
          </div>
        </li>
      ))}
    </ul>
  );
}
