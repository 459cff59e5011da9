// Builds the engine's typed-array inputs from a loaded pack, with SQL that runs on both DuckDB
// runtimes (duckdb-wasm in the worker, @duckdb/node-api in the CLI).
import { de } from '../../common/french';
import { CUSTOM_GRID_PREFIX, GRIDS, OUTSIDE_GRID_CODES } from '../../common/pack';
import { AGE_BANDS, BAND_COUNT, SPECIALTIES, SPECIALTY_COUNT, bandIndex, damirRegionOf, specialtyIndex, type Specialty } from '../engine/domain';
import type { TimePairs } from '../engine/engine';
import { SITE_ROLE, type EngineInputs, type Grid } from '../engine/model';
import { PATHOLOGIES, PATHOLOGY_COUNT, PATHOLOGY_LABELS, pathologyIndex, type PathologyId, type PathologyInputs } from '../engine/pathways';
import type { ScoreInputs } from '../engine/scores';
import type { PackDb } from './pack-db';
import type { ColumnValues } from './sql-database';
import { sqlString } from './sql-database';

export class MissingDataError extends Error {}

export interface LoadedEngineData {
  inputs: EngineInputs;
  derivedProductivity: Partial<Record<Specialty, number>>;
  productivitySources: Partial<Record<Specialty, string>>;
  timePairs?: TimePairs;
  scoreInputs: Omit<ScoreInputs, 'speedKmh' | 'detourFactor'>;
  structuresSource: string | null;
  warnings: string[];
}

const num = (v: string | number | null) => (v === null ? Number.NaN : Number(v));
const str = (v: string | number | null) => (v === null ? '' : String(v));
const each = (columns: Record<string, ColumnValues>, fn: (row: number) => void) => {
  const first = Object.values(columns)[0];
  for (let i = 0; i < (first?.length ?? 0); i++) fn(i);
};


/** The communes of a pack (code order: the engine's commune index) with what the map shows of them. */
export interface CommuneTable {
  codes: string[];
  names: string[];
  departements: string[];
  /** Population municipale (communes table), inhabitants. */
  population: Float64Array;
  /** Region code of each commune (COG), for the regional use rates. */
  regions: string[];
  /** Centroid lon/lat (NaN when unknown). */
  lon: Float64Array;
  lat: Float64Array;
}

/**
 * What every pack has, health data or not: its communes and the territories of every grid (official
 * grids of GRIDS and the pack's custom grids), in the engine's order. The map's GridCells are built from
 * these grids (grid-cells.ts), so the page and the engine share one territory order.
 */
export interface PackModel {
  communes: CommuneTable;
  grids: Grid[];
}

/** Reads the pack model with SQL; leaves the temp table `commune_index` (code order) for the caller. */
export async function loadPackModel(pack: PackDb): Promise<PackModel> {
  const db = pack.db;
  await db.run(
    'CREATE OR REPLACE TEMP TABLE commune_index AS SELECT code_commune, reg, lon, lat, CAST(row_number() OVER (ORDER BY code_commune) - 1 AS INTEGER) AS idx FROM communes',
  );
  const rows = await db.queryColumns(
    'SELECT i.code_commune, c.nom, c.dep, CAST(c.population AS DOUBLE) AS population, i.reg, i.lon, i.lat FROM commune_index i JOIN communes c USING (code_commune) ORDER BY i.idx',
  );
  const communes: CommuneTable = {
    codes: Array.from(rows.code_commune, str),
    names: Array.from(rows.nom, str),
    departements: Array.from(rows.dep, str),
    population: Float64Array.from(rows.population, (v) => Number(v ?? 0)),
    regions: Array.from(rows.reg, str),
    lon: Float64Array.from(rows.lon, num),
    lat: Float64Array.from(rows.lat, num),
  };
  return { communes, grids: await loadGrids(pack, communes) };
}

