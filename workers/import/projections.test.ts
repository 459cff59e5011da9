import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../electron/cli/duckdb-node';
import { packFolderReader } from '../../electron/cli/files';
import { REFERENCE_PACK_FOLDER, REFERENCE_TABLES_FOLDER } from '../../electron/cli/packs';
import { PATHOLOGIES_HEADER, pathologiesFile, pathologyLine } from '../../tests/fixtures/pathologies-files';
import { PROJECTION_BANDS, PROJECTION_YEARS, PROJECTION_ZONES, projectedBoth, projectionsCsv, projectionsWorkbook } from '../../tests/fixtures/projections-files';
import { memorySource, textSource } from '../../tests/support/sources';
import type { SqlDatabase } from '../db/sql-database';
import { buildPack } from './pack-builder';
import { importProjectionsFile, scenarioOf } from './projections';

let db: SqlDatabase;
beforeAll(async () => {
  db = await openNodeDatabase({ threads: 1 });
});
afterAll(async () => db.close());

/** The DEP labels of the COG (the pack's `libelles`), a few of them. */
async function departementLabels() {
  await db.run(`CREATE OR REPLACE TABLE libelles AS SELECT * FROM (VALUES ('DEP', '01', 'Ain'), ('DEP', '22', 'Côtes-d''Armor'),
    ('DEP', '55', 'Meuse'), ('DEP', '974', 'La Réunion'), ('DEP', '2A', 'Corse-du-Sud')) t(grille, code, libelle)`);
}

async function storedProjections(scenario: string) {
  const rows = await db.queryColumns(`SELECT dep, age5, annee, population FROM projections_population WHERE scenario = '${scenario}' ORDER BY dep, age5, annee`);
  return Array.from(rows.dep as ArrayLike<string>, (dep, i) => [String(dep), Number(rows.age5[i]), Number(rows.annee[i]), Number(rows.population[i])]);
}

/** What the fixture must give: both sexes summed, one row per département × band × year. */
function expectedProjections() {
  const rows: [string, number, number, number][] = [];
  PROJECTION_ZONES.forEach(([, code], z) => {
    if (!code) return;
    PROJECTION_BANDS.forEach((_, b) => PROJECTION_YEARS.forEach((year) => rows.push([code, [0, 5, 95][b], year, projectedBoth(z, b, year)])));
  });
  return rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2]));
}

function expectClose(actual: (string | number)[][], expected: (string | number)[][]) {
  expect(actual.map((r) => r.slice(0, 3))).toEqual(expected.map((r) => r.slice(0, 3)));
  actual.forEach((row, i) => expect(row[3] as number, row.join(' ')).toBeCloseTo(expected[i][3] as number, 6));
}

