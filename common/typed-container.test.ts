import { describe, expect, it } from 'vitest';
import { ContainerFormatError, decodeContainer, encodeContainer } from './typed-container';

describe('conteneur binaire de tableaux typés', () => {
  const document = {
    name: 'Meuse',
    codes: ['55545', '55502'],
    population: Float64Array.of(16890.5, Number.NaN, -0, 1e300),
    nested: [{ cells: Int32Array.of(-1, 0, 7) }, { flags: Uint8Array.of(1, 0, 1) }],
    counts: Uint16Array.of(3, 65535),
    absent: undefined,
  };

  it('rend le même document, tableaux typés compris (NaN, −0, grands nombres)', () => {
    const decoded = decodeContainer('essai', encodeContainer('essai', document)) as typeof document;
    expect(decoded.name).toBe('Meuse');
    expect(decoded.codes).toEqual(['55545', '55502']);
    expect(decoded.population).toBeInstanceOf(Float64Array);
    expect(Array.from(decoded.population)).toEqual([16890.5, Number.NaN, -0, 1e300]);
    expect(Object.is(decoded.population[2], -0)).toBe(true);
    expect(Array.from(decoded.nested[0].cells!)).toEqual([-1, 0, 7]);
    expect(Array.from(decoded.nested[1].flags!)).toEqual([1, 0, 1]);
    expect(Array.from(decoded.counts)).toEqual([3, 65535]);
    expect('absent' in decoded).toBe(false);
  });

  it('donne les mêmes octets pour le même document, et se lit depuis un tampon non aligné', () => {
    const bytes = encodeContainer('essai', document);
    expect(encodeContainer('essai', document)).toEqual(bytes);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const decoded = decodeContainer('essai', shifted.subarray(3)) as typeof document;
    expect(Array.from(decoded.nested[0].cells!)).toEqual([-1, 0, 7]);
  });

  it('refuse un autre contenu, des octets quelconques et un fichier tronqué', () => {
    const bytes = encodeContainer('essai', document);
    expect(() => decodeContainer('autre', bytes)).toThrow(ContainerFormatError);
    expect(() => decodeContainer('essai', new TextEncoder().encode('code_commune;population\n'))).toThrow(ContainerFormatError);
    expect(() => decodeContainer('essai', bytes.subarray(0, bytes.length - 16))).toThrow(/tronqu/);
  });
});
