// The import screen in Debian Chromium: the guide says where to get each file; national files in their
// real layouts are dropped, imported by duckdb-wasm in the worker, stored in the browser (OPFS),
// reported, and the pack becomes active; a file of unknown kind says why « Importer » is disabled and
// can be removed; a CPTS perimeter imported alone completes the active pack (issue 13).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { damirMonthLines } from '../fixtures/damir-files';
import { tdPop1b } from '../fixtures/population-files';
import { rppsText } from '../fixtures/rpps-files';
import { saveScreenshot, waitForMap } from '../support/browser';
import { useDemoApp } from '../support/demo-app';

const work = mkdtempSync(join(tmpdir(), 'ts-e2e-import-'));
const write = (name: string, content: string | Uint8Array) => {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
};
const DAMIR_ROWS = 3000;

describe('écran d’import', () => {
  let files: string[];
  let damirLines: number;

  // The files are written before the app opens (hooks run in order).
  beforeAll(() => {
    const damir = [...damirMonthLines(2024, 1, DAMIR_ROWS, 5)];
    damirLines = damir.length - 1;
    files = [
      write('A202402.csv.gz', gzipSync(damir.join('\n') + '\n')),
      write('PS_LibreAcces_Personne_activite_202504.txt', rppsText()),
      write('TD_POP1B_2021.csv', tdPop1b()),
      // Two CPTS perimeters of the Meuse: a custom grid the map and the table then offer.
      write('cpts-meuse.csv', 'code_commune;code_territoire;libelle_territoire\n55545;CPTS1;CPTS du Verdunois\n55502;CPTS2;CPTS du Nord meusien\n55029;CPTS2;CPTS du Nord meusien\n'),
    ];
  });
  const app = useDemoApp({ hookTimeout: 120_000 });

  it('guide l’import avant tout fichier, dit pourquoi « Importer » est grisé et retire un fichier', async () => {
    const { page } = app;
    // The button is enabled once the worker has opened the pack, which may follow the first map by seconds.
    await page.getByTestId('open-data-panel').click({ timeout: 90_000 });
    const guide = page.getByTestId('sources-guide');
    await guide.waitFor();
    const guideText = (await guide.textContent())!;
    // Producer, page and file to pick for the three required sources, and the time a month takes here.
    expect(guideText).toContain('Open DAMIR : base complète sur les dépenses d’assurance maladie inter régimes');
    expect(guideText).toContain('A{AAAAMM}.csv.gz');
    expect(guideText).toContain('18 mois de flux');
    expect(guideText).toContain('≈ 2,5 min par mois ici dans la version navigateur');
    expect(guideText).toContain('« Extractions en libre accès »');
    expect(guideText).toContain('TD_POP1B_{AAAA}_csv.zip');
    expect(await page.getByTestId('import-start').isDisabled()).toBe(true);
    expect(await page.getByTestId('import-blocked').textContent()).toContain('Choisissez d’abord les fichiers à importer');
    await saveScreenshot(page, '03a-import-guide-des-sources');

    // A file whose kind the name does not tell: the button says why it is disabled; « Retirer » removes it.
    const unknown = write('export_ars.csv', 'a;b\n1;2\n');
    await page.getByTestId('import-files').setInputFiles([files[0], unknown]);
    await expect.poll(() => page.getByLabel('Type du fichier export_ars.csv').inputValue()).toBe('');
    expect(await page.getByTestId('import-start').isDisabled()).toBe(true);
    const reason = page.getByTestId('import-blocked');
    expect(await reason.textContent()).toContain('le type du fichier « export_ars.csv » n’est pas reconnu d’après son nom');
    expect(await reason.isVisible()).toBe(true);
    expect(await page.getByTestId('import-warning').textContent()).toContain('il manque : RPPS (Personne_activite), Population INSEE par âge');
    await saveScreenshot(page, '03b-import-bouton-grise-raison');
    await page.getByRole('button', { name: 'Retirer export_ars.csv de la liste' }).click();
    await expect.poll(() => page.locator('.import-files tbody tr').count()).toBe(1);
    expect(await page.getByTestId('import-blocked').count()).toBe(0);
    expect(await page.getByTestId('import-start').isDisabled()).toBe(false);
    await saveScreenshot(page, '03c-import-fichier-retire');
    await page.getByRole('button', { name: 'Vider la liste' }).click();
    // Escape closes the panel.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('data-panel').count()).toBe(0);
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
    // Drawing every commune in software rendering keeps the page busy for a while on a loaded machine.
    await page.getByTestId('open-data-panel').click({ timeout: 90_000 });
  });

  it('ajoute un périmètre CPTS importé seul au paquet actif, sans perdre les données de santé', async () => {
    const { page } = app;
    const sud = write('cpts-sud-meuse.csv', 'code_commune;code_territoire;libelle_territoire\n55029;CPTS3;CPTS du Sud meusien\n55545;CPTS3;CPTS du Sud meusien\n');
    await page.getByTestId('import-files').setInputFiles([sud]);
    await expect.poll(() => page.getByLabel('Type du fichier cpts-sud-meuse.csv').inputValue()).toBe('grille-perso');
    // Default destination: the active pack, said before importing; no pack name to choose.
    expect(await page.getByTestId('destination-active').isChecked()).toBe(true);
    expect(await page.getByTestId('import-summary').textContent()).toContain('complètent le paquet actif, Paquet « meuse-essai » (');
    expect(await page.getByLabel('Nom du paquet').count()).toBe(0);
    // Choosing a new pack instead warns that it would have no health data.
    await page.getByTestId('destination-new').check();
    expect(await page.getByTestId('import-warning').textContent()).toContain('les écarts resteront gris');
    await saveScreenshot(page, '03e-import-cpts-seul-avertissement');
    await page.getByTestId('destination-active').check();
    await page.getByTestId('import-start').click();
    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('import-active-reloaded').isVisible()).toBe(true);
    expect(await report.textContent()).toContain('cpts-sud-meuse.csv');
    await saveScreenshot(page, '03f-import-cpts-ajoute-au-paquet-actif');
    expect(await page.getByTestId('provenance').textContent()).toContain('Paquet « meuse-essai »');
    await page.getByRole('button', { name: 'Fermer le panneau des données' }).click();
    // Both perimeters are offered, and the new one has figures (the pack kept its health data).
    await expect.poll(() => page.getByTestId('grid-select').textContent()).toContain('cpts-sud-meuse');
    expect(await page.getByTestId('grid-select').textContent()).toContain('cpts-meuse');
    await page.getByTestId('grid-select').selectOption('PERSO:cpts-sud-meuse');
    await expect.poll(() => page.getByTestId('dashboard-table').locator('tbody tr').allTextContents()).toEqual([expect.stringContaining('CPTS du Sud meusien')]);
    // A pack without health data would say « Écarts indisponibles » and grey every gap.
    expect(await page.getByText('Écarts indisponibles').count()).toBe(0);
    await saveScreenshot(page, '03g-maillage-cpts-ajoute-carte');
    await page.getByTestId('grid-select').selectOption('COM');
    // Drawing every commune in software rendering keeps the page busy for a while on a loaded machine.
    await page.getByTestId('open-data-panel').click({ timeout: 90_000 });
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
    // The refusal is at the top of the panel, in view.
    expect(await error.evaluate((el) => el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().bottom <= window.innerHeight)).toBe(true);
    await saveScreenshot(page, '04-import-fichier-tronque');
  });

  it('importe une géométrie (communes de la Grand Est) que la carte dessine à la place de la France', async () => {
    const { page } = app;
    const geojson = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'geo', 'communes-2025-grand-est.geojson.gz');
    // The refused file of the previous step is still listed: start from an empty list.
    await page.getByRole('button', { name: 'Vider la liste' }).click();
    await page.getByTestId('import-files').setInputFiles([geojson]);
    await expect.poll(() => page.getByLabel('Type du fichier communes-2025-grand-est.geojson.gz').inputValue()).toBe('geometrie');
    // A geometry alone would complete the active pack by default: here, a pack of its own.
    await page.getByTestId('destination-new').check();
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
    await page.getByTestId('open-data-panel').click({ timeout: 90_000 });
    await expect.poll(() => page.getByTestId('pack-list').textContent()).toContain('meuse-essai');
    await expect.poll(() => page.getByTestId('pack-list').textContent()).toContain('grand-est');
    expect(app.consoleErrors).toEqual([]);
    expect(app.externalRequests).toEqual([]);
  });
});
