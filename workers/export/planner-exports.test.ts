// Issue 13, tables and exports: the specialty's columns first, deficits first on the first click of a
// gap, the map's indicator in the table, codes Excel keeps (08409), real XLSX dates, plain French
// sources, and the report's first page (question, map, key figures, levers; annex at the end).
import { describe, expect, it } from 'vitest';
import { comparisonTable, dashboardTable, type DashboardRow } from '../engine/dashboard';
import type { Scenario } from '../engine/scenario';
import { exportWorld } from '../../tests/fixtures/export-world';
import { comparisonColumns, comparisonTableColumns, dashboardColumns, dashboardTableColumns, displayedCell, firstSortDescending, sortRows } from './columns';
import { exportContext } from './context';
import { excelCsv, excelTextCode } from './csv';
import { plainFileName, plainText } from './plain-text';
import { reportHtml } from './report';
import { dashboardXlsx, parisWallClock } from './xlsx';

const scenario: Scenario = {
  schemaVersion: 1,
  name: 'Cabinet à Étain',
  description: 'Deux généralistes s’installent ; la commune prête le local.',
  parameters: {},
  levers: [{ kind: 'install', commune: '55002', specialty: 'MG', fte: 2, label: 'Nouveau cabinet', source: 'projet communal' }],
};
const { base, after, manifest, context } = exportWorld({
  scenario,
  sources: [
    { file: 'npm:@etalab/decoupage-administratif@6.0.0/data/communes.json', bytes: 1, sha256: '', vintage: 'COG 2025', publisher: 'INSEE via Etalab' },
    { file: 'rpps.txt', bytes: 1, sha256: '', vintage: 'extraction RPPS', publisher: 'ANS' },
  ],
  warnings: ['Paquet de démonstration : chiffres estimés à partir de marges publiques réelles, pas observés (voir docs/demo-estimation.md).'],
});

