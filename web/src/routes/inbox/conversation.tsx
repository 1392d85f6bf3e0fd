// One conversation: the message (masked; revealed on purpose, with a reason), its thread with our
// replies, the analysis and its reasons ("Mengapa?"), the contact and their history, the actions
// (assign, done/spam/reopen, correct the intent, re-route), internal notes and the reply box.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { CaseButton } from './case-button.tsx';
import { ApiError, errorMessage } from '../../api/client.ts';
import { assignInteraction, correctIntent, linkContact, revealText, rerouteInteraction, searchContacts, unlinkContact } from '../../api/endpoints.ts';
import { assigneesQuery, conversationQuery, orgsQuery } from '../../api/queries.ts';
import { INTENTS, type Contact, type Conversation, type InboxItem, type SentReply, type SessionUser, type Why } from '../../api/types.ts';
import { DateTime } from '../../components/date-time.tsx';
import { ConfirmDialog, ModalDialog } from '../../components/dialogs.tsx';
import { ComboField, SelectField, TextAreaInput, TextInput } from '../../components/fields.tsx';
import { PendingButton } from '../../components/pending-button.tsx';
import { ErrorState, FormAlert, Loading } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { displayHandle } from '../../lib/channels.ts';
import { looksMasked, parseFeature, percent, topReasons, type InboxSearch } from '../../lib/inbox.ts';
import { can, isProvinceRole } from '../../lib/permissions.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { useIsNarrow } from '../../lib/use-media-query.ts';
import { useNow } from '../../lib/use-now.ts';
import { RelativeTime } from '../channels/shared.tsx';
import { useAnnounceViewing, usePresence } from './live.ts';
import { NotesSection } from './notes.tsx';
import { ReplyBox } from './reply.tsx';
import {
  InboxStatusBadge,
  IntentBadge,
  PlatformLabel,
  ReplyStatusBadge,
  runQuickAction,
  SentimentBadge,
  UrgencyBadge,
  useContactName,
  useIntentLabel,
  useInvalidateInbox,
  useKindLabel,
  type QuickAction,
} from './shared.tsx';

type Props = { id: string; showBack: boolean; me: SessionUser; onLeave: () => void };

export function ConversationPane({ id, showBack, me, onLeave }: Props) {
  const { t } = useTranslation();
  const query = useQuery(conversationQuery(id));
  useAnnounceViewing(query.data ? id : undefined);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // On phones the conversation replaces the list: move focus to its heading.
  useEffect(() => {
    if (showBack && query.data) headingRef.current?.focus();
  }, [showBack, !!query.data]);

  const back = showBack ? (
    <p className="back-link">
      <Link to="/kotak-masuk" search={(prev: InboxSearch) => ({ ...prev, pesan: undefined })}>
        <span aria-hidden="true">← </span>
        {t('inbox.backToList')}
      </Link>
    </p>
  ) : null;

  if (query.isPending) return <>{back}<Loading /></>;
  if (query.isError && !query.data) {
    const gone = query.error instanceof ApiError && query.error.status === 404;
    return (
      <>
        {back}
        {gone ? (
          <div className="alert alert--warning" role="alert">
            <p>{t('inbox.conversation.notFound')}</p>
            <Button className="btn btn--secondary btn--small" onPress={onLeave}>
              {t('inbox.backToList')}
            </Button>
          </div>
        ) : (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        )}
      </>
    );
  }
  return (
    <>
      {back}
      <ConversationView conv={query.data} me={me} headingRef={headingRef} onLeave={onLeave} />
    </>
  );
}

