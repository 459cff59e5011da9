// Fixed domain lists of the method (DATA_SPEC §G): the nine specialties and the eight Open DAMIR
// age bands (AGE_BEN_SNDS). Arrays in the engine are laid out [row × SPECIALTY_COUNT + specialty]
// and [commune × BAND_COUNT + band].

export const SPECIALTIES = ['MG', 'PSY', 'GYN', 'OPH', 'CARDIO', 'DERMATO', 'RADIO', 'PEDIA', 'PNEUMO'] as const;
export type Specialty = (typeof SPECIALTIES)[number];
export const SPECIALTY_COUNT = SPECIALTIES.length;

export const SPECIALTY_LABELS: Record<Specialty, string> = {
  MG: 'Médecine générale',
  PSY: 'Psychiatrie',
  GYN: 'Gynécologie',
  OPH: 'Ophtalmologie',
  CARDIO: 'Cardiologie',
  DERMATO: 'Dermatologie',
  RADIO: 'Radiologie',
  PEDIA: 'Pédiatrie',
  PNEUMO: 'Pneumologie',
};

/** Lower bounds of the Open DAMIR age bands: 0–19, 20–29, …, 70–79, 80 and over. */
export const AGE_BANDS = [0, 20, 30, 40, 50, 60, 70, 80] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const BAND_COUNT = AGE_BANDS.length;

/** « 0–19 ans », « 20–29 ans », …, « 80 ans et plus » (screen and reports). */
export function ageBandLabel(band: number): string {
  const next = AGE_BANDS[AGE_BANDS.indexOf(band as AgeBand) + 1];
  return next === undefined ? `${band} ans et plus` : `${band}–${next - 1} ans`;
}

export const specialtyIndex = (id: string): number => (SPECIALTIES as readonly string[]).indexOf(id);
export const bandIndex = (band: number): number => (AGE_BANDS as readonly number[]).indexOf(band);

/**
 * Open DAMIR patient region (BEN_RES_REG) of an INSEE region: the overseas regions (01–06) are grouped
 * as 5, Corsica (94) with Provence-Alpes-Côte d'Azur (93) (DATA_SPEC §A.4; lexique 2024 has no 94).
 */
export const damirRegionOf = (inseeRegion: string): string => {
  if (/^0?[1-6]$/.test(inseeRegion)) return '5';
  if (inseeRegion === '94') return '93';
  return inseeRegion;
};
