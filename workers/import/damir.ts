// Open DAMIR monthly files (A{YYYYMM}.csv.gz) → acts by specialty × patient age band × patient region ×
// basket × care year (demand), and by specialty × executing region × status (productivity).
// Files are streamed in chunks of lines; each chunk is aggregated by DuckDB with the same SQL on both
// runtimes (DATA_SPEC §A.6): volume = signed Σ PRS_ACT_QTE on PRS_REM_TYP = 0, Σ FLT_ACT_QTE as a check.
import type { SqlDatabase } from '../db/sql-database';
import { ImportError, SourceReader, type ImportSource, type ProgressListener } from './source-reader';

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
  unknownCodes: Record<string, number>;
}

const AGE_BANDS_SQL = '(0, 20, 30, 40, 50, 60, 70, 80)';

export async function createDamirTables(db: SqlDatabase): Promise<void> {
  await db.run(`CREATE TABLE IF NOT EXISTS damir_agg (
    ensemble VARCHAR, annee INTEGER, mois INTEGER, specialite VARCHAR, panier VARCHAR, age INTEGER, region VARCHAR,
    region_executant VARCHAR, statut INTEGER, actes DOUBLE, actes_flt DOUBLE, lignes BIGINT)`);
}

/** Streams one monthly file into damir_agg. Throws ImportError (French) on a bad file. */
export async function importDamirFile(
  db: SqlDatabase,
  source: ImportSource,
  options: { signal?: AbortSignal; onProgress?: ProgressListener; chunkBytes?: number } = {},
): Promise<DamirFileReport> {
  await createDamirTables(db);
  const reader = new SourceReader(source, {
    separator: ';',
    normaliseHeader: (name) => name.trim().toUpperCase(),
    requiredColumns: DAMIR_REQUIRED,
    expected: 'un fichier mensuel Open DAMIR (A{AAAAMM}.csv.gz)',
    chunkBytes: options.chunkBytes,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  const counts = { parsed: 0, kept: 0, badDate: 0, badQuantity: 0, unknownAge: 0, unknownRegion: 0 };
  const chunkFile = `damir-${Math.random().toString(36).slice(2)}.csv`;
  try {
    for await (const chunk of reader.chunks()) {
      await db.registerFile(chunkFile, chunk.csv);
      // Only the needed columns, all as text: codes are compared tolerantly ('01' = '1').
      await db.run(`CREATE OR REPLACE TEMP TABLE damir_chunk AS
        SELECT ${DAMIR_REQUIRED.join(', ')}
        FROM read_csv('${chunkFile}', delim = ';', header = true, quote = '"', all_varchar = true, ignore_errors = true, null_padding = true)`);
      await db.unregisterFile(chunkFile);
      await db.run(`CREATE OR REPLACE TEMP TABLE damir_kept AS
        SELECT TRY_CAST(d.SOI_ANN AS INTEGER) AS annee, TRY_CAST(d.SOI_MOI AS INTEGER) AS mois, s.specialite, p.panier,
               TRY_CAST(d.AGE_BEN_SNDS AS INTEGER) AS age_code,
               CAST(TRY_CAST(d.BEN_RES_REG AS INTEGER) AS VARCHAR) AS region_code,
               CAST(TRY_CAST(d.EXE_INS_REG AS INTEGER) AS VARCHAR) AS region_executant,
               TRY_CAST(d.PSE_STJ_SNDS AS INTEGER) AS statut,
               TRY_CAST(d.PRS_REM_TYP AS INTEGER) AS rem_typ,
               TRY_CAST(d.PRS_ACT_QTE AS DOUBLE) AS qte, TRY_CAST(d.FLT_ACT_QTE AS DOUBLE) AS flt
        FROM damir_chunk d
        JOIN ref_specialites s ON s.pse_spe_snds = TRY_CAST(d.PSE_SPE_SNDS AS INTEGER)
        JOIN ref_paniers p ON p.prs_nat = TRY_CAST(d.PRS_NAT AS INTEGER)
        WHERE TRY_CAST(d.PSE_ACT_CAT AS INTEGER) = 1 AND TRY_CAST(d.ASU_NAT AS INTEGER) IN (10, 30, 40, 90)`);
      const stats = await db.queryColumns(`SELECT
          (SELECT count(*) FROM damir_chunk) AS parsed,
          count(*) AS kept,
          count(*) FILTER (WHERE annee IS NULL OR mois IS NULL OR mois NOT BETWEEN 1 AND 12) AS bad_date,
          count(*) FILTER (WHERE qte IS NULL OR flt IS NULL) AS bad_quantity,
          count(*) FILTER (WHERE age_code IS NULL OR (age_code NOT IN ${AGE_BANDS_SQL} AND age_code <> 99)) AS unknown_age,
          count(*) FILTER (WHERE region_code IS NULL OR region_code NOT IN (SELECT code FROM ref_damir_regions)) AS unknown_region
        FROM damir_kept`);
      counts.parsed += Number(stats.parsed[0]);
      counts.kept += Number(stats.kept[0]);
      counts.badDate += Number(stats.bad_date[0]);
      counts.badQuantity += Number(stats.bad_quantity[0]);
      counts.unknownAge += Number(stats.unknown_age[0]);
      counts.unknownRegion += Number(stats.unknown_region[0]);
      // Two groupings of the same rows: by patient (demand) and by executing physician (productivity).
      await db.run(`INSERT INTO damir_agg
        SELECT CASE WHEN GROUPING(region_executant) = 0 THEN 'E' ELSE 'D' END, annee, mois, specialite, panier, age, region,
               region_executant, statut,
               sum(CASE WHEN rem_typ = 0 THEN qte ELSE 0 END), sum(flt), count(*)
        FROM (
          SELECT annee, mois, specialite, panier, statut, rem_typ, qte, flt, region_executant,
                 CASE WHEN age_code IN ${AGE_BANDS_SQL} THEN age_code ELSE 99 END AS age,
                 CASE WHEN region_code IN (SELECT code FROM ref_damir_regions) THEN region_code ELSE '99' END AS region
          FROM damir_kept
          WHERE annee IS NOT NULL AND mois BETWEEN 1 AND 12 AND qte IS NOT NULL AND flt IS NOT NULL)
        GROUP BY GROUPING SETS ((annee, mois, specialite, panier, age, region), (annee, mois, specialite, panier, region_executant, statut))`);
    }
  } finally {
    await db.unregisterFile(chunkFile).catch(() => undefined);
  }
  if (counts.parsed === 0) throw new ImportError(`Fichier « ${source.name} » : aucune ligne de données après l’en-tête.`);
  const rejected: Record<string, number> = {};
  if (reader.lines > counts.parsed) rejected['ligne mal formée (nombre de champs)'] = reader.lines - counts.parsed;
  if (counts.badDate > 0) rejected['année ou mois de soins illisible'] = counts.badDate;
  if (counts.badQuantity > 0) rejected['quantité illisible'] = counts.badQuantity;
  const unknownCodes: Record<string, number> = {};
  if (counts.unknownAge > 0) unknownCodes['AGE_BEN_SNDS hors lexique (compté en âge inconnu)'] = counts.unknownAge;
  if (counts.unknownRegion > 0) unknownCodes['BEN_RES_REG hors lexique (compté en région inconnue)'] = counts.unknownRegion;
  return {
    file: source.name,
    bytes: reader.bytesRead,
    sha256: reader.sha256,
    linesRead: reader.lines,
    rowsKept: counts.kept - counts.badDate - counts.badQuantity,
    rejected,
    unknownCodes,
  };
}

/**
 * Turns the partial aggregates into the pack's DAMIR tables: unknown age (99) redistributed in
 * proportion within specialty × region × basket × year; unknown region (99) and DOM (5) kept in the
 * national total. Returns warnings (FLT check above 1 %, acts of unknown age that could not be spread).
 */
export async function finalizeDamir(db: SqlDatabase): Promise<string[]> {
  const warnings: string[] = [];
  await db.run(`CREATE OR REPLACE TABLE damir_mois AS
    SELECT annee, mois, CAST(sum(lignes) AS BIGINT) AS lignes, sum(actes) AS actes FROM damir_agg WHERE ensemble = 'D' GROUP BY ALL ORDER BY annee, mois`);
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
