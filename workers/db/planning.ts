// The planning session of the DB worker: the engine on the active pack, scenarios evaluated as the
// planner edits them (cached by content), and the figures the map and panels ask for. Runs in the
// worker so that the page never computes more than colours.
import { comparisonTable, dashboardTable, type ComparisonTable, type DashboardTable, type ScoreData } from '../engine/dashboard';
import { SPECIALTY_COUNT, type Specialty } from '../engine/domain';
import { PlanningEngine, type Evaluation } from '../engine/engine';
import { describeProductivity, type ProductivityInUse } from '../engine/productivity';
import { parseScenario, ScenarioError, type Scenario } from '../engine/scenario';
import { communeScores, territoryScores, type ScoreSources, type Scores } from '../engine/scores';
import type { LoadedEngineData } from './engine-inputs';

/**
 * Gap figures of every territory of a grid, all specialties (territory × specialty), in the engine's
 * territory order (the map's GridCells follow it, workers/db/grid-cells.ts: codes are not resent at every edit).
 */
export interface TerritoryFigures {
  need: Float64Array;
  capacity: Float64Array;
  gapFte: Float64Array;
}

export interface IndicatorsResult {
  /** French problems when a scenario is invalid: nothing of it is applied. */
  problems: string[];
  warnings: string[];
  /** The evaluation shown: the scenario, or the baseline. */
  shown: TerritoryFigures;
  /** The reference's figures, when a scenario is shown and they were asked for (side-by-side maps). */
  reference: TerritoryFigures | null;
  /** gapFte(shown) − gapFte(reference), when a scenario is shown (positive = improvement). */
  deltaGapFte: Float64Array | null;
  /** Time spent in the worker (validation, evaluation, figures), for the benchmark. */
  computeMs: number;
  /** Productivity of each specialty in the evaluation shown, with its origin (the parameters panel shows it). */
  productivity: ProductivityInUse[];
}

const CACHE_SIZE = 6;

export class PlanningSession {
  readonly engine: PlanningEngine;
  private readonly cache = new Map<string, Evaluation>();
  private scores: { data: ScoreData; sources: ScoreSources } | undefined;
  private readonly apl = new WeakMap<Evaluation, Map<Specialty, Float64Array>>();
  private readonly figureCache = new WeakMap<Evaluation, Map<string, TerritoryFigures>>();

  constructor(readonly data: LoadedEngineData) {
    this.engine = new PlanningEngine(data.inputs, data.derivedProductivity, data.timePairs);
  }

  baseline(): Evaluation {
    return this.engine.baseline(this.engine.resolve({ parameters: {} }));
  }

  /** Validates a scenario as sent by the page (plain JSON) and evaluates it, or throws ScenarioError. */
  evaluate(raw: unknown): { evaluation: Evaluation; scenario: Scenario; warnings: string[] } {
    const { scenario, warnings } = parseScenario(raw);
    // What the arithmetic reads only: typing a lever's label or source does not recompute.
    const key = JSON.stringify([scenario.parameters, scenario.levers.map(({ label: _label, source: _source, ...lever }) => lever)]);
    let evaluation = this.cache.get(key);
    if (evaluation) this.cache.delete(key); // re-inserted below: the cache keeps the most recently used
    else {
      evaluation = this.engine.evaluate(scenario);
      if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    }
    this.cache.set(key, evaluation);
    return { evaluation, scenario, warnings };
  }

  /**
   * Figures of an evaluation on a grid (cached per evaluation: the reference of a comparison is asked
   * again at every edit). Callers get copies, since results are transferred to the page.
   */
  figures(evaluation: Evaluation, grid: string): TerritoryFigures {
    let byGrid = this.figureCache.get(evaluation);
    if (!byGrid) this.figureCache.set(evaluation, (byGrid = new Map()));
    let figures = byGrid.get(grid);
    if (!figures) {
      const territories = evaluation.territories.get(grid);
      if (!territories) throw new Error(`Maillage inconnu : ${grid}.`);
      const { need, capacity } = territories;
      const gapFte = new Float64Array(need.length);
      const productivity = evaluation.params.productivity;
      // gapOf's ecartEtp, inlined (same operations, same floats) to avoid an object per territory × specialty.
      for (let k = 0; k < gapFte.length; k++) {
        const p = productivity[k % SPECIALTY_COUNT];
        gapFte[k] = p > 0 ? (capacity[k] - need[k]) / p : Number.NaN;
      }
      figures = { need, capacity, gapFte };
      byGrid.set(grid, figures);
    }
    return { need: figures.need.slice(), capacity: figures.capacity.slice(), gapFte: figures.gapFte.slice() };
  }

  territoryCodes(grid: string): string[] {
    const found = this.data.inputs.grids.find((g) => g.id === grid);
    if (!found) throw new Error(`Maillage inconnu : ${grid}.`);
    return found.codes;
  }

