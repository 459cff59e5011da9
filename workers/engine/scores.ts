// Territorial scores of the planners' dashboards (DATA_SPEC §F), each naming its source.
import { haversineKm } from './apl';
import type { Grid } from './model';

export interface ScoreInputs {
  /** Population per commune, and of 75 years and over. */
  population: Float64Array;
  population75: Float64Array;
  /** ALD share (percent) of each commune's bassin de vie; NaN where unknown or secret. */
  aldShare: Float64Array;
  /** Establishments: coordinates and whether each is an emergency site. */
  sites: { lon: Float64Array; lat: Float64Array; emergency: Uint8Array };
  mspCount: Float64Array;
  cdsCount: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
  speedKmh: number;
  detourFactor: number;
}

export interface Scores {
  scorePa: Float64Array;
  scoreAld: Float64Array;
  scoreUrgence: Float64Array;
  msp: Float64Array;
  cds: Float64Array;
}

export interface ScoreSources {
  scorePa: string;
  scoreAld: string;
  scoreUrgence: string;
  structures: string;
}

const TO_RAD = Math.PI / 180;
const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);

/** Minutes from each point to the nearest target (straight line × detour at a mean speed). */
export function nearestMinutes(
  lon: ArrayLike<number>,
  lat: ArrayLike<number>,
  targetLon: ArrayLike<number>,
  targetLat: ArrayLike<number>,
  speedKmh: number,
  detourFactor: number,
): Float64Array {
  const out = new Float64Array(lon.length).fill(Number.NaN);
  if (targetLon.length === 0) return out;
  // Bucket the targets by 0.5° cells and search rings outwards until no closer cell can exist.
  const size = 0.5;
  // Numeric cell keys (x, y within ±1 000 cells: any longitude and latitude): no string per lookup.
  const keyOf = (x: number, y: number) => (x + 1000) * 4096 + (y + 1000);
  const buckets = new Map<number, number[]>();
  const targetCos = Float64Array.from({ length: targetLat.length }, (_, t) => Math.cos(targetLat[t] * TO_RAD));
  for (let t = 0; t < targetLon.length; t++) {
    const key = keyOf(Math.floor(targetLon[t] / size), Math.floor(targetLat[t] / size));
    (buckets.get(key) ?? buckets.set(key, []).get(key)!).push(t);
  }
  for (let i = 0; i < lon.length; i++) {
    if (!Number.isFinite(lon[i]) || !Number.isFinite(lat[i])) continue;
    const x = Math.floor(lon[i] / size), y = Math.floor(lat[i] / size);
    // Targets are compared by the haversine term (monotonic in the distance, no square root or arcsine);
    // the distance is computed, by haversineKm itself, only when a closer target is found.
    const cosLat = Math.cos(lat[i] * TO_RAD);
    let best = Infinity, bestTerm = Infinity;
    for (let ring = 0; ring < 80; ring++) {
      // Any target in this ring or beyond is at least (ring - 1) cells away in latitude or longitude.
      const minKm = Math.max(0, ring - 1) * size * 111 * Math.cos((Math.min(Math.abs(lat[i]) + ring * size, 89) * Math.PI) / 180);
      if (minKm > best) break;
      for (let dx = -ring; dx <= ring; dx++) {
        for (let dy = -ring; dy <= ring; dy++) {
          if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue;
          for (const t of buckets.get(keyOf(x + dx, y + dy)) ?? []) {
            const term = Math.sin(((targetLat[t] - lat[i]) * TO_RAD) / 2) ** 2 + cosLat * targetCos[t] * Math.sin(((targetLon[t] - lon[i]) * TO_RAD) / 2) ** 2;
            if (term < bestTerm) {
              bestTerm = term;
              best = haversineKm(lon[i], lat[i], targetLon[t], targetLat[t]);
            }
          }
        }
      }
    }
    if (best < Infinity) out[i] = ((best * detourFactor) / speedKmh) * 60;
  }
  return out;
}

