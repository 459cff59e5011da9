// The planners' diagnostic table (PRODUCT.md workflow 3) and the difference table between two
// evaluations (workflow 5), as plain JSON-able objects: one row per territory of a grid, the nine
// specialties in SPECIALTIES order, the total of the rows, the département's own total, and the
// comparison KPIs. Numbers are the engine's own (the same floats `diagnose` rounds into its CSV); NaN
// marks a value that does not exist (a rate with zero need, a score without data). Formatting and
// files are in workers/export.
//
// Totals and KPIs add up to what the screen shows (issue 12, point 2): `dashboardTotal`,
// `comparisonTotal` and `comparisonKpis` take any subset of rows (the page passes the rows left by its
// text filter), and every row carries what its total needs (score weights, APL counts), so the
// page's total of the rows shown is computed by the same function as the files' total.
import { SPECIALTIES, SPECIALTY_COUNT, specialtyIndex, type Specialty } from './domain';
import type { Evaluation } from './engine';
import { aplZone, territoryDifference, type AplZone } from './difference';
import { aggregate, gapOf, type Grid, type TerritoryResults } from './model';
import { APL_THRESHOLDS } from './reference';
import { territoryScores, type ScoreInputs, type Scores } from './scores';

/** One territory × specialty. Acts per year; sign convention of gapOf: negative = deficit. */
export interface SpecialtyFigures {
  need: number;
  capacity: number;
  /** capacity − need. */
  gapActs: number;
  /** gapActs ÷ productivity. */
  gapFte: number;
  /** capacity ÷ need (ratio, NaN when need is 0). */
  coverage: number;
  /** max(0, need − capacity). */
  actsToCover: number;
  /** max(0, −gapFte). */
  fteNeeded: number;
  /** actsToCover ÷ need (ratio, NaN when need is 0). */
  deficitRate: number;
}

export interface DashboardRow {
  /**
   * Index of the territory in the grid (Grid.codes); TOTAL_TERRITORY (-1) for the total of the rows,
   * DEPARTEMENT_TOTAL_TERRITORY (-2) for the département's own total.
   */
  territory: number;
  code: string;
  label: string;
  population: number;
  /** Communes of the territory (of the kept territories for the total). */
  communes: number;
  /** Maisons de santé (MSP) and centres de santé; NaN without score data. */
  msp: number;
  cds: number;
  /** 75+ share ÷ national share (1 = France); NaN without score data. */
  scorePa: number;
  /** ALD share ÷ national share, population-weighted over communes with a value. */
  scoreAld: number;
  /** Minutes to the nearest emergency site, population-weighted. */
  scoreUrgence: number;
  /**
   * Populations the three scores average over (score inputs' population: all communes for the 75+
   * score, the communes with a value for ALD and emergency; 0 without score data), so that the
   * scores of any set of rows are their weighted means (dashboardTotal).
   */
  scoreWeights: { pa: number; ald: number; urgence: number };
  /** SPECIALTIES order. */
  specialties: SpecialtyFigures[];
}

export interface DashboardTable {
  gridId: string;
  gridLabel: string;
  /** Département filter: rows are the territories with at least one commune in it; null = all. */
  departement: string | null;
  /** Name of that département (DEP grid label), null without filter. */
  departementLabel: string | null;
  /** Always the nine specialties, the order of DashboardRow.specialties. */
  specialties: Specialty[];
  /** Acts per FTE per year used for the FTE figures, per specialty. */
  productivity: number[];
  rows: DashboardRow[];
  /** dashboardTotal(rows): the total of all the rows (the page recomputes it for the rows it shows). */
  total: DashboardRow;
  /**
   * With a département filter, the département's own total: its communes only, taken as one
   * territory (departementTotal). Null without filter or when the département has no commune.
   */
  departementTotal: DashboardRow | null;
}

/** Commune scores with the populations they were computed from (loadEngineInputs().scoreInputs). */
export interface ScoreData {
  scores: Scores;
  inputs: Pick<ScoreInputs, 'population' | 'population75'>;
}

export interface DashboardOptions {
  /** Keep the territories that contain at least one commune of this département (code of the DEP grid). */
  departement?: string | null;
  /** Département code of a commune (engine commune index); defaults to the evaluation's DEP grid. */
  communeDepartement?: (commune: number) => string;
}

