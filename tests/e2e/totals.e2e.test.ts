// Issue 12, point 2: the totals and KPIs add up to what the screen shows. On the demo pack, grid
// bassin de vie, département 55: the « Total des lignes affichées » row is the total of the rows shown
// (also after the text filter), the « Meuse (55) — communes du département » row is the Meuse's own
// total, and the comparison KPIs cover the rows shown and count inhabitants at the displayed grid.
// Every expected figure is computed here from `diagnose` on the same pack (the demo's numbers change
// as the demo is rebuilt: none is written in this file). Screenshots: test-output/2x-*.png.
import { formatFixed } from '../../common/format-fr';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPackTable } from '../../electron/cli/pack-tables';
import { displayedDifference } from '../../workers/export/columns';
import { foldText, parseFrenchNumber as parseFr } from '../../renderer/format';
import { saveScreenshot } from '../support/browser';
import { demoPackDir as packDir, diagnoseDemo, readTable, useDemoApp, type CliRow } from '../support/demo-app';

const MSP = 'msp-stenay.tsante.json';

/** `npm run --silent cli -- diagnose --pack <demo> --grid <grid> [--scenario …] --out …`, MG rows. */
const diagnose = async (grid: string, scenario?: string): Promise<CliRow[]> => (await diagnoseDemo(grid, scenario)).filter((r) => r.specialite === 'MG');



/**
 * A figure on screen (rounded to `decimals`) agrees with the expected value known within
 * `tolerance` (the CLI's own rounding carried through the sums), and is written the French way.
 */
function near(screen: string, expected: number, decimals: number, tolerance: number, what: string): void {
  const shown = parseFr(screen);
  expect(Number.isFinite(shown), `${what} : « ${screen} » n’est pas un nombre`).toBe(true);
  expect(Math.abs(shown - expected), `${what} : écran ${screen}, attendu ${expected}`).toBeLessThanOrEqual(0.5 * 10 ** -decimals + tolerance + 1e-9);
  expect(screen).toBe(formatFixed(shown, decimals, /^[+\-−]/.test(screen)));
}

/**
 * Acts per FTE of MG, from the DEP rows of `diagnose` (écart en actes ÷ écart en ETP on the row with
 * the largest gap, where the CLI's rounding matters least), and its relative uncertainty.
 */
function productivity(dep: CliRow[], acts: (r: CliRow) => number, fte: (r: CliRow) => number): { p: number; relative: number } {
  const row = dep.reduce((best, r) => (Math.abs(fte(r)) > Math.abs(fte(best)) ? r : best));
  const p = acts(row) / fte(row);
  return { p, relative: 0.005 / Math.abs(fte(row)) + 0.05 / Math.abs(acts(row)) };
}

/** The expected total row of some bassins from their `diagnose` rows (rules of dashboardTotal). */
function expectedTotal(rows: CliRow[], p: { p: number; relative: number }) {
  const sum = (pick: (r: CliRow) => number) => rows.reduce((a, r) => a + pick(r), 0);
  const need = sum((r) => Number(r.besoin_actes));
  const capacity = sum((r) => Number(r.capacite_actes));
  const actsToCover = sum((r) => Math.max(0, -Number(r.ecart_actes)));
  // Each CLI figure in acts is rounded to 0,1: the sum is known within n × 0,05.
  const actsTolerance = rows.length * 0.05;
  return {
    population: sum((r) => Number(r.population)),
    need,
    capacity,
    gapActs: capacity - need,
    gapFte: (capacity - need) / p.p,
    fteTolerance: Math.abs((capacity - need) / p.p) * p.relative + actsTolerance / p.p,
    coverage: (capacity / need) * 100,
    actsToCover,
    fteNeeded: actsToCover / p.p,
    fteNeededTolerance: (actsToCover / p.p) * p.relative + actsTolerance / p.p,
    deficitRate: (actsToCover / need) * 100,
    actsTolerance,
  };
}

