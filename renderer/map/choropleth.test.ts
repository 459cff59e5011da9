import { describe, expect, it } from 'vitest';
import type { GridCells } from '../../workers/db/grid-cells';
import { buildChoropleth } from './choropleth';
import { DIVERGING_PALETTE } from './classes';

// Four territories, five commune features (the last outside every territory).
const cells: GridCells = {
  grid: 'BV2022',
  codes: ['A', 'B', 'C', 'D'],
  labels: ['A', 'B', 'C', 'D'],
  population: Float64Array.from([100, 200, 300, 400]),
  communeCount: Uint32Array.from([1, 1, 1, 1]),
  outside: Uint8Array.from([0, 0, 0, 0]),
  cellOfCommune: Int32Array.from([0, 1, 2, 3, -1]),
};
const rgb = (colors: Uint8Array, feature: number) => Array.from(colors.slice(feature * 4, feature * 4 + 3));

describe('carte de l’atelier : ce que le scénario change', () => {
  it('classes fixes en mots simples ; « pas de changement » pour ce qui s’affiche 0,0', () => {
    const map = buildChoropleth(cells, Float64Array.from([2.4, 0.3, 0.04, -1.5]), { kind: 'change' }, 1);
    expect(map.labels).toEqual(['perd 1 médecin ou plus', 'perd moins d’1 médecin', 'pas de changement', 'gagne moins d’1 médecin', 'gagne 1 médecin ou plus']);
    expect(map.classCounts).toEqual([1, 0, 1, 1, 1]);
    expect(rgb(map.fillColors, 0)).toEqual([...DIVERGING_PALETTE[5]]);
    expect(rgb(map.fillColors, 1)).toEqual([...DIVERGING_PALETTE[4]]);
    expect(rgb(map.fillColors, 3)).toEqual([...DIVERGING_PALETTE[0]]);
    // The same classes whatever the values: a lever switched off turns its territories neutral.
    const off = buildChoropleth(cells, new Float64Array(4), { kind: 'change' }, 2);
    expect(off.breaks).toEqual(map.breaks);
    expect(off.classCounts).toEqual([0, 0, 4, 0, 0]);
    expect(rgb(off.fillColors, 0)).toEqual(rgb(map.fillColors, 2));
  });

  it('classe chaque territoire comme il s’écrit à une décimale, à côté du grand nombre', () => {
    // 0,99996 s’écrit « 1,0 médecin de plus » : « gagne 1 médecin ou plus », pas « moins d’1 ».
    const map = buildChoropleth(cells, Float64Array.from([0.99996, 0.949, 0.049, -0.96]), { kind: 'change' }, 1);
    expect(map.classCounts).toEqual([1, 0, 1, 1, 1]);
    expect(rgb(map.fillColors, 0)).toEqual([...DIVERGING_PALETTE[5]]);
  });
});
