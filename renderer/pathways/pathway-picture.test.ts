import { describe, expect, it } from 'vitest';
import type { GridCells } from '../../workers/db/grid-cells';
import type { PathwayReport, PathwayTerritoryRow } from '../../workers/engine/pathway-report';
import { DEFAULT_PROGRAMME } from '../../workers/engine/pathways';
import { buildMapPicture } from '../map/map-picture';
import { pathwayPicture } from './PathwaysPanel';

const cells: GridCells = {
  grid: 'DEP',
  codes: ['08', '55', '57'],
  labels: ['Ardennes', 'Meuse', 'Moselle'],
  population: Float64Array.from([270_000, 180_000, 1_040_000]),
  communeCount: Uint32Array.from([1, 1, 1]),
  outside: Uint8Array.from([0, 0, 0]),
  cellOfCommune: Int32Array.from([0, 1, 2]),
};

const row = (code: string, share: [number, number]): PathwayTerritoryRow => ({
  code,
  label: code,
  people: [0, 0],
  acts: [0, 0],
  capacity: [0, 0],
  need: [0, 0],
  scenarioProgrammes: [0, 0],
  shareOfCapacity: share,
  coveredShare: [1, 1],
  deliverable: [true, true],
});

// The Moselle row first, the Ardennes missing: values follow the map's cells by code.
const report: PathwayReport = {
  grid: 'DEP',
  gridLabel: 'Département',
  programme: DEFAULT_PROGRAMME,
  specialties: ['MG', 'OPH'],
  pathologies: [],
  strata: [],
  territories: [row('57', [0.03, 0.3]), row('55', [0.12, Number.NaN])],
  touching: null,
  withScenarioProgrammes: false,
  notDeliverable: 0,
  years: '2023',
  source: 'test',
  gaps: [],
};

describe('carte des parcours', () => {
  it('donne à chaque territoire de la carte la part de capacité de la spécialité, par code', () => {
    const picture = pathwayPicture(report, cells, 'OPH')!;
    expect(Array.from(picture.values)).toEqual([NaN, NaN, 0.3]);
    expect(picture.title).toMatch(/^Part de la capacité en ophtalmologie que prendrait le programme/);
    const drawn = buildMapPicture({
      cells,
      territoryOfCell: null,
      result: null,
      scores: null,
      apl: null,
      mode: picture,
      specialty: 'OPH',
      gridLabel: 'Département',
      packLabel: '',
      populationSource: '',
      version: 1,
    })!;
    expect(drawn.main.labels.map((l) => l.replace(/[\u00a0\u202f]/g, ' '))).toEqual(['moins de 2 %', 'de 2 % à moins de 5 %', 'de 5 % à moins de 10 %', 'de 10 % à moins de 20 %', '20 % et plus']);
    expect(drawn.main.classCounts).toEqual([0, 0, 0, 0, 1]);
    expect(drawn.main.withoutValue).toBe(2);
    expect(Array.from(pathwayPicture(report, cells, 'MG')!.values)).toEqual([NaN, 0.12, 0.03]);
  });

  it('laisse la carte de l’écart pour une spécialité hors du programme ou un autre maillage', () => {
    expect(pathwayPicture(report, cells, 'PSY')).toBeNull();
    expect(pathwayPicture(report, { ...cells, grid: 'BV2022' }, 'MG')).toBeNull();
    expect(pathwayPicture(null, cells, 'MG')).toBeNull();
  });
});