function checkTotalRow(shown: Record<string, string>, expected: ReturnType<typeof expectedTotal>, what: string): void {
  expect(shown['Population'], `${what} : population`).toBe(formatFixed(expected.population, 0));
  near(shown['MG — besoin (actes/an)'], expected.need, 0, expected.actsTolerance, `${what} : besoin`);
  near(shown['MG — capacité (actes/an)'], expected.capacity, 0, expected.actsTolerance, `${what} : capacité`);
  near(shown['MG — écart (actes/an)'], expected.gapActs, 0, 2 * expected.actsTolerance, `${what} : écart en actes`);
  near(shown['MG — écart (ETP)'], expected.gapFte, 1, expected.fteTolerance, `${what} : écart en ETP`);
  near(shown['Taux de couverture MG (%)'], expected.coverage, 1, 1e-3, `${what} : couverture`);
  near(shown['MG — actes à couvrir (actes/an)'], expected.actsToCover, 0, expected.actsTolerance, `${what} : actes à couvrir`);
  near(shown['MG — ETP manquants'], expected.fteNeeded, 1, expected.fteNeededTolerance, `${what} : ETP manquants`);
  near(shown['Taux de déficit MG (%)'], expected.deficitRate, 1, 1e-3, `${what} : taux de déficit`);
}

const matches = (query: string) => (r: CliRow) => foldText(r.code).includes(foldText(query)) || foldText(r.libelle).includes(foldText(query));

