// Reading a pack folder's tables as plain rows, whatever their encoding (Parquet, or CSV in packs of
// version 1): for build scripts (the demo generator reads the reference pack) and tests.
import { formatPlainNumber } from '../../common/csv';
import type { PackTableName } from '../../common/pack';
import { PackDb } from '../../workers/db/pack-db';
import { openNodeDatabase } from './duckdb-node';
import { packFolderReader } from './files';

export type TextRow = Record<string, string>;

/**
 * Rows of tables of the pack in `folder`, opened like the app opens it (PackDb.load: version checked,
 * columns typed as PACK_TABLES declares), in the order of the table's file. Values as text, as a CSV
 * pack wrote them: numbers in plain notation (formatPlainNumber), '' for empty. Throws PackFormatError
 * (French) for a pack that cannot be opened, and on a table the pack does not have.
 */
export async function readPackTables<T extends PackTableName>(folder: string, tables: readonly T[]): Promise<Record<T, TextRow[]>> {
  const db = await openNodeDatabase({ threads: 1 });
  try {
    const pack = await PackDb.load(db, packFolderReader(folder));
    const out = {} as Record<T, TextRow[]>;
    for (const table of tables) {
      if (!pack.hasTable(table)) throw new Error(`Le paquet « ${folder} » n’a pas de table « ${table} ».`);
      // rowid follows the insertion order, i.e. the order of the file.
      const columns = await db.queryColumns(`SELECT * FROM ${table} ORDER BY rowid`);
      const names = Object.keys(columns);
      const text = (value: string | number | null) => (value === null ? '' : typeof value === 'number' ? formatPlainNumber(value) : value);
      out[table] = Array.from({ length: columns[names[0]]?.length ?? 0 }, (_, i) => Object.fromEntries(names.map((name) => [name, text(columns[name][i])])));
    }
    return out;
  } finally {
    await db.close();
  }
}

/** Rows of one table of a pack folder (see readPackTables). */
export async function readPackTable(folder: string, table: PackTableName): Promise<TextRow[]> {
  return (await readPackTables(folder, [table]))[table];
}
