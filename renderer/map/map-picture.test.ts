import { describe, expect, it } from 'vitest';
import type { GridCells } from '../../workers/db/grid-cells';
import type { IndicatorsResult } from '../../workers/db/planning';
import { SPECIALTY_COUNT, specialtyIndex } from '../../workers/engine/domain';
import { DIVERGING_PALETTE, OUTSIDE_COLOR } from './classes';
import { buildMapPicture, indicatorValues, type MapPictureInput } from './map-picture';

// Three territories in the grid's order A, B, C; the engine orders them C, A, B (territoryOfCell), and a
// fourth cell Z is outside every territory. Six commune features: two in A, one in B, one in C, one in Z, one in none.
const cells: GridCells = {
  grid: 'BV2022',
  codes: ['A', 'B', 'C', 'Z'],
  labels: ['Alpha', 'Bêta', 'Gamma', 'Hors zonage'],
  population: Float64Array.from([10_000, 20_000, 5_000, 100]),
  communeCount: Uint32Array.from([2, 1, 1, 1]),
  outside: Uint8Array.from([0, 0, 0, 1]),
  cellOfCommune: Int32Array.from([0, 0, 1, 2, 3, -1]),
};
const territoryOfCell = Int32Array.from([1, 2, 0, -1]);
const mg = specialtyIndex('MG');

/** Figures per territory in the engine's order (C, A, B), the MG column only; other specialties 0. */
function figures(gapFte: [number, number, number], need: [number, number, number] = [100, 100, 100], capacity: [number, number, number] = [100, 100, 100]) {
  const of = (values: number[]) => {
    const out = new Float64Array(3 * SPECIALTY_COUNT);
    values.forEach((v, t) => (out[t * SPECIALTY_COUNT + mg] = v));
    return out;
  };
  return { gapFte: of(gapFte), need: of(need), capacity: of(capacity) };
}

function result(shown: ReturnType<typeof figures>, extra: Partial<IndicatorsResult> = {}): IndicatorsResult {
  return { problems: [], warnings: [], shown, reference: null, deltaGapFte: null, computeMs: 1, productivity: [], ...extra };
}

const base: MapPictureInput = {
  cells,
  territoryOfCell,
  result: null,
  scores: null,
  apl: null,
  mode: { kind: 'indicator', indicator: 'gapFte' },
  specialty: 'MG',
  gridLabel: 'Bassin de vie 2022',
  packLabel: 'Démo Meuse',
  populationSource: 'INSEE, populations légales',
  version: 7,
};
const rgb = (colors: Uint8Array, feature: number) => Array.from(colors.slice(feature * 4, feature * 4 + 3));

describe('valeurs par territoire du maillage', () => {
  it('rejoint les chiffres du moteur par territoire, quel que soit leur ordre', () => {
    // C: -3, A: +1, B: -0,5 in the engine's order.
    const values = indicatorValues(cells, territoryOfCell, figures([-3, 1, -0.5]), null, 'gapFte', 'MG');
    expect(Array.from(values!)).toEqual([1, -0.5, -3, Number.NaN]);
    const per100k = indicatorValues(cells, territoryOfCell, figures([-3, 1, -0.5]), null, 'gapPer100k', 'MG');
    expect(Array.from(per100k!.slice(0, 3), (v) => Math.round(v * 1e9) / 1e9)).toEqual([10, -2.5, -60]);
    expect(per100k![3]).toBeNaN();
    const coverage = indicatorValues(cells, territoryOfCell, figures([0, 0, 0], [200, 100, 0], [100, 150, 50]), null, 'coverage', 'MG');
    // C: 100/200, A: 150/100, B: no need.
    expect(Array.from(coverage!)).toEqual([1.5, Number.NaN, 0.5, Number.NaN]);
    expect(indicatorValues(cells, territoryOfCell, null, null, 'population', 'MG')).toBe(cells.population);
    expect(indicatorValues(cells, territoryOfCell, null, null, 'gapFte', 'MG')).toBeNull();
  });
});

