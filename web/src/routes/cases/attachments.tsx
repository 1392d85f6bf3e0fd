import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button, FileTrigger, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client.ts';
import { addCaseAttachment, setAttachmentPublic, type CaseAttachment } from '../../api/attachments.ts';
import { uploadMedia } from '../../api/publishing.ts';
import { useUser } from '../../auth/session.ts';
import { DateTime } from '../../components/date-time.tsx';
import { TextAreaInput, TextInput } from '../../components/fields.tsx';
import { PendingButton } from '../../components/pending-button.tsx';
import { FormAlert } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { can } from '../../lib/permissions.ts';

/**
 * A case's photos and other attachments, for staff. Stored photos load through the authenticated
 * API (the case's visibility rules apply) with their alt text; everything the citizen wrote is
 * rendered as text, never as HTML; an Open311 client's link is shown as a link, not loaded.
 */
export function CaseAttachments({ caseId, attachments, mayAttach }: { caseId: string; attachments: readonly CaseAttachment[]; mayAttach: boolean }) {
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
      {mayAttach ? <AddAttachment caseId={caseId} /> : null}
    </section>
  );
}

const STAFF_FILES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf', 'video/mp4', 'video/quicktime'];

/** Staff attach evidence of the follow-up: upload to the media store (streamed, typed from its bytes), then attach. */
function AddAttachment({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [alt, setAlt] = useState('');
  const [caption, setCaption] = useState('');
  const [error, setError] = useState<string | null>(null);
  const isImage = !!file && file.type.startsWith('image/');
  const attach = useMutation({
    mutationFn: async () => {
      if (!file) throw new Error(t('cases.attachments.noFile'));
      if (isImage && !alt.trim()) throw new Error(t('cases.attachments.altMissing'));
      const stored = await uploadMedia(file, { altText: alt.trim() || undefined });
      return addCaseAttachment(caseId, { mediaId: stored.id, ...(alt.trim() ? { altText: alt.trim() } : {}), ...(caption.trim() ? { caption: caption.trim() } : {}) });
    },
    onSuccess: async () => {
      toast.success(t('cases.attachments.added'));
      setFile(null);
      setAlt('');
      setCaption('');
      await queryClient.invalidateQueries({ queryKey: ['cases', 'detail', caseId] });
    },
    onError: (err) => setError(errorMessage(err)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    attach.mutate();
  };
  return (
    <Form onSubmit={submit} className="form attachments__add" aria-labelledby="case-attachment-add">
      <h3 id="case-attachment-add" className="card__subheading">
        {t('cases.attachments.add')}
      </h3>
      <p className="field__hint">{t('cases.attachments.addIntro')}</p>
      <div className="field">
        <span className="field__label">{t('cases.attachments.file')}</span>
        <FileTrigger acceptedFileTypes={STAFF_FILES} onSelect={(files) => setFile(files?.[0] ?? null)}>
          <Button className="btn btn--secondary">{t('cases.attachments.choose')}</Button>
        </FileTrigger>
        <p className="field__hint" aria-live="polite">
          {file ? t('cases.attachments.chosen', { name: file.name }) : t('cases.attachments.noFile')}
        </p>
      </div>
      <TextInput label={t('cases.attachments.alt')} name="altText" value={alt} onChange={setAlt} isRequired={isImage} description={t('cases.attachments.altHint')} />
      <TextAreaInput label={t('cases.attachments.caption')} name="caption" value={caption} onChange={setCaption} maxLength={2000} rows={2} />
      <FormAlert message={error} />
      <div className="button-row">
        <PendingButton type="submit" className="btn btn--primary" isPending={attach.isPending}>
          {attach.isPending ? t('cases.attachments.uploading') : t('cases.attachments.submit')}
        </PendingButton>
      </div>
    </Form>
  );
}