function ConversationView({ conv, me, headingRef, onLeave }: { conv: Conversation; me: SessionUser; headingRef: React.RefObject<HTMLHeadingElement | null>; onLeave: () => void }) {
  const { t } = useTranslation();
  const item = conv.interaction;
  const kindLabel = useKindLabel();
  const contactName = useContactName();
  const now = useNow();
  const viewers = usePresence(item.id);
  const canWork = can(me, 'inbox.work');

  return (
    <article className="conversation" aria-labelledby="conversation-title">
      <header className="conversation__header">
        <h2 id="conversation-title" className="conversation__title" tabIndex={-1} ref={headingRef}>
          {t('inbox.conversation.title', { kind: kindLabel(item.kind), who: contactName(item) })}
        </h2>
        <p className="conversation__meta">
          <PlatformLabel platform={item.platform} />
          {item.accountName ? (
            <span>
              <span className="visually-hidden">{t('inbox.account')}: </span>
              {item.accountName}
            </span>
          ) : null}
          {me.orgKind === 'province' ? <span className="code">{item.orgCode}</span> : null}
          <span>
            <RelativeTime value={item.occurredAt ?? item.receivedAt} now={now} />
          </span>
        </p>
        <p className="conversation__state">
          <InboxStatusBadge status={item.status} />
          <span>{item.assignee ? t('inbox.assignedTo', { name: item.assignee.name ?? '—' }) : t('inbox.unassigned')}</span>
        </p>
      </header>
      <div role="status" aria-live="polite" className="presence">
        {viewers.length > 0 ? <p className="alert alert--info presence__notice">{t('inbox.presence', { names: viewers.map((v) => v.name).join(', '), count: viewers.length })}</p> : null}
      </div>

      <MessageText conv={conv} me={me} />
      {canWork ? <Actions conv={conv} me={me} onLeave={onLeave} /> : <p className="small muted">{t('inbox.readOnly')}</p>}
      <Analysis conv={conv} />
      <Thread conv={conv} />
      {canWork ? <ReplyBox conv={conv} /> : null}
      <NotesSection conv={conv} me={me} canWrite={canWork} />
      <ContactCard conv={conv} canWork={canWork} />
    </article>
  );
}

// ── the message, masked; revealed only on purpose ───────────────────
function MessageText({ conv, me }: { conv: Conversation; me: SessionUser }) {
  const { t } = useTranslation();
  const item = conv.interaction;
  const [revealed, setRevealed] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const mayReveal = can(me, 'personal_data.read') && (item.hasPersonalData || conv.why.personalData.length > 0 || looksMasked(item.text));
  return (
    <section className="message" aria-labelledby="message-heading">
      <h3 id="message-heading" className="visually-hidden">
        {t('inbox.conversation.message')}
      </h3>
      {/* Citizens' text is data: rendered as text, never as HTML. */}
      <p className="message__text">{item.text || t('inbox.noText')}</p>
      <p className="message__flags small muted">
        {item.edited ? <span className="badge">{t('inbox.edited')}</span> : null}
        {item.deleted ? <span className="badge badge--warning">{t('inbox.deleted')}</span> : null}
        {looksMasked(item.text) || item.hasPersonalData ? <span>{t('inbox.maskedNote')}</span> : null}
      </p>
      {revealed !== null ? (
        <div className="message__revealed" role="region" aria-label={t('inbox.reveal.revealedLabel')}>
          <p className="message__revealed-title">{t('inbox.reveal.revealedLabel')}</p>
          <p className="message__text">{revealed}</p>
          <Button className="btn btn--secondary btn--small" onPress={() => setRevealed(null)}>
            {t('inbox.reveal.hide')}
          </Button>
        </div>
      ) : mayReveal ? (
        <Button className="btn btn--secondary btn--small" onPress={() => setAsking(true)}>
          {t('inbox.reveal.button')}
        </Button>
      ) : null}
      {mayReveal ? <RevealDialog id={item.id} isOpen={asking} onOpenChange={setAsking} onRevealed={setRevealed} /> : null}
    </section>
  );
}

