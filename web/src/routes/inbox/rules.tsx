// Aturan penerusan (/kotak-masuk/aturan): Kominfotik's routing rules, evaluated in order before the
// classifier's route (src/modules/inbox/rules.ts). Province roles read them and use the test box;
// province admins (inbox.rules) add, change, reorder and delete them. See docs/ui.md#aturan-penerusan.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useState, type FormEvent } from 'react';
import { Button, Checkbox, CheckboxGroup, Form, Label } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client.ts';
import { createRule, deleteRule, testRules, updateRule } from '../../api/endpoints.ts';
import { assigneesQuery, channelAccountsQuery, orgsQuery, rulesQuery } from '../../api/queries.ts';
import { CHANNEL_PLATFORMS, INTENTS, URGENCIES, type RoutingRule, type RuleInput, type RuleTest } from '../../api/types.ts';
import { useUser } from '../../auth/session.ts';
import { ConfirmDialog, ModalDialog } from '../../components/dialogs.tsx';
import { ComboField, SelectField, TextAreaInput, TextInput } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { PendingButton } from '../../components/pending-button.tsx';
import { EmptyState, ErrorState, FormAlert, Loading } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { parseWordList, percent } from '../../lib/inbox.ts';
import { can } from '../../lib/permissions.ts';
import { useIsNarrow } from '../../lib/use-media-query.ts';
import { RequirePermission } from '../app-layout.tsx';
import { usePlatformName } from '../channels/shared.tsx';

export function RulesPage() {
  return (
    <RequirePermission permission="inbox.triage">
      <RulesContent />
    </RequirePermission>
  );
}

type Editing = { mode: 'new' } | { mode: 'edit'; rule: RoutingRule } | null;

function RulesContent() {
  const { t } = useTranslation();
  const me = useUser();
  const manage = can(me, 'inbox.rules');
  const narrow = useIsNarrow();
  const rules = useQuery(rulesQuery());
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<RoutingRule | null>(null);
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (r: RoutingRule) => deleteRule(r.id),
    onSuccess: async (_v, r) => {
      toast.success(t('rules.deleted', { name: r.name }));
      setDeleting(null);
      await queryClient.invalidateQueries({ queryKey: ['rules'] });
    },
  });
  const items = rules.data?.items ?? [];
  const onEdit = (rule: RoutingRule) => setEditing({ mode: 'edit', rule });
  const onDelete = (rule: RoutingRule) => {
    remove.reset();
    setDeleting(rule);
  };

  return (
    <Page
      title={t('rules.title')}
      intro={t('rules.intro')}
      width="wide"
      before={
        <p className="back-link">
          <Link to="/kotak-masuk" search={{}}>
            <span aria-hidden="true">←</span> {t('inbox.canned.back')}
          </Link>
        </p>
      }
      actions={
        manage ? (
          <Button className="btn btn--primary" onPress={() => setEditing({ mode: 'new' })}>
            {t('rules.create')}
          </Button>
        ) : undefined
      }
    >
      {!manage ? <p className="muted small">{t('rules.readOnly')}</p> : null}
      <TestBox />
      <h2>{t('rules.listTitle')}</h2>
      <p className="results-count" role="status">
        {rules.data ? t('rules.count', { count: items.length }) : ''}
      </p>
      {rules.isPending ? (
        <Loading />
      ) : rules.isError ? (
        <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>{t('rules.empty')}</EmptyState>
      ) : narrow ? (
        <RuleCards items={items} manage={manage} onEdit={onEdit} onDelete={onDelete} />
      ) : (
        <RuleTable items={items} manage={manage} onEdit={onEdit} onDelete={onDelete} />
      )}
      {manage ? <RuleDialog editing={editing} onClose={() => setEditing(null)} /> : null}
      <ConfirmDialog
        title={t('rules.deleteTitle')}
        body={<p>{t('rules.deleteBody', { name: deleting?.name ?? '' })}</p>}
        confirmLabel={t('rules.delete')}
        tone="danger"
        isOpen={deleting !== null}
        isPending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onOpenChange={(v) => (!v ? setDeleting(null) : undefined)}
      />
    </Page>
  );
}

