// Accent folding, the one rule for comparing what people type or what a file's header says with what
// we expect (« etain » finds « Étain », « Libellé » matches « LIBELLE »). Pure ECMAScript.

/**
 * The text without its accents and other diacritics (canonical decomposition, NFD, then every
 * Unicode Diacritic removed): « Étain-Hôpital » → « Etain-Hopital ». Case is kept; « œ » and « æ »
 * are letters, not accented letters, and are kept too.
 */
export const foldAccents = (text: string): string => text.normalize('NFD').replace(/\p{Diacritic}/gu, '');

/** Lower case without accents, for matching what a user types (« etain » finds « Étain »). */
export const foldForSearch = (text: string): string => foldAccents(text).toLowerCase();