  /**
   * Figures of `scenario` (baseline when null) on a grid, and their difference with `reference`
   * (baseline when null). An invalid scenario leaves the figures of the reference and lists its problems.
   */
  indicators(grid: string, scenario: unknown | null, reference: unknown | null, withReference = false): IndicatorsResult {
    const startedAt = performance.now();
    const problems: string[] = [];
    const warnings: string[] = [];
    const scenarios = new Map<Evaluation, Scenario>();
    const resolve = (raw: unknown | null, role: string): Evaluation | null => {
      if (raw === null) return this.baseline();
      try {
        const result = this.evaluate(raw);
        warnings.push(...result.warnings);
        scenarios.set(result.evaluation, result.scenario);
        return result.evaluation;
      } catch (error) {
        if (!(error instanceof ScenarioError)) throw error;
        problems.push(...error.problems.map((p) => `${role} : ${p}`));
        return null;
      }
    };
    const before = resolve(reference, 'Scénario de référence') ?? this.baseline();
    const after = scenario === null ? null : resolve(scenario, 'Scénario');
    const shown = this.figures(after ?? before, grid);
    const productivity = this.productivityOf(after ?? before, scenarios.get(after ?? before) ?? null);
    if (!after) return { problems, warnings, shown, reference: null, deltaGapFte: null, computeMs: performance.now() - startedAt, productivity };
    const base = this.figures(before, grid);
    const deltaGapFte = new Float64Array(base.gapFte.length);
    for (let k = 0; k < deltaGapFte.length; k++) deltaGapFte[k] = shown.gapFte[k] - base.gapFte[k];
    return { problems, warnings, shown, reference: withReference ? base : null, deltaGapFte, computeMs: performance.now() - startedAt, productivity };
  }

  /** The productivity an evaluation used, per specialty, with its origin (scenario, pack derivation, reference). */
  productivityOf(evaluation: Evaluation, scenario: Scenario | null): ProductivityInUse[] {
    return describeProductivity(evaluation.params, scenario?.parameters ?? {}, this.data.productivitySources, scenario?.name);
  }

  /** Commune scores, computed once per pack (the emergency score searches the nearest site). */
  scoreData(): { data: ScoreData; sources: ScoreSources } {
    if (!this.scores) {
      const params = this.baseline().params;
      const inputs = { ...this.data.scoreInputs, speedKmh: params.speedKmh, detourFactor: params.detourFactor };
      const { scores, sources } = communeScores(inputs);
      this.scores = { data: { scores, inputs }, sources };
    }
    return this.scores;
  }

  /** Territory scores of a grid (for the map). */
  territoryScores(grid: string): Scores {
    const g = this.data.inputs.grids.find((x) => x.id === grid);
    if (!g) throw new Error(`Maillage inconnu : ${grid}.`);
    const { data } = this.scoreData();
    return territoryScores(g, { ...this.data.scoreInputs, speedKmh: 0, detourFactor: 0 }, data.scores);
  }

  /** The planners' table for the baseline or a scenario, optionally restricted to a département. */
  dashboard(grid: string, scenario: unknown | null, departement: string | null): DashboardTable {
    return dashboardTable(this.evaluationOf(scenario), grid, this.scoreData().data, { departement });
  }

  /** APL of one specialty per engine commune, for the baseline or a scenario (cached per evaluation). */
  accessibility(specialty: Specialty, scenario: unknown | null): Float64Array {
    return this.aplOf(this.evaluationOf(scenario), specialty);
  }

  /** APL of an evaluation, cached (about half a second each). */
  aplOf(evaluation: Evaluation, specialty: Specialty): Float64Array {
    let bySpecialty = this.apl.get(evaluation);
    if (!bySpecialty) this.apl.set(evaluation, (bySpecialty = new Map()));
    let values = bySpecialty.get(specialty);
    if (!values) bySpecialty.set(specialty, (values = this.engine.accessibility(evaluation, specialty)));
    return values;
  }

  private evaluationOf(scenario: unknown | null): Evaluation {
    return scenario === null ? this.baseline() : this.evaluate(scenario).evaluation;
  }

  /**
   * Difference table and KPIs of `target` against `reference` (baseline when null); with `aplSpecialty`,
   * the APL threshold crossings of that specialty (≈ 1 s per new evaluation).
   */
  comparison(grid: string, target: unknown, reference: unknown | null, departement: string | null, aplSpecialty: Specialty | null): ComparisonTable {
    const before = this.evaluationOf(reference);
    const after = this.evaluationOf(target);
    const apl = aplSpecialty ? { before: this.aplOf(before, aplSpecialty), after: this.aplOf(after, aplSpecialty), specialty: aplSpecialty } : null;
    return comparisonTable(before, after, grid, { departement }, apl);
  }
}
