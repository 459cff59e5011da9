// Smaller sources read by header name: INSEE zoning tables and their labels, custom grids (e.g.
// CPTS perimeters), travel times, INSEE BPE and geocoded establishment lists. Commune codes of
// other vintages are remapped to COG 2025; unknown codes are counted, never fatal.
import { PACK_TABLES, type PackTableName } from '../../common/pack';
import type { SqlDatabase } from '../db/sql-database';
import { sqlString } from '../db/sql-database';
import { remappedCommune } from './reference';
import { CsvFile, peekHeader, type CsvDialect, type CsvRejects } from './csv-file';
import { ImportError, type ImportSource, type ProgressListener } from './source-reader';

export interface TableFileReport {
  file: string;
  bytes: number;
  sha256: string;
  linesRead: number;
  rowsKept: number;
  unknownCodes: number;
  /** A zoning table that covers every commune and every grid (replaces the derived zoning). */
  complete?: boolean;
  /** Lines DuckDB could not read, by French reason, and their first line numbers. */
  rejected?: Record<string, number>;
  rejectedLines?: Record<string, number[]>;
  notes: string[];
}

interface Options {
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

/** Small INSEE and user tables: `;` or `,` or tab, quoted or not, names compared in lower case. */
const tableDialect = (expected: string, headers: CsvDialect['headers']): CsvDialect => ({
  expected,
  delimiters: [';', ',', '\t', '|'],
  quoted: true,
  normalise: (name) => name.trim().toLowerCase(),
  headers,
});

interface LoadedCsv {
  bytes: number;
  sha256: string;
  lines: number;
  rejects: CsvRejects;
  notes: string[];
}

/**
 * Reads a CSV into `target` (replaced) through `select`, an SQL projection of the file's rows `c`
 * (columns by normalised name). DuckDB parses the file; bad lines are counted with their numbers.
 */
async function loadCsv(
  db: SqlDatabase,
  source: ImportSource,
  spec: { required: string[]; expected: string; target: string; columns: string; select: (header: string[]) => string },
  options: Options,
): Promise<LoadedCsv> {
  const csv = await CsvFile.open(db, source, tableDialect(spec.expected, [spec.required]), options.signal);
  try {
    const hash = csv.sha256();
    await csv.load(async () => {
      await db.run(`CREATE OR REPLACE TABLE ${spec.target} (${spec.columns})`);
      await db.run(`INSERT INTO ${spec.target} SELECT ${spec.select(csv.columns)} FROM ${csv.fromNamed()} c`, csv.runOptions(options));
    });
    const lines = Number((await db.queryColumns(`SELECT count(*) AS n FROM ${spec.target}`)).n[0]) + csv.rejects.total;
    if (lines === 0) throw new ImportError(`Fichier « ${source.name} » : aucune ligne de données après l’en-tête.`);
    return { bytes: source.size, sha256: await hash, lines, rejects: csv.rejects, notes: csv.rejectNotes() };
  } finally {
    await csv.close();
  }
}

/** Creates a pack table from its declared columns (common/pack.ts) when the pack does not have it yet. */
export async function ensurePackTable(db: SqlDatabase, name: PackTableName): Promise<void> {
  const columns = Object.entries(PACK_TABLES[name].columns as Record<string, string>).map(([c, t]) => `${c} ${t}`);
  await db.run(`CREATE TABLE IF NOT EXISTS ${name} (${columns.join(', ')})`);
}

async function count(db: SqlDatabase, sql: string): Promise<number> {
  return Number(Object.values(await db.queryColumns(sql))[0][0]);
}

const report = (source: ImportSource, loaded: LoadedCsv, rowsKept: number, unknownCodes: number, notes: string[]): TableFileReport => ({
  file: source.name,
  bytes: loaded.bytes,
  sha256: loaded.sha256,
  linesRead: loaded.lines,
  rowsKept,
  unknownCodes,
  rejected: loaded.rejects.counts,
  rejectedLines: loaded.rejects.lines,
  notes: [...notes, ...loaded.notes],
});

export const ZONING_GRIDS = ['EPCI', 'BV2022', 'ZE2020', 'AAV2020', 'DEP'] as const;

/** The header row of a small table, as normalised column names (reads only the start of the file). */
export async function probeHeader(source: ImportSource): Promise<string[]> {
  return (await peekHeader(source, tableDialect('un tableau CSV', [[]]))).columns;
}

/**
 * An INSEE zoning file: the appartenance table (CODGEO and the grid columns) replaces `appartenance`;
 * a label table (NIVGEO;CODGEO;LIBGEO) replaces the labels of the grids it covers.
 */
export async function importZoningFile(db: SqlDatabase, source: ImportSource, options: Options = {}): Promise<TableFileReport> {
  // Title rows above the header (INSEE's exports) are skipped: the header is the row with these columns.
  const { columns: header, layout } = await peekHeader(source, tableDialect('une table d’appartenance ou de libellés INSEE', [
    ['nivgeo', 'codgeo', 'libgeo'],
    ['codgeo', { pattern: /^(epci|bv2022|ze2020|aav2020|dep)$/, label: ZONING_GRIDS.join(' ou ') }],
  ]), options.signal);
  if (layout === 0) {
    const reader = await loadCsv(db, source, {
      required: ['nivgeo', 'codgeo', 'libgeo'],
      expected: 'une table de libellés INSEE (NIVGEO;CODGEO;LIBGEO)',
      target: 'libelles_import',
      columns: 'grille VARCHAR, code VARCHAR, libelle VARCHAR',
      select: () => `upper(trim(c.nivgeo)), ${gridCode('upper(trim(c.nivgeo))', 'trim(c.codgeo)')}, trim(c.libgeo)`,
    }, options);
    const kept = await count(db, `SELECT count(*) FROM libelles_import WHERE grille IN (${ZONING_GRIDS.map(sqlString).join(', ')})`);
    if (kept === 0) {
      throw new ImportError(
        `Fichier « ${source.name} » : aucun libellé des maillages ${ZONING_GRIDS.join(', ')} (colonne NIVGEO) : ce n’est pas une table de libellés INSEE. ` +
          'Vérifiez le type choisi pour ce fichier.',
      );
    }
    // Labels of the codes given replace theirs; the other codes of the grid keep their label (a partial sheet).
    await db.run(`DELETE FROM libelles WHERE (grille, code) IN (SELECT grille, code FROM libelles_import)`);
    await db.run(`INSERT INTO libelles SELECT grille, code, any_value(libelle) FROM libelles_import WHERE grille IN (${ZONING_GRIDS.map(sqlString).join(', ')}) GROUP BY ALL`);
    return report(source, reader, kept, 0, ['Libellés des zonages remplacés pour les codes présents dans le fichier.']);
  }
  const grids = ZONING_GRIDS.filter((g) => header.includes(g.toLowerCase()));
  const reader = await loadCsv(db, source, {
    required: ['codgeo'],
    expected: 'une table d’appartenance géographique INSEE',
    target: 'appartenance_import',
    columns: `code_commune VARCHAR, propre BOOLEAN, ${grids.map((g) => `${g} VARCHAR`).join(', ')}`,
    select: () =>
      `${remappedCommune('trim(c.codgeo)')}, ${remappedCommune('trim(c.codgeo)')} = commune_code(trim(c.codgeo)), ` +
      grids.map((g) => gridCode(sqlString(g), `trim(c.${g.toLowerCase()})`)).join(', '),
  }, options);
  // Grids absent from the file keep their previous values; the file's grids replace theirs. A commune's
  // own row wins over those of its arrondissements or former communes remapped onto it.
  await db.run(`CREATE OR REPLACE TABLE appartenance AS
    SELECT a.code_commune, ${ZONING_GRIDS.map((g) => (grids.includes(g) ? `coalesce(i.${g}, a.${g}) AS ${g}` : `a.${g}`)).join(', ')}
    FROM appartenance a LEFT JOIN (
      SELECT * FROM appartenance_import QUALIFY row_number() OVER (PARTITION BY code_commune ORDER BY propre DESC, ${grids.join(', ')}) = 1
    ) i USING (code_commune)
    ORDER BY a.code_commune`);
  const unknown = await count(db, 'SELECT count(DISTINCT code_commune) FROM appartenance_import WHERE code_commune NOT IN (SELECT code_commune FROM communes)');
  const missing = await count(db, 'SELECT count(*) FROM communes WHERE code_commune NOT IN (SELECT code_commune FROM appartenance_import)');
  const notes = [`Maillages mis à jour : ${grids.join(', ')}.`];
  if (missing > 0) notes.push(`${missing} communes du COG 2025 absentes du fichier gardent leur zonage précédent.`);
  return { ...report(source, reader, reader.lines - unknown, unknown, notes), complete: missing === 0 && grids.length === ZONING_GRIDS.length };
}

/** Width of each grid's codes, zeros a spreadsheet dropped put back (DEP 1 → 01, AAV2020 2 → 002). */
const GRID_CODE_WIDTH: Record<string, number> = { EPCI: 9, ZE2020: 4, AAV2020: 3, DEP: 2 };

/** SQL: a territory code of grid `gridSql` as INSEE writes it (BV2022 codes are commune codes). */
function gridCode(gridSql: string, codeSql: string): string {
  const padded = Object.entries(GRID_CODE_WIDTH).map(([grid, width]) => `WHEN ${gridSql} = '${grid}' THEN lpad(${codeSql}, ${width}, '0')`).join(' ');
  return `CASE WHEN NOT regexp_full_match(${codeSql}, '[0-9]+') THEN ${codeSql} WHEN ${gridSql} = 'BV2022' THEN commune_code(${codeSql}) ${padded} ELSE ${codeSql} END`;
}

/** A custom grid `code_commune;code_territoire;libelle_territoire` stored under `name` (PERSO:<name>). */
export async function importCustomGrid(db: SqlDatabase, source: ImportSource, name: string, options: Options = {}): Promise<TableFileReport> {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(name)) {
    throw new ImportError(`Nom de maillage « ${name} » invalide : lettres, chiffres, tirets ou soulignés (40 au plus).`);
  }
  const reader = await loadCsv(db, source, {
    required: ['code_commune', 'code_territoire', 'libelle_territoire'],
    expected: 'un maillage personnalisé (code_commune;code_territoire;libelle_territoire)',
    target: 'grille_import',
    columns: 'code_commune VARCHAR, code_territoire VARCHAR, libelle_territoire VARCHAR',
    select: () => `${remappedCommune('trim(c.code_commune)')}, trim(c.code_territoire), trim(c.libelle_territoire)`,
  }, options);
  await ensurePackTable(db, 'grilles_perso');
  await db.run(`DELETE FROM grilles_perso WHERE grille = ${sqlString(name)}`);
  await db.run(`INSERT INTO grilles_perso SELECT ${sqlString(name)}, code_commune, min(code_territoire), arg_min(libelle_territoire, code_territoire)
    FROM grille_import WHERE code_commune IN (SELECT code_commune FROM communes) GROUP BY code_commune`);
  const unknown = await count(db, 'SELECT count(DISTINCT code_commune) FROM grille_import WHERE code_commune NOT IN (SELECT code_commune FROM communes)');
  const duplicates = await count(db, 'SELECT count(*) FROM (SELECT code_commune FROM grille_import GROUP BY 1 HAVING count(DISTINCT code_territoire) > 1)');
  const kept = await count(db, `SELECT count(*) FROM grilles_perso WHERE grille = ${sqlString(name)}`);
  const notes = [`Maillage PERSO:${name} : ${await count(db, `SELECT count(DISTINCT code_territoire) FROM grilles_perso WHERE grille = ${sqlString(name)}`)} territoires.`];
  if (duplicates > 0) notes.push(`${duplicates} communes rattachées à plusieurs territoires : le plus petit code de territoire est gardé.`);
  return report(source, reader, kept, unknown, notes);
}

