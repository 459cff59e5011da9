// Issue 13, the report as a planner prints it: the CLI `export` of the demo pack (bassins de vie
// touching the Meuse, MSP de Stenay scenario, médecine générale) opened in Chromium in print layout,
// A4 landscape. The first page holds the question, the map, the key figures and the levers, and fits
// one page; the annex comes last; no internal reference is printed. Screenshots:
// test-output/30-rapport-premiere-page.png and the PDF test-output/30-rapport.pdf.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { CHROMIUM_PATH, repoRoot, testOutputDir } from '../support/browser';
import { demoPackDir as packDir, quiet } from '../support/demo-app';

const work = mkdtempSync(join(tmpdir(), 'ts-report-'));
const MSP = join(repoRoot, 'scenarios', 'msp-stenay.tsante.json');
// A4 landscape at 96 px per inch, less the 12 mm margins of the report's @page rule.
const MM = 96 / 25.4;
const PAGE_HEIGHT = (210 - 24) * MM;

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-background-networking', '--no-first-run'] });
});
afterAll(async () => {
  await browser?.close();
});

describe('rapport imprimable', () => {
  it('première page : la question, la carte, les chiffres clés et les leviers, sur une page A4 paysage', async () => {
    const out = join(work, 'rapport.html');
    const args = ['export', '--pack', packDir, '--grid', 'BV2022', '--departement', '55', '--specialite', 'MG', '--scenario', MSP, '--out', out];
    expect(await runCli(args, { stdout: quiet, stderr: quiet })).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toMatch(/DATA_SPEC|docs\/|npm:|node_modules|@etalab|workers\//);

    const page = await browser.newPage({ viewport: { width: Math.round(273 * MM), height: Math.round(PAGE_HEIGHT) }, locale: 'fr-FR' });
    await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    await page.goto(`file://${out}`);
    await page.emulateMedia({ media: 'print' });
    const first = page.locator('section.first-page');
    const text = (await first.innerText()).replace(/\s+/g, ' ');
    // In reading order: the question, the scenario's description, the figures, the levers.
    const order = [
      'Que change le scénario « Maison de santé à Stenay » pour les médecins généralistes ?',
      'Ouverture d\'une maison de santé pluriprofessionnelle à Stenay',
      'Chiffres clés',
      'Écart en médecins à temps plein (ETP) des bassins de vie du tableau',
      'Ailleurs : variation hors des territoires du tableau',
      'Meuse (55) — communes du département : écart (ETP)',
      'Leviers du scénario',
      'Maison de santé à Stenay (55502)',
    ].map((part) => {
      const index = text.indexOf(part);
      expect(index, part).toBeGreaterThanOrEqual(0);
      return index;
    });
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(await first.locator('.first-map svg, .first-map img').count()).toBe(1);
    // The first page fits one printed page; the next section starts on the next one.
    const box = (await first.boundingBox())!;
    expect(box.height).toBeLessThanOrEqual(PAGE_HEIGHT);
    mkdirSync(testOutputDir, { recursive: true });
    await page.screenshot({ path: join(testOutputDir, '30-rapport-premiere-page.png'), clip: { x: 0, y: 0, width: box.width + box.x * 2, height: Math.min(PAGE_HEIGHT, box.y + box.height + 8) } });
    // The annex is the last section and holds the source files.
    const sections = await page.locator('h2.section').allInnerTexts();
    expect(sections.at(-1)).toMatch(/^Annexe/);
    expect(html.indexOf('Fichiers sources')).toBeGreaterThan(html.indexOf('id="annexe"'));
    writeFileSync(join(testOutputDir, '30-rapport.pdf'), await page.pdf({ format: 'A4', landscape: true, preferCSSPageSize: true }));
    await page.close();
  }, 120_000);
});
