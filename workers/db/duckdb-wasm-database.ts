// SqlDatabase over duckdb-wasm. Works with the async bundle (browser worker) and the blocking bundle
// (Node tests): both expose the same connection methods, only synchronous or not.
import type { ColumnValues, SqlDatabase } from './sql-database';
import { OFFLINE_SETTINGS_SQL } from './sql-database';
import { ImportCancelled, readAll } from '../import/source-reader';
import type { ParquetCodec } from './parquet-codec';

/** duckdb-wasm's DuckDBDataProtocol.BROWSER_FILEREADER (a const enum there). */
const BROWSER_FILEREADER = 2;

/** The part of an Arrow table we read; structural so that no apache-arrow version is imposed. */
interface ArrowVectorLike extends Iterable<unknown> {
  nullCount: number;
  toArray(): unknown;
}

interface ArrowTableLike {
  schema: { fields: { name: string }[] };
  getChild(name: string): ArrowVectorLike | null;
}

interface WasmConnection {
  query(sql: string): ArrowTableLike | Promise<ArrowTableLike>;
  insertArrowFromIPCStream(buffer: Uint8Array, options: { name: string; create?: boolean }): unknown;
  /** duckdb-wasm's access to the raw bindings; runQuery gives a query's result as an Arrow IPC stream. */
  useUnsafe<R>(callback: (bindings: { runQuery(connection: number, sql: string): Uint8Array | Promise<Uint8Array> }, connection: number) => R): R;
  close(): unknown;
}

interface WasmDatabase {
  registerFileBuffer(name: string, buffer: Uint8Array): unknown;
  /** Async bundle only: a browser File read on demand (protocol 2 = BROWSER_FILEREADER). */
  registerFileHandle?(name: string, handle: Blob, protocol: number, directIO: boolean): unknown;
  dropFile(name: string): unknown;
}

export function arrowColumns(table: ArrowTableLike): Record<string, ColumnValues> {
  const columns: Record<string, ColumnValues> = {};
  for (const field of table.schema.fields) {
    const vector = table.getChild(field.name);
    // toArray() gives typed arrays for numeric columns (fast), but a typed array cannot hold a NULL:
    // columns with nulls are read value by value instead.
    if (!vector) columns[field.name] = [];
    else if (vector.nullCount > 0) columns[field.name] = Array.from(vector, (v) => (v === null || v === undefined ? null : (typeof v === 'bigint' ? Number(v) : v))) as ColumnValues;
    else columns[field.name] = vector.toArray() as ColumnValues;
  }
  return columns;
}

/** `parquet` converts Parquet files from and to Arrow IPC (parquet-codec.ts): duckdb-wasm cannot, offline. */
export async function createWasmSqlDatabase(db: WasmDatabase, connection: WasmConnection, parquet: ParquetCodec): Promise<SqlDatabase> {
  await connection.query(OFFLINE_SETTINGS_SQL);
  return {
    async registerFile(name, bytes) {
      await db.registerFileBuffer(name, bytes);
    },
    async registerSource(name, source) {
      if (source.blob && db.registerFileHandle) await db.registerFileHandle(name, source.blob, BROWSER_FILEREADER, true);
      else await db.registerFileBuffer(name, await readAll(source));
      return name;
    },
    async unregisterFile(name) {
      await db.dropFile(name);
    },
    async run(sql, options = {}) {
      // duckdb-wasm reports no progress; cancellation takes effect between statements.
      if (options.signal?.aborted) throw new ImportCancelled();
      await connection.query(sql);
      if (options.signal?.aborted) throw new ImportCancelled();
    },
    async queryColumns(sql) {
      return arrowColumns(await connection.query(sql));
    },
    async importParquet(table, bytes) {
      const ipc = await parquet.toArrowIpc(bytes);
      await connection.query(`DROP TABLE IF EXISTS "${table}"`);
      await connection.insertArrowFromIPCStream(ipc, { name: table, create: true });
    },
    async exportParquet(sql) {
      const ipc = await connection.useUnsafe((bindings, id) => bindings.runQuery(id, sql));
      return parquet.fromArrowIpc(ipc);
    },
    async close() {
      await connection.close();
    },
  };
}
