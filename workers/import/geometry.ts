// Commune geometry from a GeoJSON file (plain or gzip) or a zipped Shapefile (.shp, .dbf, optional
// .prj and .cpg, read with loaders.gl) → the pack's TSGEO layer, triangulated once.
// Features are keyed by their INSEE code (property code, codgeo, insee_com, code_insee or insee);
// obsolete codes are remapped to COG 2025 and their parts joined; projected coordinates (Lambert 93,
// as IGN publishes them) are converted to WGS84.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { convertBinaryGeometryToGeometry } from '@loaders.gl/gis';
import { DBFLoader, SHPLoader } from '@loaders.gl/shapefile';
import { gunzipSync, unzipSync } from 'fflate';
import proj4 from 'proj4';
import { encodeTsGeo } from '../../common/tsgeo';
import type { SqlDatabase } from '../db/sql-database';
import { geojsonToTsGeo } from './geojson-to-tsgeo';
import { ImportError, readAll, type ImportSource } from './source-reader';

const LAMBERT_93 = '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';
const KEYS = ['code', 'codgeo', 'insee_com', 'code_insee', 'insee', 'com'];

type Position = number[];
type Polygon = Position[][];
interface Feature {
  properties: Record<string, unknown> | null;
  geometry: { type: string; coordinates: unknown } | null;
}

export interface GeometryImport {
  bytes: Uint8Array;
  features: number;
  report: { file: string; bytes: number; sha256: string; linesRead: number; rowsKept: number; unknownCodes: number; notes: string[] };
}

export async function importGeometry(db: SqlDatabase, source: ImportSource, signal?: AbortSignal): Promise<GeometryImport> {
  const raw = await readAll(source, signal);
  const size = raw.length;
  const fail = (message: string): never => {
    throw new ImportError(`Fichier « ${source.name} » : ${message}`);
  };
  let collection: { type?: string; features?: Feature[] };
  let shapefileProjection: string | undefined;
  if (raw[0] === 0x50 && raw[1] === 0x4b) {
    ({ collection, projection: shapefileProjection } = readZippedShapefile(raw, fail));
  } else {
    let text: string;
    try {
      text = new TextDecoder().decode(raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw);
    } catch {
      return fail('gzip corrompu ou tronqué.');
    }
    try {
      collection = JSON.parse(text);
    } catch {
      return fail('ni GeoJSON valide (JSON illisible) ni Shapefile zippé (.zip contenant .shp et .dbf).');
    }
  }
  if (collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) fail('un GeoJSON « FeatureCollection » est attendu.');
  const first = collection.features![0]?.properties ?? {};
  const key = Object.keys(first).find((k) => KEYS.includes(k.toLowerCase()));
  if (!key) fail(`aucune propriété de code commune (${KEYS.join(', ')}) dans les entités.`);

  const remap = await db.queryColumns('SELECT code_source, code_commune FROM ref_codes_communes');
  const toCurrent = new Map(Array.from(remap.code_source, (c, i) => [String(c), String(remap.code_commune[i])]));
  const known = new Set(Array.from((await db.queryColumns('SELECT code_commune FROM communes')).code_commune, String));

  const projected = shapefileProjection ? /lambert|2154|RGF93/i.test(shapefileProjection) : (() => {
    for (const f of collection.features!) {
      const c = JSON.stringify(f.geometry?.coordinates ?? []).match(/-?\d+(\.\d+)?/);
      if (c) return Math.abs(Number(c[0])) > 180;
    }
    return false;
  })();
  if (shapefileProjection && !projected && /PROJCS/i.test(shapefileProjection)) {
    fail('projection du Shapefile non prise en charge (seuls WGS84 et Lambert 93 le sont) : reprojetez-le.');
  }
  const project = projected ? proj4(LAMBERT_93, 'WGS84') : null;

  const polygonsByCode = new Map<string, Polygon[]>();
  let unknown = 0, skipped = 0, remapped = 0;
  for (const feature of collection.features!) {
    const rawCode = String(feature.properties?.[key!] ?? '').trim();
    const code = toCurrent.get(rawCode) ?? rawCode;
    if (code !== rawCode) remapped++;
    const geometry = feature.geometry;
    if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
      skipped++;
      continue;
    }
    if (!known.has(code)) {
      unknown++;
      continue;
    }
    let polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as Polygon[];
    if (project) polygons = polygons.map((p) => p.map((ring) => ring.map((xy) => project.forward([xy[0], xy[1]]))));
    (polygonsByCode.get(code) ?? polygonsByCode.set(code, []).get(code)!).push(...polygons);
  }
  if (polygonsByCode.size === 0) fail('aucune commune du COG 2025 reconnue dans les entités.');
  const layer = geojsonToTsGeo(
    {
      features: [...polygonsByCode].map(([code, polygons]) => ({
        properties: { code },
        geometry: { type: 'MultiPolygon' as const, coordinates: polygons },
      })),
    },
    { layer: `Communes importées (${source.name})`, keyProperty: 'code', triangulate: true },
  );
  const bytes = encodeTsGeo(layer);
  const notes = [`${polygonsByCode.size} communes dessinées sur ${known.size} du COG 2025.`];
  if (projected) notes.push('Coordonnées projetées (Lambert 93) converties en longitude / latitude.');
  if (remapped > 0) notes.push(`${remapped} entités d’anciens codes rattachées à leur commune 2025.`);
  if (skipped > 0) notes.push(`${skipped} entités sans polygone ignorées.`);
  return {
    bytes,
    features: polygonsByCode.size,
    report: {
      file: source.name,
      bytes: size,
      sha256: bytesToHex(sha256(raw)),
      linesRead: collection.features!.length,
      rowsKept: polygonsByCode.size,
      unknownCodes: unknown,
      notes,
    },
  };
}

/** A zipped Shapefile as GeoJSON features, with the WKT of its .prj ('' when absent). */
function readZippedShapefile(raw: Uint8Array, fail: (message: string) => never): { collection: { type: string; features: Feature[] }; projection: string } {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(raw);
  } catch {
    return fail('archive zip illisible.');
  }
  const find = (extension: string) => Object.entries(files).find(([name]) => name.toLowerCase().endsWith(extension))?.[1];
  const shp = find('.shp'), dbf = find('.dbf');
  if (!shp || !dbf) return fail('l’archive doit contenir un fichier .shp et son .dbf.');
  const encoding = find('.cpg') ? new TextDecoder().decode(find('.cpg')).trim() || 'latin1' : 'latin1';
  const buffer = (bytes: Uint8Array) => bytes.slice().buffer;
  const shapes = SHPLoader.parseSync!(buffer(shp), {}) as { geometries: unknown[] };
  const rows = DBFLoader.parseSync!(buffer(dbf), { dbf: { encoding } }) as Record<string, unknown>[];
  if (shapes.geometries.length !== rows.length) fail('le .shp et le .dbf n’ont pas le même nombre d’entités.');
  const features = shapes.geometries.map((geometry, i) => ({
    properties: rows[i],
    geometry: geometry ? (convertBinaryGeometryToGeometry(geometry as never) as { type: string; coordinates: unknown }) : null,
  }));
  return { collection: { type: 'FeatureCollection', features }, projection: find('.prj') ? new TextDecoder().decode(find('.prj')) : '' };
}
