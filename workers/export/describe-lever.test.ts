// Lever sentences in French: élision, contractions, plurals and names, the same on screen and in exports.
import { describe, expect, it } from 'vitest';
import type { Lever } from '../engine/scenario';
import { describeLever, type LeverNamer } from './context';

const NAMES: Record<string, string> = { '55181': 'Étain', '55545': 'Verdun', '55029': 'Bar-le-Duc', '55253': 'Les Islettes', '55502': 'Stenay' };
const namer: LeverNamer = {
  commune: (code) => (NAMES[code] ? `${NAMES[code]} (${code})` : code),
  territory: (grid, code) => (grid === 'BV2022' && NAMES[code] ? `${NAMES[code]} (${code}), bassin de vie 2022` : `${grid} ${code}`),
};
const site = (doctors: number, daysPerWeek: number): Extract<Lever, { kind: 'secondarySite' }> => ({ kind: 'secondarySite', from: '55545', to: '55181', specialty: 'OPH', doctors, daysPerWeek });

describe('description des leviers en français', () => {
  it('cabinet secondaire : élision, pluriels et jours écrits', () => {
    expect(describeLever(site(1, 2), namer)).toBe(
      'Cabinet secondaire : 1 médecin d’ophtalmologie de Verdun (55545) consulte 2 jours par semaine à Étain (55181) (0,40 ETP déplacé).',
    );
    expect(describeLever(site(2, 1), namer)).toBe(
      'Cabinet secondaire : 2 médecins d’ophtalmologie de Verdun (55545) consultent 1 jour par semaine à Étain (55181) (0,40 ETP déplacé).',
    );
    expect(describeLever({ ...site(3, 2.5), from: '55181', to: '55253', specialty: 'MG' }, namer)).toBe(
      // 1,5 is singular in French: plural from 2 on.
      'Cabinet secondaire : 3 médecins de médecine générale d’Étain (55181) consultent 2,5 jours par semaine aux Islettes (55253) (1,50 ETP déplacé).',
    );
  });

  it('installation, maison de santé, départs : « d’ » devant une voyelle', () => {
    expect(describeLever({ kind: 'install', commune: '55181', specialty: 'OPH', fte: 1 }, namer)).toBe('Installation de 1,00 ETP d’ophtalmologie à Étain (55181).');
    expect(describeLever({ kind: 'install', commune: '55502', specialty: 'MG', fte: 2 }, namer)).toBe('Installation de 2,00 ETP de médecine générale à Stenay (55502).');
    expect(describeLever({ kind: 'msp', commune: '55253', extraFte: { MG: 2, OPH: 0.5 }, productivityGain: 0.05 }, namer)).toBe(
      'Maison de santé aux Islettes (55253) : 2,00 ETP de médecine générale, 0,50 ETP d’ophtalmologie, gain de productivité de 5 % des médecins déjà installés.',
    );
    expect(describeLever({ kind: 'departures', grid: 'BV2022', territory: '55029', specialty: 'OPH', share: 0.2 }, namer)).toBe(
      'Départs : 20 % des ETP d’ophtalmologie du territoire Bar-le-Duc (55029), bassin de vie 2022.',
    );
  });

  it('téléconsultation : médecins d’une commune, actes au pluriel, point assisté', () => {
    expect(
      describeLever(
        { kind: 'teleconsultation', grid: 'BV2022', territory: '55029', specialty: 'OPH', acts: 1, provider: { kind: 'commune', commune: '55181' }, assistedSite: '55253' },
        namer,
      ),
    ).toBe(
      'Téléconsultation d’ophtalmologie : 1 acte par an des habitants du territoire Bar-le-Duc (55029), bassin de vie 2022, assurés à distance par les médecins d’Étain (55181) (pris sur leur temps), avec un point de téléconsultation assistée par un infirmier aux Islettes (55253).',
    );
    expect(
      describeLever({ kind: 'teleconsultation', grid: 'BV2022', territory: '55029', specialty: 'PSY', acts: 1200, provider: { kind: 'external', label: 'Plateforme' } }, namer),
    ).toMatch(/^Téléconsultation de psychiatrie : 1\s200 actes par an/);
  });
});