/** Label of the total of the rows, on screen and in the files (issue 12: « the total of the rows shown »). */
export const ROWS_TOTAL_LABEL = 'Total des lignes affichées';
export const TOTAL_TERRITORY = -1;
export const DEPARTEMENT_TOTAL_TERRITORY = -2;

/** A total row (of the rows, or of the département), not a territory. */
export const isTotalRow = (row: { territory: number }): boolean => row.territory < 0;

/** « Meuse (55) — communes du département », or « Département 55 — … » without a name. */
export function departementTotalLabel(code: string, label: string | null): string {
  return `${label ? `${label} (${code})` : `Département ${code}`} — communes du département`;
}

const GRID_PLURALS: Record<string, string> = {
  COM: 'communes',
  EPCI: 'intercommunalités (EPCI)',
  BV2022: 'bassins de vie',
  ZE2020: 'zones d’emploi',
  AAV2020: 'aires d’attraction des villes',
  DEP: 'départements',
};

/** The territories of a grid in the plural, for labels such as « Habitants des bassins de vie en déficit ». */
export const territoriesPlural = (gridId: string, gridLabel: string): string => GRID_PLURALS[gridId] ?? `territoires (${gridLabel})`;

function territoriesOf(evaluation: Evaluation, gridId: string): TerritoryResults {
  const territories = evaluation.territories.get(gridId);
  if (!territories) throw new Error(`Maillage inconnu : ${gridId}.`);
  return territories;
}

/** Département code of each engine commune ('' when it has none), from the options or the DEP grid. */
function departementOfCommune(evaluation: Evaluation, options: DashboardOptions): (commune: number) => string {
  if (options.communeDepartement) return options.communeDepartement;
  const dep = evaluation.territories.get('DEP')?.grid;
  if (!dep) throw new Error('Filtre par département impossible : le paquet n’a pas de maillage départemental.');
  return (c) => (dep.cellOfCommune[c] >= 0 ? dep.codes[dep.cellOfCommune[c]] : '');
}

/**
 * Territory indices kept by the options, in grid order: all of them, or those with at least one
 * commune in the département.
 */
export function keptTerritories(evaluation: Evaluation, grid: Grid, options: DashboardOptions = {}): number[] {
  const all = grid.codes.map((_, t) => t);
  const departement = options.departement ?? null;
  if (departement === null || departement === '') return all;
  const departementOf = departementOfCommune(evaluation, options);
  const touched = new Uint8Array(grid.codes.length);
  grid.cellOfCommune.forEach((cell, c) => {
    if (cell >= 0 && departementOf(c) === departement) touched[cell] = 1;
  });
  return all.filter((t) => touched[t] === 1);
}

/**
 * The communes of the département as a one-territory grid (null without filter or without commune):
 * summed by `aggregate` in ascending commune order, exactly as the DEP grid sums them, so its figures
 * are the DEP row of `diagnose --grid DEP`.
 */
function departementGrid(evaluation: Evaluation, options: DashboardOptions): Grid | null {
  const departement = options.departement ?? null;
  if (departement === null || departement === '') return null;
  const departementOf = departementOfCommune(evaluation, options);
  const cellOfCommune = Int32Array.from({ length: evaluation.communes.population.length }, (_, c) => (departementOf(c) === departement ? 0 : -1));
  if (!cellOfCommune.includes(0)) return null;
  const label = departementTotalLabel(departement, departementLabel(evaluation, departement));
  return { id: `DEP:${departement}`, label, codes: [departement], labels: [label], cellOfCommune };
}

function departementLabel(evaluation: Evaluation, departement: string | null | undefined): string | null {
  if (!departement) return null;
  const dep = evaluation.territories.get('DEP')?.grid;
  const index = dep ? dep.codes.indexOf(departement) : -1;
  return index >= 0 ? dep!.labels[index] : null;
}

export function specialtyFigures(need: number, capacity: number, productivity: number): SpecialtyFigures {
  const gap = gapOf(need, capacity, productivity);
  return {
    need,
    capacity,
    gapActs: gap.ecartActes,
    gapFte: gap.ecartEtp,
    coverage: gap.tauxCouverture,
    actsToCover: Math.max(0, -gap.ecartActes),
    fteNeeded: Math.max(0, -gap.ecartEtp),
    deficitRate: gap.tauxDeficit,
  };
}