export function communeScores(inputs: ScoreInputs): { scores: Scores; sources: ScoreSources } {
  const n = inputs.population.length;
  let total = 0, total75 = 0, aldWeighted = 0, aldPopulation = 0;
  for (let c = 0; c < n; c++) {
    total += inputs.population[c];
    total75 += inputs.population75[c];
    if (Number.isFinite(inputs.aldShare[c])) {
      aldWeighted += inputs.aldShare[c] * inputs.population[c];
      aldPopulation += inputs.population[c];
    }
  }
  const national75 = ratio(total75, total);
  const nationalAld = ratio(aldWeighted, aldPopulation);
  const hasEmergency = inputs.sites.emergency.some((e) => e === 1);
  const pick = (keep: (i: number) => boolean) => {
    const idx = Array.from({ length: inputs.sites.lon.length }, (_, i) => i).filter(keep);
    return { lon: idx.map((i) => inputs.sites.lon[i]), lat: idx.map((i) => inputs.sites.lat[i]) };
  };
  const targets = hasEmergency ? pick((i) => inputs.sites.emergency[i] === 1) : pick(() => true);
  return {
    scores: {
      scorePa: Float64Array.from({ length: n }, (_, c) => ratio(ratio(inputs.population75[c], inputs.population[c]), national75)),
      scoreAld: Float64Array.from({ length: n }, (_, c) => ratio(inputs.aldShare[c], nationalAld)),
      scoreUrgence: nearestMinutes(inputs.lon, inputs.lat, targets.lon, targets.lat, inputs.speedKmh, inputs.detourFactor),
      msp: Float64Array.from(inputs.mspCount),
      cds: Float64Array.from(inputs.cdsCount),
    },
    sources: {
      scorePa: 'part des 75 ans et plus rapportée à la part nationale (population du paquet)',
      scoreAld: 'part de bénéficiaires ALD du bassin de vie (CartoSanté 2024) rapportée à la part nationale',
      scoreUrgence: hasEmergency
        ? 'minutes jusqu’au site d’urgences le plus proche (estimation par distance)'
        : 'minutes jusqu’à l’établissement de santé le plus proche (proxy : pas de liste des urgences ; estimation par distance)',
      structures: 'maisons et centres de santé de la source importée',
    },
  };
}

/** Territory scores: 75+ share and population-weighted means; MSP and CDS counts summed. */
export function territoryScores(grid: Grid, inputs: ScoreInputs, scores: Scores): Scores {
  const t = grid.codes.length;
  const pop = new Float64Array(t), pop75 = new Float64Array(t);
  const aldSum = new Float64Array(t), aldPop = new Float64Array(t), urgSum = new Float64Array(t), urgPop = new Float64Array(t);
  const msp = new Float64Array(t), cds = new Float64Array(t);
  let total = 0, total75 = 0;
  grid.cellOfCommune.forEach((cell, c) => {
    total += inputs.population[c];
    total75 += inputs.population75[c];
    if (cell < 0) return;
    const p = inputs.population[c];
    pop[cell] += p;
    pop75[cell] += inputs.population75[c];
    if (Number.isFinite(scores.scoreAld[c])) {
      aldSum[cell] += scores.scoreAld[c] * p;
      aldPop[cell] += p;
    }
    if (Number.isFinite(scores.scoreUrgence[c])) {
      urgSum[cell] += scores.scoreUrgence[c] * p;
      urgPop[cell] += p;
    }
    msp[cell] += scores.msp[c];
    cds[cell] += scores.cds[c];
  });
  const national75 = ratio(total75, total);
  return {
    scorePa: Float64Array.from({ length: t }, (_, i) => ratio(ratio(pop75[i], pop[i]), national75)),
    scoreAld: Float64Array.from({ length: t }, (_, i) => ratio(aldSum[i], aldPop[i])),
    scoreUrgence: Float64Array.from({ length: t }, (_, i) => ratio(urgSum[i], urgPop[i])),
    msp,
    cds,
  };
}