/** Travel times `origine;destination;minutes` (duplicate pairs keep the minimum). */
export async function importTravelTimes(db: SqlDatabase, source: ImportSource, options: Options = {}): Promise<TableFileReport> {
  const reader = await loadCsv(db, source, {
    required: ['origine', 'destination', 'minutes'],
    expected: 'une matrice de temps de trajet (origine;destination;minutes)',
    target: 'temps_import',
    columns: 'origine VARCHAR, destination VARCHAR, minutes DOUBLE',
    select: () => `${remappedCommune('trim(c.origine)')}, ${remappedCommune('trim(c.destination)')}, TRY_CAST(replace(c.minutes, ',', '.') AS DOUBLE)`,
  }, options);
  await db.run(`CREATE OR REPLACE TABLE temps AS SELECT origine, destination, min(minutes) AS minutes FROM temps_import
    WHERE minutes >= 0 AND origine IN (SELECT code_commune FROM communes) AND destination IN (SELECT code_commune FROM communes)
    GROUP BY ALL ORDER BY origine, destination`);
  const kept = await count(db, 'SELECT count(*) FROM temps');
  const invalid = await count(db, 'SELECT count(*) FROM temps_import WHERE minutes IS NULL OR minutes < 0');
  const unknown = await count(db, `SELECT count(*) FROM temps_import WHERE origine NOT IN (SELECT code_commune FROM communes) OR destination NOT IN (SELECT code_commune FROM communes)`);
  return report(source, reader, kept, unknown, invalid > 0 ? [`${invalid} lignes sans durée valide ignorées.`] : []);
}