/** Totals of rows: sums, rates from the sums (see dashboardTotal). */
function totalFigures(rows: readonly SpecialtyFigures[], productivity: number): SpecialtyFigures {
  let need = 0, capacity = 0, actsToCover = 0, fteNeeded = 0;
  for (const r of rows) {
    need += r.need;
    capacity += r.capacity;
    actsToCover += r.actsToCover;
    fteNeeded += r.fteNeeded;
  }
  const net = specialtyFigures(need, capacity, productivity);
  return { ...net, actsToCover, fteNeeded, deficitRate: need > 0 ? actsToCover / need : Number.NaN };
}

const memberCounts = (grid: Grid): Uint32Array => {
  const counts = new Uint32Array(grid.codes.length);
  for (const cell of grid.cellOfCommune) if (cell >= 0) counts[cell]++;
  return counts;
};

interface ScoreWeights {
  pa: Float64Array;
  ald: Float64Array;
  urgence: Float64Array;
}

/** The populations territoryScores averages each score over, per territory (same commune loop). */
function scoreWeightsOf(grid: Grid, data: ScoreData): ScoreWeights {
  const t = grid.codes.length;
  const out = { pa: new Float64Array(t), ald: new Float64Array(t), urgence: new Float64Array(t) };
  grid.cellOfCommune.forEach((cell, c) => {
    if (cell < 0) return;
    const p = data.inputs.population[c];
    out.pa[cell] += p;
    if (Number.isFinite(data.scores.scoreAld[c])) out.ald[cell] += p;
    if (Number.isFinite(data.scores.scoreUrgence[c])) out.urgence[cell] += p;
  });
  return out;
}

/** Rows of a grid's territories (or of a one-territory grid such as the département's communes). */
function territoryRows(territories: TerritoryResults, indices: readonly number[], scoreData: ScoreData | null, productivity: readonly number[]): DashboardRow[] {
  const { grid } = territories;
  const counts = memberCounts(grid);
  const scores = scoreData ? territoryScores(grid, scoreData.inputs as ScoreInputs, scoreData.scores) : null;
  const weights = scoreData ? scoreWeightsOf(grid, scoreData) : null;
  return indices.map((t) => ({
    territory: t,
    code: grid.codes[t],
    label: grid.labels[t],
    population: territories.population[t],
    communes: counts[t],
    msp: scores ? scores.msp[t] : Number.NaN,
    cds: scores ? scores.cds[t] : Number.NaN,
    scorePa: scores ? scores.scorePa[t] : Number.NaN,
    scoreAld: scores ? scores.scoreAld[t] : Number.NaN,
    scoreUrgence: scores ? scores.scoreUrgence[t] : Number.NaN,
    scoreWeights: weights ? { pa: weights.pa[t], ald: weights.ald[t], urgence: weights.urgence[t] } : { pa: 0, ald: 0, urgence: 0 },
    specialties: SPECIALTIES.map((_, s) =>
      specialtyFigures(territories.need[t * SPECIALTY_COUNT + s], territories.capacity[t * SPECIALTY_COUNT + s], productivity[s]),
    ),
  }));
}

/** Weighted mean of a score over rows (rows without weight left out); NaN when no row has a weight. */
function weightedScore(rows: readonly DashboardRow[], value: (r: DashboardRow) => number, weight: (r: DashboardRow) => number): number {
  let sum = 0, weights = 0;
  for (const r of rows) {
    const w = weight(r);
    if (w > 0) {
      sum += value(r) * w;
      weights += w;
    }
  }
  return weights > 0 ? sum / weights : Number.NaN;
}

/**
 * The total of a set of rows of one table (all of them, or those a text filter leaves on screen),
 * in the rows' order. Population, communes, MSP, centres de santé, need and capacity: sums. Gap in
 * acts and FTE, coverage: recomputed from the sums (coverage = Σ capacity ÷ Σ need, gap FTE = (Σ
 * capacity − Σ need) ÷ productivity). Acts to cover and FTE needed: sums of the rows' values (a
 * surplus in one territory does not cover the deficit of another), deficit rate = Σ acts to cover ÷
 * Σ need. Scores: means weighted by the populations each score averages over (`scoreWeights`), which
 * is the score of the rows' communes taken as one territory. `productivity`: acts per FTE per year
 * per specialty (DashboardTable.productivity).
 */
