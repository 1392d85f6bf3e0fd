// /publikasi/kampanye: campaigns (narasi tunggal). Kominfotik creates them (key message, hashtags,
// target OPDs, window); each target OPD sees its task.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useMemo, useState, type FormEvent } from 'react';
import { Button, Checkbox, CheckboxGroup, Form, Label, Text } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client.ts';
import { campaignsQuery, createCampaign, type MediaRef } from '../../api/publishing.ts';
import { orgsQuery } from '../../api/queries.ts';
import { useUser } from '../../auth/session.ts';
import { DateTime } from '../../components/date-time.tsx';
import { TextAreaInput, TextInput } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { PendingButton } from '../../components/pending-button.tsx';
import { EmptyState, ErrorState, FormAlert, Loading } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { WibDateTimeField } from '../../components/wib-date-time.tsx';
import { MediaEditor } from './composer-media.tsx';
import { can, isProvinceRole } from '../../lib/permissions.ts';
import { fromWibInput } from '../../lib/publishing.ts';
import { Forbidden } from '../app-layout.tsx';
import { PublishingNav, TaskStatusBadge } from './shared.tsx';

export function CampaignsPage() {
  const user = useUser();
  if (!can(user, 'publishing.read')) return <Forbidden />;
  return <Campaigns />;
}

function Campaigns() {
  const { t } = useTranslation();
  const user = useUser();
  const list = useQuery(campaignsQuery());
  const [creating, setCreating] = useState(false);
  const manage = can(user, 'campaigns.manage');
  const now = Date.now();
  return (
    <Page
      title={t('publishing.campaigns.title')}
      intro={t('publishing.campaigns.intro')}
      width="wide"
      actions={
        manage && !creating ? (
          <Button className="btn btn--primary" onPress={() => setCreating(true)}>
            {t('publishing.campaigns.create')}
          </Button>
        ) : null
      }
    >
      <PublishingNav current="campaigns" />
      {creating ? <CreateCampaign onDone={() => setCreating(false)} /> : null}
      {list.isPending ? <Loading /> : null}
      {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && !list.data.items.length ? <EmptyState>{t('publishing.campaigns.empty')}</EmptyState> : null}
      {list.data?.items.length ? (
        <ul className="card-list" aria-label={t('publishing.campaigns.listLabel')}>
          {list.data.items.map((c) => {
            const state = new Date(c.endsAt).getTime() <= now || c.status === 'closed' ? 'closed' : new Date(c.startsAt).getTime() > now ? 'upcoming' : 'running';
            return (
              <li key={c.id} className="card card--item">
                <h2 className="card__title">
                  <Link to="/publikasi/kampanye/$campaignId" params={{ campaignId: c.id }}>
                    {c.title}
                  </Link>
                </h2>
                <p className="prewrap small">{c.keyMessage}</p>
                <dl className="card__meta">
                  <div className="card__meta-wide">
                    <dt>{t('publishing.campaigns.window')}</dt>
                    <dd>
                      <DateTime value={c.startsAt} /> – <DateTime value={c.endsAt} />
                    </dd>
                  </div>
                  <div>
                    <dt>{t('publishing.campaigns.state')}</dt>
                    <dd>{t(`publishing.campaigns.states.${state}`)}</dd>
                  </div>
                  <div>
                    <dt>{t('publishing.campaigns.amplified')}</dt>
                    <dd>{t('publishing.campaigns.amplifiedOf', { amplified: c.amplified, targets: c.targets })}</dd>
                  </div>
                  {c.myTask ? (
                    <div>
                      <dt>{t('publishing.campaigns.myTask')}</dt>
                      <dd>
                        <TaskStatusBadge status={c.myTask.status} />
                      </dd>
                    </div>
                  ) : null}
                  {c.hashtags.length ? (
                    <div>
                      <dt>{t('publishing.campaigns.hashtags')}</dt>
                      <dd>{c.hashtags.map((h) => `#${h}`).join(' ')}</dd>
                    </div>
                  ) : null}
                </dl>
              </li>
            );
          })}
        </ul>
      ) : null}
      {!isProvinceRole(user.role) ? <p className="small muted">{t('publishing.campaigns.opdNote')}</p> : null}
    </Page>
  );
}

