// The worker's planning session: figures as the engine computes them, scenarios validated before use,
// differences against the baseline or another scenario, and the territory detail of the pack.
import { describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../electron/cli/duckdb-node';
import { openPackFolder } from '../../electron/cli/files';
import { writeHealthPack } from '../../tests/fixtures/health-pack';
import { SPECIALTY_COUNT } from '../engine/domain';
import { gapOf } from '../engine/model';
import { loadEngineInputs } from './engine-inputs';
import { PlanningSession } from './planning';

const packFolder = writeHealthPack();

async function open() {
  const db = await openNodeDatabase();
  const pack = await openPackFolder(db, packFolder);
  return { db, pack, session: new PlanningSession(await loadEngineInputs(pack)) };
}

const msp = (enabled = true) => ({
  schemaVersion: 2,
  name: 'MSP',
  description: '',
  parameters: {},
  levers: [{ id: 'msp-1', kind: 'msp', commune: '55502', extraFte: { MG: 2 }, productivityGain: 0.05, enabled }],
});

describe('session de calcul du worker', () => {
  it('donne les écarts du moteur (gapOf) pour chaque territoire et spécialité', async () => {
    const { db, session } = await open();
    const result = session.indicators('DEP', null, null);
    const base = session.baseline().territories.get('DEP')!;
    expect(result.problems).toEqual([]);
    expect(result.deltaGapFte).toBeNull();
    for (let k = 0; k < base.need.length; k++) {
      expect(result.shown.gapFte[k]).toBe(gapOf(base.need[k], base.capacity[k], session.baseline().params.productivity[k % SPECIALTY_COUNT]).ecartEtp);
    }
    await db.close();
  });

  it('calcule la différence d’un scénario, et rien quand son levier est désactivé', async () => {
    const { db, session } = await open();
    const on = session.indicators('DEP', msp(true), null, true);
    const meuse = session.territoryCodes('DEP').indexOf('55') * SPECIALTY_COUNT;
    expect(on.deltaGapFte![meuse]).toBeGreaterThan(1.9);
    expect(on.reference!.gapFte[meuse]).toBe(session.indicators('DEP', null, null).shown.gapFte[meuse]);
    const off = session.indicators('DEP', msp(false), null);
    expect(Array.from(off.deltaGapFte!).every((d) => d === 0)).toBe(true);
    // A against B: the MSP scenario against itself changes nothing.
    expect(Array.from(session.indicators('DEP', msp(true), msp(true)).deltaGapFte!).every((d) => d === 0)).toBe(true);
    await db.close();
  });

  it('refuse un scénario invalide sans rien appliquer, avec un message français', async () => {
    const { db, session } = await open();
    const invalid = { ...msp(), levers: [{ id: 'x', kind: 'install', commune: '99999', specialty: 'MG', fte: 1 }] };
    const result = session.indicators('DEP', invalid, null);
    expect(result.problems.join(' ')).toMatch(/commune inconnue « 99999 »/);
    expect(result.deltaGapFte).toBeNull();
    expect(Array.from(result.shown.gapFte)).toEqual(Array.from(session.indicators('DEP', null, null).shown.gapFte));
    await db.close();
  });

  it('donne le tableau des planificateurs filtré par département et la comparaison', async () => {
    const { db, session } = await open();
    const table = session.dashboard('DEP', null, '55');
    expect(table.rows.map((r) => r.code)).toEqual(['55']);
    const comparison = session.comparison('DEP', msp(), null, '55', null);
    expect(comparison.kpis.deltaGapFte[0]).toBeGreaterThan(1.9);
    await db.close();
  });

  it('détaille un territoire : âges et médecins par commune', async () => {
    const { db, pack } = await open();
    const detail = await pack.territoryDetail('DEP', '55');
    expect(detail.ageGroups.length).toBeGreaterThan(0);
    expect(detail.ageGroups.every((g) => g.population >= 0)).toBe(true);
    expect(detail.doctors.some((d) => d.commune === '55545' && d.principal > 0)).toBe(true);
    await db.close();
  });
});