export function dashboardTotal(rows: readonly DashboardRow[], productivity: readonly number[], label = ROWS_TOTAL_LABEL): DashboardRow {
  const sum = (pick: (r: DashboardRow) => number) => rows.reduce((acc, r) => acc + pick(r), 0);
  return {
    territory: TOTAL_TERRITORY,
    code: '',
    label,
    population: sum((r) => r.population),
    communes: sum((r) => r.communes),
    msp: sum((r) => r.msp),
    cds: sum((r) => r.cds),
    scorePa: weightedScore(rows, (r) => r.scorePa, (r) => r.scoreWeights.pa),
    scoreAld: weightedScore(rows, (r) => r.scoreAld, (r) => r.scoreWeights.ald),
    scoreUrgence: weightedScore(rows, (r) => r.scoreUrgence, (r) => r.scoreWeights.urgence),
    scoreWeights: { pa: sum((r) => r.scoreWeights.pa), ald: sum((r) => r.scoreWeights.ald), urgence: sum((r) => r.scoreWeights.urgence) },
    specialties: SPECIALTIES.map((_, s) => totalFigures(rows.map((r) => r.specialties[s]), productivity[s])),
  };
}

/** The diagnostic table of one evaluation on one grid. */
export function dashboardTable(evaluation: Evaluation, gridId: string, scoreData: ScoreData | null, options: DashboardOptions = {}): DashboardTable {
  const territories = territoriesOf(evaluation, gridId);
  const { grid } = territories;
  const productivity = Array.from(evaluation.params.productivity);
  const rows = territoryRows(territories, keptTerritories(evaluation, grid, options), scoreData, productivity);
  return {
    gridId,
    gridLabel: grid.label,
    departement: options.departement || null,
    departementLabel: departementLabel(evaluation, options.departement),
    specialties: [...SPECIALTIES],
    productivity,
    rows,
    total: dashboardTotal(rows, productivity),
    departementTotal: departementTotal(evaluation, scoreData, options),
  };
}

/**
 * The département's own total: its communes only, whatever the grid (a bassin de vie that straddles
 * the border counts only by its communes inside). The département is taken as ONE territory: every
 * figure — population, need, capacity, gaps, coverage, acts to cover, FTE needed, deficit rate,
 * scores — is the one of the département's row on the DEP grid (`diagnose --grid DEP`,
 * `export --grid DEP`), so a surplus in one part of the département offsets a deficit in another.
 * Why not the rows' rule (sums of the territories' deficits)? The département's communes do not
 * split into the rows of a grid that straddles its border, and summing commune deficits would count
 * at a level that no table shows. Null without filter or when no commune belongs to the département.
 */
export function departementTotal(evaluation: Evaluation, scoreData: ScoreData | null, options: DashboardOptions): DashboardRow | null {
  const grid = departementGrid(evaluation, options);
  if (!grid) return null;
  const [row] = territoryRows(aggregate(grid, evaluation.communes), [0], scoreData, Array.from(evaluation.params.productivity));
  return { ...row, territory: DEPARTEMENT_TOTAL_TERRITORY, code: '' };
}

/** One territory × specialty, before and after. */
export interface SpecialtyChange {
  needBefore: number;
  needAfter: number;
  capacityBefore: number;
  capacityAfter: number;
  gapActsBefore: number;
  gapActsAfter: number;
  deltaGapActs: number;
  gapFteBefore: number;
  gapFteAfter: number;
  /** gapFteAfter − gapFteBefore (territoryDifference): positive = improvement. */
  deltaGapFte: number;
  fteNeededBefore: number;
  fteNeededAfter: number;
  /** Acts per year included in capacity that external teleconsultation providers deliver (outside supply). */
  externalActsBefore: number;
  externalActsAfter: number;
}

export interface AplTransition {
  from: AplZone;
  to: AplZone;
  communes: number;
  population: number;
}

