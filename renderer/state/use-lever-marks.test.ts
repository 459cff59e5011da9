import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../workers/engine/scenario';
import { drawnLevers, leverGridIdsOf, MANY_LEVERS } from './use-lever-marks';

const scenario = (levers: unknown[]): Scenario => ({ schemaVersion: 3, name: 'Essai', description: '', parameters: {}, levers: levers as Scenario['levers'] });

describe('maillages à charger pour dessiner les leviers', () => {
  it('ceux des départs et des téléconsultations (territoire patient et territoire offreur), sans COM ni DEP, triés et uniques', () => {
    const ids = leverGridIdsOf(
      scenario([
        { kind: 'teleconsultation', grid: 'BV2022', territory: '55502', specialty: 'PSY', acts: 1000, provider: { kind: 'commune', commune: '54395' } },
        { kind: 'teleconsultation', grid: 'EPCI', territory: '200066', specialty: 'PSY', share: 0.2, provider: { kind: 'territory', grid: 'AAV2020', code: '054' } },
        { kind: 'departures', grid: 'DEP', territory: '55', specialty: 'MG', doctors: 2 },
        { kind: 'departures', grid: 'BV2022', territory: '55545', specialty: 'MG', doctors: 1 },
        { kind: 'msp', commune: '55545', specialty: 'MG', fte: 2 },
      ]),
    );
    expect(ids).toBe('AAV2020,BV2022,EPCI');
    expect(leverGridIdsOf(null)).toBe('');
    expect(leverGridIdsOf(scenario([{ kind: 'departures', grid: 'COM', territory: '55545', specialty: 'MG', doctors: 1 }]))).toBe('');
  });
});

describe('leviers dessinés sur la carte', () => {
  it('tous, sauf dans un scénario de nombreux leviers (laisser-faire) : ceux de la spécialité affichée et ceux sans spécialité', () => {
    const few = [{ kind: 'install', specialty: 'OPH' }, { kind: 'msp' }];
    expect(drawnLevers(few, 'MG')).toEqual(few);
    const many = [{ kind: 'populationChange' }, ...Array.from({ length: MANY_LEVERS }, (_, i) => ({ kind: 'departures', specialty: i % 2 ? 'MG' : 'PSY' }))];
    const drawn = drawnLevers(many, 'MG');
    expect(drawn).toHaveLength(1 + MANY_LEVERS / 2);
    expect(drawn.every((l) => !('specialty' in l) || l.specialty === 'MG')).toBe(true);
    expect(drawnLevers(many)).toBe(many);
  });
});
