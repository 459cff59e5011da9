// The headless CLI contract: diagnose and accessibility on files, exit codes, French messages,
// outputs untouched on failure.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeHealthPack } from '../../tests/fixtures/health-pack';
import { EXIT, runCli } from './run';

const work = mkdtempSync(join(tmpdir(), 'ts-cli-'));
let pack: string;

async function cli(...argv: string[]) {
  const out = { stdout: '', stderr: '' };
  const code = await runCli(argv, {
    stdout: { write: (t: string) => (out.stdout += t) },
    stderr: { write: (t: string) => (out.stderr += t) },
  });
  return { code, ...out };
}

const readRows = (file: string) => parse(readFileSync(file, 'utf8'), { columns: true, delimiter: ';' }) as Record<string, string>[];

beforeAll(() => {
  pack = writeHealthPack(join(work, 'pack'));
});

describe('cli diagnose', () => {
  it('écrit une ligne par territoire et spécialité avec les valeurs attendues', async () => {
    const out = join(work, 'dep.csv');
    const result = await cli('diagnose', '--pack', pack, '--grid', 'DEP', '--out', out);
    expect(result).toMatchObject({ code: EXIT.ok, stdout: '' });
    const text = readFileSync(out, 'utf8');
    expect(text.split('\n')[0]).toBe('grille;code;libelle;specialite;population;besoin_actes;capacite_actes;ecart_actes;ecart_etp;taux_couverture');
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    const rows = readRows(out);
    expect(rows).toHaveLength(2 * 9);
    expect(rows.map((r) => r.specialite).slice(0, 9)).toEqual(['MG', 'PSY', 'GYN', 'OPH', 'CARDIO', 'DERMATO', 'RADIO', 'PEDIA', 'PNEUMO']);
    const meuseMg = rows.find((r) => r.code === '55' && r.specialite === 'MG')!;
    expect(meuseMg).toMatchObject({
      libelle: 'Meuse',
      population: '36600',
      besoin_actes: '146400.0',
      capacite_actes: '48600.0',
      ecart_actes: '-97800.0',
      ecart_etp: '-18.11',
      taux_couverture: '0.3320',
    });
    // A specialty with need but no doctor has zero coverage (an empty field is for zero need).
    expect(rows.find((r) => r.code === '55' && r.specialite === 'PNEUMO')!.taux_couverture).toBe('0.0000');
  });

  it('ajoute les colonnes du scénario et le gain en ETP', async () => {
    const scenario = join(work, 'install.json');
    writeFileSync(
      scenario,
      JSON.stringify({ schemaVersion: 1, name: 'Installation', levers: [{ kind: 'install', commune: '55502', specialty: 'MG', fte: 2 }] }),
    );
    const out = join(work, 'dep-scenario.csv');
    const result = await cli('diagnose', '--pack', pack, '--grid', 'DEP', '--scenario', scenario, '--out', out);
    expect(result.code).toBe(EXIT.ok);
    const meuseMg = readRows(out).find((r) => r.code === '55' && r.specialite === 'MG')!;
    expect(meuseMg.capacite_actes_scenario).toBe('59400.0');
    expect(meuseMg.delta_ecart_etp).toBe('2.00');
    expect(meuseMg.besoin_actes_scenario).toBe('146400.0');
  });

  it('migre une ancienne téléconsultation en le disant en français, avec le même écart pour le territoire', async () => {
    const old = join(work, 'tele-v2.json');
    const lever = { id: 't', kind: 'teleconsultation', grid: 'DEP', territory: '55', specialty: 'MG', share: 0.1 };
    writeFileSync(old, JSON.stringify({ schemaVersion: 2, name: 'Ancienne', levers: [lever] }));
    const out = join(work, 'tele-v2.csv');
    const result = await cli('diagnose', '--pack', pack, '--grid', 'DEP', '--scenario', old, '--out', out);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stderr).toContain(`Scénario « ${old} » : fichier au format 2, lu au format 3`);
    expect(result.stderr).toContain('la téléconsultation retirait 10 % du besoin sans prendre de temps à aucun médecin');
    const meuseMg = readRows(out).find((r) => r.code === '55' && r.specialite === 'MG')!;
    // Need unchanged (146 400 acts); 10 % of it (14 640 acts) now comes from an external provider.
    expect(meuseMg.besoin_actes_scenario).toBe('146400.0');
    expect(meuseMg.capacite_actes_scenario).toBe('63240.0');
    expect(meuseMg.offre_exterieure_actes_scenario).toBe('14640.0');
    const current = join(work, 'tele-v3.json');
    writeFileSync(current, JSON.stringify({ schemaVersion: 3, name: 'Actuelle', levers: [{ ...lever, provider: { kind: 'external', label: 'Plateforme' } }] }));
    const again = await cli('diagnose', '--pack', pack, '--grid', 'DEP', '--scenario', current, '--out', out);
    expect(again).toMatchObject({ code: EXIT.ok, stderr: '' });
  });

  it('refuse des valeurs invraisemblables (1e308 ETP, facteur 1e300) en nommant le levier et la plage', async () => {
    const scenario = join(work, 'absurde.json');
    writeFileSync(
      scenario,
      JSON.stringify({
        schemaVersion: 3,
        name: 'Absurde',
        levers: [
          { id: 'a', kind: 'install', commune: '55502', specialty: 'MG', fte: 1e308 },
          { id: 'b', kind: 'populationChange', label: 'Explosion', grid: 'DEP', territory: '55', factorByAgeBand: { '80': 1e300 } },
        ],
      }),
    );
    const result = await cli('diagnose', '--pack', pack, '--grid', 'DEP', '--scenario', scenario, '--out', join(work, 'absurde.csv'));
    expect(result.code).toBe(EXIT.badData);
    expect(result.stderr).toContain('Levier 1 : champ « fte » doit être compris entre 0 et 100 ETP.');
    expect(result.stderr).toContain('Levier 2 (« Explosion ») : champ « factorByAgeBand.80 » doit être compris entre 0 et 10.');
    expect(existsSync(join(work, 'absurde.csv'))).toBe(false);
  });

  it('nomme le fichier quand un levier ne s’applique pas au paquet, et dit où est une erreur de JSON', async () => {
    const scenario = join(work, 'sans-psychiatre.json');
    const lever = { id: 't', kind: 'teleconsultation', grid: 'DEP', territory: '55', specialty: 'PSY', acts: 10, provider: { kind: 'commune', commune: '57001' } };
    writeFileSync(scenario, JSON.stringify({ schemaVersion: 3, name: 'x', levers: [lever] }));
    const result = await cli('export', '--pack', pack, '--grid', 'DEP', '--scenario', scenario, '--out', join(work, 'sans-psychiatre.csv'));
    expect(result.code).toBe(EXIT.badData);
    expect(result.stderr).toContain(`Scénario « ${scenario} » inapplicable à ce paquet :`);
    expect(result.stderr).toContain('Levier 1 : commune inconnue « 57001 » (champ « provider.commune »).');
    const broken = join(work, 'casse.json');
    writeFileSync(broken, '{\n  "schemaVersion": 3,\n  "name": "x",,\n  "levers": []\n}');
    const syntax = await cli('diagnose', '--pack', pack, '--grid', 'DEP', '--scenario', broken, '--out', join(work, 'casse.csv'));
    expect(syntax.code).toBe(EXIT.badData);
    expect(syntax.stderr).toContain('n’est pas un JSON valide : erreur de syntaxe ligne 3, colonne 15.');
  });

  it('explique en français un scénario invalide (code 1) sans toucher la sortie', async () => {
    const out = join(work, 'untouched.csv');
    writeFileSync(out, 'ancien contenu');
    const scenario = join(work, 'bad.json');
    writeFileSync(scenario, JSON.stringify({ schemaVersion: 1, name: 'x', levers: [{ kind: 'install', commune: '99999', specialty: 'MG', fte: 1, label: 'Ici' }] }));
    const result = await cli('diagnose', '--pack', pack, '--grid', 'DEP', '--scenario', scenario, '--out', out);
    expect(result.code).toBe(EXIT.badData);
    expect(result.stderr).toContain('Levier 1 (« Ici ») : commune inconnue « 99999 »');
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(readFileSync(out, 'utf8')).toBe('ancien contenu');
  });

  it('refuse un maillage inconnu (code 2) et un paquet absent (code 1)', async () => {
    expect((await cli('diagnose', '--pack', pack, '--grid', 'CANTON', '--out', join(work, 'x.csv'))).code).toBe(EXIT.usage);
    expect((await cli('diagnose', '--pack', pack, '--grid', 'DEP', '--out', join(work, 'x.csv'), '--bavard')).code).toBe(EXIT.usage);
    const missing = await cli('diagnose', '--pack', join(work, 'nulle-part'), '--grid', 'DEP', '--out', join(work, 'x.csv'));
    expect(missing.code).toBe(EXIT.badData);
    expect(missing.stderr).toContain('n’est pas un paquet de données');
    expect(existsSync(join(work, 'x.csv'))).toBe(false);
  });

  it('refuse un paquet sans données de santé en disant quoi importer', async () => {
    const reference = resolve('resources/generated/packs/reference-cog2025');
    if (!existsSync(reference)) return;
    const result = await cli('diagnose', '--pack', reference, '--grid', 'DEP', '--out', join(work, 'y.csv'));
    expect(result.code).toBe(EXIT.badData);
    expect(result.stderr).toMatch(/n’a pas de population par âge.*Importez/);
  });
});

