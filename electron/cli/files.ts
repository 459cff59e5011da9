// File helpers of the CLI: atomic output, pack folders read from disk.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { basename, join, resolve } from 'node:path';
import { writeFileAtomic as writeAtomically, writeFolderAtomic } from '../main/atomic-write';
import { PackDb } from '../../workers/db/pack-db';
import type { SqlDatabase } from '../../workers/db/sql-database';
import { truncatedGzip, type ImportSource } from '../../workers/import/source-reader';
import { CliError } from './errors';

/** Writes a CLI output atomically (electron/main/atomic-write.ts): never a partial file. Throws CliError. */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  try {
    writeAtomically(path, content);
  } catch (error) {
    throw new CliError(`Impossible d’écrire « ${path} » : ${(error as Error).message}. Vérifiez que le dossier existe et que vous pouvez y écrire.`);
  }
}

export async function openPackFolder(db: SqlDatabase, folder: string): Promise<PackDb> {
  if (!existsSync(join(folder, 'manifest.json'))) {
    throw new CliError(`« ${folder} » n’est pas un paquet de données (manifest.json absent).`);
  }
  return PackDb.load(db, packFolderReader(folder));
}

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** A file on disk as an import source: DuckDB reads it in place; hashed and checked natively. */
export function fileSource(path: string): ImportSource {
  if (!existsSync(path)) throw new CliError(`Fichier introuvable : « ${path} ».`);
  const absolute = resolve(path);
    return {
    name: basename(path),
    size: statSync(path).size,
    path: absolute,
    stream: () => createReadStream(absolute, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>,
    // One native pass: hash, and inflate a gzip file (zlib, off the main thread) to check it is whole.
    async verify() {
      const hash = createHash('sha256');
      const gunzip = (await isGzip(absolute)) ? createGunzip() : undefined;
      const inflated = gunzip ? finished(gunzip.resume()) : Promise.resolve();
      inflated.catch(() => undefined);
      try {
        for await (const block of createReadStream(absolute, { highWaterMark: 1 << 20 })) {
          hash.update(block);
          if (gunzip && !gunzip.write(block)) await Promise.race([once(gunzip, 'drain'), inflated]);
        }
        gunzip?.end();
        await inflated;
      } catch {
        throw truncatedGzip(basename(path));
      }
      return hash.digest('hex');
    },
  };
}

/**
 * Writes a whole pack folder atomically (writeFolderAtomic): a failure leaves the target as it was and no
 * temporary folder behind. Throws CliError.
 */
export function writePackFolder(target: string, files: Map<string, Uint8Array>): void {
  try {
    writeFolderAtomic(target, files);
  } catch (error) {
    throw new CliError(`Impossible d’écrire le paquet « ${target} » : ${(error as Error).message}. Vérifiez la place libre et les droits d’écriture du dossier.`);
  }
}

/** Reads the files of a pack folder (a ReadPackFile for PackDb and the pack builder). */
export function packFolderReader(folder: string): (name: string) => Promise<Uint8Array> {
  return async (name) => {
    const path = join(folder, name);
    if (!existsSync(path)) throw new CliError(`Paquet « ${folder} » incomplet : fichier « ${name} » absent.`);
    return new Uint8Array(readFileSync(path));
  };
}
