// The pure exporters on the small world: column definitions and French number formats, CSV for Excel,
// polygons out of TSGEO (holes, orientation), the SVG map, the report and the workbook.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PACK_SCHEMA_VERSION, type PackManifest } from '../../common/pack';
import { comparisonTable, dashboardTable } from '../engine/dashboard';
import { PlanningEngine } from '../engine/engine';
import { smallWorld } from '../engine/fixtures';
import type { Scenario } from '../engine/scenario';
import { comparisonColumns, dashboardColumns, formatFrench } from './columns';
import { exportContext } from './context';
import { dashboardCsv, excelCsv } from './csv';
import { dashboardGeoJson } from './geojson';
import { featurePolygons, type TsGeoLayer } from './geometry';
import { groupMonthlySources, reportHtml } from './report';
import { choroplethSvg } from './svg-map';
import { dashboardXlsx, numberFormat } from './xlsx';

const engine = new PlanningEngine(smallWorld());
const base = engine.baseline(engine.resolve({ parameters: {} }));
const scenario: Scenario = {
  schemaVersion: 1,
  name: 'Installation à B',
  description: 'Un généraliste de plus.',
  parameters: { productivity: { PSY: 3000 } },
  levers: [{ kind: 'install', commune: '55002', specialty: 'MG', fte: 1, label: 'Nouveau cabinet', source: 'projet communal' }],
};
const after = engine.evaluate(scenario);

const manifest: PackManifest = {
  schemaVersion: PACK_SCHEMA_VERSION,
  id: 'monde',
  label: 'Petit monde',
  cog: 2025,
  demo: true,
  sources: [
    { file: 'A202401.csv.gz', bytes: 1, sha256: '', vintage: 'flux 202401', publisher: 'CNAM (Open DAMIR)' },
    { file: 'A202402.csv.gz', bytes: 1, sha256: '', vintage: 'flux 202402', publisher: 'CNAM (Open DAMIR)' },
    { file: 'A202403.csv.gz', bytes: 1, sha256: '', vintage: 'flux 202403', publisher: 'CNAM (Open DAMIR)' },
    { file: 'rpps.txt', bytes: 1, sha256: '', vintage: 'extraction RPPS', publisher: 'ANS' },
  ],
  tables: {},
  warnings: ['Zonages dérivés.'],
};

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

const context = () =>
  exportContext({
    manifest,
    packDate: '2025-03-01T10:00:00.000Z',
    generatedAt: '2025-04-02T08:30:00.000Z',
    before: { evaluation: base, scenario: null },
    after: { evaluation: after, scenario },
    productivitySources: { MG: 'Open DAMIR et RPPS du paquet' },
  });

describe('colonnes', () => {
  it('donnent des en-têtes français avec leur unité et des clés stables', () => {
    const columns = dashboardColumns();
    expect(columns).toHaveLength(9 + 9 * 8);
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
    expect(formatFrench(-12345.678, 1)).toBe('-12\u202f345,7');
    expect(formatFrench(2, 1, true)).toBe('+2,0');
    expect(formatFrench(-0.04, 1, true)).toBe('0,0');
    expect(formatFrench(Number.NaN, 1)).toBe('—');
    const table = dashboardTable(base, 'DEP', null);
    const rate = dashboardColumns(['MG']).find((c) => c.id === 'MG_taux_deficit')!;
    expect(rate.value(table.rows[1])).toBe(100);
    expect(rate.format(rate.value(table.rows[1]))).toBe('100,0');
  });
});

describe('CSV pour Excel', () => {
  it('écrit BOM, « ; », CRLF, virgule décimale, guillemets RFC 4180 et champ vide pour « sans valeur »', () => {
    const columns = dashboardColumns(['MG']).slice(0, 3);
    const text = excelCsv(columns, [{ ...dashboardTable(base, 'DEP', null).rows[0], label: 'Meuse; "Nord"' }]);
    expect(text).toBe('\uFEFFCode;Libellé;Population\r\n55;"Meuse; ""Nord""";2400\r\n');
    const table = dashboardTable(base, 'COM', null);
    const lines = dashboardCsv(table, ['MG']).split('\r\n');
    const empty = lines.find((l) => l.startsWith('55003;'))!.split(';');
    // Commune without population: no coverage rate (empty), zero acts to cover.
    expect(empty[9 + 4]).toBe('');
    expect(empty[9 + 5]).toBe('0,0');
    expect(lines.at(-2)!.startsWith(';Total;')).toBe(true);
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
    expect(c.parameters[0].rows[0]).toMatchObject({ name: 'Productivité — Médecine générale', source: 'Open DAMIR et RPPS du paquet' });
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
    expect(header).toHaveLength(9 + 8);
    expect(meuse[header.indexOf('Population')]).toBe(2400);
    // « sans valeur » stays an empty cell.
    expect(meuse[header.indexOf('Nb MSP')]).toBeNull();
    const { unzipSync, strFromU8 } = await import('fflate');
    const sheet = strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml']);
    expect(sheet).toMatch(/<pane [^>]*state="frozen"/);
    expect(readFileSync(new URL('./xlsx.ts', import.meta.url), 'utf8')).toContain("from 'write-excel-file/universal'");
  });
});
