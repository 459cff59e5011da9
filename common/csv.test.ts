import { describe, expect, it } from 'vitest';
import { csvField, formatCsv, formatPlainNumber } from './csv';

describe('écriture CSV', () => {
  it('ne met des guillemets que là où il faut', () => {
    expect(csvField("L'Abergement")).toBe("L'Abergement");
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('dit "x"')).toBe('"dit ""x"""');
    expect(csvField('ligne\nsuivante')).toBe('"ligne\nsuivante"');
  });

  it('écrit un champ vide pour une valeur indéfinie', () => {
    expect(formatCsv(['a', 'b'], [[null, undefined], [1, Number.NaN]])).toBe('a;b\n;\n1;\n');
  });

  it('n’écrit jamais de notation exponentielle', () => {
    expect(formatPlainNumber(1e-7)).toBe('0.0000001');
    expect(formatPlainNumber(1.5e21)).not.toMatch(/e/i);
    expect(formatPlainNumber(8.57e304, 1)).toMatch(/^\d{305}$/);
    expect(formatPlainNumber(12.345, 1)).toBe('12.3');
    expect(formatPlainNumber(3)).toBe('3');
  });
});

describe('zéro négatif', () => {
  it('n’écrit pas « -0.0 » pour un très petit nombre négatif arrondi', () => {
    expect(formatPlainNumber(-2.9e-11, 1)).toBe('0.0');
    expect(formatPlainNumber(-0.004, 2)).toBe('0.00');
    expect(formatPlainNumber(-0.05, 1)).toBe('-0.1');
  });
});
