// Loads a data pack into DuckDB and answers the map's questions with SQL.
// Runtime-agnostic: takes a SqlDatabase and a function that reads the pack's files.
import { CUSTOM_GRID_PREFIX, isGridId, OUTSIDE_GRID_CODES, PACK_TABLES, packTableFormat, type GridId, type PackManifest, type PackTableName } from '../../common/pack';
import { PackFormatError, parsePackManifest } from './pack-manifest';
import type { ColumnValues, SqlDatabase } from './sql-database';
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

/** Attributes of the map's communes, aligned with the geometry's feature order. */
export interface CommuneAttributes {
  names: string[];
  departements: string[];
  population: Float64Array;
  /** 1 when the geometry's commune is absent from the pack. */
  unknown: Uint8Array;
}

/** The territories of a grid and, for each geometry feature, the index of its territory (-1: none). */
export interface GridCells {
  /** A grid of GRIDS or a custom grid (`PERSO:<name>`). */
  grid: string;
  codes: string[];
  labels: string[];
  population: Float64Array;
  communeCount: Uint32Array;
  /** 1 for the "no territory" code of the grid (e.g. AAV2020 000): not a territory, shown apart. */
  outside: Uint8Array;
  cellOfCommune: Int32Array;
}

const strings = (values: ColumnValues): string[] => Array.from(values, (v) => (v === null ? '' : String(v)));
const numbers = (values: ColumnValues): Float64Array => Float64Array.from(values, (v) => Number(v ?? 0));

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
    // Until the caller gives the geometry's order, results follow the pack's communes by code.
    await db.run(
      'CREATE OR REPLACE TABLE feature_order AS SELECT CAST(row_number() OVER (ORDER BY code_commune) - 1 AS INTEGER) AS idx, code_commune FROM communes',
    );
    return new PackDb(db, manifest, notes);
  }

  /** Records the geometry's feature order so that query results come back aligned with it. */
  async setFeatureOrder(codes: readonly string[]): Promise<void> {
    const csv = 'idx;code_commune\n' + codes.map((code, i) => `${i};${code}`).join('\n') + '\n';
    await this.db.registerFile('feature_order.csv', new TextEncoder().encode(csv));
    await this.db.run(
      "CREATE OR REPLACE TABLE feature_order AS SELECT * FROM read_csv('feature_order.csv', delim = ';', header = true, " +
        "columns = {'idx': 'INTEGER', 'code_commune': 'VARCHAR'})",
    );
  }

  async communeAttributes(): Promise<CommuneAttributes> {
    const columns = await this.db.queryColumns(
      `SELECT f.idx, c.nom, c.dep, c.population, c.code_commune IS NULL AS unknown
       FROM feature_order f LEFT JOIN communes c USING (code_commune) ORDER BY f.idx`,
    );
    return {
      names: strings(columns.nom),
      departements: strings(columns.dep),
      population: numbers(columns.population),
      unknown: Uint8Array.from(columns.unknown, (v) => (v ? 1 : 0)),
    };
  }

  /** Custom grids of the pack (`PERSO:<name>`, e.g. CPTS perimeters), with their labels. */
  async customGrids(): Promise<{ id: string; label: string }[]> {
    if (!this.hasTable('grilles_perso')) return [];
    const rows = await this.db.queryColumns('SELECT DISTINCT grille FROM grilles_perso ORDER BY grille');
    return strings(rows.grille).map((name) => ({ id: `${CUSTOM_GRID_PREFIX}${name}`, label: `Maillage personnalisé ${name}` }));
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

  async gridCells(grid: string): Promise<GridCells> {
    const membership = this.membershipSql(grid);
    const label =
      grid === 'COM'
        ? 'any_value(c.nom)'
        : grid.startsWith(CUSTOM_GRID_PREFIX)
          ? 'any_value(m.libelle)'
          : `coalesce(any_value(l.libelle), m.code)`;
    const cells = await this.db.queryColumns(
      `SELECT m.code, ${label} AS libelle, CAST(sum(c.population) AS DOUBLE) AS population, CAST(count(*) AS INTEGER) AS communes
       FROM communes c JOIN (${membership}) m USING (code_commune)
       LEFT JOIN libelles l ON l.grille = ${sqlString(grid)} AND l.code = m.code
       WHERE m.code IS NOT NULL
       GROUP BY m.code
       ORDER BY m.code`,
    );
    const codes = strings(cells.code);
    const indexOfCode = new Map(codes.map((code, i) => [code, i]));
    const features = await this.db.queryColumns(
      `SELECT m.code AS cell FROM feature_order f LEFT JOIN (${membership}) m USING (code_commune) ORDER BY f.idx`,
    );
    const outsideCode = isGridId(grid) ? OUTSIDE_GRID_CODES[grid]?.code : undefined;
    return {
      grid,
      codes,
      labels: strings(cells.libelle),
      population: numbers(cells.population),
      communeCount: Uint32Array.from(cells.communes, (v) => Number(v)),
      outside: Uint8Array.from(codes, (code) => (code === outsideCode ? 1 : 0)),
      cellOfCommune: Int32Array.from(features.cell, (code) => (code === null ? -1 : (indexOfCode.get(String(code)) ?? -1))),
    };
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
