// Commune geometry import: projections (GeoJSON `crs` member, Shapefile `.prj`, guesses that must be
// proven), zipped deliveries with several layers, and files that are no geometry. Runs importGeometry on
// native DuckDB (as the CLI does) with a small COG table. Expected longitudes / latitudes of projected
// points are control values computed with pyproj (see docs/import-formats.md, « Géométrie »).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTsGeo, type TsGeoLayer } from '../../common/tsgeo';
import { openNodeDatabase } from '../../electron/cli/duckdb-node';
import { EXIT, runCli } from '../../electron/cli/run';
import { memorySource } from '../../tests/support/sources';
import {
  BRITISH_NATIONAL_GRID_WKT, LAMBERT_93_WKT, RGAF09_UTM_20N_WKT, RGM04_UTM_38S_OGC_WKT, square, zippedLayers, zippedShapefile, type Ring, type ShapefileLayer,
} from '../../tests/fixtures/shapefile';
import type { SqlDatabase } from '../db/sql-database';
import { importGeometry } from './geometry';

const fieldCases = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'field-cases');
/** Communes of the test COG with their centroids (lon, lat; a few left unknown). */
const COMMUNES: [string, number | null, number | null][] = [
  ['55545', 5.3876, 49.1598], ['55502', 5.1882, 49.4833], ['55181', 5.6353, 49.2113], ['75056', 2.3483, 48.8534], ['01451', 5.2503, 46.2419],
  ['01015', null, null], ['97101', -61.4878, 16.2705], ['97209', -61.0676, 14.6415], ['97302', -52.3263, 4.9372], ['97411', 55.4455, -20.8907],
  ['97415', 55.2698, -21.0096], ['97611', 45.2272, -12.7806],
];

// Control points: (x, y) in the projection → (longitude, latitude), pyproj, 5 decimals.
const VIRIAT_L93 = { code: '01451', xy: [870262.2, 6571540.8], lonLat: [5.20918, 46.22229] };
const ABYMES_UTM20N = { code: '97101', xy: [657242.9, 1795384.4], lonLat: [-61.52874, 16.234] };
const CAYENNE_UTM22N = { code: '97302', xy: [353672.8, 544349.1], lonLat: [-52.31973, 4.92347] };
const SAINT_PAUL_UTM40S = { code: '97415', xy: [323086.6, 7679599.8], lonLat: [55.29821, -20.97571] };
const MAMOUDZOU_UTM38S = { code: '97611', xy: [524819.9, 8587194.7], lonLat: [45.22868, -12.77989] };

let db: SqlDatabase;
beforeAll(async () => {
  db = await openNodeDatabase({ threads: 1 });
  await db.run(`CREATE TABLE communes AS SELECT * FROM (VALUES ${COMMUNES.map(([c, lon, lat]) => `('${c}', ${lon}, ${lat})`).join(', ')}) t(code_commune, lon, lat)`);
  await db.run(`CREATE TABLE ref_codes_communes AS SELECT * FROM (VALUES ('01340', '01015')) t(code_source, code_commune)`);
});
afterAll(async () => db.close());

