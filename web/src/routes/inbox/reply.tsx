// The reply box: canned responses (the server fills {nama} and {kode_aduan}), public or private
// as the platform allows, the platforms' time windows, one requestId per composed reply so that a
// double click sends once. Outside WhatsApp's 24-hour window only an approved template can be
// sent: the box then offers the account's templates with a field per {{n}} and a preview. The sent
// reply appears in the thread and its status is followed there.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Form, Radio, RadioGroup, Label } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client.ts';
import { sendReply } from '../../api/endpoints.ts';
import { cannedQuery, platformsQuery, templatesQuery } from '../../api/queries.ts';
import type { Conversation, MessageTemplate } from '../../api/types.ts';
import { SelectField, TextAreaInput, TextInput } from '../../components/fields.tsx';
import { PendingButton } from '../../components/pending-button.tsx';
import { FormAlert } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { fillTemplate, lastInbound, newRequestId, replyModes, replyRule, type ReplyMode } from '../../lib/inbox.ts';
import { useNow } from '../../lib/use-now.ts';
import { usePlatformName } from '../channels/shared.tsx';

export function ReplyBox({ conv }: { conv: Conversation }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const platformName = usePlatformName();
  const item = conv.interaction;
  const now = useNow();
  const platforms = useQuery(platformsQuery());
  const caps = platforms.data?.items.find((p) => p.platform === item.platform)?.capabilities;
  const modes = replyModes(item, caps);
  const [mode, setMode] = useState<ReplyMode | null>(null);
  const chosen: ReplyMode | undefined = mode && modes.includes(mode) ? mode : modes[0];
  const canned = useQuery(cannedQuery(item.orgId));
  const [text, setText] = useState('');
  const [cannedId, setCannedId] = useState<string | null>(null);
  // One id per composed reply: repeated presses (or a retry after a lost answer) send it once.
  const requestId = useRef(newRequestId());
  const cannedItem = canned.data?.items.find((c) => c.id === cannedId);
  const rule = chosen ? replyRule(item, chosen, lastInbound(conv.thread, item.contact?.id ?? null), now) : null;
  // WhatsApp outside the 24-hour window: approved templates only.
  const needsTemplate = item.platform === 'whatsapp' && rule?.rule === 'window24' && !rule.open;
  const templates = useQuery({ ...templatesQuery(item.accountId ?? ''), enabled: needsTemplate && !!item.accountId });
  const [templateKey, setTemplateKey] = useState<string | null>(null);
  const [params, setParams] = useState<string[]>([]);
  const template = templates.data?.items.find((x) => templateId(x) === templateKey) ?? null;
  const preview = template ? fillTemplate(template.body, params) : '';
  const templateReady = !!template && params.length >= template.parameters && params.slice(0, template.parameters).every((p) => p.trim());

  const mutation = useMutation({
    mutationFn: () => {
      if (needsTemplate && template) {
        // The preview is what the thread shows; WhatsApp renders the template itself.
        return sendReply(item.id, { mode: 'private', requestId: requestId.current, text: preview, template: { name: template.name, language: template.language, parameters: params.slice(0, template.parameters).map((p) => p.trim()) } });
      }
      // The canned text unchanged: send its id, the server renders the variables and records which one was used.
      const useCanned = cannedItem && text === cannedItem.body;
      return sendReply(item.id, { mode: chosen!, requestId: requestId.current, ...(useCanned ? { cannedId: cannedItem.id } : { text }) });
    },
    onSuccess: async (out) => {
      toast.success(out?.duplicate ? t('inbox.reply.duplicate') : t('inbox.reply.queued'));
      setText('');
      setCannedId(null);
      setTemplateKey(null);
      setParams([]);
      requestId.current = newRequestId();
      await queryClient.invalidateQueries({ queryKey: ['inbox'] });
    },
  });

  if (item.deleted) return <ReplySection><p className="small muted">{t('inbox.reply.deleted')}</p></ReplySection>;
  if (!item.accountId) return <ReplySection><p className="small muted">{t('inbox.reply.noAccount')}</p></ReplySection>;
  if (platforms.data && modes.length === 0) {
    return (
      <ReplySection>
        <p className="small muted">{t('inbox.reply.unsupported', { platform: platformName(item.platform) })}</p>
      </ReplySection>
    );
  }

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (mutation.isPending || !chosen) return;
    if (needsTemplate ? !templateReady : !text.trim()) return;
    mutation.mutate();
  };

  if (needsTemplate) {
    return (
      <ReplySection>
        <Form className="form reply-form" onSubmit={onSubmit} validationErrors={mutation.error instanceof ApiError ? mutation.error.fieldErrors() : {}}>
          <FormAlert message={mutation.isError ? errorMessage(mutation.error) : null} />
          {rule ? <p className="alert alert--warning small">{t('inbox.reply.rule.window24.closed', { platform: platformName(item.platform), time: formatDateTime(rule.endsAt, i18n.language) })}</p> : null}
          <p className="small">{t('inbox.reply.template.intro')}</p>
          {templates.isError ? <FormAlert message={errorMessage(templates.error)} /> : null}
          {templates.data && templates.data.items.length === 0 ? <p className="small muted">{t('inbox.reply.template.none')}</p> : null}
          {templates.data && templates.data.items.length > 0 ? (
            <SelectField
              label={t('inbox.reply.template.label')}
              items={templates.data.items.map((x) => ({ id: templateId(x), label: `${x.name} (${x.language})`, description: x.body.slice(0, 90) }))}
              value={templateKey}
              onChange={(k) => {
                setTemplateKey(k);
                setParams([]);
              }}
              placeholder={t('inbox.reply.template.placeholder')}
              isRequired
            />
          ) : null}
          {template ? (
            <>
              {Array.from({ length: template.parameters }, (_, i) => (
                <TextInput
                  key={`${templateKey}-${i}`}
                  label={t('inbox.reply.template.param', { n: i + 1 })}
                  name={`param${i + 1}`}
                  value={params[i] ?? ''}
                  onChange={(v) => setParams((prev) => Object.assign([...prev], { [i]: v }))}
                  isRequired
                />
              ))}
              <div className="reply-template__preview" role="group" aria-label={t('inbox.reply.template.preview')}>
                <p className="field__label">{t('inbox.reply.template.preview')}</p>
                {/* A template is the platform's text with the responder's values: shown as text. */}
                <p className="thread__text">{preview}</p>
              </div>
            </>
          ) : null}
          <div className="form__actions">
            <PendingButton type="submit" className="btn btn--primary" isPending={mutation.isPending} isDisabled={!templateReady}>
              {mutation.isPending ? t('inbox.reply.sending') : t('inbox.reply.template.send')}
            </PendingButton>
          </div>
        </Form>
      </ReplySection>
    );
  }
  const fieldErrors = mutation.error instanceof ApiError ? mutation.error.fieldErrors() : {};

  return (
    <ReplySection>
      <Form className="form reply-form" onSubmit={onSubmit} validationErrors={fieldErrors}>
        <FormAlert message={mutation.isError ? errorMessage(mutation.error) : null} />
        {(canned.data?.items.length ?? 0) > 0 ? (
          <SelectField
            label={t('inbox.reply.canned')}
            items={(canned.data?.items ?? []).map((c) => ({ id: c.id, label: c.title }))}
            value={cannedId}
            placeholder={t('inbox.reply.cannedPlaceholder')}
            onChange={(id) => {
              const c = canned.data?.items.find((x) => x.id === id);
              setCannedId(id);
              if (c) setText(c.body);
            }}
            description={t('inbox.reply.cannedHint')}
          />
        ) : null}
        {modes.length > 1 ? (
          <RadioGroup className="radio-group radio-group--inline" value={chosen ?? null} onChange={(v) => setMode(v as ReplyMode)}>
            <Label className="field__label">{t('inbox.reply.mode')}</Label>
            {modes.map((m) => (
              <Radio key={m} value={m} className="radio">
                {t(`inbox.reply.modes.${m}`)}
              </Radio>
            ))}
          </RadioGroup>
        ) : chosen ? (
          <p className="small muted">{item.kind === 'message' ? t('inbox.reply.messagePrivate') : t(`inbox.reply.only.${chosen}`)}</p>
        ) : null}
        {rule ? (
          <p className={`alert ${rule.open ? 'alert--info' : 'alert--warning'} small`}>
            {t(`inbox.reply.rule.${rule.rule}.${rule.open ? 'open' : 'closed'}`, { platform: platformName(item.platform), time: formatDateTime(rule.endsAt, i18n.language) })}
          </p>
        ) : null}
        <TextAreaInput
          id="reply-text"
          label={t('inbox.reply.label')}
          name="text"
          value={text}
          onChange={setText}
          rows={4}
          maxLength={4000}
          description={t('inbox.reply.hint')}
        />
        <div className="form__actions">
          <PendingButton type="submit" className="btn btn--primary" isPending={mutation.isPending} isDisabled={!text.trim() || !chosen}>
            {mutation.isPending ? t('inbox.reply.sending') : chosen === 'private' ? t('inbox.reply.sendPrivate') : t('inbox.reply.sendPublic')}
          </PendingButton>
        </div>
      </Form>
    </ReplySection>
  );
}

const templateId = (x: MessageTemplate) => `${x.name}|${x.language}`;

function ReplySection({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <section className="reply" aria-labelledby="reply-heading">
      <h3 id="reply-heading" className="conversation__section-title">
        {t('inbox.reply.title')}
      </h3>
      {children}
    </section>
  );
}
