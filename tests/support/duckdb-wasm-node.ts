// duckdb-wasm in Node for tests: the blocking bundle with the Node runtime (ENGINEERING.md §2),
// wrapped in the same SqlDatabase interface as the browser worker.
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import { createWasmSqlDatabase } from '../../workers/db/duckdb-wasm-database';
import { createParquetCodec, type ParquetCodecModules } from '../../workers/db/parquet-codec';
import type { SqlDatabase } from '../../workers/db/sql-database';

const require = createRequire(import.meta.url);
const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));

/**
 * The browser worker's Parquet path (@loaders.gl/parquet, parquet-wasm), from the CommonJS builds: the
 * ES module build of @loaders.gl/parquet 4.5.2 has an extension-less import that Node refuses. One
 * require for the three packages, so that loaders.gl and tableToIPC share one apache-arrow instance.
 */
export function nodeParquetCodecModules(): ParquetCodecModules {
  const { parse, encode } = require('@loaders.gl/core') as Pick<ParquetCodecModules, 'parse' | 'encode'>;
  const { ParquetArrowLoader, ParquetArrowWriter } = require('@loaders.gl/parquet') as Pick<ParquetCodecModules, 'ParquetArrowLoader' | 'ParquetArrowWriter'>;
  const { tableFromIPC, tableToIPC } = require('apache-arrow') as Pick<ParquetCodecModules, 'tableFromIPC' | 'tableToIPC'>;
  return { parse, encode, ParquetArrowLoader, ParquetArrowWriter, tableFromIPC, tableToIPC };
}

export async function openWasmDatabase(): Promise<SqlDatabase> {
  const db = await duckdb.createDuckDB(
    {
      mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: '' },
      eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: '' },
    },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate();
  db.open({ query: { castBigIntToDouble: true } });
  return createWasmSqlDatabase(db, db.connect(), createParquetCodec(nodeParquetCodecModules()));
}
