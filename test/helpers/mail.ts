import { sql } from 'kysely';
import type { Db } from '../../src/platform/db/index.ts';
import { eventually } from './factories.ts';

/** The newest captured mail to an address whose subject contains a phrase (waits for the worker to send it). */
export function waitForMail(db: Db, email: string, subjectPart: string, timeoutMs = 15_000) {
  return eventually(
    () =>
      db
        .selectFrom('mail_outbox')
        .selectAll()
        .where(sql<boolean>`${email} = any(mail_to)`)
        .where('subject', 'ilike', `%${subjectPart}%`)
        .orderBy('id', 'desc')
        .executeTakeFirst(),
    timeoutMs,
  );
}

export function linkToken(text: string): string {
  const m = /token=([\w-]+)/.exec(text);
  if (!m) throw new Error(`no token link in mail:\n${text}`);
  return m[1]!;
}
