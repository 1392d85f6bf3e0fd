// The post's life beside the editor: status and the actions the server allows, the approval chain
// with who approved each level, review comments, publications per channel with retry, and the
// version history with a word diff.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client.ts';
import { diffQuery, postAction, retryPublication, type DiffPart, type PostDetail, type Publication } from '../../api/publishing.ts';
import { DateTime } from '../../components/date-time.tsx';
import { ConfirmDialog, ModalDialog } from '../../components/dialogs.tsx';
import { TextAreaInput } from '../../components/fields.tsx';
import { PendingButton } from '../../components/pending-button.tsx';
import { FormAlert } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { formatNumber } from '../../lib/format.ts';
import { approverNames, safeHref } from '../../lib/publishing.ts';
import { usePlatformName } from '../channels/shared.tsx';
import { PlatformLabel } from '../inbox/shared.tsx';
import { invalidatePublishing, PlainText, PublicationStatusBadge } from './shared.tsx';

type DialogAction = 'submit' | 'approve' | 'request_changes' | 'withdraw' | 'cancel';
const PATH: Record<DialogAction, 'submit' | 'approve' | 'request-changes' | 'withdraw' | 'cancel'> = { submit: 'submit', approve: 'approve', request_changes: 'request-changes', withdraw: 'withdraw', cancel: 'cancel' };

/**
 * The action buttons the server allows the caller (allowedActions). `beforeAction` saves pending
 * edits first and answers the version to act on (null: saving failed, do nothing).
 */
export function PostActions({ post, beforeAction }: { post: PostDetail; beforeAction: () => Promise<number | null> }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<DialogAction | null>(null);
  const [comment, setComment] = useState('');
  const run = useMutation({
    mutationFn: async (action: DialogAction) => {
      const version = await beforeAction();
      if (version === null) throw new Error(t('publishing.autosave.saveFirst'));
      const body: Record<string, unknown> = {};
      if (action === 'submit' || action === 'approve' || action === 'request_changes') body.version = version;
      if (comment.trim()) body[action === 'cancel' ? 'reason' : 'comment'] = comment.trim();
      return postAction(post.id, PATH[action], body);
    },
    onSuccess: (_res, action) => {
      toast.success(t(`publishing.actions.done.${action}`));
      setOpen(null);
      setComment('');
      void invalidatePublishing(queryClient, post.id);
    },
  });
  const actions = (['submit', 'approve', 'request_changes', 'withdraw', 'cancel'] as const).filter((a) => post.allowedActions.includes(a));
  if (!actions.length) return null;
  const openDialog = (a: DialogAction) => {
    run.reset();
    setComment('');
    setOpen(a);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (open) run.mutate(open);
  };
  return (
    <>
      <div className="button-row post-actions" role="group" aria-label={t('common.actions')}>
        {actions.map((a) => (
          <Button key={a} className={`btn ${a === 'approve' || a === 'submit' ? 'btn--primary' : a === 'cancel' ? 'btn--danger' : 'btn--secondary'}`} onPress={() => openDialog(a)}>
            {t(`publishing.actions.${a}`)}
          </Button>
        ))}
      </div>
      {open === 'withdraw' || open === 'cancel' ? (
        <ConfirmDialog
          title={t(`publishing.actions.${open}`)}
          body={<p>{t(`publishing.actions.confirm.${open}`)}</p>}
          confirmLabel={t(`publishing.actions.${open}`)}
          tone={open === 'cancel' ? 'danger' : 'primary'}
          isOpen
          isPending={run.isPending}
          error={run.error ? errorMessage(run.error) : null}
          onConfirm={() => run.mutate(open)}
          onOpenChange={(o) => (!o ? setOpen(null) : undefined)}
        />
      ) : open ? (
        <ModalDialog title={t(`publishing.actions.${open}`)} isOpen onOpenChange={(o) => (!o ? setOpen(null) : undefined)} isDismissable={!run.isPending}>
          <Form onSubmit={submit} className="form">
            <p className="dialog__intro">{t(`publishing.actions.intro.${open}`, { version: post.currentVersion })}</p>
            <TextAreaInput
              label={open === 'request_changes' ? t('publishing.actions.commentRequired') : t('publishing.actions.comment')}
              name="comment"
              rows={3}
              value={comment}
              onChange={setComment}
              isRequired={open === 'request_changes'}
              autoFocus
            />
            <FormAlert message={run.error ? errorMessage(run.error) : null} />
            <div className="dialog__actions">
              <Button className="btn btn--secondary" slot="close" isDisabled={run.isPending}>
                {t('common.cancel')}
              </Button>
              <PendingButton type="submit" className="btn btn--primary" isPending={run.isPending}>
                {run.isPending ? t('common.saving') : t(`publishing.actions.${open}`)}
              </PendingButton>
            </div>
          </Form>
        </ModalDialog>
      ) : null}
    </>
  );
}

