// Two packs compared on one grid (issue 14 §3): each side is its pack's baseline, territories are joined by
// code, and a territory that only one pack has is listed apart, never counted as zero.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../electron/cli/duckdb-node';
import { openPackFolder } from '../../electron/cli/files';
import { writeHealthPack } from '../../tests/fixtures/health-pack';
import { dashboardTable } from '../engine/dashboard';
import { SPECIALTY_COUNT, specialtyIndex } from '../engine/domain';
import { loadEngineInputs } from './engine-inputs';
import { alignFigures, packComparisonTable, packSources } from './pack-comparison';
import { PlanningSession } from './planning';

/** Pack B: the fixture pack a year later: Stenay has a second GP, and Étain (55181) is gone (merged away). */
function writePackB(): string {
  const folder = writeHealthPack();
  const edit = (name: string, change: (lines: string[]) => string[]) => {
    const path = join(folder, `${name}.csv`);
    writeFileSync(path, change(readFileSync(path, 'utf8').split('\n')).join('\n'));
  };
  for (const table of ['communes', 'appartenance', 'population_age5', 'sites']) edit(table, (lines) => lines.filter((l) => !l.startsWith('55181;')));
  edit('sites', (lines) => lines.map((l) => (l === '55502;MG;seul;0;1' ? '55502;MG;seul;0;2' : l)));
  return folder;
}

async function session(folder: string) {
  const db = await openNodeDatabase();
  const pack = await openPackFolder(db, folder);
  const planning = new PlanningSession(await loadEngineInputs(pack));
  await db.close();
  return planning;
}

const sides = { before: { id: 'a', label: 'Paquet 2023', sources: [] }, after: { id: 'b', label: 'Paquet 2024', sources: [] } };

