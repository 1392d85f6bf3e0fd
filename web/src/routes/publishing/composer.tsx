// /publikasi/$postId (and /publikasi/baru): the composer and the post's detail in one page. The
// master text, media with alt text and the channels are edited on the left and saved automatically
// (a debounced PUT with the version the editor started from; a newer version saved elsewhere is a
// clear conflict with a reload, never a silent overwrite). The right column holds the status with
// the actions the server allows, the content coach, publications per channel, comments and the
// version history. The post's text is data: it is rendered as text, never as HTML.
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client.ts';
import { bestTimesQuery, campaignBoardQuery, composerAccountsQuery, createPost, postQuery, savePost, schedulePost, type ChannelChoice, type MediaRef, type PostContent, type PostDetail } from '../../api/publishing.ts';
import { orgsQuery } from '../../api/queries.ts';
import { useUser } from '../../auth/session.ts';
import { DateTime } from '../../components/date-time.tsx';
import { WibDateTimeField } from '../../components/wib-date-time.tsx';
import { SelectField, TextAreaInput, TextInput } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { PendingButton } from '../../components/pending-button.tsx';
import { ErrorState, FormAlert, Loading } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { can, isProvinceRole } from '../../lib/permissions.ts';
import { EMPTY_CONTENT, fromWibInput, linkProblem, normalizeContent, POST_CATEGORIES, sameContent, toWibInput } from '../../lib/publishing.ts';
import { deriveVariant } from '../../../../src/modules/publishing/variant.ts';
import { Forbidden } from '../app-layout.tsx';
import { usePlatformName } from '../channels/shared.tsx';
import { ChannelPicker, countFor, Counter, selectedChannels, VariantTabs } from './composer-channels.tsx';
import { MediaEditor } from './composer-media.tsx';
import type { CoachInput } from '../../api/coach.ts';
import { CoachPanel } from './coach-panel.tsx';
import { ApprovalChain, PostActions, Publications, Reviews, VersionHistory } from './post-review.tsx';
import { invalidatePublishing, PostStatusBadge, useCategoryLabel } from './shared.tsx';

export type ComposerSearch = { kampanye?: string };

/** The route's component: `postId` is "baru" for a new post. */
export function ComposerPage({ postId, campaignId, onCreated }: { postId: string; campaignId?: string | undefined; onCreated: (id: string) => void }) {
  const user = useUser();
  if (!can(user, 'publishing.read') || (postId === 'baru' && !can(user, 'publishing.write'))) return <Forbidden />;
  return <Composer routePostId={postId} campaignId={campaignId} onCreated={onCreated} />;
}

const SOON_MS = 3 * 60_000;

function Composer({ routePostId, campaignId, onCreated }: { routePostId: string; campaignId: string | undefined; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const [id, setId] = useState<string | null>(routePostId === 'baru' ? null : routePostId);
  // The campaign of a new post (?kampanye=) stays after the URL becomes the post's own.
  const [fromCampaign] = useState(campaignId);
  const [generation, setGeneration] = useState(0);
  const post = useQuery({
    ...postQuery(id ?? 'none'),
    enabled: !!id,
    // While it is about to go out or going out, follow it closely.
    refetchInterval: (q) => {
      const d = q.state.data;
      if (!d) return false;
      if (d.status === 'menerbitkan') return 2000;
      if ((d.status === 'terjadwal' || d.status === 'disetujui') && d.scheduledAt && new Date(d.scheduledAt).getTime() - Date.now() < SOON_MS) return 2000;
      return 20_000;
    },
  });
  const [started, setStarted] = useState(routePostId === 'baru');
  useEffect(() => {
    if (post.data && !started) setStarted(true);
  }, [post.data, started]);

  if (!started) {
    return (
      <Page title={t('publishing.composer.titleExisting')} width="wide" before={<BackLink />}>
        {post.isError ? <ErrorState error={post.error} onRetry={() => void post.refetch()} /> : <Loading />}
      </Page>
    );
  }
  const reload = async () => {
    await post.refetch();
    setGeneration((g) => g + 1);
  };
  return (
    <Editor
      key={generation}
      post={post.data}
      campaignId={post.data?.campaignId ?? fromCampaign ?? null}
      onCreated={(newId) => {
        setId(newId);
        onCreated(newId);
      }}
      onReload={() => void reload()}
    />
  );
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <p>
      <Link to="/publikasi">{t('publishing.backToList')}</Link>
    </p>
  );
}

