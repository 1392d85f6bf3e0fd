// Saved views, kept on the server (GET/POST/PATCH/DELETE /api/inbox/saved-views): the current view
// and filters under a name, per user, optionally shared with the colleagues of the OPD. Each shows its
// count, which the server computes exactly as the list that opens with it (docs/ui.md#kotak-masuk).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useState, type FormEvent } from 'react';
import { Button, Checkbox, Dialog, DialogTrigger, Form, Heading, Popover } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client.ts';
import { createSavedView, deleteSavedView, updateSavedView } from '../../api/endpoints.ts';
import { savedViewsQuery } from '../../api/queries.ts';
import type { SavedView } from '../../api/types.ts';
import { ConfirmDialog, ModalDialog } from '../../components/dialogs.tsx';
import { TextInput } from '../../components/fields.tsx';
import { PendingButton } from '../../components/pending-button.tsx';
import { FormAlert } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { formatNumber } from '../../lib/format.ts';
import { isSavedViewOpen, savedFiltersOf, searchOfSaved, type InboxSearch } from '../../lib/inbox.ts';

function ShareCheckbox({ value, onChange }: { value: boolean; onChange: (v: boolean) => void }) {
  const { t } = useTranslation();
  return (
    <Checkbox className="checkbox" isSelected={value} onChange={onChange}>
      <span className="checkbox__box" aria-hidden="true" />
      <span className="checkbox__label">{t('inbox.saved.share')}</span>
    </Checkbox>
  );
}

