// The one query surface shared by every DuckDB runtime: duckdb-wasm in a web worker (app, browser
// build), duckdb-wasm blocking (Node tests) and @duckdb/node-api (CLI, Electron import process).
// Callers write SQL against this interface only, so the same SQL runs everywhere.

import type { ImportSource } from '../import/source-reader';

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (progress: { fraction: number; rows: number }) => void;
}

export type ColumnValues = ArrayLike<string | number | null>;

export interface SqlDatabase {
  /** Makes `bytes` readable by SQL under `name` (e.g. in read_csv('name')). */
  registerFile(name: string, bytes: Uint8Array): Promise<void>;
  /**
   * Makes an import source readable by SQL and returns the name to give read_csv: a local file is
   * read in place, a browser File through a file handle, any other stream is copied (temporary file
   * or memory). Free it with unregisterFile (never deletes the user's own file).
   */
  registerSource(name: string, source: ImportSource): Promise<string>;
  /** Frees a registered file. */
  unregisterFile(name: string): Promise<void>;
  /**
   * Executes statements that return nothing. `onProgress` receives DuckDB's query progress (0–1 and
   * rows processed) where the runtime reports it; `signal` interrupts the query (ImportCancelled).
   */
  run(sql: string, options?: RunOptions): Promise<void>;
  /** Runs a query and returns its columns by name; BIGINT/HUGEINT arrive as numbers. */
  queryColumns(sql: string): Promise<Record<string, ColumnValues>>;
  /**
   * Creates (or replaces) table `table` with the rows and column types of a Parquet file (the bytes of
   * the whole file). Native DuckDB reads it with read_parquet; duckdb-wasm, which cannot read Parquet
   * offline, through @loaders.gl/parquet and Arrow IPC. Throws on a file that is not Parquet.
   */
  importParquet(table: string, bytes: Uint8Array): Promise<void>;
  /**
   * The rows of the query `sql` as the bytes of a Parquet file, in the query's order; the same rows
   * give the same bytes on the same runtime. Native DuckDB: COPY … (FORMAT parquet, COMPRESSION snappy);
   * duckdb-wasm: @loaders.gl/parquet's writer (parquet-wasm, uncompressed). See docs/format-paquet.md.
   */
  exportParquet(sql: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Settings applied to every runtime: the app is offline, so never try to download an extension. */
export const OFFLINE_SETTINGS_SQL = 'SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;';

/** SQL string literal. */
export const sqlString = (value: string): string => `'${value.replaceAll("'", "''")}'`;
