// Alert thresholds of the follow-up (issue 14 §3, « évaluer »): the planner sets thresholds on two
// indicators of the chosen specialty — coverage rate (capacity ÷ need) and the territory's APL — and
// every territory below one of them is flagged, in the table on screen and in the files, with its
// reason in words (never colour alone). Pure: no platform import (workers/engine purity test).
import { formatDecimal, formatFixed, roundForDisplay } from '../../common/format-fr';
import { SPECIALTY_LABELS, type Specialty } from './domain';
import type { Grid } from './model';
import { APL_THRESHOLDS } from './reference';

/** The user's thresholds; a disabled threshold flags nothing. */
export interface AlertThresholds {
  /** Flag a territory whose coverage rate (capacity ÷ need) is strictly below `percent` %. */
  coverage: { enabled: boolean; percent: number };
  /** Flag a territory whose mean APL (territoryMeanApl) is strictly below `value` (consultations per year per inhabitant). */
  apl: { enabled: boolean; value: number };
}

/**
 * Defaults of issue 14 §3: « couverture MG < 80 % » (the planners' example, a user choice, not a
 * regulatory threshold) and « APL < 2,5 », the DGOS threshold under which a commune may be classed
 * as a zone d'intervention prioritaire for general practitioners (APL_THRESHOLDS.zip, workers/engine/reference.ts).
 */
export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = {
  coverage: { enabled: true, percent: 80 },
  apl: { enabled: true, value: APL_THRESHOLDS.zip },
};

/**
 * The thresholds that apply to a specialty: the APL threshold is the zonage's, for general practitioners
 * only (no published threshold exists for another specialty, whose APL is a few tenths: 2,5 would flag
 * every territory), so it is off for the others.
 */
export function thresholdsFor(thresholds: AlertThresholds, specialty: Specialty): AlertThresholds {
  return specialty === 'MG' || !thresholds.apl.enabled ? thresholds : { ...thresholds, apl: { ...thresholds.apl, enabled: false } };
}

/** Header of the territory APL wherever it is shown (table, files, report). */
export const TERRITORY_APL_LABEL = 'APL moyenne du territoire (pondérée par la population)';

/**
 * APL of each territory of a grid: the population-weighted mean of its communes' APL (the way the
 * DREES aggregates APL above the commune). `apl` and `population` are per engine commune (APL from
 * PlanningEngine.accessibility, consultations per year per inhabitant); communes with a non-finite
 * APL are left out; NaN for a territory without any commune with an APL or without population.
 */
export function territoryMeanApl(apl: ArrayLike<number>, population: ArrayLike<number>, grid: Pick<Grid, 'codes' | 'cellOfCommune'>): Float64Array {
  const weighted = new Float64Array(grid.codes.length);
  const weights = new Float64Array(grid.codes.length);
  grid.cellOfCommune.forEach((cell, c) => {
    if (cell < 0 || !Number.isFinite(apl[c])) return;
    weighted[cell] += population[c] * apl[c];
    weights[cell] += population[c];
  });
  return weighted.map((w, t) => (weights[t] > 0 ? w / weights[t] : Number.NaN));
}

/** Decimals of the coverage rate (in %) and of the territory APL, as the tables show them and the thresholds are typed. */
export const COVERAGE_DECIMALS = 1;
export const APL_DECIMALS = 2;
/** Largest plausible thresholds: coverage rate in %, territory APL in consultations per year per inhabitant. */
export const THRESHOLD_MAX = { coveragePercent: 200, apl: 10 } as const;

/** What a territory's alert is read from: its coverage ratio (capacity ÷ need; NaN without need) and mean APL (NaN: unknown). */
export interface AlertInput {
  coverage: number;
  apl: number;
}

/**
 * The reasons a territory is flagged, in French, e.g. « couverture MG 72,4 % < 80 % », « APL 2,1 < 2,5 »;
 * empty when none. A missing figure (NaN) never flags: no need, or APL not computed.
 */
export function alertReasons(input: AlertInput, thresholds: AlertThresholds, specialty: Specialty): string[] {
  const reasons: string[] = [];
  const name = specialty === 'MG' ? 'MG' : SPECIALTY_LABELS[specialty].toLowerCase();
  // Compared as displayed (coverage to 0,1 point, APL to 0,01, both in the tables): a territory shown at
  // « 80,0 % » is never flagged « < 80 % », nor one shown under the threshold left unflagged.
  const coveragePercent = roundForDisplay(input.coverage * 100, COVERAGE_DECIMALS);
  if (thresholds.coverage.enabled && Number.isFinite(coveragePercent) && coveragePercent < roundForDisplay(thresholds.coverage.percent, COVERAGE_DECIMALS)) {
    reasons.push(`couverture ${name} ${formatFixed(coveragePercent, COVERAGE_DECIMALS)} % < ${formatDecimal(thresholds.coverage.percent, COVERAGE_DECIMALS)} %`);
  }
  if (thresholds.apl.enabled && Number.isFinite(input.apl) && roundForDisplay(input.apl, APL_DECIMALS) < roundForDisplay(thresholds.apl.value, APL_DECIMALS)) {
    reasons.push(`APL ${name} ${formatFixed(input.apl, APL_DECIMALS)} < ${formatDecimal(thresholds.apl.value, APL_DECIMALS)}`);
  }
  return reasons;
}

/** Between two reasons of an alert cell. */
export const ALERT_SEPARATOR = ' ; ';

/** The alert cell of a row: reasons joined by « ; », '' when none. */
export const alertText = (input: AlertInput, thresholds: AlertThresholds, specialty: Specialty): string => alertReasons(input, thresholds, specialty).join(ALERT_SEPARATOR);

/** « couverture MG < 80 % ; APL MG < 2,5 », or « aucun seuil actif » (headers, KPI panel, report). */
export function thresholdsText(thresholds: AlertThresholds, specialty: Specialty): string {
  const name = specialty === 'MG' ? 'MG' : SPECIALTY_LABELS[specialty].toLowerCase();
  const parts: string[] = [];
  if (thresholds.coverage.enabled) parts.push(`taux de couverture ${name} < ${formatDecimal(thresholds.coverage.percent, COVERAGE_DECIMALS)} %`);
  if (thresholds.apl.enabled) parts.push(`APL ${name} (moyenne du territoire pondérée par la population) < ${formatDecimal(thresholds.apl.value, APL_DECIMALS)}`);
  return parts.length ? parts.join(' ; ') : 'aucun seuil actif';
}

/** Whether any threshold is on. */
export const alertsActive = (thresholds: AlertThresholds): boolean => thresholds.coverage.enabled || thresholds.apl.enabled;