function CreateCampaign({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const orgs = useQuery(orgsQuery({}));
  const opds = useMemo(() => (orgs.data?.items ?? []).filter((o) => o.kind !== 'province' && o.active), [orgs.data]);
  const [title, setTitle] = useState('');
  const [keyMessage, setKeyMessage] = useState('');
  const [tags, setTags] = useState('');
  const [targets, setTargets] = useState<string[]>([]);
  const [filter, setFilter] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [assets, setAssets] = useState<MediaRef[]>([]);
  const [error, setError] = useState<string | null>(null);
  const shown = opds.filter((o) => !filter.trim() || `${o.code} ${o.name}`.toLowerCase().includes(filter.trim().toLowerCase()));

  const mutation = useMutation({
    mutationFn: () => {
      const from = fromWibInput(startsAt);
      const to = fromWibInput(endsAt);
      if (!from || !to) throw new Error(t('publishing.campaigns.windowInvalid'));
      if (!targets.length) throw new Error(t('publishing.campaigns.targetsRequired'));
      const hashtags = tags
        .split(/[\s,]+/)
        .map((h) => h.replace(/^#+/, '').trim())
        .filter(Boolean);
      if (assets.some((a) => a.kind === 'image' && !a.altText.trim())) throw new Error(t('publishing.campaigns.assetsAltMissing'));
      return createCampaign({ title: title.trim(), keyMessage: keyMessage.trim(), hashtags, assets: assets.map((a) => ({ mediaId: a.mediaId, altText: a.altText.trim() })), targetOrgIds: targets, startsAt: from, endsAt: to });
    },
    onSuccess: (res) => {
      toast.success(t('publishing.campaigns.created'));
      void queryClient.invalidateQueries({ queryKey: ['publishing', 'campaigns'] });
      onDone();
      void navigate({ to: '/publikasi/kampanye/$campaignId', params: { campaignId: res.id } });
    },
    onError: (err) => setError(err instanceof ApiError ? err.message : errorMessage(err)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    mutation.mutate();
  };

  return (
    <section className="card campaign-form" aria-labelledby="campaign-form-title">
      <h2 id="campaign-form-title" className="card__heading">
        {t('publishing.campaigns.create')}
      </h2>
      <Form onSubmit={submit} className="form">
        <TextInput label={t('publishing.campaigns.fields.title')} name="title" value={title} onChange={setTitle} isRequired validate={(v) => (v.trim().length < 3 ? t('publishing.campaigns.fields.titleShort') : null)} />
        <TextAreaInput label={t('publishing.campaigns.fields.keyMessage')} name="keyMessage" value={keyMessage} onChange={setKeyMessage} isRequired minLength={10} rows={4} description={t('publishing.campaigns.fields.keyMessageHint')} />
        <TextInput label={t('publishing.campaigns.fields.hashtags')} name="hashtags" value={tags} onChange={setTags} description={t('publishing.campaigns.fields.hashtagsHint')} />
        <fieldset className="campaign-assets">
          <legend className="field__label">{t('publishing.campaigns.fields.assets')}</legend>
          <p className="field__hint">{t('publishing.campaigns.fields.assetsHint')}</p>
          <MediaEditor media={assets} onChange={setAssets} readOnly={false} />
        </fieldset>
        <div className="form__row">
          <WibDateTimeField id="campaign-start" label={t('publishing.campaigns.fields.startsAt')} value={startsAt} onChange={setStartsAt} required />
          <WibDateTimeField id="campaign-end" label={t('publishing.campaigns.fields.endsAt')} value={endsAt} onChange={setEndsAt} required />
        </div>
        <fieldset className="target-picker">
          <legend className="field__label">{t('publishing.campaigns.fields.targets')}</legend>
          <TextInput label={t('publishing.campaigns.fields.filterOrgs')} name="orgFilter" type="search" value={filter} onChange={setFilter} />
          <div className="button-row">
            <Button className="btn btn--secondary btn--small" onPress={() => setTargets((prev) => [...new Set([...prev, ...shown.map((o) => o.id)])])}>
              {t('publishing.campaigns.selectShown', { count: shown.length })}
            </Button>
            <Button className="btn btn--secondary btn--small" onPress={() => setTargets([])} isDisabled={!targets.length}>
              {t('publishing.campaigns.clearTargets')}
            </Button>
          </div>
          <p className="small" role="status">
            {t('publishing.campaigns.targetsChosen', { count: targets.length })}
          </p>
          {orgs.isPending ? <Loading /> : null}
          <CheckboxGroup className="checkbox-group target-picker__list" value={targets} onChange={setTargets} aria-label={t('publishing.campaigns.fields.targets')}>
            <Label className="visually-hidden">{t('publishing.campaigns.fields.targets')}</Label>
            <Text slot="description" className="visually-hidden">
              {t('publishing.campaigns.fields.targetsHint')}
            </Text>
            {shown.map((o) => (
              <Checkbox key={o.id} value={o.id} className="checkbox">
                <span className="checkbox__box" aria-hidden="true" />
                <span className="checkbox__label">
                  {o.code} · {o.name}
                </span>
              </Checkbox>
            ))}
          </CheckboxGroup>
        </fieldset>
        <FormAlert message={error} />
        <div className="form__actions">
          <PendingButton type="submit" className="btn btn--primary" isPending={mutation.isPending}>
            {mutation.isPending ? t('common.saving') : t('publishing.campaigns.createSubmit')}
          </PendingButton>
          <Button className="btn btn--secondary" onPress={onDone}>
            {t('common.cancel')}
          </Button>
        </div>
      </Form>
    </section>
  );
}
