// Small words of French that depend on the next word or on a count: « de » or « d’ » (élision), « à » or
// « au », singular or plural. Pure ECMAScript (no platform import) so that the engine's exports and the
// page phrase levers the same way.
import { formatDecimal } from './format-fr';

/** A vowel (accented or not, œ, æ) opens the word. « y » is left out: « de Yutz ». */
const VOWEL = /^[aeiouàâäéèêëîïôöùûüœæ]/i;

/**
 * Common nouns opening with a mute h, which take the élision (« d’habitants », « d’hôpital »). Place names
 * are never in the list: in Lorraine their h is aspirated (« de Han-sur-Meuse », « de Hattonchâtel »).
 */
const MUTE_H = /^h(abitant|ôpita|eure|omme|ébergement|ématolog|épato)/i;

/** True when « de », « que », « le » … lose their vowel before `word` (Grevisse, § 44). */
export function elides(word: string): boolean {
  const text = word.trimStart();
  return VOWEL.test(text) || MUTE_H.test(text);
}

/**
 * « de » joined to a word or name, with élision and the article contracted: « d’ophtalmologie »,
 * « d’Étain », « de Verdun », « du Bouchon-sur-Saulx » (Le), « des Islettes » (Les), « de La Chalade ».
 */
export function de(word: string): string {
  const text = word.trimStart();
  if (/^Le /.test(text)) return `du ${text.slice(3)}`;
  if (/^Les /.test(text)) return `des ${text.slice(4)}`;
  if (/^L[’']/.test(text)) return `de ${text}`;
  return elides(text) ? `d’${text}` : `de ${text}`;
}

/** « à » joined to a place name, the article contracted: « à Étain », « au Bouchon-sur-Saulx », « aux Islettes ». */
export function at(name: string): string {
  const text = name.trimStart();
  if (/^Le /.test(text)) return `au ${text.slice(3)}`;
  if (/^Les /.test(text)) return `aux ${text.slice(4)}`;
  return `à ${text}`;
}

/**
 * The singular or the plural form for a count. French rule: plural from 2 on (« 1,5 médecin »,
 * « 0 médecin », « 2 médecins »); `pluralForm` defaults to the singular plus « s ».
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return Math.abs(count) >= 2 ? pluralForm : singular;
}

/**
 * A count with its noun: « 1 médecin », « 2 médecins », « 1 consultation », « 0,5 jour ». `format` writes
 * the number (fr-FR, up to two decimals by default), so callers keep their own rounding.
 */
export function countOf(count: number, singular: string, pluralForm?: string, format: (value: number) => string = (v) => formatDecimal(v, 2)): string {
  return `${format(count)} ${plural(count, singular, pluralForm)}`;
}
