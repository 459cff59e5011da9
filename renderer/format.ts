// Number formatting for everything a user reads: fr-FR (narrow no-break space between thousands).
const integerFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const compactFormat = new Intl.NumberFormat('fr-FR', { notation: 'compact', maximumFractionDigits: 1 });

export const formatInteger = (value: number): string => integerFormat.format(value);
export const formatCompact = (value: number): string => compactFormat.format(value);

/** Parses a number displayed by formatInteger (tests read numbers back from the page). */
export const parseFrenchInteger = (text: string): number => Number(text.replace(/[\s\u00a0\u202f]/g, ''));