describe('colonnes du tableau de l’écran', () => {
  it('mettent la spécialité juste après Code, Libellé, Population, écart d’abord', () => {
    expect(dashboardColumns(['MG']).map((c) => c.id)).toEqual([
      'code',
      'libelle',
      'population',
      'MG_ecart_etp',
      'MG_ecart_etp_100k',
      'MG_taux_couverture',
      'MG_etp_manquants',
      'MG_besoin_actes',
      'MG_capacite_actes',
      'MG_ecart_actes',
      'MG_actes_a_couvrir',
      'MG_taux_deficit',
      'nb_communes',
      'nb_msp',
      'nb_cds',
      'score_pa',
      'score_ald',
      'score_urgence',
    ]);
    // The column of the map's indicator comes first after the population.
    expect(dashboardTableColumns('specialty', 'OPH', 'gapPer100k').slice(0, 5).map((c) => c.id)).toEqual(['code', 'libelle', 'population', 'OPH_ecart_etp_100k', 'OPH_ecart_etp']);
    expect(dashboardTableColumns('specialty', 'MG', 'scorePa').slice(0, 4).map((c) => c.id)).toEqual(['code', 'libelle', 'population', 'score_pa']);
    // « Toutes spécialités »: the chosen specialty's gap, then FTE missing and acts to cover of the nine.
    const all = dashboardTableColumns('all', 'PSY', 'gapFte').map((c) => c.id);
    expect(all.slice(0, 8)).toEqual(['code', 'libelle', 'population', 'PSY_ecart_etp', 'PSY_ecart_etp_100k', 'PSY_taux_deficit', 'MG_etp_manquants', 'MG_actes_a_couvrir']);
    expect(all).toHaveLength(3 + 3 + 18 + 6);
  });

  it('donnent l’écart pour 100 000 habitants de la carte', () => {
    const table = dashboardTable(base, 'DEP', null);
    const column = dashboardColumns(['MG']).find((c) => c.id === 'MG_ecart_etp_100k')!;
    const meuse = table.rows[0];
    expect(column.value(meuse)).toBeCloseTo((meuse.specialties[0].gapFte / 2400) * 100_000, 9);
    expect(column.header).toBe('MG — écart pour 100 000 hab. (ETP)');
  });

  it('trient les déficits d’abord au premier clic sur un écart ou une variation', () => {
    const columns = dashboardColumns(['MG']);
    const gap = columns.find((c) => c.id === 'MG_ecart_etp')!;
    expect(firstSortDescending(gap)).toBe(false);
    expect(firstSortDescending(columns.find((c) => c.id === 'MG_ecart_actes')!)).toBe(false);
    expect(firstSortDescending(comparisonColumns(['MG']).find((c) => c.id === 'MG_delta_ecart_etp')!)).toBe(false);
    // Other figures: largest first; text: A to Z.
    expect(firstSortDescending(columns.find((c) => c.id === 'MG_etp_manquants')!)).toBe(true);
    expect(firstSortDescending(columns.find((c) => c.id === 'population')!)).toBe(true);
    expect(firstSortDescending(columns.find((c) => c.id === 'libelle')!)).toBe(false);
    const row = (code: string, gapFte: number) => ({ code, specialties: [{ gapFte }] }) as unknown as DashboardRow;
    const rows = [row('surplus', 4), row('sans valeur', Number.NaN), row('grand déficit', -12.5), row('petit déficit', -0.3)];
    expect(sortRows(rows, gap, firstSortDescending(gap)).map((r) => r.code)).toEqual(['grand déficit', 'petit déficit', 'surplus', 'sans valeur']);
    expect(sortRows(rows, gap, true).map((r) => r.code)).toEqual(['surplus', 'petit déficit', 'grand déficit', 'sans valeur']);
  });

  it('montrent l’APL des territoires avant, après et sa variation (Δ APL de la carte)', () => {
    // APL per commune (55001, 55002, 55003 without inhabitants, 55004, 57001).
    const apl = { before: Float64Array.from([2, 3, 5, 1, 4]), after: Float64Array.from([3, 3, 5, 1, 6]), specialty: 'MG' as const };
    const table = comparisonTable(base, after, 'DEP', {}, apl);
    const columns = comparisonTableColumns('MG', table, 'apl');
    expect(columns.slice(0, 7).map((c) => c.id)).toEqual(['code', 'libelle', 'population_avant', 'population_apres', 'apl_avant', 'apl_apres', 'delta_apl']);
    const cells = (r: (typeof table.rows)[number]) => ['apl_avant', 'apl_apres', 'delta_apl'].map((id) => displayedCell(columns.find((c) => c.id === id)!, r));
    // Meuse: (800 × 2 + 800 × 3 + 800 × 1) ÷ 2 400 = 2 → (800 × 3 + 800 × 3 + 800 × 1) ÷ 2 400 = 2,33.
    expect(cells(table.rows[0])).toEqual(['2,00', '2,33', '+0,33']);
    expect(cells(table.rows[1])).toEqual(['4,00', '6,00', '+2,00']);
    // The total is the population-weighted mean of all the communes.
    expect(cells(table.total)).toEqual(['2,55', '3,33', '+0,78']);
    // The FTE map: the specialty's changes first, the APL after; no APL columns without APL.
    expect(comparisonTableColumns('MG', table, 'fte')[4].id).toBe('MG_ecart_etp_avant');
    expect(comparisonTableColumns('MG', comparisonTable(base, after, 'DEP')).some((c) => c.id.includes('apl'))).toBe(false);
    // Another specialty than the APL's: no APL columns.
    expect(comparisonTableColumns('OPH', table, 'apl').some((c) => c.id.includes('apl'))).toBe(false);
  });
});