describe('comparaison de deux paquets', () => {
  it('donne, par département, le diagnostic de chaque paquet de part et d’autre', async () => {
    const [a, b] = await Promise.all([session(writeHealthPack()), session(writePackB())]);
    const table = packComparisonTable(a.baseline(), b.baseline(), 'DEP', sides);
    const mg = specialtyIndex('MG');
    const meuse = table.rows.find((r) => r.code === '55')!;
    const diagA = dashboardTable(a.baseline(), 'DEP', null).rows.find((r) => r.code === '55')!;
    const diagB = dashboardTable(b.baseline(), 'DEP', null).rows.find((r) => r.code === '55')!;
    // Before = pack A's diagnostic, after = pack B's, figure for figure.
    expect(meuse.populationBefore).toBe(diagA.population);
    expect(meuse.populationAfter).toBe(diagB.population);
    // Étain's 180 × 20 inhabitants are gone from the Meuse in pack B.
    expect(meuse.populationBefore - meuse.populationAfter).toBe(3600);
    // −9,8 %: below the 10 % that makes the comparison warn of a partial import.
    expect(table.populationShift).toEqual([]);
    expect(meuse.specialties[mg].needBefore).toBe(diagA.specialties[mg].need);
    expect(meuse.specialties[mg].capacityAfter).toBe(diagB.specialties[mg].capacity);
    expect(meuse.specialties[mg].gapFteBefore).toBe(diagA.specialties[mg].gapFte);
    expect(meuse.specialties[mg].gapFteAfter).toBe(diagB.specialties[mg].gapFte);
    expect(meuse.specialties[mg].deltaGapFte).toBe(diagB.specialties[mg].gapFte - diagA.specialties[mg].gapFte);
    // The Moselle did not change.
    const moselle = table.rows.find((r) => r.code === '57')!;
    expect(moselle.specialties[mg].deltaGapFte).toBe(0);
    expect(table.onlyBefore).toEqual([]);
    expect(table.onlyAfter).toEqual([]);
    expect(table.kpis.territories).toBe(2);
    expect(table.aplSpecialty).toBeNull();
  });

  it('rapproche les territoires par code et liste ceux qu’un seul paquet a', async () => {
    const [a, b] = await Promise.all([session(writeHealthPack()), session(writePackB())]);
    const table = packComparisonTable(a.baseline(), b.baseline(), 'BV2022', sides, '55');
    expect(table.rows.map((r) => r.code).sort()).toEqual(['55029', '55502', '55545']);
    expect(table.onlyBefore).toEqual([{ code: '55181', label: expect.any(String), population: 3600 }]);
    expect(table.onlyAfter).toEqual([]);
    // Totals cover the joined rows only: Étain's bassin is not counted as zero on the other side.
    expect(table.total.populationBefore).toBe(table.total.populationAfter);
    // Stenay: one more GP in pack B.
    const stenay = table.rows.find((r) => r.code === '55502')!;
    const mg = specialtyIndex('MG');
    expect(stenay.specialties[mg].capacityAfter).toBeCloseTo(2 * stenay.specialties[mg].capacityBefore, 6);
    // `territory` is the index in pack B's grid (the map's order).
    expect(b.territoryCodes('BV2022')[stenay.territory]).toBe('55502');
    expect(table.departementTotal!.populationBefore - table.departementTotal!.populationAfter).toBe(3600);
  });

  it('met à part un territoire sans habitants dans l’un des paquets (import partiel)', async () => {
    // Pack B knows Étain but has no inhabitant there (its population table lacks the commune).
    const folder = writeHealthPack();
    for (const table of ['population_age5']) {
      const path = join(folder, `${table}.csv`);
      writeFileSync(path, readFileSync(path, 'utf8').split('\n').filter((l) => !l.startsWith('55181;')).join('\n'));
    }
    const communes = join(folder, 'communes.csv');
    writeFileSync(communes, readFileSync(communes, 'utf8').replace(/^55181;(.*);3600;/m, '55181;$1;0;'));
    const [a, b] = await Promise.all([session(writeHealthPack()), session(folder)]);
    const table = packComparisonTable(a.baseline(), b.baseline(), 'BV2022', sides, '55');
    expect(table.rows.map((r) => r.code)).not.toContain('55181');
    expect(table.onlyBefore.map((t) => [t.code, t.population])).toEqual([['55181', 3600]]);
  });

  it('signale un territoire dont la population change de plus de 10 % (import partiel ?)', async () => {
    // Pack B also lacks Stenay's inhabitants: the Meuse goes from 36 600 to 30 000 (−18 %).
    const folder = writePackB();
    const path = join(folder, 'population_age5.csv');
    writeFileSync(path, readFileSync(path, 'utf8').split('\n').filter((l) => !l.startsWith('55502;')).join('\n'));
    const [a, b] = await Promise.all([session(writeHealthPack()), session(folder)]);
    const table = packComparisonTable(a.baseline(), b.baseline(), 'DEP', sides);
    expect(table.populationShift).toEqual([{ code: '55', label: 'Meuse', population: 30000, populationBefore: 36600 }]);
    expect(table.rows.some((r) => r.code === '55')).toBe(true);
  });

  it('refuse un maillage qu’un paquet n’a pas, en français', async () => {
    const a = await session(writeHealthPack());
    expect(() => packComparisonTable(a.baseline(), a.baseline(), 'PERSO:secteurs', sides)).toThrow(/Le paquet « Paquet 2023 » n’a pas le maillage « PERSO:secteurs »/);
  });

  it('place les chiffres du paquet A sur l’ordre des territoires du paquet B, sans valeur pour un territoire absent', () => {
    const k = SPECIALTY_COUNT;
    const source = { need: new Float64Array(2 * k).fill(1), capacity: new Float64Array(2 * k).fill(2), gapFte: new Float64Array(2 * k) };
    source.need[k] = 5; // territory « Y », first specialty
    const aligned = alignFigures(source, ['X', 'Y'], ['Y', 'Z', 'X']);
    expect(aligned.need[0]).toBe(5);
    expect(aligned.need[k]).toBeNaN();
    expect(aligned.need[2 * k]).toBe(1);
    expect(aligned.capacity[2 * k]).toBe(2);
  });

  it('résume les sources et millésimes d’un paquet', () => {
    const sources = packSources({
      cog: 2025,
      sources: [
        { file: 'A202402.csv.gz', vintage: 'flux 202402', publisher: 'CNAM (Open DAMIR)', bytes: 0, sha256: '' },
        { file: 'A202403.csv.gz', vintage: 'flux 202403', publisher: 'CNAM (Open DAMIR)', bytes: 0, sha256: '' },
        { file: 'A202404.csv.gz', vintage: 'flux 202404', publisher: 'CNAM (Open DAMIR)', bytes: 0, sha256: '' },
        { file: 'A202405.csv.gz', vintage: 'flux 202405', publisher: 'CNAM (Open DAMIR)', bytes: 0, sha256: '' },
        { file: 'rpps.txt', vintage: 'extraction RPPS', publisher: 'ANS (Annuaire Santé, RPPS)', bytes: 0, sha256: '' },
      ],
    });
    expect(sources).toEqual(['Communes : COG 2025', 'CNAM (Open DAMIR) : flux 202402 à flux 202405', 'ANS (Annuaire Santé, RPPS) : extraction RPPS']);
  });
});
