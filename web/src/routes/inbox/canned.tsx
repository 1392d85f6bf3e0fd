// Jawaban siap pakai: the OPD's canned responses. Everyone who reads the inbox sees them; OPD heads
// and admins (and province staff for any OPD) create, edit and delete them (permission inbox.manage).
// Variables: {nama}, {kode_aduan}.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState, type FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client.ts';
import { deleteCanned, saveCanned } from '../../api/endpoints.ts';
import { cannedQuery, orgsQuery } from '../../api/queries.ts';
import type { CannedResponse, SessionUser } from '../../api/types.ts';
import { useUser } from '../../auth/session.ts';
import { DateTime } from '../../components/date-time.tsx';
import { ConfirmDialog, ModalDialog } from '../../components/dialogs.tsx';
import { ComboField, TextAreaInput, TextInput } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { PendingButton } from '../../components/pending-button.tsx';
import { EmptyState, ErrorState, FormAlert, Loading } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { can, isProvinceRole } from '../../lib/permissions.ts';
import { RequirePermission } from '../app-layout.tsx';

const route = getRouteApi('/app/kotak-masuk/jawaban');

/** Who may create, edit and delete (the policy's inbox.manage: heads, admins, province staff). */
export function canManageCanned(me: Pick<SessionUser, 'permissions'>): boolean {
  return can(me, 'inbox.manage');
}

export function CannedPage() {
  return (
    <RequirePermission permission="inbox.read">
      <CannedContent />
    </RequirePermission>
  );
}

type Editing = { mode: 'new' } | { mode: 'edit'; item: CannedResponse } | null;

