// What a user types in the département field: a code (« 55 », « 2a », « 05 ») or a name (« Meuse »,
// « cotes d armor »), accent- and case-insensitive. Pure, so that the page only shows the outcome.
import { foldText } from './format';
import { isDepartementCode } from './view-state';

export interface DepartementName {
  code: string;
  label: string;
}

export type DepartementMatch =
  /** code '' means all of France (empty field). */
  | { code: string; label: string | null }
  | { code: null; hint: string };

/** Folded, with hyphens, apostrophes and repeated spaces as one space: « Côtes-d’Armor » → « cotes d armor ». */
const key = (text: string) => foldText(text).replace(/[-'’\s]+/g, ' ').trim();

/**
 * The département meant by `input`, among `departements` (code and name of each, e.g. the DEP grid's
 * territories). Exact code, then exact name, then a unique name starting with the input, then a unique
 * name containing it. Otherwise a hint in French saying what to type.
 */
export function resolveDepartement(input: string, departements: readonly DepartementName[]): DepartementMatch {
  const text = input.trim();
  if (text === '') return { code: '', label: null };
  const code = text.toUpperCase();
  // One digit is a code being typed (« 5 » before « 55 »), not Hautes-Alpes: wait for the second.
  if (/^\d$/.test(code)) return { code: null, hint: `Numéro incomplet : tapez deux chiffres (05, 55…).` };
  const byCode = departements.find((d) => d.code === code);
  if (byCode) return { code: byCode.code, label: byCode.label };
  // A well-formed code not in the list (a pack without names yet): taken as typed.
  if (isDepartementCode(code) && departements.length === 0) return { code, label: null };
  const wanted = key(text);
  const exact = departements.filter((d) => key(d.label) === wanted);
  if (exact.length === 1) return { code: exact[0].code, label: exact[0].label };
  for (const matches of [departements.filter((d) => key(d.label).startsWith(wanted)), departements.filter((d) => key(d.label).includes(wanted))]) {
    if (matches.length === 1) return { code: matches[0].code, label: matches[0].label };
    if (matches.length > 1) {
      const shown = matches.slice(0, 4).map((d) => `${d.label} (${d.code})`).join(', ');
      return { code: null, hint: `Plusieurs départements correspondent à « ${text} » : ${shown}${matches.length > 4 ? '…' : ''}. Précisez le nom ou tapez le numéro.` };
    }
  }
  return { code: null, hint: `Aucun département ne correspond à « ${text} » : tapez un numéro (55) ou un nom (Meuse).` };
}
