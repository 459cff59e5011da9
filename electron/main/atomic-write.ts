// The one rule for writing a file or a folder that must never be seen half-written (scenarios, autosave,
// settings, packs, CLI outputs, build resources): write a temporary sibling in the same folder (same
// file system, so the rename is atomic), fsync it, then rename it over the target. A failure at any step
// leaves the previous target as it was and no temporary file behind. Node only (no electron import: the
// CLI and the import process use it too); callers wrap the error in their own French message.
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** Copy the previous version to `<path>.bak` before replacing it (scenarios: file-store.ts reads it back). */
  backupPath?: string;
}

/** Writes all of `bytes` to an open file (writeSync may write less than asked) and fsyncs it. */
function writeAllAndSync(fd: number, bytes: Uint8Array): void {
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written, Math.min(1 << 20, bytes.length - written));
  fsyncSync(fd);
}

function writeSynced(path: string, content: string | Uint8Array): void {
  const fd = openSync(path, 'w');
  try {
    writeAllAndSync(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename durable where the platform can sync a folder (Windows cannot: the rename is still atomic). */
function syncFolder(folder: string): void {
  try {
    const fd = openSync(folder, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows refuses to open a directory: nothing more to do.
  }
}

/**
 * Replaces `path` with `content` (text as UTF-8) atomically: readers see the old file or the new one,
 * never a partial one, even if the process is killed. Throws the file system's error (ENOENT when the
 * folder is missing, EACCES when it is read-only…); the old file is then intact.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeSynced(temporary, content);
    if (options.backupPath && existsSync(path)) copyFileSync(path, options.backupPath);
    renameSync(temporary, path);
    syncFolder(dirname(path));
  } finally {
    rmSync(temporary, { force: true });
  }
}

/**
 * Swaps a fully written folder `ready` in place of `target`: the previous target is moved aside and only
 * removed once the swap succeeded; on failure it is put back and `ready` is removed. Both must be on the
 * same file system (siblings). The previous target is named `<target>.old-<pid>-<ms>` (and a folder being
 * written `<target>.tmp-<pid>-<ms>`): pack-folders.ts recover() relies on these names after a crash.
 */
export function replaceFolder(ready: string, target: string): void {
  const previous = `${target}.old-${process.pid}-${Date.now()}`;
  try {
    if (existsSync(target)) renameSync(target, previous);
    renameSync(ready, target);
    syncFolder(dirname(target));
  } catch (error) {
    rmSync(ready, { recursive: true, force: true });
    if (!existsSync(target) && existsSync(previous)) renameSync(previous, target);
    throw error;
  }
  // The new folder is in place: failing to remove the old one must not report the write as failed
  // (pack-folders.ts recover() removes a leftover `.old-` folder at the next start).
  try {
    rmSync(previous, { recursive: true, force: true });
  } catch {
    // Left for recover().
  }
}

/**
 * Writes a whole folder (e.g. a data pack: file name → bytes) atomically: into a temporary sibling, each
 * file fsynced, then replaceFolder. A failure leaves the target as it was and no temporary folder behind.
 */
export function writeFolderAtomic(target: string, files: ReadonlyMap<string, string | Uint8Array>): void {
  const temporary = `${target}.tmp-${process.pid}-${Date.now()}`;
  try {
    mkdirSync(temporary, { recursive: true });
    for (const [name, content] of files) writeSynced(join(temporary, name), content);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
  replaceFolder(temporary, target);
}
