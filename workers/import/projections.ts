// INSEE population projections by département (Omphale 2022, « données détaillées départementales »:
// one workbook per scenario, donnees_det_{Scenario}.xlsx) → pack table `projections_population`.
// Layout (sheet `Population`, title rows, then ZONE = département name, SEXE 1/2, TRAGE `[0;5[`…`[95;+[`,
// POP_2018 … POP_2070): docs/import-formats.md « Projections de population ». The workbook's sheet
// comes here as `;` CSV (workbook.ts, read-excel-file); the same table saved as CSV is read alike.
import { formatInteger } from '../../common/format-fr';
import type { SqlDatabase } from '../db/sql-database';
import { sqlString } from '../db/sql-database';
import { CsvFile, type CsvDialect } from './csv-file';
import { scalar, sqlNumber } from './sql-values';
import { ensurePackTable, type TableFileReport } from './tables';
import { ImportError, plural, type ImportSource, type ProgressListener } from './source-reader';

export interface ProjectionsFileReport extends TableFileReport {
  scenario: string;
  years: number[];
}

interface Options {
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

const EXPECTED = 'les projections de population départementales de l’INSEE (Omphale 2022, feuille Population : ZONE, SEXE, TRAGE, POP_2018…POP_2070)';

const YEAR_COLUMN = /^pop_(\d{4})$/;

const DIALECT: CsvDialect = {
  expected: EXPECTED,
  delimiters: [';', ',', '\t'],
  quoted: true,
  normalise: (name) => name.trim().toLowerCase(),
  headers: [['zone', 'sexe', 'trage', { pattern: YEAR_COLUMN, label: 'POP_AAAA' }]],
};

/**
 * The scenario from the file name INSEE gives each workbook (`donnees_det_Central.xlsx` → `Central`,
 * `donnees_det_Pop_haute.xlsx` → `Pop_haute`), else the file's own name without extension.
 */
export function scenarioOf(name: string): string {
  const file = name.replace(/ \(feuille [^)]*\)$/, '').split(/[›/\\]/).at(-1)!.trim();
  return /^donnees_det_(.+?)\.(xlsx|csv|txt)$/i.exec(file)?.[1] ?? file.replace(/\.(xlsx|csv|txt)$/i, '');
}

/** SQL: a name folded for comparison (« Côtes-d’Armor » → « cotes d armor », « La Réunion » → « reunion »). */
const nameKey = (sql: string) =>
  `regexp_replace(trim(regexp_replace(lower(strip_accents(${sql})), '[-''’\\s]+', ' ', 'g')), '^(la|le|les|l) ', '')`;

/**
 * Reads one scenario's projections into `projections_population`: rows of the same scenario are replaced,
 * other scenarios kept. Per département × 5-year band (TRAGE's lower bound; the open last band → 95) ×
 * year (every POP_AAAA column), both sexes summed (SEXE 1 + 2; any other SEXE value, e.g. a total, is
 * left out so as never to count twice).
 *
 * - ZONE is a département name, matched on the pack's DEP labels (accents, case, hyphens and a leading
 *   article folded) or a département code; names matching none (France, regions…) are left out and
 *   listed in the report.
 * - Throws ImportError (French, naming the file) for a file without the columns, a TRAGE that is not a
 *   band within one 5-year band (naming its line), or no row of a known département.
 */
