// The PRODUCT.md workflows on the demo pack, in Debian Chromium: diagnose the Meuse by bassin de vie
// (the table equals `cli diagnose` on the same pack), open a territory's detail, build the three example
// scenarios of scenarios/ through the interface, compare, workshop mode, and every export. Each step
// checks content and saves a screenshot (test-output/1x-*.png).
import { formatFixed } from '../../common/format-fr';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { PNG } from 'pngjs';
import readXlsxFile from 'read-excel-file/node';
import type { Download, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPackTable } from '../../electron/cli/pack-tables';

import { parseFrenchNumber } from '../../renderer/format';
import { saveScreenshot, testOutputDir } from '../support/browser';
import { demoPackDir as packDir, diagnoseDemo as diagnose, readTable, useDemoApp, type CliRow } from '../support/demo-app';


async function pickDownload(page: Page, action: () => Promise<void>): Promise<{ download: Download; path: string }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), action()]);
  const path = join(testOutputDir, `export-${download.suggestedFilename()}`);
  await download.saveAs(path);
  return { download, path };
}

const fr = (value: string, decimals: number, signed = false) => formatFixed(Number(value), decimals, signed);

/**
 * The screen rounds the engine's value (fr-FR, `decimals` digits); the CLI wrote it rounded to its own
 * precision. Equal when both roundings of the same number agree: within half a unit of each.
 */
function sameFigure(screen: string, cliValue: string, decimals: number, cliDecimals: number): void {
  const shown = parseFrenchNumber(screen);
  expect(Number.isFinite(shown), `« ${screen} » n’est pas un nombre`).toBe(true);
  expect(Math.abs(shown - Number(cliValue))).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 0.5 * 10 ** -cliDecimals + 1e-9);
  // And the text is written the French way.
  expect(screen).toBe(formatFixed(shown, decimals, screen.startsWith('+') || screen.startsWith('-') || screen.startsWith('−')));
}

