// INSEE population per commune → population_age5 (code_commune;age5;population, 5-year bands, 95 = 95+).
// Three layouts, recognised by their header: TD_POP1B (single year of age), the 5-year
// "pop-sexe-age-quinquennal" series, and base-cc-evol-struct-pop (broad bands: totals and 75+ only).
import type { SqlDatabase } from '../db/sql-database';
import { ImportError, SourceReader, type ImportSource, type ProgressListener } from './source-reader';

export type PopulationLayout = 'TD_POP1B' | 'quinquennal' | 'base-cc';

export interface PopulationFileReport {
  file: string;
  bytes: number;
  sha256: string;
  layout: PopulationLayout;
  vintage: string;
  linesRead: number;
  /** Communes kept, codes remapped to COG 2025, codes unknown to the pack. */
  communes: number;
  remapped: number;
  unknownCodes: string[];
  /** Whether the file gives ages fine enough to compute need (false for broad bands). */
  ageDetail: boolean;
}

const QUINQUENNAL = /^ageq_rec(\d{2})s([12])rpop(\d{4})$/i;
const BASE_CC = /^P(\d{2})_POP$/i;

function detectLayout(header: string[], file: string): { layout: PopulationLayout; vintage: string; columns: string[] } {
  const upper = header.map((h) => h.toUpperCase());
  if (['CODGEO', 'AGED100', 'NB'].every((c) => upper.includes(c))) return { layout: 'TD_POP1B', vintage: 'RP (TD_POP1B)', columns: [] };
  const quinquennal = header.filter((h) => QUINQUENNAL.test(h));
  if (quinquennal.length > 0 && ['DR', 'CR'].every((c) => upper.includes(c))) {
    const year = Math.max(...quinquennal.map((h) => Number(QUINQUENNAL.exec(h)![3])));
    return { layout: 'quinquennal', vintage: `RP ${year}`, columns: quinquennal.filter((h) => Number(QUINQUENNAL.exec(h)![3]) === year) };
  }
  const total = header.find((h) => BASE_CC.test(h));
  if (total && upper.includes('CODGEO')) {
    const yy = BASE_CC.exec(total)![1];
    return { layout: 'base-cc', vintage: `RP 20${yy}`, columns: [`P${yy}_POP`, `P${yy}_POP7589`, `P${yy}_POP90P`] };
  }
  throw new ImportError(
    `Fichier « ${file} » : format de population non reconnu. Formats acceptés : TD_POP1B (CODGEO;AGED100;NB…), ` +
      'population par sexe et âge quinquennal (DR;CR;ageq_recNNsSrpopAAAA…) ou base-cc-evol-struct-pop (CODGEO;PAA_POP…).',
  );
}

/** Loads one population file into population_raw (code, age5, population) or population_larges. */
export async function importPopulationFile(
  db: SqlDatabase,
  source: ImportSource,
  options: { signal?: AbortSignal; onProgress?: ProgressListener; chunkBytes?: number } = {},
): Promise<PopulationFileReport> {
  const reader = new SourceReader(source, {
    separator: ';',
    normaliseHeader: (name) => name.trim(),
    allowLegacyEncoding: true,
    chunkBytes: options.chunkBytes,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  await db.run('CREATE OR REPLACE TABLE population_raw (code VARCHAR, niveau VARCHAR, age5 INTEGER, population DOUBLE)');
  await db.run('CREATE OR REPLACE TABLE population_larges_raw (code VARCHAR, population DOUBLE, population75 DOUBLE)');
  const chunkFile = `population-${Math.random().toString(36).slice(2)}.csv`;
  let detected: ReturnType<typeof detectLayout> | null = null;
  const number = (column: string) => `TRY_CAST(replace(trim("${column}"), ',', '.') AS DOUBLE)`;
  try {
    for await (const chunk of reader.chunks()) {
      detected ??= detectLayout(reader.header, source.name);
      await db.registerFile(chunkFile, chunk.csv);
      const from = `read_csv('${chunkFile}', delim = ';', header = true, quote = '"', all_varchar = true, null_padding = true, ignore_errors = true)`;
      const column = (name: string) => reader.header.find((h) => h.toUpperCase() === name) ?? name;
      if (detected.layout === 'TD_POP1B') {
        const level = reader.header.some((h) => h.toUpperCase() === 'NIVGEO') ? `upper("${column('NIVGEO')}")` : "'COM'";
        await db.run(`INSERT INTO population_raw
          SELECT trim("${column('CODGEO')}"), ${level}, CAST(least(floor(TRY_CAST("${column('AGED100')}" AS INTEGER) / 5) * 5, 95) AS INTEGER), ${number(column('NB'))}
          FROM ${from} WHERE TRY_CAST("${column('AGED100')}" AS INTEGER) IS NOT NULL`);
      } else if (detected.layout === 'quinquennal') {
        for (const name of detected.columns) {
          const band = (Number(QUINQUENNAL.exec(name)![1]) - 1) * 5;
          await db.run(`INSERT INTO population_raw
            SELECT trim("${column('DR')}") || trim("${column('CR')}"), 'COM', ${band}, ${number(name)} FROM ${from}`);
        }
      } else {
        const [total, p7589, p90] = detected.columns;
        await db.run(`INSERT INTO population_larges_raw
          SELECT trim("${column('CODGEO')}"), ${number(total)}, coalesce(${number(p7589)}, 0) + coalesce(${number(p90)}, 0) FROM ${from}`);
      }
      await db.unregisterFile(chunkFile);
    }
  } finally {
    await db.unregisterFile(chunkFile).catch(() => undefined);
  }
  if (!detected) throw new ImportError(`Fichier « ${source.name} » : aucune ligne de données après l’en-tête.`);

  // Communes: remap arrondissements and old codes to COG 2025; when a file has both a PLM commune and
  // its arrondissements, keep the commune only (no double count).
  const table = detected.layout === 'base-cc' ? 'population_larges_raw' : 'population_raw';
  await db.run(`CREATE OR REPLACE TEMP TABLE population_codes AS
    SELECT DISTINCT r.code, coalesce(m.code_commune, r.code) AS code_commune, m.code_commune IS NOT NULL AS remapped,
           m.motif = 'arrondissement municipal' AS arrondissement
    FROM ${table} r LEFT JOIN ref_codes_communes m ON m.code_source = r.code`);
  await db.run(`DELETE FROM population_codes p WHERE p.arrondissement
    AND EXISTS (SELECT 1 FROM population_codes c WHERE c.code = p.code_commune)`);
  const stats = await db.queryColumns(`SELECT
      count(DISTINCT code_commune) FILTER (WHERE code_commune IN (SELECT code_commune FROM communes)) AS communes,
      count(*) FILTER (WHERE remapped) AS remapped
    FROM population_codes`);
  const unknown = await db.queryColumns(
    'SELECT DISTINCT code FROM population_codes WHERE code_commune NOT IN (SELECT code_commune FROM communes) ORDER BY code',
  );
  if (detected.layout === 'base-cc') {
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
  return {
    file: source.name,
    bytes: reader.bytesRead,
    sha256: reader.sha256,
    layout: detected.layout,
    vintage: detected.vintage,
    linesRead: reader.lines,
    communes: Number(stats.communes[0]),
    remapped: Number(stats.remapped[0]),
    unknownCodes: Array.from(unknown.code, String),
    ageDetail: detected.layout !== 'base-cc',
  };
}
