// SQL helpers shared by the importers that read numbers written by people or spreadsheets.
import type { SqlDatabase } from '../db/sql-database';

/**
 * SQL: a number as a file writes it → DOUBLE, NULL when unreadable (empty, `NS`, `NA`…). The decimal
 * mark may be `.` or `,`; spaces are thousands separators and dropped, including the non-breaking ones a
 * French spreadsheet writes (U+00A0, and U+202F since Excel 2019 / LibreOffice 7): « 12 500,5 » → 12500.5.
 * A `.` is always the decimal mark (never a thousands separator): « 1.298 » → 1.298.
 */
export const sqlNumber = (sql: string): string => `TRY_CAST(replace(regexp_replace(trim(${sql}), '[\\s\u00a0\u202f]', '', 'g'), ',', '.') AS DOUBLE)`;

/** The first column of the first row of a query, as a number (0 when there is no row or it is NULL). */
export async function scalar(db: SqlDatabase, sql: string): Promise<number> {
  return Number(Object.values(await db.queryColumns(sql))[0]?.[0] ?? 0);
}
