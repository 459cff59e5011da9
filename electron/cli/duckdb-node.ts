// SqlDatabase over native DuckDB (@duckdb/node-api): the CLI's (and later the utility process's)
// runtime. Registered files are written to a private temporary folder that DuckDB searches.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { ColumnValues, SqlDatabase } from '../../workers/db/sql-database';
import { OFFLINE_SETTINGS_SQL, sqlString } from '../../workers/db/sql-database';

export async function openNodeDatabase(options: { threads?: number } = {}): Promise<SqlDatabase> {
  const instance = await DuckDBInstance.create(':memory:', options.threads ? { threads: String(options.threads) } : {});
  const connection = await instance.connect();
  const folder = mkdtempSync(join(tmpdir(), 'territoire-sante-'));
  await connection.run(OFFLINE_SETTINGS_SQL);
  await connection.run(`SET file_search_path = ${sqlString(folder)}`);
  return {
    async registerFile(name, bytes) {
      const path = join(folder, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, bytes);
    },
    async unregisterFile(name) {
      rmSync(join(folder, name), { force: true });
    },
    async run(sql) {
      await connection.run(sql);
    },
    async queryColumns(sql) {
      const reader = await connection.runAndReadAll(sql);
      const columns = reader.getColumnsObjectJS() as Record<string, unknown[]>;
      const out: Record<string, ColumnValues> = {};
      for (const [name, values] of Object.entries(columns)) {
        out[name] = values.map((v) => (typeof v === 'bigint' ? Number(v) : (v as string | number | null)));
      }
      return out;
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
