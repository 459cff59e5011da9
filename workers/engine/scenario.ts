// Scenario files: schema, loading (envelope → migrations → validation and normalisation → report),
// serialisation, and application of the levers to the engine's adjustments. Messages are French and
// name the lever. Nothing is applied when any lever is invalid. Format: docs/format-scenario.md.
import { z } from 'zod';
import { AGE_BANDS, ageBandLabel, BAND_COUNT, bandIndex, SPECIALTIES, SPECIALTY_COUNT, SPECIALTY_LABELS, specialtyIndex, type Specialty } from './domain';
import { assignLeverIds, leverName, migrateDocument, type JsonObject } from './scenario-migrations';
import { communeNeed, identityAdjustments, ownCapacity, type Adjustments, type EngineInputs, type ModelParameters } from './model';
import {
  DEFAULT_CATCHMENT_MINUTES,
  DEFAULT_DETOUR_FACTOR,
  ACTIVE_SHARE_RANGE,
  DEFAULT_ACTIVE_SHARE,
  DEFAULT_PRODUCTIVITY,
  DEFAULT_SPEED_KMH,
  PLAUSIBLE,
  PROVIDER_TELECONSULTATION_MAX,
  TELECONSULTABLE_MAX,
} from './reference';

/** Version written by serializeScenario; files of versions 1 … this one are read (older ones migrated). */
export const SCENARIO_SCHEMA_VERSION = 3;
/** Longest lever id accepted: ids are shown in the interface and kept in its undo history. */
const MAX_LEVER_ID_LENGTH = 200;

const specialty = z.enum(SPECIALTIES, { error: `n’est pas une spécialité connue (attendu : ${SPECIALTIES.join(', ')})` });
const code = z.string({ error: 'doit être un code (texte)' }).min(1, { error: 'ne doit pas être vide' });
const gridId = z.string({ error: 'doit être un identifiant de maillage' }).min(1);

/** « 1 234,5 » for messages: ranges are read by planners, in French. */
const frenchNumber = (value: number): string => value.toLocaleString('fr-FR', { maximumFractionDigits: 2 });
/** « 0 acte par an », « 1 500 actes par an ». */
const actsText = (value: number): string => `${frenchNumber(Math.round(value))} ${Math.abs(Math.round(value)) >= 2 ? 'actes' : 'acte'} par an`;
/** Whole acts within a bound, without losing one to float noise (215,9999… is 216). */
const floorActs = (value: number): number => Math.floor(value * (1 + 1e-9));
/** Specialties in a sentence: « en psychiatrie », « la radiologie ». */
const SPECIALTY_NAMES = SPECIALTIES.map((s) => SPECIALTY_LABELS[s].toLowerCase());
/** « la commune prestataire 54395 », « le territoire prestataire 54 (DEP) » (doctors' providers only). */
const providerPlace = (provider: Exclude<TeleProvider, { kind: 'external' }>): string =>
  provider.kind === 'commune' ? `la commune prestataire ${provider.commune}` : `le territoire prestataire ${provider.territory} (${provider.grid})`;

/**
 * A number within one of the PLAUSIBLE ranges (finite by construction), with a French message that
 * gives the range and its unit; shares and gains are shown as percentages.
 */
function plausible(range: { min: number; max: number; unit: string }, percent = false) {
  // A share is read as a percentage but written as a fraction in the file: both are given.
  const shown = percent
    ? `entre ${frenchNumber(range.min * 100)} % et ${frenchNumber(range.max * 100)} % (de ${frenchNumber(range.min)} à ${frenchNumber(range.max)} dans le fichier)`
    : `entre ${frenchNumber(range.min)} et ${frenchNumber(range.max)}${range.unit ? ` ${range.unit}` : ''}`;
  const error = `doit être compris ${shown}`;
  return z.number({ error: 'doit être un nombre' }).min(range.min, { error }).max(range.max, { error });
}
const share = plausible(PLAUSIBLE.share, true);
const bySpecialty = <T extends z.ZodType>(value: T, what: string) =>
  z.partialRecord(specialty, value, { error: `doit associer des spécialités à ${what}` });

