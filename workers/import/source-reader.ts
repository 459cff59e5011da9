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
 * fflate's streaming Gunzip that fails with the French truncated-gzip message, naming the file, when
 * the compressed stream is corrupt or does not end (DuckDB's own reader stops silently there).
 */
export class CheckedGunzip {
  private ended = false;
  private readonly gunzip: Gunzip;

  constructor(
    private readonly name: string,
    ondata: (data: Uint8Array) => void = () => undefined,
  ) {
    this.gunzip = new Gunzip((data, final) => {
      ondata(data);
      this.ended ||= final;
    });
  }

  push(block: Uint8Array): void {
    try {
      this.gunzip.push(block);
    } catch {
      throw truncatedGzip(this.name);
    }
  }

  /** At the end of the input: throws unless the gzip stream ended there. */
  finish(): void {
    try {
      this.gunzip.push(new Uint8Array(0), true);
    } catch {
      throw truncatedGzip(this.name);
    }
    if (!this.ended) throw truncatedGzip(this.name);
  }
}

/**
 * Reads a source once: its SHA-256 (hex) and, for gzip content, a check that the compressed stream is
 * complete — DuckDB's gzip reader stops silently at the end of a truncated file, which would lose the
 * rest of the month without a word. The host's native `verify` when it has one, else JavaScript.
 */
export async function verifySource(source: ImportSource): Promise<string> {
  if (source.verify) return source.verify();
  const hash = sha256.create();
  let gunzip: CheckedGunzip | undefined;
  let first = true;
  for await (const block of source.stream()) {
    hash.update(block);
    if (first) {
      first = false;
      if (block[0] === 0x1f && block[1] === 0x8b) gunzip = new CheckedGunzip(source.name);
    }
    gunzip?.push(block);
  }
  gunzip?.finish();
  return bytesToHex(hash.digest());
}

/** The parts laid end to end in a new array (never a view of a part: the caller may keep or transfer it). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** The whole content of a source (for formats that cannot be streamed: JSON, zip, xlsx). */
export async function readAll(source: ImportSource, signal?: AbortSignal): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const block of source.stream()) {
    if (signal?.aborted) throw new ImportCancelled();
    parts.push(block);
  }
  return concatBytes(parts);
}

/** The first `bytes` bytes of a source, raw (fewer if it is shorter); the stream is closed as soon as they are read. */
export async function readPrefix(source: ImportSource, bytes: number, signal?: AbortSignal): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const block of source.stream()) {
    if (signal?.aborted) throw new ImportCancelled();
    parts.push(block);
    size += block.length;
    if (size >= bytes) break;
  }
  return concatBytes(parts).subarray(0, bytes);
}

/**
 * `source` re-encoded as UTF-8 on the fly, from the text encoding `encoding` (a TextDecoder label:
 * 'windows-1252', 'utf-16le'…; a byte order mark is dropped) — DuckDB reads UTF-8 only offline. With
 * `gzip`, the source is gzip-compressed text, inflated on the way (a cut or corrupt stream fails with
 * the French truncated-gzip message). `size` stays the original's (progress is counted on it).
 */
export function decodedSource(source: ImportSource, encoding: string, options: { gzip?: boolean } = {}): ImportSource {
  return {
    name: source.name,
    size: source.size,
    async *stream() {
      const decoder = new TextDecoder(encoding);
      const encoder = new TextEncoder();
      const out: Uint8Array[] = [];
      const decode = (bytes: Uint8Array, stream: boolean) => {
        const text = decoder.decode(bytes, { stream });
        if (text) out.push(encoder.encode(text));
      };
      const gunzip = options.gzip ? new CheckedGunzip(source.name, (data) => decode(data, true)) : undefined;
      const push = (block: Uint8Array, final: boolean) => {
        if (!gunzip) return decode(block, !final);
        if (!final) return gunzip.push(block);
        gunzip.finish();
        decode(new Uint8Array(0), false);
      };
      for await (const block of source.stream()) {
        push(block, false);
        yield* out.splice(0);
      }
      push(new Uint8Array(0), true);
      yield* out.splice(0);
    },
  };
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

/** Throws the ImportError « Fichier « name » : message ». */
export function failFile(name: string, message: string): never {
  throw new ImportError(`Fichier « ${name} » : ${message}`);
}

/** A French word with the plural `s` when `n` > 1. */
export const plural = (n: number, word: string) => (n > 1 ? `${word}s` : word);
/** Names in French quotes, comma-separated: « a », « b ». */
export const quoteList = (names: readonly string[]) => names.map((n) => `« ${n} »`).join(', ');
export class ImportCancelled extends ImportError {
  constructor() {
    super('Import annulé : le paquet de données précédent est inchangé.');
  }
}