/**
 * INSEE BPE (long format GEO;GEO_OBJECT;FACILITY_TYPE;…;OBS_VALUE): D113 maisons de santé, D108
 * centres de santé → structures; D106 urgences → emergency sites placed at the commune centroid.
 */
export async function importBpe(db: SqlDatabase, source: ImportSource, options: Options = {}): Promise<TableFileReport> {
  const reader = await loadCsv(db, source, {
    required: ['geo', 'facility_type', 'obs_value'],
    expected: 'un fichier BPE de l’INSEE (GEO;GEO_OBJECT;FACILITY_TYPE;…;OBS_VALUE)',
    target: 'bpe_import',
    columns: 'code_commune VARCHAR, niveau VARCHAR, equipement VARCHAR, nombre DOUBLE',
    select: (header) =>
      `${remappedCommune('trim(c.geo)')}, ${header.includes('geo_object') ? 'upper(trim(c.geo_object))' : "'COM'"}, upper(trim(c.facility_type)), TRY_CAST(c.obs_value AS DOUBLE)`,
  }, options);
  const communes = "niveau IN ('COM', 'ARM') AND code_commune IN (SELECT code_commune FROM communes)";
  await db.run(`CREATE OR REPLACE TABLE structures AS
    SELECT code_commune, CAST(sum(nombre) FILTER (WHERE equipement = 'D113') AS INTEGER) AS nb_msp,
           CAST(coalesce(sum(nombre) FILTER (WHERE equipement = 'D108'), 0) AS INTEGER) AS nb_cds,
           'INSEE BPE (D113 maisons de santé, D108 centres de santé)' AS source
    FROM bpe_import WHERE ${communes} AND equipement IN ('D113', 'D108') GROUP BY ALL ORDER BY code_commune`);
  await db.run(`UPDATE structures SET nb_msp = coalesce(nb_msp, 0)`);
  await ensurePackTable(db, 'etablissements');
  await db.run(`DELETE FROM etablissements WHERE source LIKE 'INSEE BPE%'`);
  await db.run(`INSERT INTO etablissements
    SELECT 'BPE-D106-' || b.code_commune, 'Urgences (BPE)', b.code_commune, 'D106', 1, c.lon, c.lat, 'INSEE BPE (D106 urgences, au centroïde de la commune)'
    FROM bpe_import b JOIN communes c USING (code_commune) WHERE b.niveau IN ('COM', 'ARM') AND b.equipement = 'D106' AND b.nombre > 0
    GROUP BY ALL`);
  const kept = await count(db, `SELECT count(*) FROM bpe_import WHERE ${communes} AND equipement IN ('D113', 'D108', 'D106')`);
  const unknown = await count(db, "SELECT count(DISTINCT code_commune) FROM bpe_import WHERE niveau IN ('COM', 'ARM') AND code_commune NOT IN (SELECT code_commune FROM communes)");
  return report(source, reader, kept, unknown, ['Urgences (D106) placées au centroïde de leur commune pour le score d’urgence.']);
}

