import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { Form, Radio, RadioGroup, Label } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client.ts';
import { rateCase, SECRET_KEY, trackCase, type TrackedCase } from '../../api/cases.ts';
import { DateTime } from '../../components/date-time.tsx';
import { TextAreaInput, TextInput } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { PendingButton } from '../../components/pending-button.tsx';
import { ErrorState, FormAlert, Loading } from '../../components/states.tsx';
import { useClassificationLabel, useEventText, useStatusLabel } from '../cases/shared.tsx';

const CODE_RE = /^SB-\d{4}-\d{6,}$/;

/** /lacak: enter a tracking code. */
export function TrackStartPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get('code') ?? '').trim().toUpperCase();
    if (!CODE_RE.test(code)) {
      setError(t('public.track.codeInvalid'));
      return;
    }
    void navigate({ to: '/lacak/$code', params: { code } });
  };
  return (
    <Page title={t('public.track.startTitle')} intro={t('public.track.startIntro')} width="narrow">
      <Form onSubmit={onSubmit} className="form">
        <FormAlert message={error} />
        <TextInput label={t('public.track.code')} name="code" isRequired description={t('public.track.codeHint')} autoComplete="off" />
        <PendingButton type="submit" className="btn btn--primary" isPending={false}>
          {t('public.track.open')}
        </PendingButton>
      </Form>
    </Page>
  );
}

/**
 * The tracking key of this case: from the link the citizen received on their private channel
 * (`#kunci=…`; a fragment never reaches servers or their logs, and is removed from the address bar
 * at once), or kept earlier in this browser tab.
 */
function storedSecret(code: string): string | null {
  try {
    const m = /(?:^#|&)kunci=([\w-]{16,128})/.exec(window.location.hash);
    if (m) {
      sessionStorage.setItem(SECRET_KEY(code), m[1]!);
      history.replaceState(null, '', window.location.pathname + window.location.search);
      return m[1]!;
    }
    return sessionStorage.getItem(SECRET_KEY(code));
  } catch {
    return null;
  }
}

/** /lacak/$code: status, history and public answer; never personal data. */
export function TrackPage({ code }: { code: string }) {
  const { t, i18n } = useTranslation();
  const upper = code.toUpperCase();
  const [secret, setSecret] = useState<string | null>(() => storedSecret(upper));
  const query = useQuery({
    queryKey: ['public', 'case', upper, secret ?? ''],
    queryFn: ({ signal }) => trackCase(upper, secret, i18n.language, signal),
    retry: (n, err) => !(err instanceof ApiError && err.status < 500) && n < 2,
  });
  const applySecret = (s: string) => {
    setSecret(s);
    try {
      sessionStorage.setItem(SECRET_KEY(upper), s);
    } catch {
      /* ignore */
    }
  };

  if (query.isPending) {
    return (
      <Page title={t('public.track.title', { code: upper })} width="narrow">
        <Loading />
      </Page>
    );
  }
  if (query.isError) {
    const notFound = query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 400);
    return (
      <Page title={t('public.track.title', { code: upper })} width="narrow">
        {notFound ? (
          <div className="alert alert--warning" role="status">
            <p className="alert__title">{t('public.track.notFound')}</p>
            <p>{t('public.track.notFoundText')}</p>
          </div>
        ) : (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        )}
        <SecretForm onSecret={applySecret} />
        <p>
          <Link to="/lacak">{t('public.track.other')}</Link>
        </p>
      </Page>
    );
  }
  return <Tracked c={query.data} secret={secret} onRated={() => void query.refetch()} />;
}

function SecretForm({ onSecret }: { onSecret: (s: string) => void }) {
  const { t } = useTranslation();
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const s = String(new FormData(e.currentTarget).get('secret') ?? '').trim();
    if (s) onSecret(s);
  };
  return (
    <section className="card" aria-labelledby="secret-heading">
      <h2 id="secret-heading">{t('public.track.secretTitle')}</h2>
      <Form onSubmit={onSubmit} className="form">
        <TextInput label={t('public.track.secret')} name="secret" isRequired autoComplete="off" description={t('public.track.secretHint')} />
        <PendingButton type="submit" className="btn btn--secondary" isPending={false}>
          {t('public.track.useSecret')}
        </PendingButton>
      </Form>
    </section>
  );
}

