// What a geometry file holds before it is read as communes: a zip with one or several Shapefile layers
// (IGN ADMIN EXPRESS puts ARRONDISSEMENT, ARRONDISSEMENT_MUNICIPAL, COMMUNE, DEPARTEMENT… side by side,
// often in sub-folders), a zipped GeoJSON, or something that is no geometry at all (a CSV, an image, a PDF,
// a workbook, a 7-Zip delivery), which is named with what to do. Zips are read with fflate, layers with
// loaders.gl (SHPLoader, DBFLoader).
import { convertBinaryGeometryToGeometry } from '@loaders.gl/gis';
import { DBFLoader, SHPLoader } from '@loaders.gl/shapefile';
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { archiveContent, GEOMETRY_ADVICE, geometryRefusal, HEAD_BYTES, sniffContent } from './containers';
import type { Fail } from './geometry-crs';

export { GEOMETRY_ADVICE };

export interface GeometryFeature {
  properties: Record<string, unknown> | null;
  geometry: { type: string; coordinates: unknown } | null;
}

/** A zip's geometry: the chosen Shapefile layer as features, or the bytes of its single GeoJSON member. */
export type ZipGeometry =
  | { kind: 'shapefile'; features: GeometryFeature[]; prj: string; layer: string; note: string | null }
  | { kind: 'geojson'; bytes: Uint8Array; member: string };

/** Properties that may hold the INSEE commune code, in the order they are tried. */
export const COMMUNE_KEYS = ['code', 'codgeo', 'insee_com', 'code_insee', 'insee', 'com'];
/** Attributes of layers finer than the commune, which also carry the commune code (ADMIN EXPRESS:
 * ARRONDISSEMENT_MUNICIPAL has INSEE_ARM, COMMUNE_ASSOCIEE_OU_DELEGUEE has INSEE_CAD). */
const SUB_COMMUNE_KEYS = ['insee_arm', 'insee_cad'];
/** A commune code as files carry it: 5 characters (2A/2B for Corsica), or 4 digits after a lost leading zero. */
const COMMUNE_CODE = /^(\d{4,5}|2[AB]\d{3})$/i;

/**
 * The property holding the commune code: the first of `fields` named like COMMUNE_KEYS whose values
 * (up to 500 non-empty ones) are at least 90 % commune codes — so a département layer's `code` is not taken.
 */
export function communeKey(fields: string[], rows: ArrayLike<Record<string, unknown> | null>): string | undefined {
  return fields.find((field) => {
    if (!COMMUNE_KEYS.includes(field.toLowerCase())) return false;
    let seen = 0, codes = 0;
    for (let i = 0; i < rows.length && seen < 500; i++) {
      const value = String(rows[i]?.[field] ?? '').trim();
      if (value === '') continue;
      seen++;
      if (COMMUNE_CODE.test(value)) codes++;
    }
    return seen > 0 && codes >= 0.9 * seen;
  });
}

/**
 * What a file that is neither JSON nor a zip is (French, e.g. "image PNG : ce n’est pas une géométrie de
 * communes. …", "fichier texte de type CSV (première ligne : « … »)"), with what to do; null when it may
 * be JSON (the JSON parser then decides). Binary formats are told by the signatures of containers.ts, as
 * for the file the user gave.
 */
export function describeNonGeometry(raw: Uint8Array): string | null {
  const content = sniffContent(raw.subarray(0, HEAD_BYTES));
  if (content !== 'text' && content !== 'empty') return geometryRefusal(content);
  const head = new TextDecoder().decode(raw.subarray(0, 4096)).replace(/^\uFEFF/, '');
  const first = head.trimStart()[0];
  if (first === '{' || first === '[' || first === undefined) return null;
  if (first === '<') {
    const xml = /<kml\b/i.test(head) ? 'fichier KML' : /<(gml:|wfs:)/i.test(head) ? 'fichier GML' : 'fichier XML ou HTML';
    return `${xml} : ce format n’est pas lu ; convertissez-le en GeoJSON (par exemple avec QGIS ou ogr2ogr). ${GEOMETRY_ADVICE}`;
  }
  const line = head.trimStart().split(/\r?\n/)[0];
  const shown = line.length > 80 ? `${line.slice(0, 80)}…` : line;
  const what = /[;,\t|]/.test(line) ? 'fichier texte de type CSV' : 'fichier texte';
  return `${what} (première ligne : « ${shown} ») : ce n’est pas une géométrie de communes. ${GEOMETRY_ADVICE}`;
}

