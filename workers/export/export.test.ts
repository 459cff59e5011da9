// The pure exporters on the small world: column definitions and French number formats, CSV for Excel,
// polygons out of TSGEO (holes, orientation), the SVG map, the report and the workbook.
import { formatFixed } from '../../common/format-fr';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { comparisonTable, dashboardTable } from '../engine/dashboard';
import { PlanningEngine } from '../engine/engine';
import { smallWorld } from '../engine/fixtures';
import type { Scenario } from '../engine/scenario';
import { exportWorld } from '../../tests/fixtures/export-world';
import { straddlingWorld } from '../../tests/fixtures/straddling-world';
import { comparisonColumns, dashboardColumns, displayedCell, displayedDifference, roundForDisplay } from './columns';
import { dashboardCsv, excelCsv } from './csv';
import { dashboardGeoJson } from './geojson';
import { featurePolygons, type TsGeoLayer } from './geometry';
import { groupMonthlySources, reportHtml } from './report';
import { choroplethSvg } from './svg-map';
import { dashboardXlsx, numberFormat } from './xlsx';

const scenario: Scenario = {
  schemaVersion: 1,
  name: 'Installation à B',
  description: 'Un généraliste de plus.',
  parameters: { productivity: { PSY: 3000 } },
  levers: [{ kind: 'install', commune: '55002', specialty: 'MG', fte: 1, label: 'Nouveau cabinet', source: 'projet communal' }],
};
const { base, after, manifest, context } = exportWorld({
  scenario,
  sources: [
    { file: 'A202401.csv.gz', bytes: 1, sha256: '', vintage: 'flux 202401', publisher: 'CNAM (Open DAMIR)' },
    { file: 'A202402.csv.gz', bytes: 1, sha256: '', vintage: 'flux 202402', publisher: 'CNAM (Open DAMIR)' },
    { file: 'A202403.csv.gz', bytes: 1, sha256: '', vintage: 'flux 202403', publisher: 'CNAM (Open DAMIR)' },
    { file: 'rpps.txt', bytes: 1, sha256: '', vintage: 'extraction RPPS', publisher: 'ANS' },
  ],
  warnings: ['Zonages dérivés.'],
  productivitySources: { MG: 'Open DAMIR et RPPS du paquet' },
});

/** Squares of 0.1° around each commune; 55001 has a hole and an island. */
function squaresLayer(): TsGeoLayer {
  const world = smallWorld();
  const positions: number[] = [];
  const featureStarts = [0];
  const ringStarts = [0];
  const ring = (x0: number, y0: number, size: number, clockwise: boolean) => {
    const points = [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]];
    for (const [x, y] of clockwise ? points.reverse() : points) positions.push(x, y);
    ringStarts.push(positions.length / 2);
  };
  world.communes.forEach((_, c) => {
    const x = world.lon[c], y = world.lat[c];
    ring(x, y, 0.1, true); // clockwise on purpose: the export must re-orient it
    if (c === 0) {
      ring(x + 0.04, y + 0.04, 0.02, false); // hole
      ring(x - 0.2, y, 0.05, false); // island
    }
    featureStarts.push(positions.length / 2);
  });
  return { codes: [...world.communes], positions: Float32Array.from(positions), featureVertexStarts: Uint32Array.from(featureStarts), ringVertexStarts: Uint32Array.from(ringStarts) };
}

