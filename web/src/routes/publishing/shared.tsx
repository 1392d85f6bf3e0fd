// Pieces shared by the Publikasi pages: status badges in words (colour only supports them), the
// module's sub-navigation, category labels, plain-text rendering with safe links.
import type { QueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { PostStatus, PublicationStatus, TaskStatus } from '../../api/publishing.ts';
import { linkify } from '../../lib/linkify.ts';
import { POST_CATEGORIES, postTone, publicationTone } from '../../lib/publishing.ts';

export function PostStatusBadge({ status }: { status: PostStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge--tone-${postTone(status)} post-status post-status--${status}`}>
      <span className="visually-hidden">{t('publishing.statusLabel')}: </span>
      {t(`publishing.status.${status}`)}
    </span>
  );
}

export function PublicationStatusBadge({ status }: { status: PublicationStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge--tone-${publicationTone(status)}`}>{t(`publishing.publication.${status}`)}</span>;
}

export function TaskStatusBadge({ status }: { status: TaskStatus }) {
  const { t } = useTranslation();
  const tone = status === 'published' ? 'success' : status === 'declined' ? 'neutral' : status === 'drafting' ? 'info' : 'warning';
  return <span className={`badge badge--tone-${tone}`}>{t(`publishing.task.${status}`)}</span>;
}

/** Category codes as words; a code the interface does not know is shown as it is. */
export function useCategoryLabel(): (code: string) => string {
  const { t } = useTranslation();
  return (code) => ((POST_CATEGORIES as readonly string[]).includes(code) ? t(`publishing.category.${code as (typeof POST_CATEGORIES)[number]}`) : code);
}

/** The module's own navigation: posts (list and calendar), campaigns, settings. */
export function PublishingNav({ current }: { current: 'posts' | 'campaigns' | 'settings' }) {
  const { t } = useTranslation();
  const items = [
    { key: 'posts', to: '/publikasi', label: t('publishing.nav.posts') },
    { key: 'campaigns', to: '/publikasi/kampanye', label: t('publishing.nav.campaigns') },
    { key: 'settings', to: '/publikasi/pengaturan', label: t('publishing.nav.settings') },
  ] as const;
  return (
    <nav className="pub-nav" aria-label={t('publishing.nav.label')}>
      <ul>
        {items.map((i) => (
          <li key={i.key}>
            {/* exact: the router marks only its own path current; sub-pages (a post, a campaign) are marked here */}
            <Link to={i.to} className="pub-nav__link" activeOptions={{ exact: true, includeSearch: false }} aria-current={current === i.key ? 'page' : undefined}>
              {i.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * Text as the platform shows it: plain text with line breaks kept; http(s) URLs become links only
 * where the platform makes them clickable. Never HTML.
 */
export function PlainText({ text, links = true, className }: { text: string; links?: boolean; className?: string }) {
  if (!links) return <p className={`prewrap ${className ?? ''}`}>{text}</p>;
  return (
    <p className={`prewrap ${className ?? ''}`}>
      {linkify(text).map((s, i) =>
        s.kind === 'link' ? (
          <a key={i} href={s.href} target="_blank" rel="noopener noreferrer nofollow">
            {s.text}
          </a>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </p>
  );
}

/** After any change to a post: its detail, the lists, the calendar and the campaign boards. */
export function invalidatePublishing(queryClient: QueryClient, postId?: string): Promise<unknown> {
  return Promise.all([
    postId ? queryClient.invalidateQueries({ queryKey: ['publishing', 'post', postId] }) : null,
    queryClient.invalidateQueries({ queryKey: ['publishing', 'posts'] }),
    queryClient.invalidateQueries({ queryKey: ['publishing', 'calendar'] }),
    queryClient.invalidateQueries({ queryKey: ['publishing', 'campaign'] }),
    queryClient.invalidateQueries({ queryKey: ['publishing', 'campaigns'] }),
  ]);
}
