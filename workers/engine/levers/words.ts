// French words of the lever sentences, marks and messages: the doctors of a specialty (« médecins
// généralistes », not « MG »), acts with their agreement, percentages; numbers by common/format-fr.ts.
// Pure, so that the engine, the exports and the page say the same (renderer/words.ts re-exports the
// doctors' words).
import { formatDecimal, formatFixed } from '../../../common/format-fr';
import { SPECIALTIES, SPECIALTY_LABELS, type Specialty } from '../domain';

/** « 20 % », « 12,5 % » (a share given as a fraction). */
export const percentText = (share: number): string => `${formatFixed(share * 100, share * 100 === Math.round(share * 100) ? 0 : 1)} %`;

/** « 0 acte par an », « 1 500 actes par an ». */
export const actsText = (value: number): string => `${formatDecimal(Math.round(value))} ${Math.abs(Math.round(value)) >= 2 ? 'actes' : 'acte'} par an`;

/** Whole acts within a bound, without losing one to float noise (215,9999… is 216). */
export const floorActs = (value: number): number => Math.floor(value * (1 + 1e-9));

/** A specialty in a sentence: « ophtalmologie », « médecine générale » (the code itself when unknown). */
export const specialtyName = (s: string): string => SPECIALTY_LABELS[s as Specialty]?.toLowerCase() ?? s;

/** Specialties in a sentence, by index: « en psychiatrie », « la radiologie ». */
export const SPECIALTY_NAMES = SPECIALTIES.map((s) => SPECIALTY_LABELS[s].toLowerCase());

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

