// Finding a commune the way a planner types it: without accents, hyphens or capitals, or by its code.
import { describe, expect, it } from 'vitest';
import { noMatchHint, searchCommunes } from './CommuneSearch';

const index = {
  codes: ['55181', '55463', '55545', '54181', '55502'],
  names: ['Étain', 'Saint-Mihiel', 'Verdun', 'Saint-Étienne-lès-Remiremont', 'Stenay'],
  population: Float64Array.from([3375, 4000, 16890, 3800, 2403]),
};

describe('recherche de commune', () => {
  it('ignore accents, tirets et majuscules', () => {
    expect(searchCommunes(index, 'etain')).toEqual([0]);
    expect(searchCommunes(index, 'saint mihiel')).toEqual([1]);
  });

  it('met d’abord les noms qui commencent par la saisie, les plus peuplés en tête', () => {
    expect(searchCommunes(index, 'saint')).toEqual([1, 3]);
    expect(searchCommunes(index, 'st')).toEqual([4]);
    // Then the names that only contain it.
    expect(searchCommunes(index, 'mihiel')).toEqual([1]);
    expect(searchCommunes(index, 'nay')).toEqual([4]);
  });

  it('trouve un code INSEE exact, et rien sous deux caractères', () => {
    expect(searchCommunes(index, '55545')).toEqual([2]);
    expect(searchCommunes(index, 'v')).toEqual([]);
  });

  it('dit en français qu’aucune commune ne correspond, sans rien dire tant que la saisie est courte', () => {
    expect(noMatchHint(index, 'Verdun')).toBeNull();
    expect(noMatchHint(index, 'v')).toBeNull();
    expect(noMatchHint(index, ' Nancy ')).toBe(
      'Aucune commune ne correspond à « Nancy ». Vérifiez l’orthographe, ou tapez le début du nom ou le code INSEE (5 caractères, 2A/2B en Corse).',
    );
  });
});