async function loadGrids(pack: PackDb, communeTable: CommuneTable): Promise<Grid[]> {
  const db = pack.db;
  const communes = communeTable.codes;
  const grids: Grid[] = [
    {
      id: 'COM',
      label: 'Commune',
      codes: communes,
      labels: communeTable.names,
      cellOfCommune: Int32Array.from(communes, (_, i) => i),
    },
  ];
  for (const { id, label } of GRIDS.filter((g) => g.id !== 'COM')) {
    const cells = await db.queryColumns(
      `SELECT a.${id} AS code, coalesce(any_value(l.libelle), a.${id}) AS libelle
       FROM appartenance a LEFT JOIN libelles l ON l.grille = ${sqlString(id)} AND l.code = a.${id}
       GROUP BY a.${id} ORDER BY a.${id}`,
    );
    const membership = await db.queryColumns(
      `SELECT a.${id} AS code FROM commune_index i LEFT JOIN appartenance a USING (code_commune) ORDER BY i.idx`,
    );
    // The "no territory" code of a grid (AAV2020 000, EPCI ZZZZZZZZZ) is not a territory: its communes
    // belong to none, rather than to one nationwide pseudo-territory.
    const outside = OUTSIDE_GRID_CODES[id]?.code;
    const codeOfCommune = Array.from(membership.code, str);
    const kept = Array.from(cells.code, str)
      .map((code, i) => [code, str(cells.libelle[i])] as const)
      .filter(([code]) => code !== outside);
    const index = new Map(kept.map(([code], i) => [code, i]));
    grids.push({
      id,
      label,
      codes: kept.map(([code]) => code),
      labels: kept.map(([, l]) => l),
      cellOfCommune: Int32Array.from(codeOfCommune, (code) => index.get(code) ?? -1),
      ...(outside && codeOfCommune.includes(outside) ? { outside: Uint8Array.from(codeOfCommune, (code) => (code === outside ? 1 : 0)) } : {}),
    });
  }
  if (pack.hasTable('grilles_perso')) {
    const names = await db.queryColumns('SELECT DISTINCT grille FROM grilles_perso ORDER BY grille');
    for (const name of Array.from(names.grille, str)) {
      const cells = await db.queryColumns(
        `SELECT code_territoire AS code, any_value(libelle_territoire) AS libelle FROM grilles_perso WHERE grille = ${sqlString(name)} GROUP BY 1 ORDER BY 1`,
      );
      const membership = await db.queryColumns(
        `SELECT g.code_territoire AS code FROM commune_index i LEFT JOIN grilles_perso g ON g.code_commune = i.code_commune AND g.grille = ${sqlString(name)} ORDER BY i.idx`,
      );
      const codes = Array.from(cells.code, str);
      const index = new Map(codes.map((code, i) => [code, i]));
      grids.push({
        id: `${CUSTOM_GRID_PREFIX}${name}`,
        label: `Maillage personnalisé ${name}`,
        codes,
        labels: Array.from(cells.libelle, str),
        cellOfCommune: Int32Array.from(membership.code, (code) => (code === null ? -1 : (index.get(str(code)) ?? -1))),
      });
    }
  }

  return grids;
}

/**
 * The engine's inputs of a pack (throws MissingDataError, in French, when it has no population by age,
 * use rates or doctors). `model` when loadPackModel has just read it from the same database (its temp
 * table is used), else read here.
 */
