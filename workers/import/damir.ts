// Open DAMIR monthly files (A{YYYYMM}.csv.gz) → acts by specialty × patient age band × patient region ×
// basket × care month (demand), and by specialty × executing region × status (productivity).
// DuckDB reads the gzip file itself and aggregates it in one pass, with the same SQL on both runtimes
// (DATA_SPEC §A.6): volume = signed Σ PRS_ACT_QTE on PRS_REM_TYP = 0, Σ FLT_ACT_QTE as a check.
import type { SqlDatabase } from '../db/sql-database';
import { CsvFile, type CsvDialect } from './csv-file';
import { ImportError, type ImportSource, type ProgressListener } from './source-reader';

/** The 2025 header of Open DAMIR, in file order (DATA_SPEC §A.3): 56 variables then an empty FILLER. */
export const DAMIR_LAYOUT = [
  'FLX_ANN_MOI', 'ORG_CLE_REG', 'AGE_BEN_SNDS', 'BEN_RES_REG', 'BEN_CMU_TOP', 'BEN_QLT_COD', 'BEN_SEX_COD', 'DDP_SPE_COD',
  'ETE_CAT_SNDS', 'ETE_REG_COD', 'ETE_TYP_SNDS', 'ETP_REG_COD', 'ETP_CAT_SNDS', 'MDT_TYP_COD', 'MFT_COD', 'PRS_FJH_TYP',
  'PRS_ACT_COG', 'PRS_ACT_NBR', 'PRS_ACT_QTE', 'PRS_DEP_MNT', 'PRS_PAI_MNT', 'PRS_REM_BSE', 'PRS_REM_MNT', 'FLT_ACT_COG',
  'FLT_ACT_NBR', 'FLT_ACT_QTE', 'FLT_PAI_MNT', 'FLT_DEP_MNT', 'FLT_REM_MNT', 'SOI_ANN', 'SOI_MOI', 'ASU_NAT', 'ATT_NAT',
  'CPL_COD', 'CPT_ENV_TYP', 'DRG_AFF_NAT', 'ETE_IND_TAA', 'EXO_MTF', 'MTM_NAT', 'PRS_NAT', 'PRS_PPU_SEC', 'PRS_REM_TAU',
  'PRS_REM_TYP', 'PRS_PDS_QCP', 'EXE_INS_REG', 'PSE_ACT_SNDS', 'PSE_ACT_CAT', 'PSE_SPE_SNDS', 'PSE_STJ_SNDS', 'PRE_INS_REG',
  'PSP_ACT_SNDS', 'PSP_ACT_CAT', 'PSP_SPE_SNDS', 'PSP_STJ_SNDS', 'TOP_PS5_TRG', 'ETB_DCS_MCO',
] as const;

/** Columns the import reads, matched by name (never by position). */
export const DAMIR_REQUIRED = [
  'SOI_ANN', 'SOI_MOI', 'AGE_BEN_SNDS', 'BEN_RES_REG', 'EXE_INS_REG', 'PSE_ACT_CAT', 'PSE_SPE_SNDS', 'PSE_STJ_SNDS',
  'PRS_NAT', 'PRS_REM_TYP', 'PRS_ACT_QTE', 'FLT_ACT_QTE', 'ASU_NAT',
] as const;

export interface DamirFileReport {
  file: string;
  bytes: number;
  sha256: string;
  linesRead: number;
  rowsKept: number;
  rejected: Record<string, number>;
  /** First line numbers of each rejected-line reason. */
  rejectedLines: Record<string, number[]>;
  unknownCodes: Record<string, number>;
  /**
   * Flux months (YYYYMM, FLX_ANN_MOI, else the A{YYYYMM} of the file name) of the rows kept, ascending;
   * empty when neither gives one. The pack builder refuses two files that carry the same flux month.
   */
  fluxMonths: number[];
}

const AGE_BANDS_SQL = '(0, 20, 30, 40, 50, 60, 70, 80)';

export async function createDamirTables(db: SqlDatabase): Promise<void> {
  await db.run(`CREATE TABLE IF NOT EXISTS damir_agg (
    ensemble VARCHAR, flux INTEGER, annee INTEGER, mois INTEGER, specialite VARCHAR, panier VARCHAR, age INTEGER, region VARCHAR,
    region_executant VARCHAR, statut INTEGER, actes DOUBLE, actes_flt DOUBLE, lignes BIGINT)`);
}

