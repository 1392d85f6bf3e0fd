// /publikasi/kampanye/$campaignId: the campaign board. Totals, and per target OPD its task, post,
// first publication, channels and reach; an OPD sees its own task with "Buat postingan" and "Tolak".
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client.ts';
import { campaignBoardQuery, declineCampaign, mediaContentUrl, type CampaignBoard } from '../../api/publishing.ts';
import { useUser } from '../../auth/session.ts';
import { DateTime } from '../../components/date-time.tsx';
import { ModalDialog } from '../../components/dialogs.tsx';
import { TextAreaInput } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { PendingButton } from '../../components/pending-button.tsx';
import { ErrorState, FormAlert, Loading } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { formatNumber } from '../../lib/format.ts';
import { can, isProvinceRole } from '../../lib/permissions.ts';
import { safeHref } from '../../lib/publishing.ts';
import { useIsNarrow } from '../../lib/use-media-query.ts';
import { Forbidden } from '../app-layout.tsx';
import { usePlatformName } from '../channels/shared.tsx';
import { PostStatusBadge, PublicationStatusBadge, PublishingNav, TaskStatusBadge } from './shared.tsx';

export function CampaignBoardPage({ campaignId }: { campaignId: string }) {
  const user = useUser();
  if (!can(user, 'publishing.read')) return <Forbidden />;
  return <Board campaignId={campaignId} />;
}

type Task = CampaignBoard['tasks'][number];

function Board({ campaignId }: { campaignId: string }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const narrow = useIsNarrow();
  const q = useQuery(campaignBoardQuery(campaignId));
  if (q.isPending || q.isError)
    return (
      <Page title={t('publishing.campaigns.boardTitle')} width="wide" before={<BackToCampaigns />}>
        {q.isError ? <ErrorState error={q.error} onRetry={() => void q.refetch()} /> : <Loading />}
      </Page>
    );
  const b = q.data;
  const n = (v: number) => formatNumber(v, i18n.language);
  const mine = !isProvinceRole(user.role) ? b.tasks.find((x) => x.orgId === user.orgId) : undefined;
  return (
    <Page title={b.title} intro={t('publishing.campaigns.boardIntro')} width="wide" before={<BackToCampaigns />}>
      <PublishingNav current="campaigns" />
      <section className="card" aria-labelledby="campaign-message">
        <h2 id="campaign-message" className="card__heading">
          {t('publishing.campaigns.keyMessage')}
        </h2>
        <p className="prewrap">{b.keyMessage}</p>
        <dl className="card__meta">
          <div className="card__meta-wide">
            <dt>{t('publishing.campaigns.window')}</dt>
            <dd>
              <DateTime value={b.startsAt} /> – <DateTime value={b.endsAt} />
            </dd>
          </div>
          {b.hashtags.length ? (
            <div className="card__meta-wide">
              <dt>{t('publishing.campaigns.hashtags')}</dt>
              <dd>{b.hashtags.map((h) => `#${h}`).join(' ')}</dd>
            </div>
          ) : null}
        </dl>
        {b.assets.length ? (
          <>
            <h3 className="card__subheading">{t('publishing.campaigns.assets')}</h3>
            <ul className="thumb-grid">
              {b.assets.map((a, i) => (
                <li key={a.mediaId}>
                  <figure className="campaign-asset">
                    {a.kind === 'image' ? <img src={mediaContentUrl(a.mediaId)} alt={a.altText} loading="lazy" /> : <a href={mediaContentUrl(a.mediaId)}>{t('publishing.media.videoN', { n: i + 1 })}</a>}
                    <figcaption className="small">{a.altText || t('publishing.media.videoN', { n: i + 1 })}</figcaption>
                  </figure>
                </li>
              ))}
            </ul>
            <p className="small muted">{t('publishing.campaigns.assetsUse')}</p>
          </>
        ) : null}
      </section>
      {mine ? <MyTask board={b} task={mine} /> : null}
      <section aria-labelledby="campaign-totals" className="campaign-totals">
        <h2 id="campaign-totals" className="visually-hidden">
          {t('publishing.campaigns.totals')}
        </h2>
        <dl className="stats stats--compact">
          <div className="stat">
            <dt className="stat__label">{t('publishing.campaigns.totalTargets')}</dt>
            <dd className="stat__value">{n(b.totals.targets)}</dd>
          </div>
          <div className="stat">
            <dt className="stat__label">{t('publishing.campaigns.totalAmplified')}</dt>
            <dd className="stat__value">{n(b.totals.amplified)}</dd>
          </div>
          <div className="stat">
            <dt className="stat__label">{t('publishing.campaigns.totalPublications')}</dt>
            <dd className="stat__value">{n(b.totals.publications)}</dd>
          </div>
          <div className="stat">
            <dt className="stat__label">{t('publishing.campaigns.totalReach')}</dt>
            <dd className="stat__value">{n(b.totals.reach)}</dd>
          </div>
        </dl>
      </section>
      <h2 className="section-heading">{t('publishing.campaigns.perOpd')}</h2>
      {narrow ? <TaskCards tasks={b.tasks} /> : <TaskTable tasks={b.tasks} />}
    </Page>
  );
}

function BackToCampaigns() {
  const { t } = useTranslation();
  return (
    <p>
      <Link to="/publikasi/kampanye">{t('publishing.campaigns.back')}</Link>
    </p>
  );
}

function Channels({ task }: { task: Task }) {
  const platformName = usePlatformName();
  const { t } = useTranslation();
  if (!task.channels.length) return <>{t('common.none')}</>;
  return (
    <ul className="plain-list">
      {task.channels.map((c, i) => {
        const href = safeHref(c.permalink);
        return (
          <li key={i}>
            {href ? (
              <a href={href} target="_blank" rel="noopener noreferrer">
                {platformName(c.platform)}
              </a>
            ) : (
              platformName(c.platform)
            )}{' '}
            <PublicationStatusBadge status={c.status} />
          </li>
        );
      })}
    </ul>
  );
}

