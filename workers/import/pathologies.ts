// CNAM « Cartographie des pathologies et des dépenses », effectifs file (data.ameli.fr dataset
// `effectifs`; data.gouv « Pathologies : effectif de patients par pathologie, sexe, classe d'âge et
// territoire (département, région) ») → pack table `prevalence_pathologies`. Layout and codes:
// docs/import-formats.md « Cartographie des pathologies » (verified on a file built from the real data,
// /work/notes/research-14.md §1). DuckDB reads the file (read_csv through CsvFile); the rules are SQL.
import { formatDecimal, formatInteger } from '../../common/format-fr';
import type { SqlDatabase } from '../db/sql-database';
import { sqlString } from '../db/sql-database';
import { PATHOLOGIES, PATHOLOGY_LABELS, PATHOLOGY_TOPS, type PathologyId } from '../engine/pathways';
import { CsvFile, type CsvDialect } from './csv-file';
import { scalar, sqlNumber } from './sql-values';
import { ensurePackTable, type TableFileReport } from './tables';
import { ImportError, plural, type ImportSource, type ProgressListener } from './source-reader';

/** A pathology's name inside a French sentence (« diabète », « insuffisance cardiaque »). */
const pathologyName = (id: string) => PATHOLOGY_LABELS[id as PathologyId]?.toLowerCase() ?? id;

/** The vintage of a pathologies source in the manifest: its year and the pathologies it brings (« Cartographie des pathologies 2022 : diabète »). */
export const pathologiesVintage = (year: number, pathologies: readonly PathologyId[]): string => `Cartographie des pathologies ${year} : ${pathologies.map(pathologyName).join(', ')}`;

/** Whether a pathologies source's vintage (pathologiesVintage) names the pathology. */
export const vintageNames = (vintage: string, pathology: PathologyId): boolean => vintage.includes(pathologyName(pathology));

/** A pathologies source's vintage once another file replaced some of its pathologies: only those it still brings. */
export function keptVintage(vintage: string, kept: readonly PathologyId[]): string {
  const at = vintage.indexOf(' : ');
  return at < 0 ? vintage : `${vintage.slice(0, at)} : ${kept.filter((id) => vintageNames(vintage, id)).map(pathologyName).join(', ')}`;
}

export interface PathologiesFileReport extends TableFileReport {
  /** Latest year of the file, the one stored. */
  year: number;
  /** The pathologies the file has: their rows replace the pack's, the others' stay. */
  pathologies: PathologyId[];
  /** Département × age cells under statistical secrecy, by what replaced them. */
  secret: { france: number; region: number; leftOut: number };
  /** Said loudly (pack warnings): cells left out. */
  warnings: string[];
}

