import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../electron/cli/duckdb-node';
import { EXPECTED_PREVALENCE, PATHOLOGIES_HEADER, pathologiesFile, pathologiesLines, unknownAgeLine } from '../../tests/fixtures/pathologies-files';
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
    expect(meuse.reduce((a, r) => a + r.personnes, 0)).toBeCloseTo(4.5 + 40 + 70 + 2000 + 120, 9);
    expect(report.year).toBe(2022);
    expect(report.linesRead).toBe(pathologiesLines().length);
    expect(report.rowsKept).toBe(EXPECTED_PREVALENCE.length);
    expect(report.secret).toEqual({ france: 2, region: 1, leftOut: 1 });
    expect(report.unknownCodes).toBe(0);
    const notes = report.notes.join('\n');
    expect(notes).toContain('Années présentes : 2021, 2022 ; seule la plus récente (2022) est importée.');
    expect(notes).toContain('3 lignes d’autres indicateurs ignorées (seuls DIA_CAT_CAT et MCV_ICA_CAT sont lus) : MCV_AVC_CHR (1), MCV_ICA_AIG (1), POP_TOT_IND (1).');
    expect(notes).toContain('3 cellules département × âge sous secret statistique');
    expect(notes).toContain('5 lignes de totaux (tous âges « tsage », régions et France « dept 999 ») mises à part, jamais additionnées.');
    expect(report.warnings).toEqual([
      'Pathologies « effectifs.csv » : 1 cellule département × âge sans valeur (secret statistique sans ligne France ni région, ou sans Npop) laissée de côté. Le nombre de patients y sera sous-estimé.',
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
      'Fichier « effectifs.csv » : aucune ligne de diabète (top DIA_CAT_CAT) ni d’insuffisance cardiaque (top MCV_ICA_CAT) (codes top lus : POP_TOT_IND…).',
    );
  });
});