type SaveState = { kind: 'idle' } | { kind: 'dirty' } | { kind: 'saving' } | { kind: 'saved'; at: string; version: number } | { kind: 'error'; message: string } | { kind: 'stale'; message: string };

function Editor({ post, campaignId, onCreated, onReload }: { post: PostDetail | undefined; campaignId: string | null; onCreated: (id: string) => void; onReload: () => void }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const queryClient = useQueryClient();
  const categoryLabel = useCategoryLabel();
  const campaign = useQuery({ ...campaignBoardQuery(campaignId ?? 'none'), enabled: !!campaignId, refetchInterval: false });

  // What the editor started from (the post at mount, or an empty draft, prefilled from a campaign once it loads).
  const [content, setContent] = useState<PostContent>(() => post?.content ?? EMPTY_CONTENT);
  const [category, setCategory] = useState(post?.category ?? (campaignId ? 'kampanye' : 'informasi'));
  const saved = useRef({ id: post?.id ?? null, content: normalizeContent(post?.content ?? EMPTY_CONTENT), category: post?.category ?? (campaignId ? 'kampanye' : 'informasi'), version: post?.currentVersion ?? 0 });
  // Province staff may write a new post on an OPD's behalf: the post (and its uploads) belong to that
  // OPD, its channels are that OPD's and its approval chain applies. Chosen before the first save.
  const [forOrg, setForOrg] = useState(user.orgId);
  const mayWriteForOthers = !post && !campaignId && isProvinceRole(user.role);
  const orgs = useQuery({ ...orgsQuery({}), enabled: mayWriteForOthers });
  const latest = useRef({ content, category, forOrg });
  latest.current = { content, category, forOrg };
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const inflight = useRef<Promise<number | null> | null>(null);
  const scheduleForNew = useRef<string | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);

  // A new post opened from a campaign task starts from the key message, its hashtags and its assets
  // (with the alt text Kominfotik wrote; the OPD may change or remove them).
  const prefilled = useRef(!!post);
  useEffect(() => {
    if (prefilled.current || !campaign.data) return;
    prefilled.current = true;
    const tags = campaign.data.hashtags.map((h) => `#${h}`).join(' ');
    const text = tags ? `${campaign.data.keyMessage}\n\n${tags}` : campaign.data.keyMessage;
    const assets = campaign.data.assets.map((a) => ({ mediaId: a.mediaId, kind: a.kind, altText: a.altText }));
    setContent((c) => ({ ...c, text: c.text || text, media: c.media.length ? c.media : assets }));
  }, [campaign.data]);

  const isNew = !saved.current.id;
  const editable = isNew ? can(user, 'publishing.write') : !!post?.allowedActions.includes('edit');
  const dirty = !sameContent(content, saved.current.content) || category !== saved.current.category;
  const isDirtyForNew = isNew && (!sameContent(content, EMPTY_CONTENT) || category !== saved.current.category);

  const doSave = async (force = false): Promise<number | null> => {
    if (inflight.current) await inflight.current;
    const { content: c, category: cat } = latest.current;
    const current = saved.current;
    if (current.id && sameContent(c, current.content) && cat === current.category) return current.version;
    if (!current.id && !force && !(!sameContent(c, EMPTY_CONTENT) || cat !== current.category)) return null;
    const run = (async () => {
      setSave({ kind: 'saving' });
      try {
        const body = normalizeContent(c);
        if (!current.id) {
          const created = await createPost({ category: cat, content: body, scheduledAt: scheduleForNew.current, campaignId, ...(latest.current.forOrg !== user.orgId ? { orgId: latest.current.forOrg } : {}) });
          saved.current = { id: created.id, content: body, category: cat, version: created.version };
          onCreated(created.id);
        } else {
          const res = await savePost(current.id, { baseVersion: current.version, content: body, category: cat });
          saved.current = { id: current.id, content: body, category: cat, version: res.version };
        }
        setSave({ kind: 'saved', at: new Date().toISOString(), version: saved.current.version });
        void invalidatePublishing(queryClient, saved.current.id ?? undefined);
        return saved.current.version;
      } catch (err) {
        if (err instanceof ApiError && err.code === 'post_version_stale') setSave({ kind: 'stale', message: err.message });
        else setSave({ kind: 'error', message: errorMessage(err) });
        return null;
      } finally {
        inflight.current = null;
      }
    })();
    inflight.current = run;
    return run;
  };

  // Autosave: 1.5 s after the last change.
  useEffect(() => {
    if (!editable || save.kind === 'stale') return;
    if (!(isNew ? isDirtyForNew : dirty)) return;
    setSave((s) => (s.kind === 'saving' ? s : { kind: 'dirty' }));
    const h = setTimeout(() => void doSave(), 1500);
    return () => clearTimeout(h);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [content, category]);

  // Leaving with unsaved edits asks first (the browser's own prompt).
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!sameContent(latest.current.content, saved.current.content) && editable) e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [editable]);

  const orgId = post?.orgId ?? forOrg;
  const accounts = useQuery(composerAccountsQuery(orgId && orgId !== user.orgId ? orgId : undefined));
  const accountList = accounts.data?.items ?? [];
  const selected = selectedChannels(content, accountList);
  const hasMedia = content.media.length > 0;
  const newerElsewhere = !!post && post.currentVersion > saved.current.version && save.kind !== 'saving' && save.kind !== 'stale';

  const setChannels = (channels: ChannelChoice[]) => setContent((c) => ({ ...c, channels }));
  const setChoice = (choice: ChannelChoice) => setContent((c) => ({ ...c, channels: c.channels.map((x) => (x.accountId === choice.accountId ? choice : x)) }));
  const setMedia = (next: (prev: MediaRef[]) => MediaRef[]) => setContent((c) => ({ ...c, media: next(c.media) }));
  const selectSpan = (start: number, end: number) => {
    const el = textRef.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(start, end);
  };

  // One object per change of what the coach reads, so that other renders do not restart its debounce.
  const platformsKey = selected.map((s) => s.account.platform).join(',');
  const coachInput = useMemo<CoachInput>(
    () => ({
      text: content.text,
      title: content.title || undefined,
      channels: platformsKey ? platformsKey.split(',') : [],
      media: content.media.map((m) => ({ kind: m.kind, altText: m.altText })),
      campaign: campaign.data ? { keyMessage: campaign.data.keyMessage, hashtags: campaign.data.hashtags } : null,
    }),
    [content.text, content.title, content.media, platformsKey, campaign.data],
  );
  const categories = (POST_CATEGORIES as readonly string[]).includes(category) ? [...POST_CATEGORIES] : [...POST_CATEGORIES, category];
  const voidsApproval = !!post && ['diajukan', 'disetujui', 'terjadwal'].includes(post.status);
  const title = isNew ? t('publishing.composer.titleNew') : t('publishing.composer.titleExisting');

  return (
    <Page title={title} width="wide" before={<BackLink />} intro={post ? <PostIntro post={post} /> : t('publishing.composer.introNew')}>
      {campaign.data ? (
        <div className="alert alert--info campaign-note">
          <p className="alert__title">{t('publishing.composer.campaign', { title: campaign.data.title })}</p>
          <p className="prewrap">{campaign.data.keyMessage}</p>
          <p>
            <Link to="/publikasi/kampanye/$campaignId" params={{ campaignId: campaign.data.id }}>
              {t('publishing.composer.campaignBoard')}
            </Link>
          </p>
        </div>
      ) : null}
      {save.kind === 'stale' || newerElsewhere ? (
        <div className="alert alert--warning" role="alert">
          <p className="alert__title">{t('publishing.autosave.staleTitle')}</p>
          <p>{save.kind === 'stale' ? save.message : t('publishing.autosave.newer', { version: post?.currentVersion })}</p>
          <p>{t('publishing.autosave.staleHelp')}</p>
          <Button className="btn btn--secondary" onPress={onReload}>
            {t('publishing.autosave.reload')}
          </Button>
        </div>
      ) : null}
      <div className="composer">
        <div className="composer__main">
          <section className="card" aria-labelledby="composer-content">
            <div className="card__header">
              <h2 id="composer-content" className="card__heading">
                {t('publishing.composer.content')}
              </h2>
              <AutosaveStatus save={save} editable={editable} onRetry={() => void doSave()} />
            </div>
            {editable && voidsApproval ? <p className="alert alert--warning">{t('publishing.composer.voidsApproval')}</p> : null}
            {!editable && post ? <p className="alert alert--info">{t('publishing.composer.readOnly')}</p> : null}
            <div className="form">
              {mayWriteForOthers && isNew ? (
                <SelectField
                  label={t('publishing.fields.forOrg')}
                  name="forOrg"
                  items={(orgs.data?.items ?? []).filter((o) => o.active || o.id === user.orgId).map((o) => ({ id: o.id, label: `${o.code} · ${o.name}` }))}
                  value={forOrg}
                  onChange={(id) => {
                    setForOrg(id);
                    // another OPD's channels
                    setContent((c) => ({ ...c, channels: [] }));
                  }}
                  isDisabled={!editable}
                  description={t('publishing.fields.forOrgHint')}
                />
              ) : null}
              <SelectField label={t('publishing.fields.category')} items={categories.map((c) => ({ id: c, label: categoryLabel(c) }))} value={category} onChange={setCategory} isDisabled={!editable} description={t('publishing.fields.categoryHint')} />
              <TextInput label={t('publishing.fields.title')} name="title" value={content.title} onChange={(title) => setContent((c) => ({ ...c, title }))} isDisabled={!editable} description={t('publishing.fields.titleHint')} />
              <TextAreaInput
                label={t('publishing.fields.text')}
                name="text"
                rows={8}
                value={content.text}
                inputRef={textRef}
                onChange={(text) => setContent((c) => ({ ...c, text }))}
                isDisabled={!editable}
                description={t('publishing.fields.textHint')}
              />
              {selected.length ? (
                <div className="counters" aria-label={t('publishing.counter.label')} role="group">
                  {selected.map(({ choice, account }) => (
                    <Counter key={account.id} platform={account.platform} count={countFor(account.platform, deriveVariant(content, account.platform, choice).text, hasMedia)} />
                  ))}
                </div>
              ) : null}
              <TextInput
                label={t('publishing.fields.link')}
                name="link"
                type="url"
                value={content.link ?? ''}
                onChange={(link) => setContent((c) => ({ ...c, link }))}
                isDisabled={!editable}
                validate={(v) => (linkProblem(v) ? t('publishing.fields.linkInvalid') : null)}
                description={t('publishing.fields.linkHint')}
              />
            </div>
          </section>
          <section className="card" aria-labelledby="composer-media">
            <h2 id="composer-media" className="card__heading">
              {t('publishing.composer.media')}
            </h2>
            <MediaEditor media={content.media} onChange={setMedia} readOnly={!editable} orgId={orgId !== user.orgId ? orgId : undefined} />
          </section>
          <section className="card" aria-labelledby="composer-channels">
            <h2 id="composer-channels" className="card__heading">
              {t('publishing.composer.channels')}
            </h2>
            {accounts.isPending ? <Loading /> : accounts.isError ? <ErrorState error={accounts.error} onRetry={() => void accounts.refetch()} /> : <ChannelPicker accounts={accountList} content={content} onChange={setChannels} readOnly={!editable} />}
          </section>
          <section className="card" aria-labelledby="composer-variants">
            <h2 id="composer-variants" className="card__heading">
              {t('publishing.composer.variants')}
            </h2>
            <p className="small muted">{t('publishing.composer.variantsHint')}</p>
            <VariantTabs content={content} selected={selected} onChoice={setChoice} readOnly={!editable} />
          </section>
          <ScheduleCard
            post={post}
            isNew={isNew}
            canWrite={can(user, 'publishing.write')}
            accountIds={selected.map((s) => s.account.id)}
            onScheduleNew={async (at) => {
              scheduleForNew.current = at;
              const v = await doSave(true);
              return v !== null;
            }}
          />
        </div>
        <aside className="composer__side" aria-label={t('publishing.composer.side')}>
          <section className="card" aria-labelledby="composer-status">
            <h2 id="composer-status" className="card__heading">
              {t('publishing.composer.status')}
            </h2>
            {post ? (
              <>
                <p className="composer__status">
                  <PostStatusBadge status={post.status} />
                  <span className="small">{t('publishing.versionN', { n: post.currentVersion })}</span>
                  {post.approvedVersion ? <span className="small">{t('publishing.approvedVersion', { n: post.approvedVersion })}</span> : null}
                </p>
                {post.problems.length && ['draft', 'perlu_revisi', 'kedaluwarsa'].includes(post.status) ? (
                  <div className="problems">
                    <p className="small">
                      <strong>{t('publishing.problems.title')}</strong>
                    </p>
                    <ul>
                      {post.problems.map((p, i) => (
                        <li key={i}>{p.message[i18n.language === 'en' ? 'en' : 'id']}</li>
                      ))}
                    </ul>
                  </div>
                ) : null}
                <PostActions post={post} beforeAction={() => doSave()} />
                <h3 className="card__subheading">{t('publishing.chain.title')}</h3>
                <ApprovalChain post={post} />
              </>
            ) : (
              <p className="muted">{t('publishing.composer.notSavedYet')}</p>
            )}
          </section>
          <section className="card coach-card" aria-labelledby="composer-coach">
            <h2 id="composer-coach" className="card__heading">
              {t('publishing.composer.coach')}
            </h2>
            <CoachPanel input={coachInput} onSelectSpan={selectSpan} />
          </section>
          {post?.publications.length ? (
            <section className="card" aria-labelledby="composer-publications">
              <h2 id="composer-publications" className="card__heading">
                {t('publishing.composer.publications')}
              </h2>
              <Publications post={post} />
            </section>
          ) : null}
          {post ? (
            <>
              <section className="card" aria-labelledby="composer-reviews">
                <h2 id="composer-reviews" className="card__heading">
                  {t('publishing.composer.reviews')}
                </h2>
                <Reviews post={post} />
              </section>
              <section className="card" aria-labelledby="composer-history">
                <h2 id="composer-history" className="card__heading">
                  {t('publishing.composer.history')}
                </h2>
                <VersionHistory post={post} />
              </section>
            </>
          ) : null}
        </aside>
      </div>
    </Page>
  );
}