const common = {
  // Optional here so that the engine accepts levers built in code; a scenario file of version 2 must
  // give every lever a unique non-empty id (checked in validateCurrentVersion).
  id: z.string({ error: 'doit être un texte' }).optional(),
  label: z.string().optional(),
  enabled: z.boolean({ error: 'doit valoir true ou false' }).optional(),
  source: z.string().optional(),
};

/**
 * Who delivers the teleconsultations: doctors of a commune, doctors of a territory of a grid, or an
 * external provider (a regional platform, a hospital team abroad…) whose acts are outside supply.
 */
const teleProvider = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('commune'), commune: code }),
    z.object({ kind: z.literal('territory'), grid: gridId, territory: code }),
    z.object({
      kind: z.literal('external'),
      label: z.string({ error: 'doit nommer l’offre extérieure (un texte, par exemple « Plateforme régionale de téléconsultation »)' }).trim().min(1, { error: 'doit nommer l’offre extérieure' }),
    }),
  ],
  { error: 'doit être { "kind": "commune" | "territory" | "external", … }' },
);
export type TeleProvider = z.infer<typeof teleProvider>;

const leverSchemas = {
  install: z.object({ kind: z.literal('install'), commune: code, specialty, fte: plausible(PLAUSIBLE.fte), ...common }),
  secondarySite: z.object({
    kind: z.literal('secondarySite'),
    from: code,
    to: code,
    specialty,
    doctors: plausible(PLAUSIBLE.doctors),
    daysPerWeek: plausible(PLAUSIBLE.daysPerWeek),
    ...common,
  }),
  // A transfer (version 3): acts of `specialty` for the residents of `territory`, delivered remotely
  // by `provider`; given either in acts per year or as a share of the residents' need.
  teleconsultation: z
    .object({
      kind: z.literal('teleconsultation'),
      grid: gridId,
      territory: code,
      specialty,
      acts: plausible(PLAUSIBLE.teleActs).optional(),
      share: share.optional(),
      provider: teleProvider,
      /** Commune of a nurse-assisted teleconsultation point (« aller vers »), drawn on the map. */
      assistedSite: code.optional(),
      ...common,
    })
    .refine((lever) => (lever.acts === undefined) !== (lever.share === undefined), {
      error: 'donnez le volume téléconsulté soit en actes par an (« acts »), soit en part du besoin (« share »), l’un des deux seulement',
    }),
  msp: z.object({
    kind: z.literal('msp'),
    commune: code,
    extraFte: bySpecialty(plausible(PLAUSIBLE.fte), 'des ETP'),
    productivityGain: plausible(PLAUSIBLE.productivityGain, true).optional(),
    ...common,
  }),
  departures: z.object({ kind: z.literal('departures'), grid: gridId, territory: code, specialty, share, ...common }),
  populationChange: z.object({
    kind: z.literal('populationChange'),
    grid: gridId,
    territory: code,
    factorByAgeBand: z.partialRecord(z.enum(AGE_BANDS.map(String) as [string, ...string[]], { error: 'tranche d’âge inconnue' }), plausible(PLAUSIBLE.populationFactor), {
      error: 'doit associer des tranches d’âge (0, 20, …, 80) à des facteurs',
    }),
    ...common,
  }),
} as const;

export type LeverKind = keyof typeof leverSchemas;
export type Lever = z.infer<(typeof leverSchemas)[LeverKind]>;

/** Units of productivity (parameter `productivityBasis`); the first is the default. */
export const PRODUCTIVITY_BASES = ['etp', 'medecinActif'] as const;
export type ProductivityBasis = (typeof PRODUCTIVITY_BASES)[number];