describe('image de la carte', () => {
  it('écart en ETP : déficit en rouge, excédent en bleu, hors zonage gris ; titre et source', () => {
    const picture = buildMapPicture({ ...base, result: result(figures([-3, 1, -0.5])) })!;
    expect(picture.second).toBeNull();
    expect(picture.title).toBe('Écart en médecins ETP, médecine générale, par bassin de vie 2022 (négatif : déficit)');
    expect(picture.source).toBe('moteur Territoire Santé : capacité (ETP × productivité) − besoin (taux de recours × population par âge), Démo Meuse');
    expect(picture.main.version).toBe(7);
    // Breaks symmetric around 0 from the largest |value| (3): C is the strongest deficit.
    expect(picture.main.classCounts.reduce((a, b) => a + b, 0)).toBe(3);
    expect(picture.main.withoutValue).toBe(1);
    expect(rgb(picture.main.fillColors, 3)).toEqual([...DIVERGING_PALETTE[0]]); // Gamma (C), -3
    expect(DIVERGING_PALETTE.slice(3).map((c) => [...c])).toContainEqual(rgb(picture.main.fillColors, 0)); // Alpha, +1: a surplus colour
    expect(rgb(picture.main.fillColors, 0)).toEqual(rgb(picture.main.fillColors, 1)); // both communes of Alpha
    expect(DIVERGING_PALETTE.slice(0, 3).map((c) => [...c])).toContainEqual(rgb(picture.main.fillColors, 2)); // Bêta, -0,5: a deficit colour
    expect(rgb(picture.main.fillColors, 4)).toEqual([...OUTSIDE_COLOR]); // outside the grid
    expect(rgb(picture.main.fillColors, 5)).toEqual([...OUTSIDE_COLOR]); // no territory
  });

  it('population sans données de santé : classes séquentielles, source du paquet', () => {
    const picture = buildMapPicture({ ...base, mode: { kind: 'indicator', indicator: 'population' } })!;
    expect(picture.title).toBe('Population municipale par bassin de vie 2022 (habitants)');
    expect(picture.source).toBe('INSEE, populations légales');
    expect(picture.main.withoutValue).toBe(1);
  });

  it('atelier : la différence en mots simples, classes fixes', () => {
    const delta = figures([-1.5, 0.02, 2]).gapFte;
    const picture = buildMapPicture({ ...base, mode: { kind: 'workshop', indicator: 'population' }, result: result(figures([0, 0, 0]), { deltaGapFte: delta }) })!;
    expect(picture.title).toBe('Ce que le scénario change : médecins généralistes en plus ou en moins, par bassin de vie 2022');
    expect(picture.source).toBe('');
    expect(picture.main.labels[2]).toBe('pas de changement');
    expect(rgb(picture.main.fillColors, 3)).toEqual([...DIVERGING_PALETTE[0]]); // Gamma loses 1,5
    expect(rgb(picture.main.fillColors, 0)).toEqual([246, 246, 246]); // Alpha: 0,02, no change
    expect(rgb(picture.main.fillColors, 2)).toEqual([...DIVERGING_PALETTE[5]]); // Bêta gains 2
    // Without a scenario evaluated, the workshop shows its indicator.
    expect(buildMapPicture({ ...base, mode: { kind: 'workshop', indicator: 'population' } })!.title).toBe('Population municipale par bassin de vie 2022 (habitants)');
  });

  it('comparaison : différence en ETP, ou deux cartes aux mêmes classes', () => {
    const delta = figures([1, 0, -1]).gapFte;
    const compared = result(figures([-2, 1, 0]), { deltaGapFte: delta, reference: figures([-3, 1, 1]) });
    const difference = buildMapPicture({ ...base, mode: { kind: 'compare', view: 'difference', measure: 'fte' }, result: compared })!;
    expect(difference.title).toBe('Différence d’écart en ETP, médecine générale, par bassin de vie 2022 (positif : amélioration)');
    expect(difference.main.labels[0]).toMatch(/^dégradation de plus de/);

    const sides = buildMapPicture({ ...base, mode: { kind: 'compare', view: 'sideBySide', measure: 'fte' }, result: compared })!;
    expect(sides.title).toBe('Écart en médecins ETP, médecine générale, par bassin de vie 2022 (négatif : déficit) — avant (gauche) et après (droite)');
    expect(sides.second).not.toBeNull();
    expect(sides.second!.breaks).toEqual(sides.main.breaks);
    // Gamma: -3 before, -2 after; the same classes on both sides.
    expect(rgb(sides.main.fillColors, 3)).toEqual([...DIVERGING_PALETTE[0]]);
    expect(sides.main.classCounts.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('comparaison de l’APL : attend l’APL « avant », puis la différence par commune', () => {
    const compared = result(figures([0, 0, 0]), { deltaGapFte: figures([0, 0, 0]).gapFte });
    const mode = { kind: 'compare', view: 'difference', measure: 'apl' } as const;
    expect(buildMapPicture({ ...base, mode, result: compared, apl: { before: null, after: new Float64Array(6) } })).toBeNull();
    const picture = buildMapPicture({ ...base, mode, result: compared, apl: { before: Float64Array.from([2, 2, 2, 2, 2, 2]), after: Float64Array.from([3, 2, -1, 2.5, 2.5, Number.NaN]) } })!;
    expect(picture.title).toBe('Différence d’APL médecine générale par commune (après − avant)');
    expect(picture.main.classCounts.reduce((a, b) => a + b, 0)).toBe(5);
    expect(picture.main.withoutValue).toBe(1);
    // Deltas +1, 0, -3, +0,5, +0,5: classes from the 90th percentile of |Δ| (1).
    expect(picture.main.breaks).toEqual([-1, -0.25, 0, 0.25, 1]);
    expect(rgb(picture.main.fillColors, 2)).toEqual([...DIVERGING_PALETTE[0]]); // -3: the strongest drop
    expect(rgb(picture.main.fillColors, 3)).toEqual([...DIVERGING_PALETTE[4]]); // +0,5: a rise
    expect(rgb(picture.main.fillColors, 5)).toEqual([...OUTSIDE_COLOR]); // no APL
  });
});
