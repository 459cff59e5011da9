// Teleconsultation as a transfer (issue 12), in Debian Chromium on the demo pack: the example where
// psychiatrists of Nancy consult residents of the north of the Meuse. The Meuse gains what
// Meurthe-et-Moselle gives (the screen equals `cli diagnose`), France's total does not move, the lever
// form names who gives and who receives, and the map draws the transfer.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseFrenchNumber as frenchNumber } from '../../renderer/format';
import { saveScreenshot } from '../support/browser';
import { columnByCode, diagnoseDemo, useDemoApp } from '../support/demo-app';

const EXAMPLE = 'teleconsultation-psychiatres-nancy-nord-meuse.tsante.json';
const DELTA = 'Psychiatrie — variation de l’écart (ETP)';

/** `cli diagnose` of the example on the demo pack: the psychiatry rows. */
const diagnose = async (grid: string): Promise<Record<string, string>[]> => (await diagnoseDemo(grid, EXAMPLE)).filter((r) => r.specialite === 'PSY');

/** The comparison table's cell of a column, by row code. */
const column = (page: Page, header: string) => columnByCode(page, 'comparison-table', header);

describe('téléconsultation : un transfert d’actes entre territoires', () => {
  const app = useDemoApp({ requireDemoPack: true });
  let page: Page;
  beforeAll(() => {
    page = app.page;
  });

  it('les psychiatres de Nancy consultent le nord de la Meuse : la Meuse gagne ce que la Meurthe-et-Moselle donne', async () => {
    await page.getByTestId('grid-select').selectOption('DEP');
    await page.getByTestId('specialty-select').selectOption('PSY');
    await page.getByTestId('tab-scenario').click();
    await page.locator('details.examples summary').click();
    await page.getByRole('button', { name: 'Psychiatres de Nancy pour le nord de la Meuse' }).click();
    await expect.poll(() => page.getByTestId('lever').count()).toBe(2);
    await page.getByTestId('departement-filter').fill('');

    const cli = new Map((await diagnose('DEP')).map((r) => [r.code, r]));
    // The CLI: Meurthe-et-Moselle loses what the bassins of Stenay and Montmédy gain (the Meuse, and the
    // Ardennes communes of the Montmédy bassin); no other département moves.
    const meuse = Number(cli.get('55')!.delta_ecart_etp), nancy = Number(cli.get('54')!.delta_ecart_etp);
    expect(meuse).toBeGreaterThan(0.3);
    expect(nancy).toBeLessThan(-0.3);
    const gained = (code: string) => Number(cli.get(code)!.capacite_actes_scenario) - Number(cli.get(code)!.capacite_actes);
    expect(gained('54') + gained('55') + gained('08')).toBeCloseTo(0, 0);
    expect([...cli.keys()].filter((code) => Math.abs(gained(code)) > 0.05).sort()).toEqual(expect.arrayContaining(['54', '55']));
    const capacityBefore = [...cli.values()].reduce((sum, r) => sum + Number(r.capacite_actes), 0);
    const capacityAfter = [...cli.values()].reduce((sum, r) => sum + Number(r.capacite_actes_scenario), 0);
    expect(Math.abs(capacityAfter - capacityBefore)).toBeLessThan(1);
    expect(Number(cli.get('55')!.besoin_actes_scenario)).toBe(Number(cli.get('55')!.besoin_actes));

    // The screen says the same, rounded to one decimal.
    await expect.poll(async () => (await column(page, DELTA)).size, { timeout: 60_000 }).toBeGreaterThan(90);
    const shown = await column(page, DELTA);
    expect(Math.abs(frenchNumber(shown.get('55')!) - meuse)).toBeLessThanOrEqual(0.051);
    expect(Math.abs(frenchNumber(shown.get('54')!) - nancy)).toBeLessThanOrEqual(0.051);
    expect(frenchNumber(shown.get('57')!)).toBe(0);

    // The lever's form: who receives, how much, who gives, the nurse-assisted point; French figures.
    const lever = page.getByTestId('lever').first();
    await lever.getByRole('button', { name: 'Modifier' }).click();
    const form = await lever.textContent();
    expect(form).toContain('Patients : habitants du territoire Stenay (55502), bassin de vie 2022');
    expect(form).toContain('Médecins de Nancy');
    expect(form).toContain('Point de téléconsultation assistée (infirmier) : Stenay');
    expect(form).toMatch(/au plus 20\s% de leur activité/);
    expect(await lever.getByLabel('Actes téléconsultés').inputValue()).toMatch(/^1\s000$/);
    expect(await lever.textContent()).toMatch(/1\s000 actes par an des habitants du territoire Stenay \(55502\), bassin de vie 2022, assurés à distance par les médecins de Nancy \(54395\) \(pris sur leur temps\)/);
    await saveScreenshot(page, '16-teleconsultation-nancy-formulaire');

    // Asking for more than Nancy's psychiatrists may give (20 % of their activity) is refused in French.
    await lever.getByLabel('Actes téléconsultés').fill('500000');
    await expect.poll(() => page.getByTestId('scenario-panel').textContent()).toMatch(/doit être compris entre|ne peut téléconsulter que|dépassent la part téléconsultable/);
    await lever.getByLabel('Actes téléconsultés').fill('1000');

    // On the map, by bassin de vie: the transfer is drawn from Nancy to Stenay.
    await page.getByTestId('grid-select').selectOption('BV2022');
    await page.getByTestId('departement-filter').fill('55');
    await lever.getByRole('button', { name: 'Fermer' }).click();
    await expect.poll(() => page.evaluate(() => window.__territoireSanteMap?.rendered ?? false)).toBe(true);
    await saveScreenshot(page, '17-teleconsultation-nancy-carte');
  }, 240_000);
});