const parametersSchema = z.object({
  rates: z.enum(['national', 'regional'], { error: 'doit valoir « national » ou « regional »' }).optional(),
  principalSiteWeight: share.optional(),
  productivity: bySpecialty(plausible(PLAUSIBLE.productivity), 'des actes par ETP').optional(),
  catchmentMinutes: bySpecialty(plausible(PLAUSIBLE.catchmentMinutes), 'des minutes').optional(),
  speedKmh: plausible(PLAUSIBLE.speedKmh).optional(),
  detourFactor: plausible(PLAUSIBLE.detourFactor).optional(),
  /**
   * What a unit of productivity is: « etp » (default) acts per doctor counted by the pack, as derived;
   * « medecinActif » acts per active doctor (÷ activeShare), supply counted in active doctors (× activeShare).
   */
  productivityBasis: z
    .enum(PRODUCTIVITY_BASES, {
      error: 'doit valoir « etp » (actes par médecin du paquet, par défaut) ou « medecinActif » (actes par médecin actif, méthode du tableau de bord de la Meuse)',
    })
    .optional(),
  /** Share of the doctors who are active, per specialty (basis « medecinActif »), overriding DEFAULT_ACTIVE_SHARE. */
  activeShare: bySpecialty(plausible(ACTIVE_SHARE_RANGE, true), 'des parts de médecins actifs').optional(),
  /** Clinically teleconsultable share per specialty, overriding TELECONSULTABLE_MAX (cite it in `source`). */
  teleconsultableShare: bySpecialty(share, 'des parts').optional(),
});

export type ScenarioParameters = z.infer<typeof parametersSchema>;

/** The data pack a scenario was built on: informative (shown to the user), never used to compute. */
export interface ScenarioPack {
  id: string;
  label: string;
}

/** A scenario as the engine takes it: lever ids are optional there (the arithmetic ignores them). */
export interface Scenario {
  schemaVersion: number;
  name: string;
  description: string;
  pack?: ScenarioPack;
  parameters: ScenarioParameters;
  levers: Lever[];
}

/** A lever read from a file: its id is set and unique within the scenario. */
export type IdentifiedLever = Lever & { id: string };

/** A scenario read by readScenario / readScenarioText: every lever has its unique id. */
export interface ScenarioDocument extends Scenario {
  levers: IdentifiedLever[];
}

export interface ScenarioReadResult {
  scenario: ScenarioDocument;
  /** What loading changed, in French: migrations applied, ids assigned, unknown fields dropped. */
  warnings: string[];
  /** The file's version when it was older than SCENARIO_SCHEMA_VERSION (and was migrated), else null. */
  migratedFrom: number | null;
}

export class ScenarioError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

const KNOWN_LEVER_KEYS: Record<string, Set<string>> = Object.fromEntries(
  Object.entries(leverSchemas).map(([kind, schema]) => [kind, new Set(Object.keys(schema.shape))]),
);
const TOP_KEYS = ['schemaVersion', 'name', 'description', 'pack', 'parameters', 'levers'] as const;
const KNOWN_TOP_KEYS = new Set<string>(TOP_KEYS);
const PACK_KEYS = ['id', 'label'] as const;
const KNOWN_PARAMETER_KEYS = new Set(Object.keys(parametersSchema.shape));

const describeIssues = (prefix: string, error: z.ZodError): string[] =>
  error.issues.map((issue) => {
    const field = issue.path.length > 0 ? ` champ « ${issue.path.join('.')} »` : '';
    return `${prefix} :${field} ${issue.message}.`;
  });

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value quoted in a message, cut short: a file may hold anything where a version is expected. */
const quote = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

/** First stage: an object with a schemaVersion this version of the application can read. */
function envelopeVersion(raw: unknown): number {
  if (!isObject(raw)) throw new ScenarioError(['Le scénario doit être un objet JSON.']);
  const version = raw.schemaVersion;
  if (version === undefined) {
    throw new ScenarioError(['Champ « schemaVersion » absent : ce fichier n’est pas un scénario Territoire Santé, ou il est incomplet.']);
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ScenarioError([`Version de schéma non prise en charge : ${quote(version)} (attendu : un entier de 1 à ${SCENARIO_SCHEMA_VERSION}).`]);
  }
  if (version > SCENARIO_SCHEMA_VERSION) {
    throw new ScenarioError([
      `Ce scénario a été créé par une version plus récente de Territoire Santé (format ${version} ; cette version lit les formats 1 à ${SCENARIO_SCHEMA_VERSION}). Mettez l’application à jour pour l’ouvrir.`,
    ]);
  }
  return version;
}

