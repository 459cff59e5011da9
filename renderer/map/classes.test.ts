import { describe, expect, it } from 'vitest';
import { classLabels, classOf, paletteFor, quantileBreaks, roundNice, SEQUENTIAL_PALETTE } from './classes';

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