function RevealDialog({ id, isOpen, onOpenChange, onRevealed }: { id: string; isOpen: boolean; onOpenChange: (v: boolean) => void; onRevealed: (text: string) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const mutation = useMutation({
    mutationFn: () => revealText(id, reason.trim()),
    onSuccess: (out) => {
      onRevealed(out.text);
      onOpenChange(false);
    },
  });
  useEffect(() => {
    if (!isOpen) {
      mutation.reset();
      setReason('');
    }
  }, [isOpen]);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (mutation.isPending || reason.trim().length < 3) return;
    mutation.mutate();
  };
  return (
    <ModalDialog title={t('inbox.reveal.title')} isOpen={isOpen} onOpenChange={onOpenChange} isDismissable={!mutation.isPending}>
      <p className="dialog__intro">{t('inbox.reveal.intro')}</p>
      <Form className="form" onSubmit={onSubmit} validationErrors={mutation.error instanceof ApiError ? mutation.error.fieldErrors() : {}}>
        <FormAlert message={mutation.isError ? errorMessage(mutation.error) : null} />
        <TextAreaInput label={t('inbox.reveal.reason')} name="reason" value={reason} onChange={setReason} isRequired minLength={3} maxLength={300} rows={3} autoFocus description={t('inbox.reveal.reasonHint')} />
        <div className="dialog__actions">
          <Button className="btn btn--secondary" slot="close" isDisabled={mutation.isPending}>
            {t('common.cancel')}
          </Button>
          <PendingButton type="submit" className="btn btn--primary" isPending={mutation.isPending}>
            {mutation.isPending ? t('common.loading') : t('inbox.reveal.submit')}
          </PendingButton>
        </div>
      </Form>
    </ModalDialog>
  );
}

// ── actions ─────────────────────────────────────────────────────────
function Actions({ conv, me, onLeave }: { conv: Conversation; me: SessionUser; onLeave: () => void }) {
  const { t } = useTranslation();
  const item = conv.interaction;
  const invalidate = useInvalidateInbox();
  const intentLabel = useIntentLabel();
  const [rerouting, setRerouting] = useState(false);
  const mineNow = item.assignee?.id === me.id;
  const closed = item.status === 'done' || item.status === 'spam' || item.status === 'hidden';
  // Colleagues who may take it (GET /api/inbox/assignees: responders too, without users.read).
  const colleagues = useQuery(assigneesQuery(item.orgId));

  const quick = useMutation({
    mutationFn: (action: QuickAction) => runQuickAction(item.id, action, me.id),
    onSuccess: async (_v, action) => {
      toast.success(t(`inbox.actions.toast.${action}`));
      await invalidate();
    },
    onError: (err) => toast.error(errorMessage(err)),
  });
  const assignTo = useMutation({
    mutationFn: (userId: string | null) => assignInteraction(item.id, userId),
    onSuccess: async (_v, userId) => {
      const name = userId ? (colleagues.data?.items.find((u) => u.id === userId)?.name ?? '') : '';
      toast.success(userId ? t('inbox.actions.assignedTo', { name }) : t('inbox.actions.toast.unassign'));
      await invalidate();
    },
    onError: (err) => toast.error(errorMessage(err)),
  });
  const intent = useMutation({
    mutationFn: (value: string) => correctIntent(item.id, value),
    onSuccess: async (_v, value) => {
      toast.success(t('inbox.actions.intentCorrected', { intent: intentLabel(value) }));
      await invalidate();
    },
    onError: (err) => toast.error(errorMessage(err)),
  });
  const pending = quick.isPending ? quick.variables : null;
  const people = colleagues.data?.items ?? [];

  return (
    <section className="conv-actions" aria-labelledby="actions-heading">
      <h3 id="actions-heading" className="visually-hidden">
        {t('common.actions')}
      </h3>
      <div className="button-row">
        {mineNow ? (
          <PendingButton className="btn btn--secondary btn--small" isPending={pending === 'unassign'} onPress={() => quick.mutate('unassign')}>
            {t('inbox.actions.unassign')}
          </PendingButton>
        ) : (
          <PendingButton className="btn btn--primary btn--small" isPending={pending === 'assignMe'} onPress={() => quick.mutate('assignMe')}>
            {t('inbox.actions.assignMe')}
          </PendingButton>
        )}
        {closed ? (
          <PendingButton className="btn btn--secondary btn--small" isPending={pending === 'open'} onPress={() => quick.mutate('open')}>
            {t('inbox.actions.reopen')}
          </PendingButton>
        ) : (
          <PendingButton className="btn btn--secondary btn--small" isPending={pending === 'done'} onPress={() => quick.mutate('done')}>
            {t('inbox.actions.markDone')}
          </PendingButton>
        )}
        {item.status !== 'spam' ? (
          <PendingButton className="btn btn--secondary btn--small" isPending={pending === 'spam'} onPress={() => quick.mutate('spam')}>
            {t('inbox.actions.markSpam')}
          </PendingButton>
        ) : null}
        <Button className="btn btn--secondary btn--small" onPress={() => setRerouting(true)}>
          {t('inbox.actions.reroute')}
        </Button>
        <CaseButton interactionId={item.id} me={me} />
      </div>
      <div className="conv-actions__fields">
        {colleagues.data ? (
          <SelectField
            label={t('inbox.actions.assignee')}
            items={[{ id: 'none', label: t('inbox.unassigned') }, ...people.map((u) => ({ id: u.id, label: u.id === me.id ? `${u.name} (${t('common.you')})` : u.name }))]}
            value={item.assignee?.id ?? 'none'}
            onChange={(v) => assignTo.mutate(v === 'none' ? null : v)}
            isDisabled={assignTo.isPending || colleagues.isPending}
          />
        ) : null}
        <SelectField
          label={t('inbox.actions.correctIntent')}
          items={INTENTS.map((i) => ({ id: i, label: t(`inbox.intent.${i}`) }))}
          value={item.intent && (INTENTS as readonly string[]).includes(item.intent) ? item.intent : null}
          onChange={(v) => {
            if (v !== item.intent) intent.mutate(v);
          }}
          description={t('inbox.actions.correctIntentHint')}
          isDisabled={intent.isPending}
        />
      </div>
      <RerouteDialog item={item} me={me} isOpen={rerouting} onOpenChange={setRerouting} onMoved={onLeave} />
    </section>
  );
}