/** GP accessibility zones (DGOS thresholds 2.5 / 4) before and after, over a set of communes. */
export interface AplCounts {
  /** Communes whose zone changes, and their population (before). */
  communesCrossing: number;
  populationCrossing: number;
  /** Non-empty zone changes, largest population first. */
  transitions: AplTransition[];
  /** Communes and population with APL ≤ 2.5 (potential ZIP), before and after. */
  communesBelowZipBefore: number;
  communesBelowZipAfter: number;
  populationBelowZipBefore: number;
  populationBelowZipAfter: number;
  /**
   * Σ population × APL over the communes with a finite APL on both sides, and that population (before):
   * the territory's APL is their ratio, the population-weighted mean of its communes (the way DREES
   * aggregates APL above the commune), shown in the difference table (issue 13, « Δ APL »).
   */
  aplPopulation: number;
  aplWeightedBefore: number;
  aplWeightedAfter: number;
}

export interface ComparisonRow {
  /** As DashboardRow.territory: a grid index, or TOTAL_TERRITORY / DEPARTEMENT_TOTAL_TERRITORY. */
  territory: number;
  code: string;
  label: string;
  populationBefore: number;
  populationAfter: number;
  /** Communes of the territory (of the rows for a total). */
  communes: number;
  specialties: SpecialtyChange[];
  /** APL threshold counts over the territory's communes, when the table was given APL vectors. */
  apl: AplCounts | null;
}

/** The APL counts of the KPIs, with the specialty and thresholds they refer to. */
export interface AplKpis extends AplCounts {
  specialty: Specialty;
  thresholds: { zip: number; vivier: number };
}

/**
 * KPIs of a comparison over a set of rows (comparisonKpis): the rows of the table, or those shown.
 * Arrays are per specialty, SPECIALTIES order.
 */
export interface ComparisonKpis {
  /** Rows (territories) the KPIs cover, and their communes. */
  territories: number;
  communesInScope: number;
  /** The rows' territories in the plural (« bassins de vie »), for « Habitants des bassins de vie en déficit ». */
  deficitTerritories: string;
  /** Gap FTE of the rows' total (comparisonTotal) per specialty, and its change. */
  gapFteBefore: number[];
  gapFteAfter: number[];
  deltaGapFte: number[];
  /** Σ FTE needed (deficits only) of the rows per specialty. */
  fteNeededBefore: number[];
  fteNeededAfter: number[];
  /**
   * Population of the rows whose gap is negative (capacity below need), counted at the displayed grid
   * (a bassin in deficit counts all its inhabitants), before and after.
   */
  populationInDeficitBefore: number[];
  populationInDeficitAfter: number[];
  /** Sums of the rows' APL counts; null when the table has no APL. */
  apl: AplKpis | null;
  /** Outside supply (external teleconsultation providers) in the rows' capacity, acts per year per specialty. */
  externalActsBefore: number[];
  externalActsAfter: number[];
  /** Per specialty, whether the two sides count FTE with different productivities (their gaps in FTE differ in unit). */
  productivityDiffers: boolean[];
}

export interface ComparisonTable {
  gridId: string;
  gridLabel: string;
  departement: string | null;
  departementLabel: string | null;
  specialties: Specialty[];
  /** Acts per FTE per year, per specialty, of each side (for the totals of any set of rows). */
  productivityBefore: number[];
  productivityAfter: number[];
  /** Specialty of the rows' APL counts; null without APL. */
  aplSpecialty: Specialty | null;
  rows: ComparisonRow[];
  /** comparisonTotal(rows). */
  total: ComparisonRow;
  /** The département's own total (its communes only, as one territory: see departementTotal). */
  departementTotal: ComparisonRow | null;
  /** comparisonKpis(rows): the page recomputes them for the rows it shows. */
  kpis: ComparisonKpis;
  /**
   * Gap in FTE of all communes (France, or the whole pack) per specialty, before and after: what
   * changes outside the rows shown (a teleconsultation's providers, departures elsewhere) is this
   * minus the rows' total.
   */
  national: { gapFteBefore: number[]; gapFteAfter: number[] };
}

export interface AplVectors {
  before: Float64Array;
  after: Float64Array;
  /** Specialty of the vectors (PlanningEngine.accessibility); MG by default. */
  specialty?: Specialty;
}

const emptyAplCounts = (): AplCounts => ({
  communesCrossing: 0,
  populationCrossing: 0,
  transitions: [],
  communesBelowZipBefore: 0,
  communesBelowZipAfter: 0,
  populationBelowZipBefore: 0,
  populationBelowZipAfter: 0,
  aplPopulation: 0,
  aplWeightedBefore: 0,
  aplWeightedAfter: 0,
});

