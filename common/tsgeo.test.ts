import { describe, expect, it } from 'vitest';
import { decodeTsGeo, encodeTsGeo, TsGeoFormatError, type TsGeoLayer } from './tsgeo';

const layer: TsGeoLayer = {
  layer: 'test',
  codes: ['55545', '2A004'],
  bbox: [0, 0, 3, 2],
  positions: Float32Array.from([0, 0, 1, 0, 1, 1, 2, 0, 3, 0, 3, 2]),
  featureVertexStarts: Uint32Array.from([0, 3, 6]),
  ringVertexStarts: Uint32Array.from([0, 3, 6]),
  triangles: Uint32Array.from([0, 1, 2, 3, 4, 5]),
};

describe('format TSGEO', () => {
  it('relit exactement ce qu’il a écrit, sections alignées sur 8 octets', () => {
    const bytes = encodeTsGeo(layer);
    // Copy into a fresh buffer as fetch() would.
    const decoded = decodeTsGeo(bytes.slice().buffer);
    expect(decoded.codes).toEqual(layer.codes);
    expect(decoded.bbox).toEqual(layer.bbox);
    expect(Array.from(decoded.positions)).toEqual(Array.from(layer.positions));
    expect(Array.from(decoded.featureVertexStarts)).toEqual([0, 3, 6]);
    expect(Array.from(decoded.triangles)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(decoded.positions.byteOffset % 8).toBe(0);
    expect(decoded.triangles.byteOffset % 8).toBe(0);
  });

  it('refuse un fichier qui n’est pas du TSGEO', () => {
    expect(() => decodeTsGeo(new TextEncoder().encode('{"type":"FeatureCollection"}').buffer)).toThrow(TsGeoFormatError);
  });

  it('signale un fichier tronqué au lieu de lire hors limites', () => {
    const bytes = encodeTsGeo(layer);
    expect(() => decodeTsGeo(bytes.slice(0, bytes.length - 8).buffer)).toThrow(/tronqué/);
    expect(() => decodeTsGeo(bytes.slice(0, 20).buffer)).toThrow(/tronqué/);
  });
});
