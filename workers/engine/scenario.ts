// Scenario files: schema, validation with French messages naming the lever, and application of the
// levers to the engine's adjustments. Nothing is applied when any lever is invalid.
import { z } from 'zod';
import { AGE_BANDS, BAND_COUNT, bandIndex, SPECIALTIES, SPECIALTY_COUNT, specialtyIndex, type Specialty } from './domain';
import { identityAdjustments, type Adjustments, type EngineInputs, type ModelParameters } from './model';
import {
  DEFAULT_CATCHMENT_MINUTES,
  DEFAULT_DETOUR_FACTOR,
  DEFAULT_PRODUCTIVITY,
  DEFAULT_SPEED_KMH,
  TELECONSULTABLE_MAX,
} from './reference';

export const SCENARIO_SCHEMA_VERSION = 1;

const specialty = z.enum(SPECIALTIES, { error: `spécialité inconnue (attendu : ${SPECIALTIES.join(', ')})` });
const code = z.string({ error: 'doit être un code (texte)' }).min(1, { error: 'ne doit pas être vide' });
const share = z.number({ error: 'doit être un nombre' }).min(0, { error: 'doit être compris entre 0 et 1' }).max(1, {
  error: 'doit être compris entre 0 et 1',
});
const nonNegative = z.number({ error: 'doit être un nombre' }).min(0, { error: 'ne doit pas être négatif' });
const gridId = z.string({ error: 'doit être un identifiant de maillage' }).min(1);

const common = {
  id: z.string().optional(),
  label: z.string().optional(),
  enabled: z.boolean({ error: 'doit valoir true ou false' }).optional(),
  source: z.string().optional(),
};

const leverSchemas = {
  install: z.object({ kind: z.literal('install'), commune: code, specialty, fte: nonNegative, ...common }),
  secondarySite: z.object({
    kind: z.literal('secondarySite'),
    from: code,
    to: code,
    specialty,
    doctors: nonNegative,
    daysPerWeek: nonNegative.max(5, { error: 'ne peut dépasser 5 jours par semaine' }),
    ...common,
  }),
  teleconsultation: z.object({ kind: z.literal('teleconsultation'), grid: gridId, territory: code, specialty, share, ...common }),
  msp: z.object({
    kind: z.literal('msp'),
    commune: code,
    extraFte: z.partialRecord(specialty, nonNegative, { error: 'doit associer des spécialités à des ETP' }),
    productivityGain: nonNegative.max(1, { error: 'doit être compris entre 0 et 1' }).optional(),
    ...common,
  }),
  departures: z.object({ kind: z.literal('departures'), grid: gridId, territory: code, specialty, share, ...common }),
  populationChange: z.object({
    kind: z.literal('populationChange'),
    grid: gridId,
    territory: code,
    factorByAgeBand: z.partialRecord(z.enum(AGE_BANDS.map(String) as [string, ...string[]], { error: 'tranche d’âge inconnue' }), nonNegative, {
      error: 'doit associer des tranches d’âge (0, 20, …, 80) à des facteurs',
    }),
    ...common,
  }),
} as const;

export type LeverKind = keyof typeof leverSchemas;
export type Lever = z.infer<(typeof leverSchemas)[LeverKind]>;

const parametersSchema = z.object({
  rates: z.enum(['national', 'regional'], { error: 'doit valoir « national » ou « regional »' }).optional(),
  principalSiteWeight: share.optional(),
  productivity: z.partialRecord(specialty, z.number().positive({ error: 'doit être positive' })).optional(),
  catchmentMinutes: z.partialRecord(specialty, z.number().positive({ error: 'doit être positif' })).optional(),
  speedKmh: z.number().positive({ error: 'doit être positive' }).optional(),
  detourFactor: z.number().min(1, { error: 'doit être au moins 1' }).optional(),
});

export type ScenarioParameters = z.infer<typeof parametersSchema>;

export interface Scenario {
  schemaVersion: number;
  name: string;
  description: string;
  parameters: ScenarioParameters;
  levers: Lever[];
}

export class ScenarioError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

const KNOWN_LEVER_KEYS: Record<string, Set<string>> = Object.fromEntries(
  Object.entries(leverSchemas).map(([kind, schema]) => [kind, new Set(Object.keys(schema.shape))]),
);
const KNOWN_TOP_KEYS = new Set(['schemaVersion', 'name', 'description', 'parameters', 'levers']);
const KNOWN_PARAMETER_KEYS = new Set(Object.keys(parametersSchema.shape));

const leverName = (index: number, raw: unknown): string => {
  const label = raw && typeof raw === 'object' && 'label' in raw && typeof raw.label === 'string' ? ` (« ${raw.label} »)` : '';
  return `Levier ${index + 1}${label}`;
};

const describeIssues = (prefix: string, error: z.ZodError): string[] =>
  error.issues.map((issue) => {
    const field = issue.path.length > 0 ? ` champ « ${issue.path.join('.')} »` : '';
    return `${prefix} :${field} ${issue.message}.`;
  });

