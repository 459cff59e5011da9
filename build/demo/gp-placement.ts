// Where the demo's libéral GPs practise inside their bassin de vie (docs/demo-estimation.md §2).
//
// The number of GPs of each bassin is CartoSanté's real density × the bassin's population; only their
// split between the bassin's communes is modelled, in two steps:
//   1. Attraction, fitted on data. Expected GPs of commune c ∝ w_c = pop_c × exp(θ · x_c), with
//      x_c = [ln(pop_c / 2000), ln(DREES standardised-population ratio_c)]. θ maximises the Poisson
//      likelihood of the real CartoSanté GP count of each bassin given its communes' attraction, with
//      one free level per département (θ is learnt from bassins of the same département that differ
//      in commune sizes and ages). This is the only part that bassin-level data can test.
//   2. Concentration inside the bassin, calibrated on two published national figures. Urban-pole
//      communes (CATEAAV2020 11–13) weigh κ times more; a commune whose expected share is below τ GPs
//      has no practice of its own and its share goes to the nearest commune of the bassin that has one
//      (the bassin's pôle de services, INSEE BV2022, always keeps its share). τ gives the number of
//      communes with at least one GP that DREES published (9 595 in 2016), κ the pole / crown density
//      ratio DREES published ("presque deux fois", 1999). Step 2 never moves a GP out of its bassin.
import { apportion } from './supply';

export interface PlacementCommune {
  code: string;
  /** BV2022 code of the commune's bassin de vie (INSEE names a bassin after its pôle de services). */
  bassin: string;
  dep: string;
  /** Legal population (inhabitants). */
  population: number;
  /** DREES 2023 standardised population / population (GP use by age); 1 when the commune is not in the file. */
  ageRatio: number;
  /** CATEAAV2020 11, 12 or 13: commune of an urban pole (weighs κ times more inside its bassin). */
  aavPole: boolean;
  /** CATEAAV2020 20: commune of an attraction area's crown (for the pole / crown density ratio). */
  aavCrown: boolean;
  /** Centroid, WGS84 degrees. */
  lon: number;
  lat: number;
}

export interface Bassin {
  code: string;
  /** Département of the bassin's pôle commune (else of its most populous commune). */
  dep: string;
  /** Indices into the commune array, in input order. */
  members: number[];
  population: number;
}

/** Names of the attraction features, in the order of θ. */
export const FEATURES = ['ln(population / 2000)', 'ln(ratio population standardisée DREES)'] as const;

/**
 * Published count of French communes with at least one GP: 9 595 in 2016 (DREES panorama of
 * 3 May 2018, quoted by Maire-info on 4 May 2018, http://www.maire-info.com/article.asp?param=21864).
 */
export const COMMUNES_WITH_GP_2016 = 9595;

/**
 * GP density of urban poles / density of their crowns: "presque deux fois" (DREES, Études et Résultats
 * n° 9, March 1999, libéral GPs by aire urbaine), read as 1.9.
 */
export const POLE_CROWN_RATIO_1999 = 1.9;

export function features(c: PlacementCommune): number[] {
  return [Math.log(Math.max(c.population, 1) / 2000), Math.log(c.ageRatio > 0 ? c.ageRatio : 1)];
}

/** w_c = pop × exp(θ · x_c); 0 for an uninhabited commune. */
export function attractionWeights(communes: PlacementCommune[], theta: readonly number[]): Float64Array {
  return Float64Array.from(communes, (c) => (c.population > 0 ? c.population * Math.exp(dot(theta, features(c))) : 0));
}

/** Bassins de vie of the communes, sorted by code. */
export function groupBassins(communes: PlacementCommune[]): Bassin[] {
  const byCode = new Map<string, number[]>();
  communes.forEach((c, i) => (byCode.get(c.bassin) ?? byCode.set(c.bassin, []).get(c.bassin)!).push(i));
  return [...byCode]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, members]) => {
      const pole = members.find((i) => communes[i].code === code) ?? members.reduce((a, i) => (communes[i].population > communes[a].population ? i : a));
      return { code, dep: communes[pole].dep, members, population: members.reduce((a, i) => a + communes[i].population, 0) };
    });
}

export interface BassinCounts {
  /** Libéral GPs per bassin code (integers). */
  counts: Map<string, number>;
  /** Σ density × population / 10 000 over bassins with a CartoSanté density. */
  cartosanteGps: number;
  /** Bassins without a CartoSanté density (they get the national density). */
  missingDensity: string[];
}

