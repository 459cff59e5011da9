import { describe, expect, it } from 'vitest';
import { foldAccents, foldForSearch } from './text';

describe('pliage des accents', () => {
  it('retire accents, cédille et tréma, garde la casse et les ligatures', () => {
    expect(foldAccents('Étain-Hôpital, Saint-Rémy, Noël, garçon')).toBe('Etain-Hopital, Saint-Remy, Noel, garcon');
    expect(foldAccents('Libellé cœur ÆON')).toBe('Libelle cœur ÆON');
    // A decomposed input (NFD already, as macOS file names) folds the same way.
    expect(foldAccents('E\u0301tain')).toBe('Etain');
  });

  it('garde les accents isolés qui tiennent lieu d’apostrophe (en-têtes RPPS exportés en ANSI)', () => {
    expect(foldAccents('Code genre d´activité')).toBe('Code genre d´activite');
    expect(foldAccents('l`exercice')).toBe('l`exercice');
  });

  it('pour la recherche : minuscules sans accents', () => {
    expect(foldForSearch('ÉTAIN')).toBe('etain');
    expect(foldForSearch('Bar-le-Duc')).toBe('bar-le-duc');
  });
});
