// CLI dispatch. Exit codes: 0 success, 1 bad data or scenario, 2 wrong usage. Messages in French on
// stderr, never a stack trace unless --debug. Commands arrive with the import and engine issues.

export interface CliStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export const EXIT = { ok: 0, badData: 1, usage: 2 } as const;

const USAGE = `Usage : npm run --silent cli -- <commande> [options]

Commandes :
  aide            affiche cette aide

Les commandes import, rates, supply, diagnose, accessibility et export arrivent avec les
prochaines versions (voir README.md).
`;

type Command = (args: string[], streams: CliStreams) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  aide: async (_args, { stdout }) => {
    stdout.write(USAGE);
    return EXIT.ok;
  },
};

export async function runCli(argv: string[], streams: CliStreams): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') return COMMANDS.aide(rest, streams);
  const command = COMMANDS[name];
  if (!command) {
    streams.stderr.write(`Commande inconnue : « ${name} ». Tapez « npm run --silent cli -- aide » pour la liste.\n`);
    return EXIT.usage;
  }
  try {
    return await command(rest, streams);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    streams.stderr.write(`Erreur : ${message}\n`);
    if (debug && error instanceof Error && error.stack) streams.stderr.write(`${error.stack}\n`);
    return EXIT.badData;
  }
}