function CannedContent() {
  const { t } = useTranslation();
  const me = useUser();
  const navigate = useNavigate();
  const { opd } = route.useSearch();
  const province = isProvinceRole(me.role);
  const orgId = province ? opd : me.orgId;
  const orgs = useQuery({ ...orgsQuery({}), enabled: province });
  const query = useQuery(cannedQuery(orgId));
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<CannedResponse | null>(null);
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (c: CannedResponse) => deleteCanned(c.id),
    onSuccess: async (_r, c) => {
      toast.success(t('inbox.canned.deleted', { title: c.title }));
      setDeleting(null);
      await queryClient.invalidateQueries({ queryKey: ['inbox', 'canned'] });
    },
  });
  const manage = canManageCanned(me);
  const items = query.data?.items ?? [];

  return (
    <Page
      title={t('inbox.canned.title')}
      intro={t('inbox.canned.intro')}
      width="wide"
      before={
        <p className="back-link">
          <Link to="/kotak-masuk" search={{}}>
            <span aria-hidden="true">←</span> {t('inbox.canned.back')}
          </Link>
        </p>
      }
      actions={
        manage && (!province || orgId) ? (
          <Button className="btn btn--primary" onPress={() => setEditing({ mode: 'new' })}>
            {t('inbox.canned.create')}
          </Button>
        ) : undefined
      }
    >
      {province ? (
        <search className="filters" aria-label={t('common.filters')}>
          <ComboField
            label={t('inbox.filter.org')}
            items={[{ id: 'all', label: t('users.allOrgs') }, ...(orgs.data?.items ?? []).filter((o) => o.kind !== 'province').map((o) => ({ id: o.id, label: `${o.code} · ${o.name}` }))]}
            value={opd ?? 'all'}
            onChange={(v) => void navigate({ to: '/kotak-masuk/jawaban', search: { opd: v && v !== 'all' ? v : undefined }, replace: true })}
            description={manage ? t('inbox.canned.chooseOrg') : undefined}
            className="filters__grow"
          />
        </search>
      ) : null}
      <p className="muted small">{manage ? t('inbox.canned.variables') : t('inbox.canned.readOnly')}</p>
      <p className="results-count" role="status">
        {query.data ? t('inbox.canned.count', { count: items.length }) : ''}
      </p>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>{t('inbox.canned.empty')}</EmptyState>
      ) : (
        <ul className="card-list canned-list">
          {items.map((c) => (
            <li key={c.id} className="card card--item canned">
              <div className="canned__head">
                <h2 className="card__title">{c.title}</h2>
                {province ? <span className="code small">{c.orgCode}</span> : null}
              </div>
              <p className="canned__body">{c.body}</p>
              <p className="small muted">
                {t('inbox.canned.updated')} <DateTime value={c.updatedAt} />
              </p>
              {manage ? (
                <div className="card__actions">
                  <Button className="btn btn--secondary btn--small" onPress={() => setEditing({ mode: 'edit', item: c })}>
                    <span aria-hidden="true">{t('inbox.canned.edit')}</span>
                    <span className="visually-hidden">{t('inbox.canned.editLabel', { title: c.title })}</span>
                  </Button>
                  <Button
                    className="btn btn--ghost btn--small btn--danger-text"
                    onPress={() => {
                      remove.reset();
                      setDeleting(c);
                    }}
                  >
                    <span aria-hidden="true">{t('inbox.canned.delete')}</span>
                    <span className="visually-hidden">{t('inbox.canned.deleteLabel', { title: c.title })}</span>
                  </Button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {manage ? <CannedDialog editing={editing} orgId={editing?.mode === 'edit' ? editing.item.orgId : orgId} onClose={() => setEditing(null)} /> : null}
      <ConfirmDialog
        title={t('inbox.canned.deleteTitle')}
        body={<p>{t('inbox.canned.deleteBody', { title: deleting?.title ?? '' })}</p>}
        confirmLabel={t('inbox.canned.delete')}
        tone="danger"
        isOpen={deleting !== null}
        isPending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onOpenChange={(v) => (!v ? setDeleting(null) : undefined)}
      />
    </Page>
  );
}

function CannedDialog({ editing, orgId, onClose }: { editing: Editing; orgId: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const isOpen = editing !== null;
  const mutation = useMutation({
    mutationFn: () => saveCanned({ ...(editing?.mode === 'edit' ? { id: editing.item.id } : {}), orgId: orgId!, title: title.trim(), body: body.trim() }),
    onSuccess: async () => {
      toast.success(t('inbox.canned.saved', { title: title.trim() }));
      onClose();
      await queryClient.invalidateQueries({ queryKey: ['inbox', 'canned'] });
    },
  });
  useEffect(() => {
    if (editing?.mode === 'edit') {
      setTitle(editing.item.title);
      setBody(editing.item.body);
    } else {
      setTitle('');
      setBody('');
    }
    mutation.reset();
  }, [editing]);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (mutation.isPending || !orgId || !title.trim() || !body.trim()) return;
    mutation.mutate();
  };
  return (
    <ModalDialog
      title={editing?.mode === 'edit' ? t('inbox.canned.editTitle') : t('inbox.canned.createTitle')}
      isOpen={isOpen}
      onOpenChange={(v) => {
        if (!v) onClose();
      }}
      isDismissable={!mutation.isPending}
    >
      <Form className="form" onSubmit={onSubmit} validationErrors={mutation.error instanceof ApiError ? mutation.error.fieldErrors() : {}}>
        <FormAlert message={mutation.isError ? errorMessage(mutation.error) : null} />
        <TextInput label={t('inbox.canned.fieldTitle')} name="title" value={title} onChange={setTitle} isRequired autoFocus />
        <TextAreaInput label={t('inbox.canned.fieldBody')} name="body" value={body} onChange={setBody} isRequired rows={6} maxLength={4000} description={t('inbox.canned.variables')} />
        <div className="dialog__actions">
          <Button className="btn btn--secondary" slot="close" isDisabled={mutation.isPending}>
            {t('common.cancel')}
          </Button>
          <PendingButton type="submit" className="btn btn--primary" isPending={mutation.isPending}>
            {mutation.isPending ? t('common.saving') : t('common.save')}
          </PendingButton>
        </div>
      </Form>
    </ModalDialog>
  );
}