/** The rule's conditions and actions in words. */
function useRuleWords() {
  const { t } = useTranslation();
  const platformName = usePlatformName();
  return {
    match: (r: RoutingRule): string[] => [
      ...(r.match.platform ? [t('rules.words.platform', { platform: platformName(r.match.platform) })] : []),
      ...(r.match.accountId ? [t('rules.words.account')] : []),
      ...(r.match.keywords.length ? [t('rules.words.keywords', { list: r.match.keywords.join(', ') })] : []),
      ...(r.match.intents.length ? [t('rules.words.intents', { list: r.match.intents.map((i) => t(`inbox.intent.${i}` as 'inbox.intent.complaint')).join(', ') })] : []),
      ...(r.match.locations.length ? [t('rules.words.locations', { list: r.match.locations.join(', ') })] : []),
    ],
    action: (a: RoutingRule['action']): string[] => [
      ...(a.routeOrgCode ? [t('rules.words.route', { org: a.routeOrgCode })] : []),
      ...(a.assigneeId ? [t('rules.words.assign')] : []),
      ...(a.label ? [t('rules.words.label', { label: a.label })] : []),
      ...(a.urgency ? [t('rules.words.urgency', { urgency: t(`inbox.urgency.${a.urgency}`) })] : []),
    ],
  };
}

type ListProps = { items: RoutingRule[]; manage: boolean; onEdit: (r: RoutingRule) => void; onDelete: (r: RoutingRule) => void };

function RowButtons({ rule, onEdit, onDelete }: { rule: RoutingRule; onEdit: (r: RoutingRule) => void; onDelete: (r: RoutingRule) => void }) {
  const { t } = useTranslation();
  return (
    <span className="button-row">
      <Button className="btn btn--secondary btn--small" onPress={() => onEdit(rule)}>
        <span aria-hidden="true">{t('rules.edit')}</span>
        <span className="visually-hidden">{t('rules.editLabel', { name: rule.name })}</span>
      </Button>
      <Button className="btn btn--ghost btn--small btn--danger-text" onPress={() => onDelete(rule)}>
        <span aria-hidden="true">{t('rules.delete')}</span>
        <span className="visually-hidden">{t('rules.deleteLabel', { name: rule.name })}</span>
      </Button>
    </span>
  );
}

