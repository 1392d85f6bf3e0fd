// The content coach beside the editor: asks the server (debounced) while the author writes and shows the
// score and the findings grouped by severity, each with its reason and a fix. A finding that points into the
// text offers "Tunjukkan di teks", which selects that part of the text through onSelectSpan.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Label, Meter } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { coachQuery, type CoachFinding, type CoachInput, type CoachSeverity } from '../../api/coach.ts';
import { errorMessage } from '../../api/client.ts';
import { excerpt, scoreTone } from '../../lib/coach.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import './coach.css';

export type CoachPanelProps = {
  input: CoachInput;
  /** select [start, end) in the text being edited (UTF-16 offsets, as setSelectionRange takes them) */
  onSelectSpan?: (start: number, end: number) => void;
  /** wait this long after the last keystroke before asking (default 500 ms) */
  debounceMs?: number;
};

const ORDER: readonly CoachSeverity[] = ['error', 'warning', 'info'];

export function CoachPanel({ input, onSelectSpan, debounceMs = 500 }: CoachPanelProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'id';
  const checked = useDebounced(input, debounceMs);
  const empty = !checked.text.trim() && checked.media.length === 0;
  const q = useQuery({ ...coachQuery(checked), enabled: !empty, placeholderData: keepPreviousData });
  // The spans belong to the text that was checked; while the author types on, they may point elsewhere.
  const current = !q.isPlaceholderData && checked.text === input.text;
  const busy = q.isFetching || checked !== input;

  if (empty && !input.text.trim() && input.media.length === 0) return <p className="muted coach__empty">{t('coach.empty')}</p>;
  if (q.isError && !q.data) {
    return (
      <div className="alert alert--warning" role="status">
        <p>{t('coach.error')}</p>
        <p className="small">{errorMessage(q.error)}</p>
        <Button className="btn btn--secondary btn--small" onPress={() => void q.refetch()}>
          {t('common.retry')}
        </Button>
      </div>
    );
  }
  const data = q.data;
  const groups = ORDER.map((severity) => ({ severity, items: (data?.findings ?? []).filter((f) => f.severity === severity) })).filter((g) => g.items.length);
  return (
    <div className="coach" aria-busy={busy}>
      <p className="visually-hidden" role="status" aria-live="polite">
        {busy ? t('coach.checking') : data ? t('coach.summary', { score: data.score, count: data.findings.length }) : ''}
      </p>
      {data ? (
        <>
          <Meter className={`coach__score coach__score--${scoreTone(data.score)}`} value={data.score} minValue={0} maxValue={100} valueLabel={t('coach.scoreValue', { score: data.score })}>
            {({ percentage, valueText }) => (
              <>
                <div className="coach__score-head">
                  <Label className="coach__score-label">{t('coach.score')}</Label>
                  <span className="coach__score-value">
                    {valueText} · {t(`coach.tone.${scoreTone(data.score)}`)}
                  </span>
                </div>
                <div className="coach__bar" aria-hidden="true">
                  <div className="coach__fill" style={{ width: `${percentage}%` }} />
                </div>
              </>
            )}
          </Meter>
          <p className="small muted coach__meta">
            {t('coach.postType', { type: t(`coach.postTypes.${data.stats.postType}`) })}
            {data.stats.postTypeGiven ? '' : ` ${t('coach.postTypeAuto')}`} · {t('coach.stats', { words: data.stats.words, sentences: data.stats.sentences })}
            {busy ? ` · ${t('coach.checking')}` : ''}
          </p>
          {groups.length === 0 ? <p className="coach__clean">{t('coach.clean')}</p> : null}
          {groups.map((g) => (
            <section key={g.severity} className={`coach__group coach__group--${g.severity}`} aria-labelledby={`coach-group-${g.severity}`}>
              <h3 id={`coach-group-${g.severity}`} className="coach__group-title">
                {t(`coach.group.${g.severity}`)} <span className="badge">{g.items.length}</span>
              </h3>
              <ul className="coach__list">
                {g.items.map((f, i) => (
                  <FindingItem key={`${f.rule}-${f.channel ?? ''}-${f.span?.start ?? i}-${i}`} finding={f} lang={lang} text={checked.text} canSelect={!!onSelectSpan && current} onSelect={onSelectSpan} />
                ))}
              </ul>
            </section>
          ))}
        </>
      ) : (
        <p className="muted">{t('coach.checking')}</p>
      )}
    </div>
  );
}

function FindingItem({ finding: f, lang, text, canSelect, onSelect }: { finding: CoachFinding; lang: 'id' | 'en'; text: string; canSelect: boolean; onSelect?: ((start: number, end: number) => void) | undefined }) {
  const { t } = useTranslation();
  const quote = excerpt(text, f.span);
  const select = () => {
    if (f.span && onSelect) onSelect(f.span.start, f.span.end);
  };
  return (
    <li className={`coach__finding coach__finding--${f.severity}`} data-rule={f.rule}>
      {f.channel ? <span className="badge coach__channel">{t(`platforms.${f.channel}`)}</span> : null}
      {f.span && canSelect ? (
        <Button className="coach__select" onPress={select}>
          <span className="coach__reason">{f.message[lang]}</span>
          {quote ? (
            <span className="coach__where small">
              {t('coach.showInText')}: “{quote}”
            </span>
          ) : null}
        </Button>
      ) : (
        <p className="coach__reason">{f.message[lang]}</p>
      )}
      <p className="coach__fix">
        <span className="coach__fix-label">{t('coach.fix')}</span> {f.fix[lang]}
      </p>
      <p className="coach__rule small muted">{f.rule}</p>
    </li>
  );
}
