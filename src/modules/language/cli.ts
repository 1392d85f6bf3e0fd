import type { Command } from 'commander';

// Placeholder wiring point; the language module fills this in.
export function registerLanguageCommands(lang: Command): void {
  lang.command('analyze').requiredOption('--text <text>').action(() => {
    throw new Error('not implemented yet');
  });
}