describe('les totaux et les indicateurs égalent ce que montre l’écran', () => {
  let bv: CliRow[];
  let dep: CliRow[];
  let meuseBv: Set<string>;
  let pBefore: { p: number; relative: number };

  // The CLI's figures are computed while the page loads.
  const app = useDemoApp({
    requireDemoPack: true,
    hookTimeout: 180_000,
    async whileLoading() {
      [bv, dep] = await Promise.all([diagnose('BV2022'), diagnose('DEP')]);
      const communes = await readPackTable(packDir, 'appartenance');
      meuseBv = new Set(communes.filter((c) => c.DEP === '55').map((c) => c.BV2022));
      pBefore = productivity(dep, (r) => Number(r.ecart_actes), (r) => Number(r.ecart_etp));
    },
  });
  let page: Page;
  beforeAll(() => {
    page = app.page;
  });

  it('bassins de vie, Meuse : « Total des lignes affichées » et la ligne du département égalent `diagnose`', async () => {
    await page.getByTestId('grid-select').selectOption('BV2022');
    await page.getByTestId('departement-filter').fill('55');
    const table = page.getByTestId('dashboard-table');
    await expect.poll(() => table.locator('caption').textContent()).toContain('bassin de vie');
    await expect.poll(async () => (await readTable(page, 'dashboard-table')).rows.size).toBe(meuseBv.size);
    const shown = await readTable(page, 'dashboard-table');
    expect(new Set(shown.rows.keys())).toEqual(meuseBv);

    // The total of the rows: every bassin that touches the Meuse, whole.
    const rows = bv.filter((r) => meuseBv.has(r.code));
    expect(shown.total!['Libellé']).toBe('Total des lignes affichées');
    checkTotalRow(shown.total!, expectedTotal(rows, pBefore), 'total des lignes');

    // The Meuse's own total: the DEP row of `diagnose --grid DEP`.
    const meuse = dep.find((r) => r.code === '55')!;
    const own = shown.departement!;
    expect(own['Libellé']).toBe(`${meuse.libelle} (55) — communes du département`);
    expect(own['Code']).toBe('');
    expect(own['Population']).toBe(formatFixed(Number(meuse.population), 0));
    near(own['MG — besoin (actes/an)'], Number(meuse.besoin_actes), 0, 0.05, 'Meuse : besoin');
    near(own['MG — capacité (actes/an)'], Number(meuse.capacite_actes), 0, 0.05, 'Meuse : capacité');
    near(own['MG — écart (actes/an)'], Number(meuse.ecart_actes), 0, 0.05, 'Meuse : écart en actes');
    near(own['MG — écart (ETP)'], Number(meuse.ecart_etp), 1, 0.005, 'Meuse : écart en ETP');
    near(own['Taux de couverture MG (%)'], Number(meuse.taux_couverture) * 100, 1, 0.005, 'Meuse : couverture');
    // The département taken as one territory: acts to cover and FTE needed are its own net deficit.
    near(own['MG — actes à couvrir (actes/an)'], Math.max(0, -Number(meuse.ecart_actes)), 0, 0.05, 'Meuse : actes à couvrir');
    near(own['MG — ETP manquants'], Math.max(0, -Number(meuse.ecart_etp)), 1, 0.005, 'Meuse : ETP manquants');
    // The bassins that touch the Meuse hold more people than the Meuse.
    expect(parseFr(shown.total!['Population'])).toBeGreaterThan(Number(meuse.population));
    await page.mouse.move(0, 0);
    await saveScreenshot(page, '20-totaux-bassins-de-vie-meuse');
    // The same rows scrolled to the médecine générale columns.
    const scroll = table.locator('.table-scroll');
    await scroll.evaluate((element) => {
      const header = Array.from(element.querySelectorAll('thead th')).find((th) => th.textContent?.startsWith('MG — besoin')) as HTMLElement;
      // Code and Libellé stay at the left (sticky): scroll so that « besoin » comes right after them.
      const label = element.querySelector('thead th.sticky-col.label') as HTMLElement;
      element.scrollLeft = header.offsetLeft - (label.offsetLeft + label.offsetWidth) - 8;
    });
    await saveScreenshot(page, '20-totaux-bassins-de-vie-meuse-mg');
    await scroll.evaluate((element) => (element.scrollLeft = 0));

    // The text filter narrows the rows, and the total follows them; the département's row stays.
    await page.getByTestId('dashboard-table-filter').fill('55');
    const kept = rows.filter(matches('55'));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(rows.length);
    await expect.poll(async () => (await readTable(page, 'dashboard-table')).rows.size).toBe(kept.length);
    const filtered = await readTable(page, 'dashboard-table');
    expect(new Set(filtered.rows.keys())).toEqual(new Set(kept.map((r) => r.code)));
    checkTotalRow(filtered.total!, expectedTotal(kept, pBefore), 'total des lignes filtrées');
    expect(filtered.departement).toEqual(shown.departement);
    expect(await table.getByRole('status').textContent()).toBe(`${kept.length} territoire${kept.length > 1 ? 's' : ''} sur ${rows.length}`);
    await saveScreenshot(page, '21-totaux-filtre-de-texte');
    await page.getByTestId('dashboard-table-filter').fill('');
  }, 120_000);

  it('comparaison : indicateurs des lignes affichées, habitants des bassins de vie en déficit, une règle d’arrondi', async () => {
    const after = await diagnose('BV2022', MSP);
    const depAfter = await diagnose('DEP', MSP);
    const pAfter = productivity(depAfter, (r) => Number(r.capacite_actes_scenario) - Number(r.besoin_actes_scenario), (r) => Number(r.ecart_etp_scenario));
    const byCode = new Map(after.map((r) => [r.code, r]));

    await page.getByTestId('tab-scenario').click();
    await page.getByText('Exemples et fichiers récents').click();
    await page.getByRole('button', { name: 'Maison de santé à Stenay' }).first().click();
    await page.getByTestId('tab-compare').click();
    await page.getByTestId('compare-target').selectOption({ label: 'Maison de santé à Stenay' });
    await expect.poll(() => page.getByTestId('kpi-delta').textContent()).toMatch(/^amélioration de \d/);
    await expect.poll(async () => (await readTable(page, 'comparison-table')).rows.size).toBe(meuseBv.size);

    /** The KPIs on screen against the `diagnose` rows of the bassins shown. */
    const check = async (codes: string[], what: string) => {
      const rows = codes.map((code) => byCode.get(code)!);
      const gap = (pick: (r: CliRow) => number, p: { p: number; relative: number }) => {
        const acts = rows.reduce((a, r) => a + pick(r), 0);
        return { value: acts / p.p, tolerance: Math.abs(acts / p.p) * p.relative + (rows.length * 0.05) / p.p };
      };
      const before = gap((r) => Number(r.ecart_actes), pBefore);
      const afterGap = gap((r) => Number(r.capacite_actes_scenario) - Number(r.besoin_actes_scenario), pAfter);
      const text = (await page.getByTestId('kpi-gap').textContent())!;
      const [shownBefore, shownAfter] = text.split(' → ');
      near(shownBefore, before.value, 1, before.tolerance, `${what} : écart avant`);
      near(shownAfter, afterGap.value, 1, afterGap.tolerance, `${what} : écart après`);
      // The change is the difference of the two ends shown (one rounding rule on the screen).
      const change = displayedDifference(parseFr(shownAfter), parseFr(shownBefore), 1);
      expect(await page.getByTestId('kpi-delta').textContent()).toBe(`amélioration de ${formatFixed(change, 1)} ETP`);
      // The same figures as the table's total row.
      const table = await readTable(page, 'comparison-table');
      expect(table.total!['Libellé']).toBe('Total des lignes affichées');
      expect([table.total!['MG — écart avant (ETP)'], table.total!['MG — écart après (ETP)']]).toEqual([shownBefore, shownAfter]);
      expect(table.total!['MG — variation de l’écart (ETP)']).toBe(formatFixed(change, 1, true));
      // Inhabitants of the bassins shown whose gap is negative, before and after.
      const inDeficit = (deficit: (r: CliRow) => boolean) => rows.filter(deficit).reduce((a, r) => a + Number(r.population), 0);
      const expected = `${formatFixed(inDeficit((r) => Number(r.ecart_actes) < 0), 0)} → ${formatFixed(inDeficit((r) => Number(r.capacite_actes_scenario) < Number(r.besoin_actes_scenario)), 0)}`;
      expect(await page.getByTestId('kpi-population').textContent()).toBe(expected);
      return table;
    };

    expect(await page.getByTestId('kpi-population-label').textContent()).toBe('Habitants des bassins de vie en déficit (médecine générale)');
    const all = await check([...meuseBv], 'toutes les lignes');
    // The Meuse's own change, as in the département's row of the table.
    const meuse = dep.find((r) => r.code === '55')!;
    const meuseAfter = depAfter.find((r) => r.code === '55')!;
    const own = all.departement!;
    expect(own['Libellé']).toBe(`${meuse.libelle} (55) — communes du département`);
    near(own['MG — écart avant (ETP)'], Number(meuse.ecart_etp), 1, 0.005, 'Meuse : écart avant');
    near(own['MG — écart après (ETP)'], Number(meuseAfter.ecart_etp_scenario), 1, 0.005, 'Meuse : écart après');
    expect(await page.getByTestId('kpi-departement').textContent()).toContain(`${own['MG — écart avant (ETP)']} → ${own['MG — écart après (ETP)']}`);
    await page.mouse.move(0, 0);
    await saveScreenshot(page, '22-indicateurs-lignes-affichees');

    // Filtered to the bassins whose code or name holds « 55 »: the KPIs follow the rows shown.
    await page.getByTestId('comparison-table-filter').fill('55');
    const kept = [...meuseBv].filter((code) => matches('55')(byCode.get(code)!));
    await expect.poll(async () => (await readTable(page, 'comparison-table')).rows.size).toBe(kept.length);
    await expect.poll(() => page.getByTestId('kpis').textContent()).toContain('filtrés par « 55 »');
    await check(kept, 'lignes filtrées');
    await saveScreenshot(page, '23-indicateurs-filtre-de-texte');
    await page.getByTestId('comparison-table-filter').fill('');
  }, 180_000);
});