/** The cell values Excel gives a `;` CSV line (French Excel): a field "…" is text; a bare ="…" is the text formula's result; a bare field of digits is a number. */
function readAsExcel(line: string): (string | number)[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let text = '';
      i++;
      while (i < line.length && !(line[i] === '"' && line[i + 1] !== '"')) {
        text += line[i];
        i += line[i] === '"' ? 2 : 1;
      }
      fields.push(`\u0000${text}`); // marked as quoted text
      i += 2;
    } else {
      const end = line.indexOf(';', i);
      fields.push(line.slice(i, end < 0 ? line.length : end));
      i = end < 0 ? line.length + 1 : end + 1;
    }
  }
  return fields.map((f) => {
    if (f.startsWith('\u0000')) return f.slice(1);
    const formula = /^="((?:[^"]|"")*)"$/.exec(f);
    if (formula) return formula[1].replace(/""/g, '"');
    if (/^-?\d+(,\d+)?$/.test(f)) return Number(f.replace(',', '.'));
    return f;
  });
}

describe('codes que garde Excel', () => {
  it('écrit ="08409" et Excel lit le texte 08409, pas le nombre 8409', () => {
    expect(excelTextCode('08409')).toBe('="08409"');
    expect(excelTextCode('2A004')).toBe('="2A004"');
    expect(excelTextCode('')).toBe('');
    const columns = dashboardColumns(['MG']).slice(0, 3);
    const row = { ...dashboardTable(base, 'DEP', null).rows[0], code: '08409', label: 'Bairon et ses environs' };
    const csv = excelCsv(columns, [row, { ...row, code: '', label: 'Total des lignes affichées' }]);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[1]).toBe('="08409";Bairon et ses environs;2400');
    expect(readAsExcel(lines[1])).toEqual(['08409', 'Bairon et ses environs', 2400]);
    // What Excel would have made of the plain code: the number 8409.
    expect(readAsExcel('08409;x;1')[0]).toBe(8409);
    expect(lines[2]).toBe(';Total des lignes affichées;2400');
  });
});

