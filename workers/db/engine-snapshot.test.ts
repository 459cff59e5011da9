// The engine snapshot is only a faster way to the inputs SQL reads from the tables: the same model and
// inputs, the same figures, and ignored as soon as it is not the tables' own.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PackManifest } from '../../common/pack';
import { openNodeDatabase } from '../../electron/cli/duckdb-node';
import { openPackFolder } from '../../electron/cli/files';
import { writeHealthPack } from '../../tests/fixtures/health-pack';
import { decodeEngineSnapshot, encodeEngineSnapshot, ENGINE_SNAPSHOT_FILE, readEngineSnapshot, type EngineSnapshot } from './engine-snapshot';
import { communeOfFeature, gridCells } from './grid-cells';
import { PlanningSession } from './planning';

async function readFromTables(folder: string): Promise<{ snapshot: EngineSnapshot; manifest: PackManifest }> {
  const db = await openNodeDatabase();
  try {
    const pack = await openPackFolder(db, folder);
    return { snapshot: await readEngineSnapshot(pack), manifest: pack.manifest };
  } finally {
    await db.close();
  }
}

/** Typed arrays as plain arrays, so that toEqual compares values (NaN included) and not buffers. */
const plain = (value: unknown): unknown =>
  ArrayBuffer.isView(value) ? Array.from(value as Float64Array) : Array.isArray(value) ? value.map(plain) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, plain(v)])) : value;

const sameFigures = (a: EngineSnapshot, b: EngineSnapshot, grid: string) => {
  const [x, y] = [new PlanningSession(a.engine!), new PlanningSession(b.engine!)];
  const [fx, fy] = [x.indicators(grid, null, null, false).shown, y.indicators(grid, null, null, false).shown];
  expect(Array.from(fy.gapFte)).toEqual(Array.from(fx.gapFte));
  expect(Array.from(fy.need)).toEqual(Array.from(fx.need));
  expect(y.territoryCodes(grid)).toEqual(x.territoryCodes(grid));
};

describe('instantané du moteur', () => {
  it('rend exactement le modèle et les entrées lus dans les tables, et les mêmes chiffres', async () => {
    const { snapshot, manifest } = await readFromTables(writeHealthPack());
    expect(snapshot.engine).not.toBeNull();
    const decoded = decodeEngineSnapshot(encodeEngineSnapshot(snapshot, manifest), manifest)!;
    expect(plain(decoded.model)).toEqual(plain(snapshot.model));
    expect(plain(decoded.engine)).toEqual(plain(snapshot.engine));
    sameFigures(snapshot, decoded, 'BV2022');
    sameFigures(snapshot, decoded, 'AAV2020');
    // One grid model: the map's cell c is the engine's territory c (the "no territory" cell comes last).
    const session = new PlanningSession(decoded.engine!);
    for (const grid of ['BV2022', 'AAV2020', 'COM']) {
      const cells = gridCells(decoded.model, grid, communeOfFeature(decoded.model, decoded.model.communes.codes));
      const territories = session.territoryCodes(grid);
      expect(cells.codes.slice(0, territories.length)).toEqual(territories);
      expect(cells.codes.length - territories.length).toBe(cells.outside.reduce((a, b) => a + b, 0));
    }
  });

  it('est ignoré quand une table a changé depuis, ou quand le fichier est abîmé', async () => {
    const { snapshot, manifest } = await readFromTables(writeHealthPack());
    const bytes = encodeEngineSnapshot(snapshot, manifest);
    const reimported: PackManifest = { ...manifest, tables: { ...manifest.tables, sites: { ...manifest.tables.sites, sha256: 'autre' } } };
    expect(decodeEngineSnapshot(bytes, reimported)).toBeNull();
    expect(decodeEngineSnapshot(bytes.subarray(0, 100), manifest)).toBeNull();
    expect(decodeEngineSnapshot(new Uint8Array(0), manifest)).toBeNull();
  });

  // Written by the pack builder with every pack (here the demo pack of `npm run prepare-resources`).
  const demo = resolve('resources/generated/packs/demo');
  it.runIf(existsSync(join(demo, 'manifest.json')))('du paquet de démonstration : celui écrit avec le paquet est à jour et donne les chiffres des tables', async () => {
    const { snapshot, manifest } = await readFromTables(demo);
    expect(manifest.engineSnapshot?.file).toBe(ENGINE_SNAPSHOT_FILE);
    const stored = decodeEngineSnapshot(new Uint8Array(readFileSync(join(demo, ENGINE_SNAPSHOT_FILE))), manifest);
    expect(stored).not.toBeNull();
    expect(stored!.model.communes.codes).toEqual(snapshot.model.communes.codes);
    sameFigures(snapshot, stored!, 'BV2022');
  }, 120_000);
});