function Tracked({ c, secret, onRated }: { c: TrackedCase; secret: string | null; onRated: () => void }) {
  const { t } = useTranslation();
  const [thanks, setThanks] = useState<string | null>(null);
  const statusLabel = useStatusLabel();
  const eventText = useEventText();
  const classificationLabel = useClassificationLabel();
  return (
    <Page title={t('public.track.title', { code: c.code })} width="narrow">
      <section className="card track-status" aria-labelledby="status-heading">
        <h2 id="status-heading">{t('public.track.status')}</h2>
        <p className="track-status__label">
          <span className={`badge case-status case-status--${c.status}`}>{statusLabel(c.status)}</span>
        </p>
        <p>{t(`public.statusText.${c.status}`)}</p>
        <dl className="facts">
          <div>
            <dt>{t('public.track.category')}</dt>
            <dd>{c.category?.name ?? t('public.track.noCategory')}</dd>
          </div>
          <div>
            <dt>{t('public.track.org')}</dt>
            <dd>{c.handedOffTo ? c.handedOffTo.name : c.org.name}</dd>
          </div>
          <div>
            <dt>{t('public.track.classification')}</dt>
            <dd>{classificationLabel(c.classification, c.classificationLabel)}</dd>
          </div>
          <div>
            <dt>{t('public.track.region')}</dt>
            <dd>{c.region.text}</dd>
          </div>
          <div>
            <dt>{t('public.track.received')}</dt>
            <dd>
              <DateTime value={c.receivedAt} />
            </dd>
          </div>
          {c.expectedAt ? (
            <div>
              <dt>{t('public.track.expected')}</dt>
              <dd>
                <DateTime value={c.expectedAt} />
              </dd>
            </div>
          ) : null}
          {c.reportersCount > 1 ? (
            <div>
              <dt>{t('public.track.reporters')}</dt>
              <dd>{c.reportersCount}</dd>
            </div>
          ) : null}
          {c.duplicateOf ? (
            <div>
              <dt>{t('public.track.duplicateOf')}</dt>
              <dd>
                <Link to="/lacak/$code" params={{ code: c.duplicateOf }}>
                  {c.duplicateOf}
                </Link>
              </dd>
            </div>
          ) : null}
        </dl>
      </section>
      {c.description ? (
        <section className="card" aria-labelledby="desc-heading">
          <h2 id="desc-heading">{t('public.track.description')}</h2>
          <p className="prewrap">{c.description}</p>
        </section>
      ) : null}
      {c.publicAnswer ? (
        <section className="card" aria-labelledby="answer-heading">
          <h2 id="answer-heading">{t('public.track.answer')}</h2>
          <p className="prewrap">{c.publicAnswer}</p>
        </section>
      ) : null}
      <section className="card" aria-labelledby="history-heading">
        <h2 id="history-heading">{t('public.track.history')}</h2>
        <ol className="timeline" aria-label={t('public.track.history')}>
          {c.events.map((e, i) => (
            <li key={`${e.at}-${i}`} className="timeline__item">
              <p className="timeline__meta">
                <DateTime value={e.at} />
                {e.status ? <span className="badge">{statusLabel(e.status)}</span> : null}
              </p>
              {(() => {
                // In the reader's language from the code; older events show the stored (Indonesian) text.
                const text = eventText('public', e.code, e.params, e.text);
                return text ? <p className="prewrap">{text}</p> : null;
              })()}
            </li>
          ))}
        </ol>
      </section>
      {c.rating ? (
        <section className="card" aria-labelledby="rating-heading">
          <h2 id="rating-heading">{t('public.rate.title')}</h2>
          {thanks ? (
            <div className="alert alert--success" role="status">
              <p>{thanks}</p>
            </div>
          ) : null}
          <p>{t('public.rate.given', { value: c.rating.value })}</p>
        </section>
      ) : c.canRate ? (
        <RateForm
          code={c.code}
          secret={secret}
          onRated={(message) => {
            setThanks(message);
            onRated();
          }}
        />
      ) : null}
    </Page>
  );
}

function RateForm({ code, secret, onRated }: { code: string; secret: string | null; onRated: (message: string) => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState<string>('');
  const [done, setDone] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: (input: { secret: string; rating: number; comment?: string }) => rateCase(code, input),
    onSuccess: (r, input) => {
      // Remembered for this tab only; the page keeps its query (no reload of the case under the message).
      try {
        sessionStorage.setItem(SECRET_KEY(code), input.secret);
      } catch {
        /* ignore */
      }
      setDone(r.message);
      onRated(r.message);
    },
    onError: (err) => setFieldErrors(err instanceof ApiError ? err.fieldErrors() : {}),
  });
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const s = String(data.get('secret') ?? '').trim();
    const comment = String(data.get('comment') ?? '').trim();
    if (!value || !s) return;
    mutation.mutate({ secret: s, rating: Number(value), comment: comment || undefined });
  };
  return (
    <section className="card" aria-labelledby="rate-heading">
      <h2 id="rate-heading">{t('public.rate.title')}</h2>
      <p>{t('public.rate.intro')}</p>
      {done ? (
        <div className="alert alert--success" role="status">
          <p>{done}</p>
        </div>
      ) : (
        <Form onSubmit={onSubmit} className="form" validationErrors={fieldErrors}>
          <FormAlert message={mutation.isError ? errorMessage(mutation.error) : null} />
          <RadioGroup className="rating" value={value} onChange={setValue} isRequired name="rating" orientation="horizontal">
            <Label className="field__label">{t('public.rate.score')}</Label>
            <div className="rating__options">
              {[1, 2, 3, 4, 5].map((n) => (
                <Radio key={n} value={String(n)} className="rating__option" aria-label={t(`public.rate.value${n as 1 | 2 | 3 | 4 | 5}`)}>
                  {n}
                </Radio>
              ))}
            </div>
            <p className="field__hint">{t('public.rate.scale')}</p>
          </RadioGroup>
          <TextAreaInput label={t('public.rate.comment')} name="comment" maxLength={2000} description={t('public.report.optional')} />
          <TextInput label={t('public.track.secret')} name="secret" defaultValue={secret ?? ''} isRequired autoComplete="off" description={t('public.rate.secretHint')} />
          <PendingButton type="submit" className="btn btn--primary" isPending={mutation.isPending} isDisabled={!value}>
            {mutation.isPending ? t('common.saving') : t('public.rate.submit')}
          </PendingButton>
        </Form>
      )}
    </section>
  );
}