/** GPs per bassin = CartoSanté density (per 10 000 inhabitants) × population, rounded. */
export function bassinGpCounts(bassins: Bassin[], densityByBassin: Map<string, number>): BassinCounts {
  let gps = 0, population = 0;
  for (const b of bassins) {
    const density = densityByBassin.get(b.code);
    if (density === undefined) continue;
    gps += (density * b.population) / 10_000;
    population += b.population;
  }
  const national = population > 0 ? (gps / population) * 10_000 : 0;
  const counts = new Map<string, number>();
  const missingDensity: string[] = [];
  for (const b of bassins) {
    let density = densityByBassin.get(b.code);
    if (density === undefined) {
      missingDensity.push(b.code);
      density = national;
    }
    counts.set(b.code, Math.round((density * b.population) / 10_000));
  }
  return { counts, cartosanteGps: gps, missingDensity };
}

export interface AttractionFit {
  theta: number[];
  /** Profiled Poisson log-likelihood (up to a constant) at theta. */
  logLikelihood: number;
  iterations: number;
}

/**
 * Fits θ by maximum likelihood: GP count of bassin b ~ Poisson(e^{α_dep(b)} Σ_{c∈b} w_c(θ)), over the
 * bassins in `use` (all by default). The département levels α are profiled out (closed form), so
 * only θ is searched, by Newton steps with step halving. Throws if the data hold no bassin.
 */
export function fitAttraction(communes: PlacementCommune[], bassins: Bassin[], counts: Map<string, number>, use?: Set<string>): AttractionFit {
  const used = bassins.filter((b) => (use ? use.has(b.code) : true) && counts.has(b.code) && b.population > 0);
  if (used.length === 0) throw new Error('Ajustement du placement des généralistes : aucun bassin de vie avec une densité CartoSanté.');
  const x = communes.map(features);
  const k = FEATURES.length;
  const deps = [...new Set(used.map((b) => b.dep))].sort();
  const depOf = used.map((b) => deps.indexOf(b.dep));

  // Log-likelihood, gradient and Hessian at theta.
  const evaluate = (theta: number[]) => {
    const S = new Float64Array(used.length), M = used.map(() => new Float64Array(k)), Q = used.map(() => new Float64Array(k * k));
    used.forEach((b, j) => {
      for (const i of b.members) {
        const c = communes[i];
        if (c.population <= 0) continue;
        const w = c.population * Math.exp(dot(theta, x[i]));
        S[j] += w;
        for (let p = 0; p < k; p++) {
          M[j][p] += w * x[i][p];
          for (let q = 0; q < k; q++) Q[j][p * k + q] += w * x[i][p] * x[i][q];
        }
      }
    });
    const G = used.map((b) => counts.get(b.code)!);
    const SD = new Float64Array(deps.length), GD = new Float64Array(deps.length), MD = deps.map(() => new Float64Array(k)), QD = deps.map(() => new Float64Array(k * k));
    used.forEach((_, j) => {
      const d = depOf[j];
      SD[d] += S[j];
      GD[d] += G[j];
      for (let p = 0; p < k; p++) MD[d][p] += M[j][p];
      for (let p = 0; p < k * k; p++) QD[d][p] += Q[j][p];
    });
    let logLikelihood = 0;
    const gradient = new Float64Array(k), hessian = new Float64Array(k * k);
    const add = (sign: number, g: number, s: number, m: Float64Array, q: Float64Array) => {
      if (g === 0 || s <= 0) return;
      logLikelihood += sign * g * Math.log(s);
      for (let p = 0; p < k; p++) {
        gradient[p] += (sign * g * m[p]) / s;
        for (let r = 0; r < k; r++) hessian[p * k + r] += sign * g * (q[p * k + r] / s - (m[p] * m[r]) / (s * s));
      }
    };
    used.forEach((_, j) => add(1, G[j], S[j], M[j], Q[j]));
    deps.forEach((_, d) => add(-1, GD[d], SD[d], MD[d], QD[d]));
    return { logLikelihood, gradient, hessian };
  };

  let theta = new Array<number>(k).fill(0);
  let current = evaluate(theta);
  let iterations = 0;
  for (; iterations < 100; iterations++) {
    const { gradient, hessian } = current;
    if (Math.hypot(...gradient) < 1e-7) break;
    // Newton direction when the Hessian is negative definite, else plain gradient ascent.
    let direction = solve(hessian.map((v) => -v), [...gradient], k);
    if (!direction || dot(direction, [...gradient]) <= 0) direction = [...gradient].map((g) => g / Math.max(1, Math.hypot(...gradient)));
    let step = 1;
    for (; step > 1e-10; step /= 2) {
      const candidate = theta.map((t, p) => t + step * direction![p]);
      const next = evaluate(candidate);
      if (next.logLikelihood >= current.logLikelihood) {
        theta = candidate;
        current = next;
        break;
      }
    }
    if (step <= 1e-10) break;
  }
  return { theta, logLikelihood: current.logLikelihood, iterations };
}

