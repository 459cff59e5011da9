// The import pipeline end to end through the CLI (native DuckDB), and the same pack built by
// duckdb-wasm compared table by table (contract test); all-or-nothing behaviour.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { damirMonthLines } from '../../tests/fixtures/damir-files';
import { baseCc, expectedBand, POPULATION_COMMUNES, quinquennal, tdPop1b } from '../../tests/fixtures/population-files';
import { rppsText } from '../../tests/fixtures/rpps-files';
import { finessExtraction } from '../../tests/fixtures/finess-files';
import { EXPECTED_PREVALENCE, PATHOLOGIES_HEADER, pathologiesFile, pathologyLine } from '../../tests/fixtures/pathologies-files';
import { projectionsWorkbook } from '../../tests/fixtures/projections-files';
import { IMPORT_USAGE } from './commands/import';
import { zippedShapefile } from '../../tests/fixtures/shapefile';
import writeExcelFile from 'write-excel-file/node';
import { openWasmDatabase } from '../../tests/support/duckdb-wasm-node';
import { PACK_TABLES } from '../../common/pack';
import { decodeTsGeo } from '../../common/tsgeo';
import { decodeEngineSnapshot, ENGINE_SNAPSHOT_FILE } from '../../workers/db/engine-snapshot';
import { buildPack } from '../../workers/import/pack-builder';
import { ImportCancelled } from '../../workers/import/source-reader';
import { openNodeDatabase } from './duckdb-node';
import { fileSource, packFolderReader } from './files';
import { readPackTable } from './pack-tables';
import { PackDb } from '../../workers/db/pack-db';
import type { SqlDatabase } from '../../workers/db/sql-database';
import { REFERENCE_PACK_FOLDER, REFERENCE_TABLES_FOLDER } from './packs';
import { EXIT, runCli } from './run';

const work = mkdtempSync(join(tmpdir(), 'ts-import-'));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
};
const damirText = (month: number, seed: number) => [...damirMonthLines(2024, month, 4000, seed)].join('\n') + '\n';
let damir: string[], rpps: string, population: string;

async function cli(...argv: string[]) {
  const out = { stdout: '', stderr: '' };
  const code = await runCli(argv, { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) } });
  return { code, ...out };
}
const csvRows = (path: string) => parse(readFileSync(path, 'utf8'), { columns: true, delimiter: ';' }) as Record<string, string>[];

/** Columns of a Parquet file, read by native DuckDB, in the file's order (values as plain arrays). */
async function parquetRows(bytes: Uint8Array): Promise<Record<string, unknown[]>> {
  const db = await openNodeDatabase();
  await db.importParquet('fichier', bytes);
  const columns = await db.queryColumns('SELECT * FROM fichier ORDER BY rowid');
  await db.close();
  return Object.fromEntries(Object.entries(columns).map(([name, values]) => [name, Array.from(values)]));
}

/** Every table of an opened pack, sorted, values as plain arrays. */
async function packTables(db: SqlDatabase, pack: PackDb): Promise<Record<string, Record<string, unknown[]>>> {
  const out: Record<string, Record<string, unknown[]>> = {};
  for (const name of Object.keys(PACK_TABLES)) {
    if (!pack.hasTable(name as keyof typeof PACK_TABLES)) continue;
    const columns = await db.queryColumns(`SELECT * FROM ${name} ORDER BY ALL`);
    out[name] = Object.fromEntries(Object.entries(columns).map(([column, values]) => [column, Array.from(values)]));
  }
  return out;
}

beforeAll(() => {
  damir = [file('A202402.csv.gz', gzipSync(damirText(1, 11))), file('A202403.csv.gz', gzipSync(damirText(2, 12)))];
  rpps = file('PS_LibreAcces_Personne_activite_202504.txt', rppsText());
  population = file('TD_POP1B_2021.csv', tdPop1b());
});

