// duckdb-wasm in Node for tests: the blocking bundle with the Node runtime (ENGINEERING.md §2),
// wrapped in the same SqlDatabase interface as the browser worker.
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import { createWasmSqlDatabase } from '../../workers/db/duckdb-wasm-database';
import type { SqlDatabase } from '../../workers/db/sql-database';

const require = createRequire(import.meta.url);
const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));

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
  return createWasmSqlDatabase(db, db.connect());
}