export async function loadEngineInputs(pack: PackDb, model?: PackModel): Promise<LoadedEngineData> {
  const db = pack.db;
  const warnings: string[] = [];
  for (const table of ['population_age5', 'taux_recours', 'sites'] as const) {
    if (!pack.hasTable(table)) {
      const what = { population_age5: 'population par âge', taux_recours: 'taux de recours (Open DAMIR)', sites: 'offre de médecins (RPPS)' }[table];
      throw new MissingDataError(
        `Le paquet « ${pack.manifest.id} » n’a pas ${de(what)} (table « ${table} ») : le besoin et la capacité ne peuvent pas être calculés. Importez la source correspondante.`,
      );
    }
  }
  const { communes: communeTable, grids } = model ?? (await loadPackModel(pack));
  const communes = communeTable.codes;
  const n = communes.length;

  const population = new Float64Array(n * BAND_COUNT);
  const population75 = new Float64Array(n);
  const ages = await db.queryColumns(
    `SELECT i.idx, CAST(CASE WHEN p.age5 < 20 THEN 0 WHEN p.age5 >= 80 THEN 80 ELSE (p.age5 // 10) * 10 END AS INTEGER) AS band,
            CAST(sum(p.population) AS DOUBLE) AS population, CAST(sum(CASE WHEN p.age5 >= 75 THEN p.population ELSE 0 END) AS DOUBLE) AS population75
     FROM population_age5 p JOIN commune_index i USING (code_commune) GROUP BY 1, 2`,
  );
  each(ages, (r) => {
    const c = num(ages.idx[r]);
    population[c * BAND_COUNT + bandIndex(num(ages.band[r]))] += num(ages.population[r]);
    population75[c] += num(ages.population75[r]);
  });
  const orphans = await db.queryColumns(
    'SELECT count(DISTINCT code_commune) AS n FROM population_age5 WHERE code_commune NOT IN (SELECT code_commune FROM communes)',
  );
  if (num(orphans.n[0]) > 0) warnings.push(`${num(orphans.n[0])} communes de la population par âge absentes du référentiel communal (ignorées).`);

  const rates = new Float64Array(SPECIALTY_COUNT * BAND_COUNT);
  const rateRows = await db.queryColumns('SELECT specialite, tranche_age, taux FROM taux_recours');
  each(rateRows, (r) => {
    const s = specialtyIndex(str(rateRows.specialite[r]));
    const b = bandIndex(num(rateRows.tranche_age[r]));
    if (s >= 0 && b >= 0) rates[s * BAND_COUNT + b] = num(rateRows.taux[r]);
  });

  let regionalRates: EngineInputs['regionalRates'];
  if (pack.hasTable('taux_recours_region')) {
    const rows = await db.queryColumns('SELECT region, specialite, tranche_age, taux FROM taux_recours_region ORDER BY region');
    const regions = [...new Set(Array.from(rows.region, str))];
    const values = new Float64Array(regions.length * SPECIALTY_COUNT * BAND_COUNT);
    // A region × specialty × band the table does not give falls back to the national rate.
    for (let g = 0; g < regions.length; g++) values.set(rates, g * SPECIALTY_COUNT * BAND_COUNT);
    each(rows, (r) => {
      const s = specialtyIndex(str(rows.specialite[r]));
      const b = bandIndex(num(rows.tranche_age[r]));
      if (s >= 0 && b >= 0) values[(regions.indexOf(str(rows.region[r])) * SPECIALTY_COUNT + s) * BAND_COUNT + b] = num(rows.taux[r]);
    });
    regionalRates = {
      regions,
      rates: values,
      regionOfCommune: Int32Array.from(communeTable.regions, (reg) => regions.indexOf(damirRegionOf(reg))),
    };
  }

  const droppedSites = await db.queryColumns(
    'SELECT count(DISTINCT code_commune) AS communes, coalesce(sum(medecins), 0) AS medecins FROM sites WHERE code_commune NOT IN (SELECT code_commune FROM communes)',
  );
  if (num(droppedSites.communes[0]) > 0) {
    warnings.push(`${num(droppedSites.medecins[0])} médecins installés dans ${num(droppedSites.communes[0])} communes inconnues du référentiel communal (ignorés).`);
  }
  const siteRows = await db.queryColumns(
    `SELECT i.idx, s.specialite, s.role, s.nb_secondaires, s.medecins FROM sites s JOIN commune_index i USING (code_commune) ORDER BY i.idx, s.specialite, s.role`,
  );
  const roleOf = (role: string) => (role === 'seul' ? SITE_ROLE.alone : role === 'principal' ? SITE_ROLE.principal : SITE_ROLE.secondary);
  const kept = Array.from({ length: siteRows.idx.length }, (_, r) => r).filter((r) => specialtyIndex(str(siteRows.specialite[r])) >= 0);
  const supplySites = {
    commune: Int32Array.from(kept, (r) => num(siteRows.idx[r])),
    specialty: Uint8Array.from(kept, (r) => specialtyIndex(str(siteRows.specialite[r]))),
    role: Uint8Array.from(kept, (r) => roleOf(str(siteRows.role[r]))),
    secondaryCount: Uint16Array.from(kept, (r) => num(siteRows.nb_secondaires[r]) || 0),
    doctors: Float64Array.from(kept, (r) => num(siteRows.medecins[r])),
  };

  const derivedProductivity: Partial<Record<Specialty, number>> = {};
  const productivitySources: Partial<Record<Specialty, string>> = {};
  if (pack.hasTable('productivite')) {
    const rows = await db.queryColumns('SELECT specialite, actes_par_etp, source FROM productivite');
    each(rows, (r) => {
      const id = str(rows.specialite[r]);
      if ((SPECIALTIES as readonly string[]).includes(id) && num(rows.actes_par_etp[r]) > 0) {
        derivedProductivity[id as Specialty] = num(rows.actes_par_etp[r]);
        productivitySources[id as Specialty] = str(rows.source[r]);
      }
    });
  }

  let timePairs: TimePairs | undefined;
  if (pack.hasTable('temps')) {
    const rows = await db.queryColumns(
      `SELECT o.idx AS origin, d.idx AS destination, t.minutes FROM temps t
       JOIN commune_index o ON o.code_commune = t.origine JOIN commune_index d ON d.code_commune = t.destination`,
    );
    timePairs = { origins: Int32Array.from(rows.origin, num), destinations: Int32Array.from(rows.destination, num), minutes: Float64Array.from(rows.minutes, num) };
  }

  const aldShare = new Float64Array(n).fill(Number.NaN);
  if (pack.hasTable('ald_bv')) {
    const rows = await db.queryColumns(
      'SELECT i.idx, b.part_ald FROM commune_index i JOIN appartenance a USING (code_commune) JOIN ald_bv b ON b.bv2022 = a.BV2022 WHERE b.part_ald IS NOT NULL',
    );
    each(rows, (r) => (aldShare[num(rows.idx[r])] = num(rows.part_ald[r])));
  }
  const establishments = pack.hasTable('etablissements')
    ? await db.queryColumns('SELECT lon, lat, coalesce(urgences, 0) AS urgences FROM etablissements WHERE lon IS NOT NULL AND lat IS NOT NULL ORDER BY id')
    : { lon: [], lat: [], urgences: [] };
  const mspCount = new Float64Array(n), cdsCount = new Float64Array(n);
  let structuresSource: string | null = null;
  if (pack.hasTable('structures')) {
    const rows = await db.queryColumns('SELECT i.idx, s.nb_msp, s.nb_cds, s.source FROM structures s JOIN commune_index i USING (code_commune)');
    each(rows, (r) => {
      mspCount[num(rows.idx[r])] += num(rows.nb_msp[r]) || 0;
      cdsCount[num(rows.idx[r])] += num(rows.nb_cds[r]) || 0;
      structuresSource ??= str(rows.source[r]);
    });
  }
  const pathologies = pack.hasTable('prevalence_pathologies') ? await loadPrevalence(pack, communeTable) : undefined;

  const totalPopulation = new Float64Array(n);
  for (let c = 0; c < n; c++) for (let b = 0; b < AGE_BANDS.length; b++) totalPopulation[c] += population[c * BAND_COUNT + b];

  const { lon, lat } = communeTable;
  return {
    inputs: { communes, population, rates, regionalRates, supplySites, lon, lat, grids, ...(pathologies ? { pathologies } : {}) },
    derivedProductivity,
    productivitySources,
    timePairs,
    scoreInputs: {
      population: totalPopulation,
      population75,
      aldShare,
      sites: { lon: Float64Array.from(establishments.lon, num), lat: Float64Array.from(establishments.lat, num), emergency: Uint8Array.from(establishments.urgences, num) },
      mspCount,
      cdsCount,
      lon,
      lat,
    },
    structuresSource,
    warnings,
  };
}

