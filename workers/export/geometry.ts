// Commune polygons out of the TSGEO layer (common/tsgeo.ts) for the GeoJSON export and the report's
// map. TSGEO keeps rings per feature but not which ring is a hole: a ring inside an odd number of the
// feature's other rings is a hole of the smallest of them (communes rarely have more than a few rings).
import type { Grid } from '../engine/model';

/**
 * The parts of a decoded TSGEO layer (common/tsgeo.ts TsGeoLayer) the exporters read; declared here
 * because common/tsgeo.ts uses TextEncoder, outside this folder's ECMAScript-only type library.
 */
export interface TsGeoLayer {
  codes: string[];
  /** Interleaved lon/lat. */
  positions: Float32Array;
  featureVertexStarts: Uint32Array;
  ringVertexStarts: Uint32Array;
}

/** The geometry an export needs: the commune layer, the grid, and the engine's commune codes. */
export interface MapInput {
  layer: TsGeoLayer;
  grid: Grid;
  /** Commune code of each engine commune index (the COM grid's codes). */
  communeCodes: readonly string[];
}

export type Ring = [number, number][];
/** Exterior ring then holes (GeoJSON Polygon coordinates). */
export type Polygon = Ring[];

/** Feature of each engine commune in the layer, -1 when the layer has no polygon for it. */
export function featureOfCommune(layer: TsGeoLayer, communeCodes: readonly string[]): Int32Array {
  const index = new Map(layer.codes.map((code, i) => [code, i]));
  return Int32Array.from(communeCodes, (code) => index.get(code) ?? -1);
}

/** Ring index range [first, end) of every feature (ring starts are sorted, rings lie within features). */
export function ringRanges(layer: TsGeoLayer): Uint32Array {
  const features = layer.featureVertexStarts.length - 1;
  const out = new Uint32Array(features + 1);
  const starts = layer.ringVertexStarts;
  let ring = 0;
  for (let f = 0; f <= features; f++) {
    const vertex = layer.featureVertexStarts[f];
    while (ring < starts.length - 1 && starts[ring] < vertex) ring++;
    out[f] = ring;
  }
  return out;
}

const round5 = (v: number) => Math.round(v * 1e5) / 1e5;

function signedArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return sum / 2;
}

function contains(ring: Ring, x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Polygons of one feature in WGS84, coordinates rounded to 5 decimals (≈ 1 m), rings closed, exterior
 * rings counter-clockwise and holes clockwise (RFC 7946 §3.1.6). Rings of fewer than 4 positions
 * after rounding are dropped.
 */
export function featurePolygons(layer: TsGeoLayer, feature: number, ranges: Uint32Array = ringRanges(layer)): Polygon[] {
  const rings: Ring[] = [];
  const end = layer.featureVertexStarts[feature + 1];
  for (let r = ranges[feature]; r < ranges[feature + 1]; r++) {
    const ring: Ring = [];
    for (let v = layer.ringVertexStarts[r]; v < Math.min(layer.ringVertexStarts[r + 1], end); v++) {
      const point: [number, number] = [round5(layer.positions[2 * v]), round5(layer.positions[2 * v + 1])];
      const last = ring[ring.length - 1];
      if (!last || last[0] !== point[0] || last[1] !== point[1]) ring.push(point);
    }
    if (ring.length > 0 && (ring[0][0] !== ring[ring.length - 1][0] || ring[0][1] !== ring[ring.length - 1][1])) ring.push([ring[0][0], ring[0][1]]);
    if (ring.length >= 4) rings.push(ring);
  }
  const areas = rings.map((ring) => Math.abs(signedArea(ring)));
  // Depth of each ring: how many other rings contain its first vertex.
  const parents = rings.map((ring, i) => {
    const [x, y] = ring[0];
    const containing = rings.map((_, j) => j).filter((j) => j !== i && areas[j] > areas[i] && contains(rings[j], x, y));
    return containing;
  });
  const polygons = new Map<number, Polygon>();
  rings.forEach((ring, i) => {
    if (parents[i].length % 2 === 0) polygons.set(i, [orient(ring, true)]);
  });
  rings.forEach((ring, i) => {
    if (parents[i].length % 2 === 0) return;
    // The smallest containing exterior ring.
    const owner = parents[i].filter((j) => parents[j].length % 2 === 0).sort((a, b) => areas[a] - areas[b])[0];
    polygons.get(owner)?.push(orient(ring, false));
  });
  return [...polygons.values()];
}

/** Counter-clockwise (positive area) for exterior rings, clockwise for holes. */
function orient(ring: Ring, exterior: boolean): Ring {
  const ccw = signedArea(ring) > 0;
  return ccw === exterior ? ring : [...ring].reverse();
}

/** Engine communes of each territory of the grid, in commune order. */
export function membersOfTerritories(grid: Grid): number[][] {
  const members: number[][] = grid.codes.map(() => []);
  grid.cellOfCommune.forEach((cell, c) => {
    if (cell >= 0) members[cell].push(c);
  });
  return members;
}
