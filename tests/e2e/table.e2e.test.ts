// Issue 13, the diagnostic table as a planner uses it (demo pack, bassins de vie touching the Meuse):
// the chosen specialty's columns in view without scrolling, the map's indicator in the table, the
// first click on « écart (ETP) » puts deficits first, Code and Libellé stay in view when the table
// scrolls sideways. Screenshots: test-output/31-tableau-*.png.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseFrenchNumber as parseFr } from '../../renderer/format';
import { saveScreenshot as saveAnyScreenshot } from '../support/browser';
import { useDemoApp } from '../support/demo-app';

/** A screenshot with a long timeout: the map's software rendering is slow on a loaded machine. */
const saveScreenshot = (page: Page, name: string) => saveAnyScreenshot(page, name, 90_000);

/** Headers of the table with their place relative to the visible part of the scrolling box. */
async function headerPlaces(page: Page) {
  return page.getByTestId('dashboard-table').evaluate((element) => {
    const box = element.querySelector('.table-scroll')!.getBoundingClientRect();
    return Array.from(element.querySelectorAll('thead th'), (th) => {
      const r = th.getBoundingClientRect();
      return { header: (th.textContent ?? '').replace(/ [▲▼]$/, ''), left: r.left - box.left, right: r.right - box.left, visible: r.left >= box.left - 1 && r.right <= box.right + 1, width: box.width };
    });
  });
}

describe('tableau de diagnostic', () => {
  const app = useDemoApp({ hookTimeout: 180_000 });
  let page: Page;
  beforeAll(() => {
    page = app.page;
  });

  it('montre la spécialité sans défiler, l’indicateur de la carte, les déficits d’abord, Code et Libellé fixes', async () => {
    await page.getByTestId('grid-select').selectOption('BV2022');
    await page.getByTestId('departement-filter').fill('55');
    await page.getByTestId('indicator-select').selectOption('gapPer100k');
    const table = page.getByTestId('dashboard-table');
    await expect.poll(() => table.locator('caption').textContent()).toContain('bassin de vie');
    await expect.poll(async () => (await headerPlaces(page))[3]?.header).toBe('MG — écart pour 100 000 hab. (ETP)');
    const places = await headerPlaces(page);
    // The specialty's key columns are in view without scrolling.
    for (const header of ['Code', 'Libellé', 'Population', 'MG — écart pour 100 000 hab. (ETP)', 'MG — écart (ETP)', 'Taux de couverture MG (%)', 'MG — ETP manquants']) {
      expect(places.find((p) => p.header === header)?.visible, header).toBe(true);
    }
    await page.mouse.move(0, 0);
    await saveScreenshot(page, '31-tableau-specialite-en-vue');

    // First click on « écart (ETP) »: the largest deficit first.
    await table.getByRole('button', { name: 'MG — écart (ETP)', exact: true }).click();
    const column = places.findIndex((p) => p.header === 'MG — écart (ETP)');
    const values = (await table.locator(`tbody tr td:nth-child(${column + 1})`).allTextContents()).map(parseFr);
    expect(values.length).toBeGreaterThan(3);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(values[0]).toBeLessThan(0);

    // Scrolled to the end: Code and Libellé stay at the left edge.
    await table.locator('.table-scroll').evaluate((element) => (element.scrollLeft = element.scrollWidth));
    const scrolled = await headerPlaces(page);
    const code = scrolled.find((p) => p.header === 'Code')!;
    const label = scrolled.find((p) => p.header === 'Libellé')!;
    expect(Math.abs(code.left)).toBeLessThan(2);
    expect(Math.abs(label.left - code.right)).toBeLessThan(2);
    await saveScreenshot(page, '31-tableau-defile-code-fixe');
  }, 300_000);
});
