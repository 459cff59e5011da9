// Follow-up in the files (issue 14 §3): the « Alerte » column in the CSV (with the territory APL), the
// pack comparison and the section « Alertes » in the report, on the engine's small world.
import { parse } from 'csv-parse/sync';
import { formatDecimal } from '../../common/format-fr';
import { describe, expect, it } from 'vitest';
import { exportWorld } from '../../tests/fixtures/export-world';
import { dashboardTable } from '../engine/dashboard';
import { specialtyIndex } from '../engine/domain';
import { packComparisonTable } from '../db/pack-comparison';
import type { Scenario } from '../engine/scenario';
import type { AlertSetting } from './columns';
import { comparisonCsv, dashboardCsv } from './csv';
import { exportFile } from './export-file';
import { reportHtml } from './report';

const scenario: Scenario = { schemaVersion: 1, name: 'Un généraliste de plus', description: '', parameters: {}, levers: [{ kind: 'install', commune: '55002', specialty: 'MG', fte: 1 }] };
const { base, after, context, manifest } = exportWorld({ scenario, sources: [], warnings: [] });
const lines = (csv: string): string[][] => parse(csv.replace(/^\uFEFF/, ''), { delimiter: ';', relax_quotes: true });

describe('exports du suivi et des alertes', () => {
  it('ajoute au CSV du diagnostic l’APL du territoire et la colonne « Alerte » avec sa raison', () => {
    const table = dashboardTable(base, 'DEP', null);
    const mg = specialtyIndex('MG');
    const meuse = table.rows.find((r) => r.code === '55')!;
    // A coverage threshold just above the Meuse's coverage flags it; the APL 2,1 < 2,5 of the Moselle flags it.
    const percent = Math.ceil(meuse.specialties[mg].coverage * 100) + 1;
    const setting: AlertSetting = { thresholds: { coverage: { enabled: true, percent }, apl: { enabled: true, value: 2.5 } }, specialty: 'MG', aplByCode: { '55': 3.2, '57': 2.1 } };
    const [header, ...rows] = lines(dashboardCsv(table, ['MG'], setting));
    expect(header.slice(-2)).toEqual(['Alerte', 'APL moyenne du territoire (pondérée par la population) — MG']);
    const byCode = new Map(rows.map((r) => [r[0], r]));
    expect(byCode.get('="55"')!.slice(-2)).toEqual([expect.stringMatching(new RegExp(`^couverture MG [\\d\\u202f]+,\\d % < ${formatDecimal(percent, 1)} %$`)), '3,200']);
    expect(byCode.get('="57"')!.at(-1)).toBe('2,100');
    expect(byCode.get('="57"')!.at(-2)).toContain('APL MG 2,10 < 2,5');
    // The total row is never flagged.
    expect(rows.at(-1)!.slice(-2)).toEqual(['', '']);
    // Thresholds off: no column at all.
    const off: AlertSetting = { ...setting, thresholds: { coverage: { enabled: false, percent }, apl: { enabled: false, value: 2.5 } } };
    expect(lines(dashboardCsv(table, ['MG'], off))[0].some((h) => h.startsWith('Alerte'))).toBe(false);
  });

  it('écrit la comparaison de deux paquets et ses alertes dans le CSV et le rapport', () => {
    const packs = {
      before: { id: 'a', label: 'Fichiers nationaux 2023', sources: ['Communes : COG 2024', 'CNAM (Open DAMIR) : flux 202301 à flux 202312'] },
      after: { id: 'b', label: 'Fichiers nationaux 2024', sources: ['Communes : COG 2025', 'CNAM (Open DAMIR) : flux 202401 à flux 202412'] },
    };
    const comparison = packComparisonTable(base, after, 'DEP', packs);
    const setting: AlertSetting = { thresholds: { coverage: { enabled: true, percent: 1000 }, apl: { enabled: false, value: 2.5 } }, specialty: 'MG', aplByCode: null };
    const [header, ...rows] = lines(comparisonCsv(comparison, ['MG'], setting));
    expect(header.at(-1)).toBe('Alerte');
    // Flagged when the « after » side's coverage is below 1 000 % (the small world's Meuse is far above); the total row never.
    const mg = specialtyIndex('MG');
    const expected = comparison.rows.map((r) => (r.specialties[mg].capacityAfter / r.specialties[mg].needAfter < 10 ? expect.stringMatching(/^couverture MG /) : ''));
    const flagged = expected.filter((x) => x !== '').length;
    expect([flagged, expected.length - flagged].every((n) => n > 0)).toBe(true);
    expect(rows.map((r) => r.at(-1))).toEqual([...expected, '']);
    const html = reportHtml({ table: dashboardTable(after, 'DEP', null), comparison, context: context(), specialties: ['MG'], packs, alerts: setting });
    expect(html).toContain('Suivi dans le temps — paquets comparés');
    expect(html).toContain('Paquet A (avant) : Fichiers nationaux 2023');
    expect(html).toContain('CNAM (Open DAMIR) : flux 202401 à flux 202412');
    expect(html).toContain('<h2 class="section" id="alertes">Alertes</h2>');
    expect(html).toContain('Seuils utilisés : taux de couverture MG &lt; 1\u202f000 %');
    expect(html).toContain(`<strong>${flagged} territoire${flagged > 1 ? 's' : ''} sous un seuil</strong> sur ${comparison.rows.length}`);
  });

  it('compose les fichiers d’une comparaison de paquets comme l’application (titres « Paquet A », « Paquet B »)', async () => {
    const packs = { before: { id: 'a', label: 'Fichiers 2023', sources: ['Communes : COG 2024'] }, after: { id: 'b', label: 'Fichiers 2024', sources: ['Communes : COG 2025'] } };
    const packComparison = packComparisonTable(base, after, 'DEP', packs);
    const input = {
      gridId: 'DEP',
      departement: null,
      mapSpecialty: 'MG' as const,
      specialties: ['MG'],
      before: { evaluation: after, scenario: null },
      after: null,
      scoreData: null,
      scoreSources: null,
      structuresSource: null,
      productivitySources: {},
      timeMatrix: false,
      manifest,
      packDate: null,
      accessibility: () => {
        throw new Error('pas d’APL pour deux paquets');
      },
      map: () => null,
      packComparison,
      alerts: { thresholds: { coverage: { enabled: true, percent: 1000 }, apl: { enabled: false, value: 2.5 } }, specialty: 'MG' as const, aplByCode: null },
    };
    const csv = lines((await exportFile({ ...input, format: 'csv' })) as string);
    // The pack comparison's rows (before = pack A), not a diagnostic.
    expect(csv[0]).toContain('MG — écart avant (ETP)');
    expect(csv[0].at(-1)).toBe('Alerte');
    const html = (await exportFile({ ...input, format: 'html' })) as string;
    expect(html).toContain('Comparaison — Paquet B : Fichiers 2024 par rapport à : Paquet A : Fichiers 2023');
    expect(html).toContain('Suivi dans le temps — paquets comparés');
    expect(html).toContain('<h1 class="question">Qu’est-ce qui a changé pour les médecins généralistes entre le paquet A (Fichiers 2023) et le paquet B (Fichiers 2024) ?</h1>');
    expect(html).toContain('id="alertes"');
  });
});