describe('paquet par défaut', () => {
  it.runIf(existsSync(resolve('resources/generated/packs/demo/manifest.json')))('diagnose sans --pack lit le paquet de démonstration', async () => {
    const out = join(work, 'demo-dep.csv');
    const result = await cli('diagnose', '--grid', 'DEP', '--out', out);
    expect(result.code).toBe(EXIT.ok);
    const rows = readRows(out);
    expect(rows).toHaveLength(101 * 9);
    const meuse = rows.find((r) => r.code === '55' && r.specialite === 'MG')!;
    expect(meuse.libelle).toBe('Meuse');
    expect(Number(meuse.population)).toBe(180290);
    expect(Number(meuse.ecart_etp)).toBeLessThan(0);
  });
});

describe('cli accessibility', () => {
  const write = (name: string, text: string) => {
    const path = join(work, name);
    writeFileSync(path, text);
    return path;
  };

  it('calcule l’APL à la main : deux communes à 12 minutes, bornes DREES', async () => {
    const demand = write('demand.csv', 'code;population\nA;1000\nB;500\n');
    // One physician at 5,000 acts and one at 1,000 (raised to 3,600 by the DREES floor).
    const supply = write('supply.csv', 'code;activite\nA;5000\nA;1000\n');
    const times = write('times.csv', 'origine;destination;minutes\nA;B;12\nB;A;12\nA;B;30\n');
    const out = join(work, 'apl.csv');
    const result = await cli('accessibility', '--demand', demand, '--supply', supply, '--times', times, '--out', out);
    expect(result.code).toBe(EXIT.ok);
    const rows = readRows(out);
    const ratio = 8600 / (1000 + (2 / 3) * 500);
    expect(Number(rows[0].apl)).toBeCloseTo(ratio, 5);
    expect(Number(rows[1].apl)).toBeCloseTo((2 / 3) * ratio, 5);
    expect(rows.map((r) => r.code)).toEqual(['A', 'B']);
  });

  it('accepte des paliers et « none » pour les bornes', async () => {
    const demand = write('d2.csv', 'population;code\n100;A\n');
    const supply = write('s2.csv', 'code,activite\nA,100\n');
    const times = write('t2.csv', 'origine;destination;minutes\n');
    const out = join(work, 'apl2.csv');
    expect((await cli('accessibility', '--demand', demand, '--supply', supply, '--times', times, '--bounds', 'none', '--decay', '5:0.5', '--out', out)).code).toBe(0);
    // Self-reach at 0 minutes, weight 0.5: R = 100 / (0.5 × 100) = 2, APL = 0.5 × 2.
    expect(readRows(out)[0].apl).toBe('1.00000');
  });

  it('nomme le fichier et la colonne manquante', async () => {
    const demand = write('d3.csv', 'code;habitants\nA;1\n');
    const result = await cli('accessibility', '--demand', demand, '--supply', demand, '--times', demand, '--out', join(work, 'z.csv'));
    expect(result.code).toBe(EXIT.badData);
    expect(result.stderr).toContain('Fichier « d3.csv » : colonne « population » absente');
    expect((await cli('accessibility', '--demand', demand, '--supply', demand, '--times', demand, '--decay', 'vite', '--out', join(work, 'z.csv'))).code).toBe(EXIT.usage);
  });
});

