// What the map draws, as a pure function of the figures and the view: colours per commune feature (and the
// right half when side by side), the legend's title and source. use-map-picture.ts only memoises it; the rules of which
// picture goes with which mode live here, with their tests (map-picture.test.ts).
import type { GridCells } from '../../workers/db/grid-cells';
import type { IndicatorsResult } from '../../workers/db/planning';
import { SPECIALTY_COUNT, SPECIALTY_LABELS, specialtyIndex, type Specialty } from '../../workers/engine/domain';
import type { Scores } from '../../workers/engine/scores';
import type { Indicator } from '../view-state';
import { doctorsPlural } from '../words';
import { buildChoropleth, type Choropleth, type Scale } from './choropleth';

/** What the map draws: colours per feature (and the right half when side by side), with the legend's words. */
export interface MapPicture {
  main: Choropleth;
  second: Choropleth | null;
  title: string;
  source: string;
}

export type CompareMeasure = 'fte' | 'apl';
export type CompareView = 'difference' | 'sideBySide';

/** Figures per territory of the engine, `SPECIALTY_COUNT` values per territory. */
type Figures = IndicatorsResult['shown'];

/**
 * Which picture: the workshop's change map (its indicator while no scenario is evaluated), the comparison
 * (difference or side by side), or one indicator.
 */
export type PictureMode =
  | { kind: 'workshop'; indicator: Indicator }
  | { kind: 'compare'; view: CompareView; measure: CompareMeasure }
  | { kind: 'indicator'; indicator: Indicator }
  /** Values per cell computed elsewhere (the « Parcours de soins » tab: share of capacity a programme takes). */
  | { kind: 'values'; values: Float64Array; scale: Scale; title: string; source: string };

export interface MapPictureInput {
  cells: GridCells;
  /** Territory (engine order) of each cell of `cells`, -1 for none. */
  territoryOfCell: Int32Array | null;
  /** The worker's figures for this grid (null: the pack has no health data). */
  result: IndicatorsResult | null;
  scores: Scores | null;
  /** APL per commune feature (consultations per inhabitant and year), after and (comparison) before. */
  apl: { before: Float64Array | null; after: Float64Array } | null;
  mode: PictureMode;
  specialty: Specialty;
  /** Label of the grid drawn (« Bassin de vie 2022 »). */
  gridLabel: string;
  /** The pack's label, quoted in the source of the health figures. */
  packLabel: string;
  /** Source of the population (the pack's communes table), for the population map. */
  populationSource: string;
  /** Version of the colours, for deck.gl's update triggers and the benchmark's marks. */
  version: number;
}

/** Values per cell of `cells` of an indicator from a set of figures; null when the figures are missing. */
export function indicatorValues(
  cells: GridCells,
  territoryOfCell: Int32Array | null,
  figures: Figures | null,
  scores: Scores | null,
  which: Indicator,
  specialty: Specialty,
): Float64Array | null {
  if (which === 'population') return cells.population;
  const pick = (fn: (t: number, cell: number) => number) => {
    const out = new Float64Array(cells.codes.length);
    for (let cell = 0; cell < out.length; cell++) {
      const t = territoryOfCell ? territoryOfCell[cell] : -1;
      out[cell] = t < 0 ? Number.NaN : fn(t, cell);
    }
    return out;
  };
  if (which === 'scorePa' || which === 'scoreAld' || which === 'scoreUrgence') return scores ? pick((t) => scores[which][t]) : null;
  if (!figures) return null;
  const s = specialtyIndex(specialty);
  const k = (t: number) => t * SPECIALTY_COUNT + s;
  if (which === 'gapFte') return pick((t) => figures.gapFte[k(t)]);
  // Per 100 000 inhabitants, so that large territories do not dictate the classes.
  if (which === 'gapPer100k') return pick((t, cell) => (cells.population[cell] > 0 ? (figures.gapFte[k(t)] / cells.population[cell]) * 100_000 : Number.NaN));
  if (which === 'gapActs') return pick((t) => figures.capacity[k(t)] - figures.need[k(t)]);
  if (which === 'coverage') return pick((t) => (figures.need[k(t)] > 0 ? figures.capacity[k(t)] / figures.need[k(t)] : Number.NaN));
  return null;
}

/** The colour scale of an indicator. */
export function indicatorScale(which: Indicator): Scale {
  if (which === 'gapFte') return { kind: 'diverging', unit: 'ETP', negative: 'déficit', positive: 'excédent' };
  if (which === 'gapPer100k') return { kind: 'diverging', unit: 'ETP pour 100 000 hab.', negative: 'déficit', positive: 'excédent' };
  if (which === 'gapActs') return { kind: 'diverging', unit: 'actes', negative: 'déficit', positive: 'excédent' };
  if (which === 'coverage') return { kind: 'coverage' };
  if (which === 'apl') return { kind: 'apl' };
  return { kind: 'sequential' };
}

