// Saved views: the current view and filters under a name, kept in this browser's localStorage
// (per user); not shared with colleagues or other devices (docs/ui.md#kotak-masuk).
import { Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { Button, Dialog, DialogTrigger, Form, Heading, Popover } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../api/types.ts';
import { TextInput } from '../../components/fields.tsx';
import { toast } from '../../components/toast.tsx';
import { loadSavedViews, savableSearch, storeSavedViews, upsertSavedView, type InboxSearch, type SavedView } from '../../lib/inbox.ts';

export function SavedViews({ search, me }: { search: InboxSearch; me: SessionUser }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [views, setViews] = useState<SavedView[]>(() => loadSavedViews(me.id));
  const [name, setName] = useState('');

  const update = (next: SavedView[]) => {
    setViews(next);
    storeSavedViews(me.id, next);
  };
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const n = name.trim();
    if (!n) return;
    update(upsertSavedView(views, n, search));
    setName('');
    toast.success(t('inbox.saved.savedToast', { name: n }));
  };

  return (
    <DialogTrigger isOpen={open} onOpenChange={setOpen}>
      <Button className="btn btn--secondary btn--small">
        {t('inbox.saved.button')} <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="popover saved-views-popover" placement="bottom end" offset={6}>
        <Dialog className="saved-views" aria-labelledby="saved-views-title">
          <Heading slot="title" id="saved-views-title" className="saved-views__title">
            {t('inbox.saved.title')}
          </Heading>
          {views.length === 0 ? (
            <p className="small muted">{t('inbox.saved.empty')}</p>
          ) : (
            <ul className="saved-views__list">
              {views.map((v) => (
                <li key={v.name} className="saved-views__item">
                  <Link to="/kotak-masuk" search={savableSearch(v.search)} className="saved-views__link" onClick={() => setOpen(false)}>
                    {v.name}
                  </Link>
                  <Button className="btn btn--ghost btn--small btn--danger-text" onPress={() => update(views.filter((x) => x.name !== v.name))}>
                    <span aria-hidden="true">{t('inbox.saved.delete')}</span>
                    <span className="visually-hidden">{t('inbox.saved.deleteLabel', { name: v.name })}</span>
                  </Button>
                </li>
              ))}
            </ul>
          )}
          <Form className="saved-views__form" onSubmit={onSubmit}>
            <TextInput label={t('inbox.saved.name')} name="name" value={name} onChange={setName} description={t('inbox.saved.hint')} />
            <Button type="submit" className="btn btn--primary btn--small" isDisabled={!name.trim()}>
              {t('inbox.saved.save')}
            </Button>
          </Form>
        </Dialog>
      </Popover>
    </DialogTrigger>
  );
}
