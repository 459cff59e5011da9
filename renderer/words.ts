// Plain French words for what planners write in codes: the doctors of a specialty (« médecins
// généralistes », not « MG »), with French agreement of a count.
import type { Specialty } from '../workers/engine/domain';

/** The doctors of a specialty, singular and plural. */
const DOCTORS: Record<Specialty, [string, string]> = {
  MG: ['médecin généraliste', 'médecins généralistes'],
  PSY: ['psychiatre', 'psychiatres'],
  GYN: ['gynécologue', 'gynécologues'],
  OPH: ['ophtalmologue', 'ophtalmologues'],
  CARDIO: ['cardiologue', 'cardiologues'],
  DERMATO: ['dermatologue', 'dermatologues'],
  RADIO: ['radiologue', 'radiologues'],
  PEDIA: ['pédiatre', 'pédiatres'],
  PNEUMO: ['pneumologue', 'pneumologues'],
};

/** « médecin généraliste » for a count below 2 (French agreement: « 1,5 médecin »), else the plural. */
export const doctorsWord = (specialty: Specialty, count: number): string => DOCTORS[specialty][Math.abs(count) < 2 ? 0 : 1];

/** « médecins généralistes », « psychiatres ». */
export const doctorsPlural = (specialty: Specialty): string => DOCTORS[specialty][1];
