import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInteger } from '../../common/format-fr';
import { openNodeDatabase } from '../../electron/cli/duckdb-node';
import { EXPECTED_PREVALENCE, PATHOLOGIES_HEADER, pathologiesFile, pathologiesLines, pathologyLine, unknownAgeLine } from '../../tests/fixtures/pathologies-files';
import { memorySource, textSource } from '../../tests/support/sources';
import type { SqlDatabase } from '../db/sql-database';
import { importPathologiesFile } from './pathologies';

let db: SqlDatabase;
beforeAll(async () => {
  db = await openNodeDatabase({ threads: 1 });
});
afterAll(async () => db.close());

async function stored() {
  const rows = await db.queryColumns('SELECT pathologie, dep, age5, personnes, population, prevalence, annee, source FROM prevalence_pathologies ORDER BY pathologie, dep, age5');
  return Array.from(rows.dep as ArrayLike<string>, (_, i) => ({
    pathologie: String(rows.pathologie[i]),
    dep: String(rows.dep[i]),
    age5: Number(rows.age5[i]),
    personnes: Number(rows.personnes[i]),
    population: Number(rows.population[i]),
    prevalence: Number(rows.prevalence[i]),
    annee: Number(rows.annee[i]),
    source: String(rows.source[i]),
  }));
}

function expectFixtureStored(rows: Awaited<ReturnType<typeof stored>>, file: string) {
  expect(rows.map((r) => [r.pathologie, r.dep, r.age5])).toEqual(EXPECTED_PREVALENCE.map(([p, d, a]) => [p, d, a]));
  rows.forEach((row, i) => {
    const [, , , personnes, population, prevalence, origin] = EXPECTED_PREVALENCE[i];
    expect(row.personnes, `${row.pathologie} ${row.dep} ${row.age5}`).toBeCloseTo(personnes, 9);
    expect(row.population).toBe(population);
    expect(row.prevalence, `${row.pathologie} ${row.dep} ${row.age5}`).toBeCloseTo(prevalence, 12);
    expect(row.annee).toBe(2022);
    expect(row.source).toBe(
      origin === 'fichier' ? `CNAM, Cartographie des pathologies 2022 (${file})` : origin === 'France' ? 'France entière (secret statistique)' : 'région 44 (secret statistique)',
    );
  });
}

