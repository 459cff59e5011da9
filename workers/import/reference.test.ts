// Reference tables and commune code normalisation on both runtimes: commune_code, remappedCommune,
// and the postal code table (DATA_SPEC §B.5).
import { describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../electron/cli/duckdb-node';
import { openWasmDatabase } from '../../tests/support/duckdb-wasm-node';
import { readReference } from '../../tests/support/sources';
import type { SqlDatabase } from '../db/sql-database';
import { loadReferenceTables, remappedCommune } from './reference';

const runtimes = { native: () => openNodeDatabase(), wasm: () => openWasmDatabase() };

const INPUTS = ['1001', ' 1004 ', '2a004', '2b033', '75108', '97411', '1340', '01340', '', null];

for (const [runtime, open] of Object.entries(runtimes)) {
  describe(`codes communes (${runtime})`, () => {
    let db: SqlDatabase;
    const values = async (expression: (column: string) => string) => {
      const result = await db.queryColumns(
        `SELECT ${expression('code')} AS v FROM (SELECT unnest([${INPUTS.map((c) => (c === null ? 'NULL' : `'${c}'`)).join(', ')}]) AS code, generate_subscripts([${INPUTS.map(() => '0').join(', ')}], 1) AS i) ORDER BY i`,
      );
      return Array.from(result.v);
    };

    it('commune_code re-complète les zéros, met la Corse en majuscules, laisse le reste', async () => {
      db = await open();
      await loadReferenceTables(db, readReference);
      expect(await values((c) => `commune_code(${c})`)).toEqual(['01001', '01004', '2A004', '2B033', '75108', '97411', '01340', '01340', '', null]);
      // A code read as a number (spreadsheet, auto-detected CSV) is normalised too.
      expect(Array.from((await db.queryColumns('SELECT commune_code(1004) AS v')).v)).toEqual(['01004']);
    });

    it('remappedCommune normalise puis remappe vers le COG 2025', async () => {
      // 01340 (Arbignieu, obsolete) → 01015; 75108 (Paris 8e) → 75056; 1001 → 01001 (current, unchanged).
      expect(await values(remappedCommune)).toEqual(['01001', '01004', '2A004', '2B033', '75056', '97411', '01015', '01015', '', null]);
    });

    it('la table des codes postaux donne une commune, ou plusieurs pour un code partagé', async () => {
      const rows = await db.queryColumns(`SELECT code_postal, count(*) AS n, min(code_commune) AS premiere, bool_or(code_commune = '55545') AS verdun
        FROM ref_codes_postaux WHERE code_postal IN ('75008', '69001', '13001', '55100', '01500') GROUP BY code_postal ORDER BY code_postal`);
      expect(Array.from(rows.code_postal)).toEqual(['01500', '13001', '55100', '69001', '75008']);
      // Arrondissements municipaux → their commune (75008 → Paris, not 75108).
      expect(Array.from(rows.premiere)).toEqual(['01004', '13055', '55039', '69123', '75056']);
      expect(Array.from(rows.n)).toEqual([8, 1, 26, 1, 1]);
      expect(Array.from(rows.verdun)).toEqual([false, false, true, false, false]);
      const total = await db.queryColumns('SELECT count(DISTINCT code_postal) AS codes, count(*) FILTER (WHERE length(code_postal) <> 5) AS bad FROM ref_codes_postaux');
      expect(Number(total.codes[0])).toBeGreaterThan(6000);
      expect(Number(total.bad[0])).toBe(0);
      await db.close();
    });
  });
}
