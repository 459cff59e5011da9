// Loads a data pack into DuckDB and answers the questions that need SQL (territory detail, cross-checks).
// Runtime-agnostic: takes a SqlDatabase and a function that reads the pack's files.
import { CUSTOM_GRID_PREFIX, isGridId, PACK_TABLES, packTableFormat, type GridId, type PackManifest, type PackTableName } from '../../common/pack';
import { PackFormatError, parsePackManifest } from './pack-manifest';
import type { SqlDatabase } from './sql-database';
import { sqlString } from './sql-database';

export type ReadPackFile = (name: string) => Promise<Uint8Array>;

export { PackFormatError };

/**
 * Creates table `name` from one table file of a pack: Parquet or CSV (`;`, header), told by the file's
 * extension (docs/format-paquet.md). Columns are read by name, then cast to the types PACK_TABLES
 * declares: a reordered or extra column is harmless, a missing one or a value of the wrong type is
 * reported (PackFormatError, in French, naming the pack, the table and what to do).
 */
export async function loadPackTable(db: SqlDatabase, packId: string, name: PackTableName, file: string, bytes: Uint8Array): Promise<void> {
  const format = packTableFormat(file);
  if (!format) {
    throw new PackFormatError(`Paquet « ${packId} », table « ${name} » : fichier « ${file} » d’un format inconnu (.parquet ou .csv attendu). Réimportez la source.`);
  }
  const columns: Record<string, string> = PACK_TABLES[name].columns;
  const select = Object.entries(columns)
    .map(([column, type]) => `CAST("${column}" AS ${type}) AS "${column}"`)
    .join(', ');
  // A Parquet file becomes a staging table with the file's own types; a CSV file is read as text.
  const staging = `pack_file_${name}`;
  const csvName = `${packId}/${file}`;
  try {
    let from: string;
    if (format === 'parquet') {
      try {
        await db.importParquet(staging, bytes);
      } catch {
        throw new PackFormatError(
          `Paquet « ${packId} », table « ${name} » : « ${file} » n’est pas un fichier Parquet lisible (copie incomplète ?). Recopiez le dossier du paquet ou réimportez la source.`,
        );
      }
      from = `"${staging}"`;
    } else {
      await db.registerFile(csvName, bytes);
      from = `read_csv(${sqlString(csvName)}, delim = ';', header = true, quote = '"', all_varchar = true)`;
    }
    // Missing columns are looked for by name, not read from DuckDB's message (worded per version).
    const present = new Set(Object.keys(await db.queryColumns(`SELECT * FROM ${from} LIMIT 0`)));
    const missing = Object.keys(columns).filter((column) => !present.has(column));
    if (missing.length > 0) {
      const list = missing.map((column) => `« ${column} »`).join(', ');
      throw new PackFormatError(
        `Paquet « ${packId} », table « ${name} » : ${missing.length > 1 ? `colonnes ${list} absentes` : `colonne ${list} absente`}. Réimportez la source.`,
      );
    }
    try {
      await db.run(`CREATE OR REPLACE TABLE ${name} AS SELECT ${select} FROM ${from}`);
    } catch {
      throw new PackFormatError(`Paquet « ${packId} », table « ${name} » illisible (valeur d’un mauvais type ?). Réimportez la source.`);
    }
  } finally {
    if (format === 'parquet') await db.run(`DROP TABLE IF EXISTS "${staging}"`);
    else await db.unregisterFile(csvName).catch(() => undefined);
  }
}



export interface TerritoryDetail {
  /** Five-year age groups (0, 5, …, 95), empty when the pack has no population by age. */
  ageGroups: { age: number; population: number }[];
  /** Physicians per commune and specialty: on principal sites (alone or with secondaries) and on secondary sites. */
  doctors: { commune: string; name: string; specialty: string; principal: number; secondary: number }[];
}

export class PackDb {
  private constructor(
    readonly db: SqlDatabase,
    /** The manifest as of today's version (PACK_SCHEMA_VERSION), migrated when the pack is older. */
    readonly manifest: PackManifest,
    /** What the migration of an older pack changed, in French (empty for a current pack). */
    readonly migrationNotes: string[] = [],
  ) {}

  hasTable(name: PackTableName): boolean {
    return name in this.manifest.tables;
  }

