// Accent folding, the one rule for comparing what people type or what a file's header says with what
// we expect (« etain » finds « Étain », « Libellé » matches « LIBELLE »). Pure ECMAScript.

/**
 * The text without its accents (canonical decomposition, NFD, then the combining marks removed):
 * « Étain-Hôpital » → « Etain-Hopital ». Case is kept; « œ » and « æ » are letters and are kept; so
 * are spacing accents such as « ´ » or « ` », which some exports write for an apostrophe
 * (« d´activité » → « d´activite »: the header readers then treat it as the apostrophe it stands for).
 */
export const foldAccents = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '');

/** Lower case without accents, for matching what a user types (« etain » finds « Étain »). */
export const foldForSearch = (text: string): string => foldAccents(text).toLowerCase();