/** `pack` is informative: an unusable one is dropped with a warning rather than refusing the file. */
function readPack(value: unknown, dropped: string[]): ScenarioPack | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value) || typeof value.id !== 'string' || value.id.trim() === '' || (value.label !== undefined && typeof value.label !== 'string')) {
    dropped.push('Champ « pack » ignoré : il doit être un objet { "id": identifiant non vide, "label": texte }.');
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!(PACK_KEYS as readonly string[]).includes(key)) dropped.push(`Champ inconnu « pack.${key} » ignoré.`);
  }
  return { id: value.id, label: typeof value.label === 'string' ? value.label : value.id };
}

/** Third stage: zod validation of a document of the current version, normalised (unknown fields dropped). */
function validateCurrentVersion(top: JsonObject): { scenario: ScenarioDocument; dropped: string[] } {
  const problems: string[] = [];
  const dropped: string[] = [];
  for (const key of Object.keys(top)) if (!KNOWN_TOP_KEYS.has(key)) dropped.push(`Champ inconnu « ${key} » ignoré.`);
  if (typeof top.name !== 'string' || top.name.trim() === '') problems.push('Le scénario doit avoir un nom (« name »).');
  if (top.description !== undefined && typeof top.description !== 'string') problems.push('« description » doit être un texte.');
  const pack = readPack(top.pack, dropped);

  let parameters: ScenarioParameters = {};
  if (top.parameters !== undefined) {
    if (isObject(top.parameters)) {
      for (const key of Object.keys(top.parameters)) {
        if (!KNOWN_PARAMETER_KEYS.has(key)) dropped.push(`Paramètre inconnu « ${key} » ignoré.`);
      }
    }
    const parsed = parametersSchema.safeParse(top.parameters);
    if (parsed.success) parameters = parsed.data;
    else problems.push(...describeIssues('Paramètres', parsed.error));
  }

  const levers: IdentifiedLever[] = [];
  const idOwner = new Map<string, number>();
  if (!Array.isArray(top.levers)) problems.push('« levers » doit être une liste de leviers.');
  else {
    top.levers.forEach((rawLever, index) => {
      const name = leverName(index, rawLever);
      const kind = isObject(rawLever) ? rawLever.kind : undefined;
      if (typeof kind !== 'string' || !Object.hasOwn(leverSchemas, kind)) {
        problems.push(`${name} : type de levier inconnu ${quote(kind)} (attendu : ${Object.keys(leverSchemas).join(', ')}).`);
        return;
      }
      for (const key of Object.keys(rawLever as object)) {
        if (!KNOWN_LEVER_KEYS[kind].has(key)) dropped.push(`${name} : champ inconnu « ${key} » ignoré.`);
      }
      const parsed = leverSchemas[kind as LeverKind].safeParse(rawLever);
      if (!parsed.success) {
        problems.push(...describeIssues(name, parsed.error));
        return;
      }
      const id = parsed.data.id;
      if (id === undefined || id.trim() === '') problems.push(`${name} : identifiant (« id ») absent ou vide ; il est obligatoire depuis la version 2.`);
      else if (id.length > MAX_LEVER_ID_LENGTH) problems.push(`${name} : identifiant trop long (${id.length} caractères, ${MAX_LEVER_ID_LENGTH} au plus).`);
      else if (idOwner.has(id)) problems.push(`${name} : identifiant « ${id} » déjà utilisé par le levier ${idOwner.get(id)! + 1}.`);
      else {
        idOwner.set(id, index);
        levers.push({ ...parsed.data, id });
      }
    });
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  const scenario: ScenarioDocument = {
    schemaVersion: SCENARIO_SCHEMA_VERSION,
    name: (top.name as string).trim(),
    description: (top.description as string | undefined) ?? '',
    parameters,
    levers,
  };
  if (pack) scenario.pack = pack;
  return { scenario, dropped };
}

function load(raw: unknown): { scenario: ScenarioDocument; notes: string[]; dropped: string[]; version: number } {
  const version = envelopeVersion(raw);
  const { document, notes } = migrateDocument(raw as JsonObject, version, SCENARIO_SCHEMA_VERSION);
  const { scenario, dropped } = validateCurrentVersion(document);
  return { scenario, notes, dropped, version };
}

/**
 * Loads a parsed scenario file of any supported version: envelope check, migrations step by step up to
 * SCENARIO_SCHEMA_VERSION, validation and normalisation. Throws ScenarioError (French problems, every
 * one found) when the file cannot be used; never returns a partly valid scenario.
 */
export function readScenario(raw: unknown): ScenarioReadResult {
  const { scenario, notes, dropped, version } = load(raw);
  return { scenario, warnings: [...notes, ...dropped], migratedFrom: version < SCENARIO_SCHEMA_VERSION ? version : null };
}

/**
 * Same pipeline as readScenario, kept for its callers (CLI, tests): `warnings` lists only the fields
 * dropped, not the migration notes, so that version-1 scenarios written in code read without noise.
 */
export function parseScenario(raw: unknown): { scenario: ScenarioDocument; warnings: string[] } {
  const { scenario, dropped } = load(raw);
  return { scenario, warnings: dropped };
}

/** French description of a JSON syntax error, located by line and column when the engine says where. */
function describeJsonSyntaxError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/end of (JSON|data)|Unterminated/i.test(message)) {
    return 'Le fichier n’est pas un JSON valide : le texte s’arrête avant la fin (fichier tronqué ?).';
  }
  const position = /position (\d+)/.exec(message);
  if (position) {
    const before = text.slice(0, Number(position[1]));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return `Le fichier n’est pas un JSON valide : erreur de syntaxe ligne ${line}, colonne ${column}.`;
  }
  return 'Le fichier n’est pas un JSON valide : erreur de syntaxe.';
}

