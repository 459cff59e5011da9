// Converts a GeoJSON FeatureCollection of (Multi)Polygons into the TSGEO binary layer,
// triangulated once here (earcut) so that the renderer never tessellates.
import earcut from 'earcut';
import type { TsGeoLayer } from '../../common/tsgeo';

type Ring = number[][];
type PolygonCoords = Ring[];
interface Feature {
  properties: Record<string, unknown>;
  geometry: { type: 'Polygon'; coordinates: PolygonCoords } | { type: 'MultiPolygon'; coordinates: PolygonCoords[] };
}

export interface ConvertOptions {
  layer: string;
  /** Property holding the feature key (INSEE code). */
  keyProperty: string;
  /** Skip triangulation for layers drawn as outlines only. */
  triangulate: boolean;
}

export function geojsonToTsGeo(collection: { features: Feature[] }, options: ConvertOptions): TsGeoLayer {
  // Sort by key so that the output does not depend on the order of the source file.
  const features = [...collection.features].sort((a, b) =>
    String(a.properties[options.keyProperty]).localeCompare(String(b.properties[options.keyProperty])),
  );
  const positions: number[] = [];
  const featureStarts: number[] = [0];
  const ringStarts: number[] = [0];
  const triangles: number[] = [];
  const codes: string[] = [];
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];

  for (const feature of features) {
    const key = feature.properties[options.keyProperty];
    if (typeof key !== 'string' || key === '') throw new Error(`Entité sans propriété « ${options.keyProperty} ».`);
    codes.push(key);
    const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
    for (const polygon of polygons) {
      const firstVertex = positions.length / 2;
      const flat: number[] = [];
      const holeStarts: number[] = [];
      for (const [ringIndex, ring] of polygon.entries()) {
        if (ringIndex > 0) holeStarts.push(flat.length / 2);
        for (const [lon, lat] of ring) {
          flat.push(lon, lat);
          bbox[0] = Math.min(bbox[0], lon);
          bbox[1] = Math.min(bbox[1], lat);
          bbox[2] = Math.max(bbox[2], lon);
          bbox[3] = Math.max(bbox[3], lat);
        }
        ringStarts.push(firstVertex + flat.length / 2);
      }
      if (options.triangulate) {
        for (const index of earcut(flat, holeStarts, 2)) triangles.push(firstVertex + index);
      }
      for (const value of flat) positions.push(value);
    }
    featureStarts.push(positions.length / 2);
  }

  return {
    layer: options.layer,
    codes,
    bbox,
    positions: Float32Array.from(positions),
    featureVertexStarts: Uint32Array.from(featureStarts),
    ringVertexStarts: Uint32Array.from(ringStarts),
    triangles: Uint32Array.from(triangles),
  };
}