/** Structural validation. Returns the normalised scenario and warnings for dropped fields. */
export function parseScenario(raw: unknown): { scenario: Scenario; warnings: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ScenarioError(['Le scénario doit être un objet JSON.']);
  const top = raw as Record<string, unknown>;
  for (const key of Object.keys(top)) if (!KNOWN_TOP_KEYS.has(key)) warnings.push(`Champ inconnu « ${key} » ignoré.`);
  if (top.schemaVersion !== SCENARIO_SCHEMA_VERSION) {
    problems.push(`Version de schéma non prise en charge : ${JSON.stringify(top.schemaVersion)} (attendu : ${SCENARIO_SCHEMA_VERSION}).`);
  }
  if (typeof top.name !== 'string' || top.name.trim() === '') problems.push('Le scénario doit avoir un nom (« name »).');
  if (top.description !== undefined && typeof top.description !== 'string') problems.push('« description » doit être un texte.');

  let parameters: ScenarioParameters = {};
  if (top.parameters !== undefined) {
    if (top.parameters && typeof top.parameters === 'object') {
      for (const key of Object.keys(top.parameters)) {
        if (!KNOWN_PARAMETER_KEYS.has(key)) warnings.push(`Paramètre inconnu « ${key} » ignoré.`);
      }
    }
    const parsed = parametersSchema.safeParse(top.parameters);
    if (parsed.success) parameters = parsed.data;
    else problems.push(...describeIssues('Paramètres', parsed.error));
  }

  const levers: Lever[] = [];
  if (!Array.isArray(top.levers)) problems.push('« levers » doit être une liste de leviers.');
  else {
    top.levers.forEach((rawLever, index) => {
      const name = leverName(index, rawLever);
      const kind = rawLever && typeof rawLever === 'object' ? (rawLever as Record<string, unknown>).kind : undefined;
      if (typeof kind !== 'string' || !Object.hasOwn(leverSchemas, kind)) {
        problems.push(`${name} : type de levier inconnu ${JSON.stringify(kind)} (attendu : ${Object.keys(leverSchemas).join(', ')}).`);
        return;
      }
      for (const key of Object.keys(rawLever as object)) {
        if (!KNOWN_LEVER_KEYS[kind].has(key)) warnings.push(`${name} : champ inconnu « ${key} » ignoré.`);
      }
      const parsed = leverSchemas[kind as LeverKind].safeParse(rawLever);
      if (parsed.success) levers.push(parsed.data);
      else problems.push(...describeIssues(name, parsed.error));
    });
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  return {
    scenario: {
      schemaVersion: SCENARIO_SCHEMA_VERSION,
      name: (top.name as string).trim(),
      description: (top.description as string | undefined) ?? '',
      parameters,
      levers,
    },
    warnings,
  };
}

export interface ResolvedParameters extends ModelParameters {
  catchmentMinutes: Float64Array;
  speedKmh: number;
  detourFactor: number;
}

/** Model parameters with the reference defaults filled in; `derivedProductivity` comes from the pack. */
export function resolveParameters(parameters: ScenarioParameters, derivedProductivity?: Partial<Record<Specialty, number>>): ResolvedParameters {
  const pick = <T>(s: Specialty, override: Partial<Record<Specialty, T>> | undefined, fallback: T): T => override?.[s] ?? fallback;
  return {
    rates: parameters.rates ?? 'national',
    principalWeight: parameters.principalSiteWeight ?? 0.8,
    productivity: Float64Array.from(SPECIALTIES, (s) =>
      pick(s, parameters.productivity, derivedProductivity?.[s] ?? DEFAULT_PRODUCTIVITY[s].value),
    ),
    catchmentMinutes: Float64Array.from(SPECIALTIES, (s) => pick(s, parameters.catchmentMinutes, DEFAULT_CATCHMENT_MINUTES[s].value)),
    speedKmh: parameters.speedKmh ?? DEFAULT_SPEED_KMH.value,
    detourFactor: parameters.detourFactor ?? DEFAULT_DETOUR_FACTOR.value,
  };
}

export interface AppliedScenario {
  adjustments: Adjustments;
  /** Communes whose need or capacity the levers may have changed. */
  touched: Set<number>;
}

/**
 * Applies the enabled levers in order, starting from `baseline` (identity adjustments for the
 * parameters, left untouched). Throws ScenarioError (nothing applied) when one lever is invalid.
 */
export function applyLevers(
  inputs: EngineInputs,
  params: ModelParameters,
  levers: readonly Lever[],
  baseline: Adjustments = identityAdjustments(inputs, params),
  communeIndex: ReadonlyMap<string, number> = new Map(inputs.communes.map((code, i) => [code, i])),
): AppliedScenario {
  // Copy-on-write: an array of the baseline is cloned only when a lever first writes to it.
  const adjustments: Adjustments = { ...baseline };
  const owned = new Set<keyof Adjustments>();
  const write = (name: keyof Adjustments): Float64Array => {
    if (!owned.has(name)) {
      adjustments[name] = adjustments[name].slice();
      owned.add(name);
    }
    return adjustments[name];
  };
  const touched = new Set<number>();
  const problems: string[] = [];
  const gridById = new Map(inputs.grids.map((g) => [g.id, g]));

  const commune = (name: string, field: string, value: string): number | null => {
    const index = communeIndex.get(value);
    if (index === undefined) problems.push(`${name} : commune inconnue « ${value} » (champ « ${field} »).`);
    return index ?? null;
  };
  const territoryCommunes = (name: string, grid: string, territory: string): number[] | null => {
    const g = gridById.get(grid);
    if (!g) {
      problems.push(`${name} : maillage inconnu « ${grid} » (attendu : ${[...gridById.keys()].join(', ')}).`);
      return null;
    }
    const cell = g.codes.indexOf(territory);
    if (cell < 0) {
      problems.push(`${name} : territoire « ${territory} » inconnu dans le maillage ${grid}.`);
      return null;
    }
    const members: number[] = [];
    g.cellOfCommune.forEach((c, i) => {
      if (c === cell) members.push(i);
    });
    return members;
  };

  levers.forEach((lever, index) => {
    if (lever.enabled === false) return;
    const name = leverName(index, lever);
    switch (lever.kind) {
      case 'install': {
        const c = commune(name, 'commune', lever.commune);
        if (c === null) return;
        write('fte')[c * SPECIALTY_COUNT + specialtyIndex(lever.specialty)] += lever.fte;
        touched.add(c);
        return;
      }
      case 'secondarySite': {
        const from = commune(name, 'from', lever.from);
        const to = commune(name, 'to', lever.to);
        if (from === null || to === null) return;
        const s = specialtyIndex(lever.specialty);
        const moved = (lever.doctors * lever.daysPerWeek) / 5;
        const available = adjustments.fte[from * SPECIALTY_COUNT + s];
        if (moved > available + 1e-9) {
          problems.push(
            `${name} : déplace ${moved.toFixed(2)} ETP de ${lever.specialty} depuis ${lever.from}, qui n’en compte que ${available.toFixed(2)}.`,
          );
          return;
        }
        write('fte')[from * SPECIALTY_COUNT + s] -= moved;
        write('fte')[to * SPECIALTY_COUNT + s] += moved;
        touched.add(from).add(to);
        return;
      }
      case 'teleconsultation': {
        const maximum = TELECONSULTABLE_MAX[lever.specialty].value;
        if (lever.share > maximum) {
          problems.push(`${name} : part ${lever.share} supérieure au maximum téléconsultable de ${lever.specialty} (${maximum}).`);
          return;
        }
        const members = territoryCommunes(name, lever.grid, lever.territory);
        if (!members) return;
        const s = specialtyIndex(lever.specialty);
        // Successive teleconsultation levers combine on the remaining need, within the maximum.
        const combined = (k: number) => 1 - (1 - adjustments.teleShare[k]) * (1 - lever.share);
        if (members.some((c) => combined(c * SPECIALTY_COUNT + s) > maximum + 1e-12)) {
          problems.push(`${name} : avec les leviers précédents, la part téléconsultée de ${lever.specialty} dépasse le maximum téléconsultable (${maximum}).`);
          return;
        }
        for (const c of members) {
          write('teleShare')[c * SPECIALTY_COUNT + s] = combined(c * SPECIALTY_COUNT + s);
          touched.add(c);
        }
        return;
      }
      case 'msp': {
        const c = commune(name, 'commune', lever.commune);
        if (c === null) return;
        // The gain applies to the doctors already installed (baseline FTE) of the listed specialties,
        // whatever other levers did before.
        const gain = lever.productivityGain ?? 0;
        for (const [id, extra] of Object.entries(lever.extraFte)) {
          const k = c * SPECIALTY_COUNT + specialtyIndex(id);
          write('bonusFte')[k] += baseline.fte[k] * gain;
          write('fte')[k] += extra ?? 0;
        }
        touched.add(c);
        return;
      }
      case 'departures': {
        const members = territoryCommunes(name, lever.grid, lever.territory);
        if (!members) return;
        const s = specialtyIndex(lever.specialty);
        for (const c of members) {
          const k = c * SPECIALTY_COUNT + s;
          write('fte')[k] *= 1 - lever.share;
          write('bonusFte')[k] *= 1 - lever.share;
          touched.add(c);
        }
        return;
      }
      case 'populationChange': {
        const members = territoryCommunes(name, lever.grid, lever.territory);
        if (!members) return;
        for (const [band, factor] of Object.entries(lever.factorByAgeBand)) {
          const b = bandIndex(Number(band));
          for (const c of members) write('populationFactor')[c * BAND_COUNT + b] *= factor ?? 1;
        }
        for (const c of members) touched.add(c);
        return;
      }
    }
  });
  if (problems.length > 0) throw new ScenarioError(problems);
  return { adjustments, touched };
}