describe('cli import, rates, supply', () => {
  const pack = join(work, 'mon-paquet');

  it('crée un paquet à partir des fichiers nationaux', async () => {
    const result = await cli('import', '--out', pack, '--damir', ...damir.flatMap((d) => ['--damir', d]).slice(1), '--rpps', rpps, '--population', population);
    expect(result.stderr).not.toMatch(/Erreur/);
    expect(result.code).toBe(EXIT.ok);
    const manifest = JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8'));
    for (const table of ['communes', 'population_age5', 'damir_actes', 'taux_recours', 'sites', 'productivite', 'structures']) expect(manifest.tables).toHaveProperty(table);
    expect(manifest.imports.map((r: { kind: string }) => r.kind)).toEqual(['population', 'damir', 'damir', 'rpps']);
    expect(manifest.warnings.join('\n')).toContain('2 mois présents, actes annualisés (× 12 / 2)');
    expect(manifest.sources.find((s: { kind: string }) => s.kind === 'damir').sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(work).filter((f) => f.includes('.tmp-') || f.includes('.old-'))).toEqual([]);
    const ages = await readPackTable(pack, 'population_age5');
    const verdun = ages.filter((r) => r.code_commune === '55545');
    expect(verdun).toHaveLength(20);
    expect(Number(verdun.find((r) => r.age5 === '95')!.population)).toBeCloseTo(expectedBand(170.5, 95));
    expect(ages.some((r) => r.code_commune === '75056')).toBe(true);
    expect(ages.some((r) => r.code_commune === '01015')).toBe(true);
  });

  it('rates : 72 lignes dont le taux égale actes annualisés ÷ population', async () => {
    const out = join(work, 'taux.csv');
    expect((await cli('rates', '--pack', pack, '--out', out)).code).toBe(EXIT.ok);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('specialite;tranche_age;actes;population;taux');
    const rows = csvRows(out);
    expect(rows).toHaveLength(72);
    expect(rows.slice(0, 8).map((r) => r.tranche_age)).toEqual(['0', '20', '30', '40', '50', '60', '70', '80']);
    expect([...new Set(rows.map((r) => r.specialite))]).toEqual(['MG', 'PSY', 'GYN', 'OPH', 'CARDIO', 'DERMATO', 'RADIO', 'PEDIA', 'PNEUMO']);
    const totalPerAge = POPULATION_COMMUNES.reduce((s, [, p]) => s + p, 0);
    const mg70 = rows.find((r) => r.specialite === 'MG' && r.tranche_age === '70')!;
    expect(Number(mg70.population)).toBe(Math.round(totalPerAge * 10));
    expect(Number(mg70.taux)).toBeCloseTo(Number(mg70.actes) / Number(mg70.population), 4);
    expect(Number(mg70.actes)).toBeGreaterThan(0);
    for (const row of rows) expect(row.taux).not.toMatch(/e/i);
    expect((await cli('rates', '--pack', pack, '--annee', '2019', '--out', out)).code).toBe(EXIT.badData);
  });

  it('supply : effectifs par site et ETP dont la somme égale le nombre de médecins', async () => {
    const out = join(work, 'offre.csv');
    expect((await cli('supply', '--pack', pack, '--out', out)).code).toBe(EXIT.ok);
    const rows = csvRows(out);
    expect(rows.map((r) => `${r.code_commune}|${r.specialite}|${r.medecins_site_principal}|${r.medecins_site_secondaire}|${r.etp}`)).toEqual([
      '01015|PSY|1|0|1.00',
      '55181|OPH|0|1|0.20',
      '55502|MG|2|0|2.00',
      '55545|MG|2|1|2.20',
      '55545|OPH|1|0|0.80',
      '57463|MG|1|0|0.80',
      '75056|CARDIO|1|0|1.00',
    ]);
    expect(rows.reduce((s, r) => s + Number(r.etp), 0)).toBeCloseTo(8);
  });

  it('diagnose fonctionne sur le paquet importé', async () => {
    const out = join(work, 'diag.csv');
    expect((await cli('diagnose', '--pack', pack, '--grid', 'DEP', '--out', out)).code).toBe(EXIT.ok);
    const meuse = csvRows(out).find((r) => r.code === '55' && r.specialite === 'MG')!;
    expect(Number(meuse.besoin_actes)).toBeGreaterThan(0);
    expect(Number(meuse.capacite_actes)).toBeGreaterThan(0);
  });

  it('écrit un paquet Parquet (version 2) que le navigateur lit (loaders.gl dans duckdb-wasm) avec les mêmes lignes', async () => {
    const manifest = JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8'));
    expect(manifest.schemaVersion).toBe(2);
    const files = Object.values(manifest.tables as Record<string, { file: string }>).map((t) => t.file);
    expect(files.every((f) => f.endsWith('.parquet'))).toBe(true);
    expect(readdirSync(pack).filter((f) => f.endsWith('.csv'))).toEqual([]);
    const nativeDb = await openNodeDatabase();
    const native = await packTables(nativeDb, await PackDb.load(nativeDb, packFolderReader(pack)));
    const wasmDb = await openWasmDatabase();
    const wasm = await packTables(wasmDb, await PackDb.load(wasmDb, packFolderReader(pack)));
    expect(Object.keys(native)).toContain('damir_actes');
    expect(wasm).toEqual(native);
    expect(native.population_age5.code_commune).toHaveLength(manifest.tables.population_age5.rows);
  });

  it('laisse le paquet intact quand un fichier est mauvais (tout ou rien)', async () => {
    const before = new Map(readdirSync(pack).map((f) => [f, readFileSync(join(pack, f), 'utf8')]));
    const truncated = file('A202404.csv.gz', gzipSync(damirText(3, 13)).subarray(0, 5000));
    const result = await cli('import', '--out', pack, '--damir', truncated);
    expect(result.code).toBe(EXIT.badData);
    expect(result.stderr).toContain('Fichier « A202404.csv.gz » : fichier gzip tronqué');
    expect(new Map(readdirSync(pack).map((f) => [f, readFileSync(join(pack, f), 'utf8')]))).toEqual(before);
    expect(readdirSync(work).filter((f) => f.includes('.tmp-') || f.includes('.old-'))).toEqual([]);
  });

  it('met à jour seulement les tables des sources données', async () => {
    const sitesBefore = readFileSync(join(pack, 'sites.parquet'));
    const q = file('pop-quinquennal.csv', quinquennal());
    expect((await cli('import', '--out', pack, '--population', q)).code).toBe(EXIT.ok);
    expect(readFileSync(join(pack, 'sites.parquet')).equals(sitesBefore)).toBe(true);
    const ages = await readPackTable(pack, 'population_age5');
    expect(ages.map((r) => r.code_commune).every((c) => c === '55545')).toBe(true);
    expect(Number(ages.find((r) => r.age5 === '0')!.population)).toBe(100 + 101);
    const broad = file('base-cc.csv', baseCc());
    const result = await cli('import', '--out', pack, '--population', broad);
    expect(result.code).toBe(EXIT.ok);
    const manifest = JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8'));
    expect(manifest.imports.at(-1).notes.join(' ')).toContain('le besoin ne peut pas être calculé');
  });

  it('refuse d’écrire dans le paquet de référence', async () => {
    const result = await cli('import', '--out', REFERENCE_PACK_FOLDER, '--population', population);
    expect(result.code).toBe(EXIT.badData);
    expect(result.stderr).toContain('ne sont jamais modifiés');
  });
});