describe('colonnes', () => {
  it('donnent des en-têtes français avec leur unité et des clés stables', () => {
    const columns = dashboardColumns();
    expect(columns).toHaveLength(9 + 9 * 9);
    const headers = columns.map((c) => c.header);
    for (const header of ['Population', 'Nb MSP', 'Nb centres de santé', 'MG — actes à couvrir (actes/an)', 'MG — ETP manquants', 'Taux de déficit MG (%)', 'Pneumologie — écart (ETP)']) {
      expect(headers).toContain(header);
    }
    expect(new Set(columns.map((c) => c.id)).size).toBe(columns.length);
    expect(dashboardColumns(['OPH']).filter((c) => c.specialty).every((c) => c.specialty === 'OPH')).toBe(true);
    expect(() => dashboardColumns(['ORL'])).toThrow('Spécialité inconnue « ORL »');
    expect(comparisonColumns(['MG']).map((c) => c.id)).toContain('MG_delta_ecart_etp');
  });

  it('formatent les nombres à la française', () => {
    expect(formatFixed(-12345.678, 1)).toBe('-12\u202f345,7');
    expect(formatFixed(2, 1, true)).toBe('+2,0');
    expect(formatFixed(-0.04, 1, true)).toBe('0,0');
    expect(formatFixed(Number.NaN, 1)).toBe('—');
    // Halves away from zero, the same on both sides (Intl and Excel's ROUND do so).
    expect(formatFixed(-0.25, 1, true)).toBe('-0,3');
    expect(formatFixed(0.25, 1, true)).toBe('+0,3');
    const table = dashboardTable(base, 'DEP', null);
    const rate = dashboardColumns(['MG']).find((c) => c.id === 'MG_taux_deficit')!;
    expect(rate.value(table.rows[1])).toBe(100);
    expect(rate.format(rate.value(table.rows[1]))).toBe('100,0');
  });
});

describe('une règle d’arrondi pour l’écran', () => {
  it('arrondit une fois et donne la variation comme la différence des deux bouts affichés', () => {
    expect(roundForDisplay(-56.24, 1)).toBe(-56.2);
    expect(roundForDisplay(-53.86, 1)).toBe(-53.9);
    expect(roundForDisplay(-0.04, 1)).toBe(0);
    expect(Object.is(roundForDisplay(-0.04, 1), -0)).toBe(false);
    // −56,24 → −53,86: the exact change is 2,38 (2,4 rounded), the screen says −56,2 → −53,9: 2,3.
    expect(displayedDifference(-53.86, -56.24, 1)).toBe(2.3);
    expect(displayedDifference(-53.9, -56.2, 1)).toBe(2.3);
    expect(displayedDifference(1.04, 1.01, 1)).toBe(0);
    expect(displayedDifference(Number.NaN, 1, 1)).toBeNaN();
    // In the difference table the « variation » cell follows the two cells beside it.
    const columns = comparisonColumns(['MG']);
    const row = comparisonTable(base, after, 'DEP').rows[0];
    const cell = (id: string, r = row) => displayedCell(columns.find((c) => c.id === id)!, r);
    const changed = { ...row, specialties: row.specialties.map((x, i) => (i === 0 ? { ...x, gapFteBefore: -56.24, gapFteAfter: -53.86, deltaGapFte: 2.38 } : x)) };
    expect([cell('MG_ecart_etp_avant', changed), cell('MG_ecart_etp_apres', changed), cell('MG_delta_ecart_etp', changed)]).toEqual(['-56,2', '-53,9', '+2,3']);
    // Files keep the exact change.
    expect(columns.find((c) => c.id === 'MG_delta_ecart_etp')!.value(changed)).toBe(2.38);
  });
});

