import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { bandMean, DIABETES_ANCHORS, DIABETES_WIDE_BANDS, fitDiabetesCurve, HEART_FAILURE_ANCHORS, NATIONAL_PREVALENCE_PERCENT, nationalPrevalence } from './prevalence-national';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const shared = resolve(process.env.TSANTE_SHARED_DATA ?? join(repoRoot, '..', 'shared', 'data'));
const inseeFile = join(shared, 'population', 'estim-pop-dep-sexe-age5-2023.csv');

describe('courbe nationale de prévalence de la démonstration', () => {
  const { diabete, insuffisance_cardiaque: heart } = NATIONAL_PREVALENCE_PERCENT;

  it('a son pic à 75–79 ans et le niveau publié des 85 ans et plus pour l’insuffisance cardiaque', () => {
    expect(diabete).toHaveLength(20);
    expect(heart).toHaveLength(20);
    expect(diabete.indexOf(Math.max(...diabete))).toBe(15);
    // Heart failure: the 85+ level of Olié et al. 2024 in each band from 85.
    for (const band of [17, 18, 19]) expect(heart[band]).toBe(HEART_FAILURE_ANCHORS[0].percent);
  });

  it('ajuste sur une population quelconque chaque grande tranche publiée × un même facteur', () => {
    // A made-up population: the fit holds whatever the age structure.
    const population = Array.from({ length: 20 }, (_, b) => 4_000_000 - b * 150_000 + (b % 3) * 50_000);
    const { percent, factor } = fitDiabetesCurve(population);
    for (const w of DIABETES_WIDE_BANDS) expect(bandMean(percent, population, w.first, w.last)).toBeCloseTo(DIABETES_ANCHORS[w.anchor].percent * factor, 9);
    expect(nationalPrevalence(percent, population)).toBeCloseTo(0.0661, 12);
    expect(percent[15]).toBeCloseTo(DIABETES_ANCHORS[3].percent * factor, 9);
  });

  it.runIf(existsSync(inseeFile))('donne sur la population INSEE 2023 les moyennes publiées par grande tranche d’âge et les niveaux nationaux', () => {
    const population = new Array<number>(20).fill(0);
    for (const r of parse(readFileSync(inseeFile), { columns: true }) as Record<string, string>[]) {
      if (r.sexe !== 'T') population[Number(r.age_min) / 5] += Number(r.population);
    }
    // The table is the fit on this population, rounded to 0.001 point.
    const fit = fitDiabetesCurve(population);
    fit.percent.forEach((p, b) => expect(diabete[b], `tranche ${b * 5}`).toBeCloseTo(p, 3));
    expect(fit.factor).toBeCloseTo(1.459, 3);
    // Each cited wide band: 0–44 0.4 %, 45–64 5.8 %, 65–74 13.3 %, 75+ 13.4 % (CNAMTS 2007) × 1.459.
    const means = DIABETES_WIDE_BANDS.map((w) => bandMean(diabete, population, w.first, w.last));
    expect(means.map((m) => Math.round(m * 100) / 100)).toEqual([0.58, 8.46, 19.41, 19.56]);
    DIABETES_WIDE_BANDS.forEach((w, i) => expect(means[i] / DIABETES_ANCHORS[w.anchor].percent).toBeCloseTo(fit.factor, 3));
    // Peak: InVS 2012 75–79 (17 %) × the same factor.
    expect(diabete[15] / DIABETES_ANCHORS[3].percent).toBeCloseTo(fit.factor, 3);
    // Not a constraint, a check: the real CNAM 2019 national row for 35–39 is 1.298 % (research note 14 §1).
    expect(Math.abs(diabete[7] - 1.298)).toBeLessThan(0.05);
    expect(nationalPrevalence(diabete, population)).toBeCloseTo(0.0661, 5);
    expect(nationalPrevalence(heart, population)).toBeCloseTo(0.017, 4);
  });
});
