import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../electron/cli/duckdb-node';
import type { SqlDatabase } from '../db/sql-database';
import { sqlString } from '../db/sql-database';
import { scalar, sqlNumber } from './sql-values';

let db: SqlDatabase;
beforeAll(async () => {
  db = await openNodeDatabase({ threads: 1 });
});
afterAll(async () => db.close());

describe('nombres lus dans les fichiers importés', () => {
  it('lit la virgule, le point et les espaces (y compris insécables) des tableurs français', async () => {
    const read = async (text: string) => (await db.queryColumns(`SELECT ${sqlNumber(sqlString(text))} AS v`)).v[0];
    expect(await read('1.298')).toBe(1.298);
    expect(await read(' 0,819 ')).toBe(0.819);
    expect(await read('12 500')).toBe(12500);
    expect(await read('12\u00a0500,5')).toBe(12500.5);
    expect(await read('1\u202f234\u202f567')).toBe(1234567);
    for (const secret of ['', 'NS', 'NA']) expect(await read(secret)).toBeNull();
  });

  it('rend la première valeur d’une requête, 0 sans ligne', async () => {
    expect(await scalar(db, 'SELECT 42')).toBe(42);
    expect(await scalar(db, 'SELECT 1 WHERE false')).toBe(0);
    expect(await scalar(db, 'SELECT NULL')).toBe(0);
  });
});