describe('point d’entrée npm run cli', () => {
  it('répond par l’aide sur stdout et une commande inconnue par le code 2', () => {
    const help = execFileSync('npm', ['run', '--silent', 'cli', '--', 'aide'], { encoding: 'utf8' });
    expect(help).toContain('diagnose [--pack <dossier>]');
    const unknown = spawnSync('npm', ['run', '--silent', 'cli', '--', 'inconnue'], { encoding: 'utf8' });
    expect(unknown.status).toBe(2);
    expect(unknown.stdout).toBe('');
  });
});

describe('revue : entrées et messages', () => {
  const write = (name: string, text: string) => {
    const path = join(work, name);
    writeFileSync(path, text);
    return path;
  };

  it('prend en compte un temps explicite d’une commune vers elle-même', async () => {
    const out = join(work, 'self.csv');
    const args = ['--demand', write('sd.csv', 'code;population\nA;100\n'), '--supply', write('ss.csv', 'code;activite\nA;4000\n'), '--times', write('st.csv', 'origine;destination;minutes\nA;A;12\n'), '--out', out];
    expect((await cli('accessibility', ...args)).code).toBe(0);
    // weight 2/3: R = 4000 / (2/3 × 100), APL = 2/3 × R = 40.
    expect(Number(readRows(out)[0].apl)).toBeCloseTo(40, 6);
  });

  it('refuse une valeur négative ou non décimale en donnant la vraie ligne du fichier', async () => {
    const demand = write('neg.csv', 'code;population\n\nA;100\nB;-5\n');
    const result = await cli('accessibility', '--demand', demand, '--supply', write('s0.csv', 'code;activite\n'), '--times', write('t0.csv', 'origine;destination;minutes\n'), '--out', join(work, 'n.csv'));
    expect(result.code).toBe(EXIT.badData);
    expect(result.stderr).toContain('ligne 4, colonne « population » : valeur négative');
    const hex = await cli('accessibility', '--demand', write('hex.csv', 'code;population\nA;0x10\n'), '--supply', write('s1.csv', 'code;activite\n'), '--times', write('t1.csv', 'origine;destination;minutes\n'), '--out', join(work, 'n.csv'));
    expect(hex.stderr).toContain('« 0x10 » n’est pas un nombre');
  });

  it('traduit les erreurs d’options', async () => {
    const result = await cli('diagnose', '--grid');
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toContain('Valeur manquante pour l’option --grid');
    expect(result.stderr).not.toMatch(/argument missing/);
  });

  it('ne fait pas de « 000 » (hors attraction des villes) un territoire', async () => {
    const out = join(work, 'aav.csv');
    expect((await cli('diagnose', '--pack', pack, '--grid', 'AAV2020', '--out', out)).code).toBe(EXIT.ok);
    expect(readRows(out).some((r) => r.code === '000')).toBe(false);
  });
});