/**
 * Integer GPs of the communes of one bassin. Expected shares λ_c = count × w_c / Σ w; communes with
 * λ_c < threshold (other than `poleIndex`, the bassin's pôle de services) pass their share to the
 * nearest commune that keeps one (centroid distance, ties by position); then largest remainders.
 * `members` and `weights` are aligned; returns counts aligned with them.
 */
export function placeInBassin(members: PlacementCommune[], weights: ArrayLike<number>, count: number, threshold: number, poleIndex: number): number[] {
  const n = members.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i];
  if (count <= 0 || n === 0) return new Array<number>(n).fill(0);
  if (total <= 0) return apportion(count, members.map((_, i) => (i === poleIndex ? 1 : 0)));
  const lambda = Array.from({ length: n }, (_, i) => (count * weights[i]) / total);
  const hosts: number[] = [];
  for (let i = 0; i < n; i++) if (i === poleIndex || (lambda[i] >= threshold && lambda[i] > 0)) hosts.push(i);
  if (hosts.length === 0) hosts.push(lambda.reduce((best, l, i) => (l > lambda[best] ? i : best), 0));
  const share = new Array<number>(n).fill(0);
  const isHost = new Set(hosts);
  const cosLat = Math.cos((members.reduce((a, c) => a + c.lat, 0) / n) * (Math.PI / 180));
  for (let i = 0; i < n; i++) {
    if (isHost.has(i)) {
      share[i] += lambda[i];
      continue;
    }
    if (lambda[i] === 0) continue;
    let nearest = hosts[0], best = Infinity;
    for (const h of hosts) {
      const d = ((members[h].lon - members[i].lon) * cosLat) ** 2 + (members[h].lat - members[i].lat) ** 2;
      if (d < best) {
        best = d;
        nearest = h;
      }
    }
    share[nearest] += lambda[i];
  }
  return apportion(count, share);
}

/** GPs per commune (aligned with `communes`) for every bassin, from attraction weights and τ. */
export function placeGps(communes: PlacementCommune[], bassins: Bassin[], counts: Map<string, number>, weights: ArrayLike<number>, threshold: number, use?: Set<string>): Int32Array {
  const out = new Int32Array(communes.length);
  for (const b of bassins) {
    if (use && !use.has(b.code)) continue;
    const members = b.members.map((i) => communes[i]);
    const placed = placeInBassin(members, b.members.map((i) => weights[i]), counts.get(b.code) ?? 0, threshold, members.findIndex((c) => c.code === b.code));
    b.members.forEach((i, j) => (out[i] = placed[j]));
  }
  return out;
}

/** Weights of step 2: attraction × poleFactor for the communes of urban poles (CATEAAV2020 11–13). */
export function withinBassinWeights(communes: PlacementCommune[], attraction: ArrayLike<number>, poleFactor: number): Float64Array {
  return Float64Array.from(communes, (c, i) => attraction[i] * (c.aavPole ? poleFactor : 1));
}

/** GP density of urban-pole communes / GP density of crown communes (CATEAAV2020 20), over `use`. */
export function poleCrownRatio(communes: PlacementCommune[], bassins: Bassin[], gps: ArrayLike<number>, use?: Set<string>): number {
  let poleGps = 0, polePop = 0, crownGps = 0, crownPop = 0;
  for (const b of bassins) {
    if (use && !use.has(b.code)) continue;
    for (const i of b.members) {
      const c = communes[i];
      if (c.aavPole) {
        poleGps += gps[i];
        polePop += c.population;
      } else if (c.aavCrown) {
        crownGps += gps[i];
        crownPop += c.population;
      }
    }
  }
  return polePop > 0 && crownPop > 0 && crownGps > 0 ? poleGps / polePop / (crownGps / crownPop) : Number.NaN;
}

const countHosts = (gps: ArrayLike<number>) => {
  let n = 0;
  for (let i = 0; i < gps.length; i++) if (gps[i] > 0) n++;
  return n;
};

