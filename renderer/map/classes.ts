// Choropleth classes: quantile breaks rounded to numbers a planner reads at a glance.
import { roundNice, type Rgb } from '../../common/map-classes';
import { formatInteger } from '../format';

// The diverging classes and their helpers live in common/ (the exported reports draw the same classes).
export { classOf, DIVERGING_PALETTE, divergingBreaks, divergingLabels, OUTSIDE_COLOR, roundNice, type Rgb } from '../../common/map-classes';

/** ColorBrewer YlGnBu, 5 classes: sequential and colour-blind safe. */
export const SEQUENTIAL_PALETTE: readonly Rgb[] = [
  [255, 255, 204],
  [161, 218, 180],
  [65, 182, 196],
  [44, 127, 184],
  [37, 52, 148],
];

/** Map background, also used by tests to tell "no fill" from a commune fill. */
export const BACKGROUND_COLOR: Rgb = [236, 240, 243];

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
