// The demo pack's prevalence of treated diabetes and heart failure by 5-year age band, both sexes: one
// national curve, applied to every département (an estimate, not the CNAM file; docs/demo-estimation.md).
// Published anchors (research note 14 §2, [V] primary / [S] secondary as read there); the shape inside
// each anchored age band is a hypothèse (log-linear), solved so that each band's mean on the INSEE 2023
// population by age (population/estim-pop-dep-sexe-age5-2023.csv) is its anchor, scaled so that the
// national prevalence is the published one.

/** One published figure the curve is built on. */
export interface PrevalenceAnchor {
  /** Age band(s) it covers, as published. */
  ages: string;
  /** Percent of the population of those ages. */
  percent: number;
  citation: string;
}

/**
 * Diabetes treated with drugs, all types (the CNAM « Cartographie » definition, top DIA_CAT_CAT). Each wide
 * band's population-weighted mean is its anchor × one factor (the 2007 → 2024 rise, assumed the same at
 * every age: hypothèse), the factor set by the 2024 national rate; the 75–79 peak × the same factor is the
 * top. Check, not a constraint: the real CNAM 2019 national row for 35–39 is 1.298 % (research note 14 §1 [V]).
 */
export const DIABETES_ANCHORS: readonly PrevalenceAnchor[] = [
  { ages: '0–44 ans', percent: 0.4, citation: 'CNAMTS (Kusnik-Joinville), prévalence du diabète traité 2007 par grande tranche d’âge [S]' },
  { ages: '45–64 ans', percent: 5.8, citation: 'même source' },
  { ages: '65–74 ans', percent: 13.3, citation: 'même source' },
  { ages: '75–79 ans', percent: 17, citation: 'InVS, « Prévalence et incidence du diabète » (2015, données 2012) : pic à 75–79 ans, 20 % des hommes et 14 % des femmes [S] ; moyenne des deux sexes (hypothèse)' },
  { ages: '75 ans et plus', percent: 13.4, citation: 'CNAMTS 2007 (comme ci-dessus) : moyenne des 75 ans et plus, pondérée par la population INSEE 2023' },
  { ages: 'tous âges', percent: 6.61, citation: 'CNAM, Cartographie des pathologies 2024, DIA_CAT_CAT : 4 471 940 / 67 612 360 [S] ; niveau de la courbe' },
];

/** Heart failure (Olié et al., ESC Heart Failure 2024, data 2022: treated or hospitalised, whole population). */
export const HEART_FAILURE_ANCHORS: readonly PrevalenceAnchor[] = [
  {
    ages: '85 ans et plus',
    percent: 18.67,
    citation:
      'Olié et al., ESC Heart Failure 2024 (données 2022) : 21,1 % des hommes et 17,5 % des femmes de 85 ans et plus [S], pondérés par les effectifs INSEE 2023 des 85 ans et plus (745 576 hommes, 1 543 822 femmes)',
  },
  { ages: 'tous âges', percent: 1.7, citation: 'Olié et al. 2024 : 1,7 % de la population en 2022 (1 117 894 personnes) [S] ; niveau de la courbe' },
];

/** The wide bands of DIABETES_ANCHORS 0–44, 45–64, 65–74, 75+ as 5-year band indices (first, last). */
export const DIABETES_WIDE_BANDS = [
  { anchor: 0, first: 0, last: 8 },
  { anchor: 1, first: 9, last: 12 },
  { anchor: 2, first: 13, last: 14 },
  { anchor: 4, first: 15, last: 19 },
] as const;

/** Population-weighted mean (percent) of a curve over 5-year bands first…last. */
export function bandMean(percent: readonly number[], population: readonly number[], first: number, last: number): number {
  let people = 0;
  let weight = 0;
  for (let b = first; b <= last; b++) {
    people += percent[b] * population[b];
    weight += population[b];
  }
  return people / weight;
}

