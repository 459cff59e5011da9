// CSV for French Excel: UTF-8 with BOM, `;` separator, decimal comma, CRLF line ends, RFC 4180
// quoting, no thousands separator (Excel reads the fields as numbers), an empty field for no value.
// Territory codes are written as Excel text formulas (="08409"), so that Excel keeps their leading
// zeros: a plain 08409 becomes the number 8409, and quoting ("08409") does not prevent it.
import { csvField, formatPlainNumber } from '../../common/csv';
import type { ComparisonTable, DashboardTable } from '../engine/dashboard';
import { comparisonAlertColumns, comparisonColumns, dashboardAlertColumns, dashboardColumns, hasExternalSupply, withTotal, type AlertSetting, type CellValue, type Column } from './columns';

const BOM = '\uFEFF';
const CRLF = '\r\n';

/** A number with a decimal comma and `decimals` digits, or '' when not finite. */
export const frenchPlainNumber = (value: number, decimals: number): string => formatPlainNumber(value, decimals).replace('.', ',');

/** Text that Excel would take for a formula (= + - @ first) is prefixed with an apostrophe. */
const defuse = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/**
 * A territory code as Excel keeps it: `="08409"`, a bare field (Excel reads it as a formula whose value
 * is the text 08409). The widely used form for CSV text that looks like a number; a quoted "08409" does
 * not help, Excel still makes it 8409. Not strict RFC 4180 (quotes inside a bare field): strict readers
 * need a relaxed mode (csv-parse `relax_quotes`; Python's csv and pandas read it as the text ="08409").
 * Empty codes (total rows) stay empty; `"` is doubled inside the formula.
 */
export const excelTextCode = (code: string): string => (code === '' ? '' : `="${code.replace(/"/g, '""')}"`);

function field<Row>(column: Column<Row>, value: CellValue): string {
  if (typeof value === 'number') return frenchPlainNumber(value, column.decimals);
  // A code with a separator or a line break cannot be a bare formula field: quoted text then.
  if (column.id === 'code' && !/[;\r\n]/.test(value)) return excelTextCode(value);
  return csvField(column.kind === 'text' ? defuse(value) : value);
}

/** Any table as CSV for French Excel. */
export function excelCsv<Row>(columns: readonly Column<Row>[], rows: Iterable<Row>): string {
  const lines = [columns.map((c) => csvField(c.header)).join(';')];
  for (const row of rows) lines.push(columns.map((c) => field(c, c.value(row))).join(';'));
  return BOM + lines.join(CRLF) + CRLF;
}

/** The diagnostic table with its total row; `specialties` restricts the specialty columns; `alerts` adds the « Alerte » column. */
export const dashboardCsv = (table: DashboardTable, specialties?: readonly string[], alerts?: AlertSetting | null): string =>
  excelCsv([...dashboardColumns(specialties), ...dashboardAlertColumns(alerts)], withTotal(table));

/** The difference table with its total row (and the « Alerte » column with `alerts`). */
export const comparisonCsv = (table: ComparisonTable, specialties?: readonly string[], alerts?: AlertSetting | null): string =>
  excelCsv([...comparisonColumns(specialties, hasExternalSupply(table), table.aplSpecialty), ...comparisonAlertColumns(alerts)], withTotal(table));
