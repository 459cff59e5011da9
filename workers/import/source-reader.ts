// Streams a national file (gzip or plain text) into chunks of complete CSV lines for DuckDB, with
// progress, cancellation, SHA-256 and clear French errors. Platform-free: the host (Node CLI or
// browser worker) only provides the raw byte stream, so the same code runs in both runtimes.
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
  /** SHA-256 (hex) computed by the host natively, when it can. */
  sha256?(): Promise<string>;
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
  return concat(parts, size);
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

export interface CsvChunk {
  /** Header line rebuilt from the normalised column names, then complete data lines, UTF-8. */
  csv: Uint8Array;
  lines: number;
}

export interface ReaderOptions {
  /** Expected separator (another one on the header line is an error), or 'auto' for `;`, `,` or tab. */
  separator: ';' | '|' | ',' | 'auto';
  /** Target size of a chunk of lines handed to DuckDB. */
  chunkBytes?: number;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Normalises a header name (e.g. upper case, accents removed); empty names become FILLER_n. */
  normaliseHeader?: (name: string) => string;
  /** Text files that may be CP1252 (RPPS, INSEE): validate UTF-8 and fall back to CP1252. */
  allowLegacyEncoding?: boolean;
  /** Columns (normalised names) that must be in the header, and what the file should be. */
  requiredColumns?: readonly string[];
  expected?: string;
}

const GZIP_MAGIC = [0x1f, 0x8b];
const NEWLINE = 0x0a;
const encoder = new TextEncoder();

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Reads a source once. Iterate `chunks()`; afterwards `header`, `sha256`, `lines`, `encoding` and
 * `bytesRead` describe the file.
 */
export class SourceReader {
  header: string[] = [];
  sha256 = '';
  lines = 0;
  bytesRead = 0;
  encoding: 'utf-8' | 'windows-1252' = 'utf-8';
  /** Separator found on the header line (chunks keep it). */
  separator = ';';
  private headerLine: Uint8Array = new Uint8Array(0);

  constructor(
    readonly source: ImportSource,
    private readonly options: ReaderOptions,
  ) {}

  private fail(message: string): never {
    throw new ImportError(`Fichier « ${this.source.name} » : ${message}`);
  }