/** The x in [low, high] where an increasing (or decreasing) f crosses target, by bisection. */
function solve(f: (x: number) => number, target: number, low: number, high: number): number {
  const rising = f(high) > f(low);
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2;
    if (f(mid) < target === rising) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/**
 * The diabetes curve (percent per 5-year band) whose population-weighted mean over each wide band of
 * DIABETES_ANCHORS is that anchor × one factor, the factor being what makes the national prevalence
 * 6.61 % on `population` (20 five-year bands; the wide bands cover all ages, so the national level
 * follows). Shape within the wide bands (hypothèse: log-linear, as prevalence by age grows roughly
 * geometrically before its peak):
 * - 45–74: one log-linear curve over 45–49 … 70–74, level and slope solved so that the 45–64 and 65–74
 *   means are the anchors;
 * - 0–44: log-linear down from the 45–49 value, slope solved for the 0–44 mean;
 * - 75+: the 75–79 peak (InVS 2012) × factor, log-linear down after it, slope solved for the 75+ mean.
 */
export function fitDiabetesCurve(population: readonly number[]): { percent: number[]; factor: number } {
  const total = population.reduce((a, b) => a + b, 0);
  const anchored = DIABETES_WIDE_BANDS.reduce((a, w) => a + DIABETES_ANCHORS[w.anchor].percent * population.slice(w.first, w.last + 1).reduce((x, y) => x + y, 0), 0);
  const factor = DIABETES_ANCHORS[5].percent / (anchored / total);
  const target = (w: number) => DIABETES_ANCHORS[DIABETES_WIDE_BANDS[w].anchor].percent * factor;
  const percent = new Array<number>(20).fill(0);
  // 45–74: x_b = a · exp(r (b − 9)), a set by the 45–64 mean for each slope r, r by the 65–74 mean.
  const middle = (r: number) => {
    const shape = percent.map((_, b) => Math.exp(r * (b - 9)));
    const a = target(1) / bandMean(shape, population, 9, 12);
    return shape.map((x) => a * x);
  };
  const r = solve((slope) => bandMean(middle(slope), population, 13, 14), target(2), 0, 2);
  const mid = middle(r);
  for (let b = 9; b <= 14; b++) percent[b] = mid[b];
  // 0–44: x_b = x_9 · exp(−s (9 − b)).
  const young = (s: number) => percent.map((_, b) => percent[9] * Math.exp(-s * (9 - b)));
  const s = solve((slope) => bandMean(young(slope), population, 0, 8), target(0), 0, 5);
  const low = young(s);
  for (let b = 0; b <= 8; b++) percent[b] = low[b];
  // 75+: x_b = peak · exp(−t (b − 15)).
  const peak = DIABETES_ANCHORS[3].percent * factor;
  const old = (t: number) => percent.map((_, b) => peak * Math.exp(-t * (b - 15)));
  const t = solve((slope) => bandMean(old(slope), population, 15, 19), target(3), 0, 5);
  const oldest = old(t);
  for (let b = 15; b <= 19; b++) percent[b] = oldest[b];
  return { percent, factor };
}

/**
 * Percent of each 5-year band (0–4, …, 90–94, 95+), both sexes.
 * Diabetes: fitDiabetesCurve on the INSEE 2023 population by age (population/estim-pop-dep-sexe-age5-2023.csv,
 * both sexes), rounded to 0.001 point; factor 1.459 (docs/demo-estimation.md §6 gives the band means).
 * Heart failure: 18.67 % from 85 years; below, halved every 6.5 years (exp(−0.10726 × (87.5 − midpoint)),
 * the rate that gives 1.7 % on the INSEE 2023 population) — the shape is a hypothèse, only the 85+ level
 * and the national level are published.
 */
export const NATIONAL_PREVALENCE_PERCENT: Record<'diabete' | 'insuffisance_cardiaque', readonly number[]> = {
  diabete: [0.009, 0.018, 0.037, 0.075, 0.152, 0.308, 0.624, 1.265, 2.565, 5.201, 6.959, 9.311, 12.458, 16.669, 22.303, 24.81, 19.319, 15.043, 11.714, 9.121],
  insuffisance_cardiaque: [0.002, 0.004, 0.006, 0.01, 0.018, 0.03, 0.051, 0.088, 0.15, 0.256, 0.437, 0.748, 1.278, 2.186, 3.737, 6.388, 10.922, 18.67, 18.67, 18.67],
};

export type DemoPathology = keyof typeof NATIONAL_PREVALENCE_PERCENT;

/** Year written in the demo table: that of the population the curve is calibrated on (INSEE 2023). */
export const DEMO_PREVALENCE_YEAR = 2023;

/** The `source` column of every demo row. */
export const DEMO_PREVALENCE_SOURCE =
  'estimation de démonstration : prévalence nationale par âge (diabète : CNAMTS 2007, InVS 2012, CNAM Cartographie 2024 6,61 % ; ' +
  'insuffisance cardiaque : Olié et al., ESC Heart Failure 2024, 1,7 % et 85 ans et plus 21,1 % H / 17,5 % F), même courbe dans chaque département ; ' +
  'moyenne de chaque grande tranche d’âge publiée × un même facteur, forme log-linéaire dans chaque tranche (hypothèse)';

/** National prevalence (fraction) of a curve on a population by 5-year band. */
export function nationalPrevalence(percent: readonly number[], population: readonly number[]): number {
  const total = population.reduce((a, b) => a + b, 0);
  return population.reduce((a, p, band) => a + (p * percent[band]) / 100, 0) / total;
}
