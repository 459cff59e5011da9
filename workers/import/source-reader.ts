// What an import reads (a file as the host gives it), its progress events and the errors meant for
// the user. Platform-free: the Node CLI, the Electron utility process and the browser worker each
// make their files into ImportSource; DuckDB reads them (workers/import/csv-file.ts).
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { Gunzip } from 'fflate';

export interface ImportSource {
  /** File name as the user knows it (shown in messages). */
  name: string;
  size: number;
  /** Raw bytes of the file, in order. */
  stream(): AsyncIterable<Uint8Array>;
  /** A local file DuckDB can read in place (native runtimes). */
  path?: string;
  /** The browser's File, registered with duckdb-wasm as a file handle (read on demand, never copied). */
  blob?: Blob;
  /**
   * Native check by the host, when it has one (see `verifySource`): reads the file once, returns its
   * SHA-256 (hex) and, for gzip content, fails with an ImportError if the stream is truncated or corrupt.
   */
  verify?(): Promise<string>;
}

const TRUNCATED = 'fichier gzip tronqué ou corrompu (téléchargement incomplet ?) : retéléchargez-le.';

/** The French message of a gzip stream that does not end properly, naming the file. */
export const truncatedGzip = (name: string) => new ImportError(`Fichier « ${name} » : ${TRUNCATED}`);

/**
 * Reads a source once: its SHA-256 (hex) and, for gzip content, a check that the compressed stream is
 * complete — DuckDB's gzip reader stops silently at the end of a truncated file, which would lose the
 * rest of the month without a word. The host's native `verify` when it has one, else JavaScript.
 */
export async function verifySource(source: ImportSource): Promise<string> {
  if (source.verify) return source.verify();
  const hash = sha256.create();
  let gunzip: Gunzip | undefined;
  let ended = false;
  let first = true;
  for await (const block of source.stream()) {
    hash.update(block);
    if (first) {
      first = false;
      if (block[0] === 0x1f && block[1] === 0x8b) gunzip = new Gunzip((_, final) => (ended ||= final));
    }
    try {
      gunzip?.push(block);
    } catch {
      throw truncatedGzip(source.name);
    }
  }
  if (gunzip) {
    try {
      gunzip.push(new Uint8Array(0), true);
    } catch {
      throw truncatedGzip(source.name);
    }
    if (!ended) throw truncatedGzip(source.name);
  }
  return bytesToHex(hash.digest());
}

/** The whole content of a source (for formats that cannot be streamed: JSON, zip, xlsx). */
export async function readAll(source: ImportSource, signal?: AbortSignal): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const block of source.stream()) {
    if (signal?.aborted) throw new ImportCancelled();
    parts.push(block);
    size += block.length;
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export interface ProgressEvent {
  file: string;
  bytesRead: number;
  bytesTotal: number;
  rows: number;
}

export type ProgressListener = (event: ProgressEvent) => void;

/** An error whose message is meant for the user (French, names the file and what to do). */
export class ImportError extends Error {}
export class ImportCancelled extends ImportError {
  constructor() {
    super('Import annulé : le paquet de données précédent est inchangé.');
  }
}
