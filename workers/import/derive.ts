// Tables derived from imported sources: use rates (Open DAMIR × population) and productivity
// (Open DAMIR × RPPS), for one care year whose months are judged complete or not from the flux months
// that carried them (DATA_SPEC §A.6). Same SQL on both DuckDB runtimes.
import { formatInteger } from '../../common/format-fr';
import { SPECIALTIES } from '../engine/domain';
import { sqlString, type SqlDatabase } from '../db/sql-database';

const BAND_OF_AGE5 = 'CASE WHEN age5 < 20 THEN 0 WHEN age5 >= 80 THEN 80 ELSE (age5 // 10) * 10 END';
const SPECIALTY_ORDER = `CASE specialite ${SPECIALTIES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} END`;

/** Claims of care month m arrive in the flux months m … m + 6 (DATA_SPEC §A.6 rule 1: year Y ← flux Y01 … (Y+1)06). */
export const FLUX_WINDOW = 7;
/**
 * A care month whose acts fall below this share of the reference month is judged incomplete. The reference
 * is the median of the complete months when some are complete by the flux-window rule, else the largest
 * month present (see judgeCareYear).
 */
export const MIN_SHARE_OF_TYPICAL_MONTH = 0.5;

/** One care month of the chosen year, as judged by the care-year rule. */
export interface CareMonth {
  /** 1–12. */
  month: number;
  /** Acts of the demand set (every specialty and basket) of the month. */
  acts: number;
  /** Imported flux months (YYYYMM) among the month's window m … m + 6; null when the pack does not record them. */
  flux: number[] | null;
  /** All FLUX_WINDOW flux months of the window were imported. */
  windowComplete: boolean;
  /** The month's acts are annualised. */
  retained: boolean;
  /** How complete the month is, in French (e.g. « 1 seul mois de flux, A202402 »). */
  note: string;
}

/** The care year and the months the derived tables use (rates and productivity alike). */
export interface CareYearPlan {
  year: number;
  /** Care months of the year present in the pack, in order. */
  months: CareMonth[];
  /** Months whose acts are annualised, in order. */
  retained: number[];
  /** 12 / retained.length; 1 for a full year (or no month at all). */
  factor: number;
  /** True when the retained months are complete by the flux-window rule; false: months present, possibly incomplete. */
  complete: boolean;
  /** Share of the year's acts that lies in the retained months (1 when every month present is retained). */
  retainedShare: number;
  /** The pack has damir_flux (acts per flux month, care month, specialty and basket). */
  perMonth: boolean;
  /** French summary for the pack warnings and the console; starts with « Année de soins ». */
  summary: string;
}

