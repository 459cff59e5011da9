// TSGEO: the compact binary geometry format prepared at build time and read by the renderer.
//
// Why a custom container: deck.gl draws binary attributes directly, so the renderer should receive
// typed arrays it can hand over as-is (positions, ring starts, pre-computed triangle indices) instead of
// parsing 13 MB of GeoJSON and triangulating 2 M vertices on the main thread.
//
// Layout (little-endian):
//   bytes 0..7   magic "TSGEO\0\0\x01" (last byte = format version)
//   bytes 8..11  uint32 length of the JSON header in bytes
//   JSON header  (UTF-8), then zero padding to an 8-byte boundary
//   sections     typed arrays, each starting on an 8-byte boundary, described in header.sections
//
// Vertices of a feature are contiguous, and so are the vertices of each of its rings, so the same
// positions buffer serves the filled polygons (one object per feature) and the outlines (one path per ring).
// Contains no platform-specific code: used by the build script (Node), the renderer and the tests.

export const TSGEO_MAGIC = [0x54, 0x53, 0x47, 0x45, 0x4f, 0x00, 0x00, 0x01] as const;

export interface TsGeoHeader {
  format: 'tsgeo';
  version: 1;
  /** Human-readable description of the layer and its sources. */
  layer: string;
  featureCount: number;
  vertexCount: number;
  ringCount: number;
  /** Feature keys (INSEE codes), in feature order. */
  codes: string[];
  /** [minLon, minLat, maxLon, maxLat] */
  bbox: [number, number, number, number];
  sections: Record<SectionName, { offset: number; length: number }>;
}

type SectionName = 'positions' | 'featureVertexStarts' | 'ringVertexStarts' | 'triangles';

export interface TsGeoLayer {
  layer: string;
  codes: string[];
  bbox: [number, number, number, number];
  /** Interleaved lon/lat, float32. */
  positions: Float32Array;
  /** featureCount + 1 entries: vertex range of each feature. */
  featureVertexStarts: Uint32Array;
  /** ringCount + 1 entries: vertex range of each ring (outline path). */
  ringVertexStarts: Uint32Array;
  /** Triangle vertex indices into positions (empty for line-only layers). */
  triangles: Uint32Array;
}

const SECTION_ORDER: SectionName[] = ['positions', 'featureVertexStarts', 'ringVertexStarts', 'triangles'];

const align8 = (n: number): number => Math.ceil(n / 8) * 8;

export function encodeTsGeo(layer: TsGeoLayer): Uint8Array {
  const arrays: Record<SectionName, Float32Array | Uint32Array> = {
    positions: layer.positions,
    featureVertexStarts: layer.featureVertexStarts,
    ringVertexStarts: layer.ringVertexStarts,
    triangles: layer.triangles,
  };
  const sections = {} as TsGeoHeader['sections'];
  let relative = 0;
  for (const name of SECTION_ORDER) {
    sections[name] = { offset: relative, length: arrays[name].length };
    relative = align8(relative + arrays[name].byteLength);
  }
  const header: TsGeoHeader = {
    format: 'tsgeo',
    version: 1,
    layer: layer.layer,
    featureCount: layer.featureVertexStarts.length - 1,
    vertexCount: layer.positions.length / 2,
    ringCount: layer.ringVertexStarts.length - 1,
    codes: layer.codes,
    bbox: layer.bbox,
    sections,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = align8(12 + headerBytes.length);
  const out = new Uint8Array(dataStart + relative);
  out.set(TSGEO_MAGIC, 0);
  new DataView(out.buffer).setUint32(8, headerBytes.length, true);
  out.set(headerBytes, 12);
  for (const name of SECTION_ORDER) {
    const array = arrays[name];
    out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), dataStart + sections[name].offset);
  }
  return out;
}

export class TsGeoFormatError extends Error {}

/** Decodes without copying: the typed arrays are views on `buffer`. */
export function decodeTsGeo(buffer: ArrayBuffer): TsGeoLayer {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < 12 || TSGEO_MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new TsGeoFormatError("Le fichier de géométrie n'est pas au format TSGEO attendu (relancez la préparation des ressources).");
  }
  const headerLength = new DataView(buffer).getUint32(8, true);
  if (12 + headerLength > bytes.length) throw new TsGeoFormatError('Fichier de géométrie tronqué (en-tête incomplet).');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as TsGeoHeader;
  const dataStart = align8(12 + headerLength);
  const view = <T extends Float32Array | Uint32Array>(name: SectionName, Type: new (b: ArrayBuffer, o: number, l: number) => T): T => {
    const { offset, length } = header.sections[name];
    const start = dataStart + offset;
    if (start + length * 4 > bytes.length) throw new TsGeoFormatError(`Fichier de géométrie tronqué (section ${name}).`);
    return new Type(buffer, start, length);
  };
  return {
    layer: header.layer,
    codes: header.codes,
    bbox: header.bbox,
    positions: view('positions', Float32Array),
    featureVertexStarts: view('featureVertexStarts', Uint32Array),
    ringVertexStarts: view('ringVertexStarts', Uint32Array),
    triangles: view('triangles', Uint32Array),
  };
}
