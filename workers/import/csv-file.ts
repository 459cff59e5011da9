// A national CSV file read by DuckDB's own CSV reader, with an explicit dialect per source.
// Only the file's first lines are looked at here (encoding, separator, where the header row is);
// DuckDB parses every line itself (quotes, any line end, gzip), rejects bad lines one by one with
// their line numbers, and the importers aggregate straight from `read_csv`. Platform-free: the host
// makes the file readable by SQL (`SqlDatabase.registerSource`).
import type { RunOptions, SqlDatabase } from '../db/sql-database';
import { sqlString } from '../db/sql-database';
import { CheckedGunzip, concatBytes, decodedSource, ImportCancelled, ImportError, verifySource, type ImportSource, type ProgressListener } from './source-reader';

export type Delimiter = ';' | '|' | ',' | '\t';

export interface CsvDialect {
  /** What the file should be, in French, for messages ("un fichier mensuel Open DAMIR (A{AAAAMM}.csv.gz)"). */
  expected: string;
  /** The producer's separator, or candidates tried in order on the header row. */
  delimiters: readonly Delimiter[];
  /** False where the producer never quotes (RPPS, Open DAMIR): a `"` is then an ordinary character. */
  quoted: boolean;
  /** Column name as compared (e.g. lower case, accents removed). */
  normalise: (name: string) => string;
  /**
   * Accepted headers, as lists of normalised names (or patterns) that must all be present. The header
   * row is the first line that holds one of them, so title rows above it (INSEE exports) are skipped.
   */
  headers: readonly (readonly HeaderColumn[])[];
  /** Fields per line when the header row has fewer (FINESS: a metadata line stands where a header would). */
  width?: number;
  /**
   * Fixed-layout producers (RPPS, Open DAMIR) write every field on every line: a shorter line is broken
   * (a newline typed into a field) and is rejected with its line number. Elsewhere a spreadsheet may
   * drop trailing empty fields: shorter lines are padded with empty values.
   */
  fixedWidth?: boolean;
}

/** A column name, or a family of names (e.g. ageq_recNNsSrpopAAAA) with how to show it to the user. */
export type HeaderColumn = string | { pattern: RegExp; label: string };

const columnLabel = (c: HeaderColumn) => (typeof c === 'string' ? c : c.label);

export interface CsvRejects {
  /** Rejected lines by French reason. */
  counts: Record<string, number>;
  /** First line numbers (of the file, 1-based) of each reason. */
  lines: Record<string, number[]>;
  total: number;
}

/** How much of the decompressed start of a file is looked at to find the header row and the encoding. */
const PROBE_BYTES = 1 << 20;
const MAX_TITLE_ROWS = 200;
const SHOWN_LINES = 5;

/** DuckDB reject types (reject_errors.error_type) in the words of the quality report. */
const REJECT_REASONS: Record<string, string> = {
  'MISSING COLUMNS': 'ligne trop courte (champs manquants)',
  'TOO MANY COLUMNS': 'ligne trop longue (séparateur en trop)',
  'INVALID ENCODING': 'caractères invalides (encodage)',
  'UNQUOTED VALUE': 'guillemets mal fermés',
  'LINE SIZE OVER MAXIMUM': 'ligne démesurée (plus de 2 Mo)',
};

let sequence = 0;

/** Rejected lines as French report notes: "2 lignes écartées (ligne trop courte (champs manquants)) : lignes 4, 18." */
export function rejectNotes(counts: Record<string, number>, lines: Record<string, number[]> = {}): string[] {
  return Object.entries(counts)
    .filter(([reason]) => lines[reason])
    .map(([reason, n]) => `${n} ligne${n > 1 ? 's' : ''} écartée${n > 1 ? 's' : ''} (${reason}) : ligne${n > 1 ? 's' : ''} ${lines[reason].join(', ')}${n > lines[reason].length ? '…' : ''}.`);
}

/** Splits a header line: fields separated by `delimiter`, surrounding quotes removed when the dialect quotes. */
function splitHeader(line: string, delimiter: Delimiter, quoted: boolean): string[] {
  return line.split(delimiter).map((field) => {
    const trimmed = field.trim();
    return quoted && trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1).replaceAll('""', '"') : trimmed;
  });
}

const delimiterName = (d: string) => (d === '\t' ? 'tabulation' : `« ${d} »`);

/**
 * The start of a file, decompressed: up to PROBE_BYTES of text, whether it is gzip, and whether it
 * ended within the probe.
 */
