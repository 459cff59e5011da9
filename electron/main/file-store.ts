// Crash-safe files for scenarios and settings: write to a temporary file in the same folder, fsync,
// keep the previous version as `<name>.bak`, then rename over the target (atomic on one file system).
// Reading falls back to the backup when the file is missing or fails validation. Node only.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync, copyFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const backupPath = (path: string): string => `${path}.bak`;

export function writeFileSafely(path: string, content: string | Uint8Array): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    const fd = openSync(temporary, 'w');
    try {
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, Math.min(1 << 20, bytes.length - written));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (existsSync(path)) copyFileSync(path, backupPath(path));
    renameSync(temporary, path);
    // Make the rename itself durable where the platform allows syncing a directory.
    try {
      const dir = openSync(dirname(path), 'r');
      fsyncSync(dir);
      closeSync(dir);
    } catch {
      // Windows cannot open a directory for fsync: the rename is still atomic.
    }
  } finally {
    rmSync(temporary, { force: true });
  }
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
