// Pack format versions (docs/format-paquet.md) on both DuckDB runtimes: a version 1 pack (CSV tables)
// opens with the same tables as its version 2 copy (Parquet); a pack of a newer version is refused in
// French; Parquet written by native DuckDB is read by the browser's path (@loaders.gl/parquet into
// duckdb-wasm) and the other way round, row for row; a version 1 pack is rewritten as version 2 at its
// next update.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACK_SCHEMA_VERSION, PACK_TABLES, type PackManifest, type PackTableName } from '../../common/pack';
import { openNodeDatabase } from '../../electron/cli/duckdb-node';
import { packFolderReader } from '../../electron/cli/files';
import { EXIT, runCli } from '../../electron/cli/run';
import { writeHealthPack } from '../../tests/fixtures/health-pack';
import { openWasmDatabase } from '../../tests/support/duckdb-wasm-node';
import { readReference, referenceDir, textSource } from '../../tests/support/sources';
import { buildPack, exportTable } from '../import/pack-builder';
import { PackDb, PackFormatError, type ReadPackFile } from './pack-db';
import type { SqlDatabase } from './sql-database';

const runtimes = { native: () => openNodeDatabase(), wasm: () => openWasmDatabase() };

/** Every row of a table, sorted, values as plain numbers and strings (typed arrays flattened). */
async function dump(db: SqlDatabase, table: string): Promise<Record<string, unknown[]>> {
  const columns = await db.queryColumns(`SELECT * FROM ${table} ORDER BY ALL`);
  return Object.fromEntries(Object.entries(columns).map(([name, values]) => [name, Array.from(values)]));
}

async function dumpAll(pack: PackDb): Promise<Record<string, Record<string, unknown[]>>> {
  const tables = Object.keys(PACK_TABLES).filter((name) => pack.hasTable(name as PackTableName));
  return Object.fromEntries(await Promise.all(tables.map(async (name) => [name, await dump(pack.db, name)] as const)));
}

const memoryReader = (files: Map<string, Uint8Array>): ReadPackFile => async (name) => {
  const bytes = files.get(name);
  if (!bytes) throw new Error(`fichier ${name} absent`);
  return bytes;
};

/** The health fixture pack (CSV tables) with a version 1 manifest, as packs were written before Parquet. */
function versionOnePack(): string {
  const folder = writeHealthPack();
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as PackManifest;
  writeFileSync(join(folder, 'manifest.json'), JSON.stringify({ ...manifest, schemaVersion: 1 }, null, 2));
  return folder;
}

/** Its version 2 copy: every table exported by native DuckDB through the pack builder's writer. */
async function parquetCopy(folder: string): Promise<Map<string, Uint8Array>> {
  const db = await openNodeDatabase();
  try {
    const pack = await PackDb.load(db, packFolderReader(folder));
    const files = new Map<string, Uint8Array>();
    const tables: PackManifest['tables'] = {};
    for (const [name, table] of Object.entries(pack.manifest.tables)) {
      const { bytes, rows } = await exportTable(db, name as PackTableName);
      files.set(`${name}.parquet`, bytes);
      tables[name] = { ...table, file: `${name}.parquet`, rows };
    }
    files.set('manifest.json', new TextEncoder().encode(JSON.stringify({ ...pack.manifest, schemaVersion: 2, tables })));
    return files;
  } finally {
    await db.close();
  }
}

