// French élision, contractions and plurals, as lever descriptions use them.
import { describe, expect, it } from 'vitest';
import { at, countOf, de, elides, plural } from './french';

describe('petits mots du français', () => {
  it('élide « de » devant une voyelle, accentuée ou non, et un h muet', () => {
    expect(de('ophtalmologie')).toBe('d’ophtalmologie');
    expect(de('Étain')).toBe('d’Étain');
    expect(de('Ancerville')).toBe('d’Ancerville');
    expect(de('habitants')).toBe('d’habitants');
    expect(de('médecine générale')).toBe('de médecine générale');
    expect(de('Verdun (55545)')).toBe('de Verdun (55545)');
    expect(de('Bar-le-Duc')).toBe('de Bar-le-Duc');
    // Aspirated h of place names, and « y » as a consonant.
    expect(de('Han-sur-Meuse')).toBe('de Han-sur-Meuse');
    expect(elides('Yutz')).toBe(false);
  });

  it('contracte l’article des noms de commune', () => {
    expect(de('Les Islettes')).toBe('des Islettes');
    expect(de('Le Bouchon-sur-Saulx')).toBe('du Bouchon-sur-Saulx');
    expect(de('La Chalade')).toBe('de La Chalade');
    expect(at('Les Islettes')).toBe('aux Islettes');
    expect(at('Le Bouchon-sur-Saulx')).toBe('au Bouchon-sur-Saulx');
    expect(at('Étain (55181)')).toBe('à Étain (55181)');
  });

  it('accorde au pluriel à partir de 2', () => {
    expect(countOf(1, 'médecin')).toBe('1 médecin');
    expect(countOf(2, 'médecin')).toBe('2 médecins');
    expect(countOf(1.5, 'jour')).toBe('1,5 jour');
    expect(countOf(0, 'consultation')).toBe('0 consultation');
    expect(countOf(2.25, 'jour')).toBe('2,25 jours');
    expect(countOf(3, 'ETP', 'ETP')).toBe('3 ETP');
    expect(countOf(1234.5, 'acte', undefined, (v) => String(Math.round(v)))).toBe('1235 actes');
    expect(plural(2, 'exerce', 'exercent')).toBe('exercent');
    expect(plural(1, 'exerce', 'exercent')).toBe('exerce');
  });
});