function RerouteDialog({ item, me, isOpen, onOpenChange, onMoved }: { item: InboxItem; me: SessionUser; isOpen: boolean; onOpenChange: (v: boolean) => void; onMoved: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const orgs = useQuery({ ...orgsQuery({}), enabled: isOpen });
  const [orgCode, setOrgCode] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const options = (orgs.data?.items ?? []).filter((o) => o.kind !== 'province' && o.active && (o.code !== item.orgCode || item.triage)).map((o) => ({ id: o.code, label: `${o.code} · ${o.name}` }));
  const mutation = useMutation({
    mutationFn: () => rerouteInteraction(item.id, { orgCode: orgCode!, reason: reason.trim() }),
    onSuccess: async () => {
      toast.success(t('inbox.reroute.done', { org: orgCode }));
      onOpenChange(false);
      await queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'inbox' && q.queryKey[1] !== 'canned' });
      // An OPD no longer sees what it passed on.
      if (!isProvinceRole(me.role)) onMoved();
    },
  });
  useEffect(() => {
    if (!isOpen) {
      mutation.reset();
      setOrgCode(null);
      setReason('');
    }
  }, [isOpen]);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (mutation.isPending || !orgCode || reason.trim().length < 3) return;
    mutation.mutate();
  };
  return (
    <ModalDialog title={t('inbox.reroute.title')} isOpen={isOpen} onOpenChange={onOpenChange} isDismissable={!mutation.isPending}>
      <p className="dialog__intro">{t('inbox.reroute.intro', { org: item.orgCode })}</p>
      <Form className="form" onSubmit={onSubmit} validationErrors={mutation.error instanceof ApiError ? mutation.error.fieldErrors() : {}}>
        <FormAlert message={mutation.isError ? errorMessage(mutation.error) : null} />
        <ComboField label={t('inbox.reroute.target')} name="orgCode" items={options} value={orgCode} onChange={setOrgCode} isRequired description={t('users.orgSearch')} />
        <TextAreaInput label={t('inbox.reroute.reason')} name="reason" value={reason} onChange={setReason} isRequired minLength={3} maxLength={500} rows={3} description={t('inbox.reroute.reasonHint')} />
        <div className="dialog__actions">
          <Button className="btn btn--secondary" slot="close" isDisabled={mutation.isPending}>
            {t('common.cancel')}
          </Button>
          <PendingButton type="submit" className="btn btn--primary" isPending={mutation.isPending}>
            {mutation.isPending ? t('common.saving') : t('inbox.reroute.submit')}
          </PendingButton>
        </div>
      </Form>
    </ModalDialog>
  );
}