describe('fichier effectifs de la Cartographie des pathologies', () => {
  it('garde diabète et insuffisance cardiaque par département × âge, sans double compte des totaux', async () => {
    const report = await importPathologiesFile(db, textSource('effectifs.csv', pathologiesFile()));
    expectFixtureStored(await stored(), 'effectifs.csv');
    // The département total of Meuse 70-74 is its sexe 9 row (2 000), not 2 000 + 1 200 + 800, nor + the
    // region (5 000) or France rows, nor the tsage row (9 990).
    const meuse = (await stored()).filter((r) => r.dep === '55' && r.pathologie === 'diabete');
    expect(meuse.reduce((a, r) => a + r.personnes, 0)).toBeCloseTo(4.5 + 40 + 70 + 2000 + 121.2, 9);
    expect(report.year).toBe(2022);
    expect(report.linesRead).toBe(pathologiesLines().length);
    expect(report.rowsKept).toBe(EXPECTED_PREVALENCE.length);
    expect(report.secret).toEqual({ france: 2, region: 1, leftOut: 1 });
    expect(report.unknownCodes).toBe(0);
    const notes = report.notes.join('\n');
    expect(notes).toContain('Année 2022 : diabète dans 4 départements, insuffisance cardiaque dans 2 départements (par tranche d’âge de 5 ans, deux sexes ;');
    expect(notes).toContain(
      '1 cellule département × âge sans ligne « tous sexes » (sexe 9) : hommes et femmes réunis, prévalence = Σ (prev × Npop) ÷ Σ Npop (prev fait foi : Ntop et Npop sont arrondis à la dizaine).',
    );
    expect(notes).not.toMatch(/diffèrent de plus de 20 %|Pas de ligne/);
    expect(notes).toContain('Années présentes : 2021, 2022 ; seule la plus récente (2022) est importée.');
    expect(notes).toContain('3 lignes d’autres indicateurs ignorées (seuls DIA_CAT_CAT et MCV_ICA_CAT sont lus) : MCV_AVC_CHR (1), MCV_ICA_AIG (1), POP_TOT_IND (1).');
    expect(notes).toContain('3 cellules département × âge sous secret statistique');
    expect(notes).toContain('5 lignes de totaux (tous âges « tsage », régions et France « dept 999 ») mises à part, jamais additionnées.');
    expect(report.warnings).toEqual([
      'Pathologies « effectifs.csv » : 1 cellule département × âge sans valeur (secret statistique sans ligne France ni région, ou sans Npop) laissée de côté. ' +
        'Pour ces tranches de 5 ans, les parcours prennent la prévalence des autres tranches de 5 ans de la même tranche d’âge (0–19, 20–29, …, 70–79, 80 ans et plus) ' +
        'dans le département, pondérées par leur population ; si toute la tranche manque, aucun patient n’y est compté.',
    ]);
  });

  it('lit le fichier avec BOM, en CRLF, ou avec les noms de colonnes de l’export Opendatasoft', async () => {
    for (const [name, text] of [
      ['effectifs-bom.csv', pathologiesFile({ bom: true })],
      ['effectifs-crlf.csv', pathologiesFile({ crlf: true, bom: true })],
      ['effectifs-ods.csv', pathologiesFile().replace(PATHOLOGIES_HEADER, PATHOLOGIES_HEADER.replace('Ntop', 'ntop').replace('Npop', 'npop').replace('Niveau prioritaire', 'niveau_prioritaire'))],
    ]) {
      await importPathologiesFile(db, textSource(name, text, { block: 7 }));
      expectFixtureStored(await stored(), name);
    }
  });

  it('lit les classes d’âge qu’un tableur a changées en dates, et le dit', async () => {
    const report = await importPathologiesFile(db, textSource('effectifs.csv', pathologiesFile({ mangled: true })));
    expectFixtureStored(await stored(), 'effectifs.csv');
    expect(report.notes.join('\n')).toContain('2 lignes aux classes d’âge transformées en dates par un tableur (« 05-sept. » lu 05-09, « oct.-14 » lu 10-14)');
  });

  it('refuse une classe d’âge inconnue en nommant le fichier, la ligne et la valeur', async () => {
    const line = unknownAgeLine();
    await expect(importPathologiesFile(db, textSource('effectifs.csv', pathologiesFile({ unknownAge: '5-9' })))).rejects.toThrow(
      `Fichier « effectifs.csv » : ligne ${line}, classe d’âge (cla_age_5) « 5-9 » inconnue (attendu 00-04, 05-09, …, 90-94, 95et+ ou tsage). ` +
        'Le fichier a sans doute été ouvert puis réenregistré dans un tableur : téléchargez de nouveau le CSV et importez-le tel quel, sans l’ouvrir ni le réenregistrer.',
    );
    expect(line).toBe(18);
  });

  it('refuse un fichier sans les colonnes attendues, vide, ou qui n’est pas un CSV', async () => {
    const withoutNpop = pathologiesFile().split('\n').map((l) => l.split(';').filter((_, i) => i !== 10).join(';')).join('\n');
    await expect(importPathologiesFile(db, textSource('effectifs.csv', withoutNpop))).rejects.toThrow(
      'Fichier « effectifs.csv » : colonne « Npop » absente de l’en-tête. Vérifiez que le fichier est bien le fichier « effectifs » de la Cartographie des pathologies',
    );
    await expect(importPathologiesFile(db, textSource('effectifs.csv', ''))).rejects.toThrow('Fichier « effectifs.csv » : fichier vide.');
    await expect(importPathologiesFile(db, textSource('effectifs.csv', `${PATHOLOGIES_HEADER}\n`))).rejects.toThrow(
      'Fichier « effectifs.csv » : aucune ligne de données après l’en-tête.',
    );
    await expect(importPathologiesFile(db, memorySource('effectifs.csv', Uint8Array.from({ length: 3000 }, (_, i) => (i * 37) % 256)))).rejects.toThrow(
      'Fichier « effectifs.csv » : fichier binaire, pas un texte CSV.',
    );
    const otherOnly = [PATHOLOGIES_HEADER, ...pathologiesLines().filter((l) => l.includes('POP_TOT_IND'))].join('\n');
    await expect(importPathologiesFile(db, textSource('effectifs.csv', otherOnly))).rejects.toThrow(
      'Fichier « effectifs.csv » : aucune ligne de diabète (top DIA_CAT_CAT) ni d’insuffisance cardiaque (top MCV_ICA_CAT) (codes top lus : POP_TOT_IND). Vérifiez',
    );
    // « … » only when the list is cut (more than 5 codes).
    const sixTops = [PATHOLOGIES_HEADER, ...['A', 'B', 'C', 'D', 'E', 'F'].map((t) => pathologiesLines()[0].replace('POP_TOT_IND', `TOP_${t}`))].join('\n');
    await expect(importPathologiesFile(db, textSource('effectifs.csv', sixTops))).rejects.toThrow('(codes top lus : TOP_A, TOP_B, TOP_C, TOP_D, TOP_E…). Vérifiez');
  });

  it('lit les espaces insécables des milliers (tableur français)', async () => {
    await importPathologiesFile(db, textSource('effectifs.csv', pathologiesFile({ nbsp: true })));
    expectFixtureStored(await stored(), 'effectifs.csv');
  });

  it('refuse un fichier sans ligne par département (totaux France, régions ou tous âges seulement)', async () => {
    const totalsOnly = pathologiesLines().filter((l) => l.split(';')[8] === '999' || l.split(';')[5] === 'tsage');
    expect(totalsOnly.length).toBeGreaterThan(3);
    const france = totalsOnly.filter((l) => l.split(';')[7] === '99');
    for (const lines of [totalsOnly, france]) {
      await expect(importPathologiesFile(db, textSource('effectifs-france.csv', [PATHOLOGIES_HEADER, ...lines].join('\n')))).rejects.toThrow(
        'Fichier « effectifs-france.csv » : aucune ligne par département et classe d’âge pour 2022 : le fichier n’a que des totaux (France ou régions « dept 999 », ou tous âges « tsage »). ' +
          'Téléchargez le fichier « effectifs » complet de la Cartographie des pathologies',
      );
    }
  });

  it('ne remplace que la pathologie que le fichier contient et garde l’autre', async () => {
    await importPathologiesFile(db, textSource('effectifs.csv', pathologiesFile()));
    const before = await stored();
    const diabetesOnly = [PATHOLOGIES_HEADER, pathologyLine(2023, 'DIA_CAT_CAT', '70-74', '9', '44', '54', '3300', '20000', '16.5')].join('\n');
    const report = await importPathologiesFile(db, textSource('diabete-2023.csv', diabetesOnly));
    const after = await stored();
    expect(after.filter((r) => r.pathologie === 'insuffisance_cardiaque')).toEqual(before.filter((r) => r.pathologie === 'insuffisance_cardiaque'));
    expect(after.filter((r) => r.pathologie === 'diabete')).toEqual([
      { pathologie: 'diabete', dep: '54', age5: 70, personnes: 3300, population: 20000, prevalence: 0.165, annee: 2023, source: 'CNAM, Cartographie des pathologies 2023 (diabete-2023.csv)' },
    ]);
    expect(report.rowsKept).toBe(1);
    expect(report.notes).toContain(
      'Pas de ligne « insuffisance cardiaque » (top MCV_ICA_CAT) dans ce fichier : seules les lignes « diabète » du paquet sont remplacées ; ' +
        'celles de « insuffisance cardiaque » déjà dans le paquet sont gardées (2 lignes, année 2022).',
    );
  });

  it('refuse une prévalence hors de 0 à 100 % ou plus de patients que de personnes, en nommant la ligne et la valeur', async () => {
    const lines = pathologiesLines();
    const at = lines.findIndex((l) => l.includes(';70-74;9;44;54;'));
    const withPrev = (prev: string) => [PATHOLOGIES_HEADER, ...lines.map((l, i) => (i === at ? pathologyLine(2022, 'DIA_CAT_CAT', '70-74', '9', '44', '54', '3000', '20000', prev) : l))].join('\n');
    // A spreadsheet that read « . » as a thousands separator: 15.750 → 15750.
    await expect(importPathologiesFile(db, textSource('effectifs.csv', withPrev('1575.0')))).rejects.toThrow(
      `Fichier « effectifs.csv » : ligne ${at + 2}, prev « 1575.0 » hors de 0 à 100 : prev est un pourcentage, écrit avec un point décimal (1.298 pour 1,298 %). ` +
        'Un tableur a sans doute lu le point comme séparateur de milliers (1.298 devenu 1298) : téléchargez de nouveau le CSV et importez-le tel quel, sans l’ouvrir dans un tableur.',
    );
    await expect(importPathologiesFile(db, textSource('effectifs.csv', withPrev('-1')))).rejects.toThrow(`ligne ${at + 2}, prev « -1 » hors de 0 à 100`);
    const overLine = [PATHOLOGIES_HEADER, ...lines.map((l, i) => (i === at ? pathologyLine(2022, 'DIA_CAT_CAT', '70-74', '9', '44', '54', '30000', '20000', '15.0') : l))].join('\n');
    await expect(importPathologiesFile(db, textSource('effectifs.csv', overLine))).rejects.toThrow(
      `Fichier « effectifs.csv » : ligne ${at + 2}, Ntop (${formatInteger(30000)}) supérieur à Npop (${formatInteger(20000)}) : plus de patients que de personnes. ` +
        'Les colonnes ont sans doute été modifiées ou échangées dans un tableur : téléchargez de nouveau le CSV et importez-le tel quel.',
    );
    // prev = 100 and Ntop = Npop are possible (POP_TOT_IND writes them): accepted.
    const full = withPrev('100.0').replace(';3000;20000;100.0;', ';20000;20000;100.0;');
    await expect(importPathologiesFile(db, textSource('effectifs.csv', full))).resolves.toBeDefined();
  });

  it('signale un prev très différent de Ntop ÷ Npop (Ntop ≥ 100) sans le refuser', async () => {
    const lines = pathologiesLines();
    const at = lines.findIndex((l) => l.includes(';70-74;9;44;54;'));
    const text = [PATHOLOGIES_HEADER, ...lines.map((l, i) => (i === at ? pathologyLine(2022, 'DIA_CAT_CAT', '70-74', '9', '44', '54', '3000', '20000', '1.5') : l))].join('\n');
    const report = await importPathologiesFile(db, textSource('effectifs.csv', text));
    expect(report.notes).toContain(
      `1 ligne où prev et Ntop ÷ Npop diffèrent de plus de 20 % (Ntop ≥ 100), par exemple ligne ${at + 2} : prev 1.5 %, Ntop ÷ Npop 15 %. ` +
        'prev est gardée ; vérifiez que le fichier n’a pas été modifié (colonnes décalées, valeurs retouchées).',
    );
    expect((await stored()).find((r) => r.pathologie === 'diabete' && r.dep === '54')!.prevalence).toBeCloseTo(0.015, 12);
  });
});
