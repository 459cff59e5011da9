// The planning engine: baseline and scenario results on every grid, accessibility, and the
// difference between two evaluations. Pure TypeScript on typed arrays: runs in a web worker (app)
// and directly in Node (CLI, tests, benchmarks).
import { boundActivity, networkFromCentroids, networkFromPairs, scaledDecay, twoStepFloatingCatchment, type TravelNetwork } from './apl';
import { SPECIALTY_COUNT, type Specialty, specialtyIndex } from './domain';
import {
  aggregate,
  computeAllCommunes,
  computeCommunes,
  identityAdjustments,
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
  JSON.stringify([p.rates, p.principalWeight, Array.from(p.productivity), Array.from(p.catchmentMinutes), p.speedKmh, p.detourFactor, p.supplyShare ? Array.from(p.supplyShare) : null]);

export class PlanningEngine {
  private readonly baselines = new Map<string, Evaluation>();
  private readonly networks = new Map<string, TravelNetwork>();
  private readonly communeIndex: ReadonlyMap<string, number>;
  /** Per grid, the communes of each territory in ascending order (CSR), to re-sum touched territories. */
  private readonly members = new Map<string, { offsets: Uint32Array; communes: Uint32Array }>();

  constructor(
    readonly inputs: EngineInputs,
    private readonly derivedProductivity?: Partial<Record<Specialty, number>>,
    private readonly timePairs?: TimePairs,
  ) {
    this.communeIndex = new Map(inputs.communes.map((code, i) => [code, i]));
    for (const grid of inputs.grids) {
      const offsets = new Uint32Array(grid.codes.length + 1);
      for (const cell of grid.cellOfCommune) if (cell >= 0) offsets[cell + 1]++;
      for (let t = 0; t < grid.codes.length; t++) offsets[t + 1] += offsets[t];
      const fill = offsets.slice(0, -1);
      const communes = new Uint32Array(offsets[grid.codes.length]);
      grid.cellOfCommune.forEach((cell, c) => {
        if (cell >= 0) communes[fill[cell]++] = c;
      });
      this.members.set(grid.id, { offsets, communes });
    }
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
   * totals are corrected by their difference; `incremental: false` recomputes everything. By default,
   * incremental unless the levers touch more than a quarter of the communes; the two give equal results.
   */
  evaluate(scenario: Pick<Scenario, 'parameters' | 'levers'>, options: { incremental?: boolean } = {}): Evaluation {
    const params = this.resolve(scenario);
    const base = this.baseline(params);
    const { adjustments, touched } = applyLevers(this.inputs, params, scenario.levers, base.adjustments, this.communeIndex);
    // Levers over a large part of France (a laisser-faire horizon touches every commune) are faster
    // recomputed whole, on the typed arrays, than commune by commune through the touched set.
    const incremental = options.incremental ?? touched.size * 4 <= this.inputs.communes.length;
    if (!incremental) {
      const communes = computeAllCommunes(this.inputs, params, adjustments);
      return { params, adjustments, communes, territories: new Map(this.inputs.grids.map((g) => [g.id, aggregate(g, communes)])) };
    }
    const communes: CommuneResults = {
      need: base.communes.need.slice(),
      capacity: base.communes.capacity.slice(),
      population: base.communes.population.slice(),
    };
    computeCommunes(this.inputs, params, adjustments, communes, touched);
    // Touched territories are summed again from their communes, in the same order as a full
    // aggregation, so that incremental results equal a full recompute exactly.
    const territories = new Map<string, TerritoryResults>();
    for (const grid of this.inputs.grids) {
      const before = base.territories.get(grid.id)!;
      const after: TerritoryResults = {
        grid,
        population: before.population.slice(),
        need: before.need.slice(),
        capacity: before.capacity.slice(),
      };
      const { offsets, communes: members } = this.members.get(grid.id)!;
      const cells = new Set<number>();
      for (const c of touched) if (grid.cellOfCommune[c] >= 0) cells.add(grid.cellOfCommune[c]);
      for (const cell of cells) {
        after.population[cell] = 0;
        after.need.fill(0, cell * SPECIALTY_COUNT, (cell + 1) * SPECIALTY_COUNT);
        after.capacity.fill(0, cell * SPECIALTY_COUNT, (cell + 1) * SPECIALTY_COUNT);
        for (let m = offsets[cell]; m < offsets[cell + 1]; m++) {
          const c = members[m];
          after.population[cell] += communes.population[c];
          for (let s = 0; s < SPECIALTY_COUNT; s++) {
            after.need[cell * SPECIALTY_COUNT + s] += communes.need[c * SPECIALTY_COUNT + s];
            after.capacity[cell * SPECIALTY_COUNT + s] += communes.capacity[c * SPECIALTY_COUNT + s];
          }
        }
      }
      territories.set(grid.id, after);
    }
    return { params, adjustments, communes, territories };
  }

  /** Pairs within the catchment (estimated from centroids), or the imported matrix as given. */
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
   * rate). Supply: every physician's activity is the specialty's productivity, bounded as the DREES
   * does for GPs (other specialties: no bounds, an assumption), shared between sites by their weights;
   * so a commune offers (FTE + productivity gains − FTE given by teleconsultation) × bounded
   * productivity. Acts received by teleconsultation are not physical access: they do not count here
   * (they do in the gap). The DREES decay steps are
   * stretched to the specialty's catchment (20 minutes for GPs: the DREES steps exactly).
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
    const activity = boundActivity(params.productivity[s], specialty === 'MG' ? DREES_BOUNDS.value : null);
    const supply = new Float64Array(n);
    // Time given by teleconsultation is not available on site; acts received remotely are not physical
    // access, so they do not raise the patients' APL (the gap tables count them).
    const productivity = params.productivity[s];
    for (let c = 0; c < n; c++) {
      const k = c * SPECIALTY_COUNT + s;
      const given = productivity > 0 ? adjustments.teleGiven[k] / productivity : 0;
      supply[c] = Math.max(0, adjustments.fte[k] + adjustments.bonusFte[k] - given) * activity;
    }
    const catchment = params.catchmentMinutes[s];
    return twoStepFloatingCatchment(demand, supply, this.network(catchment, params), scaledDecay(DREES_DECAY.value, catchment));
  }
}
