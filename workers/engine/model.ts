// Engine inputs and the baseline computation: need, capacity and their aggregation to territory grids.
// Everything is a typed array indexed by commune (see domain.ts for the layouts).
import { BAND_COUNT, SPECIALTY_COUNT } from './domain';
import { communePeople, PATHOLOGY_COUNT, type PathologyInputs } from './pathways';

export interface Grid {
  id: string;
  label: string;
  codes: string[];
  labels: string[];
  /** Territory index of each commune, -1 when the commune belongs to none. */
  cellOfCommune: Int32Array;
  /**
   * 1 for the communes that have the grid's "no territory" code (AAV2020 000, EPCI ZZZZZZZZZ): they belong
   * to no territory (-1 above), and the map says so rather than leaving them blank. Absent: none.
   */
  outside?: Uint8Array;
}

export const SITE_ROLE = { alone: 0, principal: 1, secondary: 2 } as const;

/**
 * Physicians grouped by commune × specialty × site role (DATA_SPEC §B.4): a principal site alone,
 * a principal site with secondaries, or a secondary site of a physician with `secondaryCount` of them.
 * Weights come from the parameters, so a scenario can change them; the APL bounds need the groups.
 */
export interface SupplySites {
  commune: Int32Array;
  specialty: Uint8Array;
  role: Uint8Array;
  secondaryCount: Uint16Array;
  doctors: Float64Array;
}

export interface EngineInputs {
  communes: string[];
  /** Population per commune × age band. */
  population: Float64Array;
  /** National use rates, acts per inhabitant per year, specialty × age band. */
  rates: Float64Array;
  /** Optional regional rates: region × specialty × band, and the rate region of each commune (-1: national). */
  regionalRates?: { regions: string[]; rates: Float64Array; regionOfCommune: Int32Array };
  supplySites: SupplySites;
  /** Centroids, lon/lat per commune (NaN when unknown). */
  lon: Float64Array;
  lat: Float64Array;
  grids: Grid[];
  /** Prevalence of the care-pathway pathologies (pack table prevalence_pathologies), when imported. */
  pathologies?: PathologyInputs;
}

export interface ModelParameters {
  rates: 'national' | 'regional';
  /** Acts per FTE per year, per specialty. */
  productivity: Float64Array;
  /** Weight of a principal site that has secondaries; the secondaries share the rest equally. */
  principalWeight: number;
  /**
   * Share of the pack's doctors counted as installed supply, per specialty; absent: all of them. Set by
   * the productivity basis « medecinActif » (scenario.ts resolveParameters): active doctors only, so
   * that acts per active doctor × active doctors gives the same capacity in acts.
   */
  supplyShare?: Float64Array;
}

export function siteWeight(role: number, secondaryCount: number, principalWeight: number): number {
  if (role === SITE_ROLE.alone) return 1;
  if (role === SITE_ROLE.principal) return principalWeight;
  return secondaryCount > 0 ? (1 - principalWeight) / secondaryCount : 0;
}

/** Installed FTE (Σ site weights × physicians [× supplyShare of the specialty]) per commune × specialty. */
export function installedFte(inputs: EngineInputs, principalWeight: number, supplyShare?: Float64Array): Float64Array {
  const fte = new Float64Array(inputs.communes.length * SPECIALTY_COUNT);
  const sites = inputs.supplySites;
  for (let i = 0; i < sites.doctors.length; i++) {
    fte[sites.commune[i] * SPECIALTY_COUNT + sites.specialty[i]] +=
      sites.doctors[i] * siteWeight(sites.role[i], sites.secondaryCount[i], principalWeight) * (supplyShare?.[sites.specialty[i]] ?? 1);
  }
  return fte;
}

/** What levers change, commune by commune. Identity values: factor 1, no bonus, no transfer. */
export interface Adjustments {
  populationFactor: Float64Array; // commune × band
  fte: Float64Array; // commune × specialty: installed FTE after levers
  /** commune × specialty: FTE-equivalent of productivity gains (MSP: existing FTE × gain). */
  bonusFte: Float64Array;
  /**
   * commune × specialty, acts per year delivered by teleconsultation TO the commune's residents, by
   * doctors of another place or by an external provider. Teleconsultation moves where care is
   * delivered, not how much is needed: the acts count as capacity of the residents' commune and are
   * taken from the provider's (teleGiven), so a transfer between communes changes no national total.
   */
  teleReceived: Float64Array;
  /** commune × specialty, acts per year the commune's doctors deliver remotely to residents elsewhere. */
  teleGiven: Float64Array;
  /** commune × specialty, the part of teleReceived delivered by external providers (outside supply). */
  externalActs: Float64Array;
  /**
   * commune × pathology × specialty (pathways.ts PATHOLOGIES), acts per person treated per year that care
   * programmes add to the need (levers « Programme de soins »): need += people of the pathology × these.
   */
  programmeActs: Float64Array;
}

export interface CommuneResults {
  need: Float64Array; // commune × specialty, acts per year
  capacity: Float64Array; // commune × specialty, acts per year
  population: Float64Array; // commune, after population levers
}

export function identityAdjustments(inputs: EngineInputs, params: ModelParameters): Adjustments {
  const n = inputs.communes.length;
  return {
    populationFactor: new Float64Array(n * BAND_COUNT).fill(1),
    fte: installedFte(inputs, params.principalWeight, params.supplyShare),
    bonusFte: new Float64Array(n * SPECIALTY_COUNT),
    teleReceived: new Float64Array(n * SPECIALTY_COUNT),
    teleGiven: new Float64Array(n * SPECIALTY_COUNT),
    externalActs: new Float64Array(n * SPECIALTY_COUNT),
    programmeActs: new Float64Array(n * PATHOLOGY_COUNT * SPECIALTY_COUNT),
  };
}

