// Choropleth classes shared by the app's map (renderer/map/classes.ts re-exports them) and the
// exported reports (workers/export), so that both draw the same classes. ECMAScript only.
import { formatDecimal } from './format-fr';

export type Rgb = [number, number, number];

/** Territories outside the grid (e.g. communes outside any aire d'attraction) or without a value. */
export const OUTSIDE_COLOR: Rgb = [200, 200, 200];

/** Rounds to two significant digits (12 345 → 12 000). */
export function roundNice(value: number): number {
  if (value <= 0) return 0;
  const magnitude = 10 ** (Math.floor(Math.log10(value)) - 1);
  return Math.round(value / magnitude) * magnitude;
}

export function classOf(value: number, breaks: readonly number[]): number {
  let index = 0;
  while (index < breaks.length && value >= breaks[index]) index++;
  return index;
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
  // A typed array sorts numerically without a comparator: several times faster on 35 000 communes.
  const magnitudes = Float64Array.from(values, Math.abs).filter(Number.isFinite).sort();
  if (magnitudes.length === 0) return [-1, -0.25, 0, 0.25, 1];
  const m = roundNice(magnitudes[Math.floor(0.9 * (magnitudes.length - 1))]) || 1;
  return [-m, -m / 4, 0, m / 4, m];
}

export function divergingLabels(breaks: readonly number[], unit: string): string[] {
  const [, quarter, , , m] = breaks.map((b) => formatDecimal(Math.abs(b), 2));
  return [
    `déficit de plus de ${m} ${unit}`,
    `déficit de ${quarter} à ${m} ${unit}`,
    `déficit de moins de ${quarter} ${unit}`,
    `équilibre ou excédent de moins de ${quarter} ${unit}`,
    `excédent de ${quarter} à ${m} ${unit}`,
    `excédent de plus de ${m} ${unit}`,
  ];
}
