// The shapes national files really come in, each against a control that must give the same pack:
// Windows line ends, a field beginning with a quote in the never-quoted RPPS, Windows-1252 characters
// first met after the probe, spreadsheet exports with title rows, codes that lost their leading zero.
// Then the field cases of ../shared/field-cases with their right values, through the CLI.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { damirMonthLines, DAMIR_HEADER_LINE } from '../../tests/fixtures/damir-files';
import { POPULATION_COMMUNES, quinquennal, tdPop1b } from '../../tests/fixtures/population-files';
import { rppsLine, RPPS_HEADER, RPPS_ROWS } from '../../tests/fixtures/rpps-files';
import { buildPack, type ImportRequest } from '../../workers/import/pack-builder';
import { openNodeDatabase } from './duckdb-node';
import { fileSource, packFolderReader } from './files';
import { readPackTable, readPackTables } from './pack-tables';
import { REFERENCE_PACK_FOLDER, REFERENCE_TABLES_FOLDER } from './packs';
import { EXIT, runCli } from './run';

const work = mkdtempSync(join(tmpdir(), 'ts-shapes-'));
let files = 0;
/** A file of the given name and content, alone in its own folder (several tests use the same names). */
const file = (name: string, content: string | Uint8Array) => {
  const folder = join(work, String(++files));
  mkdirSync(folder);
  writeFileSync(join(folder, name), content);
  return fileSource(join(folder, name));
};

/** The files of the pack a request builds (manifest aside), by native DuckDB. */
async function tablesOf(request: (make: typeof file) => ImportRequest) {
  const db = await openNodeDatabase({ threads: 1 });
  try {
    const built = await buildPack(db, packFolderReader(REFERENCE_PACK_FOLDER), packFolderReader(REFERENCE_TABLES_FOLDER), request(file), { id: 'x', label: 'x' });
    const { manifest } = built;
    const rows = new Map<string, Uint8Array>();
    for (const [name, bytes] of built.files) if (name !== 'manifest.json') rows.set(name, bytes);
    return { manifest, rows };
  } finally {
    await db.close();
  }
}

const DAMIR_COLUMNS = DAMIR_HEADER_LINE.split(';');
const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
const latin1 = (text: string) => Uint8Array.from(text, (c) => (c === 'œ' ? 0x9c : c === '’' ? 0x92 : c.charCodeAt(0)));

