// Demo population by 5-year age band per commune, estimated by iterative proportional fitting to three
// real marginals (see docs/demo-estimation.md):
//   1. INSEE 2023 département × 5-year band totals, rescaled to the sum of the communes of the département;
//   2. commune totals (@etalab/decoupage-administratif), met exactly;
//   3. each commune's DREES 2023 standardised population ratio Σ_b share_b × w_b = pstd / pop, which
//      carries its real age profile (older communes have a ratio above 1).
// The sex split follows the département's sex ratio of each band. Within a département the DREES ratios
// are scaled by one common factor so that the three marginals are consistent (reported as residuals).

/** DREES 2023 GP age weights for the 20 bands 0–4 … 95+ (90+ weight used for 90–94 and 95+). */
export const DREES_WEIGHTS_2023 = [1.12, 0.58, 0.51, 0.6, 0.75, 0.79, 0.82, 0.85, 0.89, 0.93, 1.03, 1.15, 1.18, 1.23, 1.46, 1.57, 1.63, 1.89, 2.26, 2.26];
export const BANDS = 20;

export interface CommuneInput {
  code: string;
  dep: string;
  population: number;
  /** DREES standardised ratio pstd / pop, when the commune is in the DREES file. */
  ratio?: number;
}

export interface DepartmentBands {
  /** Population per 5-year band, men and women. */
  men: number[];
  women: number[];
}

export interface FittedPopulation {
  /** Per commune code: 20 bands × [men, women]. */
  men: Map<string, Float64Array>;
  women: Map<string, Float64Array>;
  /** Fitted standardised ratio per commune (for residuals). */
  fittedRatio: Map<string, number>;
}

const MIN_WEIGHT = Math.min(...DREES_WEIGHTS_2023);
const MAX_WEIGHT = Math.max(...DREES_WEIGHTS_2023);

/** Multiplies row `x` by exp(λ w_b) so that its weighted mean of w equals `target` (Newton on λ). */
function tilt(x: Float64Array, target: number): void {
  const clamped = Math.min(MAX_WEIGHT - 1e-3, Math.max(MIN_WEIGHT + 1e-3, target));
  let lambda = 0;
  for (let step = 0; step < 30; step++) {
    let s0 = 0, s1 = 0, s2 = 0;
    for (let b = 0; b < BANDS; b++) {
      const v = x[b] * Math.exp(lambda * DREES_WEIGHTS_2023[b]);
      s0 += v;
      s1 += v * DREES_WEIGHTS_2023[b];
      s2 += v * DREES_WEIGHTS_2023[b] ** 2;
    }
    if (s0 === 0) return;
    const mean = s1 / s0;
    const variance = s2 / s0 - mean * mean;
    if (Math.abs(mean - clamped) < 1e-10 || variance <= 1e-12) break;
    lambda += Math.max(-2, Math.min(2, (clamped - mean) / variance));
  }
  for (let b = 0; b < BANDS; b++) x[b] *= Math.exp(lambda * DREES_WEIGHTS_2023[b]);
}

const weightedRatio = (x: Float64Array) => {
  let s0 = 0, s1 = 0;
  for (let b = 0; b < BANDS; b++) {
    s0 += x[b];
    s1 += x[b] * DREES_WEIGHTS_2023[b];
  }
  return s0 > 0 ? s1 / s0 : Number.NaN;
};

export function fitPopulation(communes: CommuneInput[], departments: Map<string, DepartmentBands>, iterations = 60): FittedPopulation {
  const men = new Map<string, Float64Array>();
  const women = new Map<string, Float64Array>();
  const fittedRatio = new Map<string, number>();
  const byDep = new Map<string, CommuneInput[]>();
  for (const c of communes) (byDep.get(c.dep) ?? byDep.set(c.dep, []).get(c.dep)!).push(c);

  for (const [dep, members] of byDep) {
    const bands = departments.get(dep);
    if (!bands) throw new Error(`Département ${dep} absent de l’estimation INSEE par âge.`);
    const both = bands.men.map((m, b) => m + bands.women[b]);
    const depTotal = both.reduce((a, b) => a + b, 0);
    const communeTotal = members.reduce((a, c) => a + c.population, 0);
    // Marginal 1, rescaled to the communes' total.
    const target = both.map((v) => (v * communeTotal) / depTotal);
    const rows = members.map((c) => Float64Array.from(target, (t) => (communeTotal > 0 ? (c.population * t) / communeTotal : 0)));
    // The DREES ratios (population 2021) and the INSEE 2023 bands imply slightly different mean ages:
    // scale the ratios of the département by one factor so that the three marginals agree, else IPF
    // cannot meet them all. The factor is the residual reported against DREES.
    const inseeMean = target.reduce((a, t, b) => a + t * DREES_WEIGHTS_2023[b], 0) / communeTotal;
    const withRatio = members.filter((c) => c.ratio !== undefined);
    const dreesPopulation = withRatio.reduce((a, c) => a + c.population, 0);
    const dreesMean = withRatio.reduce((a, c) => a + c.population * c.ratio!, 0) / (dreesPopulation || 1);
    const agreement = dreesPopulation > 0 && communeTotal > 0 ? inseeMean / dreesMean : 1;
    for (let it = 0; it < iterations; it++) {
      // Marginal 3 (age profile), then 2 (commune totals): tilting keeps proportions, scaling keeps the ratio.
      members.forEach((c, i) => {
        if (c.ratio !== undefined && c.population > 0) tilt(rows[i], c.ratio * agreement);
        const sum = rows[i].reduce((a, b) => a + b, 0);
        if (sum > 0) for (let b = 0; b < BANDS; b++) rows[i][b] *= c.population / sum;
      });
      if (it === iterations - 1) break;
      // Marginal 1 (département bands).
      for (let b = 0; b < BANDS; b++) {
        let column = 0;
        for (const row of rows) column += row[b];
        if (column > 0) for (const row of rows) row[b] *= target[b] / column;
      }
    }
    members.forEach((c, i) => {
      const m = new Float64Array(BANDS), w = new Float64Array(BANDS);
      for (let b = 0; b < BANDS; b++) {
        const share = both[b] > 0 ? bands.men[b] / both[b] : 0.5;
        m[b] = rows[i][b] * share;
        w[b] = rows[i][b] * (1 - share);
      }
      men.set(c.code, m);
      women.set(c.code, w);
      fittedRatio.set(c.code, weightedRatio(rows[i]));
    });
  }
  return { men, women, fittedRatio };
}

/** TD_POP1B lines (NIVGEO;CODGEO;LIBGEO;SEXE;AGED100;NB): each 5-year cell split evenly over its ages, 95+ over 95–100. */
export function* tdPop1bLines(fitted: FittedPopulation, names: Map<string, string>): Generator<string> {
  yield 'NIVGEO;CODGEO;LIBGEO;SEXE;AGED100;NB';
  const codes = [...fitted.men.keys()].sort();
  for (const code of codes) {
    const name = (names.get(code) ?? code).replaceAll(';', ',');
    for (const [sex, bands] of [['1', fitted.men.get(code)!], ['2', fitted.women.get(code)!]] as const) {
      for (let b = 0; b < BANDS; b++) {
        const ages = b === BANDS - 1 ? 6 : 5;
        const value = (bands[b] / ages).toFixed(5);
        for (let a = 0; a < ages; a++) yield `COM;${code};${name};${sex};${String(b * 5 + a).padStart(3, '0')};${value}`;
      }
    }
  }
}
