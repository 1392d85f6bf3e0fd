// /publikasi/pelatih/pengaturan: province admins tune the content coach for every OPD: switch rules off,
// change their severity, set thresholds, add abbreviations (with their expansions), abbreviations readers
// know, and bureaucratic phrases with plainer alternatives. Saved changes apply to the next check at once
// and are recorded in the audit log.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Button, Checkbox, Form, Input, Label, NumberField, Text } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { coachSettingsQuery, putCoachSettings, type CoachRuleInfo, type CoachSettings, type CoachSettingsView, type CoachThresholds } from '../../api/coach.ts';
import { errorMessage } from '../../api/client.ts';
import { useUser } from '../../auth/session.ts';
import { DateTime } from '../../components/date-time.tsx';
import { TextAreaInput } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { PendingButton } from '../../components/pending-button.tsx';
import { ErrorState, FormAlert, Loading } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { formatAbbreviations, formatPhrases, parseAbbreviations, parseList, parsePhrases, rulesToSettings, settingsToRules, type RuleChoice } from '../../lib/coach.ts';
import { can, isProvinceRole } from '../../lib/permissions.ts';
import { Forbidden } from '../app-layout.tsx';
import './coach.css';

const GROUPS = ['readability', 'abbreviation', 'completeness', 'accessibility', 'safety', 'channel', 'campaign'] as const;
const THRESHOLDS = ['maxSentenceWords', 'maxAvgSentenceWords', 'maxAvgWordLetters', 'maxPassivesPerSentence', 'maxEmoji', 'maxConsecutiveEmoji', 'minAltTextChars', 'minCampaignOverlap', 'minWords'] as const;
type ThresholdKey = (typeof THRESHOLDS)[number];

export function CoachSettingsPage() {
  const user = useUser();
  // The coach's rules are the province's, the same for every OPD: only province admins tune them.
  if (!(can(user, 'publishing.settings') && isProvinceRole(user.role))) return <Forbidden />;
  return <CoachSettingsContent />;
}

function CoachSettingsContent() {
  const { t } = useTranslation();
  const q = useQuery(coachSettingsQuery());
  return (
    <Page
      title={t('coach.settings.title')}
      intro={t('coach.settings.intro')}
      width="wide"
      before={
        <p className="back-link">
          <Link to="/publikasi/pengaturan" search={{}}>
            <span aria-hidden="true">←</span> {t('coach.settings.back')}
          </Link>
        </p>
      }
    >
      {q.isPending ? <Loading /> : q.isError ? <ErrorState error={q.error} onRetry={() => void q.refetch()} /> : <SettingsForm key={q.data.version} view={q.data} />}
    </Page>
  );
}