describe('les deux lignes de total dans les fichiers (bassins à cheval sur la Meuse et la Moselle)', () => {
  const world = new PlanningEngine(straddlingWorld());
  const worldBase = world.baseline(world.resolve({ parameters: {} }));
  const worldAfter = world.evaluate({ parameters: {}, levers: [{ kind: 'install', commune: '55001', specialty: 'OPH', fte: 1 }] });
  const table = dashboardTable(worldBase, 'BV2022', null, { departement: '55' });
  const comparison = comparisonTable(worldBase, worldAfter, 'BV2022', { departement: '55' });

  it('CSV : les lignes, « Total des lignes affichées », puis le département seul', () => {
    const lines = dashboardCsv(table, ['OPH']).split('\r\n');
    const header = lines[0].split(';');
    expect(lines).toHaveLength(1 + 2 + 2 + 1);
    const at = (line: string, name: string) => line.split(';')[header.indexOf(name)];
    const [total, own] = [lines[3], lines[4]];
    expect(total.split(';').slice(0, 3)).toEqual(['', 'Total des lignes affichées', '3300']);
    expect(own.split(';').slice(0, 3)).toEqual(['', 'Meuse (55) — communes du département', '2400']);
    expect([at(total, 'Nb communes'), at(own, 'Nb communes')]).toEqual(['5', '4']);
    // OPH: the rows add BV D's surplus; the Meuse alone has no ophthalmologist.
    expect([at(total, 'Ophtalmologie — besoin (actes/an)'), at(total, 'Ophtalmologie — capacité (actes/an)'), at(total, 'Ophtalmologie — écart (actes/an)'), at(total, 'Ophtalmologie — écart (ETP)')]).toEqual(['608,0', '5500,0', '4892,0', '0,89']);
    expect([at(total, 'Ophtalmologie — actes à couvrir (actes/an)'), at(total, 'Ophtalmologie — ETP manquants'), at(total, 'Taux de déficit Ophtalmologie (%)')]).toEqual(['288,0', '0,05', '47,37']);
    expect([at(own, 'Ophtalmologie — besoin (actes/an)'), at(own, 'Ophtalmologie — capacité (actes/an)'), at(own, 'Ophtalmologie — écart (ETP)'), at(own, 'Ophtalmologie — actes à couvrir (actes/an)'), at(own, 'Ophtalmologie — ETP manquants')]).toEqual(['432,0', '0,0', '-0,08', '432,0', '0,08']);
    // Without département filter, one total row only.
    expect(dashboardCsv(dashboardTable(worldBase, 'BV2022', null), ['OPH']).split('\r\n')).toHaveLength(1 + 2 + 1 + 1);
  });

  it('XLSX et rapport : les deux totaux, libellés, en gras, dans l’ordre de l’écran', async () => {
    const bytes = await dashboardXlsx({ table, comparison, context: context(), specialties: ['OPH'] });
    const { default: readExcelFile } = await import('read-excel-file/node');
    const sheets = (await readExcelFile(Buffer.from(bytes))) as { sheet: string; data: unknown[][] }[];
    const diagnostic = sheets[0].data;
    expect(diagnostic.map((r) => r[1])).toEqual(['Libellé', 'BV A', 'BV D', 'Total des lignes affichées', 'Meuse (55) — communes du département']);
    expect(diagnostic.slice(3).map((r) => r[2])).toEqual([3300, 2400]);
    const gap = diagnostic[0].indexOf('Ophtalmologie — écart (ETP)');
    expect(diagnostic[4][gap] as number).toBeCloseTo(-432 / 5500, 12);
    const changes = sheets[1].data;
    expect(changes.slice(3).map((r) => r[1])).toEqual(['Total des lignes affichées', 'Meuse (55) — communes du département']);
    const delta = changes[0].indexOf('Ophtalmologie — variation de l’écart (ETP)');
    expect(changes[3][delta] as number).toBeCloseTo(1, 12);
    expect(changes[4][delta] as number).toBeCloseTo(1, 12);
    const indicators = sheets[2].data.map((r) => r.map((v) => (v === null ? '' : String(v))).join('|')).join('\n');
    expect(indicators).toContain('Habitants des bassins de vie en déficit, avant');
    expect(indicators).toMatch(/Ophtalmologie\|0\.88\d+\|1\.88\d+\|1\|0\.05\d+\|0\|1600\|0/);
    const { unzipSync, strFromU8 } = await import('fflate');
    const sheet = strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml']);
    // Rows 4 and 5 (the totals) use the bold style of the total.
    const styleOf = (ref: string) => sheet.match(new RegExp(`<c r="${ref}"[^>]* s="(\\d+)"`))?.[1];
    expect(styleOf('B4')).toBe(styleOf('B5'));
    expect(styleOf('B4')).not.toBe(styleOf('B2'));

    const html = reportHtml({ table, comparison, context: context(), specialties: ['OPH'] });
    const rowsTotal = html.indexOf('<tr class="total"><td></td><td>Total des lignes affichées</td>');
    const own = html.indexOf('<tr class="total"><td></td><td>Meuse (55) — communes du département</td>');
    expect(rowsTotal).toBeGreaterThan(0);
    expect(own).toBeGreaterThan(rowsTotal);
    expect(html).toContain('Habitants des bassins de vie en déficit');
    // KPI line of OPH: +0,9 → +1,9 and a change of +1,0 (the difference of the two shown).
    expect(html).toMatch(/<td>Ophtalmologie<\/td><td class="n">\+0,9<\/td><td class="n">\+1,9<\/td><td class="n">\+1,0<\/td>/);
  });
});