describe('format des paquets', () => {
  const v1 = versionOnePack();
  let v2: Map<string, Uint8Array>;
  let expected: Record<string, Record<string, unknown[]>>;

  beforeAll(async () => {
    v2 = await parquetCopy(v1);
    const db = await openNodeDatabase();
    expected = await dumpAll(await PackDb.load(db, packFolderReader(v1)));
    await db.close();
  }, 60_000);

  it('écrit des fichiers Parquet identiques d’une fois sur l’autre', async () => {
    const again = await parquetCopy(v1);
    for (const [name, bytes] of v2) expect(Buffer.from(again.get(name)!).equals(Buffer.from(bytes)), name).toBe(true);
    expect([...v2.keys()].filter((name) => name !== 'manifest.json').every((name) => name.endsWith('.parquet'))).toBe(true);
    // PAR1 at both ends: a Parquet file.
    const communes = v2.get('communes.parquet')!;
    expect(new TextDecoder().decode(communes.subarray(0, 4))).toBe('PAR1');
    expect(new TextDecoder().decode(communes.subarray(-4))).toBe('PAR1');
  }, 60_000);

  for (const [runtime, open] of Object.entries(runtimes)) {
    it(`${runtime} : un paquet de version 1 (CSV) donne les mêmes tables que sa copie Parquet, et se dit migré`, async () => {
      const old = await PackDb.load(await open(), packFolderReader(v1));
      expect(old.manifest.schemaVersion).toBe(PACK_SCHEMA_VERSION);
      expect(old.migrationNotes.join(' ')).toContain('migré de la version 1 à la version 2');
      const current = await PackDb.load(await open(), memoryReader(v2));
      expect(current.migrationNotes).toEqual([]);
      const oldTables = await dumpAll(old);
      const newTables = await dumpAll(current);
      expect(Object.keys(newTables).sort()).toEqual(['ald_bv', 'appartenance', 'communes', 'etablissements', 'libelles', 'population_age5', 'sites', 'structures', 'taux_recours']);
      expect(newTables).toEqual(oldTables);
      // And the same as native DuckDB read the CSV: the numbers, not only the row counts.
      expect(newTables).toEqual(expected);
      expect(newTables.communes.population).toEqual([14000, 3600, 3000, 16000, 120000]);
      expect(newTables.etablissements.urgences).toEqual([null, null]);
      expect(newTables.taux_recours.actes.every((v) => v === null)).toBe(true);
      expect(await current.territoryPopulation('DEP', '55')).toBe(14000 + 3600 + 3000 + 16000);
    }, 60_000);

    it(`${runtime} : refuse en français un paquet d’une version plus récente`, async () => {
      const files = new Map(v2);
      const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json'))) as PackManifest;
      files.set('manifest.json', new TextEncoder().encode(JSON.stringify({ ...manifest, schemaVersion: 99 })));
      const load = PackDb.load(await open(), memoryReader(files));
      await expect(load).rejects.toBeInstanceOf(PackFormatError);
      await expect(PackDb.load(await open(), memoryReader(files))).rejects.toThrow(
        /Paquet « test-sante » créé par une version plus récente de Territoire Santé \(format 99 ; cette version lit les formats 1 à 2\) : mettez l’application à jour/,
      );
    }, 60_000);

    it(`${runtime} : nomme la colonne absente, le fichier Parquet illisible et le format inconnu`, async () => {
      const writer = await openNodeDatabase();
      await writer.run("CREATE TABLE c AS SELECT '55545' AS code_commune, 'Verdun' AS nom, '55' AS dep, '44' AS reg, 5.38 AS lon, 49.16 AS lat");
      const withoutPopulation = await writer.exportParquet('SELECT * FROM c');
      await writer.close();
      const broken = (file: string, bytes: Uint8Array) => {
        const files = new Map(v2);
        const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json'))) as PackManifest;
        manifest.tables.communes = { ...manifest.tables.communes, file };
        files.set(file, bytes);
        files.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest)));
        return memoryReader(files);
      };
      await expect(PackDb.load(await open(), broken('communes.parquet', withoutPopulation))).rejects.toThrow(
        'Paquet « test-sante », table « communes » : colonne « population » absente. Réimportez la source.',
      );
      const csvWithout = new TextEncoder().encode('code_commune;nom;dep;reg;lon;lat\n55545;Verdun;55;44;5.38;49.16\n');
      await expect(PackDb.load(await open(), broken('communes.csv', csvWithout))).rejects.toThrow(
        'Paquet « test-sante », table « communes » : colonne « population » absente. Réimportez la source.',
      );
      const truncated = v2.get('communes.parquet')!.subarray(0, 200);
      await expect(PackDb.load(await open(), broken('communes.parquet', truncated))).rejects.toThrow(
        /« communes.parquet » n’est pas un fichier Parquet lisible \(copie incomplète \?\)\. Recopiez le dossier du paquet/,
      );
      await expect(PackDb.load(await open(), broken('communes.xlsx', truncated))).rejects.toThrow(/fichier « communes.xlsx » d’un format inconnu \(\.parquet ou \.csv attendu\)/);
    }, 60_000);
  }

  it('la ligne de commande refuse un paquet plus récent en français (code 1) et ouvre un paquet de version 1', async () => {
    const newer = writeHealthPack();
    const manifest = JSON.parse(readFileSync(join(newer, 'manifest.json'), 'utf8')) as PackManifest;
    writeFileSync(join(newer, 'manifest.json'), JSON.stringify({ ...manifest, schemaVersion: 99 }));
    let stderr = '';
    const streams = { stdout: { write: () => true }, stderr: { write: (text: string) => ((stderr += text), true) } };
    expect(await runCli(['diagnose', '--pack', newer, '--grid', 'DEP', '--out', join(newer, 'd.csv')], streams)).toBe(EXIT.badData);
    expect(stderr).toContain('Erreur : Paquet « test-sante » créé par une version plus récente de Territoire Santé (format 99');
    expect(stderr).not.toContain('interne');
    expect(await runCli(['diagnose', '--pack', v1, '--grid', 'DEP', '--out', join(v1, 'd.csv')], streams)).toBe(EXIT.ok);
    const rows = parse(readFileSync(join(v1, 'd.csv'), 'utf8'), { columns: true, delimiter: ';' }) as Record<string, string>[];
    expect(rows.filter((r) => r.code === '55')).toHaveLength(9);
    expect(Number(rows.find((r) => r.code === '55' && r.specialite === 'MG')!.population)).toBe(14000 + 3600 + 3000 + 16000);
  }, 60_000);

  it('le Parquet écrit par duckdb-wasm (parquet-wasm) se relit en DuckDB natif avec les mêmes lignes', async () => {
    const wasm = await openWasmDatabase();
    await PackDb.load(wasm, memoryReader(v2));
    const first = await exportTable(wasm, 'population_age5');
    const second = await exportTable(wasm, 'population_age5');
    expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expect(first.rows).toBe(100);
    const native = await openNodeDatabase();
    await native.importParquet('lu', first.bytes);
    expect(await dump(native, 'lu')).toEqual(expected.population_age5);
    await native.close();
  }, 60_000);

  it('une mise à jour réécrit un paquet de version 1 en version 2, toutes tables en Parquet', async () => {
    if (!existsSync(referenceDir)) return; // reference tables come from npm run prepare-resources
    const db = await openNodeDatabase();
    const grid = textSource('cpts.csv', 'code_commune;code_territoire;libelle_territoire\n55545;C1;CPTS du Verdunois\n55181;C1;CPTS du Verdunois\n');
    const built = await buildPack(db, packFolderReader(v1), readReference, { customGrid: { source: grid, name: 'CPTS' } }, { id: 'test-sante', label: 'Paquet de test' });
    await db.close();
    expect(built.manifest.schemaVersion).toBe(2);
    const tableFiles = Object.values(built.manifest.tables).map((t) => t.file).sort();
    expect(tableFiles).toEqual([...Object.keys(expected), 'grilles_perso'].map((name) => `${name}.parquet`).sort());
    expect([...built.files.keys()].filter((name) => name.endsWith('.csv'))).toEqual([]);
    const reopened = await PackDb.load(await openWasmDatabase(), memoryReader(built.files));
    const tables = await dumpAll(reopened);
    expect(tables.grilles_perso.code_commune).toEqual(['55181', '55545']);
    delete tables.grilles_perso;
    expect(tables).toEqual(expected);
    expect(built.manifest.tables.communes.label).toBe('données de test');
    expect(built.manifest.tables.communes.rows).toBe(5);
  }, 120_000);
});

describe('paquets intégrés', () => {
  const packs = join(import.meta.dirname, '..', '..', 'resources', 'generated', 'packs');
  it.runIf(existsSync(join(packs, 'reference-cog2025', 'manifest.json')))('le paquet de référence est en Parquet (version 2) et s’ouvre pareil dans les deux moteurs', async () => {
    const manifest = JSON.parse(readFileSync(join(packs, 'reference-cog2025', 'manifest.json'), 'utf8')) as PackManifest;
    expect(manifest.schemaVersion).toBe(2);
    expect(Object.values(manifest.tables).map((t) => t.file).sort()).toEqual(['appartenance.parquet', 'communes.parquet', 'libelles.parquet']);
    const native = await dumpAll(await PackDb.load(await openNodeDatabase(), packFolderReader(join(packs, 'reference-cog2025'))));
    const wasm = await dumpAll(await PackDb.load(await openWasmDatabase(), packFolderReader(join(packs, 'reference-cog2025'))));
    expect(wasm).toEqual(native);
    expect(native.communes.code_commune.length).toBe(manifest.tables.communes.rows);
  }, 120_000);
});
