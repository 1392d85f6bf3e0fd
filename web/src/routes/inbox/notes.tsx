// Internal notes on a conversation, never sent to the citizen. Colleagues are mentioned by
// @email; typing "@" suggests the OPD's colleagues (GET /api/inbox/assignees).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client.ts';
import { addNote } from '../../api/endpoints.ts';
import { assigneesQuery } from '../../api/queries.ts';
import type { Conversation, SessionUser } from '../../api/types.ts';
import { DateTime } from '../../components/date-time.tsx';
import { TextAreaInput } from '../../components/fields.tsx';
import { PendingButton } from '../../components/pending-button.tsx';
import { FormAlert } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { mentionQuery } from '../../lib/inbox.ts';

export function NotesSection({ conv, me, canWrite }: { conv: Conversation; me: SessionUser; canWrite: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const item = conv.interaction;
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const ref = useRef<HTMLTextAreaElement>(null);
  const people = useQuery({ ...assigneesQuery(item.orgId), enabled: canWrite });
  const mutation = useMutation({
    mutationFn: () => addNote(item.id, text.trim()),
    onSuccess: async (note) => {
      setText('');
      toast.success(note.mentions.length > 0 ? t('inbox.notes.savedMentions', { count: note.mentions.length }) : t('inbox.notes.saved'));
      await queryClient.invalidateQueries({ queryKey: ['inbox', 'conversation', item.id] });
    },
  });

  const mention = mentionQuery(text, caret);
  const suggestions =
    mention && people.data
      ? people.data.items.filter((u) => u.id !== me.id && (u.email.toLowerCase().startsWith(mention.query) || u.name.toLowerCase().includes(mention.query))).slice(0, 5)
      : [];
  const insert = (email: string) => {
    if (!mention) return;
    const next = `${text.slice(0, mention.start)}@${email} ${text.slice(caret)}`;
    const pos = mention.start + email.length + 2;
    setText(next);
    setCaret(pos);
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(pos, pos);
    });
  };
  const track = () => setCaret(ref.current?.selectionStart ?? text.length);

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (mutation.isPending || !text.trim()) return;
    mutation.mutate();
  };

  return (
    <section className="notes" aria-labelledby="notes-heading">
      <h3 id="notes-heading" className="conversation__section-title">
        {t('inbox.notes.title')}
      </h3>
      {conv.notes.length === 0 ? (
        <p className="small muted">{t('inbox.notes.empty')}</p>
      ) : (
        <ol className="notes__list">
          {conv.notes.map((n) => (
            <li key={n.id} className="note">
              <p className="note__meta">
                <span className="note__author">{n.authorName}</span> · <DateTime value={n.createdAt} />
              </p>
              <p className="note__text">{n.text}</p>
            </li>
          ))}
        </ol>
      )}
      {canWrite ? (
        <Form className="form notes__form" onSubmit={onSubmit}>
          <FormAlert message={mutation.isError ? errorMessage(mutation.error) : null} />
          <TextAreaInput
            label={t('inbox.notes.label')}
            name="note"
            value={text}
            onChange={(v) => {
              setText(v);
              requestAnimationFrame(track);
            }}
            onSelect={track}
            inputRef={ref}
            rows={3}
            maxLength={4000}
            description={t('inbox.notes.hint')}
          />
          {suggestions.length > 0 ? (
            <div className="mention-suggestions" role="group" aria-label={t('inbox.notes.suggestions')}>
              {suggestions.map((u) => (
                <Button key={u.id} className="btn btn--ghost btn--small" onPress={() => insert(u.email)}>
                  {t('inbox.notes.mention', { name: u.name, email: u.email })}
                </Button>
              ))}
            </div>
          ) : null}
          <div className="form__actions">
            <PendingButton type="submit" className="btn btn--secondary" isPending={mutation.isPending} isDisabled={!text.trim()}>
              {mutation.isPending ? t('common.saving') : t('inbox.notes.add')}
            </PendingButton>
          </div>
        </Form>
      ) : null}
    </section>
  );
}
