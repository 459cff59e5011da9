import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { DIABETES_ANCHORS, HEART_FAILURE_ANCHORS, NATIONAL_PREVALENCE_PERCENT, nationalPrevalence } from './prevalence-national';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const shared = resolve(process.env.TSANTE_SHARED_DATA ?? join(repoRoot, '..', 'shared', 'data'));
const inseeFile = join(shared, 'population', 'estim-pop-dep-sexe-age5-2023.csv');

describe('courbe nationale de prévalence de la démonstration', () => {
  const { diabete, insuffisance_cardiaque: heart } = NATIONAL_PREVALENCE_PERCENT;

  it('suit ses points d’appui publiés', () => {
    expect(diabete).toHaveLength(20);
    expect(heart).toHaveLength(20);
    // Diabetes: peak at 75–79 (InVS 2012), the anchors scaled by one factor (× 1.228) to the 2024 level.
    expect(diabete.indexOf(Math.max(...diabete))).toBe(15);
    const factor = diabete[15] / DIABETES_ANCHORS[3].percent;
    expect(factor).toBeCloseTo(1.228, 2);
    // 65–74 anchor (13.3 % at midpoint 70, between bands 65–69 and 70–74).
    expect((diabete[13] + diabete[14]) / 2 / factor).toBeCloseTo(13.3, 0);
    // Heart failure: the 85+ level of Olié et al. 2024 in each band from 85.
    for (const band of [17, 18, 19]) expect(heart[band]).toBe(HEART_FAILURE_ANCHORS[0].percent);
  });

  it.runIf(existsSync(inseeFile))('donne les niveaux nationaux publiés sur la population INSEE 2023', () => {
    const population = new Array<number>(20).fill(0);
    for (const r of parse(readFileSync(inseeFile), { columns: true }) as Record<string, string>[]) {
      if (r.sexe !== 'T') population[Number(r.age_min) / 5] += Number(r.population);
    }
    expect(nationalPrevalence(diabete, population)).toBeCloseTo(0.0661, 4);
    expect(nationalPrevalence(heart, population)).toBeCloseTo(0.017, 4);
  });
});
