import { describe, expect, it } from 'vitest';
import { customGridName, fileSlug, scenarioFileName } from './file-names';

describe('noms de fichiers', () => {
  it('fileSlug : mots ASCII en minuscules, coupés à un mot', () => {
    expect(fileSlug('Maison de santé à Stenay')).toBe('maison-de-sante-a-stenay');
    expect(fileSlug('Installation de deux médecins généralistes à Verdun et à Étain', 40)).toBe('installation-de-deux-medecins');
    expect(fileSlug('«»')).toBe('');
  });

  it('customGridName : nom de maillage sans extension ni accent, « perso » si rien ne reste', () => {
    expect(customGridName('CPTS Nord-Meusienne.csv')).toBe('CPTS-Nord-Meusienne');
    expect(customGridName('périmètres_été.txt.gz')).toBe('perimetres_ete');
    expect(customGridName('x'.repeat(50) + '.csv')).toBe('x'.repeat(40));
    expect(customGridName('.csv')).toBe('perso');
    expect(customGridName('«».CSV')).toBe('perso');
  });

  it.each([
    ['Maison de santé à Stenay', 'Maison de santé à Stenay.tsante.json'],
    ['a/b\\c:d*e?f"g<h>i|j', 'a b c d e f g h i j.tsante.json'],
    ['../../.bashrc', 'bashrc.tsante.json'],
    ['x.TSANTE.json', 'x.tsante.json'],
    ['export.JSON', 'export.tsante.json'],
    ['..', 'scénario.tsante.json'],
    ['lpt1', 'scénario lpt1.tsante.json'],
    // Decomposed accents are recomposed (NFC): the same name on every platform.
    ['E\u0301tain', 'Étain.tsante.json'],
  ])('scenarioFileName(%j) → %j', (suggested, expected) => {
    expect(scenarioFileName(suggested)).toBe(expected);
  });
});
