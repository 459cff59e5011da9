// The import process under plain Node (child_process.fork), for tests and the benchmark: the same
// module as in the desktop app, where Electron's utilityProcess.fork starts the bundled copy.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { ImportChildLike } from './client';

/** The process's source entry (run through the tsx loader). */
export const IMPORT_PROCESS_SOURCE = join(import.meta.dirname, 'index.ts');

/**
 * Forks the import process: `entry` is the TypeScript source (default, through tsx) or a bundle
 * (out/main/import-process.js). The child shares our stdout and stderr.
 */
export function forkNodeImportProcess(entry = IMPORT_PROCESS_SOURCE): ImportChildLike & { pid: number | undefined } {
  const child = fork(entry, [], { execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    pid: child.pid,
    postMessage: (message) => void child.send(message),
    on: (event: string, listener: (...args: unknown[]) => void) => child.on(event, listener),
    kill: () => child.kill(),
  } as ImportChildLike & { pid: number | undefined };
}
