// The planners' diagnostic table (PRODUCT.md workflow 3) and the difference table between two
// evaluations (workflow 5), as plain JSON-able objects: one row per territory of a grid, the nine
// specialties in SPECIALTIES order, a total row, and the comparison KPIs. Numbers are the engine's
// own (the same floats `diagnose` rounds into its CSV); NaN marks a value that does not exist
// (a rate with zero need, a score without data). Formatting and files are in workers/export.
import { SPECIALTIES, SPECIALTY_COUNT, specialtyIndex, type Specialty } from './domain';
import type { Evaluation } from './engine';
import { aplZone, territoryDifference, type AplZone } from './difference';
import { gapOf, type Grid, type TerritoryResults } from './model';
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
  /** Index of the territory in the grid (Grid.codes); -1 for the total row. */
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
  /**
   * Sums over the rows; scores population-weighted (computed on the kept communes as one territory);
   * gaps, coverage and deficit rate recomputed from the sums: coverage = Σ capacity ÷ Σ need,
   * deficit rate = Σ acts to cover ÷ Σ need. Acts to cover and FTE needed are sums of the rows' values
   * (a surplus in one territory does not cover the deficit of another).
   */
  total: DashboardRow;
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

export const TOTAL_LABEL = 'Total';

function territoriesOf(evaluation: Evaluation, gridId: string): TerritoryResults {
  const territories = evaluation.territories.get(gridId);
  if (!territories) throw new Error(`Maillage inconnu : ${gridId}.`);
  return territories;
}

/**
 * Territory indices kept by the options, in grid order: all of them, or those with at least one
 * commune in the département.
 */
export function keptTerritories(evaluation: Evaluation, grid: Grid, options: DashboardOptions = {}): number[] {
  const all = grid.codes.map((_, t) => t);
  const departement = options.departement ?? null;
  if (departement === null || departement === '') return all;
  let departementOf = options.communeDepartement;
  if (!departementOf) {
    const dep = evaluation.territories.get('DEP')?.grid;
    if (!dep) throw new Error('Filtre par département impossible : le paquet n’a pas de maillage départemental.');
    departementOf = (c) => (dep.cellOfCommune[c] >= 0 ? dep.codes[dep.cellOfCommune[c]] : '');
  }
  const touched = new Uint8Array(grid.codes.length);
  grid.cellOfCommune.forEach((cell, c) => {
    if (cell >= 0 && departementOf(c) === departement) touched[cell] = 1;
  });
  return all.filter((t) => touched[t] === 1);
}

function departementLabel(evaluation: Evaluation, departement: string | null | undefined): string | null {
  if (!departement) return null;
  const dep = evaluation.territories.get('DEP')?.grid;
  const index = dep ? dep.codes.indexOf(departement) : -1;
  return index >= 0 ? dep!.labels[index] : null;
}

