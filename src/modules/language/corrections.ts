import { sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/index.ts';
import { correctionToJsonl, type Correction } from './index.ts';
import { maskPersonalData } from './pii.ts';

// Storage of responders' corrections (owned by the language module). The inbox calls
// recordCorrection when a responder changes an intent or re-routes a message; the CLI exports them
// in the training-file format.

export interface NewCorrection {
  orgId: string | null;
  interactionId: string;
  task: Correction['task'];
  text: string;
  channel?: string | null;
  predicted: string | null;
  corrected: string;
  modelVersion: string;
  correctedBy: string | null;
}

/** Stores (or replaces, for the same interaction and task) a correction; the text is masked first. */
export async function recordCorrection(db: DbOrTx, c: NewCorrection): Promise<void> {
  const values = {
    org_id: c.orgId,
    interaction_id: c.interactionId,
    task: c.task,
    text_masked: maskPersonalData(c.text),
    channel: c.channel ?? null,
    predicted: c.predicted,
    corrected: c.corrected,
    model_version: c.modelVersion,
    corrected_by: c.correctedBy,
  };
  await sql`
    insert into lang_correction (org_id, interaction_id, task, text_masked, channel, predicted, corrected, model_version, corrected_by)
    values (${values.org_id}, ${values.interaction_id}, ${values.task}, ${values.text_masked}, ${values.channel}, ${values.predicted}, ${values.corrected}, ${values.model_version}, ${values.corrected_by})
    on conflict (interaction_id, task) do update set corrected = excluded.corrected, corrected_by = excluded.corrected_by, created_at = now()`.execute(db);
}

/** All corrections (optionally of one task) as JSONL lines for `dayung lang train --corrections`. */
export async function exportCorrections(db: DbOrTx, task?: Correction['task']): Promise<string[]> {
  const { rows } = await sql<{ interaction_id: string; task: Correction['task']; text_masked: string; channel: string | null; predicted: string | null; corrected: string; model_version: string; created_at: Date }>`
    select interaction_id, task, text_masked, channel, predicted, corrected, model_version, created_at
      from lang_correction ${task ? sql`where task = ${task}` : sql``} order by id`.execute(db);
  return rows.map((r) =>
    correctionToJsonl({
      id: r.interaction_id,
      text: r.text_masked,
      ...(r.channel ? { channel: r.channel } : {}),
      task: r.task,
      predicted: r.predicted,
      modelVersion: r.model_version,
      corrected: r.corrected,
      correctedAt: r.created_at.toISOString(),
    }),
  );
}