export async function importProjectionsFile(db: SqlDatabase, source: ImportSource, options: Options = {}): Promise<ProjectionsFileReport> {
  const csv = await CsvFile.open(db, source, DIALECT, options.signal);
  const yearColumns = csv.columns.flatMap((name) => {
    const year = YEAR_COLUMN.exec(name)?.[1];
    return year ? [{ year: Number(year), column: csv.column(name) }] : [];
  });
  let lines: number;
  let hash: Promise<string>;
  try {
    hash = csv.sha256();
    await csv.load(async () => {
      await db.run(
        `CREATE OR REPLACE TABLE projections_lines AS
        SELECT n, zone, sexe, trage, unnest([${yearColumns.map((y) => y.year).join(', ')}]) AS annee, unnest(pops) AS population FROM (
          SELECT row_number() OVER () AS n, trim(${csv.column('zone')}) AS zone, TRY_CAST(TRY_CAST(trim(${csv.column('sexe')}) AS DOUBLE) AS INTEGER) AS sexe,
            trim(${csv.column('trage')}) AS trage, [${yearColumns.map((y) => sqlNumber(y.column)).join(', ')}] AS pops
          FROM ${csv.from()}
        )`,
        csv.runOptions(options),
      );
    });
    lines = (await scalar(db, 'SELECT count(DISTINCT n) FROM projections_lines')) + csv.rejects.total;
  } catch (error) {
    await csv.close();
    throw error;
  }
  const skip = csv.skip;
  const rejectedLines = Object.values(csv.rejects.lines).flat().sort((a, b) => a - b);
  const lineOf = (n: number) => {
    let line = skip + 1 + n;
    for (const rejected of rejectedLines) if (rejected <= line) line++;
    return line;
  };
  const rejects = { counts: csv.rejects.counts, lines: csv.rejects.lines, notes: csv.rejectNotes() };
  await csv.close();
  const fail = (message: string): never => {
    throw new ImportError(`Fichier « ${source.name} » : ${message}`);
  };
  if (lines === 0) fail('aucune ligne de données après l’en-tête.');

  // TRAGE `[a;b[` (b − 1 in the same 5-year band as a) or `[a;+[`; a total row (no digit) is left out.
  await db.run(`CREATE OR REPLACE TABLE projections_bands AS
    SELECT DISTINCT n, trage,
      TRY_CAST(regexp_extract(trage, '^\\[?\\s*([0-9]+)', 1) AS INTEGER) AS lower_age,
      TRY_CAST(regexp_extract(trage, ';\\s*([0-9]+)', 1) AS INTEGER) AS upper_age,
      contains(trage, '+') AS open_band,
      NOT regexp_matches(trage, '[0-9]') AS total
    FROM projections_lines`);
  const badBand = await db.queryColumns(`SELECT n, trage FROM projections_bands
    WHERE NOT total AND NOT (lower_age IS NOT NULL AND (open_band OR (upper_age > lower_age AND lower_age // 5 = (upper_age - 1) // 5)))
    ORDER BY n LIMIT 1`);
  if (badBand.n.length > 0) {
    fail(
      `ligne ${formatInteger(lineOf(Number(badBand.n[0])))}, tranche d’âge (TRAGE) « ${String(badBand.trage[0])} » illisible ou plus large que 5 ans ` +
        '(attendu [0;5[, [5;10[, …, [95;+[). Importez le classeur de l’INSEE tel quel (feuille Population).',
    );
  }

  const departements = `SELECT code, ${nameKey('libelle')} AS cle FROM libelles WHERE grille = 'DEP'`;
  await db.run(`CREATE OR REPLACE TABLE projections_matched AS
    WITH deps AS (${departements})
    SELECT l.*, coalesce(byname.code, bycode.code) AS dep, b.lower_age, b.open_band, b.total
    FROM projections_lines l JOIN projections_bands b USING (n)
    LEFT JOIN deps byname ON byname.cle = ${nameKey('l.zone')}
    LEFT JOIN deps bycode ON bycode.code = CASE WHEN regexp_full_match(l.zone, '[0-9]') THEN '0' || l.zone ELSE upper(l.zone) END`);
  if ((await scalar(db, 'SELECT count(*) FROM projections_matched WHERE dep IS NOT NULL')) === 0) {
    const seen = Array.from((await db.queryColumns(`SELECT DISTINCT zone FROM projections_matched WHERE coalesce(zone, '') <> '' ORDER BY zone LIMIT 5`)).zone as ArrayLike<string>, String);
    fail(
      `aucun département reconnu dans la colonne ZONE (${seen.length > 0 ? `valeurs lues : ${seen.join(', ')}…` : 'colonne vide'}). ` +
        'Attendu : le nom du département (Ain, Aisne…), comme dans les classeurs de l’INSEE.',
    );
  }

  const scenario = scenarioOf(source.name);
  await ensurePackTable(db, 'projections_population');
  await db.run(`DELETE FROM projections_population WHERE scenario = ${sqlString(scenario)}`);
  await db.run(`INSERT INTO projections_population
    SELECT dep, least(lower_age // 5 * 5, 95) AS age5, annee, sum(population) AS population, ${sqlString(scenario)}
    FROM projections_matched WHERE dep IS NOT NULL AND NOT total AND sexe IN (1, 2) AND population IS NOT NULL
    GROUP BY ALL ORDER BY dep, age5, annee`);

  // Counted in file lines (one line holds every year of one département × sex × band), as linesRead.
  const kept = await scalar(db, 'SELECT count(DISTINCT n) FROM projections_matched WHERE dep IS NOT NULL AND NOT total AND sexe IN (1, 2) AND population IS NOT NULL');
  const stored = await scalar(db, `SELECT count(*) FROM projections_population WHERE scenario = ${sqlString(scenario)}`);
  const years = yearColumns.map((y) => y.year);
  const count = (n: number, word: string) => `${formatInteger(n)} ${plural(n, word)}`;
  const deps = await scalar(db, `SELECT count(DISTINCT dep) FROM projections_population WHERE scenario = ${sqlString(scenario)}`);
  const notes = [
    `Scénario « ${scenario} » (d’après le nom du fichier) : ${count(deps, 'département')}, années ${years[0]} à ${years.at(-1)} (${count(years.length, 'année')}), ` +
      `hommes et femmes additionnés, par tranche d’âge de 5 ans (${count(stored, 'ligne')} dans le paquet). Un nouvel import de ce scénario le remplace ; les autres scénarios du paquet sont gardés.`,
  ];
  const unknown = await db.queryColumns('SELECT zone, count(DISTINCT n) AS lignes FROM projections_matched WHERE dep IS NULL GROUP BY zone ORDER BY zone');
  const unknownZones = Array.from(unknown.zone as ArrayLike<string>, String);
  if (unknownZones.length > 0) {
    notes.push(`${count(unknownZones.length, 'zone')} sans département reconnu, ignorée${unknownZones.length > 1 ? 's' : ''} : ${unknownZones.slice(0, 15).map((z) => `« ${z} »`).join(', ')}${unknownZones.length > 15 ? '…' : ''}.`);
  }
  const otherSex = await scalar(db, 'SELECT count(DISTINCT n) FROM projections_matched WHERE dep IS NOT NULL AND (sexe IS NULL OR sexe NOT IN (1, 2))');
  if (otherSex > 0) notes.push(`${count(otherSex, 'ligne')} au SEXE autre que 1 ou 2 (total ?) ignorée${otherSex > 1 ? 's' : ''}, pour ne rien compter deux fois.`);
  const totals = await scalar(db, 'SELECT count(DISTINCT n) FROM projections_matched WHERE total');
  if (totals > 0) notes.push(`${count(totals, 'ligne')} de total (TRAGE sans âge) ignorée${totals > 1 ? 's' : ''}.`);
  const wideOpen = Array.from((await db.queryColumns('SELECT DISTINCT trage FROM projections_matched WHERE open_band AND lower_age < 95 ORDER BY trage')).trage as ArrayLike<string>, String);
  if (wideOpen.length > 0) notes.push(`Tranche ouverte ${wideOpen.map((t) => `« ${t} »`).join(', ')} rangée dans la tranche de son âge de début (pas de 95 ans et plus à part).`);
  const empty = await scalar(db, 'SELECT count(*) FROM projections_matched WHERE dep IS NOT NULL AND population IS NULL');
  if (empty > 0) notes.push(`${count(empty, 'valeur')} de population vide ou illisible ignorée${empty > 1 ? 's' : ''}.`);
  return {
    file: source.name,
    bytes: source.size,
    sha256: await hash,
    linesRead: lines,
    rowsKept: kept,
    unknownCodes: Number(Array.from(unknown.lignes as ArrayLike<number>, Number).reduce((a, b) => a + b, 0)),
    rejected: rejects.counts,
    rejectedLines: rejects.lines,
    notes: [...notes, ...rejects.notes],
    scenario,
    years,
  };
}
