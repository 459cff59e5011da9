// Crash-safe files for scenarios and settings: the atomic write of atomic-write.ts (temporary file in
// the same folder, fsync, rename over the target), keeping the previous version as `<name>.bak`.
// Reading falls back to the backup when the file is missing or fails validation. Node only.
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { writeFileAtomic } from './atomic-write';

export const backupPath = (path: string): string => `${path}.bak`;

/** Replaces `path` atomically, the previous version kept as backupPath(path). Throws the file system's error. */
export function writeFileSafely(path: string, content: string | Uint8Array): void {
  writeFileAtomic(path, content, { backupPath: backupPath(path) });
}

export type ReadOutcome<T> =
  | { ok: true; value: T; fromBackup: boolean }
  | { ok: false; message: string };

/**
 * Reads and validates a file; when it is missing, empty or invalid, tries the backup and says so.
 * `parse` throws (with a French message) on invalid content.
 */
export function readFileSafely<T>(path: string, parse: (text: string) => T): ReadOutcome<T> {
  const attempt = (file: string): T | Error => {
    try {
      return parse(readFileSync(file, 'utf8'));
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  };
  const main = existsSync(path) ? attempt(path) : new Error('fichier absent');
  if (!(main instanceof Error)) return { ok: true, value: main, fromBackup: false };
  const backup = existsSync(backupPath(path)) ? attempt(backupPath(path)) : null;
  if (backup && !(backup instanceof Error)) return { ok: true, value: backup, fromBackup: true };
  return {
    ok: false,
    message: `« ${basename(path)} » est illisible (${main.message})${backup ? ' et sa sauvegarde aussi' : ', sans sauvegarde'}.`,
  };
}
