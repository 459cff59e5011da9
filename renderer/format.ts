// Number formatting of the page: fr-FR (narrow no-break space between thousands), built on the shared
// rules of common/format-fr.ts.
//
// One rounding rule for the same quantity everywhere on a screen (issue 12, point 3):
// - Every number is rounded ONCE, from the engine's full-precision value, by roundForDisplay
//   (common/format-fr.ts, shared with the table columns and the report): halves away from zero,
//   never « −0,0 ». FTE always with one decimal (FTE_DECIMALS), acts and inhabitants as integers.
// - A total is computed on full precision, then rounded: it may differ from the sum of the rounded
//   rows by a few tenths (the rows are not rounded before being added).
// - A change shown beside its two ends (« −56,2 → −53,9, amélioration de 2,3 ETP », and the
//   « variation » column beside « écart avant » and « écart après ») is the difference of the two ends
//   AS DISPLAYED (displayedDifference), so the line checks by subtraction; it can differ from the
//   exact change rounded by one tenth. Files (CSV, XLSX, GeoJSON) keep full precision.
import { foldForSearch } from '../common/text';
import { displayedDifference, formatDecimal as formatUpTo, formatFixed, formatInteger, formatPercent as formatShare, roundForDisplay } from '../common/format-fr';

// The formatting rules live in common/format-fr.ts (shared with the exporters, the engine and the CLI).
export { displayedDifference, formatInteger, roundForDisplay };

/** Decimals of every FTE figure on screen. */
export const FTE_DECIMALS = 1;

/** FTE with one decimal and an explicit sign (−30,4 is a deficit, +2,0 a surplus); « — » when not finite. */
export const formatFte = (value: number): string => formatFixed(value, FTE_DECIMALS, true);
/** The change between two FTE figures as displayed: « +2,3 » for −56,2 → −53,9 (see above). */
export const fteChange = (after: number, before: number): number => displayedDifference(after, before, FTE_DECIMALS);

/** Parses a number displayed in fr-FR (tests read numbers back from the page). */
export const parseFrenchInteger = (text: string): number => Number(text.replace(/[\s\u00a0\u202f]/g, ''));
export { parseFrenchNumber } from '../common/format-fr';

/** A plain decimal (up to two digits): 1,5 ; 0,25. */
export const formatDecimal = (value: number): string => formatUpTo(value, 2);
/** A share as a percentage: 0.05 → « 5 % ». */
export const formatPercent = (value: number): string => formatShare(value, 1);

/** Lower case without accents, for matching what a user types (« etain » finds « Étain »): common/text.ts. */
export const foldText = foldForSearch;