describe('parcours des planificateurs', () => {
  const app = useDemoApp({ requireDemoPack: true });
  let page: Page;
  beforeAll(() => {
    page = app.page;
  });

  it('diagnostique la Meuse par bassin de vie en médecine générale : le tableau égale `cli diagnose`', async () => {
    await page.getByTestId('grid-select').selectOption('BV2022');
    await page.getByTestId('indicator-select').selectOption('gapFte');
    const table = page.getByTestId('dashboard-table');
    await expect.poll(() => table.locator('caption').textContent()).toContain('bassin de vie');
    await expect.poll(() => page.getByTestId('legend').textContent()).toContain('déficit de plus de');
    const shown = await readTable(page, 'dashboard-table');
    const cli = (await diagnose('BV2022')).filter((r) => r.specialite === 'MG');
    const byCode = new Map(cli.map((r) => [r.code, r]));
    // Every bassin de vie with a commune in the Meuse, and only those.
    const communes = await readPackTable(packDir, 'appartenance');
    const expected = new Set(communes.filter((c) => c.DEP === '55').map((c) => c.BV2022));
    expect(new Set(shown.rows.keys())).toEqual(expected);
    expect(shown.rows.size).toBeGreaterThan(10);
    for (const [code, row] of shown.rows) {
      const reference = byCode.get(code)!;
      expect(row['Libellé']).toBe(reference.libelle);
      expect(row['Population']).toBe(fr(reference.population, 0));
      sameFigure(row['MG — besoin (actes/an)'], reference.besoin_actes, 0, 1);
      sameFigure(row['MG — capacité (actes/an)'], reference.capacite_actes, 0, 1);
      sameFigure(row['MG — écart (actes/an)'], reference.ecart_actes, 0, 1);
      sameFigure(row['MG — écart (ETP)'], reference.ecart_etp, 1, 2);
      sameFigure(row['Taux de couverture MG (%)'], String(Number(reference.taux_couverture) * 100), 1, 2);
    }
    const population = [...shown.rows.keys()].reduce((sum, code) => sum + Number(byCode.get(code)!.population), 0);
    expect(shown.total!['Population']).toBe(formatFixed(population, 0));
    // Legend: six classes around balance, their counts add up to the territories drawn.
    const counts = await page.locator('[data-testid=legend] .legend-count').allTextContents();
    expect(counts.filter((c) => c !== '').length).toBe(6);
    await saveScreenshot(page, '10-diagnostic-bassins-de-vie-meuse-mg');
    // The same gap per 100 000 inhabitants: territories of different sizes compared.
    await page.getByTestId('indicator-select').selectOption('gapPer100k');
    await expect.poll(() => page.getByTestId('legend').textContent()).toContain('ETP pour 100 000 habitants');
    expect(await page.getByTestId('legend').textContent()).toMatch(/déficit de plus de [\d,]+ ETP pour 100 000 hab\./);
    await page.getByTestId('indicator-select').selectOption('gapFte');
  });

  it('ouvre le détail d’un territoire : pyramide, médecins par commune, besoin et capacité, sources', async () => {
    const verdunBv = (await readPackTable(packDir, 'appartenance')).find((c) => c.code_commune === '55545')!.BV2022;
    await page.locator(`[data-testid=dashboard-table] tbody tr[data-code="${verdunBv}"]`).click();
    const detail = page.getByTestId('detail-panel');
    await expect.poll(() => detail.textContent()).toContain('Verdun');
    await expect.poll(() => page.getByTestId('detail-doctors').locator('tbody tr').count()).toBeGreaterThan(3);
    expect(await page.getByTestId('age-pyramid').locator('rect').count()).toBeGreaterThan(15);
    const mgRow = await page.getByTestId('detail-specialties').locator('tbody tr').first().allTextContents();
    const table = await readTable(page, 'dashboard-table');
    expect(mgRow[0]).toContain(table.rows.get(verdunBv)!['MG — besoin (actes/an)']);
    expect(await page.getByTestId('detail-sources').textContent()).toContain('Estimation de démonstration');
    await saveScreenshot(page, '11-detail-bassin-de-vie-verdun');
    await detail.getByRole('button', { name: 'Fermer le détail' }).click();
    // The glossary explains every indicator of the table in plain French.
    await page.getByTestId('open-glossary').click();
    const glossary = page.getByTestId('glossary');
    for (const term of ['Actes à couvrir', 'Taux de déficit', 'APL', 'Score ALD', 'Score urgence']) expect(await glossary.textContent()).toContain(term);
    await page.getByTestId('open-glossary').click();
  });

  it('construit les trois scénarios d’exemple dans l’éditeur, avec annuler/rétablir et enregistrement', async () => {
    await page.getByTestId('grid-select').selectOption('DEP');
    await page.getByTestId('tab-scenario').click();
    const cliMeuse = async (file: string, specialty: string) => (await diagnose('DEP', file)).find((r) => r.code === '55' && r.specialite === specialty)!;
    const deltaShown = async (specialty: string) => {
      const header = `${specialty === 'MG' ? 'MG' : { OPH: 'Ophtalmologie', PSY: 'Psychiatrie' }[specialty]} — variation de l’écart (ETP)`;
      await expect.poll(async () => (await readTable(page, 'comparison-table')).headers).toContain(header);
      return (await readTable(page, 'comparison-table')).rows.get('55')![header];
    };
    /** Waits for the Meuse's change on screen to agree with the CLI's. */
    const expectDelta = async (specialty: string, cliValue: string) => {
      await expect
        .poll(async () => {
          try {
            sameFigure(await deltaShown(specialty), cliValue, 1, 2);
            return true;
          } catch {
            return false;
          }
        })
        .toBe(true);
      sameFigure(await deltaShown(specialty), cliValue, 1, 2);
    };

    // 1. MSP at Stenay: two GP FTE and the default 5 % productivity gain, placed by search.
    await page.getByTestId('scenario-new').click();
    await page.getByTestId('scenario-name').fill('Maison de santé à Stenay');
    await page.getByTestId('lever-kind').selectOption('msp');
    await page.getByTestId('commune-search').fill('Stenay');
    await page.getByTestId('commune-search').press('Enter');
    await expect.poll(() => page.getByTestId('lever').count()).toBe(1);
    const msp = await cliMeuse('msp-stenay.tsante.json', 'MG');
    expect(Number(msp.delta_ecart_etp)).toBeGreaterThan(0.5);
    await expectDelta('MG', msp.delta_ecart_etp);
    // Undo removes the lever, redo brings it back with the same result.
    await page.getByTestId('undo').click();
    await expect.poll(() => page.getByTestId('lever').count()).toBe(0);
    await page.getByTestId('redo').click();
    await expectDelta('MG', msp.delta_ecart_etp);
    await saveScreenshot(page, '12-scenario-msp-stenay');
    const saved = await pickDownload(page, () => page.getByTestId('scenario-save').click());
    const file = JSON.parse(readFileSync(saved.path, 'utf8'));
    expect(file).toMatchObject({ schemaVersion: 3, name: 'Maison de santé à Stenay', levers: [{ kind: 'msp', commune: '55502', extraFte: { MG: 2 }, productivityGain: 0.05 }] });

    // 2. An ophthalmologist of Verdun two days a week at Étain, in the secondary-site form: « Médecins de … »,
    // « consultent à … », the specialty and the days. Entered backwards on purpose, then swapped: the
    // sentence under the form says who goes where before the lever is added.
    await page.getByTestId('specialty-select').selectOption('OPH');
    await page.getByTestId('scenario-new').click();
    await page.getByTestId('scenario-name').fill('Ophtalmologue deux jours par semaine à Étain');
    await page.getByTestId('lever-kind').selectOption('secondarySite');
    const siteForm = page.getByTestId('secondary-site-form');
    await expect.poll(() => page.getByTestId('secondary-add').isDisabled()).toBe(true);
    // A search that finds nothing says so.
    await page.getByTestId('secondary-from-search').fill('Nancyy');
    expect(await page.getByTestId('secondary-from-search-no-match').textContent()).toContain('Aucune commune ne correspond à « Nancyy »');
    await page.getByTestId('secondary-from-search').fill('Étain');
    await page.getByTestId('secondary-from-search').press('Enter');
    await page.getByTestId('secondary-to-search').fill('55545');
    await page.getByTestId('secondary-to-search').press('Enter');
    await page.getByTestId('secondary-specialty').selectOption('OPH');
    await siteForm.getByLabel('Jours par semaine').fill('2');
    await expect.poll(() => page.getByTestId('secondary-preview').textContent()).toContain('d’ophtalmologie d’Étain (55181) consulte 2 jours par semaine à Verdun (55545)');
    await page.getByTestId('secondary-swap').click();
    const sentence = 'Cabinet secondaire : 1 médecin d’ophtalmologie de Verdun (55545) consulte 2 jours par semaine à Étain (55181) (0,40 ETP déplacé).';
    await expect.poll(() => page.getByTestId('secondary-preview').textContent()).toBe(sentence);
    expect(await page.getByTestId('secondary-from').textContent()).toContain('Médecins de Verdun (55545)');
    expect(await page.getByTestId('secondary-to').textContent()).toContain('consultent à Étain (55181)');
    await siteForm.scrollIntoViewIfNeeded();
    await saveScreenshot(page, '13a-formulaire-cabinet-secondaire');
    await page.getByTestId('secondary-add').click();
    await expect.poll(() => page.getByTestId('lever').count()).toBe(1);
    expect(await page.getByTestId('lever').locator('.lever-summary').textContent()).toBe(sentence);
    expect(await page.getByTestId('lever').locator('strong').textContent()).toBe('Cabinet secondaire — Verdun → Étain');
    // The form is reset for the next lever.
    await expect.poll(() => page.getByTestId('secondary-add').isDisabled()).toBe(true);
    const oph = await cliMeuse('ophtalmologue-etain.tsante.json', 'OPH');
    // Within the Meuse the move changes nothing in total: the département's gap stays (Δ 0).
    await expectDelta('OPH', oph.delta_ecart_etp);
    // Its own form says the same two roles, labelled.
    await page.getByTestId('lever').getByRole('button', { name: 'Modifier' }).click();
    expect(await page.getByTestId('lever-secondary-from').textContent()).toContain('Médecins de Verdun (55545)');
    expect(await page.getByTestId('lever-secondary-to').textContent()).toContain('consultent à Étain (55181)');
    await saveScreenshot(page, '13-scenario-ophtalmologue-etain');
    await page.getByTestId('lever').getByRole('button', { name: 'Fermer' }).click();

    // 3. Psychiatry teleconsultation for the Meuse: a territory lever placed by a click on the map.
    await page.getByTestId('specialty-select').selectOption('PSY');
    await page.getByTestId('scenario-new').click();
    await page.getByTestId('scenario-name').fill('Téléconsultation de psychiatrie dans la Meuse');
    await page.getByTestId('lever-kind').selectOption('teleconsultation');
    await page.getByTestId('pick-on-map').click();
    const point = await page.evaluate(() => window.__territoireSanteMap!.project(5.38, 49.16));
    const box = (await page.locator('.map').boundingBox())!;
    await page.mouse.click(box.x + point![0], box.y + point![1]);
    await expect.poll(() => page.getByTestId('lever').count()).toBe(1);
    await page.getByTestId('lever').getByRole('button', { name: 'Modifier' }).click();
    await page.getByTestId('lever').getByLabel('Part du besoin téléconsultée').fill('20');
    const psy = await cliMeuse('teleconsultation-psychiatrie-meuse.tsante.json', 'PSY');
    expect(Number(psy.delta_ecart_etp)).toBeGreaterThan(0);
    await expectDelta('PSY', psy.delta_ecart_etp);
    await saveScreenshot(page, '14-scenario-teleconsultation-psychiatrie');
  }, 300_000);

  it('compare le scénario MSP à la référence, puis deux scénarios entre eux', async () => {
    await page.getByTestId('specialty-select').selectOption('MG');
    await page.getByTestId('grid-select').selectOption('BV2022');
    await page.getByTestId('tab-compare').click();
    await page.getByTestId('compare-target').selectOption({ label: 'Maison de santé à Stenay' });
    await expect.poll(() => page.getByTestId('legend').textContent()).toContain('amélioration');
    const kpis = page.getByTestId('kpis');
    await expect.poll(() => page.getByTestId('kpi-delta').textContent()).toMatch(/^amélioration de \d/);
    await expect.poll(() => page.getByTestId('kpi-apl').textContent(), { timeout: 60_000 }).toMatch(/commune/);
    const table = await readTable(page, 'comparison-table');
    const stenayBv = (await readPackTable(packDir, 'appartenance')).find((c) => c.code_commune === '55502')!.BV2022;
    const cli = (await diagnose('BV2022', 'msp-stenay.tsante.json')).find((r) => r.code === stenayBv && r.specialite === 'MG')!;
    sameFigure(table.rows.get(stenayBv)!['MG — variation de l’écart (ETP)'], cli.delta_ecart_etp, 1, 2);
    expect(await kpis.textContent()).toContain('Habitants des bassins de vie en déficit');
    await page.mouse.move(0, 0);
    await saveScreenshot(page, '15-comparaison-difference-msp');

    await page.getByTestId('view-side-by-side').check();
    await expect.poll(() => page.getByTestId('legend').textContent()).toContain('avant (gauche) et après (droite)');
    await page.waitForFunction(() => window.__territoireSanteMap?.rendered === true);
    await saveScreenshot(page, '16-comparaison-cote-a-cote');

    // A vs B: the ophthalmologist scenario as reference, the MSP as target.
    await page.getByRole('radio', { name: 'Différence' }).check();
    await page.getByTestId('compare-reference').selectOption({ label: 'Ophtalmologue deux jours par semaine à Étain' });
    await expect.poll(() => page.getByTestId('kpis').textContent()).toContain('par rapport à : Ophtalmologue');
  }, 180_000);

  it('passe en mode atelier : la carte, les leviers et les indicateurs en grand', async () => {
    await page.getByTestId('tab-scenario').click();
    await page.getByRole('button', { name: 'Maison de santé à Stenay' }).click();
    await page.getByTestId('workshop-toggle').click();
    const levers = page.getByTestId('workshop-levers');
    await expect.poll(() => levers.textContent()).toContain('Stenay');
    // One big number in plain words (tests/e2e/workshop.e2e.test.ts checks it against the CLI at 1920×1080).
    await expect.poll(() => page.getByTestId('workshop-number').textContent()).toMatch(/^\d+,\d médecins? généralistes? de plus dans la Meuse$/);
    expect(await page.getByTestId('dashboard-table').count()).toBe(0);
    await saveScreenshot(page, '17-mode-atelier');
    // Switching the lever off brings the gap back to the baseline.
    await levers.getByRole('checkbox').first().uncheck();
    await expect.poll(() => page.getByTestId('workshop-number').textContent()).toMatch(/^Pas de changement/);
    await levers.getByRole('checkbox').first().check();
    await page.getByTestId('workshop-toggle').click();
  }, 180_000);

  it('exporte CSV, XLSX, GeoJSON, PNG et le rapport', async () => {
    await page.getByTestId('tab-diagnostic').click();
    await page.getByTestId('grid-select').selectOption('BV2022');
    const cli = (await diagnose('BV2022')).filter((r) => r.specialite === 'MG');
    const verdun = cli.find((r) => r.libelle === 'Verdun')!;
    const exportAs = async (format: string) => {
      await page.getByTestId('export-button').click();
      return pickDownload(page, () => page.getByTestId(`export-${format}`).click());
    };

    const csv = await exportAs('csv');
    const csvText = readFileSync(csv.path, 'utf8');
    expect(csvText.startsWith('\uFEFF')).toBe(true);
    // Codes are written ="…" so that Excel keeps leading zeros (issue 13): a bare field with quotes inside.
    const csvRows = parse(csvText.slice(1), { columns: true, delimiter: ';', relax_quotes: true }) as CliRow[];
    const csvVerdun = csvRows.find((r) => r['Code'] === `="${verdun.code}"`)!;
    expect(csvVerdun['MG — écart (ETP)']).toBe(verdun.ecart_etp.replace('.', ','));
    expect(csvRows.slice(-2).map((r) => r['Libellé'])).toEqual(['Total des lignes affichées', 'Meuse (55) — communes du département']);

    const xlsx = await exportAs('xlsx');
    const sheets = await readXlsxFile(xlsx.path);
    const rows = sheets[0].data;
    const header = rows[0] as string[];
    const xlsxVerdun = rows.find((r) => r[0] === verdun.code)!;
    expect(typeof xlsxVerdun[header.indexOf('Population')]).toBe('number');
    expect(xlsxVerdun[header.indexOf('MG — écart (ETP)')]).toBeCloseTo(Number(verdun.ecart_etp), 2);

    const geojson = JSON.parse(readFileSync((await exportAs('geojson')).path, 'utf8'));
    expect(geojson.type).toBe('FeatureCollection');
    const feature = geojson.features.find((f: { properties: Record<string, unknown> }) => f.properties.code === verdun.code);
    expect(feature.geometry.type).toBe('MultiPolygon');
    expect(feature.properties.MG_ecart_etp).toBeCloseTo(Number(verdun.ecart_etp), 2);

    const png = PNG.sync.read(readFileSync((await exportAs('png')).path));
    expect(png.width).toBeGreaterThan(500);
    expect(png.height).toBeGreaterThan(300);

    const report = await exportAs('html');
    const html = readFileSync(report.path, 'utf8');
    expect(html).toContain('Estimation de démonstration');
    expect(html).toContain('data:image/png;base64,');
    expect(html).not.toMatch(/(src|href)=["']https?:/);
    const reportPage = await app.browser.newPage({ viewport: { width: 1200, height: 1600 } });
    await reportPage.route('**/*', (route) => (route.request().url().startsWith('file:') || route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await reportPage.goto(`file://${report.path}`);
    // The first page asks the question (issue 13).
    expect(await reportPage.locator('h1').textContent()).toMatch(/^Où manque-t-il des médecins généralistes \?$/);
    await saveScreenshot(reportPage, '18-rapport-imprimable');
    await reportPage.close();
  }, 180_000);

  it('ne produit aucune erreur console ni requête hors de la machine sur tous les écrans', () => {
    expect(app.consoleErrors).toEqual([]);
    expect(app.externalRequests).toEqual([]);
  });
});