const run = async (name: string, bytes: Uint8Array | string) => {
  const imported = await importGeometry(db, memorySource(name, typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes));
  return { ...imported, layer: decodeTsGeo(imported.bytes.slice().buffer) };
};
const refusal = async (name: string, bytes: Uint8Array | string) => {
  try {
    await run(name, bytes);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${name} aurait dû être refusé`);
};
/** Longitude / latitude of a feature's first vertex. */
const firstVertex = (layer: TsGeoLayer, code: string) => {
  const start = layer.featureVertexStarts[layer.codes.indexOf(code)];
  return [layer.positions[2 * start], layer.positions[2 * start + 1]];
};
const expectLonLat = (actual: number[], expected: number[]) => {
  expect(actual[0]).toBeCloseTo(expected[0], 4);
  expect(actual[1]).toBeCloseTo(expected[1], 4);
};
/** Bounding box of a feature's vertices. */
const featureBbox = (layer: TsGeoLayer, code: string) => {
  const i = layer.codes.indexOf(code);
  const xs: number[] = [], ys: number[] = [];
  for (let v = layer.featureVertexStarts[i]; v < layer.featureVertexStarts[i + 1]; v++) {
    xs.push(layer.positions[2 * v]);
    ys.push(layer.positions[2 * v + 1]);
  }
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
};
const geojson = (features: { code: string; ring: Ring | number[][] }[], crs?: unknown, key = 'INSEE_COM') =>
  JSON.stringify({
    type: 'FeatureCollection',
    ...(crs === undefined ? {} : { crs }),
    features: features.map(({ code, ring }) => ({ type: 'Feature', properties: { [key]: code, NOM: 'x' }, geometry: { type: 'Polygon', coordinates: [ring] } })),
  });
const at = (point: { xy: number[] }) => square(point.xy[0], point.xy[1]);
const named = (name: string) => ({ type: 'name', properties: { name } });

describe.skipIf(!existsSync(fieldCases))('cas de terrain', () => {
  it('livraison ADMIN EXPRESS à 4 couches : la couche COMMUNE, comme le zip de contrôle', async () => {
    const delivery = await run('admin-express-4layers.zip', readFileSync(join(fieldCases, 'shapefile-layers', 'admin-express-4layers.zip')));
    const control = await run('control-commune-only.zip', readFileSync(join(fieldCases, 'shapefile-layers', 'control-commune-only.zip')));
    expect(delivery.layer.codes).toEqual(['55181', '55502', '55545', '75056']);
    expect(control.layer.codes).toEqual(delivery.layer.codes);
    expect(Array.from(delivery.layer.positions)).toEqual(Array.from(control.layer.positions));
    // Squares in Lambert 93: Paris's at (651 000, 6 862 000), Verdun's at (859 000, 6 897 000).
    const [parisLon, parisLat] = firstVertex(delivery.layer, '75056');
    expect([parisLon > 2.2 && parisLon < 2.5, parisLat > 48.8 && parisLat < 48.9]).toEqual([true, true]);
    const [verdunLon, verdunLat] = firstVertex(delivery.layer, '55545');
    expect([verdunLon > 5.1 && verdunLon < 5.4, verdunLat > 49.1 && verdunLat < 49.2]).toEqual([true, true]);
    expect(delivery.report.notes.join('\n')).toContain('Couche « COMMUNE » (dossier ADMIN-EXPRESS-COG_LAMB93_FXX) choisie parmi 4 couches');
  });

  it('La Réunion en UTM 40S : GeoJSON avec « crs » et Shapefile avec .prj dessinés comme le contrôle WGS84', async () => {
    const folder = join(fieldCases, 'overseas-projection');
    const control = await run('control.geojson', readFileSync(join(folder, 'control_reunion_wgs84.geojson')));
    const expected = featureBbox(control.layer, '97411');
    for (const file of ['communes_reunion_epsg2975.geojson', 'COMMUNE_RGR92UTM40S_REU.zip']) {
      const { layer, report } = await run(file, readFileSync(join(folder, file)));
      expect(layer.codes).toEqual(['97411']);
      const bbox = featureBbox(layer, '97411');
      bbox.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(0.03));
      expect(report.notes.join('\n')).toContain('UTM 40S (RGR92, EPSG:2975)');
    }
  });
});

describe('projection d’un GeoJSON : membre « crs »', () => {
  it.each([
    ['EPSG:2154', named('EPSG:2154'), VIRIAT_L93],
    ['urn EPSG::5490', named('urn:ogc:def:crs:EPSG::5490'), ABYMES_UTM20N],
    ['ancienne forme {"type":"EPSG"}', { type: 'EPSG', properties: { code: 2972 } }, CAYENNE_UTM22N],
    ['urn versionnée EPSG:6.6:2975', named('urn:ogc:def:crs:EPSG:6.6:2975'), SAINT_PAUL_UTM40S],
    ['URI opengis EPSG/0/4471', named('http://www.opengis.net/def/crs/EPSG/0/4471'), MAMOUDZOU_UTM38S],
    ['WGS84 UTM 20N (32620)', named('urn:ogc:def:crs:EPSG::32620'), ABYMES_UTM20N],
  ])('%s', async (_, crs, point) => {
    const { layer } = await run('communes.geojson', geojson([{ code: point.code, ring: at(point) }], crs));
    expect(layer.codes).toEqual([point.code]);
    expectLonLat(firstVertex(layer, point.code), point.lonLat);
  });

  it('CRS84 et EPSG:4326 : longitudes / latitudes gardées telles quelles', async () => {
    for (const crs of [named('urn:ogc:def:crs:OGC:1.3:CRS84'), named('EPSG:4326')]) {
      const { layer } = await run('communes.geojson', geojson([{ code: '55545', ring: [[5.38, 49.16], [5.4, 49.16], [5.4, 49.18], [5.38, 49.16]] }], crs));
      expectLonLat(firstVertex(layer, '55545'), [5.38, 49.16]);
    }
  });

  it('refuse un code EPSG inconnu, un « crs » illisible et un 4326 aux coordonnées projetées', async () => {
    const ring = at(VIRIAT_L93);
    expect(await refusal('cc49.geojson', geojson([{ code: '01451', ring }], named('urn:ogc:def:crs:EPSG::3949')))).toMatch(
      /^Fichier « cc49\.geojson » : système de coordonnées EPSG:3949 \(membre « crs »\) non pris en charge : reprojetez/,
    );
    expect(await refusal('lien.geojson', geojson([{ code: '01451', ring }], { type: 'link', properties: { href: 'x.prj' } }))).toContain('membre « crs » illisible');
    expect(await refusal('faux.geojson', geojson([{ code: '01451', ring }], named('EPSG:4326')))).toContain(
      'le membre « crs » annonce des longitudes / latitudes (longitude / latitude (EPSG:4326)) mais les coordonnées sont projetées (x ≈ 871 000, y ≈ 6 572 000)',
    );
  });
});

describe('projection d’un GeoJSON sans « crs » : seulement ce que les coordonnées et les codes prouvent', () => {
  it('Guadeloupe en UTM 20N sans crs : zone déduite du code 971 et vérifiée sur l’emprise', async () => {
    const { layer, report } = await run('guadeloupe.geojson', geojson([{ code: ABYMES_UTM20N.code, ring: at(ABYMES_UTM20N) }]));
    expectLonLat(firstVertex(layer, '97101'), ABYMES_UTM20N.lonLat);
    expect(report.notes.join('\n')).toContain('zone déduite des codes communes (Guadeloupe)');
  });

  it('Mayotte et Guyane sans crs, reconnues par leur code', async () => {
    for (const point of [MAMOUDZOU_UTM38S, CAYENNE_UTM22N]) {
      const { layer } = await run('outre-mer.geojson', geojson([{ code: point.code, ring: at(point) }]));
      expectLonLat(firstVertex(layer, point.code), point.lonLat);
    }
  });

  it('refuse des coordonnées UTM dont le code ne correspond pas à la zone (Guadeloupe codée La Réunion)', async () => {
    const message = await refusal('melange.geojson', geojson([{ code: '97415', ring: at(ABYMES_UTM20N) }]));
    expect(message).toContain('Fichier « melange.geojson » : coordonnées projetées inconnues (x ≈ 658 000, y ≈ 1 796 000), sans membre « crs » ni fichier .prj');
    expect(message).toContain('les codes communes sont de La Réunion');
    expect(message).toContain('reprojetez le fichier en WGS84');
  });

  it('ne prend jamais pour du Lambert 93 des coordonnées UTM de communes de métropole (La Réunion en Écosse)', async () => {
    const message = await refusal('reunion-sans-crs.geojson', geojson([{ code: '55545', ring: [[337000, 7683000], [339000, 7683000], [339000, 7685000], [337000, 7685000], [337000, 7683000]] }]));
    expect(message).toContain('coordonnées projetées inconnues (x ≈ 338 000, y ≈ 7 684 000)');
    expect(message).toContain('hors de l’emprise de Lambert 93 en métropole');
  });

  it('Lambert 93 sans crs pour des communes de métropole dans son emprise, pas pour des communes d’outre-mer', async () => {
    const { layer, report } = await run('viriat.geojson', geojson([{ code: '01451', ring: at(VIRIAT_L93) }]));
    expectLonLat(firstVertex(layer, '01451'), VIRIAT_L93.lonLat);
    expect(report.notes.join('\n')).toContain('lues en Lambert 93 (EPSG:2154)');
    expect(await refusal('dom-l93.geojson', geojson([{ code: '97411', ring: at(VIRIAT_L93) }]))).toContain('coordonnées projetées inconnues (x ≈ 871 000, y ≈ 6 572 000)');
    expect(await refusal('mix.geojson', geojson([{ code: '01451', ring: at(VIRIAT_L93) }, { code: '97101', ring: at(ABYMES_UTM20N) }]))).toContain(
      'communes de métropole et d’outre-mer mêlées',
    );
  });

  it('refuse du Web Mercator sans crs même dans l’emprise de Lambert 93 : les communes tomberaient loin de leur place', async () => {
    // Paris in EPSG:3857 (x ≈ 261 000, y ≈ 6 250 000): inside Lambert 93's extent, but read so it lands near Biarritz.
    const message = await refusal('paris-3857.geojson', geojson([{ code: '75056', ring: square(260000, 6249000) }]));
    expect(message).toContain('coordonnées projetées inconnues (x ≈ 261 000, y ≈ 6 250 000)');
    expect(message).toMatch(/lues en Lambert 93, les communes tomberaient à \d+ km de leur position/);
    const { layer } = await run('paris-3857.geojson', geojson([{ code: '75056', ring: square(260000, 6249000) }], named('EPSG:3857')));
    const [lon, lat] = firstVertex(layer, '75056');
    expect([Math.abs(lon - 2.34) < 0.02, Math.abs(lat - 48.85) < 0.02]).toEqual([true, true]);
  });

  it('un GeoJSON zippé ou compressé en gzip est lu de même', async () => {
    const text = geojson([{ code: MAMOUDZOU_UTM38S.code, ring: at(MAMOUDZOU_UTM38S) }], named('EPSG:4471'));
    const zipped = await run('mayotte.zip', zipSync({ 'export/mayotte.geojson': new TextEncoder().encode(text) }));
    expectLonLat(firstVertex(zipped.layer, '97611'), MAMOUDZOU_UTM38S.lonLat);
    const gzipped = await run('mayotte.geojson.gz', new Uint8Array(gzipSync(text)));
    expectLonLat(firstVertex(gzipped.layer, '97611'), MAMOUDZOU_UTM38S.lonLat);
  });
});

const communeLayer = (path: string, features: { code: string; ring: Ring }[], prj?: string, extra: Partial<ShapefileLayer> = {}): ShapefileLayer => ({
  path,
  fields: ['ID', 'NOM', 'INSEE_COM', 'INSEE_DEP'],
  features: features.map(({ code, ring }, i) => ({ values: [`COMM${i}`, `Commune ${code}`, code, code.slice(0, code.startsWith('97') ? 3 : 2)], ring })),
  prj,
  ...extra,
});

describe('Shapefile : projection du .prj', () => {
  it('Lambert 93 d’un .prj « RGF93_Lambert_93 », ancien code rattaché (comme le test de la commande import)', async () => {
    const { layer } = await run('communes-shp.zip', zippedShapefile([{ code: '55545', x: 873000, y: 6898000 }, { code: '01340', x: 880000, y: 6520000 }]));
    expect(layer.codes).toEqual(['01015', '55545']);
    const [lon, lat] = firstVertex(layer, '55545');
    expect(lon).toBeCloseTo(5.372, 2);
    expect(lat).toBeCloseTo(49.157, 2);
  });

  it('Martinique : .prj ESRI « RGAF09_UTM_Zone_20N » sans code EPSG', async () => {
    // Fort-de-France, (707 000, 1 616 000) in UTM 20N → (-61.0783, 14.6094) by proj4's EPSG:5490 definition
    // (the definition itself is checked against pyproj with Les Abymes above).
    const { layer, report } = await run('COMMUNE_MTQ.zip', zippedLayers([communeLayer('COMMUNE', [{ code: '97209', ring: square(707000, 1616000) }], RGAF09_UTM_20N_WKT)]));
    expectLonLat(firstVertex(layer, '97209'), [-61.07831, 14.6094]);
    expect(report.notes.join('\n')).toContain('UTM 20N (RGAF09, EPSG:5490), d’après le fichier .prj');
  });

  it('Mayotte : .prj OGC reconnu par son AUTHORITY["EPSG","4471"]', async () => {
    const { layer } = await run('mayotte.zip', zippedLayers([communeLayer('COMMUNE', [{ code: '97611', ring: at(MAMOUDZOU_UTM38S) as Ring }], RGM04_UTM_38S_OGC_WKT)]));
    expectLonLat(firstVertex(layer, '97611'), MAMOUDZOU_UTM38S.lonLat);
  });

  it('sans .prj, des coordonnées UTM de Guyane reconnues par le code 973', async () => {
    const { layer } = await run('guyane.zip', zippedLayers([communeLayer('COMMUNE', [{ code: '97302', ring: at(CAYENNE_UTM22N) as Ring }])]));
    expectLonLat(firstVertex(layer, '97302'), CAYENNE_UTM22N.lonLat);
  });

  it('refuse une projection que proj4 lit mais qui place les communes hors de France', async () => {
    const message = await refusal('uk.zip', zippedLayers([communeLayer('COMMUNE', [{ code: '55545', ring: square(338000, 768400) }], BRITISH_NATIONAL_GRID_WKT)]));
    expect(message).toContain('la projection du fichier .prj (« British_National_Grid » (fichier .prj lu par proj4)) place des communes hors de France');
  });
});

describe('Shapefile : livraisons à plusieurs couches', () => {
  const departement: ShapefileLayer = {
    path: 'LIVRAISON/ADMIN-EXPRESS-COG/1_DONNEES_LIVRAISON/DEPARTEMENT',
    fields: ['ID', 'NOM', 'INSEE_DEP', 'INSEE_REG'],
    features: [{ values: ['DEPA1', 'Ain', '01', '84'], ring: square(800000, 6500000, 100000) }],
    prj: LAMBERT_93_WKT,
  };
  const epci: ShapefileLayer = {
    path: 'LIVRAISON/ADMIN-EXPRESS-COG/1_DONNEES_LIVRAISON/EPCI',
    fields: ['ID', 'CODE_SIREN', 'NOM', 'NATURE'],
    features: [{ values: ['EPCI1', '200071751', 'CA du Bassin de Bourg-en-Bresse', 'CA'], ring: square(850000, 6550000, 40000) }],
    prj: LAMBERT_93_WKT,
  };

  it('trois couches dans un sous-dossier, extensions en majuscules : la couche COMMUNE est lue', async () => {
    const commune = communeLayer('LIVRAISON/ADMIN-EXPRESS-COG/1_DONNEES_LIVRAISON/COMMUNE', [
      { code: '01451', ring: at(VIRIAT_L93) as Ring },
      { code: '01340', ring: square(880000, 6520000) },
    ], LAMBERT_93_WKT, { upperCaseExtensions: true, cpg: 'UTF-8' });
    const { layer, report } = await run('ADMIN-EXPRESS-COG_LAMB93_FXX.zip', zippedLayers([departement, commune, epci], { 'LIVRAISON/LISEZ-MOI.txt': 'Livraison de test' }));
    expect(layer.codes).toEqual(['01015', '01451']);
    expectLonLat(firstVertex(layer, '01451'), VIRIAT_L93.lonLat);
    expect(report.notes.join('\n')).toContain(
      'Couche « COMMUNE » (dossier LIVRAISON/ADMIN-EXPRESS-COG/1_DONNEES_LIVRAISON) choisie parmi 3 couches de l’archive : COMMUNE, DEPARTEMENT, EPCI.',
    );
  });

  it('écarte les arrondissements municipaux (INSEE_ARM) même s’ils portent INSEE_COM', async () => {
    const arm: ShapefileLayer = {
      path: 'ARRONDISSEMENT_MUNICIPAL',
      fields: ['ID', 'NOM', 'INSEE_ARM', 'INSEE_COM'],
      features: [{ values: ['ARM1', 'Paris 1er', '75101', '75056'], ring: square(651000, 6862000) }],
      prj: LAMBERT_93_WKT,
    };
    const communes = communeLayer('communes_ign', [{ code: '75056', ring: square(645000, 6855000, 15000) }], LAMBERT_93_WKT);
    const { layer } = await run('paris.zip', zippedLayers([arm, communes]));
    expect(layer.codes).toEqual(['75056']);
    expectLonLat(firstVertex(layer, '75056'), [2.25132, 48.79274]);
  });

  it('refuse une archive ambiguë en listant les couches et leurs attributs', async () => {
    const a = communeLayer('ADECOG_FXX/COMMUNE', [{ code: '55545', ring: square(873000, 6898000) }], LAMBERT_93_WKT);
    const b = communeLayer('ADECOG_REU/COMMUNE', [{ code: '97411', ring: square(337000, 7683000) }], 'PROJCS["RGR92_UTM_zone_40S"]');
    const message = await refusal('deux.zip', zippedLayers([a, b, departement]));
    expect(message).toBe(
      'Fichier « deux.zip » : plusieurs couches peuvent être les communes : « COMMUNE » (ADECOG_FXX/COMMUNE.shp) (ID, NOM, INSEE_COM, INSEE_DEP), ' +
        '« COMMUNE » (ADECOG_REU/COMMUNE.shp) (ID, NOM, INSEE_COM, INSEE_DEP). Gardez dans l’archive une seule couche des communes (ses fichiers .shp, .dbf, .prj et .cpg) et recommencez.',
    );
    const c = communeLayer('communes_2024', [{ code: '55545', ring: square(873000, 6898000) }], LAMBERT_93_WKT);
    const d = communeLayer('communes_2025', [{ code: '55545', ring: square(873000, 6898000) }], LAMBERT_93_WKT);
    expect(await refusal('millesimes.zip', zippedLayers([c, d]))).toContain('plusieurs couches peuvent être les communes : « communes_2024 » (ID, NOM, INSEE_COM, INSEE_DEP), « communes_2025 »');
  });

  it('une couche sans .dbf, une archive sans couche des communes, une archive sans .shp', async () => {
    const noDbf = communeLayer('ADMIN/COMMUNE', [{ code: '55545', ring: square(873000, 6898000) }], LAMBERT_93_WKT, { omit: ['dbf'] });
    expect(await refusal('sans-dbf.zip', zippedLayers([noDbf, departement]))).toBe(
      'Fichier « sans-dbf.zip » : la couche « COMMUNE » (ADMIN/COMMUNE.shp) n’a pas de fichier .dbf dans l’archive (ses attributs, dont le code commune) : ' +
        'ajoutez COMMUNE.dbf dans le même dossier que COMMUNE.shp, avec son .prj et son .cpg, et recommencez.',
    );
    expect(await refusal('dep.zip', zippedLayers([departement, epci]))).toContain(
      'aucune couche des communes dans l’archive : couches trouvées « DEPARTEMENT » (LIVRAISON/ADMIN-EXPRESS-COG/1_DONNEES_LIVRAISON/DEPARTEMENT.shp) (ID, NOM, INSEE_DEP, INSEE_REG)',
    );
    const csv = zipSync({ 'a.csv': new Uint8Array([0x61]), 'b.csv': new Uint8Array([0x62]), 'c.csv': new Uint8Array([0x63]) });
    expect(await refusal('tables.zip', csv)).toBe(
      `Fichier « tables.zip » : archive contenant 3 fichiers CSV : a.csv, b.csv, c.csv ; ce n’est pas une géométrie. Pour la géométrie des communes, donnez un GeoJSON (.geojson, éventuellement compressé en .gz ou .zip) ou un Shapefile zippé (.zip contenant .shp, .dbf et .prj), par exemple la couche COMMUNE d’ADMIN EXPRESS (IGN).`,
    );
  });
});

describe('fichiers qui ne sont pas une géométrie', () => {
  const cases: [string, Uint8Array | string, string][] = [
    ['carte.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'image PNG : ce n’est pas une géométrie de communes.'],
    ['photo.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image JPEG : ce n’est pas une géométrie de communes.'],
    ['notice.pdf', '%PDF-1.7\n%âãÏÓ\n', 'document PDF : ce n’est pas une géométrie de communes.'],
    ['communes.csv', 'CODGEO;LIBGEO;P21_POP\n55545;Verdun;16000\n', 'fichier texte de type CSV (première ligne : « CODGEO;LIBGEO;P21_POP ») : ce n’est pas une géométrie de communes.'],
    ['communes.csv.gz', new Uint8Array(gzipSync('CODGEO,LIBGEO\n55545,Verdun\n')), 'fichier texte de type CSV (première ligne : « CODGEO,LIBGEO »)'],
    ['ADMIN-EXPRESS-COG_3-2__SHP_LAMB93_FXX.7z', new Uint8Array([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]), 'archive 7-Zip (.7z), la forme des livraisons ADMIN EXPRESS de l’IGN : extrayez-la'],
    ['COMMUNE.shp', new Uint8Array([0x00, 0x00, 0x27, 0x0a, 0, 0, 0, 0]), 'fichier .shp seul'],
    ['vide.geojson', '', 'fichier vide.'],
    ['tronque.geojson', '{"type":"FeatureCollection",\n"features":[{"type":', 'JSON illisible à la ligne 2'],
    ['topo.json', '{"type":"Topology","objects":{}}', 'fichier TopoJSON'],
    ['communes.kml', '<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"></kml>', 'fichier KML : ce format n’est pas lu'],
    // Binary formats told by the signatures of containers.ts, as for the file given to --geometry.
    ['communes.gpkg', 'SQLite format 3\u0000\u0010\u0000', 'base SQLite ou GeoPackage (.gpkg), que l’application ne lit pas : exportez la couche des communes en GeoJSON ou en Shapefile'],
    ['communes.tif', new Uint8Array([0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8]), 'image TIFF (raster, peut-être un GeoTIFF) : ce n’est pas une géométrie de communes.'],
    ['communes.parquet', new Uint8Array([0x50, 0x41, 0x52, 0x31, 0x15, 0x04, 0x15, 0x10]), 'fichier Parquet (peut-être un GeoParquet), que l’application ne lit pas comme géométrie'],
    ['communes.rar', 'Rar!\u001a\u0007\u0000', 'archive RAR : extrayez-la, puis zippez les fichiers de la couche des communes'],
    ['communes.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'classeur Excel ancien format (.xls) ou protégé par mot de passe : ce n’est pas une géométrie de communes.'],
    ['communes.geojson.gz', new Uint8Array(gzipSync(new Uint8Array([0, 0, 0x27, 0x0a, 0, 0, 0, 0]))), 'fichier .shp seul'],
  ];
  it.each(cases)('%s', async (name, bytes, expected) => {
    const message = await refusal(name, bytes);
    expect(message).toContain(`Fichier « ${name} » : ${expected}`);
  });

  it('un classeur xlsx (zip) est nommé comme tel', async () => {
    const xlsx = zipSync({ '[Content_Types].xml': new TextEncoder().encode('<Types/>'), 'xl/workbook.xml': new TextEncoder().encode('<workbook/>') });
    expect(await refusal('communes.xlsx', xlsx)).toContain('Fichier « communes.xlsx » : classeur Excel (.xlsx) : ce n’est pas une géométrie de communes.');
    const ods = zipSync({ mimetype: new TextEncoder().encode('application/vnd.oasis.opendocument.spreadsheet'), 'content.xml': new TextEncoder().encode('<x/>') });
    expect(await refusal('communes.ods', ods)).toContain('Fichier « communes.ods » : classeur OpenDocument (.ods) : ce n’est pas une géométrie de communes.');
  });

  it('par la commande import : --geometry d’un GeoPackage, d’un GeoTIFF, d’un Parquet nommés comme tels', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ts-geometry-'));
    const given: [string, Uint8Array, string][] = [
      ['communes.gpkg', new TextEncoder().encode('SQLite format 3\u0000\u0010\u0000\u0001\u0001'), 'base SQLite ou GeoPackage (.gpkg), que l’application ne lit pas : exportez la couche des communes en GeoJSON ou en Shapefile'],
      ['communes.tif', new Uint8Array([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0]), 'image TIFF (raster, peut-être un GeoTIFF) : ce n’est pas une géométrie de communes.'],
      ['communes.parquet', new Uint8Array([0x50, 0x41, 0x52, 0x31, 0x15, 0x00, 0x15, 0x14]), 'fichier Parquet (peut-être un GeoParquet), que l’application ne lit pas comme géométrie'],
    ];
    for (const [name, bytes, expected] of given) {
      writeFileSync(join(folder, name), bytes);
      let stderr = '';
      const code = await runCli(['import', '--out', join(folder, `paquet-${name}`), '--geometry', join(folder, name)], {
        stdout: { write: () => undefined },
        stderr: { write: (text: string) => (stderr += text) },
      });
      expect(code).toBe(EXIT.badData);
      expect(stderr).toContain(`« ${name} » : ${expected}`);
      expect(stderr).not.toContain('non reconnu');
    }
  }, 60_000);

  it('un GeoJSON sans code commune dit quelles propriétés il a', async () => {
    const text = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '55', nom: 'Meuse' }, geometry: { type: 'Polygon', coordinates: [[[5, 49], [5.1, 49], [5.1, 49.1], [5, 49]]] } }] });
    expect(await refusal('departements.geojson', text)).toContain('aucune propriété ne porte de codes commune (code, codgeo, insee_com, code_insee, insee, com) dans les entités ; propriétés trouvées : code, nom.');
  });
});
