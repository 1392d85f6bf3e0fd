// Bulk actions: the selected items are marked done / spam or assigned to me one by one through the
// single-item endpoints, with progress and a per-item report of what failed.
import { useState } from 'react';
import { Button, Checkbox } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client.ts';
import type { InboxItem, SessionUser } from '../../api/types.ts';
import { toast } from '../../components/toast.tsx';
import { runQuickAction, useContactName, useInvalidateInbox, type QuickAction } from './shared.tsx';

type Failure = { id: string; label: string; message: string };
type BulkAction = Extract<QuickAction, 'done' | 'spam' | 'assignMe'>;

export function BulkBar({ items, selected, setSelected, me }: { items: InboxItem[]; selected: Set<string>; setSelected: (fn: (prev: Set<string>) => Set<string>) => void; me: SessionUser }) {
  const { t } = useTranslation();
  const invalidate = useInvalidateInbox();
  const contactName = useContactName();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [failures, setFailures] = useState<Failure[]>([]);
  const allSelected = items.length > 0 && items.every((i) => selected.has(i.id));
  const someSelected = selected.size > 0;

  const run = async (action: BulkAction) => {
    if (progress) return;
    const targets = items.filter((i) => selected.has(i.id));
    if (targets.length === 0) return;
    setFailures([]);
    const failed: Failure[] = [];
    let n = 0;
    setProgress({ done: 0, total: targets.length });
    // In sequence: the server sees one change at a time, and a failure names its item.
    for (const item of targets) {
      try {
        await runQuickAction(item.id, action, me.id);
      } catch (err) {
        failed.push({ id: item.id, label: `${contactName(item)}: ${item.text.slice(0, 80)}`, message: errorMessage(err) });
      }
      n++;
      setProgress({ done: n, total: targets.length });
    }
    setProgress(null);
    setFailures(failed);
    const ok = targets.length - failed.length;
    if (ok > 0) toast.success(t(`inbox.bulk.done.${action}`, { count: ok }));
    // Failed items stay selected so that they can be tried again.
    setSelected(() => new Set(failed.map((f) => f.id)));
    await invalidate();
  };

  return (
    <div className="bulk-bar" role="group" aria-label={t('inbox.bulk.label')}>
      <div className="bulk-bar__row">
        <Checkbox
          className="checkbox"
          isSelected={allSelected}
          isIndeterminate={someSelected && !allSelected}
          onChange={(v) => setSelected(() => (v ? new Set(items.map((i) => i.id)) : new Set()))}
        >
          <span className="checkbox__box" aria-hidden="true" />
          <span className="checkbox__label">{t('inbox.bulk.selectAll')}</span>
        </Checkbox>
        <span className="bulk-bar__count" aria-live="polite">
          {someSelected ? t('inbox.bulk.selected', { count: selected.size }) : ''}
        </span>
      </div>
      {someSelected ? (
        <div className="bulk-bar__actions">
          <Button className="btn btn--secondary btn--small" onPress={() => void run('done')} isDisabled={!!progress}>
            {t('inbox.bulk.markDone')}
          </Button>
          <Button className="btn btn--secondary btn--small" onPress={() => void run('spam')} isDisabled={!!progress}>
            {t('inbox.bulk.markSpam')}
          </Button>
          <Button className="btn btn--secondary btn--small" onPress={() => void run('assignMe')} isDisabled={!!progress}>
            {t('inbox.bulk.assignMe')}
          </Button>
          <Button className="btn btn--ghost btn--small" onPress={() => setSelected(() => new Set())} isDisabled={!!progress}>
            {t('inbox.bulk.clear')}
          </Button>
        </div>
      ) : null}
      <p className="small" role="status">
        {progress ? t('inbox.bulk.progress', { done: progress.done, total: progress.total }) : ''}
      </p>
      {failures.length > 0 ? (
        <div className="alert alert--error" role="alert">
          <p className="alert__title">{t('inbox.bulk.failed', { count: failures.length })}</p>
          <ul className="bulk-bar__failures">
            {failures.map((f) => (
              <li key={f.id}>
                <span className="bulk-bar__failure-item">{f.label}</span> — {f.message}
              </li>
            ))}
          </ul>
          <Button className="btn btn--ghost btn--small" onPress={() => setFailures([])}>
            {t('common.close')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
