// The « laisser-faire » horizon (issue 14 §2), in Debian Chromium on the demo pack: built in one click
// from the scenario panel, it is an ordinary scenario — duplicated, given a lever, and used as the
// reference of the comparison (« Laisser-faire 2030 → Copie de Laisser-faire 2030 »). The screen's
// figures are those of `cli horizon` + `cli diagnose` on the same pack.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { parseFrenchNumber } from '../../renderer/format';
import { readScenarioText } from '../../workers/engine/scenario';
import { saveScreenshot } from '../support/browser';
import { columnByCode, demoPackDir, diagnoseDemo, quiet, useDemoApp } from '../support/demo-app';

const DELTA = 'MG — variation de l’écart (ETP)';

/** The comparison table's cells of a column, by row code. */
const column = (page: Page, header: string) => columnByCode(page, 'comparison-table', header);

describe('laisser-faire à l’horizon 2030, référence de la comparaison', () => {
  const app = useDemoApp({ requireDemoPack: true, actionTimeout: 120_000, mapTimeout: 180_000, hookTimeout: 240_000 });
  let page: Page;
  beforeAll(() => {
    page = app.page;
  });

  it('construit « Laisser-faire 2030 », le duplique avec une installation et compare les deux', async () => {
    // The CLI's scenario on the same pack, with the dialog's defaults (67 ans, 50 % remplacés).
    const file = join(mkdtempSync(join(tmpdir(), 'ts-e2e-horizon-')), 'laisser-faire-2030.tsante.json');
    expect(await runCli(['horizon', '--pack', demoPackDir, '--annee', '2030', '--out', file], { stdout: quiet, stderr: quiet })).toBe(0);
    const cliScenario = readScenarioText(readFileSync(file, 'utf8')).scenario;
    const cli = new Map((await diagnoseDemo('DEP', file)).filter((r) => r.specialite === 'MG').map((r) => [r.code, r]));

    await page.getByTestId('grid-select').selectOption('DEP');
    await page.getByTestId('specialty-select').selectOption('MG');
    await page.getByTestId('tab-scenario').click();
    await page.getByTestId('horizon-open').click();
    const dialog = page.getByTestId('horizon-dialog');
    expect(await dialog.textContent()).toMatch(/Âge de départ à la retraite.*ans.*Départs remplacés par des arrivées.*%/);
    expect(await dialog.getByLabel('Âge de départ à la retraite').inputValue()).toBe('67');
    expect(await dialog.getByLabel('Départs remplacés par des arrivées').inputValue()).toBe('50');
    await page.getByTestId('horizon-year').selectOption('2030');
    await dialog.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await saveScreenshot(page, '40-laisser-faire-dialogue');
    await page.getByTestId('horizon-build').click();
    await expect.poll(() => page.getByTestId('scenario-name').inputValue(), { timeout: 60_000 }).toBe('Laisser-faire 2030');
    // The same levers as the CLI's file: one population lever per département, departures where there are doctors.
    expect(await page.getByTestId('lever').count()).toBe(cliScenario.levers.length);
    expect(cliScenario.levers.filter((l) => l.kind === 'populationChange').length).toBeGreaterThan(90);
    // On the map, only the departures of the specialty on screen are labelled (one per département).
    await page.waitForFunction(() => window.__territoireSanteMap?.rendered === true);
    await saveScreenshot(page, '41-laisser-faire-2030-leviers');

    // Against the baseline: the screen says what `diagnose` says for the Meuse and the Moselle.
    await page.getByTestId('tab-compare').click();
    await page.getByTestId('compare-target').selectOption({ label: 'Laisser-faire 2030' });
    await page.getByTestId('departement-filter').fill('');
    await expect.poll(async () => (await column(page, DELTA)).size, { timeout: 60_000 }).toBeGreaterThan(90);
    const baseline = await column(page, DELTA);
    for (const code of ['55', '57']) {
      const expected = Number(cli.get(code)!.delta_ecart_etp);
      expect(expected).toBeLessThan(0);
      expect(Math.abs(parseFrenchNumber(baseline.get(code)!) - expected)).toBeLessThanOrEqual(0.051);
    }

    // A copy of it with one more GP at Stenay (Meuse).
    await page.getByTestId('tab-scenario').click();
    await page.getByTestId('scenario-duplicate').click();
    await expect.poll(() => page.getByTestId('scenario-name').inputValue()).toBe('Copie de Laisser-faire 2030');
    await page.getByTestId('lever-kind').selectOption('install');
    await page.getByTestId('commune-search').fill('Stenay');
    await page.getByTestId('commune-search').press('Enter');
    await expect.poll(() => page.getByTestId('lever').count()).toBe(cliScenario.levers.length + 1);

    // « Laisser-faire 2030 → Copie de Laisser-faire 2030 »: only the Meuse moves, by the installed FTE.
    await page.getByTestId('tab-compare').click();
    await page.getByTestId('compare-reference').selectOption({ label: 'Laisser-faire 2030' });
    await page.getByTestId('compare-target').selectOption({ label: 'Copie de Laisser-faire 2030' });
    await expect.poll(async () => parseFrenchNumber((await column(page, DELTA)).get('55') ?? ''), { timeout: 60_000 }).toBeCloseTo(1, 1);
    const shown = await column(page, DELTA);
    expect(parseFrenchNumber(shown.get('57')!)).toBe(0);
    await expect.poll(() => page.getByTestId('kpis').textContent()).toContain('par rapport à : Laisser-faire 2030');
    await expect.poll(() => page.getByTestId('kpi-delta').textContent()).toMatch(/^amélioration/);
    await page.mouse.move(0, 0);
    await page.waitForFunction(() => window.__territoireSanteMap?.rendered === true);
    await saveScreenshot(page, '42-comparaison-laisser-faire-2030');
  }, 600_000);
});