/** Loads the text of a scenario file (UTF-8, with or without BOM). Throws ScenarioError on any problem. */
export function readScenarioText(text: string): ScenarioReadResult {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new ScenarioError(['Le fichier est vide : ce n’est pas un scénario.']);
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (error) {
    throw new ScenarioError([describeJsonSyntaxError(body, error)]);
  }
  return readScenario(raw);
}

/** Keys of `record` in the order of `order`, then any others alphabetically (a stable file for diffs). */
function orderedRecord(record: unknown, order: readonly string[]): unknown {
  if (!isObject(record)) return record;
  const keys = [...order.filter((k) => Object.hasOwn(record, k)), ...Object.keys(record).filter((k) => !order.includes(k)).sort()];
  return Object.fromEntries(keys.map((k) => [k, record[k]]));
}

/** Only the format's fields, in the order of `order` (fields the interface may add are not written). */
const picked = (source: JsonObject, order: readonly string[]): JsonObject =>
  Object.fromEntries(order.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));

const LEVER_HEAD = ['id', 'kind', 'label', 'enabled'];
const RECORDS_BY_SPECIALTY = new Set(['extraFte', 'productivity', 'catchmentMinutes']);

function canonicalLever(lever: JsonObject): JsonObject {
  const schema = typeof lever.kind === 'string' && Object.hasOwn(leverSchemas, lever.kind) ? leverSchemas[lever.kind as LeverKind] : null;
  const specific = schema ? Object.keys(schema.shape).filter((k) => !LEVER_HEAD.includes(k) && k !== 'source') : [];
  const result = picked(lever, [...LEVER_HEAD, ...specific, 'source']);
  if (result.extraFte !== undefined) result.extraFte = orderedRecord(result.extraFte, SPECIALTIES);
  if (result.factorByAgeBand !== undefined) result.factorByAgeBand = orderedRecord(result.factorByAgeBand, AGE_BANDS.map(String));
  return result;
}

