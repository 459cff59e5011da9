// The pack queries on duckdb-wasm (blocking bundle in Node): a small hand-made pack (CSV tables, as
// packs of version 1 and test packs have) with known answers, then the real reference pack (Parquet,
// read through @loaders.gl/parquet) cross-checked against its rows as native DuckDB reads them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatCsv } from '../../common/csv';
import type { PackManifest } from '../../common/pack';
import { openWasmDatabase } from '../../tests/support/duckdb-wasm-node';
import { readPackTable } from '../../electron/cli/pack-tables';
import { loadPackModel, type PackModel } from './engine-inputs';
import { communeAttributes, communeOfFeature, gridCells } from './grid-cells';
import { PackDb } from './pack-db';

function fixturePack(): Map<string, Uint8Array> {
  const files = new Map<string, string>();
  files.set(
    'communes.csv',
    formatCsv(
      ['code_commune', 'nom', 'dep', 'reg', 'population', 'lon', 'lat'],
      [
        ['55545', 'Verdun', '55', '44', 16890, 5.38, 49.16],
        ['55502', 'Stenay', '55', '44', 2600, 5.19, 49.49],
        ['2A004', 'Ajaccio', '2A', '94', 73000, 8.74, 41.93],
        ['55001', "Abainville; test «quote\"»", '55', '44', 300, 5.5, 48.5],
      ],
    ),
  );
  files.set(
    'appartenance.csv',
    formatCsv(
      ['code_commune', 'EPCI', 'BV2022', 'ZE2020', 'AAV2020', 'DEP'],
      [
        ['55545', '200049187', '55545', '4418', '155', '55'],
        ['55502', '200066801', '55502', '4418', '000', '55'],
        ['2A004', '242010056', '2A004', '9401', '081', '2A'],
        ['55001', '200066801', '55502', '4418', '000', '55'],
      ],
    ),
  );
  files.set(
    'grilles_perso.csv',
    formatCsv(
      ['grille', 'code_commune', 'code_territoire', 'libelle_territoire'],
      [
        ['cpts', '55545', 'C1', 'CPTS du Verdunois'],
        ['cpts', '55001', 'C1', 'CPTS du Verdunois'],
        ['cpts', '55502', 'C2', 'CPTS du Nord meusien'],
      ],
    ),
  );
  files.set('libelles.csv', formatCsv(['grille', 'code', 'libelle'], [['DEP', '55', 'Meuse'], ['AAV2020', '000', 'Commune hors attraction des villes']]));
  const manifest: PackManifest = {
    schemaVersion: 1,
    id: 'fixture',
    label: 'Paquet de test',
    cog: 2025,
    sources: [],
    tables: Object.fromEntries(['communes', 'appartenance', 'libelles', 'grilles_perso'].map((n) => [n, { file: `${n}.csv`, rows: 0, sha256: '', label: n }])),
    warnings: [],
  };
  files.set('manifest.json', JSON.stringify(manifest));
  return new Map([...files].map(([k, v]) => [k, new TextEncoder().encode(v)]));
}

const reader = (files: Map<string, Uint8Array>) => async (name: string) => {
  const bytes = files.get(name);
  if (!bytes) throw new Error(`missing ${name}`);
  return bytes;
};

