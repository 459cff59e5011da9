// INSEE population per commune → population_age5 (code_commune;age5;population, 5-year bands, 95 = 95+).
// Three layouts, recognised by their header: TD_POP1B (single year of age), the 5-year
// "pop-sexe-age-quinquennal" series, and base-cc-evol-struct-pop (broad bands: totals and 75+ only).
import type { SqlDatabase } from '../db/sql-database';
import { CsvFile, type CsvDialect } from './csv-file';
import { ImportError, type ImportSource, type ProgressListener } from './source-reader';

export type PopulationLayout = 'TD_POP1B' | 'quinquennal' | 'base-cc';

export interface PopulationFileReport {
  file: string;
  bytes: number;
  sha256: string;
  layout: PopulationLayout;
  vintage: string;
  linesRead: number;
  /** Lines DuckDB could not read, by French reason, and their first line numbers. */
  rejected: Record<string, number>;
  rejectedLines: Record<string, number[]>;
  /** Communes kept, codes remapped to COG 2025, codes unknown to the pack. */
  communes: number;
  remapped: number;
  unknownCodes: string[];
  /** Inhabitants kept (communes of the pack), and those of codes that matched no commune (not counted). */
  population: number;
  unmatchedPopulation: number;
  /** Whether the file gives ages fine enough to compute need (false for broad bands). */
  ageDetail: boolean;
}

const QUINQUENNAL = /^AGEQ_REC(\d{2})S([12])RPOP(\d{4})$/;
const BASE_CC = /^P(\d{2})_POP$/;

/**
 * INSEE's dialect: `;` (`,` or tab after some spreadsheets), quoted or not, UTF-8 or Windows-1252,
 * names compared in upper case, title rows above the header skipped. The three layouts, in order.
 */
export const POPULATION_DIALECT: CsvDialect = {
  expected: 'un fichier de population INSEE (TD_POP1B, population par sexe et âge quinquennal ou base-cc-evol-struct-pop)',
  delimiters: [';', ',', '\t'],
  quoted: true,
  normalise: (name) => name.trim().toUpperCase(),
  headers: [
    ['CODGEO', 'AGED100', 'NB'],
    ['DR', 'CR', { pattern: QUINQUENNAL, label: 'ageq_recNNsSrpopAAAA' }],
    ['CODGEO', { pattern: BASE_CC, label: 'PAA_POP' }],
  ],
};

const LAYOUTS: PopulationLayout[] = ['TD_POP1B', 'quinquennal', 'base-cc'];

