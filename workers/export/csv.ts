// CSV for French Excel: UTF-8 with BOM, `;` separator, decimal comma, CRLF line ends, RFC 4180
// quoting, no thousands separator (Excel reads the fields as numbers), an empty field for no value.
import { csvField, formatPlainNumber } from '../../common/csv';
import type { ComparisonTable, DashboardTable } from '../engine/dashboard';
import { comparisonColumns, dashboardColumns, hasExternalSupply, withTotal, type CellValue, type Column } from './columns';

const BOM = '\uFEFF';
const CRLF = '\r\n';

/** A number with a decimal comma and `decimals` digits, or '' when not finite. */
export const frenchPlainNumber = (value: number, decimals: number): string => formatPlainNumber(value, decimals).replace('.', ',');

/** Text that Excel would take for a formula (= + - @ first) is prefixed with an apostrophe. */
const defuse = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

function field<Row>(column: Column<Row>, value: CellValue): string {
  if (typeof value === 'number') return frenchPlainNumber(value, column.decimals);
  return csvField(column.kind === 'text' ? defuse(value) : value);
}

/** Any table as CSV for French Excel. */
export function excelCsv<Row>(columns: readonly Column<Row>[], rows: Iterable<Row>): string {
  const lines = [columns.map((c) => csvField(c.header)).join(';')];
  for (const row of rows) lines.push(columns.map((c) => field(c, c.value(row))).join(';'));
  return BOM + lines.join(CRLF) + CRLF;
}

/** The diagnostic table with its total row; `specialties` restricts the specialty columns. */
export const dashboardCsv = (table: DashboardTable, specialties?: readonly string[]): string => excelCsv(dashboardColumns(specialties), withTotal(table));

/** The difference table with its total row. */
export const comparisonCsv = (table: ComparisonTable, specialties?: readonly string[]): string => excelCsv(comparisonColumns(specialties, hasExternalSupply(table)), withTotal(table));
