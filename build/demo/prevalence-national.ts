// The demo pack's prevalence of treated diabetes and heart failure by 5-year age band, both sexes: one
// national curve, applied to every département (an estimate, not the CNAM file; docs/demo-estimation.md).
// Published anchors (research note 14 §2, [V] primary / [S] secondary as read there), then bands between
// them interpolated — a hypothèse — and the whole curve scaled so that the national prevalence on the
// INSEE 2023 population by age (population/estim-pop-dep-sexe-age5-2023.csv) is the published one.

/** One published figure the curve is built on. */
export interface PrevalenceAnchor {
  /** Age band(s) it covers, as published. */
  ages: string;
  /** Percent of the population of those ages. */
  percent: number;
  citation: string;
}

/**
 * Diabetes treated with drugs, all types (the CNAM « Cartographie » definition, top DIA_CAT_CAT). The broad
 * bands give the shape, the 75–79 peak its top, the 2024 national rate its level.
 */
export const DIABETES_ANCHORS: readonly PrevalenceAnchor[] = [
  { ages: '0–44 ans', percent: 0.4, citation: 'CNAMTS (Kusnik-Joinville), prévalence du diabète traité 2007 par grande tranche d’âge [S]' },
  { ages: '45–64 ans', percent: 5.8, citation: 'même source' },
  { ages: '65–74 ans', percent: 13.3, citation: 'même source' },
  { ages: '75–79 ans', percent: 17, citation: 'InVS, « Prévalence et incidence du diabète » (2015, données 2012) : pic à 75–79 ans, 20 % des hommes et 14 % des femmes [S] ; moyenne des deux sexes (hypothèse)' },
  { ages: '75 ans et plus', percent: 13.4, citation: 'CNAMTS 2007 (comme ci-dessus), placé au milieu des 85–89 ans (hypothèse : baisse après le pic)' },
  { ages: 'tous âges', percent: 6.61, citation: 'CNAM, Cartographie des pathologies 2024, DIA_CAT_CAT : 4 471 940 / 67 612 360 [S] ; niveau de la courbe' },
];

/** Heart failure (Olié et al., ESC Heart Failure 2024, data 2022: treated or hospitalised, whole population). */
export const HEART_FAILURE_ANCHORS: readonly PrevalenceAnchor[] = [
  {
    ages: '85 ans et plus',
    percent: 18.67,
    citation:
      'Olié et al., ESC Heart Failure 2024 (données 2022) : 21,1 % des hommes et 17,5 % des femmes de 85 ans et plus [S], pondérés par les effectifs INSEE 2023 des 85 ans et plus (745 576 hommes, 1 543 822 femmes)',
  },
  { ages: 'tous âges', percent: 1.7, citation: 'Olié et al. 2024 : 1,7 % de la population en 2022 (1 117 894 personnes) [S] ; niveau de la courbe' },
];

/**
 * Percent of each 5-year band (0–4, …, 90–94, 95+), both sexes.
 * Diabetes: linear between the anchors placed at band midpoints (22.5, 55, 70, 77.5, 87.5), from 0 at
 * birth to the first, flat after the last; × 1.228 so that the INSEE 2023 population gives 6.61 %.
 * Heart failure: 18.67 % from 85 years; below, halved every 6.5 years (exp(−0.10726 × (87.5 − midpoint)),
 * the rate that gives 1.7 % on the INSEE 2023 population) — the shape is a hypothèse, only the 85+ level
 * and the national level are published.
 */
export const NATIONAL_PREVALENCE_PERCENT: Record<'diabete' | 'insuffisance_cardiaque', readonly number[]> = {
  diabete: [0.05, 0.16, 0.27, 0.38, 0.49, 1.51, 2.53, 3.55, 4.57, 5.59, 6.61, 8.66, 11.73, 14.8, 17.85, 20.88, 18.67, 16.46, 16.46, 16.46],
  insuffisance_cardiaque: [0.002, 0.004, 0.006, 0.01, 0.018, 0.03, 0.051, 0.088, 0.15, 0.256, 0.437, 0.748, 1.278, 2.186, 3.737, 6.388, 10.922, 18.67, 18.67, 18.67],
};

export type DemoPathology = keyof typeof NATIONAL_PREVALENCE_PERCENT;

/** Year written in the demo table: that of the population the curve is calibrated on (INSEE 2023). */
export const DEMO_PREVALENCE_YEAR = 2023;

/** The `source` column of every demo row. */
export const DEMO_PREVALENCE_SOURCE =
  'estimation de démonstration : prévalence nationale par âge (diabète : CNAMTS 2007, InVS 2012, CNAM Cartographie 2024 6,61 % ; ' +
  'insuffisance cardiaque : Olié et al., ESC Heart Failure 2024, 1,7 % et 85 ans et plus 21,1 % H / 17,5 % F), même courbe dans chaque département ; ' +
  'tranches intermédiaires interpolées (hypothèse)';

/** National prevalence (fraction) of a curve on a population by 5-year band. */
export function nationalPrevalence(percent: readonly number[], population: readonly number[]): number {
  const total = population.reduce((a, b) => a + b, 0);
  return population.reduce((a, p, band) => a + (p * percent[band]) / 100, 0) / total;
}