describe('date du classeur XLSX', () => {
  it('écrit une vraie date (heure de Paris), pas un texte ISO', async () => {
    expect(parisWallClock('2025-04-02T08:30:00.000Z')!.toISOString()).toBe('2025-04-02T10:30:00.000Z');
    expect(parisWallClock('2025-01-15T08:30:00.000Z')!.toISOString()).toBe('2025-01-15T09:30:00.000Z');
    expect(parisWallClock('pas une date')).toBeNull();
    const bytes = await dashboardXlsx({ table: dashboardTable(base, 'DEP', null), context: context(), specialties: ['MG'] });
    const { default: readExcelFile } = await import('read-excel-file/node');
    const sheets = (await readExcelFile(Buffer.from(bytes))) as { sheet: string; data: unknown[][] }[];
    const assumptions = sheets.find((s) => s.sheet === 'Hypothèses')!.data;
    const exported = assumptions.find((r) => r[0] === 'Date de l’export')!;
    expect(exported[1]).toBeInstanceOf(Date);
    // Excel stores days as a float: within a second of 10:30 (Paris) on 2 April 2025.
    expect(Math.abs((exported[1] as Date).getTime() - Date.UTC(2025, 3, 2, 10, 30))).toBeLessThan(1000);
    const imported = assumptions.find((r) => r[0] === 'Date d’import du paquet')!;
    expect(Math.abs((imported[1] as Date).getTime() - Date.UTC(2025, 2, 1, 11, 0))).toBeLessThan(1000);
    // Sources in plain French: no package path.
    const text = JSON.stringify(assumptions);
    expect(text).toContain('communes.json — Découpage administratif de la France, Etalab');
    expect(text).not.toMatch(/npm:|DATA_SPEC|docs\/|workers\//);
  });
});

describe('sources en français, sans référence interne', () => {
  it('réécrit les chemins de paquets et retire les renvois internes', () => {
    expect(plainFileName('npm:@etalab/decoupage-administratif@6.0.0/data/communes.json')).toBe(
      'communes.json — Découpage administratif de la France, Etalab (base officielle du COG de l’INSEE), version 6.0.0',
    );
    expect(plainFileName('A202402.csv.gz')).toBe('A202402.csv.gz');
    expect(plainText('DATA_SPEC §G.3 option a : actes libéraux nationaux du panier ÷ médecins libéraux du RPPS')).toBe('actes libéraux nationaux du panier ÷ médecins libéraux du RPPS');
    expect(plainText('estimés à partir de marges publiques réelles, pas observés (voir docs/demo-estimation.md).')).toBe('estimés à partir de marges publiques réelles, pas observés.');
    expect(plainText('tableau de bord des planificateurs de la Meuse. Voir docs/reconciliation-meuse.md.')).toBe('tableau de bord des planificateurs de la Meuse.');
    expect(plainText('par défaut : actes libéraux nationaux (DATA_SPEC §G.3)')).toBe('par défaut : actes libéraux nationaux');
    expect(plainText('DATA_SPEC §G.5')).toBe('méthode Territoire Santé');
    expect(plainText('gain de 5 % : hypothèse non sourcée (DATA_SPEC §G.5, u_MSP non confirmé)')).toBe('gain de 5 % : hypothèse non sourcée (u_MSP non confirmé)');
    expect(plainText('DREES, classeur APL 2022-2023 (DATA_SPEC §D.4)')).toBe('DREES, classeur APL 2022-2023');
  });
});

describe('première page du rapport', () => {
  const table = dashboardTable(base, 'DEP', null, { departement: '55' });
  const comparison = comparisonTable(base, after, 'DEP', { departement: '55' });
  const png = 'data:image/png;base64,iVBORw0KGgo=';

  it('pose la question, puis la carte, les chiffres clés avant/après et les leviers ; l’annexe à la fin', () => {
    const html = reportHtml({ table, comparison, context: context(), specialties: ['MG'], mapSpecialty: 'MG', mapImage: png });
    const first = html.slice(html.indexOf('<section class="first-page">'), html.indexOf('</section>'));
    const at = (text: string) => {
      const index = first.indexOf(text);
      expect(index, text).toBeGreaterThanOrEqual(0);
      return index;
    };
    const order = [
      at('<h1 class="question">Que change le scénario « Cabinet à Étain » pour les médecins généralistes ?</h1>'),
      at('Deux généralistes s’installent ; la commune prête le local.'),
      at('Médecine générale — départements touchant le département Meuse (55).'),
      at(`src="${png}"`),
      at('<h2>Chiffres clés</h2>'),
      at('Écart en médecins à temps plein (ETP) des départements du tableau'),
      at('Ailleurs : variation hors des territoires du tableau (ETP)'),
      at('Meuse (55) — communes du département : écart (ETP)'),
      at('<h2>Leviers du scénario</h2>'),
      at('Installation de 2,00 ETP de médecine générale à B (55002).'),
    ];
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // Before, after and change of the Meuse row: +2,0 ETP.
    expect(first).toMatch(/départements du tableau<br><span class="note">[^<]*<\/span><\/td><td class="n">[^<]+<\/td><td class="n">[^<]+<\/td><td class="n"><strong>\+2,0<\/strong>/);
    // The first page has no source table; the annex comes last, with the source files.
    expect(first).not.toContain('Fichiers sources');
    const annex = html.indexOf('id="annexe"');
    expect(annex).toBeGreaterThan(html.indexOf('<h2 class="section">Comparaison'));
    expect(html.indexOf('Fichiers sources')).toBeGreaterThan(annex);
    expect(html.indexOf('communes.json — Découpage administratif de la France')).toBeGreaterThan(annex);
    // No internal reference for readers.
    expect(html).not.toMatch(/DATA_SPEC|docs\/|npm:|node_modules|workers\/|@etalab/);
  });

  it('pour un diagnostic sans scénario : la question du diagnostic et les chiffres d’une seule date', () => {
    const html = reportHtml({ table, context: exportContext({ manifest, before: { evaluation: base, scenario: null } }), specialties: ['OPH'] });
    expect(html).toContain('<h1 class="question">Où manque-t-il des spécialistes en ophtalmologie ?</h1>');
    expect(html).toContain('<h2>Leviers</h2><p>Aucun : situation actuelle, sans scénario.</p>');
    expect(html).toContain('<th>Indicateur</th><th class="n">Valeur</th>');
  });
});
