// The import screen in Debian Chromium: national files in their real layouts are dropped, imported by
// duckdb-wasm in the worker, stored in the browser (OPFS), reported, and the pack becomes active.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { damirMonthLines } from '../fixtures/damir-files';
import { tdPop1b } from '../fixtures/population-files';
import { rppsText } from '../fixtures/rpps-files';
import { openApp, saveScreenshot, waitForMap, type AppSession } from '../support/browser';

const work = mkdtempSync(join(tmpdir(), 'ts-e2e-import-'));
const write = (name: string, content: string | Uint8Array) => {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
};
const DAMIR_ROWS = 3000;

describe('écran d’import', () => {
  let app: AppSession;
  let files: string[];
  let damirLines: number;

  beforeAll(async () => {
    const damir = [...damirMonthLines(2024, 1, DAMIR_ROWS, 5)];
    damirLines = damir.length - 1;
    files = [
      write('A202402.csv.gz', gzipSync(damir.join('\n') + '\n')),
      write('PS_LibreAcces_Personne_activite_202504.txt', rppsText()),
      write('TD_POP1B_2021.csv', tdPop1b()),
      // Two CPTS perimeters of the Meuse: a custom grid the map and the table then offer.
      write('cpts-meuse.csv', 'code_commune;code_territoire;libelle_territoire\n55545;CPTS1;CPTS du Verdunois\n55502;CPTS2;CPTS du Nord meusien\n55029;CPTS2;CPTS du Nord meusien\n'),
    ];
    app = await openApp();
    await waitForMap(app.page);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('importe les fichiers, affiche le rapport de qualité et active le paquet', async () => {
    const { page } = app;
    await page.getByTestId('open-data-panel').click();
    await page.getByTestId('import-files').setInputFiles(files);
    await expect.poll(() => page.getByLabel('Type du fichier A202402.csv.gz').inputValue()).toBe('damir');
    expect(await page.getByLabel('Type du fichier PS_LibreAcces_Personne_activite_202504.txt').inputValue()).toBe('rpps');
    expect(await page.getByLabel('Type du fichier TD_POP1B_2021.csv').inputValue()).toBe('population');
    expect(await page.getByLabel('Type du fichier cpts-meuse.csv').inputValue()).toBe('grille-perso');
    await page.getByLabel('Nom du paquet').fill('meuse-essai');
    await page.getByTestId('import-start').click();
    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 90_000 });
    const text = (await report.textContent())!;
    expect(text).toContain('A202402.csv.gz');
    expect(text).toContain(new Intl.NumberFormat('fr-FR').format(damirLines));
    expect(text).toContain('8 médecins comptés');
    expect(text).toContain('remplaçants comptés à part : 1');
    expect(text).toContain('actes annualisés');
    await saveScreenshot(page, '03-import-rapport-qualite');
    await page.getByTestId('import-use').click();
    // Opening a pack reads its Parquet tables and prepares the engine: seconds on a loaded machine.
    await expect.poll(() => page.getByTestId('provenance').textContent(), { timeout: 30_000 }).toContain('Paquet « meuse-essai »');
    await expect.poll(() => page.getByTestId('pack-list').textContent()).toContain('meuse-essai');
    // The custom grid is in the grid selector; the table lists its two territories.
    await page.getByRole('button', { name: 'Fermer le panneau des données' }).click();
    await expect.poll(() => page.getByTestId('grid-select').textContent()).toContain('Maillage personnalisé cpts-meuse');
    await page.getByTestId('grid-select').selectOption('PERSO:cpts-meuse');
    await expect.poll(() => page.getByTestId('dashboard-table').locator('tbody tr').allTextContents()).toEqual([
      expect.stringContaining('CPTS du Verdunois'),
      expect.stringContaining('CPTS du Nord meusien'),
    ]);
    await page.getByTestId('grid-select').selectOption('COM');
    await page.getByTestId('open-data-panel').click();
  });

  it('refuse un fichier tronqué en français et garde les paquets existants', async () => {
    const { page } = app;
    const truncated = write('A202403.csv.gz', gzipSync([...damirMonthLines(2024, 2, 3000, 6)].join('\n') + '\n').subarray(0, 4000));
    await page.getByTestId('import-files').setInputFiles([truncated]);
    await page.getByLabel('Nom du paquet').fill('meuse-essai');
    await page.getByTestId('import-start').click();
    const error = page.getByTestId('import-error');
    await error.waitFor({ timeout: 60_000 });
    expect(await error.textContent()).toContain('Fichier « A202403.csv.gz » : fichier gzip tronqué');
    expect(await error.textContent()).toContain('Les paquets existants sont inchangés');
    await saveScreenshot(page, '04-import-fichier-tronque');
  });

  it('importe une géométrie (communes de la Grand Est) que la carte dessine à la place de la France', async () => {
    const { page } = app;
    const geojson = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'geo', 'communes-2025-grand-est.geojson.gz');
    // The refused file of the previous step is still listed: start from an empty list.
    await page.getByRole('button', { name: 'Vider la liste' }).click();
    await page.getByTestId('import-files').setInputFiles([geojson]);
    await expect.poll(() => page.getByLabel('Type du fichier communes-2025-grand-est.geojson.gz').inputValue()).toBe('geometrie');
    await page.getByLabel('Nom du paquet').fill('grand-est');
    await page.getByTestId('import-start').click();
    await page.getByTestId('import-report').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('import-report').textContent()).toContain('5115 communes dessinées');
    await page.getByTestId('import-use').click();
    await expect.poll(() => page.getByTestId('provenance').textContent(), { timeout: 30_000 }).toContain('grand-est');
    await page.getByRole('button', { name: 'Fermer le panneau des données' }).click();
    const pick = (lon: number, lat: number) =>
      page.evaluate(([x, y]) => {
        const hooks = window.__territoireSanteMap!;
        const point = hooks.project(x, y)!;
        return hooks.pickFeature(point[0], point[1]);
      }, [lon, lat]);
    // Verdun is drawn (Grand Est); Saint-Quentin (Aisne, 02691), just west of the region, is not.
    await expect.poll(() => pick(5.3798, 49.1598)).not.toBeNull();
    expect(await pick(3.2876, 49.8465)).toBeNull();
    await saveScreenshot(page, '05-geometrie-importee-grand-est');
  });

  it('retrouve le paquet importé après un rechargement (stockage du navigateur)', async () => {
    const { page } = app;
    await page.reload();
    await waitForMap(page);
    await page.getByTestId('open-data-panel').click();
    await expect.poll(() => page.getByTestId('pack-list').textContent()).toContain('meuse-essai');
    await expect.poll(() => page.getByTestId('pack-list').textContent()).toContain('grand-est');
    expect(app.consoleErrors).toEqual([]);
    expect(app.externalRequests).toEqual([]);
  });
});
