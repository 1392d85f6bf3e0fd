import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client.ts';
import { setAttachmentPublic, type CaseAttachment } from '../../api/attachments.ts';
import { useUser } from '../../auth/session.ts';
import { DateTime } from '../../components/date-time.tsx';
import { toast } from '../../components/toast.tsx';
import { can } from '../../lib/permissions.ts';

/**
 * A case's photos and other attachments, for staff. Stored photos load through the authenticated
 * API (the case's visibility rules apply) with their alt text; everything the citizen wrote is
 * rendered as text, never as HTML; an Open311 client's link is shown as a link, not loaded.
 */
export function CaseAttachments({ caseId, attachments }: { caseId: string; attachments: readonly CaseAttachment[] }) {
  const { t } = useTranslation();
  const user = useUser();
  const queryClient = useQueryClient();
  const mayPublish = can(user, 'cases.dispose');
  const toggle = useMutation({
    mutationFn: (a: CaseAttachment) => setAttachmentPublic(caseId, a.id, !a.public),
    onSuccess: async (a) => {
      toast.success(a.public ? t('cases.attachments.published') : t('cases.attachments.unpublished'));
      await queryClient.invalidateQueries({ queryKey: ['cases', 'detail', caseId] });
    },
    onError: (err) => toast.error(errorMessage(err)),
  });

  return (
    <section className="card" aria-labelledby="case-attachments-heading">
      <h2 id="case-attachments-heading">{t('cases.attachments.heading')}</h2>
      {attachments.length === 0 ? <p className="muted">{t('cases.attachments.none')}</p> : <p className="field__hint">{t('cases.attachments.privateNote')}</p>}
      <ul className="attachments thumb-grid">
        {attachments.map((a) => (
          <li key={a.id} className="attachments__item">
            <figure className="attachments__figure">
              {a.contentUrl && a.kind === 'image' ? (
                <a href={a.contentUrl} target="_blank" rel="noopener noreferrer" aria-label={t('cases.attachments.open', { alt: a.altText })}>
                  <img className="attachments__img" src={a.contentUrl} alt={a.altText} loading="lazy" width={a.width ?? undefined} height={a.height ?? undefined} />
                </a>
              ) : a.contentUrl ? (
                <a href={a.contentUrl} target="_blank" rel="noopener noreferrer">
                  {a.altText}
                </a>
              ) : a.externalUrl ? (
                <p className="break">
                  {t('cases.attachments.external')}{' '}
                  <a href={a.externalUrl} target="_blank" rel="noopener noreferrer nofollow">
                    {a.externalUrl}
                  </a>
                </p>
              ) : (
                <p>{t('cases.attachments.fromChannel', { what: a.altText, ref: a.externalRef ?? '—' })}</p>
              )}
              <figcaption className="attachments__caption">
                {a.caption ? <span className="prewrap">{a.caption}</span> : a.contentUrl ? <span>{a.altText}</span> : null}
                <span className="attachments__meta">
                  <DateTime value={a.createdAt} />
                  {a.width && a.height ? ` · ${t('cases.attachments.size', { width: a.width, height: a.height })}` : ''}
                  {a.public ? <span className="badge">{t('cases.attachments.publicBadge')}</span> : null}
                </span>
              </figcaption>
            </figure>
            {mayPublish && a.contentUrl && a.kind === 'image' ? (
              <Button className="btn btn--secondary btn--small" isDisabled={toggle.isPending} onPress={() => toggle.mutate(a)} aria-describedby="attachments-publish-hint">
                {a.public ? t('cases.attachments.unpublish') : t('cases.attachments.publish')}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {mayPublish && attachments.some((a) => a.contentUrl && a.kind === 'image') ? (
        <p id="attachments-publish-hint" className="field__hint">
          {t('cases.attachments.publishHint')}
        </p>
      ) : null}
    </section>
  );
}
