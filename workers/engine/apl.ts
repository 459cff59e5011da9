// APL: two-step floating catchment with step distance decay (DREES method, DATA_SPEC §D.1).
//   step 1, practice commune j:  R_j = S_j / Σ_k f(t_kj) · Pstd_k
//   step 2, resident commune i:  APL_i = Σ_j f(t_ij) · R_j
// Travel times are a sparse network in CSR form, by origin (resident commune).
import type { ActivityBounds, DecayStep } from './reference';

export interface TravelNetwork {
  communeCount: number;
  /** communeCount + 1 offsets into targets/minutes: the reachable practice communes of each origin. */
  offsets: Uint32Array;
  targets: Uint32Array;
  minutes: Float64Array;
}

/**
 * The DREES steps (½, ¾ and all of a 20-minute catchment) stretched to another catchment, so that a
 * 45-minute specialist catchment keeps the same shape.
 */
export function scaledDecay(steps: readonly DecayStep[], catchmentMinutes: number): DecayStep[] {
  const reference = steps[steps.length - 1].below;
  return steps.map((s) => ({ below: (s.below * catchmentMinutes) / reference, weight: s.weight }));
}

export function decayWeight(minutes: number, steps: readonly DecayStep[]): number {
  for (const step of steps) if (minutes < step.below) return step.weight;
  return 0;
}

/** Activity of one physician after the DREES bounds; `null` bounds (centres de santé) leave it as is. */
export function boundActivity(activity: number, bounds: ActivityBounds | null): number {
  if (!bounds) return activity;
  if (activity < bounds.zeroBelow) return 0;
  if (activity < bounds.floor) return bounds.floor;
  return Math.min(activity, bounds.cap);
}

export function twoStepFloatingCatchment(
  demand: ArrayLike<number>,
  supply: ArrayLike<number>,
  network: TravelNetwork,
  steps: readonly DecayStep[],
): Float64Array {
  const n = network.communeCount;
  const { offsets, targets, minutes } = network;
  const weights = new Float64Array(minutes.length);
  for (let p = 0; p < minutes.length; p++) weights[p] = decayWeight(minutes[p], steps);

  const reachedDemand = new Float64Array(n);
  for (let origin = 0; origin < n; origin++) {
    const population = demand[origin];
    if (population === 0) continue;
    for (let p = offsets[origin]; p < offsets[origin + 1]; p++) reachedDemand[targets[p]] += weights[p] * population;
  }
  const ratio = new Float64Array(n);
  for (let j = 0; j < n; j++) ratio[j] = reachedDemand[j] > 0 ? supply[j] / reachedDemand[j] : 0;

  const apl = new Float64Array(n);
  for (let origin = 0; origin < n; origin++) {
    let sum = 0;
    for (let p = offsets[origin]; p < offsets[origin + 1]; p++) sum += weights[p] * ratio[targets[p]];
    apl[origin] = sum;
  }
  return apl;
}

/**
 * Network from explicit pairs (an imported matrix): duplicate pairs keep the minimum, invalid times
 * are ignored, a missing pair is unreachable, and a commune without a given pair to itself reaches
 * itself in 0 minutes.
 */
export function networkFromPairs(
  communeCount: number,
  origins: ArrayLike<number>,
  destinations: ArrayLike<number>,
  pairMinutes: ArrayLike<number>,
): TravelNetwork {
  const best = new Map<number, number>();
  for (let p = 0; p < origins.length; p++) {
    if (!(pairMinutes[p] >= 0)) continue;
    const key = origins[p] * communeCount + destinations[p];
    const previous = best.get(key);
    if (previous === undefined || pairMinutes[p] < previous) best.set(key, pairMinutes[p]);
  }
  for (let i = 0; i < communeCount; i++) if (!best.has(i * communeCount + i)) best.set(i * communeCount + i, 0);
  const keys = Float64Array.from(best.keys()).sort();
  const offsets = new Uint32Array(communeCount + 1);
  const targets = new Uint32Array(keys.length);
  const minutes = new Float64Array(keys.length);
  keys.forEach((key, p) => {
    const origin = Math.floor(key / communeCount);
    offsets[origin + 1]++;
    targets[p] = key - origin * communeCount;
    minutes[p] = best.get(key)!;
  });
  for (let i = 0; i < communeCount; i++) offsets[i + 1] += offsets[i];
  return { communeCount, offsets, targets, minutes };
}

const EARTH_RADIUS_KM = 6371.0088;

export function haversineKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const toRad = Math.PI / 180;
  const dLat = (lat2 - lat1) * toRad;
  const dLon = (lon2 - lon1) * toRad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * Estimated road times between commune centroids: straight-line distance × detour factor at a mean
 * speed, kept up to `maxMinutes`. A spatial bucket index keeps this near-linear in the commune count.
 * Communes without a centroid (NaN) only reach themselves.
 */
export function networkFromCentroids(
  lon: ArrayLike<number>,
  lat: ArrayLike<number>,
  maxMinutes: number,
  speedKmh: number,
  detourFactor: number,
): TravelNetwork {
  const n = lon.length;
  const maxKm = (maxMinutes / 60) * (speedKmh / detourFactor);
  // Bucket size in degrees of latitude; longitude buckets are widened by the latitude's cosine.
  const cellDeg = Math.max(maxKm / 111, 0.01);
  const buckets = new Map<string, number[]>();
  const keyOf = (x: number, y: number) => `${x}:${y}`;
  const cellX = (i: number) => Math.floor((lon[i] * Math.cos((lat[i] * Math.PI) / 180)) / cellDeg);
  const cellY = (i: number) => Math.floor(lat[i] / cellDeg);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(lon[i]) || !Number.isFinite(lat[i])) continue;
    const key = keyOf(cellX(i), cellY(i));
    const bucket = buckets.get(key);
    if (bucket) bucket.push(i);
    else buckets.set(key, [i]);
  }
  const offsets = new Uint32Array(n + 1);
  const targets: number[] = [];
  const minutes: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(lon[i]) || !Number.isFinite(lat[i])) {
      targets.push(i);
      minutes.push(0);
      offsets[i + 1] = targets.length;
      continue;
    }
    const x = cellX(i), y = cellY(i);
    const found: [number, number][] = [];
    // Two buckets around: longitude cells shrink towards the poles, so one ring may not be enough.
    for (let dx = -2; dx <= 2; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const j of buckets.get(keyOf(x + dx, y + dy)) ?? []) {
          const km = i === j ? 0 : haversineKm(lon[i], lat[i], lon[j], lat[j]);
          if (km <= maxKm) found.push([j, ((km * detourFactor) / speedKmh) * 60]);
        }
      }
    }
    found.sort((a, b) => a[0] - b[0]);
    for (const [j, t] of found) {
      targets.push(j);
      minutes.push(t);
    }
    offsets[i + 1] = targets.length;
  }
  return { communeCount: n, offsets, targets: Uint32Array.from(targets), minutes: Float64Array.from(minutes) };
}