  async *chunks(): AsyncGenerator<CsvChunk> {
    const { signal, onProgress } = this.options;
    const chunkBytes = this.options.chunkBytes ?? 16 * 1024 * 1024;
    const hash = sha256.create();
    let gunzip: Gunzip | null = null;
    let gzipEnded = false;
    let decided = false;
    const pending: Uint8Array[] = [];
    let pendingBytes = 0;
    let lastProgress = -1;

    // Decompressed bytes land in `pending`; complete lines are cut from it into chunks.
    const accept = (data: Uint8Array) => {
      if (data.length === 0) return;
      pending.push(data);
      pendingBytes += data.length;
    };

    const decodeLegacy = (bytes: Uint8Array): Uint8Array =>
      this.encoding === 'windows-1252' ? encoder.encode(new TextDecoder('windows-1252').decode(bytes)) : bytes;

    const takeLines = (final: boolean): Uint8Array | null => {
      if (pendingBytes === 0) return null;
      const all = pending.length === 1 ? pending[0] : concat(pending, pendingBytes);
      let cut = all.lastIndexOf(NEWLINE) + 1;
      if (final) cut = all.length;
      pending.length = 0;
      pendingBytes = 0;
      if (cut < all.length) {
        pending.push(all.slice(cut));
        pendingBytes = all.length - cut;
      }
      return cut > 0 ? all.subarray(0, cut) : null;
    };

    const parseHeader = (endOfFile = false): boolean => {
      const all = pending.length === 1 ? pending[0] : concat(pending, pendingBytes);
      pending.length = 0;
      pending.push(all);
      const end = all.indexOf(NEWLINE);
      if (end < 0 && all.length < 1024 * 1024 && !endOfFile) return false;
      const sample = all.subarray(0, Math.min(all.length, 65536));
      if (sample.includes(0)) this.fail('fichier binaire, pas un texte CSV. Vérifiez que vous avez choisi le bon fichier.');
      if (this.options.allowLegacyEncoding) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, sample.lastIndexOf(NEWLINE) + 1 || sample.length));
        } catch {
          this.encoding = 'windows-1252';
        }
      }
      const lineEnd = end < 0 ? all.length : end;
      let text = new TextDecoder(this.encoding).decode(all.subarray(0, lineEnd)).replace(/^\uFEFF/, '').replace(/\r$/, '');
      if (text.trim() === '') this.fail('la première ligne (en-tête) est vide.');
      const separator = this.options.separator === 'auto' ? ([';', ',', '\t'].find((s) => text.includes(s)) ?? ';') : this.options.separator;
      this.separator = separator;
      if (!text.includes(separator)) {
        const found = [';', '|', ',', '\t'].find((s) => s !== separator && text.includes(s));
        this.fail(
          found
            ? `séparateur « ${found === '\t' ? 'tabulation' : found} » trouvé, « ${separator} » attendu. Ce n’est pas le format attendu pour ce type de fichier.`
            : `aucun séparateur « ${separator} » dans l’en-tête : ce n’est pas le format attendu.`,
        );
      }
      const normalise = this.options.normaliseHeader ?? ((name: string) => name.trim());
      text = text.trim();
      let fillers = 0;
      this.header = text.split(separator).map((name) => normalise(name.replace(/^"|"$/g, '')) || `FILLER_${++fillers}`);
      this.headerLine = encoder.encode(this.header.map((h) => `"${h}"`).join(separator) + '\n');
      if (this.options.requiredColumns) this.requireColumns(this.options.requiredColumns, this.options.expected ?? 'du type attendu');
      const rest = all.subarray(Math.min(all.length, lineEnd + 1));
      pending.length = 0;
      pendingBytes = 0;
      accept(rest);
      return true;
    };

    const emit = (body: Uint8Array): CsvChunk => {
      let lines = 0;
      for (let i = 0; i < body.length; i++) if (body[i] === NEWLINE) lines++;
      if (body.length > 0 && body[body.length - 1] !== NEWLINE) lines++;
      this.lines += lines;
      const utf8 = decodeLegacy(body);
      if (this.encoding === 'utf-8' && this.options.allowLegacyEncoding) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(utf8);
        } catch {
          this.fail(`caractères invalides vers la ligne ${this.lines} (encodage mixte UTF-8 / Windows). Réenregistrez le fichier en UTF-8.`);
        }
      }
      const csv = new Uint8Array(this.headerLine.length + utf8.length + 1);
      csv.set(this.headerLine, 0);
      csv.set(utf8, this.headerLine.length);
      csv[csv.length - 1] = NEWLINE;
      return { csv: utf8[utf8.length - 1] === NEWLINE ? csv.subarray(0, csv.length - 1) : csv, lines };
    };

    try {
      for await (const raw of this.source.stream()) {
        if (signal?.aborted) throw new ImportCancelled();
        hash.update(raw);
        this.bytesRead += raw.length;
        if (!decided) {
          decided = true;
          if (raw[0] === GZIP_MAGIC[0] && raw[1] === GZIP_MAGIC[1]) {
            gunzip = new Gunzip();
            gunzip.ondata = (data, final) => {
              accept(data);
              if (final) gzipEnded = true;
            };
          } else if (/\.gz$/i.test(this.source.name)) {
            this.fail('n’est pas un fichier gzip alors que son nom se termine par .gz (fichier renommé ou corrompu ?).');
          }
        }
        if (gunzip) {
          try {
            gunzip.push(raw, false);
          } catch {
            this.fail('données gzip corrompues : retéléchargez le fichier.');
          }
        } else accept(raw);

        if (this.header.length === 0 && pendingBytes > 0 && !parseHeader()) continue;
        if (pendingBytes >= chunkBytes) {
          const body = takeLines(false);
          if (body) yield emit(body);
        }
        const percent = this.source.size > 0 ? Math.floor((this.bytesRead / this.source.size) * 100) : 0;
        if (onProgress && percent !== lastProgress) {
          lastProgress = percent;
          onProgress({ file: this.source.name, bytesRead: this.bytesRead, bytesTotal: this.source.size, rows: this.lines });
        }
      }
      if (gunzip) {
        try {
          gunzip.push(new Uint8Array(0), true);
        } catch {
          this.fail('fichier gzip tronqué (téléchargement incomplet ?) : retéléchargez-le.');
        }
        if (!gzipEnded) this.fail('fichier gzip tronqué (téléchargement incomplet ?) : retéléchargez-le.');
      }
      if (this.bytesRead === 0) this.fail('fichier vide.');
      if (this.header.length === 0) {
        if (pendingBytes === 0) this.fail('fichier vide après décompression.');
        parseHeader(true);
      }
      if (signal?.aborted) throw new ImportCancelled();
      const body = takeLines(true);
      if (body && body.some((b) => b !== NEWLINE && b !== 0x0d)) yield emit(body);
    } finally {
      this.sha256 = bytesToHex(hash.digest());
    }
    onProgress?.({ file: this.source.name, bytesRead: this.bytesRead, bytesTotal: this.source.size, rows: this.lines });
  }

  /** Fails with the list of required columns missing from the header. */
  requireColumns(required: readonly string[], what: string): void {
    const missing = required.filter((c) => !this.header.includes(c));
    if (missing.length > 0) {
      this.fail(
        `colonne${missing.length > 1 ? 's' : ''} ${missing.map((c) => `« ${c} »`).join(', ')} absente${missing.length > 1 ? 's' : ''} de l’en-tête. ` +
          `Ce fichier ne semble pas être ${what} (colonnes trouvées : ${this.header.slice(0, 8).join(', ')}${this.header.length > 8 ? '…' : ''}).`,
      );
    }
  }
}
