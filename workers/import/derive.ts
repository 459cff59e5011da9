// Tables derived from imported sources: use rates (Open DAMIR × population) and productivity
// (Open DAMIR × RPPS). Same SQL on both DuckDB runtimes.
import { SPECIALTIES } from '../engine/domain';
import type { SqlDatabase } from '../db/sql-database';

const BAND_OF_AGE5 = 'CASE WHEN age5 < 20 THEN 0 WHEN age5 >= 80 THEN 80 ELSE (age5 // 10) * 10 END';
const SPECIALTY_ORDER = `CASE specialite ${SPECIALTIES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} END`;

/** Care year used by default: the one with the most care months (the latest on a tie). */
export async function defaultCareYear(db: SqlDatabase): Promise<number | null> {
  const rows = await db.queryColumns('SELECT annee, count(DISTINCT mois) AS n FROM damir_mois GROUP BY annee ORDER BY n DESC, annee DESC LIMIT 1');
  return rows.annee.length > 0 ? Number(rows.annee[0]) : null;
}

/**
 * National and regional use rates for a care year: acts of each specialty's basket (clinical, or
 * imaging for radiology) ÷ population of the band, annualised × 12 / n when fewer than 12 care months.
 * Writes taux_recours (72 rows, zero rows kept) and taux_recours_region.
 */
export async function deriveRates(db: SqlDatabase, year: number): Promise<{ months: number }> {
  const months = Number((await db.queryColumns(`SELECT count(DISTINCT mois) AS n FROM damir_mois WHERE annee = ${year}`)).n[0]);
  const factor = months > 0 && months < 12 ? 12 / months : 1;
  await db.run(`CREATE OR REPLACE TEMP TABLE population_bande AS
    SELECT p.code_commune, c.reg, CAST(${BAND_OF_AGE5} AS INTEGER) AS tranche_age, sum(p.population) AS population
    FROM population_age5 p JOIN communes c USING (code_commune) GROUP BY ALL`);
  await db.run(`CREATE OR REPLACE TEMP TABLE actes_mesure AS
    SELECT a.specialite, a.tranche_age, a.region, sum(a.actes) * ${factor} AS actes
    FROM damir_actes a JOIN ref_specialites s USING (specialite) JOIN ref_panier_mesure m ON m.panier_activite = s.panier_activite AND m.panier = a.panier
    WHERE a.annee = ${year} GROUP BY ALL`);
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
  return { months };
}

/**
 * Productivity per specialty: national libéral acts of its basket in the care year (by executing
 * physician, PSE_STJ_SNDS = 1, annualised) ÷ libéral physicians of the RPPS (DATA_SPEC §G.3 option a).
 */
export async function deriveProductivity(db: SqlDatabase, year: number, months: number): Promise<void> {
  const factor = months > 0 && months < 12 ? 12 / months : 1;
  await db.run(`CREATE OR REPLACE TABLE productivite AS
    WITH acts AS (
      SELECT e.specialite, sum(e.actes) * ${factor} AS actes
      FROM damir_actes_executant e JOIN ref_specialites s USING (specialite)
      JOIN ref_panier_mesure m ON m.panier_activite = s.panier_activite AND m.panier = e.panier
      WHERE e.annee = ${year} AND e.statut = 1 GROUP BY ALL)
    SELECT a.specialite, a.actes / l.medecins_liberaux AS actes_par_etp,
           'Open DAMIR ${year} (actes libéraux du panier, exécutants) ÷ médecins libéraux du RPPS' AS source
    FROM acts a JOIN rpps_liberaux l USING (specialite) WHERE l.medecins_liberaux > 0 AND a.actes > 0
    ORDER BY ${SPECIALTY_ORDER.replaceAll('specialite', 'a.specialite')}`);
}