/** Each level of the chain: who may approve it, and who did (for the current version). */
export function ApprovalChain({ post }: { post: PostDetail }) {
  const { t, i18n } = useTranslation();
  const names = approverNames(post);
  const lang = i18n.language === 'en' ? 'en' : 'id';
  const inRound = ['diajukan', 'disetujui', 'terjadwal', 'menerbitkan', 'dipublikasikan', 'sebagian_gagal', 'gagal'].includes(post.status);
  return (
    <ol className="chain">
      {post.chain.map((c) => {
        const got = inRound ? names.get(c.level) : undefined;
        return (
          <li key={c.level} className={`chain__level${got ? ' chain__level--done' : ''}`}>
            <p className="chain__who">
              {t('publishing.chain.level', { level: c.level })} · {c.who[lang]}
              {c.kind === 'province' ? <span className="badge badge--tone-info">{t('publishing.chain.province')}</span> : null}
            </p>
            <p className="chain__state">
              {got ? (
                <>
                  <span aria-hidden="true">✓ </span>
                  {t('publishing.chain.approvedBy', { name: got.by ?? '—' })} · <DateTime value={got.at} />
                </>
              ) : post.status === 'diajukan' && post.approvalsGiven + 1 === c.level ? (
                t('publishing.chain.waiting')
              ) : (
                t('publishing.chain.notYet')
              )}
            </p>
          </li>
        );
      })}
    </ol>
  );
}

export function Reviews({ post }: { post: PostDetail }) {
  const { t } = useTranslation();
  if (!post.reviews.length) return <p className="muted">{t('publishing.reviews.none')}</p>;
  return (
    <ol className="timeline">
      {[...post.reviews].reverse().map((r) => (
        <li key={r.id} className={`timeline__item review review--${r.decision}`}>
          <p className="timeline__meta">
            <strong>{t(`publishing.reviews.${r.decision}`)}</strong> · {r.by ?? '—'} · <DateTime value={r.at} /> · {t('publishing.versionN', { n: r.version })}
            {r.level > 0 ? ` · ${t('publishing.chain.level', { level: r.level })}` : ''}
          </p>
          {r.comment ? <PlainText text={r.comment} links={false} /> : null}
        </li>
      ))}
    </ol>
  );
}