async function tableExists(db: SqlDatabase, name: string): Promise<boolean> {
  const rows = await db.queryColumns(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = ${sqlString(name)}`);
  return Number(rows.n[0]) > 0;
}

/**
 * Care year used by default: the one that holds the most acts of the demand set (the latest on a tie).
 * Not the one with the most distinct months: one flux month carries its own recent care plus thin late
 * claims for many months of the previous year. Null when the pack has no Open DAMIR month.
 */
export async function defaultCareYear(db: SqlDatabase): Promise<number | null> {
  const rows = await db.queryColumns('SELECT annee, sum(actes) AS actes FROM damir_mois GROUP BY annee ORDER BY actes DESC, annee DESC LIMIT 1');
  return rows.annee.length > 0 ? Number(rows.annee[0]) : null;
}

const pad = (month: number) => String(month).padStart(2, '0');
const fluxName = (flux: number) => `A${flux}`;
const count = formatInteger;

/** The flux months (YYYYMM) that carry care month `month` of `year`: month … month + 6. */
export function fluxWindow(year: number, month: number): number[] {
  return Array.from({ length: FLUX_WINDOW }, (_, k) => {
    const index = year * 12 + month - 1 + k;
    return Math.floor(index / 12) * 100 + (index % 12) + 1;
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** « 01 à 06, 08, 09 »: runs of three months or more as ranges. */
function monthList(months: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < months.length; i++) {
    let j = i;
    while (j + 1 < months.length && months[j + 1] === months[j] + 1) j++;
    if (j - i >= 2) {
      parts.push(`${pad(months[i])} à ${pad(months[j])}`);
      i = j;
    } else parts.push(pad(months[i]));
  }
  return parts.join(', ');
}

/** « 01 à 06 (aucun de ses 7 mois de flux importé : actes tardifs seulement), 07 (1 seul mois de flux, A202501) »: consecutive months with one note grouped. */
function monthsWithNotes(months: CareMonth[]): string {
  const parts: string[] = [];
  for (let i = 0; i < months.length; i++) {
    let j = i;
    while (j + 1 < months.length && months[j + 1].month === months[j].month + 1 && months[j + 1].note === months[i].note) j++;
    parts.push(`${monthList(months.slice(i, j + 1).map((m) => m.month))} (${months[i].note})`);
    i = j;
  }
  return parts.join(', ');
}

function fluxNote(flux: number[] | null): string {
  if (flux === null) return 'mois de flux inconnus';
  if (flux.length === FLUX_WINDOW) return `complet, ${FLUX_WINDOW} mois de flux sur ${FLUX_WINDOW}`;
  if (flux.length === 0) return `aucun de ses ${FLUX_WINDOW} mois de flux importé : actes tardifs seulement`;
  if (flux.length === 1) return `1 seul mois de flux, ${fluxName(flux[0])}`;
  return `${flux.length} mois de flux sur ${FLUX_WINDOW}`;
}

/**
 * The care-year rule, pure (DATA_SPEC §A.6 rule 1 and annualisation rule 6):
 * - a care month m is complete when the flux months m … m + 6 were all imported (flux Y01 … (Y+1)06 for
 *   a whole year), and its acts are not below half the median of the complete months (a month far below
 *   the year's typical month is « incomplet » whatever its flux months);
 * - acts are annualised from the complete months only, × 12 / n;
 * - when no month is complete by the flux-window rule (one or a few flux months, or a pack that does not
 *   record flux months), the months present are used without those below half the LARGEST month present,
 *   annualised × 12 / n, and the summary says that they may be incomplete. Not the median there: with one
 *   flux month A{Y}{m} the months present are m − 1 (most of its claims) and m (only its first sliver), and
 *   the median of two months is their mean, which keeps the sliver and biases the annualisation low.
 * The summary names every month set aside and why (its acts against the reference month's).
 * `flux`: every flux month imported (YYYYMM), null when unknown. `chosenBy`: share of all imported acts
 * held by the year and the other years present, given when the year was chosen by default.
 */
export function judgeCareYear(input: {
  year: number;
  months: { month: number; acts: number }[];
  flux: number[] | null;
  chosenBy?: { share: number; otherYears: number[] };
}): Omit<CareYearPlan, 'perMonth'> {
  const { year } = input;
  const imported = input.flux === null ? null : new Set(input.flux);
  const months: CareMonth[] = [...input.months]
    .sort((a, b) => a.month - b.month)
    .map(({ month, acts }) => {
      const flux = imported === null ? null : fluxWindow(year, month).filter((f) => imported.has(f));
      return { month, acts, flux, windowComplete: flux?.length === FLUX_WINDOW, retained: false, note: fluxNote(flux) };
    });
  const complete = months.some((m) => m.windowComplete);
  const pool = complete ? months.filter((m) => m.windowComplete) : months;
  // Complete months are judged against their median (a strike month among full ones); without any, against
  // the largest month present (the one that received the most of its claims; see the rule above).
  const largest = pool.reduce<CareMonth | null>((best, m) => (best === null || m.acts > best.acts ? m : best), null);
  const reference = complete ? median(pool.map((m) => m.acts)) : (largest?.acts ?? 0);
  const against = complete
    ? `moins de la moitié du mois type (${count(reference)})`
    : `moins de la moitié des ${count(reference)} actes du mois ${pad(largest?.month ?? 0)}, le plus fort mois présent`;
  for (const m of pool) {
    if (reference > 0 && m.acts < MIN_SHARE_OF_TYPICAL_MONTH * reference) {
      m.note = `${m.windowComplete ? 'incomplet malgré ses 7 mois de flux' : m.note} : ${count(m.acts)} actes, ${against}`;
    } else m.retained = true;
  }
  const retained = months.filter((m) => m.retained).map((m) => m.month);
  const n = retained.length;
  const factor = n > 0 && n < 12 ? 12 / n : 1;
  const total = months.reduce((s, m) => s + m.acts, 0);
  const kept = months.filter((m) => m.retained).reduce((s, m) => s + m.acts, 0);
  const retainedShare = n === months.length ? 1 : total !== 0 ? kept / total : 0;

  const chosen = input.chosenBy && input.chosenBy.otherYears.length > 0
    ? ` (${Math.round(input.chosenBy.share * 100)} % des actes importés ; autres années de soins : ${input.chosenBy.otherYears.join(', ')})`
    : '';
  const head = `Année de soins ${year}${chosen}`;
  const annualised = factor === 1 ? 'actes non annualisés' : `actes annualisés (× 12 / ${n})`;
  const setAside = months.filter((m) => !m.retained);
  const setAsideText = setAside.length > 0 ? ` ; mois écartés : ${monthsWithNotes(setAside)}` : '';
  const hint = ` Pour une année complète, importez en une seule fois les flux ${fluxName(year * 100 + 1)} à ${fluxName((year + 1) * 100 + 6)}.`;
  let summary: string;
  if (months.length === 0) {
    summary = `${head} : aucun mois de soins dans les fichiers Open DAMIR importés.`;
  } else if (complete && n === 12) {
    summary = `${head} : les 12 mois sont complets (${FLUX_WINDOW} mois de flux chacun), ${annualised}.`;
  } else if (complete) {
    summary = `${head} : mois retenus ${monthList(retained)}, complets (${FLUX_WINDOW} mois de flux chacun) ; ${annualised}${setAsideText}.${hint}`;
  } else {
    const why = input.flux === null
      ? 'complétude non vérifiable, le paquet ne garde pas les mois de flux : réimportez les fichiers Open DAMIR'
      : `aucun n’a reçu ses ${FLUX_WINDOW} mois de flux, du mois de soins à 6 mois après`;
    summary =
      `${head} : ${months.length} mois présent${months.length > 1 ? 's' : ''}` +
      `${n < months.length ? `, ${n} retenu${n > 1 ? 's' : ''}` : ''}, ${annualised} ; ` +
      `mois retenus ${monthsWithNotes(months.filter((m) => m.retained))} ; mois possiblement incomplets (${why})${setAsideText}.${hint}`;
  }
  return { year, months, retained, factor, complete, retainedShare, summary };
}

/**
 * Judges the care year `year` (default: defaultCareYear) from damir_mois and, when the pack has it,
 * damir_flux (which flux months were imported). Null when the pack has no Open DAMIR month.
 */
export async function planCareYear(db: SqlDatabase, year?: number): Promise<CareYearPlan | null> {
  const chosen = year ?? (await defaultCareYear(db));
  if (chosen === null) return null;
  const years = await db.queryColumns('SELECT annee, sum(actes) AS actes FROM damir_mois GROUP BY annee ORDER BY annee');
  const rows = await db.queryColumns(`SELECT mois, sum(actes) AS actes FROM damir_mois WHERE annee = ${chosen} GROUP BY mois ORDER BY mois`);
  const perMonth = await tableExists(db, 'damir_flux');
  let flux: number[] | null = null;
  if (perMonth) {
    const imported = await db.queryColumns('SELECT DISTINCT flux FROM damir_flux WHERE flux BETWEEN 190001 AND 299912 AND flux % 100 BETWEEN 1 AND 12 ORDER BY flux');
    // No readable flux month at all (FLX_ANN_MOI absent and no A{YYYYMM} file name): completeness unknown.
    if (imported.flux.length > 0) flux = Array.from(imported.flux, Number);
  }
  const yearList = Array.from(years.annee, Number);
  const total = Array.from(years.actes, Number).reduce((s, a) => s + a, 0);
  const ofYear = Array.from(years.actes, Number)[yearList.indexOf(chosen)] ?? 0;
  const judged = judgeCareYear({
    year: chosen,
    months: Array.from(rows.mois, (m, i) => ({ month: Number(m), acts: Number(rows.actes[i]) })),
    flux,
    chosenBy: year === undefined ? { share: total !== 0 ? ofYear / total : 1, otherYears: yearList.filter((y) => y !== chosen) } : undefined,
  });
  return { ...judged, perMonth };
}

/**
 * temp table part_retenue(specialite, panier, part): share of each specialty × basket's acts of the year
 * that lies in the retained months. damir_actes and damir_actes_executant have no month: their age ×
 * region (or executant) structure is the whole year's, their volume that of the retained months.
 * Returns the share to use for a specialty × basket absent from the table.
 */
async function retainedShares(db: SqlDatabase, plan: CareYearPlan): Promise<string> {
  const everyMonth = plan.retained.length === plan.months.length;
  await db.run(
    everyMonth || !plan.perMonth || plan.retained.length === 0
      ? 'CREATE OR REPLACE TEMP TABLE part_retenue AS SELECT CAST(NULL AS VARCHAR) AS specialite, CAST(NULL AS VARCHAR) AS panier, CAST(NULL AS DOUBLE) AS part WHERE false'
      : `CREATE OR REPLACE TEMP TABLE part_retenue AS
         SELECT specialite, panier,
                CASE WHEN sum(actes) <> 0 THEN coalesce(sum(actes) FILTER (WHERE mois IN (${plan.retained.join(', ')})), 0) / sum(actes) ELSE 0 END AS part
         FROM damir_flux WHERE annee = ${plan.year} GROUP BY ALL`,
  );
  return `CAST(${everyMonth ? 1 : plan.retainedShare} AS DOUBLE)`;
}

const factorSql = (plan: CareYearPlan) => (plan.factor === 1 ? 'CAST(1 AS DOUBLE)' : `CAST(12 AS DOUBLE) / ${plan.retained.length}`);

/**
 * National and regional use rates for a care year (a year, judged by planCareYear, or a plan): acts of
 * each specialty's basket (clinical, or imaging for radiology) in the retained care months, annualised
 * × 12 / n, ÷ population of the band. Writes taux_recours (72 rows, zero rows kept) and
 * taux_recours_region. Returns the plan used.
 */
export async function deriveRates(db: SqlDatabase, yearOrPlan: number | CareYearPlan): Promise<CareYearPlan> {
  const plan = typeof yearOrPlan === 'number' ? (await planCareYear(db, yearOrPlan))! : yearOrPlan;
  const otherShare = await retainedShares(db, plan);
  await db.run(`CREATE OR REPLACE TEMP TABLE population_bande AS
    SELECT p.code_commune, c.reg, CAST(${BAND_OF_AGE5} AS INTEGER) AS tranche_age, sum(p.population) AS population
    FROM population_age5 p JOIN communes c USING (code_commune) GROUP BY ALL`);
  await db.run(`CREATE OR REPLACE TEMP TABLE actes_mesure AS
    SELECT a.specialite, a.tranche_age, a.region, sum(a.actes * coalesce(r.part, ${otherShare})) * ${factorSql(plan)} AS actes
    FROM damir_actes a JOIN ref_specialites s USING (specialite) JOIN ref_panier_mesure m ON m.panier_activite = s.panier_activite AND m.panier = a.panier
    LEFT JOIN part_retenue r ON r.specialite = a.specialite AND r.panier = a.panier
    WHERE a.annee = ${plan.year} GROUP BY ALL`);
  await db.run(`CREATE OR REPLACE TABLE taux_recours AS
    WITH grid AS (SELECT s.specialite, b.tranche_age FROM ref_specialites s CROSS JOIN (SELECT unnest([0, 20, 30, 40, 50, 60, 70, 80]) AS tranche_age) b),
    acts AS (SELECT specialite, tranche_age, sum(actes) AS actes FROM actes_mesure GROUP BY ALL),
    pop AS (SELECT tranche_age, sum(population) AS population FROM population_bande GROUP BY ALL)
    SELECT g.specialite, g.tranche_age, coalesce(a.actes, 0) AS actes, coalesce(p.population, 0) AS population,
           CASE WHEN coalesce(p.population, 0) > 0 THEN coalesce(a.actes, 0) / p.population ELSE 0 END AS taux
    FROM grid g LEFT JOIN acts a USING (specialite, tranche_age) LEFT JOIN pop p USING (tranche_age)
    ORDER BY ${SPECIALTY_ORDER.replaceAll('specialite', 'g.specialite')}, g.tranche_age`);
  // Regions as grouped by Open DAMIR: DOM → 5, Corsica → 93; unknown region (99) has no rate.
  await db.run(`CREATE OR REPLACE TABLE taux_recours_region AS
    WITH pop AS (
      SELECT CASE WHEN reg IN ('01', '02', '03', '04', '06') THEN '5' WHEN reg = '94' THEN '93' ELSE reg END AS region, tranche_age, sum(population) AS population
      FROM population_bande GROUP BY ALL)
    SELECT p.region, s.specialite, p.tranche_age, coalesce(a.actes, 0) AS actes, p.population,
           CASE WHEN p.population > 0 THEN coalesce(a.actes, 0) / p.population ELSE 0 END AS taux
    FROM pop p CROSS JOIN ref_specialites s LEFT JOIN actes_mesure a ON a.region = p.region AND a.specialite = s.specialite AND a.tranche_age = p.tranche_age
    ORDER BY p.region, ${SPECIALTY_ORDER.replaceAll('specialite', 's.specialite')}, p.tranche_age`);
  return plan;
}

/**
 * Productivity per specialty: national libéral acts of its basket in the plan's retained care months (by
 * executing physician, PSE_STJ_SNDS = 1, annualised × 12 / n as the rates) ÷ libéral physicians of the
 * RPPS (DATA_SPEC §G.3 option a).
 */
export async function deriveProductivity(db: SqlDatabase, plan: CareYearPlan): Promise<void> {
  const otherShare = await retainedShares(db, plan);
  const months = plan.factor === 1 ? '' : `, mois ${monthList(plan.retained)} annualisés × 12 / ${plan.retained.length}`;
  const source = `Open DAMIR ${plan.year}${months} (actes libéraux du panier, exécutants) ÷ médecins libéraux du RPPS`;
  await db.run(`CREATE OR REPLACE TABLE productivite AS
    WITH acts AS (
      SELECT e.specialite, sum(e.actes * coalesce(r.part, ${otherShare})) * ${factorSql(plan)} AS actes
      FROM damir_actes_executant e JOIN ref_specialites s USING (specialite)
      JOIN ref_panier_mesure m ON m.panier_activite = s.panier_activite AND m.panier = e.panier
      LEFT JOIN part_retenue r ON r.specialite = e.specialite AND r.panier = e.panier
      WHERE e.annee = ${plan.year} AND e.statut = 1 GROUP BY ALL)
    SELECT a.specialite, a.actes / l.medecins_liberaux AS actes_par_etp, ${sqlString(source)} AS source
    FROM acts a JOIN rpps_liberaux l USING (specialite) WHERE l.medecins_liberaux > 0 AND a.actes > 0
    ORDER BY ${SPECIALTY_ORDER.replaceAll('specialite', 'a.specialite')}`);
}
