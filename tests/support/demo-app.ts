// What the e2e tests on the demo pack share: the app opened in Chromium once per file (and closed after
// it), the pack the page loads, and `cli diagnose` on that same pack, so that the screen is checked
// against the CLI's figures.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { openApp, rendererDir, repoRoot, waitForMap, type AppSession } from './browser';

/** The demo pack the page loads (out/renderer), so that the CLI reads the same numbers. */
export const demoPackDir = join(rendererDir, 'packs', 'demo');

/** An output stream that swallows the CLI's messages. */
export const quiet = { write: () => true };

/** A CSV row of `cli diagnose`, by column name. */
export type CliRow = Record<string, string>;

export function requireDemoPack(): void {
  if (!existsSync(join(demoPackDir, 'manifest.json'))) throw new Error('Paquet de démonstration absent : lancez « npm run build » avec ../shared/data.');
}

export interface DemoAppOptions {
  /** Browser viewport (default 1400×900). */
  viewport?: { width: number; height: number };
  /** Fail at once, with what to do, when the build has no demo pack. */
  requireDemoPack?: boolean;
  /** Timeout of every page action (Playwright's default otherwise). */
  actionTimeout?: number;
  /** Time for the first map (waitForMap's default otherwise). */
  mapTimeout?: number;
  /** Time for the whole opening, `whileLoading` included. */
  hookTimeout?: number;
  /** Work done while the page loads (e.g. the CLI's figures), before waiting for the first map. */
  whileLoading?: () => Promise<void>;
}

/** The open app: the session's page and what it recorded; only valid inside the file's tests. */
export interface DemoApp {
  readonly browser: Browser;
  readonly page: Page;
  readonly consoleErrors: string[];
  readonly externalRequests: string[];
  readonly url: string;
}

/**
 * Opens the app once for the calling test file (beforeAll: openApp, then waitForMap) and closes it
 * after (afterAll). Call it at the top of a describe block; read `page` inside the tests.
 */
export function useDemoApp(options: DemoAppOptions = {}): DemoApp {
  let session: AppSession | undefined;
  beforeAll(async () => {
    if (options.requireDemoPack) requireDemoPack();
    session = await openApp(options.viewport);
    if (options.actionTimeout) session.page.setDefaultTimeout(options.actionTimeout);
    await options.whileLoading?.();
    await waitForMap(session.page, options.mapTimeout);
  }, options.hookTimeout ?? 120_000);
  afterAll(async () => {
    await session?.close();
  });
  const open = (): AppSession => {
    if (!session) throw new Error('L’application n’est pas ouverte : useDemoApp() se lit dans les tests, pas à leur déclaration.');
    return session;
  };
  return {
    get browser() {
      return open().browser;
    },
    get page() {
      return open().page;
    },
    get consoleErrors() {
      return open().consoleErrors;
    },
    get externalRequests() {
      return open().externalRequests;
    },
    get url() {
      return open().url;
    },
  };
}

let work: string | undefined;

/**
 * `cli diagnose --pack <demo> --grid <grid> [--scenario …]`: every row of its CSV (all specialties).
 * `scenario` is a path, or a file name of scenarios/.
 */
export async function diagnoseDemo(grid: string, scenario?: string): Promise<CliRow[]> {
  work ??= mkdtempSync(join(tmpdir(), 'ts-e2e-diagnose-'));
  const out = join(work, `${grid}-${scenario ? 'scenario' : 'base'}-${Math.random().toString(36).slice(2)}.csv`);
  const args = ['diagnose', '--pack', demoPackDir, '--grid', grid, '--out', out];
  if (scenario) args.push('--scenario', isAbsolute(scenario) ? scenario : join(repoRoot, 'scenarios', scenario));
  expect(await runCli(args, { stdout: quiet, stderr: quiet })).toBe(0);
  return parse(readFileSync(out, 'utf8'), { columns: true, delimiter: ';' }) as CliRow[];
}

/** A table on screen: its header texts, its rows by code (`data-code`), its total rows when it has them. */
export interface ShownTable {
  headers: string[];
  /** Per row code, the cell texts by header. */
  rows: Map<string, Record<string, string>>;
  /** « Total des lignes affichées ». */
  total: Record<string, string> | null;
  /** The département's own total. */
  departement: Record<string, string> | null;
}

/**
 * The table with test id `testId` once it is complete: a column still being computed (the territory
 * APL) marks the table `aria-busy`, and reading it then would see a column appear between two reads.
 */
export async function readTable(page: Page, testId: string): Promise<ShownTable> {
  const table = page.getByTestId(testId);
  await expect.poll(() => table.locator('table').first().getAttribute('aria-busy'), { timeout: 60_000 }).not.toBe('true');
  const t = await table.evaluate((element, id) => {
    const headers = Array.from(element.querySelectorAll('thead th'), (th) => (th.textContent ?? '').replace(/ [▲▼]$/, ''));
    const cells = (tr: Element) => Object.fromEntries(Array.from(tr.children, (td, i) => [headers[i], td.textContent ?? '']));
    const rows = Array.from(element.querySelectorAll('tbody tr'), (tr) => [tr.getAttribute('data-code')!, cells(tr)] as const);
    const total = element.querySelector(`[data-testid="${id}-total"]`);
    const departement = element.querySelector(`[data-testid="${id}-departement-total"]`);
    return { headers, rows, total: total ? cells(total) : null, departement: departement ? cells(departement) : null };
  }, testId);
  return { ...t, rows: new Map(t.rows) };
}

/** The cells of one column of a table on screen (by its test id and header), by row code. */
export async function columnByCode(page: Page, testId: string, header: string): Promise<Map<string, string>> {
  const { rows } = await readTable(page, testId);
  return new Map([...rows].map(([code, cells]) => [code, cells[header] ?? '']));
}