/**
 * The care-pathway prevalence (pathways.ts PathologyInputs) from the pack's prevalence_pathologies (per
 * département × 5-year band, fractions): each engine age band's prevalence is the mean of its 5-year
 * bands weighted by the département's own population by age (population_age5), so that the engine band's
 * prevalence × its population is Σ 5-year prevalence × 5-year population of the pack (not the file's Ntop:
 * its Npop is the Assurance Maladie's population, not INSEE's); without that population, the plain mean.
 * A 5-year band missing from the file is left out of its engine band's mean (its neighbours stand for it).
 * Départements of the pack the file does not give are listed (`missingDepartements`: the pathway table
 * leaves their territories empty and says so).
 */
async function loadPrevalence(pack: PackDb, communeTable: CommuneTable): Promise<PathologyInputs> {
  const rows = await pack.db.queryColumns(
    `WITH dep_pop AS (
       SELECT c.dep, p.age5, sum(p.population) AS pop FROM population_age5 p JOIN communes c USING (code_commune) GROUP BY 1, 2)
     SELECT v.pathologie, v.dep,
            CAST(CASE WHEN v.age5 < 20 THEN 0 WHEN v.age5 >= 80 THEN 80 ELSE (v.age5 // 10) * 10 END AS INTEGER) AS band,
            CAST(sum(v.prevalence * coalesce(d.pop, 0)) AS DOUBLE) AS weighted, CAST(sum(coalesce(d.pop, 0)) AS DOUBLE) AS weight,
            CAST(avg(v.prevalence) AS DOUBLE) AS mean, CAST(max(v.annee) AS INTEGER) AS annee
     FROM prevalence_pathologies v LEFT JOIN dep_pop d ON d.dep = v.dep AND d.age5 = v.age5
     WHERE v.prevalence IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 2`,
  );
  const groups = [...new Set(Array.from(rows.dep, str))];
  const prevalence = new Float64Array(groups.length * PATHOLOGY_COUNT * BAND_COUNT);
  const yearOf = new Map<string, number>();
  each(rows, (r) => {
    const p = pathologyIndex(str(rows.pathologie[r]));
    const b = bandIndex(num(rows.band[r]));
    if (p < 0 || b < 0) return;
    const weight = num(rows.weight[r]);
    prevalence[(groups.indexOf(str(rows.dep[r])) * PATHOLOGY_COUNT + p) * BAND_COUNT + b] = weight > 0 ? num(rows.weighted[r]) / weight : num(rows.mean[r]);
    const pathology = str(rows.pathologie[r]);
    yearOf.set(pathology, Math.max(yearOf.get(pathology) ?? 0, num(rows.annee[r]) || 0));
  });
  const groupOfCommune = Int32Array.from(communeTable.departements, (dep) => groups.indexOf(dep));
  const missingDepartements = [...new Set(communeTable.departements.filter((_, c) => groupOfCommune[c] < 0))].sort();
  const label = pack.manifest.tables.prevalence_pathologies?.label ?? 'Cartographie des pathologies (CNAM)';
  const distinct = [...new Set(yearOf.values())];
  const years = distinct.length <= 1 ? String(distinct[0] ?? '') : [...yearOf].map(([id, y]) => `${PATHOLOGY_LABELS[id as PathologyId]?.toLowerCase() ?? id} ${y}`).join(', ');
  const missingPathologies = PATHOLOGIES.filter((id) => !yearOf.has(id));
  return { groups, groupOfCommune, prevalence, years, source: label, missingDepartements, missingPathologies };
}