function PostIntro({ post }: { post: PostDetail }) {
  const { t } = useTranslation();
  return (
    <>
      {post.orgCode} · {t('publishing.createdAt')} <DateTime value={post.createdAt} />
      {post.scheduledAt ? (
        <>
          {' '}
          · {t('publishing.scheduledFor')} <DateTime value={post.scheduledAt} />
        </>
      ) : null}
    </>
  );
}

/** The autosave state, announced politely; a failure says why and offers to try again. */
function AutosaveStatus({ save, editable, onRetry }: { save: SaveState; editable: boolean; onRetry: () => void }) {
  const { t, i18n } = useTranslation();
  if (!editable) return null;
  const text =
    save.kind === 'dirty'
      ? t('publishing.autosave.dirty')
      : save.kind === 'saving'
        ? t('publishing.autosave.saving')
        : save.kind === 'saved'
          ? t('publishing.autosave.saved', { when: formatDateTime(save.at, i18n.language), version: save.version })
          : save.kind === 'error'
            ? t('publishing.autosave.failed', { message: save.message })
            : save.kind === 'stale'
              ? t('publishing.autosave.staleShort')
              : t('publishing.autosave.idle');
  return (
    <div className="autosave">
      <p role="status" aria-live="polite" className={`autosave__text autosave__text--${save.kind}`}>
        {text}
      </p>
      {save.kind === 'error' ? (
        <Button className="btn btn--secondary btn--small" onPress={onRetry}>
          {t('common.retry')}
        </Button>
      ) : null}
    </div>
  );
}