/**
 * The file text of a scenario, in the current version: fixed key order, 2-space indentation, final
 * newline, so that saving the same scenario twice gives the same bytes and versions diff cleanly.
 * Lever ids missing or repeated (a scenario built in code) are assigned as the 1 → 2 migration does,
 * so the text always reads back. Values are not validated: work in progress can be autosaved.
 */
export function serializeScenario(scenario: Scenario): string {
  const { levers } = assignLeverIds(scenario.levers);
  const parameters = picked(scenario.parameters as JsonObject, [...KNOWN_PARAMETER_KEYS]);
  for (const key of RECORDS_BY_SPECIALTY) if (parameters[key] !== undefined) parameters[key] = orderedRecord(parameters[key], SPECIALTIES);
  const document = picked(
    {
      schemaVersion: SCENARIO_SCHEMA_VERSION,
      name: scenario.name,
      description: scenario.description ?? '',
      pack: scenario.pack ? picked(scenario.pack as unknown as JsonObject, PACK_KEYS) : undefined,
      parameters,
      levers: levers.map((lever) => (isObject(lever) ? canonicalLever(lever) : lever)),
    },
    TOP_KEYS,
  );
  return `${JSON.stringify(document, null, 2)}\n`;
}

export interface ResolvedParameters extends ModelParameters {
  productivityBasis: ProductivityBasis;
  /** Clinically teleconsultable share of need, per specialty (scenario value, else TELECONSULTABLE_MAX). */
  teleconsultable: Float64Array;
  catchmentMinutes: Float64Array;
  speedKmh: number;
  detourFactor: number;
}

/**
 * Model parameters with the defaults filled in. Productivity per specialty, in acts per year: the
 * scenario's value, else the pack's derivation (`derivedProductivity`, acts ÷ doctors of the RPPS), else
 * DEFAULT_PRODUCTIVITY. With `productivityBasis` « medecinActif », the pack's or default value is divided
 * by the active share (scenario, else DEFAULT_ACTIVE_SHARE) and the installed supply multiplied by it
 * (`supplyShare`): capacity in acts is unchanged, FTE figures count active doctors. A scenario value is
 * taken as given, in the basis's unit. productivity.ts describes the same choice in French.
 */
export function resolveParameters(parameters: ScenarioParameters, derivedProductivity?: Partial<Record<Specialty, number>>): ResolvedParameters {
  const pick = <T>(s: Specialty, override: Partial<Record<Specialty, T>> | undefined, fallback: T): T => override?.[s] ?? fallback;
  const productivityBasis = parameters.productivityBasis ?? 'etp';
  const supplyShare =
    productivityBasis === 'medecinActif' ? Float64Array.from(SPECIALTIES, (s) => pick(s, parameters.activeShare, DEFAULT_ACTIVE_SHARE[s].value)) : undefined;
  return {
    rates: parameters.rates ?? 'national',
    principalWeight: parameters.principalSiteWeight ?? 0.8,
    productivityBasis,
    ...(supplyShare ? { supplyShare } : {}),
    productivity: Float64Array.from(SPECIALTIES, (s, i) =>
      pick(s, parameters.productivity, (derivedProductivity?.[s] ?? DEFAULT_PRODUCTIVITY[s].value) / (supplyShare?.[i] ?? 1)),
    ),
    teleconsultable: Float64Array.from(SPECIALTIES, (s) => pick(s, parameters.teleconsultableShare, TELECONSULTABLE_MAX[s].value)),
    catchmentMinutes: Float64Array.from(SPECIALTIES, (s) => pick(s, parameters.catchmentMinutes, DEFAULT_CATCHMENT_MINUTES[s].value)),
    speedKmh: parameters.speedKmh ?? DEFAULT_SPEED_KMH.value,
    detourFactor: parameters.detourFactor ?? DEFAULT_DETOUR_FACTOR.value,
  };
}