/**
 * A geocoded establishment list with a header (e.g. the FINESS extraction republished by Eurostat
 * GISCO: finess_et, hospital_name, lat, lon, facility_type, emergency, code_commune_2025). MSP (603)
 * and centres de santé (124) are counted when a category code column is present.
 */
export async function importEstablishments(db: SqlDatabase, source: ImportSource, options: Options = {}): Promise<TableFileReport> {
  const reader = await loadCsv(db, source, {
    required: ['lat', 'lon'],
    expected: 'une liste d’établissements géolocalisés (FINESS, avec colonnes lat et lon)',
    target: 'etablissements_import',
    columns: 'id VARCHAR, nom VARCHAR, code_commune VARCHAR, categorie VARCHAR, urgences INTEGER, lon DOUBLE, lat DOUBLE',
    select: (h) => {
      const pick = (...names: string[]) => names.find((n) => h.includes(n));
      const col = (name: string | undefined, fallback = 'NULL') => (name ? `trim(c."${name}")` : fallback);
      const commune = pick('code_commune_2025', 'code_commune', 'codgeo');
      const emergency = pick('urgences', 'emergency');
      return `${col(pick('finess_et', 'nofinesset', 'id'), 'NULL')}, ${col(pick('hospital_name', 'rs', 'nom', 'site_name'))},
        ${commune ? remappedCommune(col(commune)) : 'NULL'}, ${col(pick('categetab', 'facility_type', 'categorie'))},
        ${emergency ? `CASE WHEN lower(${col(emergency)}) IN ('1', 'yes', 'oui', 'true') THEN 1 WHEN lower(${col(emergency)}) IN ('0', 'no', 'non', 'false') THEN 0 END` : 'NULL'},
        TRY_CAST(c.lon AS DOUBLE), TRY_CAST(c.lat AS DOUBLE)`;
    },
  }, options);
  await ensurePackTable(db, 'etablissements');
  await db.run(`DELETE FROM etablissements WHERE source NOT LIKE 'INSEE BPE%'`);
  await db.run(`INSERT INTO etablissements SELECT id, nom, code_commune, categorie, urgences, lon, lat, ${sqlString(`FINESS (${source.name})`)}
    FROM etablissements_import WHERE lon BETWEEN -180 AND 180 AND lat BETWEEN -90 AND 90`);
  const kept = await count(db, `SELECT count(*) FROM etablissements WHERE source = ${sqlString(`FINESS (${source.name})`)}`);
  const flagged = await count(db, 'SELECT count(*) FROM etablissements_import WHERE urgences IS NOT NULL');
  const notes = flagged === 0 ? ['Aucune indication d’urgences dans ce fichier : le score d’urgence utilisera l’établissement le plus proche (proxy).'] : [];
  return report(source, reader, kept, reader.lines - kept, notes);
}

