import { ConfigError, loadConfig } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import { hashPassword, isAcceptablePassword, PASSWORD_MIN_LENGTH } from '../platform/auth/password.ts';
import { newPassword } from '../platform/auth/tokens.ts';
import { findOrgByCode, findProvince, recordAudit, roleFitsOrg, ROLES, seedDemoUsers, seedReference, systemContext } from './org-cli.ts';
import { migrateAll, openDatabase } from './runtime.ts';

// One-shot CLI commands: migrate, seed, user add. Each opens the database, does its work, closes it.

async function withDatabase<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const db = await openDatabase(config, logger, { role: 'cli', poolSize: 4 });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

export async function runMigrate(): Promise<void> {
  await withDatabase(async (db) => {
    const applied = await migrateAll(db.handle, (name, i, n) => process.stderr.write(`[${i}/${n}] ${name}\n`));
    process.stdout.write(applied.length ? `Migrasi diterapkan: ${applied.join(', ')}\n` : 'Skema sudah terkini / schema is current.\n');
  });
}

export async function runSeed(opts: { demo?: boolean }): Promise<void> {
  await withDatabase(async (db) => {
    await migrateAll(db.handle);
    const result = await seedReference(db.handle.db, (step) => process.stderr.write(`seed: ${step}…\n`));
    process.stderr.write('seed: hari libur dan cuti bersama…\n');
    const { seedHolidays } = await import('../modules/cases/calendar.ts');
    await seedHolidays(db.handle.db);
    process.stderr.write('seed: kategori aduan dan instansi di luar kewenangan…\n');
    const { seedCaseReference } = await import('../modules/cases/index.ts');
    await seedCaseReference(db.handle.db);
    process.stdout.write(`Data rujukan: ${result.orgs} organisasi, ${result.regencies} kab/kota, ${result.districts} kecamatan.\n`);
    if (opts.demo) {
      const demoMode = loadConfig().DEMO;
      const logins = await seedDemoUsers(db.handle.db, { mustChangePassword: !demoMode });
      if (!logins.length) process.stdout.write('Akun demo sudah ada (kata sandinya tidak diubah).\n');
      for (const l of logins) process.stdout.write(`${l.role.padEnd(20)} ${l.email.padEnd(42)} ${l.password}\n`);
      if (logins.length && !demoMode) process.stdout.write('Di luar mode demo, setiap akun wajib mengganti kata sandi saat pertama masuk.\n');
    }
  });
}

export async function runUserAdd(opts: { email: string; name: string; role: string; org?: string | undefined; password?: string | undefined }): Promise<void> {
  if (!(ROLES as readonly string[]).includes(opts.role)) fail(`Peran tidak dikenal: ${opts.role}. Pilih salah satu: ${ROLES.join(', ')}`);
  const role = opts.role as (typeof ROLES)[number];
  const email = opts.email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) fail(`Email tidak valid: ${opts.email}`);
  const password = opts.password ?? newPassword();
  if (!isAcceptablePassword(password, email)) fail(`Kata sandi minimal ${PASSWORD_MIN_LENGTH} karakter dan tidak sama dengan email.`);
  await withDatabase(async (db) => {
    await migrateAll(db.handle);
    const org = opts.org ? await findOrgByCode(db.handle.db, opts.org.toUpperCase()) : await findProvince(db.handle.db);
    if (!org) fail(opts.org ? `OPD dengan kode ${opts.org} tidak ditemukan. Jalankan "dayung seed" dulu atau periksa kodenya.` : 'Provinsi belum ada. Jalankan "dayung seed" dulu.');
    if (!roleFitsOrg(role, org.kind === 'province' ? 'province' : 'opd')) fail(`Peran ${role} tidak cocok untuk ${org.name}. Peran provinsi tanpa --org; peran OPD dengan --org KODE.`);
    const exists = await db.handle.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirst();
    if (exists) fail(`Email ${email} sudah terdaftar.`);
    const demo = loadConfig().DEMO;
    const user = await db.handle.db
      .insertInto('app_user')
      .values({ org_id: org.id, email, name: opts.name, role, password_hash: await hashPassword(password), must_change_password: !demo && !opts.password })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(db.handle.db, systemContext(), { action: 'user.create', targetType: 'user', targetId: user.id, orgId: org.id, after: { email, role, via: 'cli' } });
    process.stdout.write(`Pengguna dibuat: ${email} (${role}, ${org.name})\n`);
    if (!opts.password) process.stdout.write(`Kata sandi sementara: ${password}\n`);
  });
}

export async function runExportCorrections(opts: { out: string; task?: string | undefined }): Promise<void> {
  const tasks = ['intent', 'opd', 'sentiment', 'urgency', 'lang'] as const;
  if (opts.task && !(tasks as readonly string[]).includes(opts.task)) fail(`Tugas tidak dikenal: ${opts.task}. Pilih: ${tasks.join(', ')}`);
  const { exportCorrections } = await import('../modules/language/corrections.ts');
  const { writeFile } = await import('node:fs/promises');
  await withDatabase(async (db) => {
    await migrateAll(db.handle);
    const lines = await exportCorrections(db.handle.db, opts.task as (typeof tasks)[number] | undefined);
    await writeFile(opts.out, lines.length ? `${lines.join('\n')}\n` : '');
    process.stderr.write(`${lines.length} koreksi ditulis ke ${opts.out}\n`);
  });
}
