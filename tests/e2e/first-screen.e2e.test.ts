// The first screen in Debian Chromium: it opens on the answer (issue 13) — the GP gap in FTE by bassin
// de vie, the Meuse outlined and framed, main towns named — on real geometry, with figures that come
// from the pack through DuckDB and equal the CLI's; the view is remembered across reloads.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DuckDBInstance } from '@duckdb/node-api';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { BACKGROUND_COLOR, DIVERGING_PALETTE, SEQUENTIAL_PALETTE } from '../../renderer/map/classes';
import { parseFrenchInteger, parseFrenchNumber } from '../../renderer/format';
import { runCli } from '../../electron/cli/run';
import { rendererDir, saveScreenshot, waitForMap } from '../support/browser';
import { useDemoApp } from '../support/demo-app';

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
  const app = useDemoApp({ hookTimeout: 90_000 });

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

  it('ouvre sur l’écart en médecins généralistes par bassin de vie, égal au CLI, la Meuse pour territoire', async () => {
    expect(await app.page.getByTestId('grid-select').inputValue()).toBe('BV2022');
    expect(await app.page.getByTestId('specialty-select').inputValue()).toBe('MG');
    expect(await app.page.getByTestId('departement-filter').inputValue()).toBe('55');
    await expect.poll(() => app.page.getByTestId('departement-name').textContent()).toBe('Meuse');
    if (!packDir.endsWith('demo')) return;
    expect(await app.page.getByTestId('indicator-select').inputValue()).toBe('gapFte');
    await expect.poll(() => app.page.getByTestId('legend').textContent()).toContain('Écart en médecins ETP, médecine générale, par bassin de vie');
    // The bassin de vie of Verdun on hover: its gap equals the CLI's diagnose on the same pack.
    const point = await app.page.evaluate(({ lon, lat }) => window.__territoireSanteMap!.project(lon, lat), VERDUN);
    const mapBox = (await app.page.locator('.map').boundingBox())!;
    await app.page.mouse.move(mapBox.x + point![0] + 3, mapBox.y + point![1] + 3);
    await expect.poll(() => app.page.getByTestId('tooltip-gp-gap').textContent()).toMatch(/\d/);
    const territory = (await app.page.getByTestId('tooltip').textContent())!.match(/Bassin de vie 2022 : .*? \((\w+)\)/);
    expect(territory).not.toBeNull();
    const gap = parseFrenchNumber((await app.page.getByTestId('tooltip-gp-gap').textContent())!);
    const out = join(mkdtempSync(join(tmpdir(), 'ts-e2e-')), 'bv.csv');
    const quiet = { write: () => true };
    expect(await runCli(['diagnose', '--pack', packDir, '--grid', 'BV2022', '--out', out], { stdout: quiet, stderr: quiet })).toBe(0);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true, delimiter: ';' }) as Record<string, string>[];
    const bv = rows.find((r) => r.code === territory![1] && r.specialite === 'MG')!;
    expect(Math.abs(gap - Number(bv.ecart_etp))).toBeLessThanOrEqual(0.06);
    await app.page.mouse.move(0, 0);
    await saveScreenshot(app.page, '00-premier-ecran-ecart-mg-bassins-meuse');
  });

  it('colore la commune de Verdun sur la carte', async () => {
    const point = await app.page.evaluate(({ lon, lat }) => window.__territoireSanteMap!.project(lon, lat), VERDUN);
    expect(point).not.toBeNull();
    const mapBox = (await app.page.locator('.map').boundingBox())!;
    await app.page.mouse.move(0, 0);
    const png = PNG.sync.read(await saveScreenshot(app.page, '01-carte-bassins-meuse'));
    // A little below the town's centre, where its name (« Verdun ») is written.
    const x = Math.round(mapBox.x + point![0]);
    const y = Math.round(mapBox.y + point![1] + 14);
    const offset = (png.width * y + x) * 4;
    const pixel = [png.data[offset], png.data[offset + 1], png.data[offset + 2]];
    const distance = (c: readonly number[]) => Math.hypot(c[0] - pixel[0], c[1] - pixel[1], c[2] - pixel[2]);
    expect(distance(BACKGROUND_COLOR)).toBeGreaterThan(20);
    // The demo pack opens on the gap (diverging classes); a pack without health data on the population.
    expect(Math.min(...(packDir.endsWith('demo') ? DIVERGING_PALETTE : SEQUENTIAL_PALETTE).map(distance))).toBeLessThan(12);
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

  it('se repère : noms des villes, légende repliable, molette douce et « Recentrer » sur la Meuse', async () => {
    const page = app.page;
    await page.getByTestId('grid-select').selectOption('BV2022');
    await page.getByTestId('recenter').click();
    const framed = (await page.evaluate(() => window.__territoireSanteMap!.viewState()))!;
    // One wheel notch zooms by less than half a level (deck.gl's default: about 0,6).
    const mapBox = (await page.locator('.map').boundingBox())!;
    await page.mouse.move(mapBox.x + mapBox.width / 2, mapBox.y + mapBox.height / 2);
    await page.mouse.wheel(0, -100);
    await expect.poll(async () => (await page.evaluate(() => window.__territoireSanteMap!.viewState()))!.zoom).toBeGreaterThan(framed.zoom);
    const zoomed = (await page.evaluate(() => window.__territoireSanteMap!.viewState()))!;
    expect(zoomed.zoom - framed.zoom).toBeLessThan(0.5);
    await page.mouse.wheel(0, -100);
    await page.mouse.wheel(0, -100);
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300);
    await saveScreenshot(page, '03-noms-des-villes-zoom');
    // Back to the Meuse, framed as at the start.
    await page.getByTestId('recenter').click();
    await expect.poll(async () => (await page.evaluate(() => window.__territoireSanteMap!.viewState()))!.zoom).toBeCloseTo(framed.zoom, 5);
    // Legend folded: its rows go, its title stays; unfolded again.
    const legend = page.getByTestId('legend');
    expect(await legend.locator('.legend-row').count()).toBeGreaterThan(3);
    await page.getByTestId('legend-toggle').click();
    expect(await legend.locator('.legend-row').count()).toBe(0);
    await page.waitForTimeout(200);
    await saveScreenshot(page, '04-legende-repliee-noms-des-villes');
    await page.getByTestId('legend-toggle').click();
    expect(await legend.locator('.legend-row').count()).toBeGreaterThan(3);
  });

  it('trouve un département par son nom et dit quand rien ne correspond', async () => {
    const page = app.page;
    const field = page.getByTestId('departement-filter');
    await field.fill('meuse');
    await expect.poll(() => page.getByTestId('departement-name').textContent()).toBe('Meuse');
    await field.fill('Bretagne');
    await expect.poll(() => page.getByTestId('departement-hint').textContent()).toContain('Aucun département ne correspond à « Bretagne »');
    expect(await page.getByTestId('departement-hint').textContent()).toContain('reste sur le département 55');
    await field.fill('Vosges');
    await expect.poll(() => page.getByTestId('departement-name').textContent()).toBe('Vosges');
    await field.fill('55');
    await expect.poll(() => page.getByTestId('departement-name').textContent()).toBe('Meuse');
  });

  it('Échap ferme le glossaire et le panneau des données', async () => {
    const page = app.page;
    await page.getByTestId('open-glossary').click();
    await expect.poll(() => page.getByTestId('glossary').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('glossary').count()).toBe(0);
    await page.getByTestId('open-data-panel').click();
    await expect.poll(() => page.getByTestId('data-panel').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('data-panel').count()).toBe(0);
  });

  it('retrouve la vue (maillage, spécialité, indicateur, département) après un rechargement', async () => {
    const page = app.page;
    await page.getByTestId('grid-select').selectOption('DEP');
    await page.getByTestId('specialty-select').selectOption('PSY');
    await page.getByTestId('departement-filter').fill('Vosges');
    await expect.poll(() => page.getByTestId('departement-name').textContent()).toBe('Vosges');
    await page.reload();
    await waitForMap(page);
    expect(await page.getByTestId('grid-select').inputValue()).toBe('DEP');
    expect(await page.getByTestId('specialty-select').inputValue()).toBe('PSY');
    expect(await page.getByTestId('departement-filter').inputValue()).toBe('88');
    if (packDir.endsWith('demo')) expect(await page.getByTestId('indicator-select').inputValue()).toBe('gapFte');
    // A stored value from elsewhere (a grid that does not exist) is ignored, the rest kept.
    await page.evaluate(() => localStorage.setItem('territoire-sante.view.v1', JSON.stringify({ grid: 'N’IMPORTE', specialty: 'PSY', departement: 'x' })));
    await page.reload();
    await waitForMap(page);
    expect(await page.getByTestId('grid-select').inputValue()).toBe('BV2022');
    expect(await page.getByTestId('specialty-select').inputValue()).toBe('PSY');
    expect(await page.getByTestId('departement-filter').inputValue()).toBe('55');
  }, 120_000);

  it('ne produit aucune erreur console ni requête hors de la machine', () => {
    expect(app.consoleErrors).toEqual([]);
    expect(app.externalRequests).toEqual([]);
  });
});
