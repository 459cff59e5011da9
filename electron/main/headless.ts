// Headless mode of the packaged app: `territoire-sante <command> …` runs the same CLI as
// `npm run cli -- <command> …` (electron/cli), without opening a window. Pure, tested in Node.
import { COMMAND_NAMES } from '../cli/run';

/**
 * The CLI arguments in Electron's argv, or null for a normal start. Packaged: [exe, command, …];
 * unpackaged: [electron, appPath, command, …]. Chromium switches (--foo) before the command are skipped.
 */
export function headlessArguments(argv: readonly string[], packaged: boolean): string[] | null {
  const rest = argv.slice(packaged ? 1 : 2);
  const index = rest.findIndex((arg) => !arg.startsWith('-'));
  if (index < 0 || !COMMAND_NAMES.includes(rest[index])) return null;
  return rest.slice(index);
}