interface Options {
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

const EXPECTED = 'le fichier « effectifs » de la Cartographie des pathologies de l’Assurance Maladie (annee;patho_niv1;…;top;cla_age_5;sexe;region;dept;Ntop;Npop;prev;…)';

/** The CSV export's names in lower case; the Opendatasoft exports already write ntop, npop, niveau_prioritaire. */
const DIALECT: CsvDialect = {
  expected: EXPECTED,
  delimiters: [';'],
  quoted: true,
  normalise: (name) => name.trim().toLowerCase().replace(/\s+/g, '_'),
  headers: [[
    'annee', 'top', 'cla_age_5', 'sexe', 'region', 'dept',
    { pattern: /^ntop$/, label: 'Ntop' }, { pattern: /^npop$/, label: 'Npop' }, 'prev',
  ]],
};

/**
 * SQL: the 5-year band of a `cla_age_5` label: `00-04` … `90-94` → 0 … 90, `95et+` → 95, `tsage` (all ages,
 * a total) → -1, the two labels a spreadsheet turns into dates (`05-sept.` = 05-09, `oct.-14` = 10-14) → 5
 * and 10; NULL for anything else (refused).
 */
const AGE5 = `CASE
  WHEN lower(age) = 'tsage' THEN -1
  WHEN regexp_full_match(lower(replace(age, ' ', '')), '95et\\+|95\\+') THEN 95
  WHEN regexp_full_match(lower(age), '0?5-sep(t|tembre)?\\.?') THEN 5
  WHEN regexp_full_match(lower(age), 'oct(obre)?\\.?-14') THEN 10
  WHEN regexp_full_match(age, '[0-9]{2}-[0-9]{2}') AND TRY_CAST(substr(age, 1, 2) AS INTEGER) % 5 = 0 AND TRY_CAST(substr(age, 1, 2) AS INTEGER) <= 90
    AND TRY_CAST(substr(age, 4, 2) AS INTEGER) = TRY_CAST(substr(age, 1, 2) AS INTEGER) + 4 THEN TRY_CAST(substr(age, 1, 2) AS INTEGER)
END`;

const MANGLED = `regexp_full_match(lower(age), '0?5-sep(t|tembre)?\\.?|oct(obre)?\\.?-14')`;

/** SQL: a territory code with the zeros a spreadsheet dropped put back (`1` → `01`, `2a` → `2A`); `999` kept. */
const territory = (column: string) => `CASE WHEN regexp_full_match(trim(${column}), '[0-9]') THEN '0' || trim(${column}) ELSE upper(trim(${column})) END`;

/** Département codes of the file: 01…95 (no 20), 2A, 2B, 971…976. */
const DEPARTEMENT = `regexp_full_match(dept, '0[1-9]|1[0-9]|[3-8][0-9]|9[0-5]|2[1-9]|2A|2B|97[1-6]')`;

/**
 * Reads one effectifs file into `prevalence_pathologies`: diabetes (DIA_CAT_CAT) and heart failure
 * (MCV_ICA_CAT, codes of workers/engine/pathways.ts PATHOLOGY_TOPS) per département × 5-year band, both
 * sexes, of the latest year in the file. The rows of each pathology the file has replace that pathology's
 * rows in the pack; a pathology the file does not have keeps its rows (said in the notes).
 *
 * - Totals are never summed: `tsage` (all ages), `dept = 999` (region 99 = France, else a region) are set
 *   aside; the sexe 9 row (tous sexes) is used when present, else hommes + femmes weighted by their Npop:
 *   Σ (prev_s × Npop_s) / Σ Npop_s (prev is authoritative: Ntop and Npop are rounded to 10).
 * - `prevalence` = prev / 100 (prev, a percentage computed by the CNAM before rounding Ntop and Npop, is
 *   authoritative); `personnes` = Ntop (sexe 9) or Σ prev_s × Npop_s; `population` = Npop (the
 *   cartographie's population, not INSEE's).
 * - Secret cells (Ntop or prev empty, `NS`, `NA`: never 0) take the prevalence of France for the same
 *   pathology × band (else of the region), × the département's Npop; `source` says so. Without either
 *   (or without Npop) the cell is left out, with a warning (the engine then fills its 5-year band from the
 *   other 5-year bands of the same engine age band: workers/db/engine-inputs.ts loadPrevalence).
 * - A note when prev and Ntop ÷ Npop differ by more than 20 % on a cell of Ntop ≥ 100.
 *
 * Throws ImportError (French, naming the file) for a file without the columns, an unknown age label
 * (with its line), a `prev` outside 0–100 or an Ntop above Npop (with its line and value), one without
 * diabetes or heart-failure rows, or one without any département row (totals only).
 */
export async function importPathologiesFile(db: SqlDatabase, source: ImportSource, options: Options = {}): Promise<PathologiesFileReport> {
  const csv = await CsvFile.open(db, source, DIALECT, options.signal);
  let lines: number;
  let hash: Promise<string>;
  try {
    hash = csv.sha256();
    const tops = Object.values(PATHOLOGY_TOPS).map(sqlString).join(', ');
    // One pass over the file (≈ 850 MB): the rows of the two pathologies, each with its rank among the data
    // rows (the file's order, for line numbers), and for every other `top` its count only.
    await csv.load(async () => {
      await db.run(
        `CREATE OR REPLACE TABLE pathologies_lines AS
        SELECT top, CASE WHEN kept THEN n END AS n, CASE WHEN kept THEN annee END AS annee, CASE WHEN kept THEN age END AS age,
          CASE WHEN kept THEN sexe END AS sexe, CASE WHEN kept THEN region END AS region, CASE WHEN kept THEN dept END AS dept,
          CASE WHEN kept THEN ntop END AS ntop, CASE WHEN kept THEN npop END AS npop, CASE WHEN kept THEN prev END AS prev, count(*) AS lignes
        FROM (
          SELECT row_number() OVER () AS n, upper(trim(${csv.column('top')})) AS top, upper(trim(${csv.column('top')})) IN (${tops}) AS kept,
            trim(${csv.column('annee')}) AS annee, trim(${csv.column('cla_age_5')}) AS age, trim(${csv.column('sexe')}) AS sexe,
            ${territory(csv.column('region'))} AS region, ${territory(csv.column('dept'))} AS dept,
            ${csv.column('ntop')} AS ntop, ${csv.column('npop')} AS npop, ${csv.column('prev')} AS prev
          FROM ${csv.from()}
        ) GROUP BY ALL`,
        csv.runOptions(options),
      );
    });
    lines = (await scalar(db, 'SELECT coalesce(sum(lignes), 0) FROM pathologies_lines')) + csv.rejects.total;
  } catch (error) {
    await csv.close();
    throw error;
  }
  const fail = (message: string): never => {
    throw new ImportError(`Fichier « ${source.name} » : ${message}`);
  };
  // The line of the n-th data row: after the header (and any title rows), shifted by the lines DuckDB set aside.
  const lineOf = (n: number) => {
    let line = csv.skip + 1 + n;
    for (const rejected of Object.values(csv.rejects.lines).flat().sort((a, b) => a - b)) if (rejected <= line) line++;
    return line;
  };
  const rejectNotes = csv.rejectNotes();
  const rejected = { counts: csv.rejects.counts, lines: csv.rejects.lines };
  await csv.close();
  if (lines === 0) fail('aucune ligne de données après l’en-tête.');

  const others = await db.queryColumns(`SELECT top, sum(lignes) AS n FROM pathologies_lines WHERE n IS NULL GROUP BY top ORDER BY n DESC, top`);
  const kept = await scalar(db, 'SELECT count(*) FROM pathologies_lines WHERE n IS NOT NULL');
  if (kept === 0) {
    const seen = Array.from(others.top as ArrayLike<string | null>, (top) => (top === null || top === '' ? '(vide)' : String(top)));
    fail(
      `aucune ligne de diabète (top ${PATHOLOGY_TOPS.diabete}) ni d’insuffisance cardiaque (top ${PATHOLOGY_TOPS.insuffisance_cardiaque})` +
        `${seen.length > 0 ? ` (codes top lus : ${seen.slice(0, 5).join(', ')}${seen.length > 5 ? '…' : ''})` : ''}. ` +
        `Vérifiez que c’est bien ${EXPECTED}, complet.`,
    );
  }

  await db.run(`CREATE OR REPLACE TABLE pathologies_rows AS
    SELECT n, CASE top ${PATHOLOGIES.map((id) => `WHEN ${sqlString(PATHOLOGY_TOPS[id])} THEN ${sqlString(id)}`).join(' ')} END AS pathologie,
      TRY_CAST(regexp_extract(annee, '^([0-9]{4})', 1) AS INTEGER) AS annee, age, ${AGE5} AS age5, ${MANGLED} AS mangled,
      TRY_CAST(TRY_CAST(sexe AS DOUBLE) AS INTEGER) AS sexe, region, dept,
      ${sqlNumber('ntop')} AS ntop, ${sqlNumber('npop')} AS npop, ${sqlNumber('prev')} / 100 AS prevalence, trim(prev) AS prev_text
    FROM pathologies_lines WHERE n IS NOT NULL`);

  // An age label that is none of the file's: the file was re-saved by a tool that changed it.
  const unknownAge = await db.queryColumns('SELECT n, age FROM pathologies_rows WHERE age5 IS NULL ORDER BY n LIMIT 1');
  if (unknownAge.n.length > 0) {
    fail(
      `ligne ${formatInteger(lineOf(Number(unknownAge.n[0])))}, classe d’âge (cla_age_5) « ${String(unknownAge.age[0] ?? '')} » inconnue ` +
        '(attendu 00-04, 05-09, …, 90-94, 95et+ ou tsage). Le fichier a sans doute été ouvert puis réenregistré dans un tableur : ' +
        'téléchargez de nouveau le CSV et importez-le tel quel, sans l’ouvrir ni le réenregistrer.',
    );
  }
  // Implausible values: a spreadsheet that read `.` as a thousands separator makes 1.298 (%) 1298.
  const outOfRange = await db.queryColumns('SELECT n, prev_text, count(*) OVER () AS lignes FROM pathologies_rows WHERE prevalence < 0 OR prevalence > 1 ORDER BY n LIMIT 1');
  if (outOfRange.n.length > 0) {
    const others = Number(outOfRange.lignes[0]) - 1;
    fail(
      `ligne ${formatInteger(lineOf(Number(outOfRange.n[0])))}, prev « ${String(outOfRange.prev_text[0])} » hors de 0 à 100` +
        `${others > 0 ? ` (et ${formatInteger(others)} autre${others > 1 ? 's' : ''} ligne${others > 1 ? 's' : ''})` : ''} : prev est un pourcentage, écrit avec un point décimal (1.298 pour 1,298 %). ` +
        'Un tableur a sans doute lu le point comme séparateur de milliers (1.298 devenu 1298) : téléchargez de nouveau le CSV et importez-le tel quel, sans l’ouvrir dans un tableur.',
    );
  }
  const overPopulation = await db.queryColumns('SELECT n, ntop, npop, count(*) OVER () AS lignes FROM pathologies_rows WHERE ntop > npop ORDER BY n LIMIT 1');
  if (overPopulation.n.length > 0) {
    const others = Number(overPopulation.lignes[0]) - 1;
    fail(
      `ligne ${formatInteger(lineOf(Number(overPopulation.n[0])))}, Ntop (${formatDecimal(Number(overPopulation.ntop[0]), 3)}) supérieur à Npop (${formatDecimal(Number(overPopulation.npop[0]), 3)})` +
        `${others > 0 ? ` (et ${formatInteger(others)} autre${others > 1 ? 's' : ''} ligne${others > 1 ? 's' : ''})` : ''} : plus de patients que de personnes. ` +
        'Les colonnes ont sans doute été modifiées ou échangées dans un tableur : téléchargez de nouveau le CSV et importez-le tel quel.',
    );
  }
  const unreadable = await scalar(db, 'SELECT count(*) FROM pathologies_rows WHERE annee IS NULL OR sexe IS NULL OR sexe NOT IN (1, 2, 9)');
  const years = Array.from((await db.queryColumns('SELECT DISTINCT annee FROM pathologies_rows WHERE annee IS NOT NULL ORDER BY annee')).annee as ArrayLike<number>, Number);
  if (years.length === 0) fail('aucune année lisible dans la colonne annee.');
  const year = years.at(-1)!;

  // The latest year, age bands only, one row per (pathology, territory, band, sex): the first in the file.
  await db.run(`CREATE OR REPLACE TABLE pathologies_year AS
    SELECT * FROM pathologies_rows WHERE annee = ${year} AND age5 >= 0 AND sexe IN (1, 2, 9)
    QUALIFY row_number() OVER (PARTITION BY pathologie, region, dept, age5, sexe ORDER BY n) = 1`);
  const duplicates = await scalar(db, `SELECT count(*) FROM pathologies_rows WHERE annee = ${year} AND age5 >= 0 AND sexe IN (1, 2, 9)`) -
    (await scalar(db, 'SELECT count(*) FROM pathologies_year'));

  // Both sexes per cell: the sexe 9 row, else hommes + femmes when both are there, each sex's prevalence
  // (prev, else Ntop ÷ Npop) weighted by its Npop.
  await db.run(`CREATE OR REPLACE TABLE pathologies_cells AS
    WITH sexes AS (SELECT *, coalesce(prevalence, ntop / nullif(npop, 0)) AS prev_or_ratio FROM pathologies_year),
    cells AS (
      SELECT pathologie, region, dept, age5, bool_or(sexe = 9) AS has9,
        any_value(ntop) FILTER (WHERE sexe = 9) AS ntop9, any_value(npop) FILTER (WHERE sexe = 9) AS npop9, any_value(prevalence) FILTER (WHERE sexe = 9) AS prev9,
        count(*) FILTER (WHERE sexe IN (1, 2)) AS n12, count(npop) FILTER (WHERE sexe IN (1, 2)) AS npop12_known,
        count(prev_or_ratio * npop) FILTER (WHERE sexe IN (1, 2)) AS people12_known,
        sum(prev_or_ratio * npop) FILTER (WHERE sexe IN (1, 2)) AS people12, sum(npop) FILTER (WHERE sexe IN (1, 2)) AS npop12
      FROM sexes GROUP BY ALL
    )
    SELECT pathologie, region, dept, age5, has9,
      CASE WHEN has9 THEN npop9 WHEN n12 = 2 AND npop12_known = 2 THEN npop12 END AS population,
      CASE WHEN has9 THEN coalesce(prev9, ntop9 / nullif(npop9, 0)) WHEN n12 = 2 AND people12_known = 2 THEN people12 / nullif(npop12, 0) END AS prevalence,
      CASE WHEN has9 THEN coalesce(ntop9, prev9 * npop9) WHEN n12 = 2 AND people12_known = 2 THEN people12 END AS personnes
    FROM cells`);

  // No département row (a France-only or region-only extract, or only tsage totals): refused, never an
  // empty prevalence in the pack.
  if ((await scalar(db, `SELECT count(*) FROM pathologies_cells WHERE dept <> '999' AND ${DEPARTEMENT}`)) === 0) {
    fail(
      `aucune ligne par département et classe d’âge pour ${year} : le fichier n’a que des totaux (France ou régions « dept 999 », ou tous âges « tsage »). ` +
        'Téléchargez le fichier « effectifs » complet de la Cartographie des pathologies (data.ameli.fr, jeu « effectifs », ou data.gouv.fr ' +
        '« Pathologies : effectif de patients par pathologie, sexe, classe d’âge et territoire (département, région) »), pas un extrait national ou régional.',
    );
  }

  const sourceLabel = `CNAM, Cartographie des pathologies ${year} (${source.name})`;
  await db.run(`CREATE OR REPLACE TABLE pathologies_new AS
    WITH dep AS (SELECT * FROM pathologies_cells WHERE dept <> '999' AND ${DEPARTEMENT}),
      france AS (SELECT pathologie, age5, prevalence FROM pathologies_cells WHERE region = '99' AND dept = '999'),
      reg AS (SELECT pathologie, region, age5, prevalence FROM pathologies_cells WHERE region <> '99' AND dept = '999')
    SELECT d.pathologie, d.dept AS dep, d.age5,
      CASE WHEN d.prevalence IS NOT NULL THEN d.personnes ELSE coalesce(f.prevalence, r.prevalence) * d.population END AS personnes,
      d.population,
      coalesce(d.prevalence, f.prevalence, r.prevalence) AS prevalence,
      ${year} AS annee,
      CASE WHEN d.prevalence IS NOT NULL THEN ${sqlString(sourceLabel)}
        WHEN f.prevalence IS NOT NULL THEN 'France entière (secret statistique)'
        ELSE 'région ' || d.region || ' (secret statistique)' END AS source
    FROM dep d LEFT JOIN france f USING (pathologie, age5) LEFT JOIN reg r ON r.pathologie = d.pathologie AND r.region = d.region AND r.age5 = d.age5
    WHERE d.prevalence IS NOT NULL OR (coalesce(f.prevalence, r.prevalence) IS NOT NULL AND d.population IS NOT NULL)`);

  const rowsKept = await scalar(db, 'SELECT count(*) FROM pathologies_new');
  if (rowsKept === 0) {
    fail(
      `toutes les cellules département × âge de ${year} sont sous secret statistique (Ntop et prev vides), sans ligne France ni région pour les remplacer : rien à importer. ` +
        'Importez le fichier « effectifs » complet, avec ses lignes France (region 99, dept 999).',
    );
  }
  const secret = {
    france: await scalar(db, `SELECT count(*) FROM pathologies_new WHERE source LIKE 'France entière%'`),
    region: await scalar(db, `SELECT count(*) FROM pathologies_new WHERE source LIKE 'région %'`),
    leftOut: await scalar(db, `SELECT count(*) FROM pathologies_cells WHERE dept <> '999' AND ${DEPARTEMENT} AND prevalence IS NULL`) -
      (await scalar(db, `SELECT count(*) FROM pathologies_new WHERE source LIKE '%secret statistique%'`)),
  };
  const unknownCodes = Array.from((await db.queryColumns(`SELECT DISTINCT dept FROM pathologies_rows WHERE dept <> '999' AND NOT ${DEPARTEMENT} ORDER BY dept`)).dept as ArrayLike<string>, String);

  // Each pathology of the file replaces its own rows; the other pathology's rows stay.
  const inFile = Array.from((await db.queryColumns('SELECT DISTINCT pathologie FROM pathologies_new ORDER BY pathologie')).pathologie as ArrayLike<string>, String);
  const inList = inFile.map(sqlString).join(', ');
  await ensurePackTable(db, 'prevalence_pathologies');
  const keptOther = await db.queryColumns(`SELECT pathologie, count(*) AS lignes, max(annee) AS annee FROM prevalence_pathologies WHERE pathologie NOT IN (${inList}) GROUP BY ALL ORDER BY pathologie`);
  await db.run(`CREATE OR REPLACE TABLE prevalence_pathologies AS
    SELECT pathologie, dep, age5, personnes, population, prevalence, annee, source FROM prevalence_pathologies WHERE pathologie NOT IN (${inList})
    UNION ALL SELECT pathologie, dep, age5, personnes, population, prevalence, annee, source FROM pathologies_new
    ORDER BY pathologie, dep, age5`);

  const notes: string[] = [];
  const count = (n: number, word: string) => `${formatInteger(n)} ${plural(n, word)}`;
  const perPathology = await db.queryColumns(`SELECT pathologie, count(DISTINCT dep) AS deps FROM pathologies_new GROUP BY ALL ORDER BY pathologie`);
  notes.push(
    `Année ${year} : ${Array.from(perPathology.pathologie as ArrayLike<string>, (p, i) => `${pathologyName(p)} dans ${count(Number(perPathology.deps[i]), 'département')}`).join(', ')} ` +
      '(par tranche d’âge de 5 ans, deux sexes ; prévalence = prev ÷ 100, personnes = Ntop, population = Npop de la cartographie, pas celle de l’INSEE).',
  );
  for (const missing of PATHOLOGIES.filter((id) => !inFile.includes(id))) {
    const i = Array.from(keptOther.pathologie as ArrayLike<string>, String).indexOf(missing);
    notes.push(
      i >= 0
        ? `Pas de ligne « ${pathologyName(missing)} » (top ${PATHOLOGY_TOPS[missing]}) dans ce fichier : seules les lignes « ${inFile.map(pathologyName).join(' », « ')} » du paquet sont remplacées ; ` +
            `celles de « ${pathologyName(missing)} » déjà dans le paquet sont gardées (${count(Number(keptOther.lignes[i]), 'ligne')}, année ${Number(keptOther.annee[i])}).`
        : `Pas de ligne « ${pathologyName(missing)} » (top ${PATHOLOGY_TOPS[missing]}) dans ce fichier ni dans le paquet : les parcours de cette pathologie n’auront pas de patients.`,
    );
  }
  if (years.length > 1) notes.push(`Années présentes : ${years.join(', ')} ; seule la plus récente (${year}) est importée.`);
  if (others.top.length > 0) {
    const listed = Array.from(others.top as ArrayLike<string>, (top, i) => `${top} (${formatInteger(Number(others.n[i]))})`);
    const skipped = Array.from(others.n as ArrayLike<number>, Number).reduce((a, b) => a + b, 0);
    notes.push(
      `${count(skipped, 'ligne')} d’autres indicateurs ignorée${skipped > 1 ? 's' : ''} (seuls ${PATHOLOGY_TOPS.diabete} et ${PATHOLOGY_TOPS.insuffisance_cardiaque} sont lus) : ` +
        `${listed.slice(0, 8).join(', ')}${listed.length > 8 ? '…' : ''}.`,
    );
  }
  const totals = await scalar(db, `SELECT count(*) FROM pathologies_rows WHERE annee = ${year} AND (age5 = -1 OR dept = '999')`);
  notes.push(`${count(totals, 'ligne')} de totaux (tous âges « tsage », régions et France « dept 999 ») mise${totals > 1 ? 's' : ''} à part, jamais additionnée${totals > 1 ? 's' : ''}.`);
  const mangled = await scalar(db, 'SELECT count(*) FROM pathologies_rows WHERE mangled');
  if (mangled > 0) {
    notes.push(
      `${count(mangled, 'ligne')} aux classes d’âge transformées en dates par un tableur (« 05-sept. » lu 05-09, « oct.-14 » lu 10-14) : ` +
        'le fichier a été réenregistré dans un tableur ; mieux vaut importer le CSV téléchargé tel quel.',
    );
  }
  const sexesCombined = await scalar(db, `SELECT count(*) FROM pathologies_cells WHERE NOT has9 AND prevalence IS NOT NULL AND dept <> '999' AND ${DEPARTEMENT}`);
  if (sexesCombined > 0) {
    notes.push(
      `${count(sexesCombined, 'cellule')} département × âge sans ligne « tous sexes » (sexe 9) : hommes et femmes réunis, prévalence = Σ (prev × Npop) ÷ Σ Npop ` +
        '(prev fait foi : Ntop et Npop sont arrondis à la dizaine).',
    );
  }
  // prev against Ntop ÷ Npop where the rounding of Ntop to 10 cannot explain a gap (Ntop ≥ 100: at most 5 %).
  const mismatch = await db.queryColumns(`SELECT n, prev_text, ntop, npop, count(*) OVER () AS cellules FROM pathologies_year
    WHERE ntop >= 100 AND npop > 0 AND prevalence > 0 AND abs(ntop / npop - prevalence) > 0.2 * prevalence ORDER BY n LIMIT 1`);
  if (mismatch.n.length > 0) {
    const cells = Number(mismatch.cellules[0]);
    notes.push(
      `${count(cells, 'ligne')} où prev et Ntop ÷ Npop diffèrent de plus de 20 % (Ntop ≥ 100), par exemple ligne ${formatInteger(lineOf(Number(mismatch.n[0])))} : ` +
        `prev ${String(mismatch.prev_text[0])} %, Ntop ÷ Npop ${formatDecimal((Number(mismatch.ntop[0]) / Number(mismatch.npop[0])) * 100, 3)} %. ` +
        'prev est gardée ; vérifiez que le fichier n’a pas été modifié (colonnes décalées, valeurs retouchées).',
    );
  }
  if (secret.france + secret.region > 0) {
    notes.push(
      `${count(secret.france + secret.region, 'cellule')} département × âge sous secret statistique (Ntop et prev vides) : prévalence de la France entière ` +
        `(${formatInteger(secret.france)}) ou de la région (${formatInteger(secret.region)}) pour la même tranche d’âge, × la population du département.`,
    );
  }
  const warnings: string[] = [];
  if (secret.leftOut > 0) {
    const message = `${count(secret.leftOut, 'cellule')} département × âge sans valeur (secret statistique sans ligne France ni région, ou sans Npop) laissée${secret.leftOut > 1 ? 's' : ''} de côté.`;
    notes.push(message);
    warnings.push(
      `Pathologies « ${source.name} » : ${message} Pour ces tranches de 5 ans, les parcours prennent la prévalence des autres tranches de 5 ans de la même tranche d’âge ` +
        '(0–19, 20–29, …, 70–79, 80 ans et plus) dans le département, pondérées par leur population ; si toute la tranche manque, aucun patient n’y est compté.',
    );
  }
  if (unreadable > 0) notes.push(`${count(unreadable, 'ligne')} à l’année ou au sexe illisible (sexe attendu 1, 2 ou 9) ignorée${unreadable > 1 ? 's' : ''}.`);
  if (duplicates > 0) notes.push(`${count(duplicates, 'ligne')} en double (même pathologie, territoire, âge et sexe) : la première est gardée.`);
  if (unknownCodes.length > 0) notes.push(`Codes de département inconnus, ignorés : ${unknownCodes.slice(0, 10).join(', ')}${unknownCodes.length > 10 ? '…' : ''}.`);
  return {
    file: source.name,
    bytes: source.size,
    sha256: await hash,
    linesRead: lines,
    rowsKept,
    unknownCodes: unknownCodes.length,
    rejected: rejected.counts,
    rejectedLines: rejected.lines,
    notes: [...notes, ...rejectNotes],
    year,
    pathologies: inFile as PathologyId[],
    secret,
    warnings,
  };
}
