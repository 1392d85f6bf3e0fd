import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.ts';
import { atWib, loadCalendar, seedHolidays } from './calendar.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('the holiday table', () => {
  it('is seeded once (idempotently) and drives the calendar, including admin-added days', async () => {
    await seedHolidays(db.db);
    await seedHolidays(db.db);
    const { rows } = await db.pool.query(`select count(*)::int as n, count(*) filter (where kind = 'cuti_bersama')::int as cb from holiday`);
    expect(rows[0].cb).toBeGreaterThanOrEqual(8);
    let cal = await loadCalendar(db.db);
    expect(cal.isWorkingDay('2026-03-23')).toBe(false); // cuti bersama Idul Fitri
    expect(cal.isWorkingDay('2026-11-30')).toBe(true);
    // Kominfotik adds a provincial holiday: deadlines move.
    const before = cal.addWorkingDays(atWib('2026-11-27', '10:00'), 1);
    await db.pool.query(`insert into holiday (date, name, kind, source) values ('2026-11-30', 'Libur daerah uji', 'local', 'uji')`);
    cal = await loadCalendar(db.db);
    expect(cal.isWorkingDay('2026-11-30')).toBe(false);
    expect(cal.addWorkingDays(atWib('2026-11-27', '10:00'), 1).getTime()).toBeGreaterThan(before.getTime());
    const again = await db.pool.query(`select count(*)::int as n from holiday`);
    await seedHolidays(db.db);
    expect((await db.pool.query(`select count(*)::int as n from holiday`)).rows[0].n).toBe(again.rows[0].n);
  });
});
