// CLI dispatch. Exit codes: 0 success, 1 bad data or scenario, 2 wrong usage. Messages in French on
// stderr, never a stack trace unless --debug; nothing but requested output on stdout.
import { PackFormatError } from '../../workers/db/pack-db';
import { MissingDataError } from '../../workers/db/engine-inputs';
import { ScenarioError } from '../../workers/engine/scenario';
import { accessibilityCommand, ACCESSIBILITY_USAGE } from './commands/accessibility';
import { diagnoseCommand, DIAGNOSE_USAGE } from './commands/diagnose';
import { horizonCommand, HORIZON_USAGE } from './commands/horizon';
import { exportCommand, EXPORT_USAGE } from './commands/export';
import { importCommand, IMPORT_USAGE } from './commands/import';
import { pathwaysCommand, PATHWAYS_USAGE } from './commands/pathways';
import { ratesCommand, RATES_USAGE, supplyCommand, SUPPLY_USAGE } from './commands/rates';
import { ImportError } from '../../workers/import/source-reader';
import { CliError, EXIT } from './errors';

export { EXIT } from './errors';

export interface CliStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const USAGE = `Usage : npm run --silent cli -- <commande> [options]

Commandes :
  ${IMPORT_USAGE}
  ${RATES_USAGE}
  ${SUPPLY_USAGE}
  ${DIAGNOSE_USAGE}
  ${HORIZON_USAGE}
  ${EXPORT_USAGE}
  ${ACCESSIBILITY_USAGE}
  ${PATHWAYS_USAGE}
  aide
    Affiche cette aide.

Codes de sortie : 0 succès, 1 données ou scénario invalides, 2 mauvaise utilisation.
Option --debug : ajoute la pile d’appels aux messages d’erreur.
`;

type Command = (args: string[], streams: CliStreams) => Promise<void>;

const COMMANDS: Record<string, Command> = {
  aide: async (_args, { stdout }) => {
    stdout.write(USAGE);
  },
  diagnose: (args, { stderr }) => diagnoseCommand(args, (message) => stderr.write(`Avertissement : ${message}\n`)),
  horizon: (args, { stderr }) => horizonCommand(args, (message) => stderr.write(`${message}\n`)),
  export: (args, { stderr }) => exportCommand(args, (message) => stderr.write(`Avertissement : ${message}\n`)),
  accessibility: (args) => accessibilityCommand(args),
  pathways: (args, { stderr }) =>
    pathwaysCommand(
      args,
      (message) => stderr.write(`Avertissement : ${message}\n`),
      (message) => stderr.write(`${message}\n`),
    ),
  import: (args, { stderr }) => importCommand(args, (message) => stderr.write(`${message}\n`)),
  rates: (args, { stderr }) => ratesCommand(args, (message) => stderr.write(`${message}\n`)),
  supply: (args) => supplyCommand(args),
};

/** Command names, for the packaged app's headless mode. */
export const COMMAND_NAMES: readonly string[] = Object.keys(COMMANDS);

/** Node's parseArgs errors, in French. */
function usageMessage(error: Error & { code?: string }): string | null {
  const quoted = error.message.match(/'(-{1,2}[^' ]+|[^']+)'/)?.[1] ?? '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `Option inconnue : ${quoted}.`;
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `Valeur manquante pour l’option ${quoted}.`;
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `Argument inattendu : « ${quoted} ».`;
  return null;
}

export async function runCli(argv: string[], streams: CliStreams): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    await COMMANDS.aide(rest, streams);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    streams.stderr.write(`Commande inconnue : « ${name} ». Tapez « npm run --silent cli -- aide » pour la liste.\n`);
    return EXIT.usage;
  }
  try {
    await command(rest, streams);
    return EXIT.ok;
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    const usage = usageMessage(err);
    if (usage) {
      streams.stderr.write(`Erreur : ${usage}\nTapez « npm run --silent cli -- aide » pour l’usage.\n`);
      return EXIT.usage;
    }
    const known = err instanceof CliError || err instanceof ScenarioError || err instanceof PackFormatError || err instanceof MissingDataError || err instanceof ImportError;
    streams.stderr.write(`Erreur : ${known ? err.message : 'erreur interne inattendue (relancez avec --debug pour le détail).'}\n`);
    if (debug) streams.stderr.write(`${err.stack ?? err.message}\n`);
    return err instanceof CliError ? err.exitCode : EXIT.badData;
  }
}
