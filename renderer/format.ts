// Number formatting for everything a user reads: fr-FR (narrow no-break space between thousands).
const integerFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const fteFormat = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });

export const formatInteger = (value: number): string => integerFormat.format(value);
/** FTE with one decimal and an explicit sign (−30,4 is a deficit, +2,0 a surplus). */
export const formatFte = (value: number): string => (Number.isFinite(value) ? fteFormat.format(value) : '—');

/** Parses a number displayed in fr-FR (tests read numbers back from the page). */
export const parseFrenchInteger = (text: string): number => Number(text.replace(/[\s\u00a0\u202f]/g, ''));
export const parseFrenchNumber = (text: string): number => Number(text.replace(/[\s\u00a0\u202f+]/g, '').replace('−', '-').replace(',', '.'));

const decimalFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const percentFormat = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });
/** A plain decimal (up to two digits): 1,5 ; 0,25. */
export const formatDecimal = (value: number): string => (Number.isFinite(value) ? decimalFormat.format(value) : '—');
/** A share as a percentage: 0.05 → « 5 % ». */
export const formatPercent = (value: number): string => (Number.isFinite(value) ? percentFormat.format(value) : '—');

/** Lower case without accents, for matching what a user types (« etain » finds « Étain »). */
export const foldText = (text: string): string => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
