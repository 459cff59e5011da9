// Follow-up over time (issue 14 §3) in Debian Chromium: alert thresholds flag the territories below them in
// the table (a badge with its reason, counted), on the demo pack; then a second pack (small synthetic
// national files in their real layouts — DAMIR, RPPS, population — imported through the import screen) is
// compared with the demo on the département grid, « paquet A → paquet B »: the Meuse's gap before is `diagnose --pack demo`'s, its gap after is the
// one pack B's own diagnostic shows.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatFixed } from '../../common/format-fr';
import { parseFrenchNumber as parseFr } from '../../renderer/format';
import { gzipSync } from 'node:zlib';
import { damirMonthLines } from '../fixtures/damir-files';
import { tdPop1b } from '../fixtures/population-files';
import { rppsText } from '../fixtures/rpps-files';
import { saveScreenshot } from '../support/browser';
import { diagnoseDemo, readTable, useDemoApp, type CliRow } from '../support/demo-app';

const work = mkdtempSync(join(tmpdir(), 'ts-e2e-followup-'));



describe('suivi dans le temps et seuils d’alerte', () => {
  let files: string[];
  let demoDep: CliRow[];
  beforeAll(() => {
    // Pack B: national files of another vintage (small synthetic ones in their real layouts), imported as a new pack.
    const write = (name: string, content: string | Uint8Array) => {
      const path = join(work, name);
      writeFileSync(path, content);
      return path;
    };
    files = [
      write('A202402.csv.gz', gzipSync([...damirMonthLines(2024, 1, 3000, 5)].join('\n') + '\n')),
      write('PS_LibreAcces_Personne_activite_202504.txt', rppsText()),
      write('TD_POP1B_2021.csv', tdPop1b()),
    ];
  });
  const app = useDemoApp({ requireDemoPack: true, hookTimeout: 120_000, actionTimeout: 90_000, whileLoading: async () => void (demoDep = (await diagnoseDemo('DEP')).filter((r) => r.specialite === 'MG')) });

  it('signale les bassins de vie sous les seuils, avec la raison, et les compte', async () => {
    const { page } = app;
    // The first screen: general practice by bassin de vie, territories touching the Meuse.
    await page.getByTestId('grid-select').selectOption('BV2022');
    await page.getByTestId('departement-filter').fill('55');
    // Coverage only first: a row is flagged exactly when its coverage shown is below the threshold.
    await page.getByTestId('alert-apl-on').uncheck();
    await page.getByTestId('alert-coverage-value').fill('90');
    await page.getByTestId('alert-coverage-value').press('Enter');
    await expect.poll(async () => [...(await readTable(page, 'dashboard-table')).rows.values()].some((r) => r['Alerte'].endsWith('< 90 %')), { timeout: 30_000 }).toBe(true);
    const table = await readTable(page, 'dashboard-table');
    expect(table.rows.size).toBeGreaterThan(5);
    // Right after the specialty's key figures: in view without scrolling.
    expect(table.headers[table.headers.indexOf('MG — ETP manquants') + 1]).toBe('Alerte');
    const alert = 'Alerte';
    let flagged = 0;
    for (const [code, row] of table.rows) {
      const coverage = parseFr(row['Taux de couverture MG (%)']);
      // Read as shown: « 90,0 % » is not below 90 %.
      if (coverage < 90) {
        expect(row[alert], code).toBe(`Alerte : couverture MG ${row['Taux de couverture MG (%)']} % < 90 %`);
        flagged++;
      } else expect(row[alert], code).toBe('');
    }
    expect(flagged).toBeGreaterThan(0);
    // The count in the table head is the number of badges.
    expect(await page.getByTestId('dashboard-table').getByTestId('alert-badge').count()).toBe(flagged);
    expect(await page.getByTestId('alert-count').textContent()).toContain(`${flagged} territoire${flagged > 1 ? 's' : ''} en alerte`);

    // A threshold that is not a number is said, and the one in force kept.
    // Typed key by key as a person does: « 9 » on the way is not applied.
    await page.getByTestId('alert-coverage-value').fill('');
    await page.getByTestId('alert-coverage-value').pressSequentially('9O');
    await page.getByTestId('alert-coverage-value').blur();
    await expect.poll(() => page.getByTestId('alert-coverage-problem').textContent()).toBe('« 9O » n’est pas un nombre (écrire par exemple 90) : seuil gardé à 90 %.');
    expect(await page.getByTestId('alert-coverage-value').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('alert-coverage-value').fill('500');
    await page.getByTestId('alert-coverage-value').press('Enter');
    await expect.poll(() => page.getByTestId('alert-coverage-problem').textContent()).toBe('« 500 % » hors de la plage 0 à 200 % : seuil gardé à 90 %.');
    await saveScreenshot(page, '53-seuil-invalide');
    expect(await page.getByTestId('alert-count').textContent()).toContain(`${flagged} territoire${flagged > 1 ? 's' : ''} en alerte`);

    // Back to the default threshold (80 %): no more bassins flagged than at 90 %, each below 80 %.
    await page.getByTestId('alert-coverage-value').fill('80');
    await page.getByTestId('alert-coverage-value').press('Enter');
    await expect.poll(async () => [...(await readTable(page, 'dashboard-table')).rows.values()].every((r) => !r['Alerte'].endsWith('< 90 %'))).toBe(true);
    const at80 = [...(await readTable(page, 'dashboard-table')).rows.values()].filter((r) => r['Alerte'] !== '');
    expect(at80.length).toBeLessThanOrEqual(flagged);
    expect(at80.every((r) => parseFr(r['Taux de couverture MG (%)']) < 80)).toBe(true);
    expect(await page.getByTestId('alert-coverage-problem').count()).toBe(0);

    // The APL threshold: the territory's APL (population-weighted mean of its communes) is shown beside the alert.
    await page.getByTestId('alert-apl-on').check();
    const aplHeader = 'APL moyenne du territoire (pondérée par la population) — MG';
    await expect.poll(async () => (await readTable(page, 'dashboard-table')).headers.includes(aplHeader), { timeout: 60_000 }).toBe(true);
    await expect.poll(async () => [...(await readTable(page, 'dashboard-table')).rows.values()].every((r) => r[aplHeader] !== '—'), { timeout: 60_000 }).toBe(true);
    const withApl = await readTable(page, 'dashboard-table');
    const both = 'Alerte';
    let lowApl = 0;
    for (const [code, row] of withApl.rows) {
      const apl = parseFr(row[aplHeader]);
      // Read as shown, to 0,01.
      if (apl < 2.5) {
        expect(row[both], code).toContain(`APL MG ${row[aplHeader]} < 2,5`);
        lowApl++;
      } else expect(row[both], code).not.toContain('APL MG');
    }
    const badges = await page.getByTestId('dashboard-table').getByTestId('alert-badge').count();
    expect(await page.getByTestId('alert-count').textContent()).toContain(`${badges} territoire${badges > 1 ? 's' : ''} en alerte`);
    expect(badges).toBeGreaterThanOrEqual(Math.max(flagged, lowApl));
    // Deficits first: the départements in alert are read at the top.
    await page.getByTestId('dashboard-table').getByRole('button', { name: 'Taux de couverture MG (%)' }).click();
    await page.getByTestId('dashboard-table').getByRole('button', { name: 'Taux de couverture MG (%)' }).click();
    await page.mouse.move(0, 0);
    await saveScreenshot(page, '50-alertes-diagnostic-bassins-meuse');
  }, 180_000);

  it('compare deux paquets sur les départements : avant = paquet A, après = paquet B', async () => {
    const { page } = app;
    await page.getByTestId('open-data-panel').click();
    await page.getByTestId('import-files').setInputFiles(files);
    await expect.poll(() => page.getByLabel('Type du fichier PS_LibreAcces_Personne_activite_202504.txt').inputValue()).toBe('rpps');
    if ((await page.getByTestId('destination-new').count()) > 0) await page.getByTestId('destination-new').check();
    await page.getByLabel('Nom du paquet').fill('maj-rpps-2025');
    await page.getByTestId('import-start').click();
    await page.getByTestId('import-report').waitFor({ timeout: 90_000 });
    await page.getByTestId('import-use').click();
    await expect.poll(() => page.getByTestId('provenance').textContent(), { timeout: 30_000 }).toContain('maj-rpps-2025');
    await page.getByRole('button', { name: 'Fermer le panneau des données' }).click();

    // Pack B's own diagnostic of the Meuse (the worker's figures for pack B).
    await page.getByTestId('grid-select').selectOption('DEP');
    await page.getByTestId('departement-filter').fill('55');
    await expect.poll(async () => (await readTable(page, 'dashboard-table')).rows.has('55'), { timeout: 30_000 }).toBe(true);
    const meuseB = (await readTable(page, 'dashboard-table')).rows.get('55')!;

    await page.getByTestId('tab-compare').click();
    await page.getByTestId('compare-mode-packs').check();
    await expect.poll(() => page.getByTestId('compare-pack-a').textContent()).toContain('Démonstration');
    await page.getByTestId('compare-pack-a').selectOption('demo');
    await expect.poll(async () => (await readTable(page, 'comparison-table')).rows.has('55'), { timeout: 60_000 }).toBe(true);
    const meuse = (await readTable(page, 'comparison-table')).rows.get('55')!;
    const demoMeuse = demoDep.find((r) => r.code === '55')!;
    // Before: `diagnose --pack demo` (CLI rounding 0,01), shown with one decimal.
    expect(Math.abs(parseFr(meuse['MG — écart avant (ETP)']) - Number(demoMeuse.ecart_etp))).toBeLessThanOrEqual(0.05 + 0.005);
    expect(meuse['MG — écart avant (ETP)']).toBe(formatFixed(parseFr(meuse['MG — écart avant (ETP)']), 1, true));
    // After: pack B's own diagnostic.
    expect(meuse['MG — écart après (ETP)']).toBe(meuseB['MG — écart (ETP)']);
    expect(meuse['Population après']).toBe(meuseB['Population']);

    const kpis = (await page.getByTestId('kpis').textContent())!;
    expect(kpis).toContain('Paquet A (Démonstration France (estimation de démonstration)) → Paquet B (');
    expect(kpis).toContain('maj-rpps-2025');
    expect(await page.getByTestId('kpi-packs-matched').textContent()).toBe('1 territoire dans les deux paquets');
    expect(await page.getByTestId('kpi-apl-unavailable').textContent()).toContain('les communes des deux paquets peuvent différer');
    expect(await page.getByTestId('comparison-table').locator('caption').textContent()).toMatch(/^Paquet A \(Démonstration France .*\) → Paquet B \(.*\) — Différence par département/);

    await page.mouse.move(0, 0);
    await saveScreenshot(page, '51-suivi-deux-paquets-departement-meuse');

    // By bassin de vie: the alerts of pack B (« après »), counted in the KPIs and in the table head.
    await page.getByTestId('grid-select').selectOption('BV2022');
    await expect.poll(async () => (await readTable(page, 'comparison-table')).rows.size, { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('comparison-table').locator('caption').textContent()).toContain('bassin de vie');
    await expect.poll(() => page.getByTestId('kpi-alerts-count').textContent(), { timeout: 60_000 }).toMatch(/^\d+ territoires? sur /);
    const badges = await page.getByTestId('comparison-table').getByTestId('alert-badge').count();
    expect(badges).toBeGreaterThan(0);
    // Pack B has fewer communes: the bassins it lacks are listed apart, not counted as zero.
    const matched = (await readTable(page, 'comparison-table')).rows.size;
    expect(await page.getByTestId('kpi-packs-matched').textContent()).toBe(`${matched} territoire${matched > 1 ? 's' : ''} dans les deux paquets`);
    // Pack B's population file covers a few communes: the bassins without inhabitants in B are listed apart.
    expect(await page.getByTestId('kpi-packs-unmatched').textContent()).toMatch(/Hors comparaison : \d+ territoires? seulement dans le paquet A/);
    expect(await page.getByTestId('pack-unmatched').textContent()).toContain('seulement dans le paquet A ou sans habitants dans le paquet B');
    expect(await page.getByTestId('kpi-alerts-count').textContent()).toMatch(new RegExp(`^${badges} territoires? sur `));
    await page.mouse.move(0, 0);
    await saveScreenshot(page, '52-suivi-deux-paquets-alertes-bassins');
  }, 300_000);
});