/** Parameters the levers read; the teleconsultable shares default to TELECONSULTABLE_MAX. */
export type LeverParameters = ModelParameters & { teleconsultable?: Float64Array };
const TELECONSULTABLE_DEFAULTS = Float64Array.from(SPECIALTIES, (s) => TELECONSULTABLE_MAX[s].value);

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
  params: LeverParameters,
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
  const teleProviderCommunes = (name: string, provider: TeleProvider): number[] | null => {
    if (provider.kind === 'external') return [];
    if (provider.kind === 'territory') return territoryCommunes(`${name} (prestataire)`, provider.grid, provider.territory);
    const c = commune(name, 'provider.commune', provider.commune);
    return c === null ? null : [c];
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
        const residents = territoryCommunes(name, lever.grid, lever.territory);
        const providers = teleProviderCommunes(name, lever.provider);
        if (!residents || !providers) return;
        const s = specialtyIndex(lever.specialty);
        const inResidents = new Set(residents);
        if (providers.some((c) => inResidents.has(c))) {
          problems.push(`${name} : le prestataire est dans le territoire des patients ; la téléconsultation doit venir d’ailleurs.`);
          return;
        }
        if (lever.assistedSite !== undefined) {
          const site = commune(name, 'assistedSite', lever.assistedSite);
          if (site === null) return;
          if (!inResidents.has(site)) {
            problems.push(`${name} : le point de téléconsultation assistée (${lever.assistedSite}) doit être dans le territoire des patients.`);
            return;
          }
        }
        // Residents receive in proportion to their need, so every commune's teleconsultable share is
        // reached at the same time (the bound below is that of the territory).
        const needs = residents.map((c) => communeNeed(inputs, params, adjustments, c, s));
        const need = needs.reduce((a, b) => a + b, 0);
        const acts = lever.acts ?? (lever.share ?? 0) * need;
        if (acts <= 0) return;
        if (need <= 0) {
          problems.push(`${name} : les habitants du territoire n’ont pas de besoin en ${SPECIALTY_NAMES[s]} à téléconsulter.`);
          return;
        }
        const maximum = (params.teleconsultable ?? TELECONSULTABLE_DEFAULTS)[s];
        const specialtyName = SPECIALTY_NAMES[s];
        if (maximum <= 0) {
          problems.push(`${name} : la ${specialtyName} ne se téléconsulte pas (part téléconsultable de 0 %, paramètre « teleconsultableShare »).`);
          return;
        }
        const received = residents.reduce((sum, c) => sum + adjustments.teleReceived[c * SPECIALTY_COUNT + s], 0);
        if (received + acts > maximum * need * (1 + 1e-9)) {
          problems.push(
            `${name} : ${actsText(acts)} téléconsultés${received > 0 ? ` (plus ${actsText(received)} par les leviers précédents)` : ''} dépassent la part téléconsultable en ${specialtyName} (${frenchNumber(maximum * 100)} % du besoin des habitants, soit ${actsText(floorActs(maximum * need))}).`,
          );
          return;
        }
        if (lever.provider.kind !== 'external') {
          // The provider's doctors give the acts in proportion to their own capacity, within the
          // convention's share of a doctor's activity that may be teleconsultation.
          const own = providers.map((c) => ownCapacity(adjustments, params, c, s));
          const capacity = own.reduce((a, b) => a + b, 0);
          const given = providers.reduce((sum, c) => sum + adjustments.teleGiven[c * SPECIALTY_COUNT + s], 0);
          const limit = PROVIDER_TELECONSULTATION_MAX.value * capacity;
          const place = providerPlace(lever.provider);
          if (capacity <= 0) {
            problems.push(`${name} : ${place} n’a aucun médecin en ${specialtyName}, rien ne peut en être téléconsulté. Choisissez d’autres médecins ou une offre extérieure.`);
            return;
          }
          if (given + acts > limit * (1 + 1e-9)) {
            const doctors = place.replace(/^la /, 'les médecins de la ').replace(/^le /, 'les médecins du ');
            problems.push(
              `${name} : ${doctors} ne peuvent téléconsulter que ${actsText(floorActs(Math.max(0, limit - given)))} de plus en ${specialtyName} (${frenchNumber(PROVIDER_TELECONSULTATION_MAX.value * 100)} % de leur activité de ${actsText(Math.round(capacity))}, règle conventionnelle), pas ${actsText(acts)}.`,
            );
            return;
          }
          providers.forEach((c, i) => {
            write('teleGiven')[c * SPECIALTY_COUNT + s] += (acts * own[i]) / capacity;
            touched.add(c);
          });
        }
        residents.forEach((c, i) => {
          const k = c * SPECIALTY_COUNT + s;
          const part = (acts * needs[i]) / need;
          write('teleReceived')[k] += part;
          if (lever.provider.kind === 'external') write('externalActs')[k] += part;
          touched.add(c);
        });
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
  if (problems.length === 0) checkCombined(inputs, params, adjustments, touched, problems);
  if (problems.length > 0) throw new ScenarioError(problems);
  return { adjustments, touched };
}

