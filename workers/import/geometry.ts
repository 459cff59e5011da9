// Commune geometry from a GeoJSON file (plain, gzip or zipped) or a zipped Shapefile delivery (one or
// several layers, e.g. IGN ADMIN EXPRESS; see geometry-archive.ts) → the pack's TSGEO layer, triangulated
// once. Features are keyed by their INSEE code (property code, codgeo, insee_com, code_insee, insee or com);
// obsolete codes are remapped to COG 2025 and their parts joined. Coordinates are read in the system the
// GeoJSON `crs` member or the Shapefile `.prj` declares, else in one the coordinates and codes prove
// (geometry-crs.ts), and converted to WGS84 longitude / latitude with proj4.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { gunzipSync } from 'fflate';
import proj4 from 'proj4';
import { encodeTsGeo } from '../../common/tsgeo';
import type { SqlDatabase } from '../db/sql-database';
import { COMMUNE_KEYS, communeKey, describeNonGeometry, GEOMETRY_ADVICE, readGeometryZip, type GeometryFeature } from './geometry-archive';
import { chooseCrs, crsFromGeoJsonMember, crsFromPrj, type Bbox, type Crs, type FeatureExtent } from './geometry-crs';
import { geojsonToTsGeo } from './geojson-to-tsgeo';
import { ImportError, readAll, type ImportSource } from './source-reader';

type Position = number[];
type Polygon = Position[][];

export interface GeometryImport {
  bytes: Uint8Array;
  features: number;
  report: { file: string; bytes: number; sha256: string; linesRead: number; rowsKept: number; unknownCodes: number; notes: string[] };
}

/**
 * Reads `source` (whole: geometry files are small) into a TSGEO layer of the communes of the pack's COG.
 * Needs tables `communes(code_commune, lon, lat)` and `ref_codes_communes(code_source, code_commune)` in `db`.
 * Throws ImportError with a French message naming the file for anything it cannot read with certainty.
 */
export async function importGeometry(db: SqlDatabase, source: ImportSource, signal?: AbortSignal): Promise<GeometryImport> {
  const raw = await readAll(source, signal);
  const size = raw.length;
  const fail = (message: string): never => {
    throw new ImportError(`Fichier « ${source.name} » : ${message}`);
  };
  const { features, declared, notes } = readFeatures(raw, fail);

  const fields = [...new Set(features.slice(0, 100).flatMap((f) => Object.keys(f.properties ?? {})))];
  const key = communeKey(fields, features.map((f) => f.properties));
  if (!key) {
    fail(`aucune propriété ne porte de codes commune (${COMMUNE_KEYS.join(', ')}) dans les entités ; propriétés trouvées : ${fields.slice(0, 12).join(', ') || 'aucune'}.`);
  }
  const codeOf = (f: GeometryFeature) => {
    const value = String(f.properties?.[key!] ?? '').trim().toUpperCase();
    return /^\d{4}$/.test(value) ? `0${value}` : value; // a code that lost its leading zero (numeric field)
  };

  const polygonal = features.filter((f) => f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon');
  const polygonsOf = (f: GeometryFeature) => (f.geometry!.type === 'Polygon' ? [f.geometry!.coordinates] : f.geometry!.coordinates) as Polygon[];
  const extents: FeatureExtent[] = [];
  for (const feature of polygonal) {
    const bbox = extentOf(polygonsOf(feature));
    if (bbox) extents.push({ code: codeOf(feature), bbox });
  }
  if (extents.length === 0) fail('aucune entité n’a de polygone (Polygon ou MultiPolygon) avec des coordonnées : ce ne sont pas des contours de communes.');

  const remap = await db.queryColumns('SELECT code_source, code_commune FROM ref_codes_communes');
  const toCurrent = new Map(Array.from(remap.code_source, (c, i) => [String(c), String(remap.code_commune[i])]));
  // The pack's communes (PACK_TABLES.communes) and their centroids, to check a guessed projection.
  const communes = await db.queryColumns('SELECT code_commune, lon, lat FROM communes');
  const known = new Set(Array.from(communes.code_commune, String));
  const places = new Map<string, [number, number]>();
  for (let i = 0; i < communes.code_commune.length; i++) {
    if (communes.lon[i] !== null && communes.lat[i] !== null) places.set(String(communes.code_commune[i]), [Number(communes.lon[i]), Number(communes.lat[i])]);
  }
  const locate = (code: string) => places.get(toCurrent.get(code) ?? code);

  const chosen = chooseCrs(declared, extents, fail, locate);
  if (chosen.note) notes.push(chosen.note);
  const project = chosen.crs.definition ? proj4(chosen.crs.definition, 'WGS84') : null;
  const convert = (xy: Position): Position => {
    const [lon, lat] = project ? project.forward([xy[0], xy[1]]) : [xy[0], xy[1]];
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
      fail(`coordonnées (${xy[0]}, ${xy[1]}) impossibles à convertir depuis ${chosen.crs.label} : le système déclaré ne correspond pas aux coordonnées ; reprojetez le fichier en WGS84 (EPSG:4326).`);
    }
    return [lon, lat];
  };

  const polygonsByCode = new Map<string, Polygon[]>();
  let unknown = 0, remapped = 0;
  for (const feature of polygonal) {
    const rawCode = codeOf(feature);
    const code = toCurrent.get(rawCode) ?? rawCode;
    if (code !== rawCode) remapped++;
    if (!known.has(code)) {
      unknown++;
      continue;
    }
    const polygons = polygonsOf(feature).map((p) => p.map((ring) => ring.map(convert)));
    (polygonsByCode.get(code) ?? polygonsByCode.set(code, []).get(code)!).push(...polygons);
  }
  if (polygonsByCode.size === 0) fail(`aucune commune du COG 2025 reconnue parmi les codes de la propriété « ${key} » (par exemple ${polygonal.slice(0, 3).map(codeOf).join(', ')}).`);
  const layer = geojsonToTsGeo(
    {
      features: [...polygonsByCode].map(([code, polygons]) => ({
        properties: { code },
        geometry: { type: 'MultiPolygon' as const, coordinates: polygons },
      })),
    },
    { layer: `Communes importées (${source.name})`, keyProperty: 'code', triangulate: true },
  );
  const skipped = features.length - polygonal.length;
  notes.unshift(`${polygonsByCode.size} communes dessinées sur ${known.size} du COG 2025.`);
  if (remapped > 0) notes.push(`${remapped} entités d’anciens codes rattachées à leur commune 2025.`);
  if (skipped > 0) notes.push(`${skipped} entités sans polygone ignorées.`);
  return {
    bytes: encodeTsGeo(layer),
    features: polygonsByCode.size,
    report: {
      file: source.name,
      bytes: size,
      sha256: bytesToHex(sha256(raw)),
      linesRead: features.length,
      rowsKept: polygonsByCode.size,
      unknownCodes: unknown,
      notes,
    },
  };
}