/** Adds `add` into `into` (transitions merged by zone change, largest population first). */
function addAplCounts(into: AplCounts, add: AplCounts): void {
  into.communesCrossing += add.communesCrossing;
  into.populationCrossing += add.populationCrossing;
  into.communesBelowZipBefore += add.communesBelowZipBefore;
  into.communesBelowZipAfter += add.communesBelowZipAfter;
  into.populationBelowZipBefore += add.populationBelowZipBefore;
  into.populationBelowZipAfter += add.populationBelowZipAfter;
  into.aplPopulation += add.aplPopulation;
  into.aplWeightedBefore += add.aplWeightedBefore;
  into.aplWeightedAfter += add.aplWeightedAfter;
  for (const t of add.transitions) {
    const entry = into.transitions.find((x) => x.from === t.from && x.to === t.to);
    if (entry) {
      entry.communes += t.communes;
      entry.population += t.population;
    } else into.transitions.push({ ...t });
  }
  into.transitions.sort((a, b) => b.population - a.population || b.communes - a.communes);
}

/** APL counts per territory of a grid, over each territory's communes (population before). */
function aplCountsByTerritory(apl: AplVectors, population: Float64Array, grid: Grid): AplCounts[] {
  const out = grid.codes.map(emptyAplCounts);
  grid.cellOfCommune.forEach((cell, c) => {
    if (cell < 0) return;
    const counts = out[cell];
    const from = aplZone(apl.before[c]);
    const to = aplZone(apl.after[c]);
    const p = population[c];
    if (Number.isFinite(apl.before[c]) && Number.isFinite(apl.after[c])) {
      counts.aplPopulation += p;
      counts.aplWeightedBefore += p * apl.before[c];
      counts.aplWeightedAfter += p * apl.after[c];
    }
    if (apl.before[c] <= APL_THRESHOLDS.zip) {
      counts.communesBelowZipBefore++;
      counts.populationBelowZipBefore += p;
    }
    if (apl.after[c] <= APL_THRESHOLDS.zip) {
      counts.communesBelowZipAfter++;
      counts.populationBelowZipAfter += p;
    }
    if (from === to) return;
    counts.communesCrossing++;
    counts.populationCrossing += p;
    const entry = counts.transitions.find((x) => x.from === from && x.to === to);
    if (entry) {
      entry.communes++;
      entry.population += p;
    } else counts.transitions.push({ from, to, communes: 1, population: p });
  });
  for (const counts of out) counts.transitions.sort((a, b) => b.population - a.population || b.communes - a.communes);
  return out;
}

/** Before/after of one specialty from the two sides' need and capacity. */
function specialtyChange(
  needBefore: number,
  capacityBefore: number,
  needAfter: number,
  capacityAfter: number,
  productivityBefore: number,
  productivityAfter: number,
  externalActsBefore: number,
  externalActsAfter: number,
): SpecialtyChange {
  const x = specialtyFigures(needBefore, capacityBefore, productivityBefore);
  const y = specialtyFigures(needAfter, capacityAfter, productivityAfter);
  return {
    needBefore: x.need,
    needAfter: y.need,
    capacityBefore: x.capacity,
    capacityAfter: y.capacity,
    gapActsBefore: x.gapActs,
    gapActsAfter: y.gapActs,
    // The operations of territoryDifference, so that a row equals the difference map.
    deltaGapActs: capacityAfter - needAfter - (capacityBefore - needBefore),
    gapFteBefore: x.gapFte,
    gapFteAfter: y.gapFte,
    deltaGapFte: y.gapFte - x.gapFte,
    fteNeededBefore: x.fteNeeded,
    fteNeededAfter: y.fteNeeded,
    externalActsBefore,
    externalActsAfter,
  };
}

/** Gap in FTE of all the evaluation's communes per specialty: (Σ capacity − Σ need) ÷ productivity. */
function nationalGapFte(evaluation: Evaluation): number[] {
  const gap = new Float64Array(SPECIALTY_COUNT);
  const { need, capacity } = evaluation.communes;
  for (let k = 0; k < need.length; k++) gap[k % SPECIALTY_COUNT] += capacity[k] - need[k];
  return SPECIALTIES.map((_, s) => gapOf(0, gap[s], evaluation.params.productivity[s]).ecartEtp);
}

