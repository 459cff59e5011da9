// The raw FINESS extraction (data.gouv "etalab-cs1100507", DATA_SPEC §F): no header, a first metadata
// line `finess;etalab;…`, then positional records `structureet;…` (32 fields) and `geolocalisation;…`
// (coordinates projected: Lambert 93 in mainland France, UTM overseas). Read by DuckDB (records of two
// shapes in one file), reprojected to WGS84 with proj4, then handed back to DuckDB as a table.
import proj4 from 'proj4';
import type { SqlDatabase } from '../db/sql-database';
import { sqlString } from '../db/sql-database';
import { formatCsv } from '../../common/csv';
import { CsvFile, type CsvDialect } from './csv-file';
import { remappedCommune } from './reference';
import { ImportError, type ImportSource, type ProgressListener } from './source-reader';
import { ensurePackTable, type TableFileReport } from './tables';

/** Field positions of a `structureet` record (0 = the record type). */
const F = { finess: 1, rs: 3, commune: 12, departement: 13, libdepartement: 14, categetab: 18, libcategetab: 19 } as const;

/** Projections of FINESS coordinates by département (EPSG definitions, proj4 syntax). */
const PROJECTIONS: Record<string, string> = {
  mainland: '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs', // EPSG:2154
  '971': '+proj=utm +zone=20 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs', // EPSG:5490 (Antilles)
  '972': '+proj=utm +zone=20 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  '973': '+proj=utm +zone=22 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs', // EPSG:2972
  '974': '+proj=utm +zone=40 +south +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs', // EPSG:2975
  '976': '+proj=utm +zone=38 +south +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs', // EPSG:4471
};

/** FINESS overseas département codes (9A…9F) → INSEE codes, checked against the label when present. */
const OVERSEAS: Record<string, string> = { '9A': '971', '9B': '972', '9C': '973', '9D': '974', '9F': '976' };

const HOSPITAL = /h[oô]pital|hospitalier|clinique|C\.?H\.?R|C\.?H\.?U|C\.H\.|soins de suite|urgence/i;

export function isFinessExtraction(firstLine: string): boolean {
  return /^finess;etalab;/i.test(firstLine.trim());
}

/** The raw extraction: `;`, never quoted, 32 fields per `structureet` record, a metadata first line. */
const FINESS_DIALECT: CsvDialect = {
  expected: 'une extraction FINESS (première ligne « finess;etalab;… »)',
  delimiters: [';'],
  quoted: false,
  normalise: (name) => name.trim().toLowerCase(),
  headers: [['finess', 'etalab']],
  width: 32,
};

