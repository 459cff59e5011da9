// The « laisser-faire » horizon scenario (issue 14 §2): what happens by 2030, 2035… if nobody acts.
// An ordinary scenario of the current format built from levers of the registry — one
// `populationChange` per département (population moved to the horizon) and one `departures` per
// département × specialty (doctors reaching the retirement age, net of arrivals) — so that it can be
// saved, edited, reported and used as the reference of a comparison. Pure: the worker and the CLI
// read the pack and pass the figures in (workers/db/horizon-inputs.ts).
import { formatDecimal, formatPercent } from '../../common/format-fr';
import { AGE_BANDS, ageBandLabel, SPECIALTIES, type AgeBand, type Specialty } from './domain';
import { DEFAULT_REPLACEMENT_RATE, DEFAULT_RETIREMENT_AGE, DOCTOR_AGE_REFERENCE, HORIZON_YEARS, NATIONAL_POPULATION_FACTORS } from './horizon-reference';
import { PLAUSIBLE } from './reference';
import { parseScenario, SCENARIO_SCHEMA_VERSION, type Lever, type ScenarioDocument, type ScenarioPack } from './scenario';
import { ScenarioError } from './scenario-error';

/** A département of the pack (grid DEP) and the specialties with doctors there (departures levers). */
export interface HorizonDepartement {
  code: string;
  label?: string;
  /** Specialties with at least one doctor in the département; absent: every specialty. */
  specialties?: readonly Specialty[];
}

/** One row of the pack's `projections_population` table (common/pack.ts): INSEE Omphale, both sexes. */
export interface ProjectionRow {
  dep: string;
  /** Lower bound of the 5-year age band (0, 5, …, 95 = 95 and over). */
  age5: number;
  annee: number;
  population: number;
  scenario?: string | null;
}

export interface HorizonInput {
  departements: readonly HorizonDepartement[];
  /** Year of the pack's population (its census vintage, « RP 2021 » → 2021); null: unknown. */
  populationYear?: number | null;
  /** The pack's population per département × 5-year band: weights of the 5-year factors in an engine band. */
  populationAge5?: readonly { dep: string; age5: number; population: number }[];
  /** The pack's projections (empty or absent: national factors, NATIONAL_POPULATION_FACTORS). */
  projections?: readonly ProjectionRow[];
  /** The pack the scenario is built on (informative, written in the file). */
  pack?: ScenarioPack;
}

export interface HorizonOptions {
  /** Horizon year (HORIZON_YEARS), after the base year. */
  horizon: number;
  /** Base year of the population; default: the pack's population year, else 2021. */
  baseYear?: number;
  /** Age at which doctors stop (years, 55 to 75); default DEFAULT_RETIREMENT_AGE. */
  retirementAge?: number;
  /** Share of departures replaced by arrivals (0 to 1); default DEFAULT_REPLACEMENT_RATE. */
  replacementRate?: number;
  /** Shares of doctors leaving by the horizon entered by the user, per specialty (0 to 1), before arrivals. */
  departureShares?: Partial<Record<Specialty, number>>;
  /** Source of `departureShares` (printed in each lever); default « saisie de l’utilisateur ». */
  departureSource?: string;
}

/** The plausible range of a retirement age (years). */
export const RETIREMENT_AGE_RANGE = { min: 55, max: 75 } as const;
/** Base year assumed when the pack does not say its population's year. */
const DEFAULT_BASE_YEAR = 2021;

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const engineBand = (age5: number): AgeBand => (age5 < 20 ? 0 : age5 >= 80 ? 80 : ((Math.floor(age5 / 10) * 10) as AgeBand));

/** Linear interpolation of `values` (one per `years`, sorted) at `year`; null outside the years. */
function interpolate(years: readonly number[], values: readonly number[], year: number): number | null {
  for (let i = 0; i < years.length; i++) {
    if (years[i] === year) return values[i];
    if (i > 0 && years[i - 1] < year && year < years[i]) {
      const t = (year - years[i - 1]) / (years[i] - years[i - 1]);
      return values[i - 1] + t * (values[i] - values[i - 1]);
    }
  }
  return null;
}

/** National factor of a band from `base` to `horizon` (NATIONAL_POPULATION_FACTORS, interpolated; flat before 2021). */
export function nationalPopulationFactor(band: AgeBand, base: number, horizon: number): number {
  const { years, factors } = NATIONAL_POPULATION_FACTORS;
  const at = (year: number) => interpolate(years, factors[band], Math.max(years[0], year)) ?? 1;
  return at(horizon) / at(base);
}