/** The features of a GeoJSON or zipped Shapefile, with the system its `crs` member or `.prj` declares. */
function readFeatures(raw: Uint8Array, fail: (message: string) => never): { features: GeometryFeature[]; declared?: { crs: Crs; from: string; parsedByProj4?: boolean }; notes: string[] } {
  if (raw.length === 0) return fail(`fichier vide. ${GEOMETRY_ADVICE}`);
  let bytes = raw;
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      bytes = gunzipSync(raw);
    } catch {
      return fail('gzip corrompu ou tronqué : téléchargez le fichier de nouveau.');
    }
  }
  const notes: string[] = [];
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const content = readGeometryZip(bytes, fail);
    if (content.kind === 'shapefile') {
      if (content.note) notes.push(content.note);
      const prj = crsFromPrj(content.prj, fail);
      return { features: content.features, declared: prj && { crs: prj.crs, from: 'fichier .prj', parsedByProj4: prj.parsedByProj4 }, notes };
    }
    notes.push(`GeoJSON « ${content.member} » lu dans l’archive.`);
    bytes = content.bytes;
  }
  const what = describeNonGeometry(bytes);
  if (what) fail(what);
  const text = new TextDecoder().decode(bytes);
  let json: { type?: unknown; features?: unknown; crs?: unknown };
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = String((error as Error).message);
    const position = /Unexpected end/i.test(detail) ? text.length : Number(detail.match(/position (\d+)/)?.[1]);
    const where = Number.isFinite(position)
      ? ` à la ligne ${text.slice(0, position).split('\n').length}, colonne ${position - text.lastIndexOf('\n', position - 1)}`
      : '';
    return fail(`JSON illisible${where} (fichier tronqué ou mal formé) : ce n’est ni un GeoJSON valide ni un Shapefile zippé. ${GEOMETRY_ADVICE}`);
  }
  if (json?.type === 'Topology') fail('fichier TopoJSON : convertissez-le en GeoJSON (par exemple avec mapshaper ou QGIS) et recommencez.');
  if (json?.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    fail(`un GeoJSON « FeatureCollection » est attendu (type trouvé : ${JSON.stringify(json?.type ?? null)}). ${GEOMETRY_ADVICE}`);
  }
  const crs = crsFromGeoJsonMember(json.crs, fail);
  return { features: json.features as GeometryFeature[], declared: crs && { crs, from: 'membre « crs »' }, notes };
}

/** Bounding box of a feature's rings (x, y of each position), or null when it has no finite coordinates. */
function extentOf(polygons: Polygon[]): Bbox | null {
  const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of polygons) {
    for (const ring of polygon ?? []) {
      for (const position of ring ?? []) {
        const [x, y] = position;
        if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
        if (x < box[0]) box[0] = x;
        if (y < box[1]) box[1] = y;
        if (x > box[2]) box[2] = x;
        if (y > box[3]) box[3] = y;
      }
    }
  }
  return box[0] <= box[2] ? box : null;
}
