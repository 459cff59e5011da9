// Coordinate reference systems of a commune geometry file: what a GeoJSON `crs` member or a Shapefile
// `.prj` declares, or, when neither is given, what the coordinates and the commune codes allow. Lambert 93
// is never assumed for projected coordinates outside its metropolitan extent or for overseas communes.
// Projections are proj4 definition strings (EPSG definitions; sources in docs/import-formats.md).
import proj4 from 'proj4';
import { formatDecimal } from '../../common/format-fr';

/** A way to read x / y: `definition` null means longitude / latitude in degrees (WGS84 or equivalent). */
export interface Crs {
  /** Shown to the user, e.g. "UTM 40S (RGR92, EPSG:2975)". */
  label: string;
  definition: string | null;
}

/** Bounding box [west, south, east, north], in the unit of the coordinates it bounds. */
export type Bbox = [number, number, number, number];

/** Where a feature lies before any conversion, with its commune code (as read, may be empty). */
export interface FeatureExtent {
  code: string;
  bbox: Bbox;
}

export interface ChosenCrs {
  crs: Crs;
  /** French note for the import report (how the system was found), or null for plain WGS84. */
  note: string | null;
}

/** Thrown messages are French, for the user; `fail` prefixes them with the file name. */
export type Fail = (message: string) => never;

export const WGS84: Crs = { label: 'longitude / latitude WGS84 (EPSG:4326)', definition: null };

const utm = (zone: number, south: boolean, datum: 'GRS80' | 'WGS84') =>
  `+proj=utm +zone=${zone}${south ? ' +south' : ''} ${datum === 'WGS84' ? '+datum=WGS84' : '+ellps=GRS80 +towgs84=0,0,0,0,0,0,0'} +units=m +no_defs`;

export const LAMBERT_93: Crs = {
  label: 'Lambert 93 (RGF93, EPSG:2154)',
  definition: '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
};
const RGAF09_UTM_20N: Crs = { label: 'UTM 20N (RGAF09, EPSG:5490)', definition: utm(20, false, 'GRS80') };
const RGFG95_UTM_22N: Crs = { label: 'UTM 22N (RGFG95, EPSG:2972)', definition: utm(22, false, 'GRS80') };
const RGR92_UTM_40S: Crs = { label: 'UTM 40S (RGR92, EPSG:2975)', definition: utm(40, true, 'GRS80') };
const RGM04_UTM_38S: Crs = { label: 'UTM 38S (RGM04, EPSG:4471)', definition: utm(38, true, 'GRS80') };