interface Layer {
  /** Path without extension, as in the zip (e.g. "ADMIN-EXPRESS/COMMUNE"). */
  path: string;
  /** File name without folder and extension (e.g. "COMMUNE"). */
  name: string;
  /** Zip entry names of its parts, by lower-case extension. */
  parts: Partial<Record<'shp' | 'dbf' | 'prj' | 'cpg', string>>;
  fields?: string[];
  rows?: Record<string, unknown>[];
}

const FILE_KINDS: [RegExp, string, string][] = [
  [/\.csv$/i, 'fichier CSV', 'fichiers CSV'],
  [/\.(txt|tsv)$/i, 'fichier texte', 'fichiers texte'],
  [/\.(xlsx|xls|ods)$/i, 'classeur', 'classeurs'],
  [/\.pdf$/i, 'PDF', 'PDF'],
  [/\.(png|jpe?g|gif|tiff?|webp)$/i, 'image', 'images'],
  [/\.(zip|7z|rar|gz|tar)$/i, 'archive', 'archives'],
  [/\.dbf$/i, 'table dBASE (.dbf) sans son .shp', 'tables dBASE (.dbf) sans leur .shp'],
  [/\.gpkg$/i, 'GeoPackage', 'GeoPackage'],
  [/./, 'autre fichier', 'autres fichiers'],
];

/** "3 fichiers CSV : a.csv, b.csv, c.csv et 1 PDF : notice.pdf". */
function describeMembers(names: string[]): string {
  const groups = new Map<string, string[]>();
  for (const name of names) {
    const [, one, many] = FILE_KINDS.find(([pattern]) => pattern.test(name))!;
    const key = `${one}|${many}`;
    groups.set(key, [...(groups.get(key) ?? []), name]);
  }
  return [...groups].map(([key, members]) => {
    const [one, many] = key.split('|');
    const shown = members.slice(0, 5).join(', ') + (members.length > 5 ? ', …' : '');
    return `${members.length} ${members.length > 1 ? many : one} : ${shown}`;
  }).join(' et ');
}