// ── analysis and its reasons ────────────────────────────────────────
function useFeatureLabel(): (feature: string) => string {
  const { t, i18n } = useTranslation();
  return (feature) => {
    const f = parseFeature(feature);
    switch (f.kind) {
      case 'number':
        return t('inbox.why.feature.number');
      case 'keyword':
        return t('inbox.why.feature.keyword', { org: f.value });
      case 'addressed':
        return t('inbox.why.feature.addressed', { org: f.value });
      case 'cue':
        return i18n.exists(`inbox.why.cue.${f.value}`) ? t(`inbox.why.cue.${f.value}` as 'inbox.why.cue.urgent') : t('inbox.why.feature.cue', { value: f.value });
      case 'word':
        return t('inbox.why.feature.word', { value: f.value });
      default:
        return f.value;
    }
  };
}

function Analysis({ conv }: { conv: Conversation }) {
  const { t, i18n } = useTranslation();
  const item = conv.interaction;
  const why = conv.why;
  const pct = (w: Why) => {
    const p = percent(w.confidence);
    return p ? <span className="muted small"> ({t('inbox.why.confidence', { value: p })})</span> : null;
  };
  const tasks = [
    ['intent', why.intent],
    ['route', why.route],
    ['sentiment', why.sentiment],
    ['urgency', why.urgency],
  ] as const;
  return (
    <section className="analysis" aria-labelledby="analysis-heading">
      <h3 id="analysis-heading" className="conversation__section-title">
        {t('inbox.why.title')}
      </h3>
      <dl className="facts facts--compact">
        <div>
          <dt>{t('inbox.intentLabel')}</dt>
          <dd>
            <IntentBadge intent={item.intent} />
            {pct(why.intent)}
          </dd>
        </div>
        <div>
          <dt>{t('inbox.sentimentLabel')}</dt>
          <dd>
            <SentimentBadge sentiment={item.sentiment} />
            {pct(why.sentiment)}
          </dd>
        </div>
        <div>
          <dt>{t('inbox.urgencyLabel')}</dt>
          <dd>
            <UrgencyBadge urgency={item.urgency} />
            {pct(why.urgency)}
          </dd>
        </div>
        <div>
          <dt>{t('inbox.routeLabel')}</dt>
          <dd>
            {why.route.owner ?? item.route ?? '—'}
            {item.route ? <span className="code small"> ({item.route})</span> : null}
            {pct(why.route)}
            {why.route.explanation ? <span className="block small">{why.route.explanation}</span> : null}
          </dd>
        </div>
        {item.triage ? (
          <div>
            <dt>{t('inbox.triageLabel')}</dt>
            <dd>{item.triageReason ?? t('inbox.triageNoReason')}</dd>
          </div>
        ) : null}
        {why.personalData.length > 0 ? (
          <div>
            <dt>{t('inbox.why.personalData')}</dt>
            <dd>{[...new Set(why.personalData)].map((p) => (i18n.exists(`inbox.pii.${p}`) ? t(`inbox.pii.${p}` as 'inbox.pii.nik') : p)).join(', ')}</dd>
          </div>
        ) : null}
      </dl>
      <details className="disclosure why">
        <summary>{t('inbox.why.summary')}</summary>
        <p className="small muted">{t('inbox.why.intro')}</p>
        <div className="why__grid">
          {tasks.map(([task, w]) => (
            <ReasonTable key={task} title={t(`inbox.why.task.${task}`)} why={w} />
          ))}
        </div>
        {item.modelVersion ? <p className="small muted">{t('inbox.why.model', { version: item.modelVersion })}</p> : null}
      </details>
    </section>
  );
}