/**
 * Share of doctors who reach `retirementAge` by `horizon`: those aged `retirementAge − (horizon − year
 * of the distribution)` or over then (DOCTOR_AGE_REFERENCE: 2,3 % per year of age below 70, at most 90 %).
 */
export function doctorShareLeaving(retirementAge: number, horizon: number): number {
  const ref = DOCTOR_AGE_REFERENCE;
  const threshold = retirementAge - (horizon - ref.year);
  const perYear = ref.shareAged60Plus / (ref.oldestAge - 60);
  return Math.min(ref.maxShare, Math.max(0, perYear * (ref.oldestAge - threshold)));
}

/** The projection scenario used: INSEE's central one when the table holds several, else the first. */
function chosenScenario(rows: readonly ProjectionRow[]): string | null {
  const names = [...new Set(rows.map((r) => r.scenario ?? ''))].sort();
  return names.find((n) => /central/i.test(n)) ?? names[0] ?? null;
}

/** Per département: age5 → (years, populations), sorted by year. */
function projectionSeries(rows: readonly ProjectionRow[]): Map<string, Map<number, { years: number[]; values: number[] }>> {
  const scenario = chosenScenario(rows);
  const byDep = new Map<string, Map<number, Map<number, number>>>();
  for (const r of rows) {
    if ((r.scenario ?? '') !== scenario || !Number.isFinite(r.population)) continue;
    let ages = byDep.get(r.dep);
    if (!ages) byDep.set(r.dep, (ages = new Map()));
    let years = ages.get(r.age5);
    if (!years) ages.set(r.age5, (years = new Map()));
    years.set(r.annee, (years.get(r.annee) ?? 0) + r.population);
  }
  const series = new Map<string, Map<number, { years: number[]; values: number[] }>>();
  for (const [dep, ages] of byDep) {
    const out = new Map<number, { years: number[]; values: number[] }>();
    for (const [age5, years] of ages) {
      const sorted = [...years.keys()].sort((a, b) => a - b);
      out.set(age5, { years: sorted, values: sorted.map((y) => years.get(y)!) });
    }
    series.set(dep, out);
  }
  return series;
}

/**
 * Factors by engine band of one département from its 5-year projections: for each 5-year band, the
 * projected population at the horizon ÷ at the base year, averaged within the engine band with the
 * pack's population as weights (else the projection's own base-year population). Null for a band
 * without projected population.
 */
function departementFactors(
  ages: Map<number, { years: number[]; values: number[] }>,
  weights: Map<number, number> | undefined,
  base: number,
  horizon: number,
): Partial<Record<AgeBand, number>> {
  const sums = new Map<AgeBand, { weighted: number; weight: number }>();
  for (const [age5, { years, values }] of ages) {
    const atBase = interpolate(years, values, base);
    const atHorizon = interpolate(years, values, horizon);
    if (atBase === null || atHorizon === null || atBase <= 0) continue;
    const packWeight = weights?.get(age5);
    const w = weights ? (packWeight ?? 0) : atBase;
    const band = engineBand(age5);
    const sum = sums.get(band) ?? { weighted: 0, weight: 0 };
    sum.weighted += w * (atHorizon / atBase);
    sum.weight += w;
    sums.set(band, sum);
  }
  const factors: Partial<Record<AgeBand, number>> = {};
  for (const [band, { weighted, weight }] of sums) if (weight > 0) factors[band] = weighted / weight;
  return factors;
}

const label = (d: HorizonDepartement) => (d.label && d.label !== d.code ? `${d.label} (${d.code})` : d.code);

/**
 * The « Laisser-faire <horizon> » scenario: population moved to the horizon and doctors' departures
 * net of arrivals, every assumption and source written in the description and in each lever's `source`.
 * Levers: `population-<dep>` (grid DEP; factors by engine band: the pack's projections when they cover
 * the département, else NATIONAL_POPULATION_FACTORS) and `departs-<dep>-<specialty>` (share leaving ×
 * (1 − replacement rate); none when that share is 0). Returns the scenario as the loader reads it
 * (parseScenario), so that it is valid; throws ScenarioError (French) on options out of range or
 * projections that do not reach the horizon.
 */