/** External teleconsultation acts (Adjustments.externalActs) summed by territory: territory × specialty. */
export function externalActsByTerritory(evaluation: Evaluation, grid: Grid): Float64Array {
  const out = new Float64Array(grid.codes.length * SPECIALTY_COUNT);
  const external = evaluation.adjustments.externalActs;
  grid.cellOfCommune.forEach((cell, c) => {
    if (cell < 0) return;
    for (let s = 0; s < SPECIALTY_COUNT; s++) out[cell * SPECIALTY_COUNT + s] += external[c * SPECIALTY_COUNT + s];
  });
  return out;
}

/**
 * The total of a set of rows of a comparison table (all, or those shown), with the rules of
 * dashboardTotal on each side: need, capacity and population summed; gaps recomputed from the sums
 * with each side's productivity; changes (Δ gap) and FTE needed summed over the rows; APL counts
 * summed when every row has them.
 */
export function comparisonTotal(rows: readonly ComparisonRow[], productivityBefore: readonly number[], productivityAfter: readonly number[], label = ROWS_TOTAL_LABEL): ComparisonRow {
  const sum = (pick: (r: ComparisonRow) => number) => rows.reduce((acc, r) => acc + pick(r), 0);
  let apl: AplCounts | null = null;
  if (rows.length > 0 && rows.every((r) => r.apl !== null)) {
    apl = emptyAplCounts();
    for (const r of rows) addAplCounts(apl, r.apl!);
  }
  return {
    territory: TOTAL_TERRITORY,
    code: '',
    label,
    populationBefore: sum((r) => r.populationBefore),
    populationAfter: sum((r) => r.populationAfter),
    communes: sum((r) => r.communes),
    specialties: SPECIALTIES.map((_, s) => {
      const total = (key: keyof SpecialtyChange) => sum((r) => r.specialties[s][key]);
      return {
        // Gaps from the sums (each side's productivity); changes and FTE needed are sums of the rows.
        ...specialtyChange(
          total('needBefore'),
          total('capacityBefore'),
          total('needAfter'),
          total('capacityAfter'),
          productivityBefore[s],
          productivityAfter[s],
          total('externalActsBefore'),
          total('externalActsAfter'),
        ),
        deltaGapActs: total('deltaGapActs'),
        deltaGapFte: total('deltaGapFte'),
        fteNeededBefore: total('fteNeededBefore'),
        fteNeededAfter: total('fteNeededAfter'),
      };
    }),
    apl,
  };
}

/**
 * KPIs over a set of rows of a comparison table (the rows shown): gap FTE before/after and its
 * change from their total (comparisonTotal), FTE needed, the population of the rows in deficit at the
 * displayed grid (a territory whose capacity is below its need counts all its inhabitants: the figure
 * moves when a bassin goes from −1,8 to +0,4 ETP), and the APL counts of the rows' communes.
 */
export function comparisonKpis(table: Pick<ComparisonTable, 'gridId' | 'gridLabel' | 'productivityBefore' | 'productivityAfter' | 'aplSpecialty'>, rows: readonly ComparisonRow[]): ComparisonKpis {
  const total = comparisonTotal(rows, table.productivityBefore, table.productivityAfter);
  const inDeficit = (side: 'Before' | 'After') =>
    SPECIALTIES.map((_, s) =>
      rows.reduce((acc, r) => {
        const x = r.specialties[s];
        return (side === 'Before' ? x.capacityBefore < x.needBefore : x.capacityAfter < x.needAfter) ? acc + r[`population${side}`] : acc;
      }, 0),
    );
  const apl: AplKpis | null =
    table.aplSpecialty === null
      ? null
      : { specialty: table.aplSpecialty, thresholds: { zip: APL_THRESHOLDS.zip, vivier: APL_THRESHOLDS.vivier }, ...(total.apl ?? emptyAplCounts()) };
  return {
    territories: rows.length,
    communesInScope: total.communes,
    deficitTerritories: territoriesPlural(table.gridId, table.gridLabel),
    gapFteBefore: total.specialties.map((x) => x.gapFteBefore),
    gapFteAfter: total.specialties.map((x) => x.gapFteAfter),
    deltaGapFte: total.specialties.map((x) => x.deltaGapFte),
    fteNeededBefore: total.specialties.map((x) => x.fteNeededBefore),
    fteNeededAfter: total.specialties.map((x) => x.fteNeededAfter),
    populationInDeficitBefore: inDeficit('Before'),
    populationInDeficitAfter: inDeficit('After'),
    apl,
    externalActsBefore: total.specialties.map((x) => x.externalActsBefore),
    externalActsAfter: total.specialties.map((x) => x.externalActsAfter),
    productivityDiffers: SPECIALTIES.map((_, s) => table.productivityBefore[s] !== table.productivityAfter[s]),
  };
}

