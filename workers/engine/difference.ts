// Difference between two evaluations (baseline vs scenario, or A vs B), per territory and per commune.
import { SPECIALTY_COUNT } from './domain';
import type { Evaluation } from './engine';
import { gapOf } from './model';
import { APL_THRESHOLDS } from './reference';

export interface TerritoryDifference {
  /** territory × specialty */
  deltaNeed: Float64Array;
  deltaCapacity: Float64Array;
  deltaGapActs: Float64Array;
  /** ecart_etp(after) − ecart_etp(before): positive = improvement. */
  deltaGapFte: Float64Array;
}

export function territoryDifference(before: Evaluation, after: Evaluation, gridId: string): TerritoryDifference {
  const a = before.territories.get(gridId);
  const b = after.territories.get(gridId);
  if (!a || !b) throw new Error(`Maillage inconnu : ${gridId}.`);
  const size = a.need.length;
  const out: TerritoryDifference = {
    deltaNeed: new Float64Array(size),
    deltaCapacity: new Float64Array(size),
    deltaGapActs: new Float64Array(size),
    deltaGapFte: new Float64Array(size),
  };
  for (let k = 0; k < size; k++) {
    const s = k % SPECIALTY_COUNT;
    out.deltaNeed[k] = b.need[k] - a.need[k];
    out.deltaCapacity[k] = b.capacity[k] - a.capacity[k];
    out.deltaGapActs[k] = b.capacity[k] - b.need[k] - (a.capacity[k] - a.need[k]);
    out.deltaGapFte[k] = gapOf(b.need[k], b.capacity[k], after.params.productivity[s]).ecartEtp - gapOf(a.need[k], a.capacity[k], before.params.productivity[s]).ecartEtp;
  }
  return out;
}

/** Population living in communes whose capacity is below their need, per specialty. */
export function populationInDeficit(evaluation: Evaluation): Float64Array {
  const { need, capacity, population } = evaluation.communes;
  const out = new Float64Array(SPECIALTY_COUNT);
  for (let c = 0; c < population.length; c++) {
    for (let s = 0; s < SPECIALTY_COUNT; s++) {
      const k = c * SPECIALTY_COUNT + s;
      if (capacity[k] < need[k]) out[s] += population[c];
    }
  }
  return out;
}

export type AplZone = 'sous 2,5' | '2,5 à 4' | 'au-dessus de 4';

export function aplZone(apl: number): AplZone {
  if (apl <= APL_THRESHOLDS.zip) return 'sous 2,5';
  if (apl <= APL_THRESHOLDS.vivier) return '2,5 à 4';
  return 'au-dessus de 4';
}

export interface ThresholdCrossing {
  commune: number;
  before: AplZone;
  after: AplZone;
}

/** Communes whose APL changes zone (≤ 2.5 / 2.5–4 / > 4) between two APL vectors. */
export function thresholdCrossings(before: Float64Array, after: Float64Array): ThresholdCrossing[] {
  const out: ThresholdCrossing[] = [];
  for (let c = 0; c < before.length; c++) {
    const zoneBefore = aplZone(before[c]);
    const zoneAfter = aplZone(after[c]);
    if (zoneBefore !== zoneAfter) out.push({ commune: c, before: zoneBefore, after: zoneAfter });
  }
  return out;
}
