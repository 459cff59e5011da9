// Small measures of TSGEO features the page needs (label and lever positions). Pure.
import type { TsGeoLayer } from '../../common/tsgeo';

/** Centre of a feature's bounding box, lon/lat; a good enough place for a label or a symbol. */
export function featureCentre(layer: TsGeoLayer, feature: number): [number, number] | null {
  if (feature < 0 || feature >= layer.codes.length) return null;
  const { positions, featureVertexStarts } = layer;
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  for (let v = featureVertexStarts[feature]; v < featureVertexStarts[feature + 1]; v++) {
    minLon = Math.min(minLon, positions[2 * v]);
    maxLon = Math.max(maxLon, positions[2 * v]);
    minLat = Math.min(minLat, positions[2 * v + 1]);
    maxLat = Math.max(maxLat, positions[2 * v + 1]);
  }
  return Number.isFinite(minLon) ? [(minLon + maxLon) / 2, (minLat + maxLat) / 2] : null;
}
