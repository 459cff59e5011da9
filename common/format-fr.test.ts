import { describe, expect, it } from 'vitest';
import { displayedDifference, formatDate, formatDateTime, formatDecimal, formatFixed, formatInteger, formatPercent, NO_VALUE, parseFrenchNumber, roundForDisplay } from './format-fr';

const NNBSP = '\u202f';

describe('nombres à la française', () => {
  it('sépare les milliers par une espace fine insécable et met une virgule décimale', () => {
    expect(formatInteger(36600)).toBe(`36${NNBSP}600`);
    expect(formatInteger(1234567.5)).toBe(`1${NNBSP}234${NNBSP}568`);
    expect(formatDecimal(12345.678)).toBe(`12${NNBSP}345,68`);
    expect(formatDecimal(1.5)).toBe('1,5');
    expect(formatDecimal(0.123456, 3)).toBe('0,123');
    expect(formatFixed(146400, 1)).toBe(`146${NNBSP}400,0`);
  });

  it('écrit le signe moins de Intl (trait d’union), jamais « -0 », et + pour un écart positif si demandé', () => {
    expect(formatFixed(-56.24, 1)).toBe('-56,2');
    expect(formatFixed(-0.25, 1, true)).toBe('-0,3');
    expect(formatFixed(2.3, 1, true)).toBe('+2,3');
    expect(formatFixed(-0.04, 1, true)).toBe('0,0');
    expect(formatDecimal(-1234.5)).toBe(`-1${NNBSP}234,5`);
    expect(roundForDisplay(-0.04, 1)).toBe(0);
    expect(Object.is(roundForDisplay(-0.04, 1), -0)).toBe(false);
  });

  it('n’écrit jamais d’exposant', () => {
    expect(formatInteger(1e21)).toBe(['1', '000', '000', '000', '000', '000', '000', '000'].join(NNBSP));
    expect(formatDecimal(1e-7)).toBe('0');
    expect(formatFixed(1e-7, 2)).toBe('0,00');
    expect(formatFixed(1.5e22, 0)).not.toMatch(/e/i);
  });

  it('pourcentages : une part, espace insécable avant %', () => {
    expect(formatPercent(0.0512)).toBe('5,1\u00a0%');
    expect(formatPercent(0.893, 2)).toBe('89,3\u00a0%');
    expect(formatPercent(1)).toBe('100\u00a0%');
  });

  it('« — » pour une valeur absente', () => {
    for (const f of [formatInteger, formatDecimal, formatPercent, (v: number) => formatFixed(v, 1)]) {
      expect(f(Number.NaN)).toBe(NO_VALUE);
      expect(f(Number.POSITIVE_INFINITY)).toBe(NO_VALUE);
    }
  });

  it('arrondit une fois, moitiés loin de zéro ; la variation affichée est la différence des deux bouts affichés', () => {
    expect(roundForDisplay(2.25, 1)).toBe(2.3);
    expect(roundForDisplay(-2.25, 1)).toBe(-2.3);
    // −56,24 → −53,86: the screen says −56,2 → −53,9, a change of 2,3 (not 2,4 = 2,38 rounded).
    expect(displayedDifference(-53.86, -56.24, 1)).toBe(2.3);
    expect(displayedDifference(1.04, 1.01, 1)).toBe(0);
    expect(displayedDifference(Number.NaN, 1, 1)).toBeNaN();
  });

  it('dates : le jour « jj/mm/aaaa », le moment à l’heure de Paris en toutes lettres', () => {
    expect(formatDate(new Date(2026, 10, 30, 12))).toBe('30/11/2026');
    expect(formatDate('pas une date')).toBe(NO_VALUE);
    // 08:30 UTC in April is 10:30 in Paris (summer time); 23:30 UTC on 31 December is already 1 January there.
    expect(formatDateTime('2025-04-02T08:30:00.000Z')).toBe('2 avril 2025 à 10:30');
    expect(formatDateTime('2025-12-31T23:30:00.000Z')).toBe('1 janvier 2026 à 00:30');
    expect(formatDateTime('inconnue')).toBe('inconnue');
  });
});

describe('parseFrenchNumber', () => {
  it('lit un nombre écrit à la française, et ce que l’écran écrit', () => {
    expect(parseFrenchNumber('1,5')).toBe(1.5);
    expect(parseFrenchNumber(' 0.25 ')).toBe(0.25);
    expect(parseFrenchNumber(formatFixed(-12345.6, 1))).toBe(-12345.6);
    expect(parseFrenchNumber('−2,5')).toBe(-2.5);
    expect(parseFrenchNumber('+2,4')).toBe(2.4);
    expect(parseFrenchNumber('12\u00a0345')).toBe(12345);
    expect(parseFrenchNumber(',5')).toBe(0.5);
  });

  it('refuse ce qui n’est pas un nombre décimal simple (NaN)', () => {
    for (const text of ['', ' ', '9O', '1e3', '0x10', 'Infinity', '1,5,2', '1.234,5', NO_VALUE, '5 %', '--1']) {
      expect(parseFrenchNumber(text), text).toBeNaN();
    }
  });
});