export function SavedViews({ search }: { search: InboxSearch }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [editing, setEditing] = useState<SavedView | null>(null);
  const [deleting, setDeleting] = useState<SavedView | null>(null);
  const views = useQuery(savedViewsQuery());
  const items = views.data?.items ?? [];
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['inbox', 'saved-views'] });

  const create = useMutation({
    mutationFn: () => createSavedView({ name: name.trim(), shared, filters: savedFiltersOf(search) }),
    onSuccess: async (v) => {
      toast.success(t('inbox.saved.savedToast', { name: v.name }));
      setName('');
      setShared(false);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (v: SavedView) => deleteSavedView(v.id),
    onSuccess: async (_r, v) => {
      toast.success(t('inbox.saved.deletedToast', { name: v.name }));
      setDeleting(null);
      await refresh();
    },
  });
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!name.trim() || create.isPending) return;
    create.mutate();
  };

  return (
    <>
      <DialogTrigger isOpen={open} onOpenChange={setOpen}>
        <Button className="btn btn--secondary btn--small">
          {t('inbox.saved.button')} <span aria-hidden="true">▾</span>
        </Button>
        <Popover className="popover saved-views-popover" placement="bottom end" offset={6}>
          <Dialog className="saved-views" aria-labelledby="saved-views-title">
            <Heading slot="title" id="saved-views-title" className="saved-views__title">
              {t('inbox.saved.title')}
            </Heading>
            {views.isError ? <FormAlert message={errorMessage(views.error)} /> : null}
            {views.data && items.length === 0 ? <p className="small muted">{t('inbox.saved.empty')}</p> : null}
            {items.length > 0 ? (
              <ul className="saved-views__list">
                {items.map((v) => {
                  const current = isSavedViewOpen(v.filters, search);
                  return (
                    <li key={v.id} className="saved-views__item">
                      <Link to="/kotak-masuk" search={searchOfSaved(v.filters)} className="saved-views__link" aria-current={current ? 'true' : undefined} onClick={() => setOpen(false)}>
                        <span className="saved-views__name">{v.name}</span>
                        {v.count !== null ? <span className="inbox-view__count">{formatNumber(v.count, i18n.language)}</span> : null}
                        <span className="saved-views__meta small muted">
                          {v.mine ? (v.shared ? t('inbox.saved.sharedByMe') : t('inbox.saved.private')) : t('inbox.saved.sharedBy', { name: v.owner.name })}
                        </span>
                      </Link>
                      {v.mine ? (
                        <span className="saved-views__buttons">
                          <Button
                            className="btn btn--ghost btn--small"
                            onPress={() => {
                              setOpen(false);
                              setEditing(v);
                            }}
                          >
                            <span aria-hidden="true">{t('inbox.saved.edit')}</span>
                            <span className="visually-hidden">{t('inbox.saved.editLabel', { name: v.name })}</span>
                          </Button>
                          <Button
                            className="btn btn--ghost btn--small btn--danger-text"
                            onPress={() => {
                              setOpen(false);
                              remove.reset();
                              setDeleting(v);
                            }}
                          >
                            <span aria-hidden="true">{t('inbox.saved.delete')}</span>
                            <span className="visually-hidden">{t('inbox.saved.deleteLabel', { name: v.name })}</span>
                          </Button>
                        </span>
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            ) : null}
            <Form className="saved-views__form" onSubmit={onSubmit} validationErrors={create.error instanceof ApiError ? create.error.fieldErrors() : {}}>
              <FormAlert message={create.isError ? errorMessage(create.error) : null} />
              <TextInput label={t('inbox.saved.name')} name="name" value={name} onChange={setName} description={t('inbox.saved.hint')} />
              <ShareCheckbox value={shared} onChange={setShared} />
              <PendingButton type="submit" className="btn btn--primary btn--small" isPending={create.isPending} isDisabled={!name.trim()}>
                {create.isPending ? t('common.saving') : t('inbox.saved.save')}
              </PendingButton>
            </Form>
          </Dialog>
        </Popover>
      </DialogTrigger>
      <EditDialog view={editing} search={search} onClose={() => setEditing(null)} />
      <ConfirmDialog
        title={t('inbox.saved.deleteTitle')}
        body={<p>{t('inbox.saved.deleteBody', { name: deleting?.name ?? '' })}</p>}
        confirmLabel={t('inbox.saved.delete')}
        tone="danger"
        isOpen={deleting !== null}
        isPending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onOpenChange={(v) => (!v ? setDeleting(null) : undefined)}
      />
    </>
  );
}

/** Rename, share or unshare, or take the filters now on screen. */
function EditDialog({ view, search, onClose }: { view: SavedView | null; search: InboxSearch; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [replace, setReplace] = useState(false);
  const m = useMutation({
    mutationFn: () => updateSavedView(view!.id, { name: name.trim(), shared, ...(replace ? { filters: savedFiltersOf(search) } : {}) }),
    onSuccess: async (v) => {
      toast.success(t('inbox.saved.updatedToast', { name: v.name }));
      onClose();
      await queryClient.invalidateQueries({ queryKey: ['inbox', 'saved-views'] });
    },
  });
  useEffect(() => {
    setName(view?.name ?? '');
    setShared(view?.shared ?? false);
    setReplace(false);
    m.reset();
  }, [view]);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!name.trim() || m.isPending) return;
    m.mutate();
  };
  return (
    <ModalDialog title={t('inbox.saved.editTitle')} isOpen={view !== null} onOpenChange={(v) => (!v ? onClose() : undefined)} isDismissable={!m.isPending}>
      <Form className="form" onSubmit={onSubmit} validationErrors={m.error instanceof ApiError ? m.error.fieldErrors() : {}}>
        <FormAlert message={m.isError ? errorMessage(m.error) : null} />
        <TextInput label={t('inbox.saved.name')} name="name" value={name} onChange={setName} isRequired autoFocus />
        <ShareCheckbox value={shared} onChange={setShared} />
        <Checkbox className="checkbox" isSelected={replace} onChange={setReplace}>
          <span className="checkbox__box" aria-hidden="true" />
          <span className="checkbox__label">{t('inbox.saved.replaceFilters')}</span>
        </Checkbox>
        <div className="dialog__actions">
          <Button className="btn btn--secondary" slot="close" isDisabled={m.isPending}>
            {t('common.cancel')}
          </Button>
          <PendingButton type="submit" className="btn btn--primary" isPending={m.isPending}>
            {m.isPending ? t('common.saving') : t('common.save')}
          </PendingButton>
        </div>
      </Form>
    </ModalDialog>
  );
}
