// fr-FR number formatting: the one home of how every number a person reads is written (the page, the
// report, the exported tables' text, messages of the engine, the import and the CLI). Files meant for
// programs (CSV, XLSX cells, GeoJSON) keep full precision and a plain notation: common/csv.ts.
//
// What Intl writes for fr-FR (CLDR), and therefore what users see and tests read back:
// - thousands separated by a narrow no-break space U+202F (« 12 345 »), decimal comma (« 1,5 »);
// - the sign of a negative number is the ASCII hyphen-minus « - » (CLDR fr; parseFrenchNumber
//   also reads « − »), never « −0 » (values are rounded before formatting);
// - « 5,1 % » with a no-break space U+00A0 before the percent sign;
// - never an exponent: 1e21 is « 1 000 000 000 000 000 000 000 », 1e-7 is « 0 ».
// Pure ECMAScript: runs in the page, the workers, the CLI and the engine.

/**
 * A number typed or read the French way: « 1,5 », « 12 345 », « -2,5 » or « −2,5 », « 0.25 » (a point is
 * read too), spaces of any kind ignored. NaN for anything else: no exponent (« 1e3 »), no hexadecimal
 * (« 0x10 »), no « Infinity », nothing empty, no second separator (« 1,5,2 »).
 */
export function parseFrenchNumber(text: string): number {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace('−', '-');
  return /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(compact) ? Number(compact.replace(',', '.')) : Number.NaN;
}

/** Written for a value that is not a finite number (no data, no meaning). */
export const NO_VALUE = '—';

/**
 * The one rounding of every displayed number (screen, report, KPIs; rule documented in
 * renderer/format.ts): `decimals` digits, halves away from zero (as Intl and Excel's ROUND), never
 * −0. NaN and infinities are returned as they are.
 */
export function roundForDisplay(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return value;
  const scale = 10 ** decimals;
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * scale)) / scale;
  return rounded === 0 ? 0 : rounded;
}

/**
 * A change as displayed beside its two ends: roundForDisplay(after) − roundForDisplay(before), so
 * that « −56,2 → −53,9 » reads « amélioration de 2,3 ETP » and never 2,4 (the exact change rounded
 * may differ by one unit of the last digit). Its sign is never opposite to after − before (rounding is
 * monotonic); it is 0 when both ends display the same. NaN when an end is not finite.
 */
export function displayedDifference(after: number, before: number, decimals: number): number {
  if (!Number.isFinite(after) || !Number.isFinite(before)) return Number.NaN;
  const scale = 10 ** decimals;
  // In integer units of the last digit, so that 2,3 is not 2,2999999999999972.
  const units = Math.round(roundForDisplay(after, decimals) * scale) - Math.round(roundForDisplay(before, decimals) * scale);
  return units === 0 ? 0 : units / scale;
}

// Intl.NumberFormat objects are costly to build: one per option set, kept.
const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify(options);
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat('fr-FR', options);
    formats.set(key, format);
  }
  return format;
}

/**
 * Exactly `decimals` digits after the comma (rounded by roundForDisplay), with « + » on positive
 * values when `signed` (gaps and changes; 0 has no sign): formatFixed(-0.25, 1, true) → « -0,3 »,
 * formatFixed(2, 1, true) → « +2,0 ». NO_VALUE when not finite.
 */
export function formatFixed(value: number, decimals: number, signed = false): string {
  if (!Number.isFinite(value)) return NO_VALUE;
  const format = numberFormat({ minimumFractionDigits: decimals, maximumFractionDigits: decimals, signDisplay: signed ? 'exceptZero' : 'auto' });
  // Rounded first, so that −0,04 shown with one decimal reads 0,0 and not −0,0.
  return format.format(roundForDisplay(value, decimals));
}

/** At most `maxDecimals` digits, trailing zeros dropped: 1,5 ; 0,25 ; 12 345. NO_VALUE when not finite. */
export function formatDecimal(value: number, maxDecimals = 2): string {
  return Number.isFinite(value) ? numberFormat({ maximumFractionDigits: maxDecimals }).format(value) : NO_VALUE;
}

/** Rounded to a whole number: « 36 600 ». NO_VALUE when not finite. */
export const formatInteger = (value: number): string => formatDecimal(value, 0);

/** A share (0.051) as a percentage with at most `maxDecimals` digits: « 5,1 % ». NO_VALUE when not finite. */
export function formatPercent(share: number, maxDecimals = 1): string {
  return Number.isFinite(share) ? numberFormat({ style: 'percent', maximumFractionDigits: maxDecimals }).format(share) : NO_VALUE;
}

// Dates. One formatter each, built once.
const dayFormat = new Intl.DateTimeFormat('fr-FR');
const momentFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' });

const asDate = (value: Date | string | number): Date => (value instanceof Date ? value : new Date(value));

/** A day in the user's time zone: « 30/11/2026 ». NO_VALUE when `value` is not a date. */
export function formatDate(value: Date | string | number): string {
  const date = asDate(value);
  return Number.isNaN(date.getTime()) ? NO_VALUE : dayFormat.format(date);
}

/**
 * A moment, in Paris time whatever the machine's time zone (the pack's import, a report's date):
 * « 2 avril 2025 à 10:30 ». A text that is not a date is returned as it is (it says something).
 */
export function formatDateTime(value: Date | string): string {
  const date = asDate(value);
  return Number.isNaN(date.getTime()) ? String(value) : momentFormat.format(date);
}