describe('PackDb sur duckdb-wasm, et le modèle du paquet (communes, maillages) vu par la carte', () => {
  let pack: PackDb;
  let model: PackModel;
  // Geometry order differs from the pack and holds a commune the pack does not know.
  let features: Int32Array;
  const cellsOf = (grid: string) => gridCells(model, grid, features);

  beforeAll(async () => {
    pack = await PackDb.load(await openWasmDatabase(), reader(fixturePack()));
    model = await loadPackModel(pack);
    features = communeOfFeature(model, ['55502', '99999', '55545', '2A004', '55001']);
  });

  it('aligne les attributs des communes sur l’ordre de la géométrie', async () => {
    const attributes = communeAttributes(model, features);
    expect(attributes.names).toEqual(['Stenay', '', 'Verdun', 'Ajaccio', 'Abainville; test «quote"»']);
    expect(Array.from(attributes.population)).toEqual([2600, 0, 16890, 73000, 300]);
    expect(Array.from(attributes.unknown)).toEqual([0, 1, 0, 0, 0]);
    expect(attributes.departements[3]).toBe('2A');
  });

  it('somme la population par territoire et rattache chaque commune à sa maille', async () => {
    const cells = cellsOf('DEP');
    expect(cells.codes).toEqual(['2A', '55']);
    expect(cells.labels).toEqual(['2A', 'Meuse']);
    expect(Array.from(cells.population)).toEqual([73000, 16890 + 2600 + 300]);
    expect(Array.from(cells.communeCount)).toEqual([1, 3]);
    expect(Array.from(cells.cellOfCommune)).toEqual([1, -1, 1, 0, 1]);
    expect(await pack.territoryPopulation('DEP', '55')).toBe(19790);
  });

  it('met à part le code « hors zonage » de la maille', async () => {
    const cells = cellsOf('AAV2020');
    // The engine's territories first, in its order; the "no territory" cell last.
    expect(cells.codes).toEqual([...model.grids.find((g) => g.id === 'AAV2020')!.codes, '000']);
    const outsideIndex = cells.codes.indexOf('000');
    expect(outsideIndex).toBe(cells.codes.length - 1);
    expect(cells.labels[outsideIndex]).toBe('Commune hors attraction des villes');
    expect(cells.outside[outsideIndex]).toBe(1);
    expect(cells.population[outsideIndex]).toBe(2900);
    expect(cells.outside.reduce((a, b) => a + b, 0)).toBe(1);
    // Stenay (first feature) and Abainville (last) are outside any attraction area.
    expect(Array.from(cells.cellOfCommune)).toEqual([outsideIndex, -1, cells.codes.indexOf('155'), cells.codes.indexOf('081'), outsideIndex]);
  });

  it('utilise le nom de la commune comme libellé de la maille communale', async () => {
    const cells = cellsOf('COM');
    expect(cells.labels[cells.codes.indexOf('55545')]).toBe('Verdun');
    expect(cells.codes).toHaveLength(4);
  });

  it('propose les maillages personnalisés et en donne les territoires, les communes et le détail', async () => {
    expect(model.grids.filter((g) => g.id.startsWith('PERSO:')).map((g) => [g.id, g.label])).toEqual([['PERSO:cpts', 'Maillage personnalisé cpts']]);
    const cells = cellsOf('PERSO:cpts');
    expect(cells.codes).toEqual(['C1', 'C2']);
    expect(cells.labels).toEqual(['CPTS du Verdunois', 'CPTS du Nord meusien']);
    expect(Array.from(cells.population)).toEqual([16890 + 300, 2600]);
    // Feature order 55502, 99999, 55545, 2A004, 55001: Ajaccio and the unknown code belong to no CPTS.
    expect(Array.from(cells.cellOfCommune)).toEqual([1, -1, 0, -1, 0]);
    expect(() => cellsOf('XYZ')).toThrow(/Maillage inconnu/);
  });

  it('refuse un paquet sans table obligatoire avec un message en français', async () => {
    const files = fixturePack();
    const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json'))) as PackManifest;
    delete manifest.tables.appartenance;
    files.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest)));
    await expect(PackDb.load(await openWasmDatabase(), reader(files))).rejects.toThrow(/n'a pas de table « appartenance »/);
  });
});

const referencePackDir = join(import.meta.dirname, '..', '..', 'resources', 'generated', 'packs', 'reference-cog2025');

describe('paquet de référence COG 2025', () => {
  it.runIf(existsSync(referencePackDir))('donne la population de la Meuse égale à la somme de ses communes', async () => {
    const pack = await PackDb.load(await openWasmDatabase(), async (name) => new Uint8Array(readFileSync(join(referencePackDir, name))));
    const rows = await readPackTable(referencePackDir, 'communes');
    expect(rows).toHaveLength(pack.manifest.tables.communes.rows);
    const expected = rows.filter((r) => r.dep === '55').reduce((sum, r) => sum + Number(r.population), 0);
    expect(await pack.territoryPopulation('DEP', '55')).toBe(expected);
    const model = await loadPackModel(pack);
    const cells = gridCells(model, 'BV2022', communeOfFeature(model, model.communes.codes));
    expect(cells.codes.length).toBeGreaterThan(1600);
    expect(cells.population.reduce((a, b) => a + b, 0)).toBe(rows.reduce((sum, r) => sum + Number(r.population), 0));
  });
});