export function laisserFaireScenario(input: HorizonInput, options: HorizonOptions): ScenarioDocument {
  const problems: string[] = [];
  const horizon = options.horizon;
  const base = options.baseYear ?? input.populationYear ?? DEFAULT_BASE_YEAR;
  const retirementAge = options.retirementAge ?? DEFAULT_RETIREMENT_AGE.value;
  const replacement = options.replacementRate ?? DEFAULT_REPLACEMENT_RATE.value;
  if (!Number.isInteger(horizon) || horizon < HORIZON_YEARS.min || horizon > HORIZON_YEARS.max) {
    problems.push(`Année d’horizon « ${String(horizon)} » : attendu une année entière de ${HORIZON_YEARS.min} à ${HORIZON_YEARS.max}.`);
  } else if (!Number.isInteger(base) || base >= horizon) {
    problems.push(`Année d’horizon ${horizon} : elle doit suivre l’année de la population du paquet (${String(base)}).`);
  }
  if (!Number.isFinite(retirementAge) || retirementAge < RETIREMENT_AGE_RANGE.min || retirementAge > RETIREMENT_AGE_RANGE.max) {
    problems.push(`Âge de départ à la retraite « ${String(retirementAge)} » : attendu de ${RETIREMENT_AGE_RANGE.min} à ${RETIREMENT_AGE_RANGE.max} ans.`);
  }
  if (!Number.isFinite(replacement) || replacement < 0 || replacement > 1) {
    problems.push(`Taux de remplacement des départs « ${String(replacement)} » : attendu de 0 à 1 (0 à 100 %).`);
  }
  for (const [specialty, share] of Object.entries(options.departureShares ?? {})) {
    if (!(SPECIALTIES as readonly string[]).includes(specialty)) problems.push(`Part de départs : spécialité inconnue « ${specialty} ».`);
    else if (typeof share !== 'number' || !Number.isFinite(share) || share < 0 || share > 1) problems.push(`Part de départs de ${specialty} « ${String(share)} » : attendu de 0 à 1 (0 à 100 %).`);
  }
  if (input.departements.length === 0) problems.push('Le paquet n’a aucun département (maillage DEP) : impossible de construire le scénario.');
  if (problems.length > 0) throw new ScenarioError(problems);

  // Population: the pack's projections where they cover a département, else the national factors.
  const projections = input.projections ?? [];
  const series = projectionSeries(projections);
  const projectionYears = [...new Set(projections.map((r) => r.annee))].sort((a, b) => a - b);
  if (series.size > 0 && (horizon < projectionYears[0] || horizon > projectionYears[projectionYears.length - 1])) {
    throw new ScenarioError([
      `Les projections de population du paquet couvrent ${projectionYears[0]} à ${projectionYears[projectionYears.length - 1]} : l’année d’horizon ${horizon} n’y est pas. Choisissez une année dans cet intervalle.`,
    ]);
  }
  // A base year before the projections start (census older than Omphale's): their first year instead.
  const projectionBase = series.size > 0 ? Math.max(base, projectionYears[0]) : base;
  const weights = new Map<string, Map<number, number>>();
  for (const r of input.populationAge5 ?? []) {
    let ages = weights.get(r.dep);
    if (!ages) weights.set(r.dep, (ages = new Map()));
    ages.set(r.age5, (ages.get(r.age5) ?? 0) + r.population);
  }
  const projectionScenario = chosenScenario(projections);
  const projectionSource = `projections de population Insee (Omphale${projectionScenario ? `, scénario « ${projectionScenario} »` : ''}) du paquet, ${projectionBase} → ${horizon}, par âge quinquennal, pondérées par la population du paquet`;

  const levers: Lever[] = [];
  let national = 0;
  for (const d of input.departements) {
    const ages = series.get(d.code);
    const own = ages ? departementFactors(ages, weights.get(d.code), projectionBase, horizon) : {};
    const factorByAgeBand: Record<string, number> = {};
    let usedNational = false;
    for (const band of AGE_BANDS) {
      let f = own[band];
      if (f === undefined) {
        f = nationalPopulationFactor(band, base, horizon);
        usedNational = true;
      }
      factorByAgeBand[String(band)] = Math.min(PLAUSIBLE.populationFactor.max, round4(f));
    }
    if (usedNational) national++;
    const source = !ages ? NATIONAL_POPULATION_FACTORS.source : usedNational ? `${projectionSource} ; tranches sans projection : ${NATIONAL_POPULATION_FACTORS.source}` : projectionSource;
    levers.push({ id: `population-${d.code}`, kind: 'populationChange', label: `Population ${horizon} — ${label(d)}`, grid: 'DEP', territory: d.code, factorByAgeBand, source });
  }

  // Departures: the share reaching the retirement age by the horizon (entered, else the reference), net of arrivals.
  const referenceShare = doctorShareLeaving(retirementAge, horizon);
  const replacementText = `${formatPercent(replacement, 0)} des départs remplacés par des arrivées (${options.replacementRate === undefined || options.replacementRate === DEFAULT_REPLACEMENT_RATE.value ? DEFAULT_REPLACEMENT_RATE.source : 'paramètre saisi par l’utilisateur'})`;
  const grossShare = (s: Specialty) => options.departureShares?.[s] ?? referenceShare;
  const shareSource = (s: Specialty) =>
    options.departureShares?.[s] !== undefined
      ? `part des médecins partant d’ici ${horizon} : ${options.departureSource ?? 'saisie de l’utilisateur'} ; ${replacementText}`
      : `médecins atteignant ${formatDecimal(retirementAge)} ans d’ici ${horizon} (âgés d’au moins ${formatDecimal(retirementAge - (horizon - DOCTOR_AGE_REFERENCE.year))} ans en ${DOCTOR_AGE_REFERENCE.year}) : ${DOCTOR_AGE_REFERENCE.source} ; ${replacementText}`;
  for (const d of input.departements) {
    for (const s of d.specialties ?? SPECIALTIES) {
      const share = round4(grossShare(s) * (1 - replacement));
      if (share <= 0) continue;
      levers.push({ id: `departs-${d.code}-${s}`, kind: 'departures', label: `Départs ${horizon} — ${s} — ${label(d)}`, grid: 'DEP', territory: d.code, specialty: s, share, source: shareSource(s) });
    }
  }

  const bandsText = AGE_BANDS.map((b) => `${ageBandLabel(b)} × ${formatDecimal(nationalPopulationFactor(b, base, horizon), 2)}`).join(', ');
  const populationText =
    series.size === 0
      ? `Population : celle du paquet (${base}${input.populationYear ? '' : ', année supposée'}) portée à ${horizon} par des facteurs nationaux par tranche d’âge (${bandsText}) — ${NATIONAL_POPULATION_FACTORS.source}. Importez les projections Omphale des départements pour des chiffres locaux.`
      : `Population : celle du paquet (${base}${input.populationYear ? '' : ', année supposée'}) portée à ${horizon} département par département — ${projectionSource}${national > 0 ? ` ; ${national} département(s) sans projection : facteurs nationaux (${NATIONAL_POPULATION_FACTORS.source})` : ''}.`;
  const sharesEntered = Object.keys(options.departureShares ?? {}).length > 0;
  const departuresText = `Départs de médecins d’ici ${horizon} : ${
    sharesEntered ? `parts saisies par spécialité (${options.departureSource ?? 'saisie de l’utilisateur'}) ; autres spécialités : ` : ''
  }${formatPercent(referenceShare, 1)} des médecins de chaque spécialité atteignent ${formatDecimal(retirementAge)} ans (${DOCTOR_AGE_REFERENCE.source}) ; âge de départ ${formatDecimal(retirementAge)} ans (${options.retirementAge === undefined || options.retirementAge === DEFAULT_RETIREMENT_AGE.value ? DEFAULT_RETIREMENT_AGE.source : 'paramètre saisi par l’utilisateur'}). Arrivées : ${replacementText}. Perte nette : part des départs × (1 − part remplacée), appliquée aux ETP de chaque spécialité du département.`;
  const scenario = {
    schemaVersion: SCENARIO_SCHEMA_VERSION,
    name: `Laisser-faire ${horizon}`,
    description: `Ce qui arrive d’ici ${horizon} si personne n’agit : référence à laquelle comparer les solutions. ${populationText} ${departuresText} Les taux de recours et la productivité restent ceux d’aujourd’hui.`,
    ...(input.pack ? { pack: input.pack } : {}),
    parameters: {},
    levers,
  };
  return parseScenario(scenario).scenario;
}