/** Projected systems accepted by EPSG code: Lambert 93, the overseas UTM zones (French and WGS84 datums), Web Mercator. */
const PROJECTED: Record<number, Crs> = {
  2154: LAMBERT_93,
  5490: RGAF09_UTM_20N,
  4559: { label: 'UTM 20N (RRAF91, EPSG:4559)', definition: utm(20, false, 'GRS80') },
  2989: { label: 'UTM 20N (RRAF91, EPSG:2989)', definition: utm(20, false, 'WGS84') },
  32620: { label: 'UTM 20N (WGS84, EPSG:32620)', definition: utm(20, false, 'WGS84') },
  2972: RGFG95_UTM_22N,
  32622: { label: 'UTM 22N (WGS84, EPSG:32622)', definition: utm(22, false, 'WGS84') },
  2975: RGR92_UTM_40S,
  32740: { label: 'UTM 40S (WGS84, EPSG:32740)', definition: utm(40, true, 'WGS84') },
  4471: RGM04_UTM_38S,
  32738: { label: 'UTM 38S (WGS84, EPSG:32738)', definition: utm(38, true, 'WGS84') },
  3857: { label: 'Web Mercator (EPSG:3857)', definition: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs' },
};
/** Geographic systems read as WGS84 longitude / latitude (their differences are below a metre):
 * WGS84, RGF93, ETRS89 and the overseas frames RRAF91, RGM04, RGR92, RGFG95, RGAF09. */
const GEOGRAPHIC = new Set([4326, 4171, 4258, 4558, 4470, 4627, 4624, 5489]);

/** Overseas départements: their UTM system and an envelope of their land (degrees, with a margin). */
export const OVERSEAS: Record<string, { name: string; crs: Crs; bbox: Bbox }> = {
  '971': { name: 'Guadeloupe', crs: RGAF09_UTM_20N, bbox: [-61.9, 15.8, -60.95, 16.6] },
  '972': { name: 'Martinique', crs: RGAF09_UTM_20N, bbox: [-61.3, 14.35, -60.75, 14.95] },
  '973': { name: 'Guyane', crs: RGFG95_UTM_22N, bbox: [-54.7, 2.0, -51.5, 5.9] },
  '974': { name: 'La Réunion', crs: RGR92_UTM_40S, bbox: [55.15, -21.45, 55.9, -20.8] },
  '976': { name: 'Mayotte', crs: RGM04_UTM_38S, bbox: [44.9, -13.1, 45.35, -12.55] },
};
/** Metropolitan France with Corsica, in degrees. */
const METROPOLE: Bbox = [-5.5, 41.2, 9.8, 51.2];
/** EPSG:2154's projected extent (metropolitan France and its waters), in metres. */
const LAMBERT_93_EXTENT: Bbox = [-380000, 6000000, 1330000, 7240000];

const ADVICE_CRS =
  'reprojetez le fichier en WGS84 (longitude / latitude, EPSG:4326), ou joignez au Shapefile son fichier .prj, ' +
  'ou ajoutez au GeoJSON un membre « crs » (par exemple {"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2154"}})';
const ACCEPTED = 'WGS84 (EPSG:4326, CRS84), Lambert 93 (EPSG:2154), UTM 20N (EPSG:5490, 4559, 32620), UTM 22N (EPSG:2972, 32622), UTM 40S (EPSG:2975, 32740), UTM 38S (EPSG:4471, 32738), Web Mercator (EPSG:3857)';

function byEpsgCode(code: number, from: string, fail: Fail): Crs {
  if (GEOGRAPHIC.has(code)) return { ...WGS84, label: `longitude / latitude (EPSG:${code})` };
  const crs = PROJECTED[code];
  if (!crs) fail(`système de coordonnées EPSG:${code} (${from}) non pris en charge : reprojetez le fichier en WGS84 (EPSG:4326) ou en Lambert 93 (EPSG:2154). Systèmes acceptés : ${ACCEPTED}.`);
  return crs;
}

/**
 * The system named by a GeoJSON `crs` member (GeoJSON 2008: {"type":"name","properties":{"name":…}}, or
 * the older {"type":"EPSG","properties":{"code":…}}), e.g. "urn:ogc:def:crs:EPSG::2975", "EPSG:2154",
 * "http://www.opengis.net/def/crs/EPSG/0/4471", "urn:ogc:def:crs:OGC:1.3:CRS84". Undefined when absent;
 * anything unreadable or unknown fails.
 */
export function crsFromGeoJsonMember(member: unknown, fail: Fail): Crs | undefined {
  if (member === undefined || member === null) return undefined;
  const { type, properties } = (member ?? {}) as { type?: unknown; properties?: { name?: unknown; code?: unknown } };
  const name = type === 'name' ? properties?.name : type === 'EPSG' ? `EPSG:${String(properties?.code ?? '')}` : undefined;
  if (typeof name !== 'string') {
    return fail(`membre « crs » illisible (${JSON.stringify(member).slice(0, 120)}) : attendu {"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2154"}} ; ${ADVICE_CRS}.`);
  }
  if (/CRS:?84$/i.test(name.trim())) return { ...WGS84, label: 'longitude / latitude WGS84 (CRS84)' };
  const code = /EPSG/i.test(name) ? name.trim().match(/(\d+)$/)?.[1] : undefined;
  if (!code) return fail(`système de coordonnées « ${name} » (membre « crs ») non reconnu : ${ADVICE_CRS}. Systèmes acceptés : ${ACCEPTED}.`);
  return byEpsgCode(Number(code), 'membre « crs »', fail);
}

/** A projection read from a .prj, and whether only proj4's WKT reading vouches for it. */
export interface PrjCrs {
  crs: Crs;
  parsedByProj4: boolean;
}

/**
 * The system described by a Shapefile .prj (WKT 1, ESRI or OGC flavour, or WKT 2): first an EPSG code in
 * AUTHORITY / ID, then the system's name (RGF93_Lambert_93, RGR92_UTM_zone_40S, WGS_1984_UTM_Zone_20N…),
 * then whatever proj4 makes of the WKT. Undefined for an empty .prj; fails when nothing recognises it.
 */
export function crsFromPrj(wkt: string, fail: Fail): PrjCrs | undefined {
  const text = wkt.replace(/^\uFEFF/, '').trim();
  if (!text) return undefined;
  const projected = /^(PROJCS|PROJCRS|PROJECTEDCRS)\s*\[/i.test(text);
  const name = text.match(/^\w+\s*\[\s*"([^"]*)"/)?.[1] ?? '';
  // In WKT 1 the system's own AUTHORITY comes last; nested ones name its datum, units or base system,
  // so only codes of the right kind (projected for a PROJCS) are considered.
  const codes = [...text.matchAll(/(?:AUTHORITY|ID)\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]/gi)].map((m) => Number(m[1])).reverse();
  const code = codes.find((c) => (projected ? c in PROJECTED : GEOGRAPHIC.has(c)));
  if (code !== undefined) return { crs: byEpsgCode(code, 'fichier .prj', fail), parsedByProj4: false };

  const words = name.toLowerCase().replace(/[^a-z0-9]+/g, ' ');
  if (projected) {
    if (/lambert ?93\b/.test(words)) return { crs: LAMBERT_93, parsedByProj4: false };
    const zone = words.match(/\butm(?: zone)? ?(\d{1,2}) ?(n|s)(?:orth|outh|ord|ud)?\b/);
    if (zone) {
      const wgs = /\bwgs ?(84|1984)\b/.test(words);
      const byZone: Record<string, number> = { '20n': wgs ? 32620 : 5490, '22n': wgs ? 32622 : 2972, '40s': wgs ? 32740 : 2975, '38s': wgs ? 32738 : 4471 };
      const epsg = byZone[`${Number(zone[1])}${zone[2]}`];
      if (epsg) return { crs: PROJECTED[epsg], parsedByProj4: false };
    }
  } else if (/\b(wgs ?(84|1984)|rgf ?(93|1993)|etrs ?(89|1989)|rgr ?92|rgfg ?95|rgaf ?09|rgm ?04|rraf)/.test(words) && !/\bparis\b/.test(words)) {
    return { crs: { ...WGS84, label: `longitude / latitude (${name})` }, parsedByProj4: false };
  }
  try {
    proj4(text, 'WGS84');
  } catch {
    return fail(`projection du fichier .prj non reconnue (« ${name || text.slice(0, 60)} ») : reprojetez la couche en WGS84 (EPSG:4326) ou en Lambert 93 (EPSG:2154).`);
  }
  return { crs: { label: `« ${name} » (fichier .prj lu par proj4)`, definition: text }, parsedByProj4: true };
}

const union = (boxes: Bbox[]): Bbox =>
  boxes.reduce<Bbox>((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])], [Infinity, Infinity, -Infinity, -Infinity]);