async function probe(source: ImportSource, signal?: AbortSignal): Promise<{ sample: Uint8Array; gzip: boolean }> {
  const parts: Uint8Array[] = [];
  let size = 0;
  let gzip: boolean | undefined;
  let gunzip: CheckedGunzip | undefined;
  const iterator = source.stream()[Symbol.asyncIterator]();
  try {
    while (size < PROBE_BYTES) {
      if (signal?.aborted) throw new ImportCancelled();
      const { value, done } = await iterator.next();
      if (done) {
        // A small gzip file read to its end within the probe must end its stream: else it is cut.
        gunzip?.finish();
        break;
      }
      if (gzip === undefined) {
        gzip = value[0] === 0x1f && value[1] === 0x8b;
        if (gzip) {
          gunzip = new CheckedGunzip(source.name, (data) => {
            parts.push(data);
            size += data.length;
          });
        }
      }
      if (gunzip) gunzip.push(value);
      else {
        parts.push(value);
        size += value.length;
      }
    }
  } finally {
    await iterator.return?.();
  }
  if (gzip === undefined) throw new ImportError(`Fichier « ${source.name} » : fichier vide.`);
  if (!gzip && /\.gz$/i.test(source.name)) {
    throw new ImportError(`Fichier « ${source.name} » : n’est pas un fichier gzip alors que son nom se termine par .gz (fichier renommé ou corrompu ?).`);
  }
  return { sample: concatBytes(parts).subarray(0, PROBE_BYTES), gzip };
}

function isUtf8(bytes: Uint8Array): boolean {
  // A multi-byte character may be cut at the end of the probe: judge up to the last line end.
  const end = bytes.lastIndexOf(0x0a);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(end > 0 ? bytes.subarray(0, end) : bytes);
    return true;
  } catch {
    return false;
  }
}

interface HeaderRow {
  delimiter: Delimiter;
  row: number;
  names: string[];
  layout: number;
  gzip: boolean;
  encoding: 'utf-8' | 'windows-1252';
  /** Whether fields are quoted: the producer's habit, or a file re-saved by a tool that quotes every field. */
  quoted: boolean;
}

/**
 * Finds the header row in the first lines of `source`: the first line that holds one of the dialect's
 * accepted headers. Throws ImportError (French) for a binary or empty file, or one without such a row
 * (naming the columns of its first line).
 */
async function locateHeader(source: ImportSource, dialect: CsvDialect, signal?: AbortSignal): Promise<HeaderRow> {
  const fail = (message: string): never => {
    throw new ImportError(`Fichier « ${source.name} » : ${message}`);
  };
  const { sample, gzip } = await probe(source, signal);
  if (sample.length === 0) fail('fichier vide après décompression.');
  if (sample.subarray(0, 65536).includes(0)) fail('fichier binaire, pas un texte CSV. Vérifiez que vous avez choisi le bon fichier.');
  const encoding = isUtf8(sample) ? 'utf-8' : 'windows-1252';
  const lines = new TextDecoder(encoding).decode(sample).replace(/^\uFEFF/, '').split(/\r\n|\n|\r/, MAX_TITLE_ROWS);
  // The best near miss: the row holding most names of an accepted header, to name what it lacks.
  let nearest: { matched: number; missing: string[] } = { matched: 0, missing: [] };
  for (let row = 0; row < lines.length; row++) {
    for (const delimiter of dialect.delimiters) {
      if (!lines[row].includes(delimiter)) continue;
      // A producer that never quotes, re-saved by a tool that quotes every field (R's write.table,
      // "quote all" in a spreadsheet): the file wins, its quotes are read as quotes.
      const fields = lines[row].split(delimiter).map((f) => f.trim()).filter((f) => f !== '');
      const quoted = dialect.quoted || (fields.length > 1 && fields.every((f) => f.length >= 2 && f.startsWith('"') && f.endsWith('"')));
      const names = splitHeader(lines[row], delimiter, quoted);
      const normalised = [...new Set(names.map(dialect.normalise))];
      const present = (c: HeaderColumn) => (typeof c === 'string' ? normalised.includes(c) : normalised.some((n) => c.pattern.test(n)));
      for (let layout = 0; layout < dialect.headers.length; layout++) {
        const missing = dialect.headers[layout].filter((c) => !present(c));
        if (missing.length === 0) return { delimiter, row, names, layout, gzip, encoding, quoted };
        const matched = dialect.headers[layout].length - missing.length;
        if (matched > nearest.matched) nearest = { matched, missing: missing.map(columnLabel) };
      }
    }
  }
  if (nearest.matched >= 2 && nearest.missing.length < nearest.matched) {
    const n = nearest.missing.length;
    fail(
      `colonne${n > 1 ? 's' : ''} ${nearest.missing.map((c) => `« ${c} »`).join(', ')} absente${n > 1 ? 's' : ''} de l’en-tête. ` +
        `Vérifiez que le fichier est bien ${dialect.expected}, complet et non retouché.`,
    );
  }
  const first = lines.find((l) => l.trim() !== '') ?? '';
  if (first === '') fail('aucune ligne de texte.');
  const found = dialect.delimiters.find((d) => first.includes(d));
  const other = [';', '|', ',', '\t'].find((d) => first.includes(d) && !dialect.delimiters.includes(d as Delimiter));
  if (!found && other) {
    fail(`séparateur ${delimiterName(other)} trouvé, ${dialect.delimiters.map(delimiterName).join(' ou ')} attendu : ce n’est pas le format attendu pour ${dialect.expected}.`);
  }
  const columns = splitHeader(first, found ?? dialect.delimiters[0], dialect.quoted).map(dialect.normalise).filter((c) => c !== '');
  const wanted = dialect.headers.map((h) => h.map(columnLabel).join(', ')).filter((h) => h !== '').join(' ou ');
  const scanned = Math.min(lines.length, MAX_TITLE_ROWS);
  const where = scanned === 1 ? 'dans la première ligne' : `dans les ${scanned} premières lignes`;
  if (wanted === '') {
    fail(`aucune ligne avec un séparateur (${dialect.delimiters.map(delimiterName).join(', ')}) ${where} : ce n’est pas un tableau CSV.`);
  }
  return fail(
    `aucune ligne d’en-tête avec les colonnes attendues (${wanted}) ${where}. ` +
      `Ce fichier ne semble pas être ${dialect.expected} (colonnes de la première ligne : ${columns.slice(0, 8).join(', ')}${columns.length > 8 ? '…' : ''}).`,
  );
}

