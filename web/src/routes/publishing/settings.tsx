// /publikasi/pengaturan: an OPD's approval chain (one or two levels inside the OPD; categories that
// also need Kominfotik's review). OPD heads and province admins change it (publishing.settings).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState, type FormEvent } from 'react';
import { Checkbox, CheckboxGroup, Form, Label, Radio, RadioGroup, Text } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client.ts';
import { putSettings, settingsQuery, type ChainSettings } from '../../api/publishing.ts';
import { orgsQuery } from '../../api/queries.ts';
import { useUser } from '../../auth/session.ts';
import { SelectField } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { PendingButton } from '../../components/pending-button.tsx';
import { ErrorState, FormAlert, Loading } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { can, isProvinceRole } from '../../lib/permissions.ts';
import { POST_CATEGORIES } from '../../lib/publishing.ts';
import { Forbidden } from '../app-layout.tsx';
import { PublishingNav, useCategoryLabel } from './shared.tsx';

export type SettingsSearch = { opd?: string };

export function PublishingSettingsPage({ coachSettingsPath }: { coachSettingsPath?: string | undefined }) {
  const user = useUser();
  if (!can(user, 'publishing.read')) return <Forbidden />;
  return <Settings coachSettingsPath={coachSettingsPath} />;
}

function Settings({ coachSettingsPath }: { coachSettingsPath?: string | undefined }) {
  const { t } = useTranslation();
  const user = useUser();
  const search = useSearch({ from: '/app/publikasi/pengaturan' });
  const navigate = useNavigate();
  const province = isProvinceRole(user.role);
  const orgs = useQuery({ ...orgsQuery({}), enabled: province });
  const orgId = province ? search.opd : user.orgId;
  return (
    <Page title={t('publishing.settings.title')} intro={t('publishing.settings.intro')}>
      <PublishingNav current="settings" />
      {province ? (
        <SelectField
          label={t('publishing.settings.org')}
          items={(orgs.data?.items ?? []).filter((o) => o.kind !== 'province').map((o) => ({ id: o.id, label: `${o.code} · ${o.name}` }))}
          value={search.opd ?? null}
          onChange={(v) => void navigate({ to: '/publikasi/pengaturan', search: { opd: v }, replace: true })}
        />
      ) : null}
      {orgId ? <ChainForm key={orgId} orgId={orgId} /> : <p className="muted">{t('publishing.settings.chooseOrg')}</p>}
      {/* the coach's rules are province-wide: only province admins tune them */}
      {coachSettingsPath && can(user, 'publishing.settings') && province ? (
        <section className="card" aria-labelledby="coach-settings-link">
          <h2 id="coach-settings-link" className="card__heading">
            {t('publishing.settings.coachTitle')}
          </h2>
          <p>{t('publishing.settings.coachText')}</p>
          <p>
            <Link to={coachSettingsPath}>{t('publishing.settings.coachLink')}</Link>
          </p>
        </section>
      ) : null}
    </Page>
  );
}

function ChainForm({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const queryClient = useQueryClient();
  const categoryLabel = useCategoryLabel();
  const q = useQuery(settingsQuery(orgId));
  const [levels, setLevels] = useState<'1' | '2'>('1');
  const [review, setReview] = useState<string[]>([]);
  useEffect(() => {
    if (!q.data) return;
    setLevels(String(q.data.approvalLevels) as '1' | '2');
    setReview(q.data.provinceReviewCategories);
  }, [q.data]);
  const save = useMutation({
    mutationFn: () => putSettings(orgId, { approvalLevels: levels === '2' ? 2 : 1, provinceReviewCategories: review }),
    onSuccess: (data: ChainSettings) => {
      queryClient.setQueryData(settingsQuery(orgId).queryKey, data);
      toast.success(t('publishing.settings.saved'));
    },
  });
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const editable = q.data.canEdit && can(user, 'publishing.settings');
  const categories = [...new Set([...POST_CATEGORIES, ...review])];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <section className="card" aria-labelledby="chain-title">
      <h2 id="chain-title" className="card__heading">
        {t('publishing.settings.chainTitle')}
      </h2>
      {!editable ? <p className="alert alert--info">{t('publishing.settings.readOnly')}</p> : null}
      <Form onSubmit={submit} className="form">
        <RadioGroup className="radio-group" value={levels} onChange={(v) => setLevels(v === '2' ? '2' : '1')} isDisabled={!editable}>
          <Label className="field__label">{t('publishing.settings.levels')}</Label>
          <Radio value="1" className="radio">
            {t('publishing.settings.level1')}
          </Radio>
          <Radio value="2" className="radio">
            {t('publishing.settings.level2')}
          </Radio>
        </RadioGroup>
        <CheckboxGroup className="checkbox-group" value={review} onChange={setReview} isDisabled={!editable}>
          <Label className="field__label">{t('publishing.settings.review')}</Label>
          <Text slot="description" className="field__hint">
            {t('publishing.settings.reviewHint')}
          </Text>
          {categories.map((c) => (
            <Checkbox key={c} value={c} className="checkbox">
              <span className="checkbox__box" aria-hidden="true" />
              <span className="checkbox__label">{categoryLabel(c)}</span>
            </Checkbox>
          ))}
        </CheckboxGroup>
        <FormAlert message={save.error ? errorMessage(save.error) : null} />
        {editable ? (
          <div className="form__actions">
            <PendingButton type="submit" className="btn btn--primary" isPending={save.isPending}>
              {save.isPending ? t('common.saving') : t('common.save')}
            </PendingButton>
          </div>
        ) : null}
      </Form>
    </section>
  );
}
