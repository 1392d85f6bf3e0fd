import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { Button, Checkbox, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client.ts';
import { CASE_EXTRA_ACTIONS, caseAction, caseQuery, handoffLetter, outsideAuthorities, revealCase, similarCases, type CaseActionName, type CaseChange, type CaseDetail, type CaseExtraAction } from '../../api/cases.ts';
import { orgsQuery } from '../../api/queries.ts';
import { useUser } from '../../auth/session.ts';
import { DateTime } from '../../components/date-time.tsx';
import { ModalDialog } from '../../components/dialogs.tsx';
import { SelectField, TextAreaInput, TextInput } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { PendingButton } from '../../components/pending-button.tsx';
import { ErrorState, FormAlert, Loading } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { can } from '../../lib/permissions.ts';
import { Forbidden } from '../app-layout.tsx';
import { CaseAttachments } from './attachments.tsx';
import { CaseStatusBadge, DEADLINE_KEYS, DeadlineText, useClassificationLabel, useEventText } from './shared.tsx';

type DialogKind = CaseActionName | 'note' | 'reveal';
const PATH: Record<DialogKind, string> = {
  verify: 'verify',
  dispose: 'dispose',
  follow_up: 'follow-up',
  close: 'close',
  hold: 'hold',
  resume: 'resume',
  not_authority: 'not-authority',
  handoff: 'handoff',
  duplicate: 'duplicate',
  archive: 'archive',
  reopen: 'reopen',
  note: 'notes',
  reveal: 'reveal',
};
/** What each dialog asks for. */
const NEEDS_REASON = new Set<DialogKind>(['dispose', 'hold', 'not_authority', 'archive', 'reopen', 'reveal']);
const OPTIONAL_NOTE = new Set<DialogKind>(['verify', 'close', 'resume', 'handoff', 'duplicate']);

export function CaseDetailPage({ caseId }: { caseId: string }) {
  const user = useUser();
  if (!can(user, 'cases.read')) return <Forbidden />;
  return <Detail caseId={caseId} />;
}

function Detail({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const query = useQuery(caseQuery(caseId));
  const [open, setOpen] = useState<DialogKind | null>(null);
  const [revealed, setRevealed] = useState<Awaited<ReturnType<typeof revealCase>> | null>(null);
  const eventText = useEventText();
  const classificationLabel = useClassificationLabel();

  if (query.isPending)
    return (
      <Page title={t('cases.detailTitle')}>
        <Loading />
      </Page>
    );
  if (query.isError)
    return (
      <Page title={t('cases.detailTitle')}>
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        <Link to="/aduan">{t('cases.backToList')}</Link>
      </Page>
    );
  const c = query.data;
  // The server lists exactly what this person may do: the transitions, then note / flags / reveal.
  const may = (a: CaseExtraAction) => c.allowedActions.includes(a);
  const transitions = c.allowedActions.filter((a): a is CaseActionName => !(CASE_EXTRA_ACTIONS as readonly string[]).includes(a));
  return (
    <Page
      title={t('cases.caseTitle', { code: c.code })}
      intro={c.title}
      width="wide"
      before={
        <p>
          <Link to="/aduan">{t('cases.backToList')}</Link>
        </p>
      }
    >
      <div className="case-detail">
        <div className="case-detail__main">
          <section className="card" aria-labelledby="case-status-heading">
            <h2 id="case-status-heading">{t('cases.statusHeading')}</h2>
            <p className="case-detail__status">
              <CaseStatusBadge status={c.status} />
              {c.confidential ? <span className="badge badge--warning">{t('cases.confidential')}</span> : null}
              {c.anonymous ? <span className="badge">{t('cases.anonymous')}</span> : null}
            </p>
            {c.holdReason && c.status === 'tunda' ? <p>{t('cases.holdReason', { reason: c.holdReason })}</p> : null}
            <dl className="facts">
              <div>
                <dt>{t('cases.org')}</dt>
                <dd>{c.org.name}</dd>
              </div>
              {c.originOrg && c.originOrg.id !== c.org.id ? (
                <div>
                  <dt>{t('cases.origin')}</dt>
                  <dd>{c.originOrg.name}</dd>
                </div>
              ) : null}
              <div>
                <dt>{t('cases.category')}</dt>
                <dd>{c.category?.name ?? t('cases.noCategory')}</dd>
              </div>
              <div>
                <dt>{t('cases.classification')}</dt>
                <dd>{classificationLabel(c.classification, c.classificationLabel)}</dd>
              </div>
              <div>
                <dt>{t('cases.location')}</dt>
                <dd>{[c.location.text, c.location.district, c.location.regency].filter(Boolean).join(', ') || '—'}</dd>
              </div>
              <div>
                <dt>{t('cases.channel')}</dt>
                <dd>{c.source.channel}</dd>
              </div>
              <div>
                <dt>{t('cases.received')}</dt>
                <dd>
                  <DateTime value={c.receivedAt} />
                </dd>
              </div>
              {c.duplicateOf ? (
                <div>
                  <dt>{t('cases.duplicateOf')}</dt>
                  <dd>
                    <Link to="/aduan/$caseId" params={{ caseId: c.duplicateOf.id }}>
                      {c.duplicateOf.code}
                    </Link>
                  </dd>
                </div>
              ) : null}
              {c.handedOffTo ? (
                <div>
                  <dt>{t('cases.handedOffTo')}</dt>
                  <dd>{c.handedOffTo.name}</dd>
                </div>
              ) : null}
              {c.rating !== null ? (
                <div>
                  <dt>{t('cases.rating')}</dt>
                  <dd>
                    {c.rating}/5{c.ratingComment ? ` — ${c.ratingComment}` : ''}
                  </dd>
                </div>
              ) : null}
            </dl>
          </section>
          <section className="card" aria-labelledby="case-deadlines-heading">
            <h2 id="case-deadlines-heading">{t('cases.deadlinesHeading')}</h2>
            {c.deadlines.paused ? <p>{t('cases.deadline.paused')}</p> : null}
            <dl className="facts">
              {DEADLINE_KEYS.map((k) => {
                const d = c.deadlines[k];
                return d ? (
                  <div key={k}>
                    <dt>{t(`cases.deadline.${k}`)}</dt>
                    <dd>
                      <DeadlineText d={d} />
                    </dd>
                  </div>
                ) : null;
              })}
            </dl>
          </section>
          <section className="card" aria-labelledby="case-desc-heading">
            <h2 id="case-desc-heading">{t('cases.description')}</h2>
            <p className="prewrap">{c.description}</p>
            {c.publicAnswer ? (
              <>
                <h3>{t('cases.publicAnswer')}</h3>
                <p className="prewrap">{c.publicAnswer}</p>
              </>
            ) : null}
            {revealed ? (
              <div className="message__revealed" role="region" aria-label={t('cases.revealedLabel')}>
                <p className="prewrap">{revealed.description}</p>
                {revealed.reporter ? <p>{[revealed.reporter.name, revealed.reporter.phone, revealed.reporter.email].filter(Boolean).join(' · ')}</p> : null}
                <Button className="btn btn--secondary btn--small" onPress={() => setRevealed(null)}>
                  {t('cases.hideAgain')}
                </Button>
              </div>
            ) : null}
          </section>
          <CaseAttachments caseId={c.id} attachments={c.attachments ?? []} mayAttach={may('note')} />
          {c.handedOffTo ? <Letter caseId={c.id} /> : null}
          <section className="card" aria-labelledby="case-history-heading">
            <h2 id="case-history-heading">{t('cases.history')}</h2>
            <ol className="timeline">
              {c.events.map((e) => (
                <li key={e.id} className="timeline__item">
                  <p className="timeline__meta">
                    <DateTime value={e.at} /> · {e.actor}
                    {e.toStatus ? <CaseStatusBadge status={e.toStatus} /> : null}
                    {e.public ? <span className="badge">{t('cases.publicEvent')}</span> : null}
                  </p>
                  {(() => {
                    // Dayung's own texts in the reader's language; what staff typed as they typed it.
                    const staff = eventText('staff', e.textCode, e.params, e.text);
                    const pub = eventText('public', e.publicCode, e.params, e.publicText);
                    return (
                      <>
                        {staff ? <p className="prewrap">{staff}</p> : null}
                        {pub && e.publicText !== e.text ? <p className="prewrap timeline__public">{t('cases.toCitizen', { text: pub })}</p> : null}
                      </>
                    );
                  })()}
                </li>
              ))}
            </ol>
          </section>
        </div>
        <div className="case-detail__side">
          <section className="card" aria-labelledby="case-actions-heading">
            <h2 id="case-actions-heading">{t('common.actions')}</h2>
            {c.allowedActions.length === 0 ? <p>{t('cases.readOnly')}</p> : null}
            <div className="button-row case-actions">
              {transitions.map((a) => (
                <Button key={a} className={`btn ${a === transitions[0] ? 'btn--primary' : 'btn--secondary'} btn--small`} onPress={() => setOpen(a)}>
                  {t(`cases.action.${a}`)}
                </Button>
              ))}
              {may('note') ? (
                <Button className="btn btn--secondary btn--small" onPress={() => setOpen('note')}>
                  {t('cases.action.note')}
                </Button>
              ) : null}
              {may('reveal') && !revealed ? (
                <Button className="btn btn--secondary btn--small" onPress={() => setOpen('reveal')}>
                  {t('cases.action.reveal')}
                </Button>
              ) : null}
            </div>
            {may('flags') ? <Flags c={c} /> : null}
          </section>
          <section className="card" aria-labelledby="case-hops-heading">
            <h2 id="case-hops-heading">{t('cases.hops')}</h2>
            {c.hops.length === 0 ? <p>{t('cases.noHops')}</p> : null}
            <ol className="timeline">
              {c.hops.map((h, i) => (
                <li key={i} className="timeline__item">
                  <p className="timeline__meta">
                    <DateTime value={h.at} /> · {h.by}
                  </p>
                  <p>
                    {h.from} → {h.to}
                    {h.reason ? `: ${h.reason}` : ''}
                  </p>
                </li>
              ))}
            </ol>
          </section>
          <section className="card" aria-labelledby="case-reporters-heading">
            <h2 id="case-reporters-heading">{t('cases.reporters', { count: c.reportersCount })}</h2>
            <ul className="plain-list">
              <li>{c.reporter ? [c.reporter.name, c.reporter.phone, c.reporter.email].filter(Boolean).join(' · ') || t('cases.noIdentity') : t('cases.reporterHidden')}</li>
              {c.reporters.map((r) => (
                <li key={r.id}>
                  {r.name || r.phone || r.email ? [r.name, r.phone, r.email].filter(Boolean).join(' · ') : t('cases.reporterHidden')} ({r.channel})
                  {r.mergedFrom ? ` — ${t('cases.mergedFrom', { code: r.mergedFrom.code })}` : ''}
                </li>
              ))}
            </ul>
          </section>
        </div>
      </div>
      {open ? <ActionDialog c={c} kind={open} onClose={() => setOpen(null)} onRevealed={setRevealed} /> : null}
    </Page>
  );
}

function Letter({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['cases', 'letter', caseId], queryFn: ({ signal }) => handoffLetter(caseId, signal) });
  if (!q.data?.letter) return null;
  return (
    <section className="card" aria-labelledby="case-letter-heading">
      <h2 id="case-letter-heading">{t('cases.letter')}</h2>
      <pre className="letter">{q.data.letter}</pre>
    </section>
  );
}

function Flags({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const m = useMutation({
    mutationFn: (body: { anonymous?: boolean; confidential?: boolean }) => caseAction(c.id, 'flags', body),
    onSuccess: async () => {
      toast.success(t('cases.flagsSaved'));
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
    },
    onError: (err) => toast.error(errorMessage(err)),
  });
  return (
    <fieldset className="case-flags">
      <legend>{t('cases.flags')}</legend>
      <Checkbox className="checkbox" isSelected={c.anonymous} isDisabled={m.isPending} onChange={(v) => m.mutate({ anonymous: v })}>
        <span className="checkbox__box" aria-hidden="true" />
        <span className="checkbox__label">{t('cases.flagAnonymous')}</span>
      </Checkbox>
      <Checkbox className="checkbox" isSelected={c.confidential} isDisabled={m.isPending} onChange={(v) => m.mutate({ confidential: v })}>
        <span className="checkbox__box" aria-hidden="true" />
        <span className="checkbox__label">{t('cases.flagConfidential')}</span>
      </Checkbox>
    </fieldset>
  );
}

function ActionDialog({ c, kind, onClose, onRevealed }: { c: CaseDetail; kind: DialogKind; onClose: () => void; onRevealed: (r: Awaited<ReturnType<typeof revealCase>>) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [orgCode, setOrgCode] = useState<string | null>(null);
  const [authority, setAuthority] = useState<string | null>(null);
  const [duplicateOf, setDuplicateOf] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const orgs = useQuery({ ...orgsQuery({}), enabled: kind === 'dispose' });
  const auths = useQuery({ queryKey: ['cases', 'authorities'], queryFn: ({ signal }) => outsideAuthorities(signal), enabled: kind === 'handoff' || kind === 'not_authority' });
  const similar = useQuery({ queryKey: ['cases', 'similar', c.id], queryFn: ({ signal }) => similarCases(c.id, signal), enabled: kind === 'duplicate' });

  const m = useMutation({
    mutationFn: async (body: Record<string, unknown>) => {
      if (kind === 'reveal') return { revealed: await revealCase(c.id, String(body.reason)) };
      return { changed: await caseAction(c.id, PATH[kind], body) };
    },
    onSuccess: async (r) => {
      if ('revealed' in r && r.revealed) onRevealed(r.revealed);
      else {
        const changed = (r as { changed: CaseChange | { case: CaseChange } }).changed;
        const after = 'case' in changed ? changed.case : changed;
        toast.success(t('cases.done', { action: t(`cases.action.${kind}`), code: c.code }));
        if ('hidden' in after && after.hidden) {
          toast.info(t('cases.movedAway', { org: after.org.name }));
          void navigate({ to: '/aduan' });
        }
      }
      onClose();
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
    },
    onError: (err) => setFieldErrors(err instanceof ApiError ? err.fieldErrors() : {}),
  });

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const v = (k: string) => String(data.get(k) ?? '').trim();
    const body: Record<string, unknown> = {};
    if (NEEDS_REASON.has(kind)) body.reason = v('reason');
    if (OPTIONAL_NOTE.has(kind) && v('note')) body.note = v('note');
    if (kind === 'follow_up' || kind === 'note') body.text = v('text');
    if (kind === 'dispose') {
      if (!orgCode) return;
      body.orgCode = orgCode;
    }
    if (kind === 'handoff') {
      if (!authority) return;
      body.authorityCode = authority;
    }
    if (kind === 'not_authority' && authority) body.authorityCode = authority;
    if (kind === 'duplicate') body.duplicateOf = duplicateOf.trim();
    m.mutate(body);
  };

  const title = t(`cases.action.${kind}`);
  return (
    <ModalDialog title={title} isOpen onOpenChange={(o) => (!o ? onClose() : undefined)} isDismissable={!m.isPending}>
      <Form onSubmit={onSubmit} className="form" validationErrors={fieldErrors}>
        <p className="dialog__body">{t(`cases.help.${kind}`)}</p>
        <FormAlert message={m.isError ? errorMessage(m.error) : null} />
        {kind === 'dispose' ? (
          <SelectField
            label={t('cases.field.org')}
            items={(orgs.data?.items ?? []).filter((o) => o.kind !== 'province' && o.active).map((o) => ({ id: o.code, label: `${o.code} · ${o.name}` }))}
            value={orgCode}
            onChange={setOrgCode}
            isRequired
          />
        ) : null}
        {kind === 'handoff' || kind === 'not_authority' ? (
          <SelectField
            label={t('cases.field.authority')}
            items={(auths.data?.items ?? []).map((a) => ({ id: a.code, label: a.name }))}
            value={authority}
            onChange={setAuthority}
            isRequired={kind === 'handoff'}
            description={kind === 'not_authority' ? t('public.report.optional') : undefined}
          />
        ) : null}
        {kind === 'duplicate' ? (
          <>
            <TextInput label={t('cases.field.duplicateOf')} name="duplicateOf" value={duplicateOf} onChange={setDuplicateOf} isRequired description={t('cases.field.duplicateHint')} />
            <div aria-live="polite">
              {similar.isPending ? <Loading /> : null}
              {similar.data ? (
                similar.data.items.length ? (
                  <ul className="plain-list similar-list" aria-label={t('cases.similar')}>
                    {similar.data.items.map((s) => (
                      <li key={s.id}>
                        <Button className="link-button" onPress={() => setDuplicateOf(s.code)}>
                          {t('cases.useSimilar', { code: s.code })}
                        </Button>{' '}
                        {s.title} · {s.statusLabel} · {s.reasons.join(', ')}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p>{t('cases.noSimilar')}</p>
                )
              ) : null}
            </div>
          </>
        ) : null}
        {NEEDS_REASON.has(kind) ? <TextAreaInput label={t('cases.field.reason')} name="reason" isRequired minLength={3} maxLength={1000} rows={3} /> : null}
        {kind === 'follow_up' ? <TextAreaInput label={t('cases.field.followUp')} name="text" isRequired minLength={10} maxLength={8000} rows={6} description={t('cases.field.followUpHint')} /> : null}
        {kind === 'note' ? <TextAreaInput label={t('cases.field.note')} name="text" isRequired maxLength={4000} rows={4} description={t('cases.field.noteHint')} /> : null}
        {OPTIONAL_NOTE.has(kind) ? <TextAreaInput label={t('cases.field.optionalNote')} name="note" maxLength={1000} rows={3} description={t('public.report.optional')} /> : null}
        <div className="dialog__actions">
          <Button className="btn btn--secondary" slot="close" isDisabled={m.isPending}>
            {t('common.cancel')}
          </Button>
          <PendingButton type="submit" className="btn btn--primary" isPending={m.isPending}>
            {m.isPending ? t('common.saving') : title}
          </PendingButton>
        </div>
      </Form>
    </ModalDialog>
  );
}