/** The producer's dialect: `;`, never quoted, header on the first line, names compared in upper case. */
export const DAMIR_DIALECT: CsvDialect = {
  expected: 'un fichier mensuel Open DAMIR (A{AAAAMM}.csv.gz)',
  delimiters: [';'],
  quoted: false,
  normalise: (name) => name.trim().toUpperCase(),
  headers: [DAMIR_REQUIRED],
  fixedWidth: true,
};

export interface ImportOptions {
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

/** Streams one monthly file into damir_agg. Throws ImportError (French) on a bad file. */
export async function importDamirFile(db: SqlDatabase, source: ImportSource, options: ImportOptions = {}): Promise<DamirFileReport> {
  await createDamirTables(db);
  const csv = await CsvFile.open(db, source, DAMIR_DIALECT, options.signal);
  try {
    const hash = csv.sha256();
    const c = (name: (typeof DAMIR_REQUIRED)[number]) => csv.column(name);
    const int = (name: (typeof DAMIR_REQUIRED)[number]) => `TRY_CAST(${c(name)} AS INTEGER)`;
    // The flux month (when claims were processed) from FLX_ANN_MOI, else from the file name A{YYYYMM}.
    const named = /A(\d{6})/i.exec(source.name)?.[1];
    const fluxColumn = csv.has('FLX_ANN_MOI') ? `coalesce(TRY_CAST(${csv.column('FLX_ANN_MOI')} AS INTEGER), ${named ?? 'NULL'})` : (named ?? 'NULL');
    // One pass over the file: rows grouped by every key the pack needs, plus validity flags. Rows the
    // filters drop (other professions, insurances, natures) keep only their count (NULL keys), so the
    // grouped table stays small whatever the file size.
    await csv.load(() =>
      db.run(
        `CREATE OR REPLACE TEMP TABLE damir_file AS
        WITH typed AS (
          SELECT ${fluxColumn} AS flux, ${int('SOI_ANN')} AS annee, ${int('SOI_MOI')} AS mois,
                 ${int('PSE_SPE_SNDS')} AS spe, ${int('PRS_NAT')} AS prs_nat,
                 ${int('PSE_ACT_CAT')} = 1 AND ${int('ASU_NAT')} IN (10, 30, 40, 90) AS doctor,
                 ${int('AGE_BEN_SNDS')} AS age_code, CAST(${int('BEN_RES_REG')} AS VARCHAR) AS region_code,
                 CAST(${int('EXE_INS_REG')} AS VARCHAR) AS region_executant, ${int('PSE_STJ_SNDS')} AS statut,
                 ${int('PRS_REM_TYP')} AS rem_typ,
                 TRY_CAST(${c('PRS_ACT_QTE')} AS DOUBLE) AS qte, TRY_CAST(${c('FLT_ACT_QTE')} AS DOUBLE) AS flt
          FROM ${csv.from()}),
        kept AS (
          SELECT t.*, s.specialite, p.panier, (t.doctor AND s.specialite IS NOT NULL AND p.panier IS NOT NULL) AS counted
          FROM typed t LEFT JOIN ref_specialites s ON s.pse_spe_snds = t.spe LEFT JOIN ref_paniers p ON p.prs_nat = t.prs_nat)
        SELECT counted,
               CASE WHEN counted THEN flux END AS flux, CASE WHEN counted THEN annee END AS annee, CASE WHEN counted THEN mois END AS mois,
               CASE WHEN counted THEN specialite END AS specialite, CASE WHEN counted THEN panier END AS panier,
               CASE WHEN counted THEN age_code END AS age_code, CASE WHEN counted THEN region_code END AS region_code,
               CASE WHEN counted THEN region_executant END AS region_executant, CASE WHEN counted THEN statut END AS statut,
               count(*) AS lignes,
               count(*) FILTER (WHERE qte IS NULL OR flt IS NULL) AS bad_quantity,
               sum(CASE WHEN rem_typ = 0 THEN qte ELSE 0 END) FILTER (WHERE qte IS NOT NULL AND flt IS NOT NULL) AS actes,
               sum(flt) FILTER (WHERE qte IS NOT NULL AND flt IS NOT NULL) AS actes_flt
        FROM kept GROUP BY ALL`,
        csv.runOptions(options),
      ),
    );
    const stats = await db.queryColumns(`SELECT
        coalesce(sum(lignes), 0) AS parsed,
        coalesce(sum(lignes) FILTER (WHERE counted), 0) AS kept,
        coalesce(sum(lignes) FILTER (WHERE counted AND (annee IS NULL OR mois IS NULL OR mois NOT BETWEEN 1 AND 12)), 0) AS bad_date,
        coalesce(sum(bad_quantity) FILTER (WHERE counted AND annee IS NOT NULL AND mois BETWEEN 1 AND 12), 0) AS bad_quantity,
        coalesce(sum(lignes) FILTER (WHERE counted AND (age_code IS NULL OR (age_code NOT IN ${AGE_BANDS_SQL} AND age_code <> 99))), 0) AS unknown_age,
        coalesce(sum(lignes) FILTER (WHERE counted AND (region_code IS NULL OR region_code NOT IN (SELECT code FROM ref_damir_regions))), 0) AS unknown_region
      FROM damir_file`);
    const parsed = Number(stats.parsed[0]);
    if (parsed === 0) {
      throw new ImportError(
        `Fichier « ${source.name} » : aucune ligne de données lisible après l’en-tête${csv.rejects.total > 0 ? ` (${csv.rejectNotes().join(' ')})` : ''}.`,
      );
    }
    // Two groupings of the same rows: by patient (demand) and by executing physician (productivity).
    // A row with an unreadable quantity counts in the report, never in the acts.
    await db.run(`INSERT INTO damir_agg BY NAME
      SELECT CASE WHEN GROUPING(region_executant) = 0 THEN 'E' ELSE 'D' END AS ensemble, flux, annee, mois, specialite, panier, age, region,
             region_executant, statut, sum(actes) AS actes, sum(actes_flt) AS actes_flt, sum(lignes) AS lignes
      FROM (
        SELECT flux, annee, mois, specialite, panier, statut, region_executant, actes, actes_flt, lignes - bad_quantity AS lignes,
               CASE WHEN age_code IN ${AGE_BANDS_SQL} THEN age_code ELSE 99 END AS age,
               CASE WHEN region_code IN (SELECT code FROM ref_damir_regions) THEN region_code ELSE '99' END AS region
        FROM damir_file
        WHERE counted AND annee IS NOT NULL AND mois BETWEEN 1 AND 12 AND bad_quantity < lignes)
      GROUP BY GROUPING SETS ((flux, annee, mois, specialite, panier, age, region), (flux, annee, mois, specialite, panier, region_executant, statut))`);
    const kept = Number(stats.kept[0]) - Number(stats.bad_date[0]) - Number(stats.bad_quantity[0]);
    const rejected: Record<string, number> = { ...csv.rejects.counts };
    if (Number(stats.bad_date[0]) > 0) rejected['année ou mois de soins illisible'] = Number(stats.bad_date[0]);
    if (Number(stats.bad_quantity[0]) > 0) rejected['quantité illisible'] = Number(stats.bad_quantity[0]);
    const unknownCodes: Record<string, number> = {};
    if (Number(stats.unknown_age[0]) > 0) unknownCodes['AGE_BEN_SNDS hors lexique (compté en âge inconnu)'] = Number(stats.unknown_age[0]);
    if (Number(stats.unknown_region[0]) > 0) unknownCodes['BEN_RES_REG hors lexique (compté en région inconnue)'] = Number(stats.unknown_region[0]);
    const flux = await db.queryColumns('SELECT DISTINCT flux FROM damir_file WHERE counted AND flux IS NOT NULL ORDER BY flux');
    await db.run('DROP TABLE IF EXISTS damir_file');
    return {
      file: source.name,
      bytes: source.size,
      sha256: await hash,
      linesRead: parsed + csv.rejects.total,
      rowsKept: kept,
      rejected,
      rejectedLines: csv.rejects.lines,
      unknownCodes,
      fluxMonths: Array.from(flux.flux, Number),
    };
  } finally {
    await csv.close();
  }
}

/**
 * Turns the partial aggregates into the pack's DAMIR tables: unknown age (99) redistributed in
 * proportion within specialty × region × basket × year; unknown region (99) and DOM (5) kept in the
 * national total; damir_mois (acts per care month) and damir_flux (per flux month × care month) for the
 * care-year rule of derive.ts. Returns warnings (FLT check above 1 %, acts of unknown age that could not be spread).
 */
export async function finalizeDamir(db: SqlDatabase): Promise<string[]> {
  const warnings: string[] = [];
  await db.run(`CREATE OR REPLACE TABLE damir_mois AS
    SELECT annee, mois, CAST(sum(lignes) AS BIGINT) AS lignes, sum(actes) AS actes FROM damir_agg WHERE ensemble = 'D' GROUP BY ALL ORDER BY annee, mois`);
  // What each imported flux month carried for each care month (× specialty × basket): kept in the pack
  // so that the completeness of every care month can be judged again at each re-derivation (derive.ts).
  await db.run(`CREATE OR REPLACE TABLE damir_flux AS
    SELECT flux, annee, mois, specialite, panier, CAST(sum(lignes) AS BIGINT) AS lignes, sum(actes) AS actes
    FROM damir_agg WHERE ensemble = 'D' GROUP BY ALL ORDER BY flux, annee, mois, specialite, panier`);
  await db.run(`CREATE OR REPLACE TABLE damir_actes AS
    WITH per AS (
      SELECT annee, specialite, region, panier, age, sum(actes) AS actes FROM damir_agg WHERE ensemble = 'D' GROUP BY ALL),
    known AS (SELECT annee, specialite, region, panier, sum(actes) AS total FROM per WHERE age <> 99 GROUP BY ALL),
    unknown AS (SELECT annee, specialite, region, panier, sum(actes) AS inconnu FROM per WHERE age = 99 GROUP BY ALL)
    SELECT p.annee, p.specialite, p.age AS tranche_age, p.region, p.panier,
           p.actes + coalesce(u.inconnu, 0) * CASE WHEN k.total <> 0 THEN p.actes / k.total ELSE 0 END AS actes
    FROM per p JOIN known k USING (annee, specialite, region, panier)
    LEFT JOIN unknown u USING (annee, specialite, region, panier)
    WHERE p.age <> 99
    ORDER BY p.annee, p.specialite, p.age, p.region, p.panier`);
  await db.run(`CREATE OR REPLACE TABLE damir_actes_executant AS
    SELECT annee, specialite, region_executant, statut, panier, sum(actes) AS actes FROM damir_agg WHERE ensemble = 'E'
    GROUP BY ALL ORDER BY annee, specialite, region_executant, statut, panier`);
  const lost = await db.queryColumns(`
    WITH per AS (SELECT annee, specialite, region, panier, sum(actes) FILTER (WHERE age <> 99) AS known, sum(actes) FILTER (WHERE age = 99) AS unknown
                 FROM damir_agg WHERE ensemble = 'D' GROUP BY ALL)
    SELECT coalesce(sum(unknown), 0) AS actes FROM per WHERE coalesce(known, 0) = 0 AND unknown <> 0`);
  if (Number(lost.actes[0]) !== 0) {
    warnings.push(`${Number(lost.actes[0]).toFixed(0)} actes d’âge inconnu n’ont pas pu être répartis (aucun acte d’âge connu dans leur spécialité × région).`);
  }
  const check = await db.queryColumns(`
    SELECT annee, specialite, sum(actes) AS actes, sum(actes_flt) AS flt FROM damir_agg WHERE ensemble = 'D' GROUP BY ALL ORDER BY annee, specialite`);
  for (let i = 0; i < check.annee.length; i++) {
    const acts = Number(check.actes[i]), flt = Number(check.flt[i]);
    const gap = acts !== 0 ? Math.abs(flt - acts) / Math.abs(acts) : flt !== 0 ? 1 : 0;
    if (gap > 0.01) {
      warnings.push(
        `Contrôle FLT_ACT_QTE : ${check.specialite[i]} ${check.annee[i]}, Σ PRS_ACT_QTE (lignes de référence) = ${acts.toFixed(0)} ` +
          `mais Σ FLT_ACT_QTE = ${flt.toFixed(0)} (écart ${(gap * 100).toFixed(1)} % > 1 %).`,
      );
    }
  }
  return warnings;
}