describe('contrat entre les deux moteurs DuckDB', () => {
  it('produit les mêmes tables, ligne à ligne, avec duckdb-wasm et DuckDB natif, pour toutes les sources', async () => {
    const shared = join(import.meta.dirname, '..', '..', '..', 'shared', 'data');
    const extra = {
      grid: file('contrat-cpts.csv', 'code_commune;code_territoire;libelle_territoire\n55545;C1;CPTS 1\n55181;C1;CPTS 1\n'),
      times: file('contrat-temps.csv', 'origine;destination;minutes\n55545;55181;19,5\n'),
      bpe: file('contrat-bpe.csv', 'GEO;GEO_OBJECT;FACILITY_TYPE;BPE_MEASURE;TIME_PERIOD;OBS_VALUE\n55502;COM;D113;FACILITIES;2024;1\n55545;COM;D106;FACILITIES;2024;1\n'),
      finess: file('contrat-finess.csv', finessExtraction()),
      geometry: file('contrat-shp.zip', zippedShapefile([{ code: '55545', x: 873000, y: 6898000 }])),
      pathologies: file('contrat-effectifs.csv', pathologiesFile({ bom: true })),
      projections: file('donnees_det_Contrat.xlsx', await projectionsWorkbook()),
    };
    const request = () => ({
      damir: damir.map(fileSource),
      rpps: [fileSource(rpps)],
      population: fileSource(population),
      zonages: [fileSource(join(shared, 'zonages', 'libelles-zonages-cog2024.csv'))],
      customGrid: { source: fileSource(extra.grid), name: 'CPTS' },
      times: fileSource(extra.times),
      bpe: fileSource(extra.bpe),
      finess: fileSource(extra.finess),
      geometry: fileSource(extra.geometry),
      pathologies: fileSource(extra.pathologies),
      projections: fileSource(extra.projections),
    });
    const build = async (db: Awaited<ReturnType<typeof openNodeDatabase>>) =>
      buildPack(db, packFolderReader(REFERENCE_PACK_FOLDER), packFolderReader(REFERENCE_TABLES_FOLDER), request(), { id: 'x', label: 'x' });
    const native = await build(await openNodeDatabase());
    const wasm = await build(await openWasmDatabase());
    expect([...wasm.files.keys()].sort()).toEqual([...native.files.keys()].sort());
    for (const [name, bytes] of native.files) {
      if (name === 'manifest.json') continue;
      if (name.endsWith('.tsgeo')) {
        expect(Buffer.from(wasm.files.get(name)!).equals(Buffer.from(bytes)), name).toBe(true);
        continue;
      }
      if (name === ENGINE_SNAPSHOT_FILE) {
        // The engine snapshot read back from each engine's tables: the same communes, grids and inputs.
        const [a, b] = [decodeEngineSnapshot(bytes, native.manifest)!, decodeEngineSnapshot(wasm.files.get(name)!, wasm.manifest)!];
        expect(b.model.communes.codes).toEqual(a.model.communes.codes);
        expect(b.model.grids.map((g) => [g.id, g.codes])).toEqual(a.model.grids.map((g) => [g.id, g.codes]));
        const [pa, pb] = [a.engine!.inputs.population, b.engine!.inputs.population];
        pa.forEach((value, i) => expect(Math.abs(value - pb[i]), `population ${i}`).toBeLessThanOrEqual(1e-9 * Math.max(1, value)));
        continue;
      }
      // Parquet from two writers (DuckDB's, parquet-wasm's): the bytes differ, the rows must not.
      const a = await parquetRows(bytes);
      const b = await parquetRows(wasm.files.get(name)!);
      expect(Object.keys(b), name).toEqual(Object.keys(a));
      for (const [column, values] of Object.entries(a)) {
        expect(b[column].length, `${name} ${column}`).toBe(values.length);
        values.forEach((value, i) => {
          const other = b[column][i];
          if (typeof value === 'number') expect(Math.abs(value - Number(other)), `${name} ${column} ${i}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(value)));
          else expect(other, `${name} ${column} ${i}`).toBe(value);
        });
      }
    }
    expect(Object.keys(native.manifest.tables).every((t) => t in PACK_TABLES || t === 'geometrie')).toBe(true);
    // Both write the engine snapshot of what they imported (two full builds on two engines: 120 s allowed).
    expect(native.manifest.engineSnapshot?.file).toBe('moteur.tsbin');
    expect(wasm.manifest.engineSnapshot?.file).toBe('moteur.tsbin');
  }, 120_000);

  it('s’arrête à l’annulation sans rien produire', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      buildPack(await openNodeDatabase(), packFolderReader(REFERENCE_PACK_FOLDER), packFolderReader(REFERENCE_TABLES_FOLDER), { damir: [fileSource(damir[0])] }, { id: 'x', label: 'x', signal: controller.signal }),
    ).rejects.toBeInstanceOf(ImportCancelled);
    expect(existsSync(join(work, 'x'))).toBe(false);
  });
});

describe('cli import : zonages, maillage personnalisé, temps, établissements, BPE', () => {
  const shared = join(import.meta.dirname, '..', '..', '..', 'shared', 'data');
  const pack = join(work, 'paquet-zonages');

  it('importe la table d’appartenance INSEE 2024 (codes remappés) et ses libellés', async () => {
    const result = await cli(
      'import', '--out', pack,
      '--zonages', join(shared, 'zonages', 'communes-zonages-cog2024.csv.gz'),
      '--zonages', join(shared, 'zonages', 'libelles-zonages-cog2024.csv'),
    );
    expect(result.stderr).not.toMatch(/Erreur/);
    expect(result.code).toBe(EXIT.ok);
    const rows = await readPackTable(pack, 'appartenance');
    expect(rows.find((r) => r.code_commune === '55545')!.DEP).toBe('55');
    const manifest = JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8'));
    expect(manifest.imports[0].notes.join(' ')).toContain('Maillages mis à jour : EPCI, BV2022, ZE2020, AAV2020, DEP');
    expect(manifest.imports[0].unknownCodes).toBeDefined();
  });

  it('importe un maillage CPTS, une matrice de temps, la liste FINESS et la BPE', async () => {
    const grid = file('cpts.csv', 'code_commune;code_territoire;libelle_territoire\n55545;CPTS1;CPTS du Verdunois\n55181;CPTS1;CPTS du Verdunois\n55502;CPTS2;CPTS Nord Meusien\n99999;CPTS3;Inconnue\n');
    const times = file('temps.csv', 'origine;destination;minutes\n55545;55181;22\n55545;55181;19,5\n55181;55545;20\n55545;00000;3\n');
    const bpe = file('DS_BPE_2025_data.csv', 'GEO;GEO_OBJECT;FACILITY_TYPE;BPE_MEASURE;TIME_PERIOD;OBS_VALUE\n55502;COM;D113;FACILITIES;2024;1\n55545;COM;D106;FACILITIES;2024;1\n55545;COM;D108;FACILITIES;2024;2\n');
    const result = await cli(
      'import', '--out', pack, '--grille-perso', grid, '--nom-grille', 'CPTS', '--temps', times,
      '--finess', join(shared, 'offre-soins', 'gisco-healthcare-fr-2020-finess.csv.gz'), '--bpe', bpe,
    );
    expect(result.stderr).not.toMatch(/Erreur/);
    expect(result.code).toBe(EXIT.ok);
    expect((await readPackTable(pack, 'grilles_perso')).map((r) => `${r.code_commune}:${r.code_territoire}`)).toEqual(['55181:CPTS1', '55502:CPTS2', '55545:CPTS1']);
    expect((await readPackTable(pack, 'temps')).map((r) => `${r.origine}>${r.destination}:${r.minutes}`)).toEqual(['55181>55545:20', '55545>55181:19.5']);
    expect((await readPackTable(pack, 'structures')).map((r) => `${r.code_commune}:${r.nb_msp}:${r.nb_cds}`)).toEqual(['55502:1:0', '55545:0:2']);
    const establishments = await readPackTable(pack, 'etablissements');
    expect(establishments.length).toBeGreaterThan(5000);
    expect(establishments.some((r) => r.categorie === 'D106' && r.code_commune === '55545' && r.urgences === '1')).toBe(true);
    const manifest = JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8'));
    const finess = manifest.imports.find((r: { kind: string }) => r.kind === 'finess');
    expect(finess.notes.join(' ')).toContain('proxy');
    const out = join(work, 'cpts.csv.out');
    // A grid-only pack has no health data: diagnose explains what to import.
    const diagnose = await cli('diagnose', '--pack', pack, '--grid', 'PERSO:CPTS', '--out', out);
    expect(diagnose.code).toBe(EXIT.badData);
    expect(diagnose.stderr).toContain('Importez');
  });

  it('lit l’extraction FINESS brute : positions, projections Lambert 93 et UTM, MSP et centres de santé', async () => {
    const raw = file('etalab-cs1100507-stock.csv', finessExtraction());
    const result = await cli('import', '--out', pack, '--finess', raw);
    expect(result.stderr).not.toMatch(/Erreur/);
    expect(result.code).toBe(EXIT.ok);
    const establishments = await readPackTable(pack, 'etablissements');
    const verdun = establishments.find((r) => r.id === '550000012')!;
    expect(Number(verdun.lon)).toBeCloseTo(5.3798, 3);
    expect(Number(verdun.lat)).toBeCloseTo(49.1598, 3);
    const reunion = establishments.find((r) => r.id === '9D0000010')!;
    expect(reunion.code_commune).toBe('97411');
    expect(Number(reunion.lon)).toBeCloseTo(55.448, 2);
    expect(establishments.some((r) => r.id === '550000046')).toBe(false); // a pharmacy is not a hospital
    expect((await readPackTable(pack, 'structures')).map((r) => `${r.code_commune}:${r.nb_msp}:${r.nb_cds}`)).toEqual(['55181:0:1', '55502:1:0']);
  });

  it('importe la géométrie des communes (GeoJSON gzip de la Grand Est) en TSGEO triangulé', async () => {
    const result = await cli('import', '--out', pack, '--geometry', join(shared, 'geo', 'communes-2025-grand-est.geojson.gz'));
    expect(result.stderr).not.toMatch(/Erreur/);
    expect(result.code).toBe(EXIT.ok);
    const layer = decodeTsGeo(new Uint8Array(readFileSync(join(pack, 'geometrie.tsgeo'))).slice().buffer);
    expect(layer.codes).toHaveLength(5115);
    expect(layer.codes).toContain('55545');
    expect(layer.triangles.length).toBeGreaterThan(0);
    const manifest = JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8'));
    expect(manifest.tables.geometrie.rows).toBe(5115);
    // A zipped Shapefile in Lambert 93 (read with loaders.gl), with an old commune code.
    const zip = file('communes-shp.zip', zippedShapefile([{ code: '55545', x: 873000, y: 6898000 }, { code: '01340', x: 880000, y: 6520000 }]));
    const shpResult = await cli('import', '--out', pack, '--geometry', zip);
    expect(shpResult.stderr).not.toMatch(/Erreur/);
    const shpLayer = decodeTsGeo(new Uint8Array(readFileSync(join(pack, 'geometrie.tsgeo'))).slice().buffer);
    expect(shpLayer.codes).toEqual(['01015', '55545']);
    const verdun = shpLayer.featureVertexStarts[1];
    expect(shpLayer.positions[2 * verdun]).toBeCloseTo(5.372, 2);
    expect(shpLayer.positions[2 * verdun + 1]).toBeCloseTo(49.157, 2);
    const bad = file('pas-geojson.json', '{"type":"Feature"}');
    expect((await cli('import', '--out', pack, '--geometry', bad)).stderr).toContain('un GeoJSON « FeatureCollection » est attendu');
  });

  it('lit la table d’appartenance INSEE au format Excel (feuilles COM et Zones_supra_communales)', async () => {
    const title = [['Table d’appartenance géographique des communes au 1er janvier 2025'], ['Source : Insee'], [null]];
    const workbook = await writeExcelFile([
      { sheet: 'COM', data: [...title, ['CODGEO', 'LIBGEO', 'DEP', 'REG', 'EPCI', 'BV2022', 'ZE2020', 'AAV2020'], ['55545', 'Verdun', '55', '44', '200049187', '55545', '4418', '155'], ['01340', 'Ancienne commune', '01', '84', '200040350', '01093', '8405', '000']] },
      { sheet: 'Zones_supra_communales', data: [...title, ['NIVGEO', 'CODGEO', 'LIBGEO', 'NB_COM'], ['DEP', '55', 'Meuse (classeur)', 499]] },
    ]).toBuffer();
    const xlsx = file('table-appartenance-geo-communes-2025.xlsx', new Uint8Array(workbook));
    const result = await cli('import', '--out', pack, '--zonages', xlsx);
    expect(result.stderr).not.toMatch(/Erreur/);
    expect(result.code).toBe(EXIT.ok);
    expect((await readPackTable(pack, 'appartenance')).find((r) => r.code_commune === '01015')!.BV2022).toBe('01093');
    expect((await readPackTable(pack, 'libelles')).find((r) => r.grille === 'DEP' && r.code === '55')!.libelle).toBe('Meuse (classeur)');
    const manifest = JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8'));
    expect(manifest.imports.filter((r: { file: string }) => r.file.includes('(feuille ')).length).toBe(2);
  });

  it('importe la part de bénéficiaires en ALD des bassins de vie (CartoSanté), secret statistique vide', async () => {
    const result = await cli('import', '--out', pack, '--cartosante', join(shared, 'offre-soins', 'cartosante-indicateurs-bassins-de-vie-2024.csv'));
    expect(result.stderr).not.toMatch(/Erreur/);
    const rows = await readPackTable(pack, 'ald_bv');
    expect(rows.length).toBeGreaterThan(1700);
    expect(rows.find((r) => r.bv2022 === '01004')!.part_ald).toBe('');
    expect(Number(rows.find((r) => r.bv2022 === '01033')!.part_ald)).toBeCloseTo(13.7);
    const manifest = JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8'));
    expect(manifest.imports.at(-1).notes.join(' ')).toContain('secret statistique');
  });

  it('importe la Cartographie des pathologies et les projections Omphale (--pathologies, --projections)', async () => {
    const out = join(work, 'paquet-parcours');
    const effectifs = file('effectifs.csv', pathologiesFile({ bom: true }));
    const projections = file('donnees_det_Central.xlsx', await projectionsWorkbook());
    const result = await cli('import', '--out', out, '--pathologies', effectifs, '--projections', projections);
    expect(result.stderr).not.toMatch(/Erreur/);
    expect(result.code).toBe(EXIT.ok);
    const console = result.stdout + result.stderr;
    expect(console).toContain('effectifs.csv : 23 lignes lues, 10 retenues.');
    expect(console).toContain('donnees_det_Central.xlsx (feuille Population) : 30 lignes lues, 24 retenues.');
    expect(console).toContain('Avertissement : Prévalence des pathologies sans population par âge');
    const prevalence = await readPackTable(out, 'prevalence_pathologies');
    expect(prevalence.map((r) => [r.pathologie, r.dep, r.age5, Number(r.personnes), Number(r.prevalence)])).toEqual(
      EXPECTED_PREVALENCE.map(([p, d, a, personnes, , share]) => [p, d, String(a), personnes, share]),
    );
    const projected = await readPackTable(out, 'projections_population');
    expect(projected.length).toBe(36);
    expect(Number(projected.find((r) => r.dep === '01' && r.age5 === '0' && r.annee === '2030')!.population)).toBe(2040.5);
    expect(new Set(projected.map((r) => r.scenario))).toEqual(new Set(['Central']));
    expect(IMPORT_USAGE).toContain('[--pathologies <fichier>] [--projections <fichier>]');

    // A file of diabetes only replaces the diabetes rows: the first file, whose heart-failure rows stay, stays listed.
    const pathologySources = () => (JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).sources as { kind: string; file: string }[]).filter((s) => s.kind === 'pathologies').map((s) => s.file);
    const diabetes = file('diabete-2023.csv', [PATHOLOGIES_HEADER, pathologyLine(2023, 'DIA_CAT_CAT', '70-74', '9', '44', '54', '3300', '20000', '16.5')].join('\n'));
    expect((await cli('import', '--out', out, '--pathologies', diabetes)).code).toBe(EXIT.ok);
    expect(pathologySources()).toEqual(['effectifs.csv', 'diabete-2023.csv']);
    // Each says what it still brings.
    const vintages = (JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).sources as { kind: string; vintage: string }[]).filter((s) => s.kind === 'pathologies').map((s) => s.vintage);
    expect(vintages).toEqual(['Cartographie des pathologies 2022 : insuffisance cardiaque', 'Cartographie des pathologies 2023 : diabète']);
    // The same name again with other diabetes rows: the first file still brings the heart-failure rows.
    const diabetesAgain = file('diabete-2023.csv', [PATHOLOGIES_HEADER, pathologyLine(2023, 'DIA_CAT_CAT', '70-74', '9', '44', '54', '3400', '20000', '17.0')].join('\n'));
    expect((await cli('import', '--out', out, '--pathologies', diabetesAgain)).code).toBe(EXIT.ok);
    expect(pathologySources()).toEqual(['effectifs.csv', 'diabete-2023.csv']);
    // A file of both replaces every row: it alone is listed.
    expect((await cli('import', '--out', out, '--pathologies', file('effectifs-2.csv', pathologiesFile()))).code).toBe(EXIT.ok);
    expect(pathologySources()).toEqual(['effectifs-2.csv']);
  });

  it('refuse un nom de maillage invalide et un fichier de zonage inconnu', async () => {
    const grid = file('g.csv', 'code_commune;code_territoire;libelle_territoire\n55545;A;B\n');
    expect((await cli('import', '--out', pack, '--grille-perso', grid, '--nom-grille', 'mauvais nom!')).stderr).toContain('Nom de maillage');
    const other = file('z.csv', 'CODE;NOM\n1;2\n');
    expect((await cli('import', '--out', pack, '--zonages', other)).stderr).toContain('ne semble pas être une table d’appartenance ou de libellés INSEE');
  });
});
