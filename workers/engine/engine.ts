// The planning engine: baseline and scenario results on every grid, accessibility, and the
// difference between two evaluations. Pure TypeScript on typed arrays: runs in a web worker (app)
// and directly in Node (CLI, tests, benchmarks).
import { boundActivity, networkFromCentroids, networkFromPairs, twoStepFloatingCatchment, type TravelNetwork } from './apl';
import { SPECIALTY_COUNT, type Specialty, specialtyIndex } from './domain';
import {
  addCommunes,
  aggregate,
  computeAllCommunes,
  computeCommunes,
  identityAdjustments,
  siteWeight,
  type Adjustments,
  type CommuneResults,
  type EngineInputs,
  type TerritoryResults,
} from './model';
import { DREES_BOUNDS, DREES_DECAY } from './reference';
import { applyLevers, resolveParameters, type ResolvedParameters, type Scenario } from './scenario';

export interface Evaluation {
  params: ResolvedParameters;
  adjustments: Adjustments;
  communes: CommuneResults;
  territories: Map<string, TerritoryResults>;
}

/** Optional imported time matrix, as commune indices. */
export interface TimePairs {
  origins: Int32Array;
  destinations: Int32Array;
  minutes: Float64Array;
}

const paramsKey = (p: ResolvedParameters): string =>
  JSON.stringify([p.rates, p.principalWeight, Array.from(p.productivity), Array.from(p.catchmentMinutes), p.speedKmh, p.detourFactor]);

export class PlanningEngine {
  private readonly baselines = new Map<string, Evaluation>();
  private readonly networks = new Map<string, TravelNetwork>();
  private readonly communeIndex: ReadonlyMap<string, number>;

  constructor(
    readonly inputs: EngineInputs,
    private readonly derivedProductivity?: Partial<Record<Specialty, number>>,
    private readonly timePairs?: TimePairs,
  ) {
    this.communeIndex = new Map(inputs.communes.map((code, i) => [code, i]));
  }

  resolve(scenario: Pick<Scenario, 'parameters'>): ResolvedParameters {
    return resolveParameters(scenario.parameters, this.derivedProductivity);
  }

  /** Baseline for a set of parameters (cached: parameters change rarely, levers often). */
  baseline(params: ResolvedParameters): Evaluation {
    const key = paramsKey(params);
    let evaluation = this.baselines.get(key);
    if (!evaluation) {
      const adjustments = identityAdjustments(this.inputs, params);
      const communes = computeAllCommunes(this.inputs, params, adjustments);
      const territories = new Map(this.inputs.grids.map((g) => [g.id, aggregate(g, communes)]));
      evaluation = { params, adjustments, communes, territories };
      this.baselines.set(key, evaluation);
    }
    return evaluation;
  }

  /**
   * Scenario results. Incremental: only the communes the levers touch are recomputed and the territory
   * totals are corrected by their difference; `incremental: false` recomputes everything.
   */
  evaluate(scenario: Pick<Scenario, 'parameters' | 'levers'>, options: { incremental?: boolean } = {}): Evaluation {
    const params = this.resolve(scenario);
    const base = this.baseline(params);
    const { adjustments, touched } = applyLevers(this.inputs, params, scenario.levers, base.adjustments, this.communeIndex);
    if (options.incremental === false) {
      const communes = computeAllCommunes(this.inputs, params, adjustments);
      return { params, adjustments, communes, territories: new Map(this.inputs.grids.map((g) => [g.id, aggregate(g, communes)])) };
    }
    const communes: CommuneResults = {
      need: base.communes.need.slice(),
      capacity: base.communes.capacity.slice(),
      population: base.communes.population.slice(),
    };
    computeCommunes(this.inputs, params, adjustments, communes, touched);
    const territories = new Map<string, TerritoryResults>();
    for (const grid of this.inputs.grids) {
      const before = base.territories.get(grid.id)!;
      const after: TerritoryResults = {
        grid,
        population: before.population.slice(),
        need: before.need.slice(),
        capacity: before.capacity.slice(),
      };
      addCommunes(after, base.communes, grid.cellOfCommune, -1, touched);
      addCommunes(after, communes, grid.cellOfCommune, 1, touched);
      territories.set(grid.id, after);
    }
    return { params, adjustments, communes, territories };
  }

  network(catchmentMinutes: number, params: ResolvedParameters): TravelNetwork {
    const key = this.timePairs ? 'matrix' : `${catchmentMinutes}:${params.speedKmh}:${params.detourFactor}`;
    let network = this.networks.get(key);
    if (!network) {
      network = this.timePairs
        ? networkFromPairs(this.inputs.communes.length, this.timePairs.origins, this.timePairs.destinations, this.timePairs.minutes)
        : networkFromCentroids(this.inputs.lon, this.inputs.lat, catchmentMinutes, params.speedKmh, params.detourFactor);
      this.networks.set(key, network);
    }
    return network;
  }

  /**
   * APL per commune for one specialty (acts accessible per standardised inhabitant per year).
   * Demand: population standardised by the specialty's own age profile of use (need ÷ national mean
   * rate). Supply: each physician's activity = site weight × productivity, then the DREES bounds;
   * levers scale a commune's bounded activity by its FTE change, and new FTE count at bound(productivity).
   */
  accessibility(evaluation: Evaluation, specialty: Specialty): Float64Array {
    const s = specialtyIndex(specialty);
    const { params, communes, adjustments } = evaluation;
    const base = this.baseline(params);
    const n = this.inputs.communes.length;
    let totalNeed = 0, totalPopulation = 0;
    for (let c = 0; c < n; c++) {
      totalNeed += base.communes.need[c * SPECIALTY_COUNT + s];
      totalPopulation += base.communes.population[c];
    }
    const meanRate = totalPopulation > 0 ? totalNeed / totalPopulation : 0;
    const demand = new Float64Array(n);
    if (meanRate > 0) for (let c = 0; c < n; c++) demand[c] = communes.need[c * SPECIALTY_COUNT + s] / meanRate;

    const productivity = params.productivity[s];
    const bounded = new Float64Array(n);
    const sites = this.inputs.supplySites;
    for (let i = 0; i < sites.doctors.length; i++) {
      if (sites.specialty[i] !== s) continue;
      const activity = siteWeight(sites.role[i], sites.secondaryCount[i], params.principalWeight) * productivity;
      bounded[sites.commune[i]] += sites.doctors[i] * boundActivity(activity, DREES_BOUNDS.value);
    }
    const baseFte = base.adjustments.fte;
    const supply = new Float64Array(n);
    for (let c = 0; c < n; c++) {
      const k = c * SPECIALTY_COUNT + s;
      const fte = adjustments.fte[k] + adjustments.bonusFte[k];
      supply[c] = baseFte[k] > 0 ? (bounded[c] * fte) / baseFte[k] : fte * boundActivity(productivity, DREES_BOUNDS.value);
    }
    return twoStepFloatingCatchment(demand, supply, this.network(params.catchmentMinutes[s], params), DREES_DECAY.value);
  }
}
