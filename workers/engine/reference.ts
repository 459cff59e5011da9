// Reference values used when the pack or the scenario does not give them. Every value names its
// source, or is labelled "hypothèse non sourcée" (DATA_SPEC §D.4, §E). Versioned with the engine.
import type { Specialty } from './domain';

export const REFERENCE_VERSION = 1;

export const UNSOURCED = 'hypothèse non sourcée';

export interface Sourced<T> {
  value: T;
  source: string;
}

/**
 * Acts per FTE per year when the pack cannot derive productivity from Open DAMIR and RPPS together.
 * GP: 5,400 consultations per FTE (ARS Bourgogne-Franche-Comté, 2018). Others: assumptions.
 */
export const DEFAULT_PRODUCTIVITY: Record<Specialty, Sourced<number>> = {
  MG: { value: 5400, source: 'ARS Bourgogne-Franche-Comté, note APL 2018 (1 ETP de MG ≈ 5 400 consultations par an)' },
  PSY: { value: 2500, source: UNSOURCED },
  GYN: { value: 4000, source: UNSOURCED },
  OPH: { value: 5500, source: UNSOURCED },
  CARDIO: { value: 4000, source: UNSOURCED },
  DERMATO: { value: 4500, source: UNSOURCED },
  RADIO: { value: 9000, source: UNSOURCED },
  PEDIA: { value: 4500, source: UNSOURCED },
  PNEUMO: { value: 3500, source: UNSOURCED },
};

/**
 * Share of the doctors counted by the pack (RPPS) who are active, i.e. billed acts during the year, per
 * specialty: used only with the productivity basis « medecinActif » (acts per active doctor, the choice
 * of the planners' Meuse dashboard; see docs/reconciliation-meuse.md). Neither Open DAMIR (no doctor
 * identifier) nor the RPPS (no volume of activity) tells who is active, so the pack cannot derive it.
 * GP: the only figure at hand, measured in the Meuse; other specialties: unknown, every doctor counted.
 */
export const DEFAULT_ACTIVE_SHARE: Record<Specialty, Sourced<number>> = {
  MG: {
    value: 125 / 140,
    source:
      'tableau de bord Geo Santé / E-Meuse Santé des planificateurs de la Meuse : 125 médecins généralistes actifs pour 140 inscrits (part mesurée en Meuse, appliquée partout faute de part nationale)',
  },
  PSY: { value: 1, source: `part d’actifs inconnue, tous les médecins comptés actifs (${UNSOURCED})` },
  GYN: { value: 1, source: `part d’actifs inconnue, tous les médecins comptés actifs (${UNSOURCED})` },
  OPH: { value: 1, source: `part d’actifs inconnue, tous les médecins comptés actifs (${UNSOURCED})` },
  CARDIO: { value: 1, source: `part d’actifs inconnue, tous les médecins comptés actifs (${UNSOURCED})` },
  DERMATO: { value: 1, source: `part d’actifs inconnue, tous les médecins comptés actifs (${UNSOURCED})` },
  RADIO: { value: 1, source: `part d’actifs inconnue, tous les médecins comptés actifs (${UNSOURCED})` },
  PEDIA: { value: 1, source: `part d’actifs inconnue, tous les médecins comptés actifs (${UNSOURCED})` },
  PNEUMO: { value: 1, source: `part d’actifs inconnue, tous les médecins comptés actifs (${UNSOURCED})` },
};

/** Plausible range of an active share (inclusive): below half, the count of doctors itself is doubtful. */
export const ACTIVE_SHARE_RANGE = { min: 0.5, max: 1, unit: '' } as const;

/** APL catchment (minutes of road) per specialty. GP: DREES 20 minutes. */
export const DEFAULT_CATCHMENT_MINUTES: Record<Specialty, Sourced<number>> = {
  MG: { value: 20, source: 'DREES, méthode APL (pondération nulle au-delà de 20 minutes)' },
  PSY: { value: 45, source: UNSOURCED },
  GYN: { value: 45, source: UNSOURCED },
  OPH: { value: 45, source: UNSOURCED },
  CARDIO: { value: 45, source: UNSOURCED },
  DERMATO: { value: 45, source: UNSOURCED },
  RADIO: { value: 45, source: UNSOURCED },
  PEDIA: { value: 30, source: UNSOURCED },
  PNEUMO: { value: 45, source: UNSOURCED },
};

/**
 * Largest share of a specialty's need (of the residents of a commune) that teleconsultation may serve:
 * clinical suitability. No published figure gives it; observed use is far below (DREES study of GP
 * teleconsultation in 2020–2021, published 2022: 3,7 % of libéral GPs' activity in 2021, 5,7 % in
 * 2020). These are working assumptions; a scenario may set its own (`teleconsultableShare`).
 */
