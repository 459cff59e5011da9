// Scenario files: schema, loading (envelope → migrations → validation and normalisation → report),
// serialisation, and application of the levers to the engine's adjustments. Messages are French and
// name the lever. Nothing is applied when any lever is invalid. Format: docs/format-scenario.md.
// Each lever kind (schema, arithmetic, sentence, defaults, form, map mark) is a module of levers/,
// listed in levers/registry.ts: this file names none of them.
import { z } from 'zod';
import { SPECIALTIES, type Specialty } from './domain';
import { assignLeverIds, leverName, migrateDocument, type JsonObject } from './scenario-migrations';
import { identityAdjustments, type Adjustments, type EngineInputs, type ModelParameters } from './model';
import {
  DEFAULT_CATCHMENT_MINUTES,
  DEFAULT_DETOUR_FACTOR,
  ACTIVE_SHARE_RANGE,
  DEFAULT_ACTIVE_SHARE,
  DEFAULT_PRODUCTIVITY,
  DEFAULT_SPEED_KMH,
  PLAUSIBLE,
  TELECONSULTABLE_MAX,
} from './reference';
import { ScenarioError } from './scenario-error';
import { applyWithRegistry, type AppliedScenario } from './levers/apply';
import { bySpecialty, plausible, share } from './levers/fields';
import { describeIssues, LEVER_REGISTRY, orderedRecord, type Lever, type LeverRegistry } from './levers/registry';
import type { LeverParameters } from './levers/types';

// The lever kinds live in workers/engine/levers/ (one module each, registry.ts lists them); these
// re-exports keep the importers of scenario.ts unchanged.
export { ScenarioError } from './scenario-error';
export type { AppliedScenario } from './levers/apply';
export type { Lever, LeverKind } from './levers/registry';
export type { TeleProvider } from './levers/teleconsultation';
export type { LeverParameters } from './levers/types';

/** Version written by serializeScenario; files of versions 1 … this one are read (older ones migrated). */
export const SCENARIO_SCHEMA_VERSION = 3;
/** Longest lever id accepted: ids are shown in the interface and kept in its undo history. */
const MAX_LEVER_ID_LENGTH = 200;

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

/** What reading a scenario asks of a lever registry (levers/registry.ts): its `read`, for any kinds. */
type LeverReader = Pick<LeverRegistry<{ kind: string; id?: string }>, 'read'>;

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

const TOP_KEYS = ['schemaVersion', 'name', 'description', 'pack', 'parameters', 'levers'] as const;
const KNOWN_TOP_KEYS = new Set<string>(TOP_KEYS);
const PACK_KEYS = ['id', 'label'] as const;
const KNOWN_PARAMETER_KEYS = new Set(Object.keys(parametersSchema.shape));

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
function validateCurrentVersion(top: JsonObject, registry: LeverReader): { scenario: ScenarioDocument; dropped: string[] } {
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
      const lever = registry.read(rawLever, name, problems, dropped);
      if (!lever) return;
      const id = lever.id;
      if (id === undefined || id.trim() === '') problems.push(`${name} : identifiant (« id ») absent ou vide ; il est obligatoire depuis la version 2.`);
      else if (id.length > MAX_LEVER_ID_LENGTH) problems.push(`${name} : identifiant trop long (${id.length} caractères, ${MAX_LEVER_ID_LENGTH} au plus).`);
      else if (idOwner.has(id)) problems.push(`${name} : identifiant « ${id} » déjà utilisé par le levier ${idOwner.get(id)! + 1}.`);
      else {
        idOwner.set(id, index);
        // Of a registered kind: a Lever for the application's registry (a test's may add kinds).
        levers.push({ ...lever, id } as IdentifiedLever);
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

function load(raw: unknown, registry: LeverReader = LEVER_REGISTRY): { scenario: ScenarioDocument; notes: string[]; dropped: string[]; version: number } {
  const version = envelopeVersion(raw);
  const { document, notes } = migrateDocument(raw as JsonObject, version, SCENARIO_SCHEMA_VERSION);
  const { scenario, dropped } = validateCurrentVersion(document, registry);
  return { scenario, notes, dropped, version };
}

/**
 * Loads a parsed scenario file of any supported version: envelope check, migrations step by step up to
 * SCENARIO_SCHEMA_VERSION, validation and normalisation. Throws ScenarioError (French problems, every
 * one found) when the file cannot be used; never returns a partly valid scenario. `registry`: the
 * lever kinds understood (the application's by default; tests pass others).
 */
export function readScenario(raw: unknown, registry: LeverReader = LEVER_REGISTRY): ScenarioReadResult {
  const { scenario, notes, dropped, version } = load(raw, registry);
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

/** Only the format's fields, in the order of `order` (fields the interface may add are not written). */
const picked = (source: JsonObject, order: readonly string[]): JsonObject =>
  Object.fromEntries(order.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));

const RECORDS_BY_SPECIALTY = new Set(['productivity', 'catchmentMinutes']);

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
      levers: levers.map((lever) => (isObject(lever) ? LEVER_REGISTRY.canonical(lever) : lever)),
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
  return applyWithRegistry(LEVER_REGISTRY, inputs, params, levers, baseline, communeIndex);
}