/**
 * CartoSanté indicators by bassin de vie (export `Code;Libellé;…;Part des bénéf. en ALD dans la pop AAAA;…`):
 * the share of ALD beneficiaries feeds score_ald; "N/A - secret statistique" cells stay empty.
 */
const ALD_SHARE = /part des b.n.f.*ald/i;

export async function importCartoSante(db: SqlDatabase, source: ImportSource, options: Options = {}): Promise<TableFileReport> {
  const { columns: header } = await peekHeader(source, tableDialect('un export CartoSanté par bassin de vie', [
    ['code', { pattern: ALD_SHARE, label: 'Part des bénéf. en ALD …' }],
  ]), options.signal);
  const ald = header.find((h) => ALD_SHARE.test(h))!;
  const reader = await loadCsv(db, source, {
    required: ['code', ald],
    expected: 'un export CartoSanté par bassin de vie',
    target: 'cartosante_import',
    columns: 'bv2022 VARCHAR, part_ald DOUBLE',
    select: () => `commune_code(trim(c.code)), TRY_CAST(replace(c."${ald}", ',', '.') AS DOUBLE)`,
  }, options);
  await db.run(`CREATE OR REPLACE TABLE ald_bv AS
    SELECT bv2022, part_ald, ${sqlString(`CartoSanté (${source.name}), ${ald}`)} AS source FROM cartosante_import ORDER BY bv2022`);
  const secret = await count(db, 'SELECT count(*) FROM ald_bv WHERE part_ald IS NULL');
  const unknown = await count(db, 'SELECT count(*) FROM ald_bv WHERE bv2022 NOT IN (SELECT DISTINCT BV2022 FROM appartenance)');
  return report(source, reader, reader.lines - secret, unknown, [`${secret} bassins de vie sans valeur (secret statistique ou non disponible) : score ALD vide.`]);
}