function TaskState({ task }: { task: Task }) {
  const { t } = useTranslation();
  return (
    <>
      <TaskStatusBadge status={task.status} />
      {task.postStatus ? (
        <>
          {' '}
          <PostStatusBadge status={task.postStatus} />
        </>
      ) : null}
      {task.declineReason ? <p className="small">{t('publishing.campaigns.declineReason', { reason: task.declineReason })}</p> : null}
    </>
  );
}

function TaskTable({ tasks }: { tasks: Task[] }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{t('publishing.campaigns.perOpd')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('publishing.campaigns.col.org')}</th>
            <th scope="col">{t('publishing.campaigns.col.status')}</th>
            <th scope="col">{t('publishing.campaigns.col.first')}</th>
            <th scope="col">{t('publishing.campaigns.col.channels')}</th>
            <th scope="col" className="num">
              {t('publishing.campaigns.col.reach')}
            </th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((task) => (
            <tr key={task.orgId}>
              <th scope="row" className="table__primary">
                {task.postId ? (
                  <Link to="/publikasi/$postId" params={{ postId: task.postId }}>
                    {task.orgCode}
                  </Link>
                ) : (
                  task.orgCode
                )}
                <span className="small muted block">{task.orgName}</span>
              </th>
              <td>
                <TaskState task={task} />
              </td>
              <td>
                <DateTime value={task.firstPublishedAt} />
              </td>
              <td>
                <Channels task={task} />
              </td>
              <td className="num">{formatNumber(task.reach, i18n.language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TaskCards({ tasks }: { tasks: Task[] }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="card-list" aria-label={t('publishing.campaigns.perOpd')}>
      {tasks.map((task) => (
        <li key={task.orgId} className="card card--item">
          <h3 className="card__title">
            {task.postId ? (
              <Link to="/publikasi/$postId" params={{ postId: task.postId }}>
                {task.orgCode}
              </Link>
            ) : (
              task.orgCode
            )}{' '}
            <span className="small muted">{task.orgName}</span>
          </h3>
          <TaskState task={task} />
          <dl className="card__meta">
            <div>
              <dt>{t('publishing.campaigns.col.first')}</dt>
              <dd>
                <DateTime value={task.firstPublishedAt} />
              </dd>
            </div>
            <div>
              <dt>{t('publishing.campaigns.col.reach')}</dt>
              <dd>{formatNumber(task.reach, i18n.language)}</dd>
            </div>
            <div>
              <dt>{t('publishing.campaigns.col.channels')}</dt>
              <dd>
                <Channels task={task} />
              </dd>
            </div>
          </dl>
        </li>
      ))}
    </ul>
  );
}

/** An OPD's own task: write the post, or decline with a reason. */
function MyTask({ board, task }: { board: CampaignBoard; task: Task }) {
  const { t } = useTranslation();
  const user = useUser();
  const queryClient = useQueryClient();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const decline = useMutation({
    mutationFn: () => declineCampaign(board.id, reason.trim()),
    onSuccess: () => {
      toast.success(t('publishing.campaigns.declined'));
      setDeclining(false);
      void queryClient.invalidateQueries({ queryKey: ['publishing', 'campaign', board.id] });
      void queryClient.invalidateQueries({ queryKey: ['publishing', 'campaigns'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim()) decline.mutate();
  };
  const open = task.status === 'open' || task.status === 'drafting';
  const write = can(user, 'publishing.write');
  return (
    <section className="card my-task" aria-labelledby="my-task-heading">
      <h2 id="my-task-heading" className="card__heading">
        {t('publishing.campaigns.myTaskTitle')}
      </h2>
      <div className="my-task__state">
        <TaskState task={task} />
      </div>
      {write && open ? (
        <div className="button-row">
          {task.postId ? (
            <Link to="/publikasi/$postId" params={{ postId: task.postId }} className="btn btn--primary">
              {t('publishing.campaigns.openPost')}
            </Link>
          ) : (
            <Link to="/publikasi/$postId" params={{ postId: 'baru' }} search={{ kampanye: board.id }} className="btn btn--primary">
              {t('publishing.campaigns.writePost')}
            </Link>
          )}
          <Button className="btn btn--secondary" onPress={() => (decline.reset(), setReason(''), setDeclining(true))}>
            {t('publishing.campaigns.decline')}
          </Button>
        </div>
      ) : null}
      {declining ? (
        <ModalDialog title={t('publishing.campaigns.decline')} isOpen onOpenChange={(o) => (!o ? setDeclining(false) : undefined)} isDismissable={!decline.isPending}>
          <Form onSubmit={submit} className="form">
            <p className="dialog__intro">{t('publishing.campaigns.declineIntro', { title: board.title })}</p>
            <TextAreaInput label={t('publishing.campaigns.declineReasonLabel')} name="reason" value={reason} onChange={setReason} isRequired rows={3} autoFocus />
            <FormAlert message={decline.error ? errorMessage(decline.error) : null} />
            <div className="dialog__actions">
              <Button className="btn btn--secondary" slot="close" isDisabled={decline.isPending}>
                {t('common.cancel')}
              </Button>
              <PendingButton type="submit" className="btn btn--danger" isPending={decline.isPending}>
                {decline.isPending ? t('common.saving') : t('publishing.campaigns.decline')}
              </PendingButton>
            </div>
          </Form>
        </ModalDialog>
      ) : null}
    </section>
  );
}
