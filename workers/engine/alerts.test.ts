// Alert thresholds: the territory APL is the population-weighted mean of its communes, and a territory
// is flagged, with its reason in French, only below an enabled threshold.
import { describe, expect, it } from 'vitest';
import { alertReasons, alertText, DEFAULT_ALERT_THRESHOLDS, territoryMeanApl, thresholdsFor, thresholdsText, type AlertThresholds } from './alerts';

describe('seuils d’alerte', () => {
  it('calcule l’APL d’un territoire comme la moyenne des communes pondérée par la population', () => {
    // Territory 0: communes 0 (1 000 hab., APL 2) and 1 (3 000 hab., APL 4) → (2 000 + 12 000) / 4 000 = 3,5.
    // Territory 1: commune 2 (APL NaN, left out) and commune 3 (500 hab., APL 1) → 1. Territory 2: no APL → NaN.
    // Commune 4 belongs to no territory.
    const apl = [2, 4, Number.NaN, 1, 9];
    const population = [1000, 3000, 800, 500, 100];
    const grid = { codes: ['A', 'B', 'C'], cellOfCommune: Int32Array.from([0, 0, 1, 1, -1]) };
    const mean = territoryMeanApl(apl, population, grid);
    expect(mean[0]).toBe(3.5);
    expect(mean[1]).toBe(1);
    expect(mean[2]).toBeNaN();
  });

  it('signale la couverture et l’APL sous les seuils par défaut, avec la raison en français', () => {
    expect(DEFAULT_ALERT_THRESHOLDS.coverage).toEqual({ enabled: true, percent: 80 });
    expect(DEFAULT_ALERT_THRESHOLDS.apl).toEqual({ enabled: true, value: 2.5 });
    expect(alertReasons({ coverage: 0.7236, apl: 2.1 }, DEFAULT_ALERT_THRESHOLDS, 'MG')).toEqual(['couverture MG 72,4 % < 80 %', 'APL MG 2,10 < 2,5']);
    // At the threshold: not below it.
    expect(alertText({ coverage: 0.8, apl: 2.5 }, DEFAULT_ALERT_THRESHOLDS, 'MG')).toBe('');
    // Read as displayed: 79,96 % shows « 80,0 % » and 2,496 shows « 2,50 », so neither is « below » (no « 80,0 % < 80 % »)…
    expect(alertText({ coverage: 0.7996, apl: 2.496 }, DEFAULT_ALERT_THRESHOLDS, 'MG')).toBe('');
    // …while 79,94 % shows « 79,9 % » and 2,494 shows « 2,49 »: both flagged.
    expect(alertReasons({ coverage: 0.7994, apl: 2.494 }, DEFAULT_ALERT_THRESHOLDS, 'MG')).toEqual(['couverture MG 79,9 % < 80 %', 'APL MG 2,49 < 2,5']);
    // Missing figures never flag (no need: coverage NaN; APL not computed).
    expect(alertText({ coverage: Number.NaN, apl: Number.NaN }, DEFAULT_ALERT_THRESHOLDS, 'MG')).toBe('');
    expect(alertText({ coverage: 0.5, apl: Number.NaN }, DEFAULT_ALERT_THRESHOLDS, 'OPH')).toBe('couverture ophtalmologie 50,0 % < 80 %');
  });

  it('n’applique pas un seuil désactivé et suit un seuil modifié', () => {
    const thresholds: AlertThresholds = { coverage: { enabled: false, percent: 80 }, apl: { enabled: true, value: 3 } };
    expect(alertReasons({ coverage: 0.2, apl: 2.9 }, thresholds, 'MG')).toEqual(['APL MG 2,90 < 3']);
    expect(thresholdsText(thresholds, 'MG')).toBe('APL MG (moyenne du territoire pondérée par la population) < 3');
    expect(thresholdsText({ coverage: { enabled: true, percent: 90 }, apl: { enabled: false, value: 2.5 } }, 'MG')).toBe('taux de couverture MG < 90 %');
    expect(thresholdsText({ coverage: { enabled: false, percent: 90 }, apl: { enabled: false, value: 2.5 } }, 'MG')).toBe('aucun seuil actif');
  });

  it('le seuil d’APL, celui du zonage des généralistes, ne s’applique qu’à la médecine générale', () => {
    // An ophthalmology APL of a few tenths is not « below 2,5 »: no published threshold for it.
    expect(thresholdsFor(DEFAULT_ALERT_THRESHOLDS, 'OPH').apl.enabled).toBe(false);
    expect(thresholdsFor(DEFAULT_ALERT_THRESHOLDS, 'OPH').coverage).toEqual(DEFAULT_ALERT_THRESHOLDS.coverage);
    expect(thresholdsFor(DEFAULT_ALERT_THRESHOLDS, 'MG')).toBe(DEFAULT_ALERT_THRESHOLDS);
    expect(alertReasons({ coverage: 1, apl: 0.3 }, thresholdsFor(DEFAULT_ALERT_THRESHOLDS, 'OPH'), 'OPH')).toEqual([]);
  });
});