export const TELECONSULTABLE_MAX: Record<Specialty, Sourced<number>> = {
  MG: { value: 0.15, source: UNSOURCED },
  PSY: { value: 0.5, source: UNSOURCED },
  GYN: { value: 0.1, source: UNSOURCED },
  OPH: { value: 0.1, source: UNSOURCED },
  CARDIO: { value: 0.2, source: UNSOURCED },
  DERMATO: { value: 0.3, source: UNSOURCED },
  RADIO: { value: 0, source: 'imagerie : acte technique, non téléconsultable' },
  PEDIA: { value: 0.15, source: UNSOURCED },
  PNEUMO: { value: 0.2, source: UNSOURCED },
};

/**
 * Largest share of a doctor's yearly activity that may be teleconsultation: the provider side of a
 * teleconsultation transfer. A regulatory bound for doctors under the national convention.
 */
export const PROVIDER_TELECONSULTATION_MAX: Sourced<number> = {
  value: 0.2,
  source:
    'convention médicale, avenant 9 (arrêté du 22 septembre 2021), repris par la convention de 2024 : téléconsultations et téléexpertises au plus 20 % du volume d’activité annuel d’un médecin',
};

/**
 * Plausible ranges of scenario values (inclusive), checked when a scenario is read or a lever applied,
 * so that no absurd value (1e308 FTE, a factor of 1e300) reaches a table, a map or an export. They are
 * bounds of plausibility, not norms: generous enough for any real project in one commune or territory.
 */
export const PLAUSIBLE = {
  /** FTE installed or added in one commune by one lever. */
  fte: { min: 0, max: 100, unit: 'ETP' },
  /** Doctors of a commune consulting in a secondary site. */
  doctors: { min: 0, max: 50, unit: 'médecins' },
  daysPerWeek: { min: 0, max: 5, unit: 'jours par semaine' },
  share: { min: 0, max: 1, unit: '' },
  /** Productivity gain of an MSP's installed doctors. */
  productivityGain: { min: 0, max: 0.5, unit: '' },
  /** Population factor of an age band (×0 … ×10: an age band may vanish, or grow with a new district). */
  populationFactor: { min: 0, max: 10, unit: '' },
  /** Acts per year moved by one teleconsultation lever (a regional platform: a few hundred thousand). */
  teleActs: { min: 0, max: 2_000_000, unit: 'actes par an' },
  /** Acts per FTE per year (GPs ≈ 4 500–5 500; technical specialties more). */
  productivity: { min: 100, max: 50_000, unit: 'actes par ETP et par an' },
  catchmentMinutes: { min: 1, max: 180, unit: 'minutes' },
  speedKmh: { min: 5, max: 130, unit: 'km/h' },
  detourFactor: { min: 1, max: 3, unit: '' },
} as const;

/** DREES APL step decay: < 10 min → 1, 10–15 → 2/3, 15–20 → 1/3, ≥ 20 → 0 (DATA_SPEC §D.4). */
export const DREES_DECAY: Sourced<DecayStep[]> = {
  value: [
    { below: 10, weight: 1 },
    { below: 15, weight: 2 / 3 },
    { below: 20, weight: 1 / 3 },
  ],
  source: 'DREES, classeur APL médecins généralistes 2022-2023, onglet Paramètres',
};

/** DREES activity bounds: < 250 → 0; 250–3,600 → 3,600; > 6,000 → 6,000 (DATA_SPEC §D.4). */
export const DREES_BOUNDS: Sourced<ActivityBounds> = {
  value: { zeroBelow: 250, floor: 3600, cap: 6000 },
  source: 'DREES, classeur APL médecins généralistes 2022-2023 ; DGOS, FAQ zonage médecins 2018',
};

/** Travel time estimate from centroid distances when no time matrix was imported. */
export const DEFAULT_SPEED_KMH: Sourced<number> = { value: 60, source: UNSOURCED };
export const DEFAULT_DETOUR_FACTOR: Sourced<number> = { value: 1.3, source: UNSOURCED };

/** GP APL thresholds of the zonage médecins (DGOS 2017 method). */
export const APL_THRESHOLDS = { zip: 2.5, vivier: 4 } as const;

export interface DecayStep {
  /** Weight applies when time < below (minutes); steps sorted by `below`. */
  below: number;
  weight: number;
}

export interface ActivityBounds {
  zeroBelow: number;
  floor: number;
  cap: number;
}