describe('projections de population INSEE (Omphale 2022)', () => {
  it('tire le scénario du nom du fichier', () => {
    expect(scenarioOf('donnees_det_Central.xlsx (feuille Population)')).toBe('Central');
    expect(scenarioOf('donnees_detaillees_departementales.zip › donnees_det_Pop_haute.xlsx (feuille Population)')).toBe('Pop_haute');
    expect(scenarioOf('projections.csv')).toBe('projections');
  });

  it('lit la table enregistrée en CSV : deux sexes additionnés, noms de départements reconnus, zones inconnues listées', async () => {
    await departementLabels();
    await db.run('DROP TABLE IF EXISTS projections_population');
    const report = await importProjectionsFile(db, textSource('donnees_det_Central.csv', projectionsCsv()));
    expectClose(await storedProjections('Central'), expectedProjections());
    // Ain, 0-4 in 2030: (1000 + 12 × 1.25) + (1000 + 12 × 1.25 + 10.5) = 2040.5.
    expect((await storedProjections('Central')).find((r) => r[0] === '01' && r[1] === 0 && r[2] === 2030)?.[3]).toBeCloseTo(2040.5, 9);
    expect(report.scenario).toBe('Central');
    expect(report.years).toEqual(PROJECTION_YEARS);
    expect(report.linesRead).toBe(PROJECTION_ZONES.length * 2 * PROJECTION_BANDS.length);
    expect(report.rowsKept).toBe(4 * 2 * 3);
    expect(report.unknownCodes).toBe(6);
    expect(report.notes).toContain('1 zone sans département reconnu, ignorée : « France métropolitaine ».');
    expect(report.notes[0]).toBe(
      'Scénario « Central » (d’après le nom du fichier) : 4 départements, années 2018 à 2070 (3 années), hommes et femmes additionnés, par tranche d’âge de 5 ans (36 lignes dans le paquet). ' +
        'Un nouvel import de ce scénario le remplace ; les autres scénarios du paquet sont gardés.',
    );
  });

  it('refuse une tranche d’âge plus large que 5 ans en nommant la ligne, et un fichier sans les colonnes', async () => {
    await departementLabels();
    const text = projectionsCsv().replace('"[5;10["', '"[5;20["');
    await expect(importProjectionsFile(db, textSource('donnees_det_Central.csv', text))).rejects.toThrow(
      'Fichier « donnees_det_Central.csv » : ligne 3, tranche d’âge (TRAGE) « [5;20[ » illisible ou plus large que 5 ans (attendu [0;5[, [5;10[, …, [95;+[).',
    );
    await expect(importProjectionsFile(db, textSource('donnees_det_Central.csv', projectionsCsv().replace('TRAGE', 'AGE')))).rejects.toThrow(
      'Fichier « donnees_det_Central.csv » : colonne « trage » absente de l’en-tête.',
    );
    await expect(importProjectionsFile(db, textSource('donnees_det_Central.csv', projectionsCsv().replace(/Ain|MEUSE|Côtes-d’Armor|La Réunion/g, 'Atlantide')))).rejects.toThrow(
      'Fichier « donnees_det_Central.csv » : aucun département reconnu dans la colonne ZONE (valeurs lues : Atlantide, France métropolitaine…).',
    );
  });

  it('importe le classeur de l’INSEE (feuille Population, en-tête en ligne 6) dans un paquet, puis un second scénario à côté', async () => {
    const base = packFolderReader(REFERENCE_PACK_FOLDER);
    const reference = packFolderReader(REFERENCE_TABLES_FOLDER);
    const built = await buildPack(db, base, reference, { projections: memorySource('donnees_det_Central.xlsx', await projectionsWorkbook()) }, { id: 'p', label: 'p' });
    expect(built.manifest.tables.projections_population.rows).toBe(36);
    expect(built.manifest.tables.projections_population.label).toBe('Projections de population par département et âge (INSEE, Omphale 2022)');
    expectClose(await storedProjections('Central'), expectedProjections());
    const report = built.reports[0];
    expect(report.kind).toBe('projections');
    expect(report.vintage).toBe('Omphale 2022, scénario Central');
    expect(report.notes[0]).toBe('Classeur « donnees_det_Central.xlsx » : feuille « Population » lue, en-tête en ligne 6, 30 lignes ; feuille ignorée : « Documentation ».');

    // A second scenario on top of that pack: both kept, both files listed among the sources.
    const files = built.files;
    const over = await buildPack(db, async (name) => files.get(name)!, reference, { projections: memorySource('donnees_det_Pop_haute.xlsx', await projectionsWorkbook()) }, { id: 'p', label: 'p' });
    expect(over.manifest.tables.projections_population.rows).toBe(72);
    expect(over.manifest.sources.filter((s) => s.kind === 'projections').map((s) => s.vintage)).toEqual(['Omphale 2022, scénario Central', 'Omphale 2022, scénario Pop_haute']);
  });

  it('le fichier des pathologies seul met à jour un paquet, et dit qu’il lui faut la population par âge', async () => {
    const built = await buildPack(db, packFolderReader(REFERENCE_PACK_FOLDER), packFolderReader(REFERENCE_TABLES_FOLDER), { pathologies: textSource('effectifs.csv', pathologiesFile()) }, { id: 'p', label: 'p' });
    expect(built.manifest.tables.prevalence_pathologies.rows).toBe(10);
    expect(built.reports[0].vintage).toBe('Cartographie des pathologies 2022 : diabète, insuffisance cardiaque');
    expect(built.manifest.sources.at(-1)?.publisher).toBe('CNAM (Cartographie des pathologies et des dépenses)');
    expect(built.manifest.warnings.filter((w) => /^Prévalence des pathologies|^Pathologies/.test(w))).toEqual([
      'Pathologies « effectifs.csv » : 1 cellule département × âge sans valeur (secret statistique sans ligne France ni région, ou sans Npop) laissée de côté. ' +
        'Pour ces tranches de 5 ans, les parcours prennent la prévalence des autres tranches de 5 ans de la même tranche d’âge (0–19, 20–29, …, 70–79, 80 ans et plus) ' +
        'dans le département, pondérées par leur population ; si toute la tranche manque, aucun patient n’y est compté.',
      'Prévalence des pathologies sans population par âge : le nombre de patients par territoire (prévalence × habitants par âge) demande aussi la population INSEE par âge : importez-la (--population) dans ce paquet.',
    ]);
  });

  it('un fichier de diabète seul, importé dans un paquet, y garde l’insuffisance cardiaque', async () => {
    const built = await buildPack(db, packFolderReader(REFERENCE_PACK_FOLDER), packFolderReader(REFERENCE_TABLES_FOLDER), { pathologies: textSource('effectifs.csv', pathologiesFile()) }, { id: 'p', label: 'p' });
    const files = built.files;
    const diabetesOnly = [PATHOLOGIES_HEADER, pathologyLine(2023, 'DIA_CAT_CAT', '70-74', '9', '44', '54', '3300', '20000', '16.5')].join('\n');
    const over = await buildPack(db, async (name) => files.get(name)!, packFolderReader(REFERENCE_TABLES_FOLDER), { pathologies: textSource('diabete.csv', diabetesOnly) }, { id: 'p', label: 'p' });
    expect(over.manifest.tables.prevalence_pathologies.rows).toBe(1 + 2);
    const rows = await db.queryColumns('SELECT pathologie, dep, annee FROM prevalence_pathologies ORDER BY pathologie, dep');
    expect(Array.from(rows.pathologie as ArrayLike<string>, String)).toEqual(['diabete', 'insuffisance_cardiaque', 'insuffisance_cardiaque']);
    expect(Array.from(rows.annee as ArrayLike<number>, Number)).toEqual([2023, 2022, 2022]);
  });
});