  /**
   * Opens a pack: its manifest (version checked, older versions migrated; a newer one is refused with a
   * French PackFormatError) and every table PACK_TABLES knows, created in `db` under its own name.
   */
  static async load(db: SqlDatabase, readFile: ReadPackFile): Promise<PackDb> {
    const { manifest, notes } = parsePackManifest(await readFile('manifest.json'));
    const tables = Object.entries(PACK_TABLES).flatMap(([name, spec]) => {
      const table = manifest.tables[name];
      if (!table && spec.required) throw new PackFormatError(`Le paquet de données « ${manifest.id} » n'a pas de table « ${name} ».`);
      return table ? [{ name: name as PackTableName, file: table.file }] : [];
    });
    // All files requested at once (fetches in the browser overlap), then decoded one by one into DuckDB.
    const contents = await Promise.all(tables.map(({ file }) => readFile(file)));
    for (const [i, { name, file }] of tables.entries()) await loadPackTable(db, manifest.id, name, file, contents[i]);
    return new PackDb(db, manifest, notes);
  }

  /** A pack whose tables are already in `db` under their names (the pack builder, before writing them). */
  static over(db: SqlDatabase, manifest: PackManifest): PackDb {
    return new PackDb(db, manifest);
  }

  /** SQL of a grid's membership: one row per commune with its territory `code` (and `libelle` for custom grids). */
  private membershipSql(grid: string): string {
    if (grid.startsWith(CUSTOM_GRID_PREFIX)) {
      const name = sqlString(grid.slice(CUSTOM_GRID_PREFIX.length));
      return `SELECT code_commune, code_territoire AS code, libelle_territoire AS libelle FROM grilles_perso WHERE grille = ${name}`;
    }
    if (!isGridId(grid)) throw new PackFormatError(`Maillage inconnu : ${grid}.`);
    return `SELECT code_commune, ${grid === 'COM' ? 'code_commune' : grid} AS code, NULL AS libelle FROM appartenance`;
  }

  /**
   * What the detail panel shows of one territory: population by five-year age group (pyramid) and the
   * physicians of each commune by specialty and site role (principal sites and secondary sites).
   */
  async territoryDetail(grid: string, code: string): Promise<TerritoryDetail> {
    const members = `SELECT code_commune FROM (${this.membershipSql(grid)}) WHERE code = ${sqlString(code)}`;
    const ages = this.hasTable('population_age5')
      ? await this.db.queryColumns(
          `SELECT age5, CAST(sum(population) AS DOUBLE) AS population FROM population_age5 WHERE code_commune IN (${members}) GROUP BY 1 ORDER BY 1`,
        )
      : null;
    const doctors = this.hasTable('sites')
      ? await this.db.queryColumns(
          `SELECT s.code_commune, c.nom, s.specialite,
                  CAST(sum(CASE WHEN s.role = 'secondaire' THEN 0 ELSE s.medecins END) AS DOUBLE) AS principal,
                  CAST(sum(CASE WHEN s.role = 'secondaire' THEN s.medecins ELSE 0 END) AS DOUBLE) AS secondaire
           FROM sites s JOIN communes c USING (code_commune)
           WHERE s.code_commune IN (${members})
           GROUP BY 1, 2, 3 ORDER BY c.nom, s.code_commune, s.specialite`,
        )
      : null;
    return {
      ageGroups: ages ? Array.from(ages.age5, (age, i) => ({ age: Number(age), population: Number(ages.population[i]) })) : [],
      doctors: doctors
        ? Array.from(doctors.code_commune, (commune, i) => ({
            commune: String(commune),
            name: String(doctors.nom[i]),
            specialty: String(doctors.specialite[i]),
            principal: Number(doctors.principal[i]),
            secondary: Number(doctors.secondaire[i]),
          }))
        : [],
    };
  }

  /** Population of one territory, summed over its communes in SQL (used by tests to cross-check the UI). */
  async territoryPopulation(grid: GridId, code: string): Promise<number> {
    const column = grid === 'COM' ? 'code_commune' : grid;
    const result = await this.db.queryColumns(
      `SELECT CAST(coalesce(sum(c.population), 0) AS DOUBLE) AS population FROM communes c JOIN appartenance a USING (code_commune)
       WHERE a.${column} = ${sqlString(code)}`,
    );
    return Number(result.population[0]);
  }
}