/** The legend's title of an indicator map. */
export function indicatorTitle(which: Indicator, specialty: Specialty, gridLabel: string): string {
  const per = `par ${gridLabel.toLowerCase()}`;
  const specialtyLabel = SPECIALTY_LABELS[specialty].toLowerCase();
  switch (which) {
    case 'population':
      return `Population municipale ${per} (habitants)`;
    case 'gapFte':
      return `Écart en médecins ETP, ${specialtyLabel}, ${per} (négatif : déficit)`;
    case 'gapPer100k':
      return `Écart en médecins ETP pour 100 000 habitants, ${specialtyLabel}, ${per} (négatif : déficit)`;
    case 'gapActs':
      return `Écart en actes par an, ${specialtyLabel}, ${per} (négatif : actes à couvrir)`;
    case 'coverage':
      return `Taux de couverture du besoin, ${specialtyLabel}, ${per}`;
    case 'apl':
      return `APL ${specialtyLabel}, par commune (consultations accessibles par habitant et par an)`;
    case 'scorePa':
      return `Score personnes âgées ${per} (1 = moyenne nationale)`;
    case 'scoreAld':
      return `Score ALD ${per} (1 = moyenne nationale)`;
    case 'scoreUrgence':
      return `Score urgence ${per} (minutes jusqu’aux urgences)`;
  }
}

/**
 * The map's picture, or null when its figures are not there yet (the page then keeps the last one on screen).
 * Workshop: the scenario's change in plain words whenever a scenario is evaluated. Comparison: the difference
 * (FTE per territory, or APL per commune), or both sides with the classes of all their values so that a colour
 * means the same on each side. Otherwise the chosen indicator.
 */
export function buildMapPicture(input: MapPictureInput): MapPicture | null {
  const { cells, territoryOfCell, result, scores, apl, mode, specialty, gridLabel, version } = input;
  const s = specialtyIndex(specialty);
  const specialtyLabel = SPECIALTY_LABELS[specialty].toLowerCase();
  const healthSource = `moteur Territoire Santé : capacité (ETP × productivité) − besoin (taux de recours × population par âge), ${input.packLabel}`;
  const deltaPerCell = (delta: Float64Array) =>
    Float64Array.from(cells.codes, (_, cell) => {
      const t = territoryOfCell ? territoryOfCell[cell] : -1;
      return t < 0 ? Number.NaN : delta[t * SPECIALTY_COUNT + s];
    });

  if (mode.kind === 'values') return { main: buildChoropleth(cells, mode.values, mode.scale, version), second: null, title: mode.title, source: mode.source };
  if (mode.kind === 'workshop' && result?.deltaGapFte) {
    return {
      main: buildChoropleth(cells, deltaPerCell(result.deltaGapFte), { kind: 'change' }, version),
      second: null,
      title: `Ce que le scénario change : ${doctorsPlural(specialty)} en plus ou en moins, par ${gridLabel.toLowerCase()}`,
      source: '',
    };
  }
  if (mode.kind === 'compare' && result?.deltaGapFte && mode.view === 'difference') {
    if (mode.measure === 'apl') {
      if (!apl?.before) return null;
      const before = apl.before;
      const delta = apl.after.map((v, i) => v - before[i]);
      return {
        main: buildChoropleth(cells, delta, { kind: 'diverging', unit: 'consultations/hab.', negative: 'baisse', positive: 'hausse' }, version, true),
        second: null,
        title: `Différence d’APL ${specialtyLabel} par commune (après − avant)`,
        source: healthSource,
      };
    }
    return {
      main: buildChoropleth(cells, deltaPerCell(result.deltaGapFte), { kind: 'diverging', unit: 'ETP', negative: 'dégradation', positive: 'amélioration' }, version),
      second: null,
      title: `Différence d’écart en ETP, ${specialtyLabel}, par ${gridLabel.toLowerCase()} (positif : amélioration)`,
      source: healthSource,
    };
  }
  const which: Indicator = mode.kind === 'compare' ? (mode.measure === 'apl' ? 'apl' : 'gapFte') : mode.indicator;
  const perFeature = which === 'apl';
  const after = perFeature ? (apl?.after ?? null) : indicatorValues(cells, territoryOfCell, result?.shown ?? null, scores, which, specialty);
  if (!after) return null;
  if (mode.kind === 'compare' && mode.view === 'sideBySide' && result?.reference) {
    const before = perFeature ? apl?.before : indicatorValues(cells, territoryOfCell, result.reference, scores, which, specialty);
    if (before) {
      const both = Float64Array.from([...before, ...after]);
      const main = buildChoropleth(cells, before, indicatorScale(which), version, perFeature, both);
      const second = buildChoropleth(cells, after, indicatorScale(which), version, perFeature, both);
      return { main, second, title: `${indicatorTitle(which, specialty, gridLabel)} — avant (gauche) et après (droite)`, source: healthSource };
    }
  }
  const source = which === 'population' ? input.populationSource : healthSource;
  return { main: buildChoropleth(cells, after, indicatorScale(which), version, perFeature), second: null, title: indicatorTitle(which, specialty, gridLabel), source };
}
