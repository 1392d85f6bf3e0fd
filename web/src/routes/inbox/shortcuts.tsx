// Keyboard shortcuts of the inbox (j/k, Enter, e, a, r, /, ?) and their help dialog. They never
// fire while the person types in a field, works in a menu or list box, or has a dialog open.
import { useEffect, useRef } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client.ts';
import type { InboxItem, SessionUser } from '../../api/types.ts';
import { ModalDialog } from '../../components/dialogs.tsx';
import { toast } from '../../components/toast.tsx';
import { isTypingTarget, shortcutOf } from '../../lib/inbox.ts';
import { runQuickAction, useInvalidateInbox } from './shared.tsx';

const KEYS = [
  ['j', 'next'],
  ['k', 'prev'],
  ['Enter', 'open'],
  ['e', 'done'],
  ['a', 'assign'],
  ['r', 'reply'],
  ['/', 'search'],
  ['?', 'help'],
] as const;

export function ShortcutHelp({ isOpen, onOpenChange }: { isOpen: boolean; onOpenChange: (v: boolean) => void }) {
  const { t } = useTranslation();
  return (
    <ModalDialog title={t('inbox.shortcuts.title')} isOpen={isOpen} onOpenChange={onOpenChange}>
      <p className="dialog__intro">{t('inbox.shortcuts.intro')}</p>
      <dl className="shortcut-list">
        {KEYS.map(([key, action]) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{t(`inbox.shortcuts.${action}`)}</dd>
          </div>
        ))}
      </dl>
      <div className="dialog__actions">
        <Button className="btn btn--primary" slot="close" autoFocus>
          {t('common.close')}
        </Button>
      </div>
    </ModalDialog>
  );
}

const itemLinks = () => [...document.querySelectorAll<HTMLAnchorElement>('a[data-inbox-item]')];

type Options = {
  items: InboxItem[];
  openId: string | undefined;
  me: SessionUser;
  canWork: boolean;
  onHelp: () => void;
  onOpen: (id: string | undefined) => void;
};

export function useInboxShortcuts(opts: Options): void {
  const { t } = useTranslation();
  const invalidate = useInvalidateInbox();
  const latest = useRef(opts);
  latest.current = opts;
  const busy = useRef(false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.repeat) return;
      const key = shortcutOf(e);
      if (!key) return;
      if (isTypingTarget(e.target as Element | null) || isTypingTarget(document.activeElement)) return;
      // A dialog, popover or menu is open: its own keys apply.
      if (document.querySelector('.modal-overlay, .drawer-overlay, .popover')) return;
      const { items, openId, me, canWork, onHelp, onOpen } = latest.current;

      if (key === 'help') {
        e.preventDefault();
        onHelp();
        return;
      }
      if (key === 'search') {
        const input = document.querySelector<HTMLInputElement>('.inbox-toolbar input');
        if (input) {
          e.preventDefault();
          input.focus();
          input.select();
        }
        return;
      }
      if (key === 'next' || key === 'prev') {
        const links = itemLinks();
        if (links.length === 0) return;
        e.preventDefault();
        const focusedId = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-inbox-item]')?.dataset['inboxItem'];
        const from = links.findIndex((l) => l.dataset['inboxItem'] === (focusedId ?? openId));
        const to = from < 0 ? 0 : Math.min(links.length - 1, Math.max(0, from + (key === 'next' ? 1 : -1)));
        links[to]?.focus();
        links[to]?.scrollIntoView({ block: 'nearest' });
        return;
      }
      if (key === 'reply') {
        const box = document.querySelector<HTMLTextAreaElement>('.reply-form textarea');
        if (box) {
          e.preventDefault();
          box.focus();
          box.scrollIntoView({ block: 'center' });
        }
        return;
      }
      if ((key === 'done' || key === 'assign') && openId && canWork) {
        e.preventDefault();
        if (busy.current) return;
        busy.current = true;
        const index = items.findIndex((i) => i.id === openId);
        const next = index >= 0 ? items[index + 1]?.id : undefined;
        runQuickAction(openId, key === 'done' ? 'done' : 'assignMe', me.id)
          .then(async () => {
            toast.success(key === 'done' ? t('inbox.actions.doneToast') : t('inbox.actions.assignedMeToast'));
            // Marking done moves on to the next message, as a mail client does.
            if (key === 'done' && next) onOpen(next);
            await invalidate();
          })
          .catch((err: unknown) => toast.error(errorMessage(err)))
          .finally(() => {
            busy.current = false;
          });
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [t, invalidate]);
}
