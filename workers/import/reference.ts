// Loads the importers' reference tables (resources/generated/reference, built by
// build/prepare-resources.ts from resources/reference, @etalab/decoupage-administratif and ../shared/data)
// into DuckDB, and defines the commune code normalisation every importer applies before a join.
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
  /** Arrondissements, delegated, associated and obsolete commune codes → COG 2025 commune. */
  ref_codes_communes: { file: 'codes-communes.csv', columns: { code_source: 'VARCHAR', code_commune: 'VARCHAR', motif: 'VARCHAR' } },
  /** Postal code → COG 2025 commune, one row per pair (a shared postal code has several rows); DATA_SPEC §B.5. */
  ref_codes_postaux: { file: 'codes-postaux.csv', columns: { code_postal: 'VARCHAR', code_commune: 'VARCHAR' } },
} as const;

/**
 * DuckDB macro `commune_code(x)`: a commune (or postal) code as written in the source files → its
 * canonical 5-character form. Trimmed; 1 to 4 digits re-padded with leading zeros (1001 → 01001: the
 * zero a spreadsheet drops when it reads the column as a number); Corsica in upper case (2a004 → 2A004);
 * anything else unchanged (NULL stays NULL, '' stays ''). Defined by loadReferenceTables.
 */
export const COMMUNE_CODE_MACRO = `CREATE OR REPLACE MACRO commune_code(x) AS (
  CASE
    WHEN regexp_full_match(trim(CAST(x AS VARCHAR)), '[0-9]{1,4}') THEN lpad(trim(CAST(x AS VARCHAR)), 5, '0')
    WHEN regexp_full_match(trim(CAST(x AS VARCHAR)), '2[ab][0-9]{3}') THEN upper(trim(CAST(x AS VARCHAR)))
    ELSE trim(CAST(x AS VARCHAR))
  END)`;

/**
 * SQL expression giving the COG 2025 commune code of `columnSql` (any SQL expression yielding a code):
 * normalised by commune_code, then remapped through ref_codes_communes (arrondissements municipaux
 * 75108 → 75056, delegated and older COG codes). A code that is not in the table comes back normalised
 * only; whether it is a commune of the pack is the caller's check (against `communes`). Needs
 * loadReferenceTables. The one definition shared by the importers.
 */
export function remappedCommune(columnSql: string): string {
  const code = `commune_code(${columnSql})`;
  return `coalesce((SELECT m.code_commune FROM ref_codes_communes m WHERE m.code_source = ${code}), ${code})`;
}

export async function loadReferenceTables(db: SqlDatabase, read: ReadReferenceFile): Promise<void> {
  for (const [table, { file, columns }] of Object.entries(REFERENCE_TABLES)) {
    const name = `reference/${file}`;
    await db.registerFile(name, await read(file));
    const spec = Object.entries(columns)
      .map(([c, t]) => `${sqlString(c)}: ${sqlString(t)}`)
      .join(', ');
    await db.run(`CREATE OR REPLACE TABLE ${table} AS SELECT * FROM read_csv(${sqlString(name)}, delim = ';', header = true, quote = '"', columns = {${spec}})`);
  }
  await db.run(COMMUNE_CODE_MACRO);
  // Which acts measure each specialty's activity: the clinical basket or the imaging basket (§A.5).
  await db.run(`CREATE OR REPLACE TABLE ref_panier_mesure AS
    SELECT * FROM (VALUES ('clinique', 'consultation'), ('clinique', 'visite'), ('clinique', 'teleconsultation'), ('imagerie', 'imagerie'))
    AS t(panier_activite, panier)`);
}
