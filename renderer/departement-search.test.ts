import { describe, expect, it } from 'vitest';
import { resolveDepartement } from './departement-search';

const DEPARTEMENTS = [
  { code: '05', label: 'Hautes-Alpes' },
  { code: '22', label: 'Côtes-d’Armor' },
  { code: '2A', label: 'Corse-du-Sud' },
  { code: '51', label: 'Marne' },
  { code: '52', label: 'Haute-Marne' },
  { code: '54', label: 'Meurthe-et-Moselle' },
  { code: '55', label: 'Meuse' },
  { code: '57', label: 'Moselle' },
];

describe('champ département : un numéro ou un nom', () => {
  it('trouve la Meuse par son nom, sans tenir compte des accents ni de la casse', () => {
    expect(resolveDepartement('Meuse', DEPARTEMENTS)).toEqual({ code: '55', label: 'Meuse' });
    expect(resolveDepartement('  meuse ', DEPARTEMENTS)).toEqual({ code: '55', label: 'Meuse' });
    expect(resolveDepartement('cotes d armor', DEPARTEMENTS)).toEqual({ code: '22', label: 'Côtes-d’Armor' });
    expect(resolveDepartement('corse du sud', DEPARTEMENTS)).toMatchObject({ code: '2A' });
  });

  it('accepte un numéro, 2a en minuscules, et le vide pour la France entière', () => {
    expect(resolveDepartement('55', DEPARTEMENTS)).toEqual({ code: '55', label: 'Meuse' });
    expect(resolveDepartement('2a', DEPARTEMENTS)).toMatchObject({ code: '2A' });
    expect(resolveDepartement('', DEPARTEMENTS)).toEqual({ code: '', label: null });
    // Names not loaded yet: a well-formed code is taken as typed.
    expect(resolveDepartement('55', [])).toEqual({ code: '55', label: null });
  });

  it('un nom exact l’emporte sur un nom qui le contient (Marne, pas Haute-Marne)', () => {
    expect(resolveDepartement('marne', DEPARTEMENTS)).toMatchObject({ code: '51' });
    expect(resolveDepartement('haute marne', DEPARTEMENTS)).toMatchObject({ code: '52' });
    expect(resolveDepartement('Mos', DEPARTEMENTS)).toMatchObject({ code: '57' });
  });

  it('donne une indication quand rien ou plusieurs départements correspondent', () => {
    expect(resolveDepartement('Meu', DEPARTEMENTS)).toEqual({
      code: null,
      hint: 'Plusieurs départements correspondent à « Meu » : Meurthe-et-Moselle (54), Meuse (55). Précisez le nom ou tapez le numéro.',
    });
    expect(resolveDepartement('Bretagne', DEPARTEMENTS)).toEqual({ code: null, hint: 'Aucun département ne correspond à « Bretagne » : tapez un numéro (55) ou un nom (Meuse).' });
    expect(resolveDepartement('99', DEPARTEMENTS)).toMatchObject({ code: null });
    // One digit is a code being typed, not the Hautes-Alpes.
    expect(resolveDepartement('5', DEPARTEMENTS)).toMatchObject({ code: null, hint: expect.stringContaining('deux chiffres') });
  });
});
