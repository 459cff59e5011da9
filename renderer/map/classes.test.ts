import { describe, expect, it } from 'vitest';
import { classLabels, classOf, DIVERGING_PALETTE, divergingBreaks, divergingLabels, paletteFor, quantileBreaks, roundNice, SEQUENTIAL_PALETTE } from './classes';

describe('classes de la carte', () => {
  it('arrondit les bornes à deux chiffres significatifs', () => {
    expect(roundNice(12_345)).toBe(12_000);
    expect(roundNice(187)).toBe(190);
    expect(roundNice(0)).toBe(0);
  });

  it('découpe en quantiles croissants et sans doublon', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i + 1) * 10);
    const breaks = quantileBreaks(values);
    expect(breaks).toEqual([2000, 4000, 6000, 8000]);
    expect(quantileBreaks([5, 5, 5, 5])).toEqual([]);
    expect(quantileBreaks([])).toEqual([]);
  });

  it('range une valeur dans sa classe, bornes inférieures incluses', () => {
    expect(classOf(1999, [2000, 4000])).toBe(0);
    expect(classOf(2000, [2000, 4000])).toBe(1);
    expect(classOf(1e9, [2000, 4000])).toBe(2);
  });

  it('écrit des libellés en français avec séparateur de milliers', () => {
    const labels = classLabels([2000, 40_000]);
    expect(labels[0]).toBe('moins de 2\u202f000');
    expect(labels[1]).toBe('de 2\u202f000 à moins de 40\u202f000');
    expect(labels[2]).toBe('40\u202f000 et plus');
  });

  it('étale les couleurs du clair au foncé quel que soit le nombre de classes', () => {
    expect(paletteFor(5)).toEqual(SEQUENTIAL_PALETTE);
    const three = paletteFor(3);
    expect(three[0]).toEqual(SEQUENTIAL_PALETTE[0]);
    expect(three[2]).toEqual(SEQUENTIAL_PALETTE[4]);
  });
});

describe('classes divergentes des écarts', () => {
  it('bornes symétriques autour de zéro, d’après le 90e centile des écarts absolus', () => {
    const values = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? -i : i));
    expect(divergingBreaks(values)).toEqual([-89, -22.25, 0, 22.25, 89]);
    expect(divergingBreaks([])).toEqual([-1, -0.25, 0, 0.25, 1]);
    expect(classOf(-100, divergingBreaks(values))).toBe(0);
    expect(classOf(0, divergingBreaks(values))).toBe(3);
  });

  it('libellés en français : déficit à gauche, excédent à droite', () => {
    const labels = divergingLabels([-8, -2, 0, 2, 8], 'ETP');
    expect(labels[0]).toBe('déficit de plus de 8 ETP');
    expect(labels[2]).toBe('déficit de moins de 2 ETP');
    expect(labels[5]).toBe('excédent de plus de 8 ETP');
    expect(DIVERGING_PALETTE).toHaveLength(labels.length);
  });
});