/** Text encoding of a .dbf from its .cpg (e.g. "UTF-8", "ANSI 1252", "ISO-8859-1"); without one, UTF-8 if the bytes are valid UTF-8, else Windows-1252. */
function dbfEncoding(cpg: Uint8Array | undefined, dbf: Uint8Array): string {
  const label = cpg ? new TextDecoder().decode(cpg).trim().toLowerCase() : '';
  if (/utf-?8|65001/.test(label)) return 'utf-8';
  if (/1252|ansi/.test(label)) return 'windows-1252';
  if (/8859-?15/.test(label)) return 'iso-8859-15';
  if (/8859-?1\b|latin-?1/.test(label)) return 'latin1';
  if (label) {
    try {
      new TextDecoder(label);
      return label;
    } catch {
      // Unknown label: fall through to detection.
    }
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(dbf);
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** The ESRI shape type of a .shp (header, little-endian int at byte 32): 5, 15, 25 are polygons. */
const shapeType = (shp: Uint8Array) => (shp.length >= 36 ? new DataView(shp.buffer, shp.byteOffset, 36).getInt32(32, true) : 0);
const isPolygonLayer = (shp: Uint8Array) => [5, 15, 25].includes(shapeType(shp));
const SHAPE_NAMES: Record<number, string> = { 1: 'des points', 3: 'des lignes', 8: 'des points', 11: 'des points', 13: 'des lignes', 18: 'des points', 21: 'des points', 23: 'des lignes', 28: 'des points' };

const buffer = (bytes: Uint8Array) => bytes.slice().buffer;
const label = (layer: Layer) => (layer.path === layer.name ? `« ${layer.name} »` : `« ${layer.name} » (${layer.path}.shp)`);
const withFields = (layer: Layer) => {
  const fields = layer.fields ?? [];
  return `${label(layer)} (${fields.slice(0, 8).join(', ')}${fields.length > 8 ? ', …' : ''})`;
};

/**
 * The commune geometry held by a zip. Shapefile parts are paired by path and base name (extension case
 * ignored); the commune layer is the one whose attributes hold commune codes (not an arrondissement
 * municipal or associated-commune layer), then the one named COMMUNE, then the only polygon layer; a tie
 * fails listing the layers and their attributes. A zip without .shp may hold one GeoJSON; otherwise it
 * fails saying what it holds.
 */
export function readGeometryZip(raw: Uint8Array, fail: Fail): ZipGeometry {
  const entries: UnzipFileInfo[] = [];
  const unzip = (keep: (name: string) => boolean, list?: UnzipFileInfo[]): Record<string, Uint8Array> => {
    try {
      return unzipSync(raw, { filter: (file) => (list?.push(file), keep(file.name)) });
    } catch {
      return fail('archive zip illisible (corrompue, tronquée ou compressée d’une façon que l’application ne lit pas) : recréez-la avec un outil standard, sans chiffrement.');
    }
  };
  // One pass lists the entries and inflates the small side files (and an OpenDocument's mimetype); a
  // layer's .shp only once it is chosen.
  const side = unzip((name) => /\.(dbf|prj|cpg)$/i.test(name) || name === 'mimetype', entries);
  const names = entries.map((e) => e.name).filter((n) => !n.endsWith('/') && !n.startsWith('__MACOSX/') && !/(^|\/)\._/.test(n));
  const content = archiveContent(names, side.mimetype && new TextDecoder().decode(side.mimetype));
  if (content !== 'zip') fail(geometryRefusal(content));

  const layers = new Map<string, Layer>();
  for (const name of names) {
    const match = name.match(/^(.*)\.(shp|dbf|prj|cpg)$/i);
    if (!match) continue;
    const key = match[1].toLowerCase();
    const layer = layers.get(key) ?? { path: match[1], name: match[1].split('/').pop()!, parts: {} };
    layer.parts[match[2].toLowerCase() as 'shp'] = name;
    layers.set(key, layer);
  }
  const shapefiles = [...layers.values()].filter((l) => l.parts.shp).sort((a, b) => a.path.localeCompare(b.path));

  if (shapefiles.length === 0) {
    const geojson = names.filter((n) => /\.(geo)?json$/i.test(n));
    if (geojson.length === 1) return { kind: 'geojson', bytes: unzip((n) => n === geojson[0])[geojson[0]], member: geojson[0] };
    if (geojson.length > 1) fail(`archive contenant plusieurs GeoJSON (${geojson.join(', ')}) : gardez-y seulement celui des communes, ou importez-le directement.`);
    if (names.length === 0) fail(`archive vide. ${GEOMETRY_ADVICE}`);
    fail(`archive contenant ${describeMembers(names)} ; ce n’est pas une géométrie. ${GEOMETRY_ADVICE}`);
  }

  const exactName = (layer: Layer) => /^communes?$/i.test(layer.name);
  const withoutDbf = shapefiles.filter((l) => !l.parts.dbf);
  const missing = withoutDbf.find(exactName) ?? (withoutDbf.length === shapefiles.length ? withoutDbf[0] : undefined);
  if (missing) {
    fail(`la couche ${label(missing)} n’a pas de fichier .dbf dans l’archive (ses attributs, dont le code commune) : ` +
      `ajoutez ${missing.name}.dbf dans le même dossier que ${missing.name}.shp, avec son .prj et son .cpg, et recommencez.`);
  }
  for (const layer of shapefiles.filter((l) => l.parts.dbf)) {
    const dbf = side[layer.parts.dbf!];
    const encoding = dbfEncoding(layer.parts.cpg ? side[layer.parts.cpg] : undefined, dbf);
    try {
      const table = DBFLoader.parseSync!(buffer(dbf), { dbf: { encoding, shape: 'table' } } as never) as unknown as { schema?: { fields: { name: string }[] }; rows: Record<string, unknown>[] };
      layer.fields = table.schema?.fields.map((f) => f.name) ?? Object.keys(table.rows[0] ?? {});
      layer.rows = table.rows;
    } catch {
      fail(`la table ${layer.path}.dbf est illisible (fichier dBASE corrompu ou tronqué) : recréez l’archive à partir de la livraison d’origine.`);
    }
  }

  const isCommuneLayer = (l: Layer) =>
    l.fields !== undefined && !l.fields.some((f) => SUB_COMMUNE_KEYS.includes(f.toLowerCase())) && communeKey(l.fields, l.rows!) !== undefined;
  let candidates = shapefiles.filter(isCommuneLayer);
  if (candidates.length === 0) {
    fail(`aucune couche des communes dans l’archive : couches trouvées ${shapefiles.map(withFields).join(', ')}. ` +
      `Il faut une couche de polygones dont un attribut porte le code commune INSEE (INSEE_COM, CODGEO, CODE_INSEE…), comme la couche COMMUNE d’ADMIN EXPRESS.`);
  }
  const shpBytes = new Map<Layer, Uint8Array>();
  const shpOf = (layer: Layer) => shpBytes.get(layer) ?? shpBytes.set(layer, unzip((n) => n === layer.parts.shp)[layer.parts.shp!]).get(layer)!;
  if (candidates.length > 1 && candidates.filter(exactName).length > 0) candidates = candidates.filter(exactName);
  if (candidates.length > 1) {
    const polygons = candidates.filter((l) => isPolygonLayer(shpOf(l)));
    if (polygons.length > 0) candidates = polygons;
  }
  if (candidates.length > 1) {
    fail(`plusieurs couches peuvent être les communes : ${candidates.map(withFields).join(', ')}. ` +
      `Gardez dans l’archive une seule couche des communes (ses fichiers .shp, .dbf, .prj et .cpg) et recommencez.`);
  }

  const layer = candidates[0];
  const shp = shpOf(layer);
  if (!isPolygonLayer(shp)) {
    fail(`la couche ${label(layer)} contient ${SHAPE_NAMES[shapeType(shp)] ?? 'des formes qui ne sont pas des polygones'}, pas les contours des communes : prenez la couche de polygones (COMMUNE d’ADMIN EXPRESS).`);
  }
  let geometries: unknown[];
  try {
    geometries = (SHPLoader.parseSync!(buffer(shp), {}) as { geometries: unknown[] }).geometries;
  } catch {
    return fail(`le fichier ${layer.path}.shp est illisible (corrompu ou tronqué) : recréez l’archive à partir de la livraison d’origine.`);
  }
  if (geometries.length !== layer.rows!.length) {
    fail(`${layer.path}.shp et ${layer.path}.dbf n’ont pas le même nombre d’entités (${geometries.length} et ${layer.rows!.length}) : ils ne vont pas ensemble.`);
  }
  const features = geometries.map((geometry, i) => ({
    properties: layer.rows![i],
    geometry: geometry ? (convertBinaryGeometryToGeometry(geometry as never) as { type: string; coordinates: unknown }) : null,
  }));
  const prj = layer.parts.prj ? new TextDecoder().decode(side[layer.parts.prj]) : '';
  const folder = layer.path.includes('/') ? ` (dossier ${layer.path.slice(0, layer.path.lastIndexOf('/'))})` : '';
  const note = shapefiles.length > 1
    ? `Couche « ${layer.name} »${folder} choisie parmi ${shapefiles.length} couches de l’archive : ${shapefiles.map((l) => l.name).join(', ')}.`
    : null;
  return { kind: 'shapefile', features, prj, layer: layer.path, note };
}
