// The one number a workshop shows, in plain words: « 2,3 médecins généralistes de plus dans la Meuse ».
// It is the change of the gap in FTE (full-time doctors), rounded by the screen's rule
// (renderer/format.ts): the difference of its two ends as displayed, so that « 56,2 → 53,9 manquants »
// reads « 2,3 de plus ». Pure, for unit tests.
import { formatFixed } from '../../common/format-fr';
import type { Specialty } from '../../workers/engine/domain';

import { FTE_DECIMALS, fteChange } from '../format';
import { doctorsPlural, doctorsWord } from '../words';

// Départements named with « le » (the others with « la », « l’ » or « les »); DOM with « à » / « en ».
const MASCULINE = new Set(
  ['Nord', 'Var', 'Gard', 'Cher', 'Doubs', 'Jura', 'Lot', 'Rhône', 'Tarn', 'Gers', 'Loiret', 'Calvados', 'Cantal', 'Finistère', 'Morbihan', 'Vaucluse', 'Pas-de-Calais', 'Puy-de-Dôme', 'Bas-Rhin', 'Haut-Rhin', 'Val-d’Oise', "Val-d'Oise", 'Val-de-Marne', 'Territoire de Belfort', 'Lot-et-Garonne', 'Tarn-et-Garonne', 'Loir-et-Cher', 'Maine-et-Loire'],
);
const WITH_A = new Set(['Paris', 'Mayotte', 'La Réunion']);
const WITH_EN = new Set(['Guadeloupe', 'Martinique', 'Guyane']);

/** « dans la Meuse », « dans le Nord », « dans les Vosges », « dans l’Aisne », « à Paris », « en Guadeloupe ». */
export function inDepartement(name: string): string {
  if (WITH_A.has(name)) return `à ${name}`;
  if (WITH_EN.has(name)) return `en ${name}`;
  if (MASCULINE.has(name)) return `dans le ${name}`;
  // Plural names: the first word ends in s (Vosges, Ardennes, Hautes-Alpes, Bouches-du-Rhône, Deux-Sèvres).
  if (/^[^\s-]+s([\s-]|$)/.test(name) && name !== 'Calvados') return `dans les ${name}`;
  if (/^[AEIOUYÉÈÊÂÎÔH]/i.test(name.normalize('NFC')) && !/^Haut/.test(name)) return `dans l’${name}`;
  return `dans la ${name}`;
}

export interface BigNumber {
  /** « 2,3 médecins généralistes de plus dans la Meuse ». */
  headline: string;
  /** The two ends in plain words: « Médecins généralistes manquants : 56,2 avant, 53,9 après (en équivalents temps plein) ». */
  detail: string;
  direction: 'better' | 'worse' | 'same';
}

/**
 * The headline of a workshop from the gap in FTE before and after (negative: doctors lacking), for the
 * place named (a département's name, or null for all of France).
 */
export function bigNumber(gapBefore: number, gapAfter: number, specialty: Specialty, place: string | null): BigNumber {
  const where = place ? inDepartement(place) : 'en France';
  const exact = gapAfter - gapBefore;
  const ends = (gap: number) => (gap < 0 ? `${formatFixed(-gap, FTE_DECIMALS)} manquants` : gap > 0 ? `${formatFixed(gap, FTE_DECIMALS)} en plus du besoin` : 'aucun manquant');
  const plural = doctorsPlural(specialty);
  const detail = `${plural[0].toUpperCase()}${plural.slice(1)} : ${ends(gapBefore)} avant, ${ends(gapAfter)} après (en équivalents temps plein)`;
  // Below a billionth of an FTE the difference is float noise (sums in another order), not a change.
  if (!(Math.abs(exact) > 1e-9)) return { headline: `Pas de changement pour les ${plural} ${where}`, detail, direction: 'same' };
  const more = exact > 0;
  const shown = Math.abs(fteChange(gapAfter, gapBefore));
  const amount = shown === 0 ? `moins de ${formatFixed(10 ** -FTE_DECIMALS, FTE_DECIMALS)}` : formatFixed(shown, FTE_DECIMALS);
  const noun = doctorsWord(specialty, shown);
  return { headline: `${amount} ${noun} ${more ? 'de plus' : 'de moins'} ${where}`, detail, direction: more ? 'better' : 'worse' };
}
