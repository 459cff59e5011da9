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

/** Largest share of a specialty's need that teleconsultation may serve (clinical suitability). */
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
