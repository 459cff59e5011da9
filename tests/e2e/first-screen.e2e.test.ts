// The first screen in Debian Chromium: the France communes map on real geometry, centred on the Meuse,
// with populations that come from the reference pack through DuckDB.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DuckDBInstance } from '@duckdb/node-api';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKGROUND_COLOR, DIVERGING_PALETTE, SEQUENTIAL_PALETTE } from '../../renderer/map/classes';
import { parseFrenchInteger, parseFrenchNumber } from '../../renderer/format';
import { runCli } from '../../electron/cli/run';
import { openApp, rendererDir, saveScreenshot, waitForMap, type AppSession } from '../support/browser';

const VERDUN = { code: '55545', lon: 5.3798, lat: 49.1598 };
// The app opens the demo pack when the build has one, else the reference pack.
const packDir = ['demo', 'reference-cog2025'].map((id) => join(rendererDir, 'packs', id)).find((dir) => existsSync(join(dir, 'manifest.json')))!;

/** The Meuse population computed independently of the app, with native DuckDB on the pack files. */
async function meusePopulationFromPack(): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(
    `SELECT sum(CAST(c.population AS BIGINT)) AS population
     FROM read_parquet('${join(packDir, 'communes.parquet')}') c
     WHERE c.dep = '55'`,
  );
  const value = Number(reader.getRows()[0][0]);
  connection.closeSync();
  return value;
}

describe('premier écran', () => {
  let app: AppSession;

  beforeAll(async () => {
    app = await openApp();
    await waitForMap(app.page);
  }, 90_000);

  afterAll(async () => {
    await app?.close();
  });

  it('centre la vue sur la Meuse', async () => {
    const size = app.page.viewportSize()!;
    const mapBox = (await app.page.locator('.map').boundingBox())!;
    const centre = { x: mapBox.width / 2, y: mapBox.height / 2 };
    const feature = await app.page.evaluate(({ x, y }) => window.__territoireSanteMap!.pickFeature(x, y), centre);
    expect(feature).not.toBeNull();
    await app.page.mouse.move(mapBox.x + centre.x, mapBox.y + centre.y);
    const tooltip = app.page.getByTestId('tooltip');
    await expect.poll(() => tooltip.textContent()).toMatch(/\(55\d{3}\)/);
    expect(size.width).toBeGreaterThan(0);
  });

  it('colore la commune de Verdun sur la carte', async () => {
    const point = await app.page.evaluate(({ lon, lat }) => window.__territoireSanteMap!.project(lon, lat), VERDUN);
    expect(point).not.toBeNull();
    const mapBox = (await app.page.locator('.map').boundingBox())!;
    await app.page.mouse.move(0, 0);
    const png = PNG.sync.read(await saveScreenshot(app.page, '01-carte-communes-meuse'));
    const x = Math.round(mapBox.x + point![0]);
    const y = Math.round(mapBox.y + point![1]);
    const offset = (png.width * y + x) * 4;
    const pixel = [png.data[offset], png.data[offset + 1], png.data[offset + 2]];
    const distance = (c: readonly number[]) => Math.hypot(c[0] - pixel[0], c[1] - pixel[1], c[2] - pixel[2]);
    expect(distance(BACKGROUND_COLOR)).toBeGreaterThan(20);
    expect(Math.min(...SEQUENTIAL_PALETTE.map(distance))).toBeLessThan(12);
    const picked = await app.page.evaluate(({ x, y }) => window.__territoireSanteMap!.pickFeature(x, y), { x: point![0], y: point![1] });
    expect(picked).not.toBeNull();
  });

  it('affiche la population de la Meuse égale à la somme de ses communes dans DuckDB', async () => {
    await app.page.getByTestId('grid-select').selectOption('DEP');
    await expect.poll(() => app.page.getByTestId('legend').textContent()).toContain('département');
    const point = await app.page.evaluate(({ lon, lat }) => window.__territoireSanteMap!.project(lon, lat), VERDUN);
    const mapBox = (await app.page.locator('.map').boundingBox())!;
    await app.page.mouse.move(mapBox.x + point![0], mapBox.y + point![1]);
    const territory = app.page.getByTestId('tooltip-territory-population');
    await expect.poll(() => territory.textContent()).toMatch(/Population du territoire/);
    const text = (await territory.textContent())!;
    const shown = parseFrenchInteger(text.match(/: ([\d\s\u00a0\u202f]+) hab/)![1]);
    expect(await app.page.getByTestId('tooltip').textContent()).toContain('Meuse (55)');
    expect(shown).toBe(await meusePopulationFromPack());
    expect(shown).toBeGreaterThan(150_000);
    // The GP gap computed by the engine in the worker equals the CLI's diagnose on the same pack.
    if (packDir.endsWith('demo')) {
      const gap = parseFrenchNumber((await app.page.getByTestId('tooltip-gp-gap').textContent())!);
      const out = join(mkdtempSync(join(tmpdir(), 'ts-e2e-')), 'dep.csv');
      const quiet = { write: () => true };
      expect(await runCli(['diagnose', '--pack', packDir, '--grid', 'DEP', '--out', out], { stdout: quiet, stderr: quiet })).toBe(0);
      const rows = parse(readFileSync(out, 'utf8'), { columns: true, delimiter: ';' }) as Record<string, string>[];
      const meuse = rows.find((r) => r.code === '55' && r.specialite === 'MG')!;
      expect(gap).toBeCloseTo(Number(meuse.ecart_etp), 1);
    }
    await saveScreenshot(app.page, '02-departements-infobulle-meuse');
  });

  it('colore les départements selon l’écart en ETP de médecine générale, la Meuse en déficit', async () => {
    if (!packDir.endsWith('demo')) return;
    await app.page.getByTestId('specialty-select').selectOption('MG');
    await app.page.getByTestId('indicator-select').selectOption('gapFte');
    await expect.poll(() => app.page.getByTestId('legend').textContent()).toContain('déficit de plus de');
    await app.page.mouse.move(0, 0);
    await app.page.waitForFunction(() => window.__territoireSanteMap?.rendered === true);
    const point = await app.page.evaluate(({ lon, lat }) => window.__territoireSanteMap!.project(lon, lat), { lon: 5.2, lat: 48.9 });
    const mapBox = (await app.page.locator('.map').boundingBox())!;
    const png = PNG.sync.read(await saveScreenshot(app.page, '06-ecart-mg-departements'));
    const offset = (png.width * Math.round(mapBox.y + point![1]) + Math.round(mapBox.x + point![0])) * 4;
    const pixel = [png.data[offset], png.data[offset + 1], png.data[offset + 2]];
    const distance = (c: readonly number[]) => Math.hypot(c[0] - pixel[0], c[1] - pixel[1], c[2] - pixel[2]);
    expect(Math.min(...DIVERGING_PALETTE.slice(0, 3).map(distance))).toBeLessThan(12);
  });

  it('ne produit aucune erreur console ni requête hors de la machine', () => {
    expect(app.consoleErrors).toEqual([]);
    expect(app.externalRequests).toEqual([]);
  });
});