export function Publications({ post }: { post: PostDetail }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const platformName = usePlatformName();
  const retry = useMutation({
    mutationFn: (p: Publication) => retryPublication(post.id, p.id),
    onSuccess: (_r, p) => {
      toast.success(t('publishing.publications.retried', { platform: platformName(p.platform) }));
      void invalidatePublishing(queryClient, post.id);
    },
    onError: (err) => toast.error(errorMessage(err)),
  });
  const canRetry = post.allowedActions.includes('retry');
  return (
    <ul className="publications">
      {post.publications.map((p) => {
        const href = safeHref(p.permalink);
        return (
          <li key={p.id} className="publication" data-publication={p.platform}>
            <p className="publication__head">
              <PlatformLabel platform={p.platform} /> <span>{p.accountName}</span> <PublicationStatusBadge status={p.status} />
            </p>
            {p.publishedAt ? (
              <p className="small">
                {t('publishing.publishedAt')} <DateTime value={p.publishedAt} />
              </p>
            ) : null}
            {href ? (
              <p className="small">
                <a href={href} target="_blank" rel="noopener noreferrer">
                  {t('publishing.publications.open', { platform: platformName(p.platform) })}
                </a>
              </p>
            ) : null}
            {p.metrics ? <p className="small">{t('publishing.publications.metrics', { reach: formatNumber(p.metrics.reach ?? 0, i18n.language), engagement: formatNumber(p.metrics.engagement ?? 0, i18n.language) })}</p> : null}
            {p.error ? (
              <p className="publication__error">
                {t('publishing.publications.error')}: <span className="prewrap">{p.error}</span>
              </p>
            ) : null}
            {p.attempt > 1 ? <p className="small muted">{t('publishing.publications.attempts', { count: p.attempt })}</p> : null}
            {p.status === 'ambiguous' ? <p className="alert alert--warning publication__ambiguous">{t('publishing.publications.ambiguous', { platform: platformName(p.platform) })}</p> : null}
            {(p.status === 'failed' || p.status === 'ambiguous') && canRetry ? (
              <PendingButton className="btn btn--secondary btn--small" isPending={retry.isPending && retry.variables?.id === p.id} onPress={() => retry.mutate(p)}>
                {t('publishing.publications.retry', { platform: platformName(p.platform) })}
              </PendingButton>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

export function VersionHistory({ post }: { post: PostDetail }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<number | null>(null);
  return (
    <ol className="versions">
      {post.versions.map((v) => (
        <li key={v.number} className="versions__item">
          <p>
            <strong>{t('publishing.versionN', { n: v.number })}</strong> · {v.createdBy ?? '—'} · <DateTime value={v.createdAt} />
            {v.number === post.approvedVersion ? <span className="badge badge--tone-success">{t('publishing.history.approved')}</span> : null}
          </p>
          {v.number > 1 ? (
            <Button className="link-button" aria-expanded={open === v.number} onPress={() => setOpen(open === v.number ? null : v.number)}>
              {open === v.number ? t('publishing.history.hideDiff') : t('publishing.history.showDiff', { from: v.number - 1, to: v.number })}
            </Button>
          ) : null}
          {open === v.number ? <Diff postId={post.id} from={v.number - 1} to={v.number} /> : null}
        </li>
      ))}
    </ol>
  );
}

function DiffText({ parts }: { parts: DiffPart[] }) {
  const { t } = useTranslation();
  return (
    <p className="prewrap word-diff">
      {parts.map((p, i) =>
        p.op === 'same' ? (
          <span key={i}>{p.text}</span>
        ) : p.op === 'added' ? (
          <ins key={i}>
            <span className="visually-hidden">[{t('publishing.history.added')}: </span>
            {p.text}
            <span className="visually-hidden">]</span>
          </ins>
        ) : (
          <del key={i}>
            <span className="visually-hidden">[{t('publishing.history.removed')}: </span>
            {p.text}
            <span className="visually-hidden">]</span>
          </del>
        ),
      )}
    </p>
  );
}

function Diff({ postId, from, to }: { postId: string; from: number; to: number }) {
  const { t } = useTranslation();
  const q = useQuery(diffQuery(postId, from, to));
  if (q.isPending) return <p className="muted">{t('common.loading')}</p>;
  if (q.isError) return <p className="text-danger">{errorMessage(q.error)}</p>;
  const d = q.data;
  const changed = (parts: DiffPart[]) => parts.some((p) => p.op !== 'same');
  return (
    <div className="diff-view" aria-label={t('publishing.history.diffLabel', { from, to })} role="group">
      {changed(d.title) ? (
        <>
          <h4 className="small">{t('publishing.fields.title')}</h4>
          <DiffText parts={d.title} />
        </>
      ) : null}
      {changed(d.text) ? (
        <>
          <h4 className="small">{t('publishing.fields.text')}</h4>
          <DiffText parts={d.text} />
        </>
      ) : null}
      {d.link ? <p className="small">{t('publishing.history.linkChanged', { before: d.link.before ?? '—', after: d.link.after ?? '—' })}</p> : null}
      {d.media ? <p className="small">{t('publishing.history.mediaChanged', { before: d.media.before.length, after: d.media.after.length })}</p> : null}
      {d.channels ? <p className="small">{t('publishing.history.channelsChanged')}</p> : null}
      {!changed(d.title) && !changed(d.text) && !d.link && !d.media && !d.channels ? <p className="small muted">{t('publishing.history.noChange')}</p> : null}
    </div>
  );
}