const inside = (box: Bbox, area: Bbox) => box[0] >= area[0] && box[1] >= area[1] && box[2] <= area[2] && box[3] <= area[3];
const centre = (box: Bbox): [number, number] => [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
const inLonLat = (box: Bbox) => inside(box, [-180, -90, 180, 90]);
const overseasOf = (code: string) => (code.startsWith('97') ? code.slice(0, 3) : null);

/** "x ≈ 338 000, y ≈ 7 684 000": the centre of the coordinates, rounded to the kilometre (degrees: to 0.01). */
export function describeCoordinates(box: Bbox): string {
  const [x, y] = centre(box);
  if (inLonLat(box)) return `x ≈ ${formatDecimal(x, 2)}, y ≈ ${formatDecimal(y, 2)}, des degrés`;
  const round = (v: number) => String(Math.round(v / 1000) * 1000).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `x ≈ ${round(x)}, y ≈ ${round(y)}`;
}

/** The centre of each feature converted with `crs` (lon/lat, NaN when the conversion fails). */
function convertedCentres(crs: Crs, extents: FeatureExtent[]): [number, number][] {
  const convert = crs.definition ? proj4(crs.definition, 'WGS84') : null;
  return extents.map((e) => {
    const c = centre(e.bbox);
    try {
      return convert ? (convert.forward(c) as [number, number]) : c;
    } catch {
      return [NaN, NaN];
    }
  });
}
const pointIn = ([x, y]: [number, number], area: Bbox) => x >= area[0] && x <= area[2] && y >= area[1] && y <= area[3];

/** Where the pack places a commune (its centroid, lon / lat), when it knows. */
export type Locate = (code: string) => [number, number] | undefined;

/**
 * Median distance (km, equirectangular) between the features converted with `crs` and the pack's
 * centroids of their communes; null when no feature's commune has a known place.
 */
function medianOffsetKm(crs: Crs, extents: FeatureExtent[], locate: Locate | undefined): number | null {
  if (!locate) return null;
  const centres = convertedCentres(crs, extents);
  const offsets: number[] = [];
  extents.forEach((e, i) => {
    const place = locate(e.code);
    if (!place) return;
    const [lon, lat] = centres[i];
    const dx = (lon - place[0]) * Math.cos((place[1] * Math.PI) / 180), dy = lat - place[1];
    offsets.push(Number.isFinite(dx + dy) ? 111.2 * Math.hypot(dx, dy) : Infinity);
  });
  if (offsets.length === 0) return null;
  offsets.sort((a, b) => a - b);
  return offsets[Math.floor(offsets.length / 2)];
}
/** Beyond this median offset from the communes' centroids, a guessed system is wrong (communes are ≤ ~30 km wide). */
const MAX_OFFSET_KM = 50;

/**
 * How to read the coordinates. A declared system (crs member or .prj) is used as declared, except that a
 * .prj only proj4 could read must put every feature in France (and near its commune's centroid when
 * `locate` knows it); without a declaration: coordinates within
 * longitude / latitude bounds are WGS84; overseas communes (97x) in UTM-like coordinates take their
 * département's UTM zone only if every feature then lands in its département; metropolitan communes (or
 * features without code) take Lambert 93 only if the coordinates lie in its metropolitan extent and,
 * when `locate` knows the communes' centroids, land near them. Anything else fails, saying what was found
 * and what to do.
 */
export function chooseCrs(
  declared: { crs: Crs; from: string; parsedByProj4?: boolean } | undefined,
  extents: FeatureExtent[],
  fail: Fail,
  locate?: Locate,
): ChosenCrs {
  const all = union(extents.map((e) => e.bbox));
  if (declared) {
    const { crs, from } = declared;
    if (!crs.definition && !inLonLat(all)) {
      fail(`le ${from} annonce des longitudes / latitudes (${crs.label}) mais les coordonnées sont projetées (${describeCoordinates(all)}) : corrigez-le ou ${ADVICE_CRS}.`);
    }
    // Even a system declared by its EPSG code must fit the coordinates (lon / lat written under an
    // EPSG:2154 member would land in the Gulf of Guinea).
    if (crs.definition && !convertedCentres(crs, extents).every((p) => pointIn(p, METROPOLE) || Object.values(OVERSEAS).some((d) => pointIn(p, d.bbox)))) {
      fail(`la projection du ${from} (${crs.label}) place des communes hors de France (${describeCoordinates(all)}) : le système déclaré ne correspond pas aux coordonnées ; ${ADVICE_CRS}.`);
    }
    const offset = declared.parsedByProj4 ? medianOffsetKm(crs, extents, locate) : null;
    if (offset !== null && offset > MAX_OFFSET_KM) {
      fail(`la projection du ${from} (${crs.label}) place les communes à ${Math.round(offset)} km de leur position (distance médiane) : ${ADVICE_CRS}.`);
    }
    return { crs, note: crs.definition ? `Coordonnées en ${crs.label}, d’après le ${from}, converties en longitude / latitude.` : null };
  }
  if (inLonLat(all)) return { crs: WGS84, note: null };

  const unknown = (why: string) => fail(`coordonnées projetées inconnues (${describeCoordinates(all)}), sans membre « crs » ni fichier .prj${why} : ${ADVICE_CRS}.`);
  const coded = extents.filter((e) => e.code !== '');
  const departements = new Set(coded.map((e) => overseasOf(e.code)));
  if (departements.size > 0 && !departements.has(null)) {
    const zones = new Set([...departements].map((d) => OVERSEAS[d!]?.crs));
    const names = [...departements].map((d) => OVERSEAS[d!]?.name ?? d).join(', ');
    const [crs] = zones;
    if (zones.size !== 1 || !crs) return unknown(` ; communes d’outre-mer (${names}) sans zone UTM commune`);
    const looksUtm = all[0] > 100000 && all[2] < 900000 && all[1] >= 0 && all[3] <= 10000000;
    const centres = convertedCentres(crs, coded);
    if (!looksUtm || !coded.every((e, i) => pointIn(centres[i], OVERSEAS[overseasOf(e.code)!].bbox))) {
      return unknown(` ; les codes communes sont de ${names}, mais ces coordonnées lues en ${crs.label} n’y tombent pas`);
    }
    return { crs, note: `Aucun crs ni .prj : coordonnées lues en ${crs.label}, zone déduite des codes communes (${names}) et vérifiée sur l’emprise du département ; converties en longitude / latitude.` };
  }
  if (departements.has(null) && departements.size > 1) return unknown(' ; communes de métropole et d’outre-mer mêlées');
  if (!inside(all, LAMBERT_93_EXTENT)) return unknown(' ; hors de l’emprise de Lambert 93 en métropole');
  // Other projections also fall in that extent (Web Mercator of northern France does): the communes must
  // then land where the pack places them.
  const offset = medianOffsetKm(LAMBERT_93, coded, locate);
  if (offset !== null && offset > MAX_OFFSET_KM) return unknown(` ; lues en Lambert 93, les communes tomberaient à ${Math.round(offset)} km de leur position (distance médiane)`);
  return { crs: LAMBERT_93, note: 'Aucun crs ni .prj : coordonnées dans l’emprise métropolitaine de Lambert 93, lues en Lambert 93 (EPSG:2154) et converties en longitude / latitude.' };
}
