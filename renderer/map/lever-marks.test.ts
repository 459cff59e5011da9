import { describe, expect, it } from 'vitest';
import type { Lever } from '../../workers/engine/scenario';
import { leverMarks } from './lever-marks';

const places = {
  commune: (code: string): [number, number] | null => ({ '54395': [6.18, 48.69], '55502': [5.19, 49.47], '55545': [5.38, 49.16] } as Record<string, [number, number]>)[code] ?? null,
  territory: (grid: string, code: string): [number, number] | null => (grid === 'BV2022' && code === '55502' ? [5.2, 49.45] : null),
};

describe('leviers dessinés sur la carte', () => {
  it('une téléconsultation part des médecins prestataires vers les patients (le point assisté s’il existe)', () => {
    const tele: Lever = { id: 't', kind: 'teleconsultation', grid: 'BV2022', territory: '55502', specialty: 'PSY', acts: 1500, provider: { kind: 'commune', commune: '54395' } };
    expect(leverMarks([tele], places)).toEqual([{ id: 't', at: [6.18, 48.69], to: [5.2, 49.45], text: 'Téléconsultation (psychiatres)', enabled: true }]);
    expect(leverMarks([{ ...tele, assistedSite: '55502' }], places)[0]).toMatchObject({ to: [5.19, 49.47], text: 'Téléconsultation assistée (psychiatres)' });
    // An external provider has no place: a symbol where the patients are, saying so.
    expect(leverMarks([{ ...tele, provider: { kind: 'external', label: 'Plateforme' }, enabled: false }], places)).toEqual([
      { id: 't', at: [5.2, 49.45], text: 'Téléconsultation (psychiatres), offre extérieure', enabled: false },
    ]);
  });

  it('empile les libellés des leviers qui partent du même endroit', () => {
    const tele: Lever = { id: 'a', kind: 'teleconsultation', grid: 'BV2022', territory: '55502', specialty: 'PSY', acts: 1000, provider: { kind: 'commune', commune: '54395' } };
    const marks = leverMarks([tele, { ...tele, id: 'b', assistedSite: '55502' }], places);
    expect(marks.map((m) => m.labelRank ?? 0)).toEqual([0, 1]);
  });

  it('dessine installations, MSP, cabinets secondaires et départs ; ignore ce qui ne peut être placé', () => {
    const levers: Lever[] = [
      { id: 'i', kind: 'install', commune: '55545', specialty: 'MG', fte: 1.5 },
      { id: 'm', kind: 'msp', commune: '55502', extraFte: { MG: 2 } },
      { id: 's', kind: 'secondarySite', from: '55545', to: '55502', specialty: 'OPH', doctors: 1, daysPerWeek: 2 },
      { id: 'd', kind: 'departures', grid: 'BV2022', territory: '55502', specialty: 'MG', share: 0.25 },
      { id: 'x', kind: 'install', commune: '99999', specialty: 'MG', fte: 1 },
      { id: 'p', kind: 'populationChange', grid: 'BV2022', territory: '55502', factorByAgeBand: { '80': 1.2 } },
    ];
    expect(leverMarks(levers, places).map((m) => [m.id, m.text, m.to ?? null])).toEqual([
      ['i', '1,5 médecin généraliste en plus', null],
      ['m', 'Maison de santé', null],
      ['s', 'ophtalmologue, 2 j. par semaine', [5.19, 49.47]],
      ['d', 'départs : 25 % des médecins généralistes', null],
    ]);
  });
});