describe('cli export', () => {
  const demo = resolve('resources/generated/packs/demo/manifest.json');
  const geometry = resolve('resources/generated/geo/communes.tsgeo');
  const scenarioFile = () => {
    const path = join(work, 'export-install.json');
    writeFileSync(
      path,
      JSON.stringify({
        schemaVersion: 1,
        name: 'Deux généralistes à Stenay',
        levers: [{ kind: 'install', commune: '55502', specialty: 'MG', fte: 2, label: 'Installation', source: 'hypothèse de test' }],
      }),
    );
    return path;
  };
  // Codes are written ="55029" so that Excel keeps leading zeros (issue 13, docs/exports.md): a bare field
  // with quotes inside (relax_quotes), read back as the code.
  const csvRows = (text: string) =>
    (parse(text.replace(/^\uFEFF/, ''), { columns: true, delimiter: ';', relax_quotes: true }) as Record<string, string>[]).map((r): Record<string, string> => ({ ...r, Code: r.Code.replace(/^="(.*)"$/, '$1') }));

  it('écrit un CSV pour Excel : BOM, « ; », virgule décimale, CRLF, ligne Total', async () => {
    const out = join(work, 'export.csv');
    const result = await cli('export', '--pack', pack, '--grid', 'DEP', '--out', out);
    expect(result).toMatchObject({ code: EXIT.ok, stdout: '' });
    const text = readFileSync(out, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('\r\n');
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    const rows = csvRows(text);
    expect(rows.map((r) => r.Libellé)).toEqual(['Meuse', 'Moselle', 'Total des lignes affichées']);
    const meuse = rows[0];
    // The same figures as `diagnose` (population 36600, ecart_etp -18.11, taux_couverture 0.3320), the French way.
    expect(meuse).toMatchObject({ Code: '55', Population: '36600', 'Nb MSP': '1', 'MG — écart (ETP)': '-18,11', 'MG — besoin (actes/an)': '146400,0' });
    expect(meuse['Taux de couverture MG (%)']).toBe('33,20');
    expect(meuse['MG — actes à couvrir (actes/an)']).toBe('97800,0');
    expect(meuse['Taux de déficit MG (%)']).toBe('66,80');
    expect(Object.keys(meuse)).toHaveLength(9 + 9 * 9);
    expect(rows[2].Population).toBe(String(36600 + 6000 * 20));
  });

  it('limite les colonnes à une spécialité et les lignes aux territoires d’un département', async () => {
    const out = join(work, 'export-mg.csv');
    expect((await cli('export', '--pack', pack, '--grid', 'BV2022', '--departement', '55', '--specialite', 'MG', '--out', out)).code).toBe(EXIT.ok);
    const rows = csvRows(readFileSync(out, 'utf8'));
    expect(Object.keys(rows[0]).filter((k) => k.includes('MG'))).toHaveLength(9);
    expect(Object.keys(rows[0]).some((k) => k.includes('Psychiatrie'))).toBe(false);
    // The total of the rows, then the département's own total (issue 12).
    expect(rows.map((r) => r.Code)).toEqual(['55029', '55181', '55502', '55545', '', '']);
    expect(rows.slice(-2).map((r) => r.Libellé)).toEqual(['Total des lignes affichées', 'Meuse (55) — communes du département']);
  });

  it('compare la référence et un scénario (colonnes avant, après, variation)', async () => {
    const out = join(work, 'export-scenario.csv');
    expect((await cli('export', '--pack', pack, '--grid', 'DEP', '--scenario', scenarioFile(), '--out', out)).code).toBe(EXIT.ok);
    const meuse = csvRows(readFileSync(out, 'utf8')).find((r) => r.Code === '55')!;
    expect(meuse['MG — écart avant (ETP)']).toBe('-18,11');
    expect(meuse['MG — variation de l’écart (ETP)']).toBe('2,00');
    expect(meuse['MG — écart après (ETP)']).toBe('-16,11');
  });

  it('écrit un classeur XLSX relu avec des nombres, un en-tête et la feuille Hypothèses', async () => {
    const out = join(work, 'export.xlsx');
    expect((await cli('export', '--pack', pack, '--grid', 'DEP', '--scenario', scenarioFile(), '--out', out)).code).toBe(EXIT.ok);
    const { default: readExcelFile } = await import('read-excel-file/node');
    const sheets = (await readExcelFile(readFileSync(out))) as { sheet: string; data: unknown[][] }[];
    expect(sheets.map((s) => s.sheet)).toEqual(['Diagnostic', 'Comparaison', 'Indicateurs', 'Hypothèses']);
    const [header, meuse, , total] = sheets[0].data;
    expect(header.slice(0, 4)).toEqual(['Code', 'Libellé', 'Population', 'MG — écart (ETP)']);
    expect(meuse[0]).toBe('55');
    expect(meuse[2]).toBe(36600);
    const gapFte = meuse[header.indexOf('MG — écart (ETP)')];
    expect(typeof gapFte).toBe('number');
    expect(gapFte as number).toBeCloseTo(-97800 / 5400, 9);
    expect(total[1]).toBe('Total des lignes affichées');
    const comparison = sheets[1].data;
    expect(comparison[1][comparison[0].indexOf('MG — variation de l’écart (ETP)')] as number).toBeCloseTo(2, 9);
    const assumptions = sheets[3].data.flat().filter((v) => typeof v === 'string').join('\n');
    expect(assumptions).toContain('Paquet de test');
    expect(assumptions).toContain('hypothèse de test');
    expect(assumptions).toContain('Productivité — Médecine générale');
  });

  it.runIf(existsSync(geometry))('écrit un GeoJSON valide avec les indicateurs en propriétés', async () => {
    const out = join(work, 'export.geojson');
    expect((await cli('export', '--pack', pack, '--grid', 'BV2022', '--out', out)).code).toBe(EXIT.ok);
    const collection = JSON.parse(readFileSync(out, 'utf8'));
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features).toHaveLength(5);
    for (const feature of collection.features) {
      expect(feature.type).toBe('Feature');
      expect(['Polygon', 'MultiPolygon']).toContain(feature.geometry.type);
      const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
      for (const ring of polygons.flat()) {
        expect(ring.length).toBeGreaterThanOrEqual(4);
        expect(ring[0]).toEqual(ring[ring.length - 1]);
        for (const [lon, lat] of ring) {
          expect(lon).toBeGreaterThan(4.5);
          expect(lon).toBeLessThan(6.6);
          expect(lat).toBeGreaterThan(48.5);
          expect(lat).toBeLessThan(49.7);
          expect(Math.round(lon * 1e5) / 1e5).toBe(lon);
        }
      }
    }
    const verdun = collection.features.find((f: { id: string }) => f.id === '55545');
    expect(verdun.properties).toMatchObject({ grille: 'BV2022', code: '55545', libelle: 'Verdun', population: 16000, nb_communes: 1 });
    expect(typeof verdun.properties.MG_ecart_etp).toBe('number');
  });

  it.runIf(existsSync(geometry))('écrit un rapport HTML autonome avec ses sections, sans adresse à charger', async () => {
    const out = join(work, 'rapport.html');
    const result = await cli('export', '--pack', pack, '--grid', 'DEP', '--scenario', scenarioFile(), '--out', out);
    expect(result.code).toBe(EXIT.ok);
    const html = readFileSync(out, 'utf8');
    for (const section of ['Provenance des données', 'Carte', 'Tableau de diagnostic', 'Scénario et leviers', 'Comparaison', 'Indicateurs clés', 'Tableau des différences', 'Annexe : provenance des données, paramètres, hypothèses et méthode', 'Formules']) {
      expect(html).toContain(section);
    }
    expect(html).toContain('<svg');
    expect(html).toContain('Installation de 2,00 ETP de médecine générale à Stenay (55502)');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<(script|link|iframe)\b/i);
    expect(html).toMatch(/@media print/);
  });

  it('refuse une extension inconnue, --compare seul et une spécialité inconnue (code 2) sans toucher la sortie', async () => {
    const out = join(work, 'garde.csv');
    writeFileSync(out, 'ancien contenu');
    const pdf = await cli('export', '--pack', pack, '--grid', 'DEP', '--out', join(work, 'x.pdf'));
    expect(pdf.code).toBe(EXIT.usage);
    expect(pdf.stderr).toContain('l’extension de --out doit être .csv, .xlsx, .geojson ou .html');
    expect((await cli('export', '--pack', pack, '--grid', 'DEP', '--compare', scenarioFile(), '--out', out)).code).toBe(EXIT.usage);
    const unknown = await cli('export', '--pack', pack, '--grid', 'DEP', '--specialite', 'ORL', '--out', out);
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.stderr).toContain('Spécialité inconnue « ORL »');
    const missing = await cli('export', '--pack', pack, '--grid', 'DEP', '--departement', '971', '--out', out);
    expect(missing.code).toBe(EXIT.badData);
    expect(missing.stderr).toContain('pas de département « 971 »');
    expect(readFileSync(out, 'utf8')).toBe('ancien contenu');
    expect(existsSync(join(work, 'x.pdf'))).toBe(false);
  });

  it.runIf(existsSync(demo))('sur le paquet de démonstration, les chiffres du CSV sont ceux de diagnose', async () => {
    const out = join(work, 'demo-bv55.csv');
    expect((await cli('export', '--grid', 'BV2022', '--departement', '55', '--out', out)).code).toBe(EXIT.ok);
    const diagnoseOut = join(work, 'demo-bv.csv');
    expect((await cli('diagnose', '--grid', 'BV2022', '--out', diagnoseOut)).code).toBe(EXIT.ok);
    const reference = readRows(diagnoseOut).filter((r) => r.specialite === 'MG');
    const rows = csvRows(readFileSync(out, 'utf8'));
    const verdun = rows.find((r) => r.Code === '55545')!;
    const expected = reference.find((r) => r.code === '55545')!;
    expect(verdun.Libellé).toBe('Verdun');
    expect(verdun.Population).toBe(expected.population);
    expect(verdun['MG — écart (ETP)']).toBe(expected.ecart_etp.replace('.', ','));
    expect(verdun['MG — capacité (actes/an)']).toBe(expected.capacite_actes.replace('.', ','));
    for (const row of rows.filter((r) => r.Code !== '')) {
      const line = reference.find((r) => r.code === row.Code)!;
      expect(row['MG — besoin (actes/an)']).toBe(line.besoin_actes.replace('.', ','));
    }
  });
});