function rateOf(inputs: EngineInputs, params: ModelParameters, commune: number, specialty: number, band: number): number {
  const regional = inputs.regionalRates;
  if (params.rates === 'regional' && regional) {
    const region = regional.regionOfCommune[commune];
    if (region >= 0) return regional.rates[(region * SPECIALTY_COUNT + specialty) * BAND_COUNT + band];
  }
  return inputs.rates[specialty * BAND_COUNT + band];
}

/** Need of one commune × specialty in acts per year: Σ bands population × factor × use rate. */
export function communeNeed(inputs: EngineInputs, params: ModelParameters, adjustments: Adjustments, commune: number, specialty: number): number {
  let need = 0;
  for (let b = 0; b < BAND_COUNT; b++) {
    need += inputs.population[commune * BAND_COUNT + b] * adjustments.populationFactor[commune * BAND_COUNT + b] * rateOf(inputs, params, commune, specialty, b);
  }
  return need;
}

/** Acts per year the commune's own doctors can deliver (FTE and productivity gains × productivity). */
export function ownCapacity(adjustments: Adjustments, params: ModelParameters, commune: number, specialty: number): number {
  const k = commune * SPECIALTY_COUNT + specialty;
  return (adjustments.fte[k] + adjustments.bonusFte[k]) * params.productivity[specialty];
}

/**
 * Acts per year that care programmes add to the need of one commune × specialty: Σ pathologies people
 * treated (after population levers) × acts per person the programmes ask (0 without a programme).
 */
export function programmeNeed(inputs: EngineInputs, adjustments: Adjustments, commune: number, specialty: number): number {
  let acts = 0;
  for (let p = 0; p < PATHOLOGY_COUNT; p++) {
    const perPerson = adjustments.programmeActs[(commune * PATHOLOGY_COUNT + p) * SPECIALTY_COUNT + specialty];
    if (perPerson > 0) acts += perPerson * communePeople(inputs, adjustments, commune, p);
  }
  return acts;
}

/**
 * Recomputes need, capacity and population for the given communes (all when omitted), in place.
 * Need = age-based need + care programmes' acts. Capacity = own capacity + acts received by
 * teleconsultation − acts given by teleconsultation.
 */
export function computeCommunes(
  inputs: EngineInputs,
  params: ModelParameters,
  adjustments: Adjustments,
  results: CommuneResults,
  communes?: Iterable<number>,
): void {
  const all = communes ?? Array.from({ length: inputs.communes.length }, (_, i) => i);
  for (const c of all) {
    let population = 0;
    for (let b = 0; b < BAND_COUNT; b++) population += inputs.population[c * BAND_COUNT + b] * adjustments.populationFactor[c * BAND_COUNT + b];
    results.population[c] = population;
    for (let s = 0; s < SPECIALTY_COUNT; s++) {
      const k = c * SPECIALTY_COUNT + s;
      results.need[k] = communeNeed(inputs, params, adjustments, c, s) + programmeNeed(inputs, adjustments, c, s);
      results.capacity[k] = ownCapacity(adjustments, params, c, s) + adjustments.teleReceived[k] - adjustments.teleGiven[k];
    }
  }
}

export function computeAllCommunes(inputs: EngineInputs, params: ModelParameters, adjustments: Adjustments): CommuneResults {
  const n = inputs.communes.length;
  const results: CommuneResults = {
    need: new Float64Array(n * SPECIALTY_COUNT),
    capacity: new Float64Array(n * SPECIALTY_COUNT),
    population: new Float64Array(n),
  };
  computeCommunes(inputs, params, adjustments, results);
  return results;
}

export interface TerritoryResults {
  grid: Grid;
  population: Float64Array; // territory
  need: Float64Array; // territory × specialty
  capacity: Float64Array; // territory × specialty
}

/** Sums communes into their territories, in ascending commune order. */
export function aggregate(grid: Grid, communes: CommuneResults): TerritoryResults {
  const t = grid.codes.length;
  const out: TerritoryResults = {
    grid,
    population: new Float64Array(t),
    need: new Float64Array(t * SPECIALTY_COUNT),
    capacity: new Float64Array(t * SPECIALTY_COUNT),
  };
  grid.cellOfCommune.forEach((cell, c) => {
    if (cell < 0) return;
    out.population[cell] += communes.population[c];
    for (let s = 0; s < SPECIALTY_COUNT; s++) {
      out.need[cell * SPECIALTY_COUNT + s] += communes.need[c * SPECIALTY_COUNT + s];
      out.capacity[cell * SPECIALTY_COUNT + s] += communes.capacity[c * SPECIALTY_COUNT + s];
    }
  });
  return out;
}

/** Gap indicators of one territory × specialty (issue 4 sign convention: negative = deficit). */
export interface Gap {
  ecartActes: number;
  ecartEtp: number;
  /** capacity ÷ need; NaN when need is 0 (written as an empty field). */
  tauxCouverture: number;
  tauxDeficit: number;
}

export function gapOf(need: number, capacity: number, productivity: number): Gap {
  const ecartActes = capacity - need;
  return {
    ecartActes,
    ecartEtp: productivity > 0 ? ecartActes / productivity : Number.NaN,
    tauxCouverture: need > 0 ? capacity / need : Number.NaN,
    tauxDeficit: need > 0 ? Math.max(0, -ecartActes) / need : Number.NaN,
  };
}