/** Bisection of a monotone step function: the x in [low, high] whose value is closest to target. */
function bisect(value: (x: number) => number, target: number, low: number, high: number, increasing: boolean, steps: number): number {
  let best = low, bestGap = Math.abs(value(low) - target);
  for (let s = 0; s < steps; s++) {
    const mid = (low + high) / 2;
    const v = value(mid);
    const gap = Math.abs(v - target);
    if (gap < bestGap) {
      best = mid;
      bestGap = gap;
    }
    if (v < target === increasing) low = mid;
    else high = mid;
  }
  return best;
}

export interface Concentration {
  /** τ: expected GPs below which a commune has no practice of its own. */
  threshold: number;
  /** κ: within-bassin weight of urban-pole communes relative to the others. */
  poleFactor: number;
}

/**
 * Calibrates τ on a number of communes with at least one GP and κ on a pole / crown density ratio
 * (alternating bisections until both settle; each moves the other's target little). `use` restricts
 * the calibration to some bassins.
 */
export function calibrateConcentration(
  communes: PlacementCommune[], bassins: Bassin[], counts: Map<string, number>, attraction: ArrayLike<number>,
  targets: { communesWithGp: number; poleCrownRatio: number }, use?: Set<string>,
): Concentration {
  let threshold = 0.5, poleFactor = 1;
  const place = (t: number, k: number) => placeGps(communes, bassins, counts, withinBassinWeights(communes, attraction, k), t, use);
  for (let round = 0; round < 5; round++) {
    const previous = { threshold, poleFactor };
    threshold = bisect((t) => countHosts(place(t, poleFactor)), targets.communesWithGp, 0, 5, false, 16);
    poleFactor = Math.exp(bisect((lk) => poleCrownRatio(communes, bassins, place(threshold, Math.exp(lk)), use), targets.poleCrownRatio, 0, Math.log(8), true, 14));
    if (Math.abs(threshold - previous.threshold) < 0.005 && Math.abs(poleFactor / previous.poleFactor - 1) < 0.005) break;
  }
  return { threshold, poleFactor };
}

export interface GpPlacement {
  /** Libéral GPs per commune, aligned with the input communes. */
  gps: Int32Array;
  fit: AttractionFit;
  concentration: Concentration;
  communesWithGp: number;
  poleCrownRatio: number;
  liberalGps: number;
  cartosanteGps: number;
  missingDensity: string[];
}

/** The demo's placement: θ fitted on all bassins, τ and κ calibrated on the DREES figures, GPs placed. */
export function placeDemoGps(communes: PlacementCommune[], densityByBassin: Map<string, number>): GpPlacement {
  const bassins = groupBassins(communes);
  const { counts, cartosanteGps, missingDensity } = bassinGpCounts(bassins, densityByBassin);
  const withDensity = new Set(bassins.filter((b) => densityByBassin.has(b.code)).map((b) => b.code));
  const fit = fitAttraction(communes, bassins, counts, withDensity);
  const attraction = attractionWeights(communes, fit.theta);
  const concentration = calibrateConcentration(communes, bassins, counts, attraction, { communesWithGp: COMMUNES_WITH_GP_2016, poleCrownRatio: POLE_CROWN_RATIO_1999 });
  const gps = placeGps(communes, bassins, counts, withinBassinWeights(communes, attraction, concentration.poleFactor), concentration.threshold);
  return {
    gps,
    fit,
    concentration,
    communesWithGp: countHosts(gps),
    poleCrownRatio: poleCrownRatio(communes, bassins, gps),
    liberalGps: gps.reduce((a, n) => a + n, 0),
    cartosanteGps,
    missingDensity,
  };
}

/** Spearman rank correlation (average ranks for ties); NaN when either side is constant. */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ra = ranks(a), rb = ranks(b);
  const n = ra.length;
  const ma = ra.reduce((s, v) => s + v, 0) / n, mb = rb.reduce((s, v) => s + v, 0) / n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (ra[i] - ma) * (rb[i] - mb);
    saa += (ra[i] - ma) ** 2;
    sbb += (rb[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : Number.NaN;
}

function ranks(values: ArrayLike<number>): number[] {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((i, j) => values[i] - values[j]);
  const out = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
    for (let p = start; p <= end; p++) out[order[p]] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return out;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Solves A y = b (k × k, row-major) by Gaussian elimination with partial pivoting; null if singular. */
function solve(a: Float64Array, b: number[], k: number): number[] | null {
  const m = Array.from({ length: k }, (_, r) => [...a.slice(r * k, r * k + k), b[r]]);
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    if (Math.abs(m[pivot][col]) < 1e-12) return null;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const f = m[r][col] / m[col][col];
      for (let c = col; c <= k; c++) m[r][c] -= f * m[col][c];
    }
  }
  return m.map((row, r) => row[k] / row[r]);
}
