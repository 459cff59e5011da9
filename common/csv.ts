// Writing of the project's CSV tables: `;` separator, `\n` line ends, UTF-8 without BOM,
// RFC 4180 quoting only where needed, an empty field for an undefined value.
// Reading is left to DuckDB or to csv-parse: this module only formats.

export type CsvValue = string | number | null | undefined;

const NEEDS_QUOTES = /[";\r\n]/;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? formatPlainNumber(value) : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A number with `.` as decimal point, no thousands separator and never exponent notation. */
export function formatPlainNumber(value: number, decimals?: number): string {
  if (!Number.isFinite(value)) return '';
  // toFixed switches to exponent notation from 1e21: such a value is an integer, written in full.
  if (decimals !== undefined && Math.abs(value) < 1e21) return value.toFixed(decimals).replace(/^-(?=0(\.0*)?$)/, '');
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // Above 1e21 even toFixed uses exponent notation: go through BigInt (such values are integers).
  if (Math.abs(value) >= 1e21) return BigInt(value).toString();
  return value.toFixed(20).replace(/\.?0+$/, '');
}

/** At least `digits` significant digits, fixed notation (rates, accessibility). */
export function formatSignificant(value: number, digits = 6): string {
  if (!Number.isFinite(value)) return '';
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  return value.toFixed(Math.min(20, Math.max(0, digits - 1 - magnitude)));
}

export function formatCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const lines = [header.map(csvField).join(';')];
  for (const row of rows) lines.push(row.map(csvField).join(';'));
  return lines.join('\n') + '\n';
}
