// What the map needs of a pack, aligned with the geometry's features: commune attributes and the
// territories of a grid. Built from the pack model (engine-inputs.ts loadPackModel, or the pack's engine
// snapshot) in plain TypeScript: the territories come in the engine's own order, so a territory index
// means the same thing in the page's cells and in the worker's figures (one grid model).
import { isGridId, OUTSIDE_GRID_CODES } from '../../common/pack';
import type { PackModel } from './engine-inputs';

/** Attributes of the map's communes, aligned with the geometry's feature order. */
export interface CommuneAttributes {
  names: string[];
  departements: string[];
  population: Float64Array;
  /** 1 when the geometry's commune is absent from the pack. */
  unknown: Uint8Array;
}

/**
 * The territories of a grid and, for each geometry feature, the index of its territory (-1: none).
 * Territories 0 … n − 1 are the engine's, in its order (the figures of `indicators` follow it); the grid's
 * "no territory" code (AAV2020 000, EPCI ZZZZZZZZZ), when communes have it, comes last with `outside` = 1.
 */
export interface GridCells {
  /** A grid of GRIDS or a custom grid (`PERSO:<name>`). */
  grid: string;
  codes: string[];
  labels: string[];
  /** Population municipale of each territory (all its communes, drawn or not). */
  population: Float64Array;
  communeCount: Uint32Array;
  /** 1 for the "no territory" cell of the grid: not a territory, shown apart. */
  outside: Uint8Array;
  cellOfCommune: Int32Array;
}

/** The pack's commune index (engine order) of each geometry feature, -1 when the pack does not have it. */
export function communeOfFeature(model: PackModel, featureCodes: readonly string[]): Int32Array {
  const index = new Map(model.communes.codes.map((code, i) => [code, i]));
  return Int32Array.from(featureCodes, (code) => index.get(code) ?? -1);
}

export function communeAttributes(model: PackModel, featureCommunes: Int32Array): CommuneAttributes {
  const { names, departements, population } = model.communes;
  const at = <T>(values: ArrayLike<T>, empty: T) => (c: number) => (c >= 0 ? values[c] : empty);
  return {
    names: Array.from(featureCommunes, at(names, '')),
    departements: Array.from(featureCommunes, at(departements, '')),
    population: Float64Array.from(featureCommunes, at(population, 0)),
    unknown: Uint8Array.from(featureCommunes, (c) => (c < 0 ? 1 : 0)),
  };
}

/** GridCells of `grid`; throws an Error in French for a grid the pack does not have. */
export function gridCells(model: PackModel, grid: string, featureCommunes: Int32Array): GridCells {
  const found = model.grids.find((g) => g.id === grid);
  if (!found) throw new Error(`Maillage inconnu : ${grid}.`);
  const territories = found.codes.length;
  const hasOutside = found.outside?.includes(1) ?? false;
  const outsideSpec = isGridId(grid) ? OUTSIDE_GRID_CODES[grid] : undefined;
  const size = territories + (hasOutside ? 1 : 0);
  // Territory of each commune of the pack, the outside cell included.
  const cellOf = Int32Array.from(found.cellOfCommune, (cell, c) => (cell < 0 && hasOutside && found.outside![c] === 1 ? territories : cell));
  const population = new Float64Array(size);
  const communeCount = new Uint32Array(size);
  cellOf.forEach((cell, c) => {
    if (cell < 0) return;
    population[cell] += model.communes.population[c];
    communeCount[cell] += 1;
  });
  const outside = new Uint8Array(size);
  if (hasOutside) outside[territories] = 1;
  return {
    grid,
    codes: hasOutside ? [...found.codes, outsideSpec?.code ?? ''] : [...found.codes],
    labels: hasOutside ? [...found.labels, outsideSpec?.label ?? 'Hors territoire'] : [...found.labels],
    population,
    communeCount,
    outside,
    cellOfCommune: Int32Array.from(featureCommunes, (c) => (c >= 0 ? cellOf[c] : -1)),
  };
}
