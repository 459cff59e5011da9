// What the DB worker needs only for SQL: duckdb-wasm (eh bundle; its files bundled by Vite: no CDN, no
// extension download) and the Parquet codec (@loaders.gl/parquet on parquet-wasm). Loaded by the worker
// with a dynamic import when SQL is first needed, after the first map (territory detail, a pack without
// engine snapshot, imports), so that the worker's start-up script stays small.
import * as duckdb from '@duckdb/duckdb-wasm';
import duckdbWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import duckdbWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { encode, parse } from '@loaders.gl/core';
import { ParquetArrowLoader, ParquetArrowWriter } from '@loaders.gl/parquet';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import parquetWasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { createWasmSqlDatabase } from './duckdb-wasm-database';
import { createParquetCodec } from './parquet-codec';
import type { SqlDatabase } from './sql-database';

export interface WasmSql {
  sql: SqlDatabase;
  /** Stops the database's own worker (a scratch database of an import). */
  terminate(): Promise<void>;
}

/**
 * Pack tables are Parquet files: read and written through @loaders.gl/parquet (parquet-wasm), whose
 * WebAssembly file Vite bundles like DuckDB's (duckdb-wasm cannot read Parquet offline).
 */
const parquetCodec = createParquetCodec({ parse, encode, ParquetArrowLoader, ParquetArrowWriter, tableFromIPC, tableToIPC }, parquetWasmUrl);

/** A new in-memory DuckDB in its own worker, with the offline settings and the Parquet codec. */
export async function openWasmSql(): Promise<WasmSql> {
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(duckdbWorkerUrl));
  await db.instantiate(duckdbWasmUrl);
  await db.open({ query: { castBigIntToDouble: true } });
  return { sql: await createWasmSqlDatabase(db, await db.connect(), parquetCodec), terminate: () => db.terminate() };
}