/**
 * Bounds that hold for the levers TOGETHER, checked after all of them: population factors multiply
 * across levers (320 levers of ×10 would overflow to Infinity), and a later lever (departures, a
 * secondary site, fewer inhabitants, another teleconsultation from the same doctors) may leave a
 * provider giving more than the convention allows or residents receiving more than their
 * teleconsultable need. Reported per commune, naming what to change.
 */
function checkCombined(inputs: EngineInputs, params: LeverParameters, adjustments: Adjustments, touched: Set<number>, problems: string[]): void {
  const teleconsultable = params.teleconsultable ?? TELECONSULTABLE_DEFAULTS;
  const { min, max } = PLAUSIBLE.populationFactor;
  for (const c of touched) {
    for (let b = 0; b < BAND_COUNT; b++) {
      const factor = adjustments.populationFactor[c * BAND_COUNT + b];
      if (factor < min || factor > max) {
        problems.push(
          `Les leviers d’évolution de la population, ensemble, multiplient la tranche ${ageBandLabel(AGE_BANDS[b])} de la commune ${inputs.communes[c]} par ${frenchNumber(factor)} : le facteur combiné doit rester entre ${frenchNumber(min)} et ${frenchNumber(max)}.`,
        );
        return;
      }
    }
    for (let s = 0; s < SPECIALTY_COUNT; s++) {
      const k = c * SPECIALTY_COUNT + s;
      const given = adjustments.teleGiven[k];
      if (given > 0) {
        const limit = PROVIDER_TELECONSULTATION_MAX.value * ownCapacity(adjustments, params, c, s);
        if (given > limit * (1 + 1e-9) + 1e-6) {
          problems.push(
            `Après tous les leviers, les médecins en ${SPECIALTY_NAMES[s]} de la commune ${inputs.communes[c]} téléconsulteraient ${actsText(given)}, plus de ${frenchNumber(PROVIDER_TELECONSULTATION_MAX.value * 100)} % de leur activité restante (${actsText(floorActs(limit))}) : réduisez la téléconsultation, ou vérifiez les leviers qui retirent des médecins à cette commune et ses autres téléconsultations.`,
          );
        }
      }
      const received = adjustments.teleReceived[k];
      if (received > 0) {
        const limit = teleconsultable[s] * communeNeed(inputs, params, adjustments, c, s);
        if (received > limit * (1 + 1e-9) + 1e-6) {
          problems.push(
            `Après tous les leviers, les habitants de la commune ${inputs.communes[c]} recevraient ${actsText(received)} en ${SPECIALTY_NAMES[s]} par téléconsultation, plus que leur part téléconsultable (${actsText(floorActs(limit))}) : réduisez la téléconsultation, ou vérifiez l’évolution de la population et les autres téléconsultations vers ce territoire.`,
          );
        }
      }
    }
  }
}
