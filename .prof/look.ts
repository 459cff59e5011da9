// Ad-hoc visual check (not committed): the table scrolled with the sticky totals, the threshold typed key by key.
import { openApp, waitForMap } from '../tests/support/browser';
async function main() {
  const app = await openApp();
  const { page } = app;
  await waitForMap(page, 120_000);
  await page.getByTestId('grid-select').selectOption('BV2022');
  await page.getByTestId('departement-filter').fill('55');
  await page.waitForTimeout(4000);
  await page.locator('[data-testid="dashboard-table"] .table-scroll').evaluate((e) => (e.scrollTop = 95));
  await page.waitForTimeout(500);
  await page.locator('.table-area').screenshot({ path: '.prof/table-scrolled.png' });
  const field = page.getByTestId('alert-coverage-value');
  await field.click({ clickCount: 3 });
  await field.pressSequentially('8O');
  await field.press('Tab');
  await page.waitForTimeout(2500);
  console.log(await page.getByTestId('alert-coverage-problem').textContent(), '|', await page.getByTestId('alert-count').textContent());
  await page.locator('.side-panel, aside').first().screenshot({ path: '.prof/threshold.png' }).catch(() => page.screenshot({ path: '.prof/threshold.png' }));
  await app.close();
}
void main();