function RuleTable({ items, manage, onEdit, onDelete }: ListProps) {
  const { t } = useTranslation();
  const words = useRuleWords();
  return (
    <div className="table-wrap">
      <table className="table rules-table">
        <caption className="visually-hidden">{t('rules.listTitle')}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              {t('rules.position')}
            </th>
            <th scope="col">{t('rules.name')}</th>
            <th scope="col">{t('rules.when')}</th>
            <th scope="col">{t('rules.then')}</th>
            <th scope="col">{t('rules.state')}</th>
            {manage ? <th scope="col">{t('common.actions')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id}>
              <td className="num">{r.position}</td>
              <th scope="row">{r.name}</th>
              <td>{words.match(r).join('; ')}</td>
              <td>{words.action(r.action).join('; ')}</td>
              <td>{r.enabled ? t('rules.enabled') : <span className="badge">{t('rules.disabled')}</span>}</td>
              {manage ? (
                <td>
                  <RowButtons rule={r} onEdit={onEdit} onDelete={onDelete} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RuleCards({ items, manage, onEdit, onDelete }: ListProps) {
  const { t } = useTranslation();
  const words = useRuleWords();
  return (
    <ul className="card-list" aria-label={t('rules.listTitle')}>
      {items.map((r) => (
        <li key={r.id} className="card card--item">
          <h3 className="card__title">
            {r.position}. {r.name}
          </h3>
          <dl className="card__meta">
            <div className="card__meta-wide">
              <dt>{t('rules.when')}</dt>
              <dd>{words.match(r).join('; ')}</dd>
            </div>
            <div className="card__meta-wide">
              <dt>{t('rules.then')}</dt>
              <dd>{words.action(r.action).join('; ')}</dd>
            </div>
            <div>
              <dt>{t('rules.state')}</dt>
              <dd>{r.enabled ? t('rules.enabled') : t('rules.disabled')}</dd>
            </div>
          </dl>
          {manage ? (
            <div className="card__actions">
              <RowButtons rule={r} onEdit={onEdit} onDelete={onDelete} />
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

// ── the test box: which rule fires for a sample text ────────────────
function TestBox() {
  const { t } = useTranslation();
  const platformName = usePlatformName();
  const words = useRuleWords();
  const [text, setText] = useState('');
  const [platform, setPlatform] = useState('any');
  const m = useMutation({ mutationFn: () => testRules({ text: text.trim(), ...(platform !== 'any' ? { platform } : {}) }) });
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!text.trim() || m.isPending) return;
    m.mutate();
  };
  return (
    <section className="card rules-test" aria-labelledby="rules-test-heading">
      <h2 id="rules-test-heading">{t('rules.test.title')}</h2>
      <p className="small muted">{t('rules.test.intro')}</p>
      <Form className="form" onSubmit={onSubmit}>
        <FormAlert message={m.isError ? errorMessage(m.error) : null} />
        <TextAreaInput label={t('rules.test.text')} name="text" value={text} onChange={setText} isRequired rows={3} maxLength={4000} />
        <SelectField label={t('rules.test.platform')} items={[{ id: 'any', label: t('rules.test.platformDefault') }, ...CHANNEL_PLATFORMS.map((p) => ({ id: p, label: platformName(p) }))]} value={platform} onChange={setPlatform} />
        <div className="form__actions">
          <PendingButton type="submit" className="btn btn--primary" isPending={m.isPending}>
            {m.isPending ? t('common.loading') : t('rules.test.submit')}
          </PendingButton>
        </div>
      </Form>
      <div role="status" aria-live="polite">
        {m.data ? <TestResult result={m.data} words={words} /> : null}
      </div>
    </section>
  );
}

function TestResult({ result, words }: { result: RuleTest; words: ReturnType<typeof useRuleWords> }) {
  const { t } = useTranslation();
  const c = result.classifier;
  return (
    <div className="rules-test__result">
      {result.rule ? (
        <p className="alert alert--info">
          <strong>{t('rules.test.fires', { name: result.rule.name })}</strong> {words.action(result.rule.action).join('; ')}
        </p>
      ) : (
        <p className="alert alert--info">{t('rules.test.none')}</p>
      )}
      <p className="small">
        {t('rules.test.classifier', {
          intent: t(`inbox.intent.${c.intent}` as 'inbox.intent.complaint'),
          route: c.route ?? '—',
          confidence: percent(c.confidence) ?? '—',
        })}{' '}
        {c.needsTriage ? t('rules.test.triage') : null}
      </p>
    </div>
  );
}

// ── create / edit ───────────────────────────────────────────────────
function RuleDialog({ editing, onClose }: { editing: Editing; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const platformName = usePlatformName();
  const isOpen = editing !== null;
  const orgs = useQuery({ ...orgsQuery({}), enabled: isOpen });
  const accounts = useQuery({ ...channelAccountsQuery(undefined), enabled: isOpen });
  const [name, setName] = useState('');
  const [position, setPosition] = useState('');
  const [enabled, setEnabled] = useState(true);
  const [platform, setPlatform] = useState('any');
  const [accountId, setAccountId] = useState<string | null>(null);
  const [keywords, setKeywords] = useState('');
  const [intents, setIntents] = useState<string[]>([]);
  const [locations, setLocations] = useState('');
  const [routeOrg, setRouteOrg] = useState<string | null>(null);
  const [assigneeId, setAssigneeId] = useState('none');
  const [label, setLabel] = useState('');
  const [urgency, setUrgency] = useState('none');
  const routeOrgId = orgs.data?.items.find((o) => o.code === routeOrg)?.id;
  const assignees = useQuery({ ...assigneesQuery(routeOrgId), enabled: isOpen && !!routeOrgId });

  useEffect(() => {
    const r = editing?.mode === 'edit' ? editing.rule : null;
    setName(r?.name ?? '');
    setPosition(r ? String(r.position) : '');
    setEnabled(r?.enabled ?? true);
    setPlatform(r?.match.platform ?? 'any');
    setAccountId(r?.match.accountId ?? null);
    setKeywords(r?.match.keywords.join(', ') ?? '');
    setIntents(r?.match.intents ?? []);
    setLocations(r?.match.locations.join(', ') ?? '');
    setRouteOrg(r?.action.routeOrgCode ?? null);
    setAssigneeId(r?.action.assigneeId ?? 'none');
    setLabel(r?.action.label ?? '');
    setUrgency(r?.action.urgency ?? 'none');
    m.reset();
  }, [editing]);

  const body = (): RuleInput => ({
    name: name.trim(),
    enabled,
    ...(position.trim() ? { position: Number(position.trim()) } : {}),
    match: {
      platform: platform === 'any' ? null : platform,
      accountId,
      keywords: parseWordList(keywords),
      intents,
      locations: parseWordList(locations),
    },
    action: {
      routeOrgCode: routeOrg,
      assigneeId: assigneeId === 'none' ? null : assigneeId,
      label: label.trim() || null,
      urgency: urgency === 'none' ? null : (urgency as 'high' | 'medium' | 'low'),
    },
  });
  const m = useMutation({
    mutationFn: () => (editing?.mode === 'edit' ? updateRule(editing.rule.id, body()) : createRule(body())),
    onSuccess: async () => {
      toast.success(t('rules.saved', { name: name.trim() }));
      onClose();
      await queryClient.invalidateQueries({ queryKey: ['rules'] });
    },
  });
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (m.isPending || !name.trim()) return;
    m.mutate();
  };
  const none = (l: string) => ({ id: 'none', label: l });
  return (
    <ModalDialog title={editing?.mode === 'edit' ? t('rules.editTitle') : t('rules.createTitle')} isOpen={isOpen} onOpenChange={(v) => (!v ? onClose() : undefined)} isDismissable={!m.isPending}>
      <Form className="form" onSubmit={onSubmit} validationErrors={m.error instanceof ApiError ? m.error.fieldErrors() : {}}>
        <FormAlert message={m.isError ? errorMessage(m.error) : null} />
        <TextInput label={t('rules.name')} name="name" value={name} onChange={setName} isRequired autoFocus />
        <TextInput
          label={t('rules.position')}
          name="position"
          value={position}
          onChange={setPosition}
          description={t('rules.positionHint')}
          validate={(v) => (v.trim() && !/^\d{1,6}$/.test(v.trim()) ? t('rules.positionInvalid') : null)}
        />
        <Checkbox className="checkbox" isSelected={enabled} onChange={setEnabled}>
          <span className="checkbox__box" aria-hidden="true" />
          <span className="checkbox__label">{t('rules.enabledField')}</span>
        </Checkbox>
        <fieldset className="rules-fieldset">
          <legend>{t('rules.when')}</legend>
          <p className="small muted">{t('rules.whenHint')}</p>
          <SelectField label={t('rules.platform')} items={[{ id: 'any', label: t('rules.any') }, ...CHANNEL_PLATFORMS.map((p) => ({ id: p, label: platformName(p) }))]} value={platform} onChange={setPlatform} />
          <ComboField
            label={t('rules.account')}
            items={(accounts.data?.items ?? []).filter((a) => a.status !== 'disconnected').map((a) => ({ id: a.id, label: `${platformName(a.platform)} · ${a.name} (${a.orgCode})` }))}
            value={accountId}
            onChange={setAccountId}
            description={t('rules.accountHint')}
            isDisabled={!accounts.data}
          />
          <TextInput label={t('rules.keywords')} name="keywords" value={keywords} onChange={setKeywords} description={t('rules.listHint')} />
          <CheckboxGroup className="checkbox-group" value={intents} onChange={setIntents}>
            <Label className="field__label">{t('rules.intents')}</Label>
            {INTENTS.map((i) => (
              <Checkbox key={i} value={i} className="checkbox">
                <span className="checkbox__box" aria-hidden="true" />
                <span className="checkbox__label">{t(`inbox.intent.${i}`)}</span>
              </Checkbox>
            ))}
          </CheckboxGroup>
          <TextInput label={t('rules.locations')} name="locations" value={locations} onChange={setLocations} description={t('rules.locationsHint')} />
        </fieldset>
        <fieldset className="rules-fieldset">
          <legend>{t('rules.then')}</legend>
          <p className="small muted">{t('rules.thenHint')}</p>
          <ComboField
            label={t('rules.route')}
            items={(orgs.data?.items ?? []).filter((o) => o.kind !== 'province' && o.active).map((o) => ({ id: o.code, label: `${o.code} · ${o.name}` }))}
            value={routeOrg}
            onChange={(v) => {
              setRouteOrg(v);
              setAssigneeId('none');
            }}
            // Typing before the list arrived would find nothing: wait for it.
            isDisabled={!orgs.data}
          />
          {routeOrgId ? (
            <SelectField
              label={t('rules.assignee')}
              items={[none(t('inbox.unassigned')), ...(assignees.data?.items ?? []).map((u) => ({ id: u.id, label: `${u.name} (${u.orgCode})` }))]}
              value={assigneeId}
              onChange={setAssigneeId}
            />
          ) : null}
          <TextInput label={t('rules.label')} name="label" value={label} onChange={setLabel} description={t('rules.labelHint')} />
          <SelectField label={t('rules.urgency')} items={[none(t('rules.keepUrgency')), ...URGENCIES.map((u) => ({ id: u, label: t(`inbox.urgency.${u}`) }))]} value={urgency} onChange={setUrgency} />
        </fieldset>
        <div className="dialog__actions">
          <Button className="btn btn--secondary" slot="close" isDisabled={m.isPending}>
            {t('common.cancel')}
          </Button>
          <PendingButton type="submit" className="btn btn--primary" isPending={m.isPending}>
            {m.isPending ? t('common.saving') : t('common.save')}
          </PendingButton>
        </div>
      </Form>
    </ModalDialog>
  );
}