describe('formes réelles des fichiers : même paquet que le fichier témoin', () => {
  const shapes: [string, (make: typeof file, eol: (t: string) => string) => ImportRequest][] = [
    ['population TD_POP1B', (p, eol) => ({ population: p('TD_POP1B_2021.csv', eol(tdPop1b())) })],
    ['série quinquennale', (p, eol) => ({ population: p('pop-quinquennal.csv', eol(quinquennal())) })],
    ['base-cc', (p, eol) => ({ population: p('base-cc.csv', eol('CODGEO;P21_POP;P21_POP7589;P21_POP90P\n55545;16000;1500;300\n55502;2700;300;40\n')) })],
    ['zonages', (p, eol) => ({ zonages: [p('appartenance.csv', eol('CODGEO;LIBGEO;EPCI;BV2022;DEP\n55545;Verdun;200049187;55545;55\n55502;Stenay;200066108;55502;55\n'))] })],
    ['BPE', (p, eol) => ({ bpe: p('DS_BPE_2024_data.csv', eol('GEO;GEO_OBJECT;FACILITY_TYPE;BPE_MEASURE;TIME_PERIOD;OBS_VALUE\n55502;COM;D113;FACILITIES;2024;1\n55545;COM;D108;FACILITIES;2024;2\n')) })],
    ['maillage CPTS', (p, eol) => ({ customGrid: { name: 'cpts', source: p('cpts.csv', eol('code_commune;code_territoire;libelle_territoire\n55545;C1;CPTS 1\n55502;C2;CPTS 2\n')) } })],
    ['temps de trajet', (p, eol) => ({ times: p('temps.csv', eol('origine;destination;minutes\n55545;55502;42,5\n55502;55545;43\n')) })],
    ['RPPS', (p, eol) => ({ rpps: [p('PS_LibreAcces_Personne_activite.txt', eol(`${RPPS_HEADER}\n${RPPS_ROWS.map(rppsLine).join('\n')}\n`))] })],
    ['Open DAMIR', (p, eol) => ({ damir: [p('A202402.csv.gz', gzipSync(eol([...damirMonthLines(2024, 1, 3000, 5)].join('\n') + '\n')))] })],
  ];
  for (const [label, shape] of shapes) {
    it(`${label} : fins de ligne Windows (CRLF) = Unix (LF)`, async () => {
      const lf = await tablesOf((make) => shape(make, (t) => t));
      const windows = await tablesOf((make) => shape(make, crlf));
      expect([...windows.rows.keys()]).toEqual([...lf.rows.keys()]);
      for (const [name, bytes] of lf.rows) expect(Buffer.from(windows.rows.get(name)!).equals(Buffer.from(bytes)), name).toBe(true);
      expect(windows.manifest.imports!.map((r) => [r.rowsRead, r.rowsKept])).toEqual(lf.manifest.imports!.map((r) => [r.rowsRead, r.rowsKept]));
    }, 60_000);
  }

  it('RPPS : une raison sociale qui commence par un guillemet ne fait perdre aucune ligne', async () => {
    const many = Array.from({ length: 400 }, (_, i) => ({ ...RPPS_ROWS[i % RPPS_ROWS.length], 'Identification nationale PP': `81${String(i).padStart(9, '0')}` }));
    const quoted = many.map((row, i) => (i === 10 ? { ...row, 'Raison sociale site': '"MAISON MEDICALE" DES REMPARTS' } : i === 11 ? { ...row, 'Raison sociale site': 'CABINET "LES TILLEULS"' } : row));
    const text = (rows: typeof many) => `${RPPS_HEADER}\n${rows.map(rppsLine).join('\n')}\n`;
    const plain = await tablesOf((p) => ({ rpps: [p('PS_LibreAcces_Personne_activite.txt', text(many))] }));
    const withQuotes = await tablesOf((p) => ({ rpps: [p('PS_LibreAcces_Personne_activite.txt', text(quoted))] }));
    expect(withQuotes.manifest.imports![0].rowsRead).toBe(400);
    expect(Buffer.from(withQuotes.rows.get('sites.parquet')!).equals(Buffer.from(plain.rows.get('sites.parquet')!))).toBe(true);
  }, 60_000);

  it('Windows-1252 rencontré après le premier mégaoctet : relu réencodé, libellés justes', async () => {
    const ascii = Array.from({ length: 60_000 }, (_, i) => `BV2022;X${i};Bassin ${i}`).join('\n');
    const bytes = latin1(`NIVGEO;CODGEO;LIBGEO\n${ascii}\nBV2022;55545;Verdun’s Cœur\n`);
    expect(bytes.length).toBeGreaterThan(1 << 20);
    const out = join(work, 'paquet-1252');
    const code = await runCli(['import', '--out', out, '--zonages', file('libelles.csv', bytes).path!], { stdout: { write: () => undefined }, stderr: { write: () => undefined } });
    expect(code).toBe(EXIT.ok);
    const labels = await readPackTable(out, 'libelles');
    expect(labels.find((r) => r.grille === 'BV2022' && r.code === '55545')!.libelle).toBe('Verdun’s Cœur');
  }, 60_000);

  it('export de tableur : lignes de titre, Windows-1252, point-virgule en fin de ligne', async () => {
    const control = await tablesOf((p) => ({ population: p('quinquennal.csv', quinquennal()) }));
    const titled = latin1(`Population par sexe et âge quinquennal;;;\nSource : Insee;;;\n;;;\n${quinquennal().replace(/\n/g, ';\r\n')}`);
    const exported = await tablesOf((p) => ({ population: p('export-tableur.csv', titled) }));
    expect(Buffer.from(exported.rows.get('population_age5.parquet')!).equals(Buffer.from(control.rows.get('population_age5.parquet')!))).toBe(true);
  }, 60_000);

  it('codes communes sans leur zéro initial : même population que les codes INSEE', async () => {
    const stripped = tdPop1b().replace(/;0(\d{4});/g, ';$1;');
    expect(stripped).toContain(';1340;');
    const control = await tablesOf((p) => ({ population: p('TD_POP1B.csv', tdPop1b()) }));
    const lost = await tablesOf((p) => ({ population: p('TD_POP1B-tableur.csv', stripped) }));
    expect(Buffer.from(lost.rows.get('population_age5.parquet')!).equals(Buffer.from(control.rows.get('population_age5.parquet')!))).toBe(true);
    expect(POPULATION_COMMUNES.some(([code]) => code.startsWith('0'))).toBe(true);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------------
const cases = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'field-cases');

async function cli(...argv: string[]) {
  const out = { stdout: '', stderr: '' };
  const code = await runCli(argv, { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) } });
  return { code, ...out };
}
const rowsOf = (path: string) => parse(readFileSync(path, 'utf8'), { columns: true, delimiter: ';' }) as Record<string, string>[];

describe.skipIf(!existsSync(cases))('cas de terrain (../shared/field-cases) : les bonnes valeurs', () => {
  const at = (...parts: string[]) => join(cases, ...parts);
  const imported = async (name: string, ...args: string[]) => {
    const pack = join(work, `terrain-${name}`);
    const result = await cli('import', '--out', pack, ...args);
    expect(result.stderr, result.stderr).not.toMatch(/Erreur/);
    expect(result.code).toBe(EXIT.ok);
    return pack;
  };
  const supply = async (pack: string) => {
    const out = join(work, `${pack.split('/').at(-1)}-offre.csv`);
    expect((await cli('supply', '--pack', pack, '--out', out)).code).toBe(EXIT.ok);
    return rowsOf(out);
  };
  const principal = (rows: Record<string, string>[], commune: string, specialty: string) =>
    Number(rows.find((r) => r.code_commune === commune && r.specialite === specialty)?.medecins_site_principal ?? 0);

  it('damir-late-claims : année de soins 2024, MG 40–49 = 1 000 × 12 / 3 690', async () => {
    const pack = await imported('late', '--damir', at('damir-late-claims', 'A202402.csv.gz'), '--population', at('damir-late-claims', 'TD_POP1B_meuse.csv'));
    const out = join(work, 'late-taux.csv');
    expect((await cli('rates', '--pack', pack, '--out', out)).code).toBe(EXIT.ok);
    expect(Number(rowsOf(out).find((r) => r.specialite === 'MG' && r.tranche_age === '40')!.taux)).toBeCloseTo((1000 * 12) / 3690, 3);
  }, 60_000);

  it('zip-packages : le zip de l’ANS et celui de l’INSEE', async () => {
    const pack = await imported('zip', '--rpps', at('zip-packages', 'PS_LibreAcces_202511300812.zip'), '--population', at('zip-packages', 'BTT_TD_POP1B_2021.zip'));
    const rows = await supply(pack);
    expect(principal(rows, '55545', 'MG')).toBe(2);
    expect(principal(rows, '55502', 'OPH')).toBe(1);
    expect((await readPackTable(pack, 'population_age5')).length).toBeGreaterThan(0);
  }, 60_000);

  it('insee-workbook : classeur et export de tableur = fichier témoin', async () => {
    const population = async (name: string, path: string) => (await readPackTable(await imported(name, '--population', path), 'population_age5')).map((r) => `${r.code_commune};${r.age5};${r.population}`);
    const control = await population('wb-control', at('insee-workbook', 'control_quinquennal_2021.csv'));
    expect(control).toContain('55502;0;40');
    expect(await population('wb-xlsx', at('insee-workbook', 'pop-sexe-age-quinquennal6821.xlsx'))).toEqual(control);
    expect(await population('wb-csv', at('insee-workbook', 'pop-sexe-age-quinquennal6821_COM_2021.csv'))).toEqual(control);
  }, 60_000);

  it('codes-leading-zero : diagnose DEP égal au témoin (Ain 15 958 habitants, besoin MG 4 624,4 ; Meuse 4 975,6)', async () => {
    const diagnose = async (variant: string) => {
      const pack = await imported(`lz-${variant}`, '--damir', at('_common', 'A202501.csv.gz'), '--population', at('codes-leading-zero', `TD_POP1B_${variant}.csv`),
        '--rpps', at('codes-leading-zero', `PS_LibreAcces_Personne_activite_${variant}.txt`));
      const out = join(work, `lz-${variant}.csv`);
      expect((await cli('diagnose', '--pack', pack, '--grid', 'DEP', '--out', out)).code).toBe(EXIT.ok);
      return rowsOf(out).filter((r) => r.specialite === 'MG' && ['01', '55'].includes(r.code));
    };
    const lost = await diagnose('zeros_lost');
    expect(lost).toEqual(await diagnose('control'));
    expect(lost.find((r) => r.code === '01')).toMatchObject({ population: '15958', besoin_actes: '4624.4' });
    expect(lost.find((r) => r.code === '55')!.besoin_actes).toBe('4975.6');
  }, 120_000);

  it('rpps-quotes : 55545 MG 3 et 55502 OPH 1 avec l’un et l’autre fichier', async () => {
    for (const variant of ['leading', 'inner']) {
      const rows = await supply(await imported(`quotes-${variant}`, '--rpps', at('rpps-quotes', `PS_LibreAcces_Personne_activite_${variant}.txt`)));
      expect([principal(rows, '55545', 'MG'), principal(rows, '55502', 'OPH')]).toEqual([3, 1]);
    }
  }, 60_000);

  it('rpps-no-commune : Paris compte 2 généralistes, le 55100 est placé et signalé', async () => {
    const pack = await imported('sans-commune', '--rpps', at('rpps-no-commune', 'PS_LibreAcces_Personne_activite_sans_commune.txt'));
    expect(principal(await supply(pack), '75056', 'MG')).toBe(2);
    const manifest = JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8'));
    expect(manifest.imports[0].notes.join(' ')).toContain('55100');
  }, 60_000);

  it('crlf : chaque fichier CRLF donne le paquet de son jumeau LF', async () => {
    const tables = async (variant: string) => {
      const pack = await imported(`crlf-${variant}`, '--bpe', at('crlf', `DS_BPE_2024_${variant}.csv`), '--zonages', at('crlf', `appartenance_${variant}.csv`),
        '--population', at('crlf', `base-cc-evol-struct-pop-2021_${variant}.csv`));
      return readPackTables(pack, ['structures', 'appartenance', 'population_larges', 'etablissements']);
    };
    expect(await tables('crlf')).toEqual(await tables('lf'));
  }, 60_000);

  it('shapefile-layers et overseas-projection : la couche COMMUNE, La Réunion à sa place', async () => {
    const layers = await imported('couches', '--geometry', at('shapefile-layers', 'admin-express-4layers.zip'));
    const manifest = JSON.parse(readFileSync(join(layers, 'manifest.json'), 'utf8'));
    expect(manifest.imports[0].rowsKept).toBe(4);
    for (const input of ['communes_reunion_epsg2975.geojson', 'COMMUNE_RGR92UTM40S_REU.zip']) {
      const pack = await imported(`reunion-${input}`, '--geometry', at('overseas-projection', input));
      const { decodeTsGeo } = await import('../../common/tsgeo');
      const bytes = readFileSync(join(pack, 'geometrie.tsgeo'));
      const layer = decodeTsGeo(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      const [lon, lat] = [layer.positions[0], layer.positions[1]];
      expect(lon).toBeCloseTo(55.44, 1);
      expect(lat).toBeCloseTo(-20.93, 1);
    }
  }, 60_000);
});

describe('ce qui changeait les chiffres sans rien dire', () => {
  it('population : espaces insécables des milliers lus, effectif illisible compté, extrait de la France signalé', async () => {
    const control = await tablesOf((make) => ({ population: make('TD_POP1B.csv', tdPop1b()) }));
    const french = tdPop1b().replace(/;(\d+)\.(\d{4})$/gm, (_, units: string, decimals: string) => `;${Number(units).toLocaleString('fr-FR')},${decimals}`);
    const spaced = french.replace(/;85,0000$/m, ';8\u00a0500,0000');
    const nbsp = await tablesOf((make) => ({ population: make('TD_POP1B.csv', spaced.replace(';8\u00a0500,0000', ';85,0000')) }));
    expect(Buffer.from(nbsp.rows.get('population_age5.parquet')!).equals(Buffer.from(control.rows.get('population_age5.parquet')!))).toBe(true);
    const thousands = await tablesOf((make) => ({ population: make('TD_POP1B.csv', 'NIVGEO;CODGEO;LIBGEO;SEXE;AGED100;NB\nCOM;55545;Verdun;1;030;8\u202f500,5\nCOM;55545;Verdun;2;030;abc\n') }));
    const [report] = thousands.manifest.imports!;
    expect(report.rejected).toEqual({ 'âge ou effectif illisible (ni nombre ni vide)': 1 });
    expect(report.rowsKept).toBe(1);
    expect(thousands.manifest.warnings.join(' ')).toMatch(/8\s501 habitants, 0,01\s% de la population légale de la France .* importez le fichier national complet/);
  }, 60_000);

  it('RPPS enregistré avec des guillemets partout (write.table de R) : mêmes sites que l’original', async () => {
    const original = `${RPPS_HEADER}\n${RPPS_ROWS.map(rppsLine).join('\n')}\n`;
    const quoteAll = original.split('\n').map((line) => (line === '' ? line : line.split('|').map((f) => `"${f.replaceAll('"', '""')}"`).join('|'))).join('\n');
    const plain = await tablesOf((make) => ({ rpps: [make('PS_LibreAcces_Personne_activite.txt', original)] }));
    const quoted = await tablesOf((make) => ({ rpps: [make('PS_LibreAcces_Personne_activite.txt', quoteAll)] }));
    expect(Buffer.from(quoted.rows.get('sites.parquet')!).equals(Buffer.from(plain.rows.get('sites.parquet')!))).toBe(true);
  }, 60_000);

  it('Open DAMIR : une ligne coupée est écartée avec son numéro, une quantité illisible ne compte dans aucun acte', async () => {
    const lines = [...damirMonthLines(2024, 1, 200, 9)];
    const broken = [...lines];
    broken[3] = broken[3].slice(0, broken[3].indexOf(';2024;') + 5);
    const quantity = DAMIR_COLUMNS.indexOf('PRS_ACT_QTE');
    broken[5] = broken[5].split(';').map((f, i) => (i === quantity ? 'abc' : f)).join(';');
    const built = await tablesOf((make) => ({ damir: [make('A202402.csv.gz', gzipSync(broken.join('\n') + '\n'))] }));
    const [report] = built.manifest.imports!;
    expect(report.rowsRead).toBe(lines.length - 1);
    expect(report.rejectedLines).toEqual({ 'ligne trop courte (champs manquants)': [4] });
    const clean = await tablesOf((make) => ({ damir: [make('A202402.csv.gz', gzipSync([...lines.slice(0, 3), ...lines.slice(6)].join('\n') + '\n'))] }));
    const total = async (rows: Map<string, Uint8Array>) => {
      const db = await openNodeDatabase({ threads: 1 });
      await db.importParquet('t', rows.get('damir_mois.parquet')!);
      const n = Number((await db.queryColumns('SELECT sum(actes) AS n FROM t')).n[0]);
      await db.close();
      return n;
    };
    // Lines 4 (cut) and 6 (unreadable quantity) count in no act; line 5 is kept on both sides.
    const kept = [...lines.slice(0, 3), lines[4], ...lines.slice(6)];
    const withFive = await tablesOf((make) => ({ damir: [make('A202402.csv.gz', gzipSync(kept.join('\n') + '\n'))] }));
    expect(await total(built.rows)).toBeCloseTo(await total(withFive.rows), 6);
    expect(await total(clean.rows)).not.toBeNaN();
  }, 60_000);

  it('zonages : codes de maillage sans zéro initial complétés, ligne d’arrondissement sans effet sur sa commune, libellés partiels gardant les autres', async () => {
    const built = await tablesOf((make) => ({
      zonages: [
        make('appartenance.csv', 'CODGEO;LIBGEO;EPCI;BV2022;ZE2020;AAV2020;DEP\n1001;L’Abergement;200069193;1093;8201;2;1\n75056;Paris;200054781;75056;1101;1;75\n75108;Paris 8e;999999999;99999;9999;999;99\n'),
        make('libelles.csv', 'NIVGEO;CODGEO;LIBGEO\nDEP;1;Ain (libellé importé)\n'),
      ],
    }));
    const db = await openNodeDatabase({ threads: 1 });
    await db.importParquet('a', built.rows.get('appartenance.parquet')!);
    await db.importParquet('l', built.rows.get('libelles.parquet')!);
    const row = async (code: string) => Object.values(await db.queryColumns(`SELECT EPCI, BV2022, ZE2020, AAV2020, DEP FROM a WHERE code_commune = '${code}'`)).map((v) => v[0]);
    expect(await row('01001')).toEqual(['200069193', '01093', '8201', '002', '01']);
    expect(await row('75056')).toEqual(['200054781', '75056', '1101', '001', '75']);
    expect((await db.queryColumns("SELECT libelle FROM l WHERE grille = 'DEP' AND code = '01'")).libelle[0]).toBe('Ain (libellé importé)');
    expect(Number((await db.queryColumns("SELECT count(*) AS n FROM l WHERE grille = 'EPCI'")).n[0])).toBeGreaterThan(1000);
    await db.close();
  }, 60_000);

  it('géométrie : un membre crs EPSG:2154 sur des longitudes / latitudes est refusé (jamais dans le golfe de Guinée)', async () => {
    const square = [[[5.38, 49.16], [5.39, 49.16], [5.39, 49.17], [5.38, 49.17], [5.38, 49.16]]];
    const geojson = { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } },
      features: [{ type: 'Feature', properties: { code: '55545' }, geometry: { type: 'Polygon', coordinates: square } }] };
    await expect(tablesOf((make) => ({ geometry: make('communes.geojson', JSON.stringify(geojson)) }))).rejects.toThrow(/hors de France .* le système déclaré ne correspond pas aux coordonnées/);
  }, 60_000);

  it('zonages : un fichier de population donné pour des libellés est refusé', async () => {
    await expect(tablesOf((make) => ({ zonages: [make('TD_POP1B_2021.csv', tdPop1b())] }))).rejects.toThrow(/aucun libellé des maillages .* ce n’est pas une table de libellés INSEE/);
  }, 60_000);
});