function ScheduleCard({ post, isNew, canWrite, accountIds, onScheduleNew }: { post: PostDetail | undefined; isNew: boolean; canWrite: boolean; accountIds: string[]; onScheduleNew: (at: string) => Promise<boolean> }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(toWibInput(post?.scheduledAt));
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    setValue(toWibInput(post?.scheduledAt));
    // only when the server's schedule changes
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [post?.scheduledAt]);
  const canSchedule = isNew ? canWrite : !!post?.allowedActions.includes('schedule');
  const canUnschedule = !!post?.scheduledAt && !!post.allowedActions.includes('unschedule');
  const mutation = useMutation({
    mutationFn: async (at: string | null) => {
      if (isNew || !post) {
        if (at && !(await onScheduleNew(at))) throw new Error(t('publishing.autosave.saveFirst'));
        return;
      }
      await schedulePost(post.id, at);
    },
    onSuccess: (_r, at) => {
      toast.success(at ? t('publishing.schedule.set') : t('publishing.schedule.cleared'));
      if (post) void invalidatePublishing(queryClient, post.id);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const at = fromWibInput(value);
    setInvalid(!at);
    if (at) mutation.mutate(at);
  };
  const hints = useQueries({ queries: accountIds.map((id) => ({ ...bestTimesQuery(id), enabled: canSchedule })) });
  const platformName = usePlatformName();
  const withData = hints.flatMap((h) => (h.data?.enoughData && h.data.bestHours.length ? [h.data] : []));
  return (
    <section className="card" aria-labelledby="composer-schedule">
      <h2 id="composer-schedule" className="card__heading">
        {t('publishing.schedule.title')}
      </h2>
      <p>
        {post?.scheduledAt ? (
          <>
            {t('publishing.scheduledFor')} <DateTime value={post.scheduledAt} />
          </>
        ) : (
          t('publishing.notScheduled')
        )}
      </p>
      {canSchedule ? (
        <Form onSubmit={submit} className="form schedule-form">
          <WibDateTimeField id="schedule-when" label={t('publishing.schedule.field')} value={value} onChange={setValue} invalid={invalid} extraDescribedBy="schedule-best" />
          <div id="schedule-best" className="field__hint">
            {withData.length ? (
              <ul className="best-times">
                {withData.map((b) => (
                  <li key={b.accountId}>
                    {t('publishing.schedule.best', { platform: platformName(b.platform), hours: b.bestHours.map((h) => `${String(h.hourWib).padStart(2, '0')}.00`).join(', '), count: b.publications })}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
          <FormAlert message={invalid ? t('publishing.schedule.invalid') : mutation.error ? errorMessage(mutation.error) : null} />
          <div className="button-row">
            <PendingButton type="submit" className="btn btn--primary" isPending={mutation.isPending && mutation.variables !== null}>
              {t('publishing.schedule.save')}
            </PendingButton>
            {canUnschedule ? (
              <PendingButton className="btn btn--secondary" isPending={mutation.isPending && mutation.variables === null} onPress={() => mutation.mutate(null)}>
                {t('publishing.schedule.clear')}
              </PendingButton>
            ) : null}
          </div>
        </Form>
      ) : null}
    </section>
  );
}