describe('CSV pour Excel', () => {
  it('écrit BOM, « ; », CRLF, virgule décimale, guillemets RFC 4180 et champ vide pour « sans valeur »', () => {
    const columns = dashboardColumns(['MG']).slice(0, 3);
    const text = excelCsv(columns, [{ ...dashboardTable(base, 'DEP', null).rows[0], label: 'Meuse; "Nord"' }]);
    expect(text).toBe('\uFEFFCode;Libellé;Population\r\n="55";"Meuse; ""Nord""";2400\r\n');
    const table = dashboardTable(base, 'COM', null);
    const lines = dashboardCsv(table, ['MG']).split('\r\n');
    const header = lines[0].split(';');
    const empty = lines.find((l) => l.startsWith('="55003";'))!.split(';');
    // Commune without population: no coverage rate (empty), zero acts to cover.
    expect(empty[header.indexOf('Taux de couverture MG (%)')]).toBe('');
    expect(empty[header.indexOf('MG — actes à couvrir (actes/an)')]).toBe('0,0');
    expect(lines.at(-2)!.startsWith(';Total des lignes affichées;')).toBe(true);
    expect(lines.at(-1)).toBe('');
  });

  it('neutralise un libellé qu’Excel prendrait pour une formule', () => {
    const columns = dashboardColumns().slice(0, 2);
    expect(excelCsv(columns, [{ ...dashboardTable(base, 'DEP', null).rows[0], label: '=HYPERLINK("x")' }])).toContain(`;"'=HYPERLINK(""x"")"`);
  });
});

describe('géométrie', () => {
  it('retrouve trous et îles, ferme et oriente les anneaux (RFC 7946)', () => {
    const polygons = featurePolygons(squaresLayer(), 0);
    expect(polygons).toHaveLength(2);
    const [main, island] = polygons[0].length === 2 ? polygons : [polygons[1], polygons[0]];
    expect(main).toHaveLength(2);
    expect(island).toHaveLength(1);
    const area = (ring: [number, number][]) => ring.slice(1).reduce((a, [x, y], i) => a + (ring[i][0] * y - x * ring[i][1]), 0) / 2;
    expect(area(main[0])).toBeGreaterThan(0);
    expect(area(main[1])).toBeLessThan(0);
    for (const ring of [...main, ...island]) expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(main[0][1][0]).toBe(5.1);
  });

  it('écrit un GeoJSON : un multipolygone par territoire, propriétés du tableau et de la comparaison', () => {
    const map = { layer: squaresLayer(), grid: base.territories.get('DEP')!.grid, communeCodes: smallWorld().communes };
    const table = dashboardTable(base, 'DEP', null);
    const collection = JSON.parse(dashboardGeoJson({ table, comparison: comparisonTable(base, after, 'DEP'), specialties: ['MG'], map }));
    expect(collection.features).toHaveLength(2);
    const meuse = collection.features[0];
    expect(meuse.geometry.type).toBe('MultiPolygon');
    expect(meuse.geometry.coordinates).toHaveLength(5);
    expect(meuse.properties).toMatchObject({ grille: 'DEP', code: '55', libelle: 'Meuse', population: 2400, nb_msp: null, MG_delta_ecart_etp: 1 });
    expect(meuse.properties.MG_ecart_etp).toBeCloseTo(3 - 108 / 5400, 2);
    expect(collection.features[1].geometry.type).toBe('Polygon');
  });
});

