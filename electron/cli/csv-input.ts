// Reading of user CSV inputs: columns matched by header name (never by position), `;` or `,`
// separator detected on the header line, decimal comma tolerated, errors naming file, line and column.
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { CliError } from './errors';

export interface CsvTable {
  file: string;
  rows: Record<string, string>[];
  /** Line number in the file of each row (for messages). */
  lines: number[];
}

const normalise = (name: string) => name.trim().replace(/^\uFEFF/, '').toLowerCase();

export function readCsvFile(path: string, requiredColumns: readonly string[]): CsvTable {
  const file = basename(path);
  if (!existsSync(path)) throw new CliError(`Fichier introuvable : « ${path} ».`);
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new CliError(`Fichier « ${file} » vide : il doit commencer par l’en-tête ${requiredColumns.join(';')}.`);
  const headerLine = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : undefined);
  const delimiter = headerLine.includes(';') ? ';' : ',';
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, { delimiter, skip_empty_lines: true, relax_column_count: true, trim: true, info: true }) as unknown as typeof parsed;
  } catch (error) {
    throw new CliError(`Fichier « ${file} » illisible comme CSV : ${(error as Error).message}`);
  }
  const records = parsed.map((p) => p.record);
  const header = records[0].map(normalise);
  const missing = requiredColumns.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new CliError(
      `Fichier « ${file} » : colonne${missing.length > 1 ? 's' : ''} ${missing.map((c) => `« ${c} »`).join(', ')} absente${missing.length > 1 ? 's' : ''} ` +
        `(colonnes trouvées : ${records[0].join(', ')}). L’en-tête attendu est ${requiredColumns.join(';')}.`,
    );
  }
  const rows = records.slice(1).map((record) => Object.fromEntries(header.map((name, i) => [name, record[i] ?? ''])));
  return { file, rows, lines: parsed.slice(1).map((p) => p.info.lines) };
}

/** A non-negative decimal number from a CSV field; `1 234,5` and `1234.5` both accepted. */
export function numberField(table: CsvTable, row: number, column: string): number {
  const raw = table.rows[row][column].replace(/[\s\u00a0\u202f]/g, '').replace(/^(\d*),(\d+)$/, '$1.$2');
  const where = `Fichier « ${table.file} », ligne ${table.lines[row]}, colonne « ${column} »`;
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(raw)) throw new CliError(`${where} : « ${table.rows[row][column]} » n’est pas un nombre.`);
  const value = Number(raw);
  if (value < 0) throw new CliError(`${where} : valeur négative (${table.rows[row][column]}) impossible.`);
  return value;
}
