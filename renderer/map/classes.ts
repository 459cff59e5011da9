// Choropleth classes: quantile breaks rounded to numbers a planner reads at a glance.
import { formatInteger } from '../format';

export type Rgb = [number, number, number];

/** ColorBrewer YlGnBu, 5 classes: sequential and colour-blind safe. */
export const SEQUENTIAL_PALETTE: readonly Rgb[] = [
  [255, 255, 204],
  [161, 218, 180],
  [65, 182, 196],
  [44, 127, 184],
  [37, 52, 148],
];

/** Territories outside the grid (e.g. communes outside any aire d'attraction). */
export const OUTSIDE_COLOR: Rgb = [200, 200, 200];
/** Map background, also used by tests to tell "no fill" from a commune fill. */
export const BACKGROUND_COLOR: Rgb = [236, 240, 243];

/** Rounds to two significant digits (12 345 → 12 000). */
export function roundNice(value: number): number {
  if (value <= 0) return 0;
  const magnitude = 10 ** (Math.floor(Math.log10(value)) - 1);
  return Math.round(value / magnitude) * magnitude;
}

/**
 * Upper-exclusive class limits between `classCount` classes: breaks[i] is the lower bound of class i + 1.
 * Quantiles of the values, rounded, de-duplicated (fewer classes when values are few or equal).
 */
export function quantileBreaks(values: ArrayLike<number>, classCount = SEQUENTIAL_PALETTE.length): number[] {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return [];
  const breaks: number[] = [];
  for (let k = 1; k < classCount; k++) {
    const limit = roundNice(sorted[Math.floor((k * sorted.length) / classCount)]);
    if (limit > sorted[0] && limit <= sorted[sorted.length - 1] && (breaks.length === 0 || limit > breaks[breaks.length - 1])) {
      breaks.push(limit);
    }
  }
  return breaks;
}

export function classOf(value: number, breaks: readonly number[]): number {
  let index = 0;
  while (index < breaks.length && value >= breaks[index]) index++;
  return index;
}

/** Spreads n classes over the palette so that 3 classes still span light to dark. */
export function paletteFor(classCount: number): Rgb[] {
  if (classCount <= 1) return [SEQUENTIAL_PALETTE[2]];
  const last = SEQUENTIAL_PALETTE.length - 1;
  return Array.from({ length: classCount }, (_, i) => SEQUENTIAL_PALETTE[Math.round((i * last) / (classCount - 1))]);
}

export function classLabels(breaks: readonly number[]): string[] {
  if (breaks.length === 0) return ['toutes valeurs'];
  return [
    `moins de ${formatInteger(breaks[0])}`,
    ...breaks.slice(1).map((limit, i) => `de ${formatInteger(breaks[i])} à moins de ${formatInteger(limit)}`),
    `${formatInteger(breaks[breaks.length - 1])} et plus`,
  ];
}

/** ColorBrewer PuOr, 6 classes: deficits in oranges, surpluses in purples; colour-blind safe. */
export const DIVERGING_PALETTE: readonly Rgb[] = [
  [179, 88, 6],
  [241, 163, 64],
  [254, 224, 182],
  [216, 218, 235],
  [153, 142, 195],
  [84, 39, 136],
];

/**
 * Symmetric limits around 0 for a gap (negative = deficit): ±m and ±m/4, where m is the 90th percentile of
 * the absolute values rounded to a readable number, so that a few extreme territories do not flatten the map.
 */
export function divergingBreaks(values: ArrayLike<number>): number[] {
  const magnitudes = Array.from(values, Math.abs).filter(Number.isFinite).sort((a, b) => a - b);
  if (magnitudes.length === 0) return [-1, -0.25, 0, 0.25, 1];
  const m = roundNice(magnitudes[Math.floor(0.9 * (magnitudes.length - 1))]) || 1;
  return [-m, -m / 4, 0, m / 4, m];
}

const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

export function divergingLabels(breaks: readonly number[], unit: string): string[] {
  const [, quarter, , , m] = breaks.map((b) => decimal.format(Math.abs(b)));
  return [
    `déficit de plus de ${m} ${unit}`,
    `déficit de ${quarter} à ${m} ${unit}`,
    `déficit de moins de ${quarter} ${unit}`,
    `équilibre ou excédent de moins de ${quarter} ${unit}`,
    `excédent de ${quarter} à ${m} ${unit}`,
    `excédent de plus de ${m} ${unit}`,
  ];
}
