// From indicator values to what deck.gl draws (RGBA per commune feature) and what the legend says.
// Values are given per territory of the grid (cells) or, for commune indicators such as the APL, per
// map feature. Diverging scales are centred on balance; sequential ones use rounded quantiles.
import type { GridCells } from '../../workers/db/grid-cells';
import { roundForDisplay } from '../../common/format-fr';
import { formatDecimal, formatPercent } from '../format';
import { classLabels, classOf, DIVERGING_PALETTE, divergingBreaks, OUTSIDE_COLOR, paletteFor, quantileBreaks, type Rgb } from './classes';

export type Scale =
  | { kind: 'sequential' }
  /** Symmetric around 0; words for the negative and positive sides (« déficit », « excédent »). */
  | { kind: 'diverging'; unit: string; negative: string; positive: string }
  /** Coverage: capacity ÷ need, fixed classes around 100 %. */
  | { kind: 'coverage' }
  /** APL: the thresholds of the zonage médecins (2,5 and 4) among the breaks. */
  | { kind: 'apl' }
  /**
   * A scenario's change in FTE, in plain words for a workshop: fixed classes (they keep their meaning
   * when a lever is switched), « pas de changement » below 0,05 (what displays as 0,0).
   */
  | { kind: 'change' }
  /** Fixed breaks on a share (0–1), written as percentages, light to dark (e.g. the share of capacity a care programme takes). */
  | { kind: 'share'; breaks: readonly number[] };

export interface Choropleth {
  breaks: number[];
  palette: Rgb[];
  labels: string[];
  classCounts: number[];
  /** Units without a value: outside the grid, or no data. */
  withoutValue: number;
  fillColors: Uint8Array;
  version: number;
}

export const COVERAGE_BREAKS = [0.6, 0.8, 1, 1.2, 1.4];
export const APL_BREAKS = [1.5, 2.5, 4, 5];
export const CHANGE_BREAKS = [-1, -0.05, 0.05, 1];
/** Neutral: nothing changes here (most of the map in a workshop). */
const UNCHANGED_COLOR: Rgb = [246, 246, 246];

function divergingLabelsFor(breaks: readonly number[], scale: Extract<Scale, { kind: 'diverging' }>): string[] {
  const [, quarter, , , m] = breaks.map((b) => formatDecimal(Math.abs(b)));
  const { unit, negative, positive } = scale;
  return [
    `${negative} de plus de ${m} ${unit}`,
    `${negative} de ${quarter} à ${m} ${unit}`,
    `${negative} de moins de ${quarter} ${unit}`,
    `équilibre ou ${positive} de moins de ${quarter} ${unit}`,
    `${positive} de ${quarter} à ${m} ${unit}`,
    `${positive} de plus de ${m} ${unit}`,
  ];
}

function scaleClasses(values: Float64Array, scale: Scale): { breaks: number[]; palette: Rgb[]; labels: string[] } {
  switch (scale.kind) {
    case 'diverging': {
      const breaks = divergingBreaks(values);
      return { breaks, palette: [...DIVERGING_PALETTE], labels: divergingLabelsFor(breaks, scale) };
    }
    case 'coverage': {
      const b = COVERAGE_BREAKS;
      return {
        breaks: b,
        palette: [...DIVERGING_PALETTE],
        labels: [`moins de ${formatPercent(b[0])}`, ...b.slice(1).map((x, i) => `de ${formatPercent(b[i])} à moins de ${formatPercent(x)}`), `${formatPercent(b[b.length - 1])} et plus`],
      };
    }
    case 'apl': {
      const b = APL_BREAKS;
      return {
        breaks: b,
        palette: [DIVERGING_PALETTE[0], DIVERGING_PALETTE[1], DIVERGING_PALETTE[2], DIVERGING_PALETTE[4], DIVERGING_PALETTE[5]],
        labels: [`moins de ${formatDecimal(b[0])}`, ...b.slice(1).map((x, i) => `de ${formatDecimal(b[i])} à moins de ${formatDecimal(x)}`), `${formatDecimal(b[b.length - 1])} et plus`],
      };
    }
    case 'change':
      return {
        breaks: CHANGE_BREAKS,
        palette: [DIVERGING_PALETTE[0], DIVERGING_PALETTE[1], UNCHANGED_COLOR, DIVERGING_PALETTE[4], DIVERGING_PALETTE[5]],
        labels: ['perd 1 médecin ou plus', 'perd moins d’1 médecin', 'pas de changement', 'gagne moins d’1 médecin', 'gagne 1 médecin ou plus'],
      };
    case 'share': {
      const b = [...scale.breaks];
      return {
        breaks: b,
        palette: paletteFor(b.length + 1),
        labels: [`moins de ${formatPercent(b[0])}`, ...b.slice(1).map((x, i) => `de ${formatPercent(b[i])} à moins de ${formatPercent(x)}`), `${formatPercent(b[b.length - 1])} et plus`],
      };
    }
    case 'sequential': {
      const breaks = quantileBreaks(values);
      return { breaks, palette: paletteFor(breaks.length + 1), labels: classLabels(breaks) };
    }
  }
}

/**
 * Colours every map feature. `values` are per territory of `cells` (perFeature false) or per map
 * feature (perFeature true, e.g. APL per commune).
 */
export function buildChoropleth(
  cells: GridCells,
  values: Float64Array,
  scale: Scale,
  version: number,
  perFeature = false,
  /** Values the classes are computed from (both sides of a side-by-side view); `values` by default. */
  classValues?: Float64Array,
): Choropleth {
  const featureCount = cells.cellOfCommune.length;
  const hasValue = perFeature
    ? (i: number) => Number.isFinite(values[i])
    : (i: number) => cells.outside[i] === 0 && Number.isFinite(values[i]);
  const valid = classValues ? classValues.filter(Number.isFinite) : values.filter((_, i) => hasValue(i));
  const { breaks, palette, labels } = scaleClasses(valid, scale);
  // The workshop's change map is read beside its big number, shown to one decimal: a value is classed as
  // it is written (0,99996 reads « 1,0 médecin de plus », so « gagne 1 médecin ou plus »), and a loss the
  // same way as a gain (−1,0 is « perd 1 médecin ou plus »: the breaks are symmetric).
  const changeClass = (value: number) => {
    const written = roundForDisplay(value, 1);
    return written < 0 ? palette.length - 1 - classOf(-written, breaks) : classOf(written, breaks);
  };
  const classed = scale.kind === 'change' ? changeClass : (value: number) => classOf(value, breaks);
  const classCounts = new Array<number>(palette.length).fill(0);
  let withoutValue = 0;
  values.forEach((value, i) => {
    if (hasValue(i)) classCounts[classed(value)]++;
    else withoutValue++;
  });
  const fillColors = new Uint8Array(featureCount * 4);
  for (let feature = 0; feature < featureCount; feature++) {
    const unit = perFeature ? feature : cells.cellOfCommune[feature];
    const color = unit < 0 || !hasValue(unit) ? OUTSIDE_COLOR : palette[classed(values[unit])];
    fillColors[feature * 4] = color[0];
    fillColors[feature * 4 + 1] = color[1];
    fillColors[feature * 4 + 2] = color[2];
    fillColors[feature * 4 + 3] = 255;
  }
  return { breaks, palette, labels, classCounts, withoutValue, fillColors, version };
}