function ReasonTable({ title, why }: { title: string; why: Why }) {
  const { t, i18n } = useTranslation();
  const label = useFeatureLabel();
  const reasons = topReasons(why.reasons, 5);
  const fmt = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'id-ID', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return (
    <div className="why__task">
      <h4 className="why__title">{title}</h4>
      {reasons.length === 0 ? (
        <p className="small muted">{t('inbox.why.none')}</p>
      ) : (
        <table className="table why__table">
          <caption className="visually-hidden">{t('inbox.why.caption', { task: title })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('inbox.why.feature.header')}</th>
              <th scope="col" className="num">
                {t('inbox.why.weight')}
              </th>
            </tr>
          </thead>
          <tbody>
            {reasons.map((r, i) => (
              <tr key={`${r.feature}-${i}`}>
                <th scope="row">{label(r.feature)}</th>
                <td className="num">{fmt.format(r.weight)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

// ── the thread with our replies ─────────────────────────────────────
type Entry = { at: string; kind: 'in'; item: InboxItem } | { at: string; kind: 'out'; reply: SentReply };

function Thread({ conv }: { conv: Conversation }) {
  const { t } = useTranslation();
  const contactName = useContactName();
  const kindLabel = useKindLabel();
  const narrow = useIsNarrow();
  const current = conv.interaction.id;
  const entries: Entry[] = [
    ...conv.thread.map((item): Entry => ({ at: item.occurredAt ?? item.receivedAt, kind: 'in', item })),
    ...conv.replies.map((reply): Entry => ({ at: reply.createdAt, kind: 'out', reply })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  if (!entries.some((e) => e.kind === 'in' && e.item.id === current)) entries.push({ at: conv.interaction.receivedAt, kind: 'in', item: conv.interaction });
  const title = conv.interaction.kind === 'message' ? t('inbox.thread.titleMessage') : t('inbox.thread.titlePost');
  return (
    <section className="thread" aria-labelledby="thread-heading">
      <h3 id="thread-heading" className="conversation__section-title">
        {title}
      </h3>
      <ol className="thread__list">
        {entries.map((e) =>
          e.kind === 'in' ? (
            <li key={e.item.id} className={`thread__item thread__item--in${e.item.id === current ? ' is-current' : ''}`} aria-current={e.item.id === current ? 'true' : undefined}>
              <p className="thread__meta">
                <span className="thread__who">{contactName(e.item)}</span>
                <span className="muted"> · {kindLabel(e.item.kind)} · </span>
                <DateTime value={e.at} />
                {e.item.id === current ? <span className="badge badge--tone-info thread__this">{t('inbox.thread.thisMessage')}</span> : null}
              </p>
              <p className="thread__text">{e.item.text || t('inbox.noText')}</p>
              {e.item.id !== current ? (
                <p className="thread__open">
                  <Link to="/kotak-masuk" search={(prev: InboxSearch) => ({ ...prev, pesan: e.item.id })} resetScroll={narrow}>
                    {t('inbox.thread.open')}
                    <span className="visually-hidden">: {e.item.text.slice(0, 60)}</span>
                  </Link>
                </p>
              ) : null}
            </li>
          ) : (
            <li key={e.reply.id} className={`thread__item thread__item--out thread__item--${e.reply.status}`}>
              <p className="thread__meta">
                <span className="thread__who">{t(`inbox.thread.reply.${e.reply.mode}`, { name: e.reply.by ?? t('inbox.thread.someone') })}</span>
                <span className="muted"> · </span>
                <DateTime value={e.reply.sentAt ?? e.reply.createdAt} />
                <ReplyStatusBadge status={e.reply.status} />
              </p>
              <p className="thread__text">{e.reply.text}</p>
              {e.reply.error && e.reply.status !== 'sent' ? (
                <p className={`thread__error ${e.reply.status === 'failed' ? 'thread__error--failed' : ''}`}>
                  {e.reply.status === 'queued' ? t('inbox.thread.retrying') : null}
                  {e.reply.error}
                </p>
              ) : null}
            </li>
          ),
        )}
      </ol>
    </section>
  );
}

// ── the contact, the person's other channels, and their history ─────
function ContactCard({ conv, canWork }: { conv: Conversation; canWork: boolean }) {
  const { t } = useTranslation();
  const item = conv.interaction;
  const intentLabel = useIntentLabel();
  const contactName = useContactName();
  const kindLabel = useKindLabel();
  const narrow = useIsNarrow();
  const invalidate = useInvalidateInbox();
  const [linking, setLinking] = useState(false);
  const [unlinking, setUnlinking] = useState<Contact | null>(null);
  const unlink = useMutation({
    mutationFn: (c: Contact) => unlinkContact(c.id),
    onSuccess: async () => {
      toast.success(t('inbox.contact.unlinked'));
      setUnlinking(null);
      await invalidate();
    },
  });
  if (!item.contact) return null;
  const contacts = conv.contacts ?? [];
  const others = contacts.filter((c) => !c.current);
  const self = contacts.find((c) => c.current);
  return (
    <section className="contact-card" aria-labelledby="contact-heading">
      <h3 id="contact-heading" className="conversation__section-title">
        {t('inbox.contact.title')}
      </h3>
      <p className="contact-card__name">
        {contactName(item)}
        {item.contact.handle ? <span className="muted small block">{displayHandle(item.platform, item.contact.handle)}</span> : null}
      </p>
      <h4 className="contact-card__subtitle">{t('inbox.contact.linkedTitle')}</h4>
      {others.length === 0 ? (
        <p className="small muted">{t('inbox.contact.noLinks')}</p>
      ) : (
        <ul className="contact-card__links">
          {others.map((c) => (
            <li key={c.id} className="contact-card__link-item">
              <span>
                <PlatformLabel platform={c.platform} /> {c.name ?? t('inbox.anonymous')}
                {c.handle ? <span className="muted small"> · {displayHandle(c.platform, c.handle)}</span> : null}
              </span>
              {canWork ? (
                <Button className="btn btn--ghost btn--small" onPress={() => setUnlinking(c)}>
                  <span aria-hidden="true">{t('inbox.contact.unlink')}</span>
                  <span className="visually-hidden">{t('inbox.contact.unlinkLabel', { name: c.name ?? c.platform })}</span>
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canWork && self ? (
        <p>
          <Button className="btn btn--secondary btn--small" onPress={() => setLinking(true)}>
            {t('inbox.contact.link')}
          </Button>
        </p>
      ) : null}
      <h4 className="contact-card__subtitle">{others.length ? t('inbox.contact.historyAll') : t('inbox.contact.history')}</h4>
      {conv.contactHistory.length === 0 ? (
        <p className="small muted">{t('inbox.contact.noHistory')}</p>
      ) : (
        <ul className="contact-card__history">
          {conv.contactHistory.map((h) => (
            <li key={h.id}>
              <Link to="/kotak-masuk" search={(prev: InboxSearch) => ({ ...prev, pesan: h.id })} className="contact-card__link" resetScroll={narrow}>
                <span className="contact-card__text">{h.text.slice(0, 140) || t('inbox.noText')}</span>
                <span className="small muted block">
                  <PlatformLabel platform={h.platform} /> · {kindLabel(h.kind)} · {intentLabel(h.intent)} · {t(`inbox.status.${h.status}`)} · <DateTime value={h.occurredAt ?? h.receivedAt} />
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {self ? <LinkContactDialog contact={self} linked={contacts.map((c) => c.id)} isOpen={linking} onOpenChange={setLinking} /> : null}
      <ConfirmDialog
        title={t('inbox.contact.unlinkTitle')}
        body={<p>{t('inbox.contact.unlinkBody', { name: unlinking?.name ?? unlinking?.platform ?? '' })}</p>}
        confirmLabel={t('inbox.contact.unlink')}
        tone="danger"
        isOpen={unlinking !== null}
        isPending={unlink.isPending}
        error={unlink.isError ? errorMessage(unlink.error) : null}
        onConfirm={() => unlinking && unlink.mutate(unlinking)}
        onOpenChange={(v) => {
          if (!v) {
            setUnlinking(null);
            unlink.reset();
          }
        }}
      />
    </section>
  );
}

/** Find another contact of the same person (name, account, number) and link it; the server audits it. */
function LinkContactDialog({ contact, linked, isOpen, onOpenChange }: { contact: Contact; linked: string[]; isOpen: boolean; onOpenChange: (v: boolean) => void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidateInbox();
  const [q, setQ] = useState('');
  const query = useDebounced(q.trim(), 300);
  const results = useQuery({ queryKey: ['inbox', 'contacts', query], queryFn: ({ signal }) => searchContacts(query, signal), enabled: isOpen && query.length >= 2 });
  const link = useMutation({
    mutationFn: (other: Contact) => linkContact(contact.id, other.id),
    onSuccess: async (_r, other) => {
      toast.success(t('inbox.contact.linked', { name: other.name ?? other.platform }));
      onOpenChange(false);
      await invalidate();
    },
  });
  useEffect(() => {
    if (!isOpen) {
      setQ('');
      link.reset();
    }
  }, [isOpen]);
  const options = (results.data?.items ?? []).filter((c) => !linked.includes(c.id));
  return (
    <ModalDialog title={t('inbox.contact.linkTitle')} isOpen={isOpen} onOpenChange={onOpenChange} isDismissable={!link.isPending}>
      <p className="dialog__intro">{t('inbox.contact.linkIntro')}</p>
      <FormAlert message={link.isError ? errorMessage(link.error) : null} />
      <TextInput label={t('inbox.contact.search')} name="q" type="search" value={q} onChange={setQ} description={t('inbox.contact.searchHint')} autoFocus />
      <div aria-live="polite" className="contact-search">
        {query.length >= 2 && results.isPending ? <Loading /> : null}
        {results.isError ? <FormAlert message={errorMessage(results.error)} /> : null}
        {results.data ? (
          options.length === 0 ? (
            <p className="small muted">{t('inbox.contact.noResults')}</p>
          ) : (
            <ul className="plain-list contact-search__list" aria-label={t('inbox.contact.results')}>
              {options.map((c) => (
                <li key={c.id} className="contact-card__link-item">
                  <span>
                    <PlatformLabel platform={c.platform} /> {c.name ?? t('inbox.anonymous')}
                    {c.handle ? <span className="muted small"> · {displayHandle(c.platform, c.handle)}</span> : null}
                    {c.personId ? <span className="badge">{t('inbox.contact.alreadyLinked')}</span> : null}
                  </span>
                  <PendingButton className="btn btn--secondary btn--small" isPending={link.isPending && link.variables?.id === c.id} onPress={() => link.mutate(c)}>
                    <span aria-hidden="true">{t('inbox.contact.linkButton')}</span>
                    <span className="visually-hidden">{t('inbox.contact.linkLabel', { name: c.name ?? c.platform, platform: c.platform })}</span>
                  </PendingButton>
                </li>
              ))}
            </ul>
          )
        ) : null}
      </div>
      <div className="dialog__actions">
        <Button className="btn btn--secondary" slot="close" isDisabled={link.isPending}>
          {t('common.close')}
        </Button>
      </div>
    </ModalDialog>
  );
}