/** Reads the raw extraction into `etablissements` (hospitals) and `structures` (MSP 603, centres 124). */
export async function importFinessExtraction(
  db: SqlDatabase,
  source: ImportSource,
  options: { signal?: AbortSignal; onProgress?: ProgressListener } = {},
): Promise<TableFileReport> {
  // DuckDB reads both record shapes as 32 text fields (shorter records padded); the metadata line
  // `finess;etalab;…` stands where a header would.
  const csv = await CsvFile.open(db, source, FINESS_DIALECT, options.signal);
  const hash = csv.sha256();
  let records: Record<string, ArrayLike<string | number | null>>;
  try {
    await csv.load(() => db.run(`CREATE OR REPLACE TEMP TABLE finess_raw AS SELECT * FROM ${csv.from()} WHERE c0 IN ('structureet', 'geolocalisation')`, csv.runOptions(options)));
    records = await db.queryColumns(`SELECT c0 AS kind, c1 AS finess, ${Object.values(F).filter((i) => i > 1).map((i) => `c${i}`).join(', ')}, c2 AS x, c3 AS y FROM finess_raw`);
  } finally {
    await csv.close();
  }
  const linesRead = Number((await db.queryColumns('SELECT count(*) AS n FROM finess_raw')).n[0]) + csv.rejects.total;
  const structures = new Map<string, (string | null)[]>();
  const coordinates = new Map<string, [number, number]>();
  for (let i = 0; i < records.kind.length; i++) {
    const finess = String(records.finess[i]);
    if (records.kind[i] === 'structureet') {
      const fields: (string | null)[] = [];
      for (const index of Object.values(F)) fields[index] = index === 1 ? finess : (records[`c${index}`][i] as string | null);
      structures.set(finess, fields);
    } else {
      const x = Number(records.x[i]), y = Number(records.y[i]);
      if (Number.isFinite(x) && Number.isFinite(y) && x !== 0) coordinates.set(finess, [x, y]);
    }
  }
  if (structures.size === 0) throw new ImportError(`Fichier « ${source.name} » : aucun enregistrement « structureet ».`);

  const rows: (string | number | null)[][] = [];
  let unprojected = 0;
  for (const [finess, fields] of structures) {
    const rawDep = fields[F.departement] ?? '';
    const dep = OVERSEAS[rawDep] ?? rawDep;
    const commune = dep.length === 3 ? `97${(fields[F.commune] ?? '').slice(-3)}` : `${dep}${fields[F.commune] ?? ''}`;
    const xy = coordinates.get(finess);
    let lon: number | null = null, lat: number | null = null;
    if (xy) {
      const [x, y] = proj4(PROJECTIONS[dep.length === 3 ? dep : 'mainland'] ?? PROJECTIONS.mainland, 'WGS84', xy);
      if (x >= -180 && x <= 180 && y >= -90 && y <= 90) [lon, lat] = [x, y];
    }
    if (lon === null) unprojected++;
    rows.push([finess, fields[F.rs], commune, fields[F.categetab], fields[F.libcategetab], lon, lat]);
  }
  const file = `finess-${Math.random().toString(36).slice(2)}.csv`;
  await db.registerFile(file, new TextEncoder().encode(formatCsv(['id', 'nom', 'code_commune', 'categorie', 'libelle', 'lon', 'lat'], rows)));
  await db.run(`CREATE OR REPLACE TEMP TABLE finess_import AS
    WITH f AS (SELECT * REPLACE (${remappedCommune('code_commune')} AS code_commune) FROM read_csv('${file}', delim = ';', header = true, quote = '"', all_varchar = true))
    SELECT f.id, f.nom, f.code_commune, f.categorie, f.libelle,
           coalesce(TRY_CAST(f.lon AS DOUBLE), c.lon) AS lon, coalesce(TRY_CAST(f.lat AS DOUBLE), c.lat) AS lat
    FROM f LEFT JOIN communes c USING (code_commune)`);
  await db.unregisterFile(file);
  const label = `FINESS (${source.name})`;
  await ensurePackTable(db, 'etablissements');
  await db.run(`DELETE FROM etablissements WHERE source NOT LIKE 'INSEE BPE%'`);
  await db.run(`INSERT INTO etablissements SELECT id, nom, code_commune, categorie, NULL, lon, lat, ${sqlString(label)}
    FROM finess_import WHERE regexp_matches(libelle, ${sqlString(HOSPITAL.source)}, 'i') AND lon IS NOT NULL`);
  await db.run(`CREATE OR REPLACE TABLE structures AS
    SELECT code_commune, CAST(count(*) FILTER (WHERE categorie = '603') AS INTEGER) AS nb_msp, CAST(count(*) FILTER (WHERE categorie = '124') AS INTEGER) AS nb_cds,
           'FINESS (catégories 603 maison de santé, 124 centre de santé)' AS source
    FROM finess_import WHERE categorie IN ('603', '124') AND code_commune IN (SELECT code_commune FROM communes)
    GROUP BY ALL ORDER BY code_commune`);
  const count = async (sql: string) => Number(Object.values(await db.queryColumns(sql))[0][0]);
  const kept = await count(`SELECT count(*) FROM etablissements WHERE source = ${sqlString(label)}`);
  const unknown = await count('SELECT count(*) FROM finess_import WHERE code_commune NOT IN (SELECT code_commune FROM communes)');
  const notes = [
    `${await count('SELECT coalesce(sum(nb_msp), 0) FROM structures')} maisons de santé (603) et ${await count('SELECT coalesce(sum(nb_cds), 0) FROM structures')} centres de santé (124) comptés.`,
    'Pas d’indicateur d’urgences dans cette extraction : le score d’urgence utilisera l’établissement hospitalier le plus proche (proxy).',
  ];
  if (unprojected > 0) notes.push(`${unprojected} établissements sans coordonnées exploitables placés au centroïde de leur commune.`);
  return {
    file: source.name, bytes: source.size, sha256: await hash, linesRead, rowsKept: kept, unknownCodes: unknown,
    rejected: csv.rejects.counts, rejectedLines: csv.rejects.lines, notes: [...notes, ...csv.rejectNotes()],
  };
}
