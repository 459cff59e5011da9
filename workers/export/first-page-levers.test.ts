// The first page names what a scenario changes (issue 14: a scenario built on a laisser-faire horizon
// carries about a thousand levers): the levers its reference shares are summed up in one line, and no
// more than eight are listed.
import { describe, expect, it } from 'vitest';
import { exportWorld } from '../../tests/fixtures/export-world';
import { comparisonTable, dashboardTable } from '../engine/dashboard';
import type { Scenario } from '../engine/scenario';
import type { LeverSummary } from './context';
import { firstPageHtml } from './report-first-page';

const scenario: Scenario = { schemaVersion: 3, name: 'Copie de Laisser-faire 2030', description: '', parameters: {}, levers: [{ kind: 'install', commune: '55002', specialty: 'MG', fte: 1 }] };
const { base, after, context } = exportWorld({ scenario, sources: [], warnings: [] });
const lever = (description: string): LeverSummary => ({ label: description, description, source: 'hypothèse', enabled: true });

function page(reference: LeverSummary[], own: LeverSummary[]): string {
  const shown = context();
  const scenarios = [
    { name: 'Laisser-faire 2030', description: '', levers: reference },
    { name: 'Copie de Laisser-faire 2030', description: '', levers: [...reference, ...own] },
  ];
  return firstPageHtml({
    table: dashboardTable(base, 'DEP', null),
    comparison: comparisonTable(base, after, 'DEP'),
    context: { ...shown, scenarios, beforeTitle: 'Scénario « Laisser-faire 2030 »', afterTitle: 'Scénario « Copie de Laisser-faire 2030 »' },
    specialty: 'MG',
    mapHtml: '',
    dateText: '2 avril 2025',
  });
}

describe('leviers de la première page', () => {
  it('résume en une ligne les leviers de la référence et liste ceux qui diffèrent', () => {
    const reference = Array.from({ length: 1000 }, (_, i) => lever(`Départs ${i}`));
    const html = page(reference, [lever('Installation de 1 ETP à Stenay')]);
    expect(html).toContain('<li>Installation de 1 ETP à Stenay</li>');
    expect(html).not.toContain('Départs 0');
    expect(html).toContain('Plus les 1000 leviers de la référence « Laisser-faire 2030 », les mêmes des deux côtés.');
  });

  it('n’en liste pas plus de huit', () => {
    const html = page([], Array.from({ length: 12 }, (_, i) => lever(`Levier ${i}`)));
    expect(html.match(/<li>Levier \d+<\/li>/g)).toHaveLength(8);
    expect(html).toContain('… et 4 autres leviers, listés avec leurs sources dans les pages suivantes.');
  });
});