function SettingsForm({ view }: { view: CoachSettingsView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'id';
  const queryClient = useQueryClient();
  const ids = useMemo(() => view.rules.map((r) => r.id), [view.rules]);
  const [rules, setRules] = useState<Record<string, RuleChoice>>(() => settingsToRules(ids, view.settings.rules));
  const [thresholds, setThresholds] = useState<CoachThresholds>(view.settings.thresholds);
  const [abbrText, setAbbrText] = useState(formatAbbreviations(view.settings.extraAbbreviations));
  const [allowedText, setAllowedText] = useState(view.settings.allowedAbbreviations.join(', '));
  const [phrasesText, setPhrasesText] = useState(formatPhrases(view.settings.extraPhrases));
  const [localError, setLocalError] = useState<string | null>(null);
  useEffect(() => setLocalError(null), [abbrText, phrasesText]);

  const save = useMutation({
    mutationFn: (settings: CoachSettings) => putCoachSettings(settings),
    onSuccess: async (data) => {
      toast.success(t('coach.settings.saved'));
      queryClient.setQueryData(coachSettingsQuery().queryKey, data);
      await queryClient.invalidateQueries({ queryKey: ['publishing', 'coach'] });
    },
  });

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (save.isPending) return;
    const abbr = parseAbbreviations(abbrText);
    const phrases = parsePhrases(phrasesText);
    const bad = [...abbr.errors.map((x) => t('coach.settings.badAbbreviation', { line: x.line, text: x.text })), ...phrases.errors.map((x) => t('coach.settings.badPhrase', { line: x.line, text: x.text }))];
    if (bad.length) {
      setLocalError(bad.join(' '));
      return;
    }
    const clean: CoachThresholds = {};
    for (const k of THRESHOLDS) if (typeof thresholds[k] === 'number' && !Number.isNaN(thresholds[k])) clean[k] = thresholds[k];
    save.mutate({ rules: rulesToSettings(rules), thresholds: clean, extraAbbreviations: abbr.items, allowedAbbreviations: parseList(allowedText), extraPhrases: phrases.items });
  };

  const resetAll = () => {
    setRules(settingsToRules(ids, {}));
    setThresholds({});
    setAbbrText('');
    setAllowedText('');
    setPhrasesText('');
  };

  const setRule = (id: string, patch: Partial<RuleChoice>) => setRules((r) => ({ ...r, [id]: { ...r[id]!, ...patch } }));

  return (
    <Form className="form" onSubmit={onSubmit}>
      <p className="small muted">
        {view.updatedBy ? (
          <>
            {t('coach.settings.updated', { name: view.updatedBy.name, version: view.version })} <DateTime value={view.updatedAt} />
          </>
        ) : (
          t('coach.settings.neverChanged')
        )}
      </p>
      <FormAlert message={localError ?? (save.isError ? errorMessage(save.error) : null)} />

      <section className="card" aria-labelledby="coach-rules">
        <h2 id="coach-rules" className="card__heading">
          {t('coach.settings.rulesTitle')}
        </h2>
        <p className="small muted">{t('coach.settings.rulesHelp')}</p>
        <div className="coach-settings__table-wrap">
          <table className="coach-settings__rules">
            <thead>
              <tr>
                <th scope="col">{t('coach.settings.rule')}</th>
                <th scope="col">{t('coach.settings.enabled')}</th>
                <th scope="col">{t('coach.settings.severity')}</th>
              </tr>
            </thead>
            {GROUPS.map((g) => (
              <tbody key={g}>
                <tr>
                  <th scope="colgroup" colSpan={3}>
                    {t(`coach.groups.${g}`)}
                  </th>
                </tr>
                {view.rules
                  .filter((r) => r.group === g)
                  .map((r) => (
                    <RuleRow key={r.id} rule={r} lang={lang} choice={rules[r.id]!} onChange={(patch) => setRule(r.id, patch)} />
                  ))}
              </tbody>
            ))}
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="coach-thresholds">
        <h2 id="coach-thresholds" className="card__heading">
          {t('coach.settings.thresholdsTitle')}
        </h2>
        <div className="coach-settings__thresholds">
          {THRESHOLDS.map((k) => (
            <ThresholdField key={k} name={k} value={thresholds[k]} fallback={view.defaults[k]!} bounds={view.bounds[k]!} onChange={(v) => setThresholds((x) => ({ ...x, [k]: v }))} />
          ))}
        </div>
      </section>

      <section className="card" aria-labelledby="coach-words">
        <h2 id="coach-words" className="card__heading">
          {t('coach.settings.wordsTitle')}
        </h2>
        <TextAreaInput label={t('coach.settings.extraAbbreviations')} name="extraAbbreviations" value={abbrText} onChange={setAbbrText} rows={5} description={t('coach.settings.extraAbbreviationsHelp')} />
        <TextAreaInput label={t('coach.settings.allowedAbbreviations')} name="allowedAbbreviations" value={allowedText} onChange={setAllowedText} rows={2} description={t('coach.settings.allowedAbbreviationsHelp')} />
        <TextAreaInput label={t('coach.settings.extraPhrases')} name="extraPhrases" value={phrasesText} onChange={setPhrasesText} rows={5} description={t('coach.settings.extraPhrasesHelp')} />
      </section>

      <div className="form__actions">
        <PendingButton type="submit" className="btn btn--primary" isPending={save.isPending}>
          {save.isPending ? t('common.saving') : t('common.save')}
        </PendingButton>
        <Button className="btn btn--secondary" onPress={resetAll} isDisabled={save.isPending}>
          {t('coach.settings.reset')}
        </Button>
      </div>
    </Form>
  );
}

function RuleRow({ rule, lang, choice, onChange }: { rule: CoachRuleInfo; lang: 'id' | 'en'; choice: RuleChoice; onChange: (patch: Partial<RuleChoice>) => void }) {
  const { t } = useTranslation();
  const title = rule.title[lang];
  return (
    <tr>
      <td>
        <span>{title}</span>
        <br />
        <code>{rule.id}</code>
      </td>
      <td>
        <Checkbox className="checkbox" isSelected={choice.enabled} onChange={(v) => onChange({ enabled: v })} aria-label={t('coach.settings.enableRule', { rule: title })}>
          <span className="checkbox__box" aria-hidden="true" />
        </Checkbox>
      </td>
      <td>
        <select className="field__input" aria-label={t('coach.settings.severityOf', { rule: title })} value={choice.severity} disabled={!choice.enabled} onChange={(e) => onChange({ severity: e.target.value as RuleChoice['severity'] })}>
          <option value="default">{t('coach.settings.severityDefault', { severity: t(`coach.severity.${rule.severity}`) })}</option>
          <option value="error">{t('coach.severity.error')}</option>
          <option value="warning">{t('coach.severity.warning')}</option>
          <option value="info">{t('coach.severity.info')}</option>
        </select>
      </td>
    </tr>
  );
}

function ThresholdField({ name, value, fallback, bounds, onChange }: { name: ThresholdKey; value: number | undefined; fallback: number; bounds: [number, number]; onChange: (v: number | undefined) => void }) {
  const { t } = useTranslation();
  const fractional = name === 'maxAvgWordLetters' || name === 'minCampaignOverlap';
  return (
    <NumberField
      className="field"
      value={value ?? Number.NaN}
      onChange={(v) => onChange(Number.isNaN(v) ? undefined : v)}
      minValue={bounds[0]}
      maxValue={bounds[1]}
      step={name === 'minCampaignOverlap' ? 0.05 : fractional ? 0.1 : 1}
      formatOptions={{ maximumFractionDigits: fractional ? 2 : 0 }}
    >
      <Label className="field__label">{t(`coach.thresholds.${name}`)}</Label>
      <Input className="field__input" placeholder={String(fallback)} />
      <Text slot="description" className="field__hint">
        {t('coach.settings.thresholdHint', { value: fallback, min: bounds[0], max: bounds[1] })}
      </Text>
    </NumberField>
  );
}
