import { describe, expect, it } from 'vitest';
import { bigNumber, inDepartement } from './big-number';

describe('le grand nombre de l’atelier', () => {
  it('dit le changement en médecins, différence des deux bouts affichés (−56,2 → −53,9 : 2,3)', () => {
    // Displayed ends −56,2 and −53,9.
    expect(bigNumber(-56.24, -53.86, 'MG', 'Meuse')).toEqual({
      headline: '2,3 médecins généralistes de plus dans la Meuse',
      detail: 'Médecins généralistes : 56,2 manquants avant, 53,9 manquants après (en équivalents temps plein)',
      direction: 'better',
    });
    // The exact change (2,38) would round to 2,4: the displayed ends give 2,3.
    expect(bigNumber(-56.24, -53.86, 'MG', 'Meuse').headline.startsWith('2,3')).toBe(true);
    expect(bigNumber(-56.16, -53.94, 'MG', 'Meuse').headline).toBe('2,3 médecins généralistes de plus dans la Meuse');
  });

  it('accorde au singulier sous 2 et dit « de moins » pour une perte', () => {
    expect(bigNumber(-10, -11.5, 'PSY', 'Meuse')).toMatchObject({ headline: '1,5 psychiatre de moins dans la Meuse', direction: 'worse' });
    expect(bigNumber(-10, -10.02, 'MG', null)).toMatchObject({ headline: 'moins de 0,1 médecin généraliste de moins en France', direction: 'worse' });
    expect(bigNumber(3, 3, 'OPH', 'Vosges')).toMatchObject({ headline: 'Pas de changement pour les ophtalmologues dans les Vosges', direction: 'same' });
    expect(bigNumber(-1, 2, 'MG', 'Nord').detail).toBe('Médecins généralistes : 1,0 manquants avant, 2,0 en plus du besoin après (en équivalents temps plein)');
  });

  it('nomme le département avec le bon article', () => {
    expect(['Meuse', 'Nord', 'Vosges', 'Aisne', 'Hérault', 'Haute-Marne', 'Paris', 'Guadeloupe', 'Bouches-du-Rhône', 'Calvados', 'Yvelines'].map(inDepartement)).toEqual([
      'dans la Meuse',
      'dans le Nord',
      'dans les Vosges',
      'dans l’Aisne',
      'dans l’Hérault',
      'dans la Haute-Marne',
      'à Paris',
      'en Guadeloupe',
      'dans les Bouches-du-Rhône',
      'dans le Calvados',
      'dans les Yvelines',
    ]);
  });
});