/** Loads one population file into population_raw (code, age5, population) or population_larges_raw. */
export async function importPopulationFile(
  db: SqlDatabase,
  source: ImportSource,
  options: { signal?: AbortSignal; onProgress?: ProgressListener } = {},
): Promise<PopulationFileReport> {
  const csv = await CsvFile.open(db, source, POPULATION_DIALECT, options.signal);
  const hash = csv.sha256();
  const layout = LAYOUTS[csv.layout];
  // French spreadsheets separate thousands with a space, often a no-break one (U+00A0, U+202F), and
  // write a decimal comma: "5 055,55".
  const number = (name: string) => `TRY_CAST(replace(regexp_replace(${csv.column(name)}, '[\\s\\x{00A0}\\x{202F}]', '', 'g'), ',', '.') AS DOUBLE)`;
  // A cell that holds something that is not a number is reported, never read as a zero.
  const unreadable = (name: string) => `(${number(name)} IS NULL AND trim(coalesce(${csv.column(name)}, '')) <> '')`;
  let vintage = 'RP (TD_POP1B)';
  let rowsPerLine = 1;
  let read: () => Promise<void>;
  try {
    if (layout === 'TD_POP1B') {
      const age = `TRY_CAST(${csv.column('AGED100')} AS INTEGER)`;
      read = () => db.run(`CREATE OR REPLACE TABLE population_raw AS
        SELECT trim(${csv.column('CODGEO')}) AS code, CAST(least(floor(${age} / 5) * 5, 95) AS INTEGER) AS age5, ${number('NB')} AS population,
               ${age} IS NULL OR ${unreadable('NB')} AS illisible
        FROM ${csv.from()}`, csv.runOptions(options));
    } else if (layout === 'quinquennal') {
      const bands = csv.columns.filter((c) => QUINQUENNAL.test(c));
      const year = Math.max(...bands.map((c) => Number(QUINQUENNAL.exec(c)![3])));
      vintage = `RP ${year}`;
      const latest = bands.filter((c) => Number(QUINQUENNAL.exec(c)![3]) === year);
      rowsPerLine = latest.length;
      // CODGEO = DR + CR: département on 2 characters (3 overseas, CR then on 2), commune on 3, zeros a
      // spreadsheet dropped put back.
      const dr = `trim(${csv.column('DR')})`, cr = `trim(${csv.column('CR')})`;
      const code = `CASE WHEN length(${dr}) = 3 THEN ${dr} || lpad(${cr}, 2, '0') ELSE lpad(${dr}, 2, '0') || lpad(${cr}, 3, '0') END`;
      read = () => db.run(`CREATE OR REPLACE TABLE population_raw AS
        SELECT code, age5, population, illisible FROM (
          SELECT ${code} AS code, ${latest.map((c) => `${number(c)} AS "${c}"`).join(', ')}, ${latest.map(unreadable).join(' OR ')} AS illisible
          FROM ${csv.from()} WHERE ${cr} <> '')
        UNPIVOT INCLUDE NULLS (population FOR band IN (${latest.map((c) => `"${c}"`).join(', ')}))
        CROSS JOIN LATERAL (SELECT CAST((CAST(substr(band, 9, 2) AS INTEGER) - 1) * 5 AS INTEGER) AS age5)`, csv.runOptions(options));
    } else {
      const total = csv.columns.find((c) => BASE_CC.test(c))!;
      const yy = BASE_CC.exec(total)![1];
      vintage = `RP 20${yy}`;
      const optional = (name: string) => (csv.has(name) ? `coalesce(${number(name)}, 0)` : '0');
      read = () => db.run(`CREATE OR REPLACE TABLE population_larges_raw AS
        SELECT trim(${csv.column('CODGEO')}) AS code, ${number(total)} AS population, ${optional(`P${yy}_POP7589`)} + ${optional(`P${yy}_POP90P`)} AS population75,
               ${unreadable(total)} AS illisible
        FROM ${csv.from()}`, csv.runOptions(options));
    }
    await csv.load(read);
  } finally {
    await csv.close();
  }
  const table = layout === 'base-cc' ? 'population_larges_raw' : 'population_raw';
  // The quinquennal layout is unpivoted: one file line gives one row per band × sex.
  const parsed = Number((await db.queryColumns(`SELECT count(*) AS n FROM ${table}`)).n[0]) / rowsPerLine;
  if (parsed === 0) throw new ImportError(`Fichier « ${source.name} » : aucune ligne de données lisible après l’en-tête.`);
  const invalid = await db.queryColumns(`SELECT count(*) FILTER (WHERE illisible) AS illisible, count(*) FILTER (WHERE coalesce(code, '') = '') AS sans_code FROM ${table}`);
  const rejected: Record<string, number> = { ...csv.rejects.counts };
  // Counted in file lines (a quinquennal line holds one value per band × sex).
  const lines = (n: unknown) => Math.ceil(Number(n) / rowsPerLine);
  if (Number(invalid.illisible[0]) > 0) rejected['âge ou effectif illisible (ni nombre ni vide)'] = lines(invalid.illisible[0]);
  if (Number(invalid.sans_code[0]) > 0) rejected['code commune vide'] = lines(invalid.sans_code[0]);
  await db.run(`DELETE FROM ${table} WHERE illisible OR coalesce(code, '') = ''`);

  // Communes: remap arrondissements and old codes to COG 2025; when a file has both a PLM commune and
  // its arrondissements, keep the commune only (no double count).
  await db.run(`CREATE OR REPLACE TEMP TABLE population_codes AS
    SELECT DISTINCT r.code, coalesce(m.code_commune, commune_code(r.code)) AS code_commune,
           m.code_commune IS NOT NULL OR commune_code(r.code) <> r.code AS remapped, m.motif = 'arrondissement municipal' AS arrondissement
    FROM ${table} r LEFT JOIN ref_codes_communes m ON m.code_source = commune_code(r.code)`);
  await db.run(`DELETE FROM population_codes p WHERE p.arrondissement
    AND EXISTS (SELECT 1 FROM population_codes c WHERE c.code = p.code_commune)`);
  const stats = await db.queryColumns(`SELECT
      count(DISTINCT code_commune) FILTER (WHERE code_commune IN (SELECT code_commune FROM communes)) AS communes,
      count(*) FILTER (WHERE remapped) AS remapped
    FROM population_codes`);
  const unknown = await db.queryColumns(
    'SELECT DISTINCT code FROM population_codes WHERE code_commune NOT IN (SELECT code_commune FROM communes) ORDER BY code',
  );
  // Inhabitants whose commune is not in the pack: they would silently shrink every national denominator.
  const unmatched = await db.queryColumns(`SELECT coalesce(sum(r.population), 0) AS lost
    FROM ${table} r JOIN population_codes c USING (code) WHERE c.code_commune NOT IN (SELECT code_commune FROM communes)`);
  if (layout === 'base-cc') {
    await db.run(`CREATE OR REPLACE TABLE population_larges AS
      SELECT c.code_commune, sum(r.population) AS population, sum(r.population75) AS population_75_plus
      FROM population_larges_raw r JOIN population_codes c USING (code) WHERE c.code_commune IN (SELECT code_commune FROM communes)
      GROUP BY ALL ORDER BY code_commune`);
  } else {
    await db.run(`CREATE OR REPLACE TABLE population_age5 AS
      SELECT c.code_commune, r.age5, sum(r.population) AS population
      FROM population_raw r JOIN population_codes c USING (code)
      WHERE c.code_commune IN (SELECT code_commune FROM communes) AND r.population IS NOT NULL
      GROUP BY ALL ORDER BY code_commune, age5`);
  }
  const kept = await db.queryColumns(`SELECT coalesce(sum(population), 0) AS n FROM ${layout === 'base-cc' ? 'population_larges' : 'population_age5'}`);
  if (Number(kept.n[0]) <= 0) {
    throw new ImportError(`Fichier « ${source.name} » : aucun habitant lisible dans une commune connue (effectifs vides ou illisibles, codes inconnus). Vérifiez les colonnes d’effectifs et de codes communes.`);
  }
  return {
    file: source.name,
    bytes: source.size,
    sha256: await hash,
    layout,
    vintage,
    linesRead: parsed + csv.rejects.total,
    rejected,
    rejectedLines: csv.rejects.lines,
    communes: Number(stats.communes[0]),
    remapped: Number(stats.remapped[0]),
    unknownCodes: Array.from(unknown.code, String),
    unmatchedPopulation: Number(unmatched.lost[0]),
    population: Number(kept.n[0]),
    ageDetail: layout !== 'base-cc',
  };
}
