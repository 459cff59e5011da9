// Building levers from the editor: the secondary site's two roles are explicit, whatever the order of
// the clicks, and its label names communes, never codes.
import { describe, expect, it } from 'vitest';
import { leverAt, type PendingPick } from './ScenarioPanel';
import { secondarySiteLever, secondarySiteProblem } from './SecondarySiteFields';
import { newLever } from './levers';

const communes = {
  codes: ['55545', '55181', '55029'],
  names: ['Verdun', 'Étain', 'Bar-le-Duc'],
  population: Float64Array.from([16890, 3375, 15000]),
};
const VERDUN = 0, ETAIN = 1;

describe('levier « cabinet secondaire »', () => {
  it('un clic sur la carte remplit le champ visé, sinon le premier vide, sans créer de levier', () => {
    let pending: PendingPick | null = { kind: 'secondarySite', specialty: 'OPH' };
    let step = leverAt(pending, VERDUN, communes, null, 'secondarySite-1');
    expect(step).toEqual({ lever: null, pending: { kind: 'secondarySite', specialty: 'OPH', from: '55545', target: undefined } });
    step = leverAt(step.pending!, ETAIN, communes, null, 'secondarySite-1');
    expect(step.lever).toBeNull();
    expect(step.pending).toMatchObject({ from: '55545', to: '55181' });
    // Aimed at « Médecins de … »: the click replaces the doctors' commune, not the site.
    pending = { ...step.pending!, target: 'from' };
    expect(leverAt(pending, 2, communes, null, 'secondarySite-1').pending).toMatchObject({ from: '55029', to: '55181', target: undefined });
  });

  it('le formulaire construit le levier dans le sens dit, avec spécialité et jours', () => {
    expect(secondarySiteProblem({ specialty: 'OPH' })).toMatch(/^Choisissez la commune où les médecins sont installés/);
    expect(secondarySiteProblem({ specialty: 'OPH', from: '55545' })).toMatch(/^Choisissez la commune du cabinet secondaire/);
    expect(secondarySiteLever({ specialty: 'OPH', from: '55545', to: '55545' }, communes, 'x')).toBeNull();
    expect(secondarySiteLever({ specialty: 'OPH', from: '55545', to: '55181', daysPerWeek: 2 }, communes, 'secondarySite-1')).toEqual({
      kind: 'secondarySite',
      id: 'secondarySite-1',
      label: 'Cabinet secondaire — Verdun → Étain',
      from: '55545',
      to: '55181',
      specialty: 'OPH',
      doctors: 1,
      daysPerWeek: 2,
      source: 'hypothèse de projet',
    });
  });

  it('les libellés nomment les communes', () => {
    expect(newLever('install', 'install-1', { commune: '55029', communeName: 'Bar-le-Duc' }, 'MG').label).toBe('Installation de médecins — Bar-le-Duc');
  });
});
