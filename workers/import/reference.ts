// Loads the importers' reference tables (resources/generated/reference, built by
// build/prepare-resources.ts from resources/reference and ../shared/data) into DuckDB.
import type { SqlDatabase } from '../db/sql-database';
import { sqlString } from '../db/sql-database';

export type ReadReferenceFile = (name: string) => Promise<Uint8Array>;

const REFERENCE_TABLES = {
  ref_specialites: {
    file: 'specialites.csv',
    columns: { specialite: 'VARCHAR', libelle: 'VARCHAR', pse_spe_snds: 'INTEGER', libelle_snds: 'VARCHAR', sm_codes: 'VARCHAR', cex_codes: 'VARCHAR', panier_activite: 'VARCHAR' },
  },
  ref_paniers: { file: 'paniers-prs-nat.csv', columns: { prs_nat: 'INTEGER', panier: 'VARCHAR', libelle: 'VARCHAR' } },
  ref_damir_regions: { file: 'damir-regions.csv', columns: { code: 'VARCHAR', libelle: 'VARCHAR' } },
  ref_damir_ages: { file: 'damir-ages.csv', columns: { code: 'INTEGER', libelle: 'VARCHAR' } },
  ref_codes_communes: { file: 'codes-communes.csv', columns: { code_source: 'VARCHAR', code_commune: 'VARCHAR', motif: 'VARCHAR' } },
} as const;

export async function loadReferenceTables(db: SqlDatabase, read: ReadReferenceFile): Promise<void> {
  for (const [table, { file, columns }] of Object.entries(REFERENCE_TABLES)) {
    const name = `reference/${file}`;
    await db.registerFile(name, await read(file));
    const spec = Object.entries(columns)
      .map(([c, t]) => `${sqlString(c)}: ${sqlString(t)}`)
      .join(', ');
    await db.run(`CREATE OR REPLACE TABLE ${table} AS SELECT * FROM read_csv(${sqlString(name)}, delim = ';', header = true, quote = '"', columns = {${spec}})`);
  }
  // Which acts measure each specialty's activity: the clinical basket or the imaging basket (§A.5).
  await db.run(`CREATE OR REPLACE TABLE ref_panier_mesure AS
    SELECT * FROM (VALUES ('clinique', 'consultation'), ('clinique', 'visite'), ('clinique', 'teleconsultation'), ('imagerie', 'imagerie'))
    AS t(panier_activite, panier)`);
}
