#!/usr/bin/env node
// The `dayung` command: one entry point, many roles (see docs/architecture.md).
import { Command } from 'commander';

const program = new Command();
program.name('dayung').description('Dayung — public communication and complaint platform (Pemprov Sumbar)');

program
  .command('start')
  .description('run the product: web + worker (+ fakes and simulated citizens in demo mode)')
  .option('--services <list>', 'comma-separated roles to run: web,worker,fakes,simulator')
  .option('--dev', 'development mode: Vite dev server with hot reload for the web UI')
  .action(async (opts: { services?: string; dev?: boolean }) => {
    const { runStart } = await import('./start.ts');
    await runStart(opts);
  });

program
  .command('worker')
  .description('run only the job worker (scale out by starting more)')
  .action(async () => {
    const { runStart } = await import('./start.ts');
    await runStart({ services: 'worker' });
  });

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    const { runMigrate } = await import('./commands.ts');
    await runMigrate();
  });

program
  .command('seed')
  .description('seed reference data (and the demo world with --demo)')
  .option('--demo', 'also create demo users for every role')
  .action(async (opts: { demo?: boolean }) => {
    const { runSeed } = await import('./commands.ts');
    await runSeed(opts);
  });

const user = program.command('user').description('manage user accounts');
user
  .command('add')
  .description('create a user')
  .requiredOption('--email <email>', 'e-mail address (login)')
  .requiredOption('--name <name>', 'full name')
  .requiredOption('--role <role>', 'province_admin | province_supervisor | opd_head | opd_admin | responder | viewer')
  .option('--org <code>', 'OPD code (e.g. DINKES); omit for province roles')
  .option('--password <password>', 'initial password (generated and printed when omitted)')
  .action(async (opts: { email: string; name: string; role: string; org?: string; password?: string }) => {
    const { runUserAdd } = await import('./commands.ts');
    await runUserAdd(opts);
  });

program
  .command('fakes')
  .description('run only the fake social-media platforms (options: node fakes/main.ts --help)')
  .allowUnknownOption()
  .allowExcessArguments()
  .helpOption(false)
  .action(async (_opts: unknown, cmd: Command) => {
    // fakes/main.ts reads its own options from argv.
    process.argv = [process.argv[0]!, 'fakes/main.ts', ...cmd.args];
    await import('../../fakes/main.ts');
  });

const { registerLanguageCommands } = await import('../modules/language/cli.ts');
const lang = program.command('lang').description('language models: train, evaluate, analyze');
registerLanguageCommands(lang);
lang
  .command('export-corrections')
  .description("export responders' corrections from the database as JSONL for `lang train --corrections`")
  .requiredOption('--out <file>', 'output .jsonl file')
  .option('--task <task>', 'only this task (intent, opd, sentiment, urgency, lang)')
  .action(async (opts: { out: string; task?: string }) => {
    const { runExportCorrections } = await import('./commands.ts');
    await runExportCorrections(opts);
  });

await program.parseAsync(process.argv);
