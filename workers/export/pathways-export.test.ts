// Care pathways in the report (issue 14 §1): the section with its programme and sources, the table of the
// rows in scope and its total, on the engine's small world with a prevalence.
import { describe, expect, it } from 'vitest';
import { exportWorld } from '../../tests/fixtures/export-world';
import { dashboardTable } from '../engine/dashboard';
import { BAND_COUNT } from '../engine/domain';
import { PlanningEngine } from '../engine/engine';
import { smallWorld } from '../engine/fixtures';
import { pathwayReport } from '../engine/pathway-report';
import { DEFAULT_PROGRAMME, PATHOLOGY_COUNT } from '../engine/pathways';
import type { Scenario } from '../engine/scenario';
import { reportHtml } from './report';

const scenario: Scenario = { schemaVersion: 3, name: 'Rien', description: '', parameters: {}, levers: [] };
const { context } = exportWorld({ scenario, sources: [], warnings: [] });

describe('parcours de soins dans le rapport', () => {
  it('donne le programme avec ses sources et le tableau des territoires du département, avec le total', () => {
    const inputs = smallWorld();
    // 10 % diabetes and 2 % heart failure in every band of both départements.
    inputs.pathologies = {
      groups: ['55', '57'],
      groupOfCommune: Int32Array.from([0, 0, 0, 0, 1]),
      prevalence: Float64Array.from({ length: 2 * PATHOLOGY_COUNT * BAND_COUNT }, (_, i) => (Math.floor(i / BAND_COUNT) % PATHOLOGY_COUNT === 0 ? 0.1 : 0.02)),
      years: '2023', missingDepartements: [], missingPathologies: [],
      source: 'Cartographie des pathologies (test)',
    };
    const engine = new PlanningEngine(inputs);
    const base = engine.baseline(engine.resolve({ parameters: {} }));
    const pathways = pathwayReport(inputs, base, 'DEP', DEFAULT_PROGRAMME, { departement: '55', strata: false })!;
    const html = reportHtml({ table: dashboardTable(base, 'DEP', null, { departement: '55' }), context: { ...context(), afterTitle: null, scenarios: [] }, specialties: ['MG'], pathways });
    expect(html).toContain('<h2 class="section" id="parcours">Parcours de soins — Programme de référence (recommandations HAS)</h2>');
    expect(html).toContain('Cartographie des pathologies (test), 2023');
    // The programme, each line with its recommendation or « hypothèse ».
    expect(html).toContain('au moins tous les trois mois (HAS, Guide du parcours de soins « Diabète de type 2 de l’adulte », mars 2014)');
    expect(html).toMatch(/NYHA III–IV<\/td><td class="n">30\s%<\/td><td>MG 4 ; Cardiologie 4<\/td>/);
    // The Meuse only (the département in scope), then the total row: 2 400 inhabitants × 10 % = 240 diabetics.
    const section = html.slice(html.indexOf('id="parcours"'));
    const table = section.slice(section.indexOf('<div class="wide">'));
    const body = table.slice(table.indexOf('<tbody>'), table.indexOf('</tbody>'));
    expect(body.match(/<tr/g)).toHaveLength(2);
    expect(body).toContain('<td>55</td><td>Meuse</td><td class="n">240</td><td class="n">48</td>');
    expect(body).toMatch(/<tr class="total">.*non dans 1 territoire sur 1/);
  });
});
