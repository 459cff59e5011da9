// Reference figures of the « laisser-faire » horizon scenario (issue 14 §2): national population
// factors by the engine's age bands (used when the pack has no INSEE Omphale projections) and the age
// distribution of doctors (departures by the horizon). Every figure says where it comes from, or that
// it is an assumption; the sources end up in each lever's `source` field, which the report prints.
import type { AgeBand } from './domain';

/**
 * National population by engine age band relative to 2021 (= 1), France (metropolitan + DOM), at some
 * anchor years; other years are interpolated linearly. Only the totals and the broad trends were
 * checked against INSEE (Insee Première n° 1881, novembre 2021, « 68,1 millions d’habitants en 2070 »,
 * https://www.insee.fr/en/statistiques/6013996 : 67,4 M in 2021, peak 69,3 M in 2044, 68,1 M in 2070;
 * + 5,7 M people aged 75 or over and − 5,0 M under 60 by 2070; 60–74 stable). The factor of each band
 * and year is an order of magnitude consistent with those figures, NOT read from INSEE's tables:
 * labelled « hypothèse » wherever it is used. Import the Omphale projections of the départements
 * (source « projections ») for sourced figures.
 */
export const NATIONAL_POPULATION_FACTORS: {
  baseYear: number;
  years: readonly number[];
  /** Per age band: one factor per entry of `years` (population that year ÷ population in 2021). */
  factors: Record<AgeBand, readonly number[]>;
  source: string;
} = {
  baseYear: 2021,
  years: [2021, 2030, 2040, 2050, 2070],
  factors: {
    0: [1, 0.96, 0.92, 0.9, 0.88],
    20: [1, 1.02, 1, 0.96, 0.9],
    30: [1, 1.01, 0.99, 0.95, 0.9],
    40: [1, 0.99, 0.95, 0.94, 0.9],
    50: [1, 0.96, 0.93, 0.91, 0.91],
    60: [1, 1.01, 0.98, 0.99, 1],
    70: [1, 1.15, 1.19, 1.11, 1.2],
    80: [1, 1.25, 1.68, 1.95, 2.15],
  },
  source:
    'facteurs nationaux par tranche d’âge : hypothèse (ordres de grandeur cohérents avec le scénario central des projections Insee 2021-2070, Insee Première n° 1881, novembre 2021 : 67,4 M d’habitants en 2021, 69,3 M en 2044, 68,1 M en 2070, + 5,7 M de 75 ans ou plus et − 5,0 M de moins de 60 ans en 2070 ; facteurs par tranche non lus dans les tableaux Insee)',
};

/**
 * Age distribution of doctors, all specialties together: the share of doctors in regular activity aged
 * 60 or over on 1 January 2024 is 23 % (CNOM, Atlas de la démographie médicale en France, situation au
 * 1er janvier 2024, tome 1, octobre 2024; summary in the EHESP catalogue,
 * https://documentation.ehesp.fr/index.php?id=341863&lvl=notice_display). No distribution by
 * specialty was found with the research tools: the same distribution is used for every specialty
 * (said in each lever's source). Between ages the share is spread evenly (assumption): 2,3 points per
 * year of age below 70, so that the share aged `a` or over is 2,3 % × (70 − a), 23 % at 60, 0 at 70.
 */
export const DOCTOR_AGE_REFERENCE = {
  /** Year of the distribution (1 January). */
  year: 2024,
  /** Share of doctors aged 60 or over that year. */
  shareAged60Plus: 0.23,
  /** Age above which no doctor is assumed in regular activity (assumption). */
  oldestAge: 70,
  /** Upper bound of the share leaving by a far horizon (assumption: some doctors are always young). */
  maxShare: 0.9,
  source:
    'CNOM, Atlas de la démographie médicale en France, situation au 1er janvier 2024 (octobre 2024) : 23 % des médecins en activité régulière ont 60 ans ou plus ; même répartition pour toutes les spécialités (pas de chiffre par spécialité trouvé) ; âges répartis uniformément entre 60 et 70 ans et au-dessous (hypothèse)',
} as const;

/** Default retirement age (assumption: the full-rate age of the French pension system is 67). */
export const DEFAULT_RETIREMENT_AGE = { value: 67, source: 'âge du taux plein sans condition de durée (67 ans) : hypothèse' } as const;

/**
 * Default share of departures replaced by arrivals (assumption). For an order of magnitude: the CNOM
 * counts + 0,8 % doctors in regular activity in 2023 overall, but − 2 % GPs since 2010 (Atlas 2024).
 */
export const DEFAULT_REPLACEMENT_RATE = { value: 0.5, source: 'part des départs compensée par des arrivées : hypothèse de travail à ajuster' } as const;

/** Horizon years the builder accepts: INSEE projections run to 2070. */
export const HORIZON_YEARS = { min: 2025, max: 2070 } as const;