/** The normalised column names of the header row (reads only the start of the file). */
export async function peekHeader(source: ImportSource, dialect: CsvDialect, signal?: AbortSignal): Promise<{ columns: string[]; layout: number }> {
  const found = await locateHeader(source, dialect, signal);
  return { columns: found.names.map(dialect.normalise), layout: found.layout };
}

/**
 * One CSV source opened for DuckDB. `from()` is the `read_csv(…)` table expression to select from;
 * `column(name)` the SQL identifier of a normalised column name. Use `load` to run the importer's
 * queries: it collects the rejected lines, and re-reads a file whose Windows-1252 characters
 * appear only after the probe.
 */
export class CsvFile {
  /** Normalised column names, in file order. */
  readonly columns: string[];
  encoding: 'utf-8' | 'windows-1252';
  rejects: CsvRejects = { counts: {}, lines: {}, total: 0 };
  private sqlPath = '';
  private readonly id = ++sequence;

  private constructor(
    private readonly db: SqlDatabase,
    readonly source: ImportSource,
    readonly dialect: CsvDialect,
    readonly delimiter: Delimiter,
    /** Title rows above the header row. */
    readonly skip: number,
    /** Header names as written in the file. */
    readonly rawColumns: string[],
    /** Which of `dialect.headers` the header row matched. */
    readonly layout: number,
    private readonly gzip: boolean,
    encoding: 'utf-8' | 'windows-1252',
    private readonly quoted: boolean,
  ) {
    this.columns = rawColumns.map((c) => dialect.normalise(c));
    this.encoding = encoding;
  }

  /**
   * Looks at the start of `source` and makes it readable by DuckDB. Throws ImportError (French) for a
   * binary file, an empty one, or one without an accepted header row (naming the columns found).
   */
  static async open(db: SqlDatabase, source: ImportSource, dialect: CsvDialect, signal?: AbortSignal): Promise<CsvFile> {
    const found = await locateHeader(source, dialect, signal);
    const file = new CsvFile(db, source, dialect, found.delimiter, found.row, found.names, found.layout, found.gzip, found.encoding, found.quoted);
    await file.register();
    return file;
  }

  private async register(): Promise<void> {
    const readable = this.encoding === 'windows-1252' ? decodedSource(this.source, 'windows-1252', { gzip: this.gzip }) : this.source;
    const compressed = this.gzip && this.encoding === 'utf-8';
    this.sqlPath = await this.db.registerSource(`csv-${this.id}-${this.encoding}${compressed ? '.csv.gz' : '.csv'}`, readable);
  }

  has(name: string): boolean {
    return this.columns.includes(name);
  }

  /** SQL identifier of a normalised column (throws a French error naming the file if it is absent). */
  column(name: string): string {
    const index = this.columns.indexOf(name);
    if (index < 0) throw new ImportError(`Fichier « ${this.source.name} » : colonne « ${name} » absente de l’en-tête. Ce fichier ne semble pas être ${this.dialect.expected}.`);
    return `c${index}`;
  }

  /** Column, or SQL NULL when the file does not have it. */
  optional(name: string): string {
    return this.has(name) ? this.column(name) : 'NULL';
  }

  private get rejectsTable(): string {
    return `csv_rejects_${this.id}`;
  }