/**
 * Before/after per territory × specialty and the KPIs of the change (baseline vs scenario, or A vs B).
 * Rows: the territories kept by the options (the département filter reads `before`'s DEP grid).
 * `apl`: APL vectors per commune of both evaluations (PlanningEngine.accessibility, ≈ 0.8 s each), for
 * the threshold crossings; without them the rows' and KPIs' `apl` are null.
 */
export function comparisonTable(before: Evaluation, after: Evaluation, gridId: string, options: DashboardOptions = {}, apl?: AplVectors | null): ComparisonTable {
  const a = territoriesOf(before, gridId);
  const b = territoriesOf(after, gridId);
  const { grid } = a;
  const kept = keptTerritories(before, grid, options);
  const difference = territoryDifference(before, after, gridId);
  const productivityBefore = Array.from(before.params.productivity);
  const productivityAfter = Array.from(after.params.productivity);
  const counts = memberCounts(grid);
  const aplCounts = apl ? aplCountsByTerritory(apl, before.communes.population, grid) : null;
  const externalA = externalActsByTerritory(before, grid);
  const externalB = externalActsByTerritory(after, grid);
  const rows: ComparisonRow[] = kept.map((t) => ({
    territory: t,
    code: grid.codes[t],
    label: grid.labels[t],
    populationBefore: a.population[t],
    populationAfter: b.population[t],
    communes: counts[t],
    specialties: SPECIALTIES.map((_, s) => {
      const k = t * SPECIALTY_COUNT + s;
      return {
        ...specialtyChange(a.need[k], a.capacity[k], b.need[k], b.capacity[k], productivityBefore[s], productivityAfter[s], externalA[k], externalB[k]),
        deltaGapActs: difference.deltaGapActs[k],
        deltaGapFte: difference.deltaGapFte[k],
      };
    }),
    apl: aplCounts ? aplCounts[t] : null,
  }));

  let departementRow: ComparisonRow | null = null;
  const depGrid = departementGrid(before, options);
  if (depGrid) {
    const x = aggregate(depGrid, before.communes);
    const y = aggregate(depGrid, after.communes);
    const externalX = externalActsByTerritory(before, depGrid);
    const externalY = externalActsByTerritory(after, depGrid);
    departementRow = {
      territory: DEPARTEMENT_TOTAL_TERRITORY,
      code: '',
      label: depGrid.labels[0],
      populationBefore: x.population[0],
      populationAfter: y.population[0],
      communes: memberCounts(depGrid)[0],
      specialties: SPECIALTIES.map((_, s) => specialtyChange(x.need[s], x.capacity[s], y.need[s], y.capacity[s], productivityBefore[s], productivityAfter[s], externalX[s], externalY[s])),
      apl: apl ? aplCountsByTerritory(apl, before.communes.population, depGrid)[0] : null,
    };
  }
  const table = {
    gridId,
    gridLabel: grid.label,
    productivityBefore,
    productivityAfter,
    aplSpecialty: apl ? (apl.specialty ?? 'MG') : null,
  };
  return {
    ...table,
    departement: options.departement || null,
    departementLabel: departementLabel(before, options.departement),
    specialties: [...SPECIALTIES],
    rows,
    total: comparisonTotal(rows, productivityBefore, productivityAfter),
    departementTotal: departementRow,
    kpis: comparisonKpis(table, rows),
    national: { gapFteBefore: nationalGapFte(before), gapFteAfter: nationalGapFte(after) },
  };
}

/** Index of a specialty in the tables' `specialties` arrays (throws on an unknown id). */
export function specialtyColumn(id: string): number {
  const s = specialtyIndex(id);
  if (s < 0) throw new Error(`Spécialité inconnue « ${id} » (attendu : ${SPECIALTIES.join(', ')}).`);
  return s;
}
