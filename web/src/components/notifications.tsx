// The bell in the header: the OPD's in-app notices (token expiring, access revoked…), an unread
// count, and "mark as read". A popover dialog rather than a menu, because each notice holds text,
// a link and a button.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type MouseEvent } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Popover } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client.ts';
import { markNoticeRead } from '../api/endpoints.ts';
import { noticesQuery } from '../api/queries.ts';
import type { Notice, SessionUser } from '../api/types.ts';
import { safeRedirect } from '../lib/permissions.ts';
import { DateTime } from './date-time.tsx';
import { Loading } from './states.tsx';
import { toast } from './toast.tsx';

type NoticeList = { items: Notice[] };

function useMarkRead() {
  const queryClient = useQueryClient();
  const key = noticesQuery().queryKey;
  return useMutation({
    mutationFn: async (ids: string[]) => {
      await Promise.all(ids.map((id) => markNoticeRead(id)));
    },
    onMutate: (ids) => {
      const before = queryClient.getQueryData<NoticeList>(key);
      queryClient.setQueryData<NoticeList>(key, (old) => (old ? { items: old.items.map((n) => (ids.includes(n.id) ? { ...n, read: true } : n)) } : old));
      return { before };
    },
    onError: (err, _ids, ctx) => {
      if (ctx?.before) queryClient.setQueryData(key, ctx.before);
      toast.error(errorMessage(err));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}

/** Only paths inside the app are followed; anything else is shown as text only. */
function internalLink(link: string | null): string | null {
  if (!link) return null;
  const safe = safeRedirect(link, '');
  return safe || null;
}

/** The pressed button disappears once its notice is read: keep focus inside the popover, on the notice. */
function keepFocus(id: string): void {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}

function BellIcon() {
  return (
    <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Zm-2 1H7v-6a5 5 0 0 1 10 0v6Z"
      />
    </svg>
  );
}

export function NotificationBell({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const query = useQuery(noticesQuery());
  const markRead = useMarkRead();
  const items = query.data?.items ?? [];
  const unread = items.filter((n) => !n.read);
  const showOrg = user.orgKind === 'province';

  const follow = (e: MouseEvent<HTMLAnchorElement>, notice: Notice, href: string) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    if (!notice.read) markRead.mutate([notice.id]);
    setOpen(false);
    void navigate({ href });
  };

  return (
    <DialogTrigger isOpen={open} onOpenChange={setOpen}>
      <Button className="bell" aria-label={t('notifications.label', { count: unread.length })}>
        <BellIcon />
        {unread.length > 0 ? (
          <span className="bell__count" aria-hidden="true">
            {unread.length > 99 ? '99+' : unread.length}
          </span>
        ) : null}
      </Button>
      <Popover className="popover notices-popover" placement="bottom end" offset={6}>
        <Dialog className="notices" aria-labelledby="notices-title">
          <div className="notices__head">
            <Heading slot="title" id="notices-title" className="notices__title" tabIndex={-1}>
              {t('notifications.title')}
            </Heading>
            {unread.length > 1 ? (
              <Button
                className="btn btn--ghost btn--small"
                onPress={() => {
                  markRead.mutate(unread.map((n) => n.id));
                  keepFocus('notices-title');
                }}
              >
                {t('notifications.markAllRead')}
              </Button>
            ) : null}
          </div>
          {query.isPending ? (
            <Loading />
          ) : query.isError ? (
            <p className="alert alert--error">{errorMessage(query.error)}</p>
          ) : items.length === 0 ? (
            <p className="notices__empty">{t('notifications.empty')}</p>
          ) : (
            <ul className="notices__list" aria-label={t('notifications.listLabel')}>
              {items.map((n) => {
                const href = internalLink(n.link);
                return (
                  <li key={n.id} className={`notice notice--${n.level}${n.read ? '' : ' notice--unread'}`}>
                    <p className="notice__meta">
                      <span className={`badge badge--level-${n.level}`}>{t(`notifications.level.${n.level}`)}</span>
                      {!n.read ? <span className="notice__unread">{t('notifications.unread')}</span> : null}
                      {showOrg ? <span className="code small">{n.orgCode}</span> : null}
                      <span className="small muted">
                        <DateTime value={n.createdAt} />
                      </span>
                    </p>
                    <p className="notice__title" id={`notice-${n.id}`} tabIndex={-1}>
                      {n.title}
                    </p>
                    {n.body ? <p className="notice__body">{n.body}</p> : null}
                    <div className="notice__actions">
                      {href ? (
                        <a href={href} className="btn btn--secondary btn--small" onClick={(e) => follow(e, n, href)}>
                          <span aria-hidden="true">{t('notifications.open')}</span>
                          <span className="visually-hidden">{t('notifications.openLabel', { title: n.title })}</span>
                        </a>
                      ) : null}
                      {!n.read ? (
                        <Button
                          className="btn btn--ghost btn--small"
                          onPress={() => {
                            markRead.mutate([n.id]);
                            keepFocus(`notice-${n.id}`);
                          }}
                        >
                          <span aria-hidden="true">{t('notifications.markRead')}</span>
                          <span className="visually-hidden">{t('notifications.markReadLabel', { title: n.title })}</span>
                        </Button>
                      ) : null}
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
        </Dialog>
      </Popover>
    </DialogTrigger>
  );
}