  /**
   * The table expression reading the whole file: every column as text, named c0…cN (by position
   * of the header row; use `column()`), bad lines set aside in a rejects table.
   */
  from(): string {
    const width = Math.max(this.rawColumns.length, this.dialect.width ?? 0);
    const columns = Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
    const quote = this.quoted ? `quote = '"', escape = '"'` : `quote = '', escape = ''`;
    return `read_csv(${sqlString(this.sqlPath)}, delim = ${sqlString(this.delimiter)}, header = true, skip = ${this.skip}, ${quote},
      auto_detect = false, columns = {${columns}}, compression = '${this.gzip && this.encoding === 'utf-8' ? 'gzip' : 'none'}',
      null_padding = ${!this.dialect.fixedWidth}, max_line_size = 2097152, store_rejects = true,
      rejects_table = '${this.rejectsTable}', rejects_scan = '${this.rejectsTable}_scan')`;
  }

  /** Run options that report DuckDB's progress on this file as the importers' ProgressEvent. */
  runOptions(options: { signal?: AbortSignal; onProgress?: ProgressListener }): RunOptions {
    const { onProgress } = options;
    const { name, size } = this.source;
    return {
      signal: options.signal,
      onProgress: onProgress ? ({ fraction, rows }) => onProgress({ file: name, bytesRead: Math.round(fraction * size), bytesTotal: size, rows }) : undefined,
    };
  }

  /** `from()` with the columns named by their normalised header names (the first of duplicates). */
  fromNamed(): string {
    const seen = new Set<string>();
    const columns = this.columns.flatMap((name, i) => {
      if (name === '' || seen.has(name)) return [];
      seen.add(name);
      return [`c${i} AS "${name.replaceAll('"', '""')}"`];
    });
    return `(SELECT ${columns.join(', ')} FROM ${this.from()})`;
  }

  /**
   * Runs `read` (the importer's statements selecting from `from()`, all CREATE OR REPLACE so that it can
   * run twice), then collects the rejected lines. When DuckDB finds invalid UTF-8 after the probe, the
   * file is Windows-1252 after all: it is re-read transcoded.
   */
  async load(read: () => Promise<void>): Promise<void> {
    await read();
    await this.collectRejects();
    if (this.encoding === 'utf-8' && this.rejects.counts[REJECT_REASONS['INVALID ENCODING']]) {
      this.encoding = 'windows-1252';
      await this.db.unregisterFile(this.sqlPath).catch(() => undefined);
      await this.register();
      await read();
      await this.collectRejects();
    }
  }

  private async collectRejects(): Promise<void> {
    this.rejects = { counts: {}, lines: {}, total: 0 };
    const exists = await this.db.queryColumns(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = '${this.rejectsTable}'`);
    if (Number(exists.n[0]) === 0) return;
    // One line can carry several errors: count each line once, under its first error.
    const rows = await this.db.queryColumns(`
      WITH per_line AS (SELECT line, min(error_type) AS error_type FROM ${this.rejectsTable} GROUP BY line)
      SELECT error_type, count(*) AS n, list(line ORDER BY line)[1:${SHOWN_LINES}] AS lines FROM per_line GROUP BY error_type ORDER BY error_type`);
    for (let i = 0; i < rows.error_type.length; i++) {
      const type = String(rows.error_type[i]);
      const reason = REJECT_REASONS[type] ?? `ligne illisible (${type.toLowerCase()})`;
      const n = Number(rows.n[i]);
      this.rejects.counts[reason] = (this.rejects.counts[reason] ?? 0) + n;
      this.rejects.lines[reason] = [...(this.rejects.lines[reason] ?? []), ...Array.from(rows.lines[i] as unknown as ArrayLike<number>, Number)];
      this.rejects.total += n;
    }
    await this.db.run(`DROP TABLE IF EXISTS ${this.rejectsTable}; DROP TABLE IF EXISTS ${this.rejectsTable}_scan`);
  }

  /**
   * The file's SHA-256, after checking that a gzip file is complete (see verifySource). Start it before
   * the DuckDB read so both run together; a failure surfaces where it is awaited.
   */
  sha256(): Promise<string> {
    const verified = verifySource(this.source);
    verified.catch(() => undefined);
    return verified;
  }

  /** Rejected lines as report notes (see rejectNotes). */
  rejectNotes(): string[] {
    return rejectNotes(this.rejects.counts, this.rejects.lines);
  }

  async close(): Promise<void> {
    await this.db.run(`DROP TABLE IF EXISTS ${this.rejectsTable}; DROP TABLE IF EXISTS ${this.rejectsTable}_scan`).catch(() => undefined);
    await this.db.unregisterFile(this.sqlPath).catch(() => undefined);
  }
}