/** Commune membership mask of the kept territories (1 = commune of a kept territory). */
function keptCommunes(grid: Grid, kept: readonly number[]): Uint8Array {
  const keep = new Uint8Array(grid.codes.length);
  for (const t of kept) keep[t] = 1;
  return Uint8Array.from(grid.cellOfCommune, (cell) => (cell >= 0 && keep[cell] === 1 ? 1 : 0));
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

/** Totals of rows: sums, rates from the sums (see DashboardTable.total). */
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

/** The diagnostic table of one evaluation on one grid. */
export function dashboardTable(evaluation: Evaluation, gridId: string, scoreData: ScoreData | null, options: DashboardOptions = {}): DashboardTable {
  const territories = territoriesOf(evaluation, gridId);
  const { grid } = territories;
  const productivity = Array.from(evaluation.params.productivity);
  const kept = keptTerritories(evaluation, grid, options);
  const counts = memberCounts(grid);
  const scores = scoreData ? territoryScores(grid, scoreData.inputs as ScoreInputs, scoreData.scores) : null;

  const rows: DashboardRow[] = kept.map((t) => ({
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
    specialties: SPECIALTIES.map((_, s) =>
      specialtyFigures(territories.need[t * SPECIALTY_COUNT + s], territories.capacity[t * SPECIALTY_COUNT + s], productivity[s]),
    ),
  }));

  // Scores of the total: the kept communes taken as one territory, so the weights are exactly those
  // of territoryScores (ALD and emergency means over the communes that have a value).
  let totalScores: Scores | null = null;
  if (scoreData) {
    const one: Grid = { id: 'TOTAL', label: TOTAL_LABEL, codes: ['TOTAL'], labels: [TOTAL_LABEL], cellOfCommune: Int32Array.from(keptCommunes(grid, kept), (k) => (k ? 0 : -1)) };
    totalScores = territoryScores(one, scoreData.inputs as ScoreInputs, scoreData.scores);
  }
  const total: DashboardRow = {
    territory: -1,
    code: '',
    label: TOTAL_LABEL,
    population: rows.reduce((sum, r) => sum + r.population, 0),
    communes: rows.reduce((sum, r) => sum + r.communes, 0),
    msp: totalScores ? totalScores.msp[0] : Number.NaN,
    cds: totalScores ? totalScores.cds[0] : Number.NaN,
    scorePa: totalScores ? totalScores.scorePa[0] : Number.NaN,
    scoreAld: totalScores ? totalScores.scoreAld[0] : Number.NaN,
    scoreUrgence: totalScores ? totalScores.scoreUrgence[0] : Number.NaN,
    specialties: SPECIALTIES.map((_, s) => totalFigures(rows.map((r) => r.specialties[s]), productivity[s])),
  };
  return {
    gridId,
    gridLabel: grid.label,
    departement: options.departement || null,
    departementLabel: departementLabel(evaluation, options.departement),
    specialties: [...SPECIALTIES],
    productivity,
    rows,
    total,
  };
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
}

export interface ComparisonRow {
  territory: number;
  code: string;
  label: string;
  populationBefore: number;
  populationAfter: number;
  specialties: SpecialtyChange[];
}

export interface AplTransition {
  from: AplZone;
  to: AplZone;
  communes: number;
  population: number;
}

/** GP accessibility zones (DGOS thresholds 2.5 / 4) before and after, over the communes in scope. */
export interface AplKpis {
  specialty: Specialty;
  thresholds: { zip: number; vivier: number };
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
}

export interface ComparisonKpis {
  /** Communes the population KPIs count: all, or those of the kept territories with a département filter. */
  communesInScope: number;
  /** Σ gap FTE of the kept territories per specialty (SPECIALTIES order), and its change. */
  gapFteBefore: number[];
  gapFteAfter: number[];
  deltaGapFte: number[];
  /** Σ FTE needed (deficits only) of the kept territories per specialty. */
  fteNeededBefore: number[];
  fteNeededAfter: number[];
  /** Population living in communes whose capacity is below their need (populationInDeficit), per specialty. */
  populationInDeficitBefore: number[];
  populationInDeficitAfter: number[];
  apl: AplKpis | null;
}

export interface ComparisonTable {
  gridId: string;
  gridLabel: string;
  departement: string | null;
  departementLabel: string | null;
  specialties: Specialty[];
  rows: ComparisonRow[];
  /** Sums over the rows (FTE needed: sums of the rows' values). */
  total: ComparisonRow;
  kpis: ComparisonKpis;
}

export interface AplVectors {
  before: Float64Array;
  after: Float64Array;
  /** Specialty of the vectors (PlanningEngine.accessibility); MG by default. */
  specialty?: Specialty;
}

function aplKpis(apl: AplVectors, population: Float64Array, inScope: Uint8Array): AplKpis {
  const transitions = new Map<string, AplTransition>();
  const out: AplKpis = {
    specialty: apl.specialty ?? 'MG',
    thresholds: { zip: APL_THRESHOLDS.zip, vivier: APL_THRESHOLDS.vivier },
    communesCrossing: 0,
    populationCrossing: 0,
    transitions: [],
    communesBelowZipBefore: 0,
    communesBelowZipAfter: 0,
    populationBelowZipBefore: 0,
    populationBelowZipAfter: 0,
  };
  for (let c = 0; c < inScope.length; c++) {
    if (inScope[c] === 0) continue;
    const from = aplZone(apl.before[c]);
    const to = aplZone(apl.after[c]);
    const p = population[c];
    if (apl.before[c] <= APL_THRESHOLDS.zip) {
      out.communesBelowZipBefore++;
      out.populationBelowZipBefore += p;
    }
    if (apl.after[c] <= APL_THRESHOLDS.zip) {
      out.communesBelowZipAfter++;
      out.populationBelowZipAfter += p;
    }
    if (from === to) continue;
    out.communesCrossing++;
    out.populationCrossing += p;
    const key = `${from}→${to}`;
    const entry = transitions.get(key) ?? transitions.set(key, { from, to, communes: 0, population: 0 }).get(key)!;
    entry.communes++;
    entry.population += p;
  }
  out.transitions = [...transitions.values()].sort((a, b) => b.population - a.population || b.communes - a.communes);
  return out;
}

function deficitPopulation(evaluation: Evaluation, inScope: Uint8Array): number[] {
  const { need, capacity, population } = evaluation.communes;
  const out = new Array<number>(SPECIALTY_COUNT).fill(0);
  for (let c = 0; c < inScope.length; c++) {
    if (inScope[c] === 0) continue;
    for (let s = 0; s < SPECIALTY_COUNT; s++) {
      if (capacity[c * SPECIALTY_COUNT + s] < need[c * SPECIALTY_COUNT + s]) out[s] += population[c];
    }
  }
  return out;
}

/**
 * Before/after per territory × specialty and the KPIs of the change (baseline vs scenario, or A vs B).
 * Rows: the territories kept by the options (the département filter reads `before`'s DEP grid).
 * `apl`: APL vectors per commune of both evaluations (PlanningEngine.accessibility, ≈ 0.8 s each), for
 * the threshold crossings; without them `kpis.apl` is null.
 */
export function comparisonTable(before: Evaluation, after: Evaluation, gridId: string, options: DashboardOptions = {}, apl?: AplVectors | null): ComparisonTable {
  const a = territoriesOf(before, gridId);
  const b = territoriesOf(after, gridId);
  const { grid } = a;
  const kept = keptTerritories(before, grid, options);
  const difference = territoryDifference(before, after, gridId);
  const change = (t: number, s: number): SpecialtyChange => {
    const k = t * SPECIALTY_COUNT + s;
    const x = specialtyFigures(a.need[k], a.capacity[k], before.params.productivity[s]);
    const y = specialtyFigures(b.need[k], b.capacity[k], after.params.productivity[s]);
    return {
      needBefore: x.need,
      needAfter: y.need,
      capacityBefore: x.capacity,
      capacityAfter: y.capacity,
      gapActsBefore: x.gapActs,
      gapActsAfter: y.gapActs,
      deltaGapActs: difference.deltaGapActs[k],
      gapFteBefore: x.gapFte,
      gapFteAfter: y.gapFte,
      deltaGapFte: difference.deltaGapFte[k],
      fteNeededBefore: x.fteNeeded,
      fteNeededAfter: y.fteNeeded,
    };
  };
  const rows: ComparisonRow[] = kept.map((t) => ({
    territory: t,
    code: grid.codes[t],
    label: grid.labels[t],
    populationBefore: a.population[t],
    populationAfter: b.population[t],
    specialties: SPECIALTIES.map((_, s) => change(t, s)),
  }));
  const sum = (pick: (r: ComparisonRow) => number) => rows.reduce((acc, r) => acc + pick(r), 0);
  const total: ComparisonRow = {
    territory: -1,
    code: '',
    label: TOTAL_LABEL,
    populationBefore: sum((r) => r.populationBefore),
    populationAfter: sum((r) => r.populationAfter),
    specialties: SPECIALTIES.map((_, s) => {
      const x = specialtyFigures(sum((r) => r.specialties[s].needBefore), sum((r) => r.specialties[s].capacityBefore), before.params.productivity[s]);
      const y = specialtyFigures(sum((r) => r.specialties[s].needAfter), sum((r) => r.specialties[s].capacityAfter), after.params.productivity[s]);
      return {
        needBefore: x.need,
        needAfter: y.need,
        capacityBefore: x.capacity,
        capacityAfter: y.capacity,
        gapActsBefore: x.gapActs,
        gapActsAfter: y.gapActs,
        deltaGapActs: sum((r) => r.specialties[s].deltaGapActs),
        gapFteBefore: x.gapFte,
        gapFteAfter: y.gapFte,
        deltaGapFte: sum((r) => r.specialties[s].deltaGapFte),
        fteNeededBefore: sum((r) => r.specialties[s].fteNeededBefore),
        fteNeededAfter: sum((r) => r.specialties[s].fteNeededAfter),
      };
    }),
  };
  const filtered = !!options.departement;
  const inScope = filtered ? keptCommunes(grid, kept) : new Uint8Array(grid.cellOfCommune.length).fill(1);
  const kpis: ComparisonKpis = {
    communesInScope: inScope.reduce((n, k) => n + k, 0),
    gapFteBefore: total.specialties.map((x) => x.gapFteBefore),
    gapFteAfter: total.specialties.map((x) => x.gapFteAfter),
    deltaGapFte: total.specialties.map((x) => x.deltaGapFte),
    fteNeededBefore: total.specialties.map((x) => x.fteNeededBefore),
    fteNeededAfter: total.specialties.map((x) => x.fteNeededAfter),
    populationInDeficitBefore: deficitPopulation(before, inScope),
    populationInDeficitAfter: deficitPopulation(after, inScope),
    apl: apl ? aplKpis(apl, before.communes.population, inScope) : null,
  };
  return {
    gridId,
    gridLabel: grid.label,
    departement: options.departement || null,
    departementLabel: departementLabel(before, options.departement),
    specialties: [...SPECIALTIES],
    rows,
    total,
    kpis,
  };
}

/** Index of a specialty in the tables' `specialties` arrays (throws on an unknown id). */
export function specialtyColumn(id: string): number {
  const s = specialtyIndex(id);
  if (s < 0) throw new Error(`Spécialité inconnue « ${id} » (attendu : ${SPECIALTIES.join(', ')}).`);
  return s;
}