describe('carte et rapport', () => {
  const map = { layer: squaresLayer(), grid: base.territories.get('COM')!.grid, communeCodes: smallWorld().communes };

  it('dessine une carte SVG avec les classes de l’application et sa légende', () => {
    const svg = choroplethSvg({ map, territories: [0, 1, 2, 4], values: [-3, 0.5, Number.NaN, 10], title: 'Écart', unit: 'ETP' });
    expect(svg.match(/<path /g)).toHaveLength(4);
    expect(svg).toContain('fill="#b35806"');
    expect(svg).toContain('sans valeur');
    expect(svg).toContain('déficit de plus de');
    expect(svg).not.toMatch(/https?:/);
  });

  it('regroupe les fichiers mensuels d’une même source', () => {
    expect(groupMonthlySources(manifest.sources).map((s) => s.file)).toEqual(['A202401.csv.gz à A202403.csv.gz (3 fichiers)', 'rpps.txt']);
  });

  it('rassemble provenance, leviers, paramètres modifiés, hypothèses et formules', () => {
    const c = context();
    expect(c.pack).toMatchObject({ demo: true, date: '2025-03-01T10:00:00.000Z' });
    expect(c.beforeTitle).toBe('Situation de référence');
    expect(c.afterTitle).toBe('Scénario « Installation à B »');
    expect(c.scenarios[0].levers[0]).toEqual({ label: 'Nouveau cabinet', description: 'Installation de 1,00 ETP de médecine générale à B (55002).', source: 'projet communal', enabled: true });
    // The scenario changes a parameter: its values come as a second block, naming it as the source.
    expect(c.parameters).toHaveLength(2);
    expect(c.parameters[1].rows.find((r) => r.name === 'Productivité — Psychiatrie')).toMatchObject({ value: '3\u202f000 actes par ETP et par an', source: 'paramètre du scénario « Installation à B »' });
    expect(c.parameters[0].rows[0]).toMatchObject({ name: 'Productivité — Médecine générale', source: 'dérivée du paquet : Open DAMIR et RPPS du paquet' });
    expect(c.references.some((r) => r.source.includes('DREES'))).toBe(true);
    expect(structuredClone(c)).toEqual(c);
  });

  it('écrit un rapport autonome, imprimable, sans adresse externe', () => {
    const table = dashboardTable(base, 'COM', null, { departement: '55' });
    const html = reportHtml({ table, comparison: comparisonTable(base, after, 'COM', { departement: '55' }), context: context(), map, specialties: ['MG', 'OPH'] });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('territoires touchant le département Meuse (55)');
    expect(html).toContain('Estimation de démonstration');
    expect(html).toContain('3 territoires sans changement sont omis');
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('<h3>Ophtalmologie');
    expect(html).not.toContain('<h3>Psychiatrie');
    expect(html).not.toMatch(/https?:\/\//);
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const withImage = reportHtml({ table, context: context(), map, mapImage: png });
    expect(withImage).toContain(`src="${png}"`);
    expect(withImage).not.toContain('<svg ');
    expect(() => reportHtml({ table, context: context(), mapImage: 'https://exemple.fr/carte.png' })).toThrow('Image de carte invalide');
  });
});

describe('classeur XLSX', () => {
  it('écrit des nombres au format de leur colonne, un en-tête figé et les feuilles attendues', async () => {
    expect(numberFormat(0)).toBe('#,##0');
    expect(numberFormat(2, true)).toBe('+#,##0.00;-#,##0.00;#,##0.00');
    const bytes = await dashboardXlsx({ table: dashboardTable(base, 'DEP', null), comparison: comparisonTable(base, after, 'DEP'), context: context(), specialties: ['MG'] });
    expect(Array.from(bytes.slice(0, 2))).toEqual([0x50, 0x4b]);
    const { default: readExcelFile } = await import('read-excel-file/node');
    const sheets = (await readExcelFile(Buffer.from(bytes))) as { sheet: string; data: unknown[][] }[];
    expect(sheets.map((s) => s.sheet)).toEqual(['Diagnostic', 'Comparaison', 'Indicateurs', 'Hypothèses']);
    const [header, meuse] = sheets[0].data;
    expect(header).toHaveLength(9 + 9);
    expect(meuse[header.indexOf('Population')]).toBe(2400);
    // « sans valeur » stays an empty cell.
    expect(meuse[header.indexOf('Nb MSP')]).toBeNull();
    const { unzipSync, strFromU8 } = await import('fflate');
    const sheet = strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml']);
    expect(sheet).toMatch(/<pane [^>]*state="frozen"/);
    expect(readFileSync(new URL('./xlsx.ts', import.meta.url), 'utf8')).toContain("from 'write-excel-file/universal'");
  });
});
