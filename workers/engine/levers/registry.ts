// The lever registry: every lever kind the application knows, one module each (issue 13, after
// Excalidraw's registered actions). The generic code — reading a scenario file (scenario.ts), applying
// levers (apply.ts), describing them (workers/export/context.ts), their forms
// (renderer/scenario/LeverForm.tsx) and marks (renderer/map/lever-marks.ts) — asks the registry and
// never switches on a kind.
//
// To add a kind:
//   1. write workers/engine/levers/<kind>.ts exporting a LeverKindModule (types.ts says each part;
//      install.ts is the smallest example): schema (z.object with `kind: z.literal(…)` and
//      ...commonFields), label and help, place, form (field descriptors), defaults (with their
//      source), apply (through ApplyContext.write), describe, mark;
//   2. add it to LEVER_KIND_MODULES below (the menu's order) and to EVERY_KIND in registry.test.ts
//      (the type check fails until then), and its row to the kinds' table of docs/format-scenario.md.
// Only a form that field descriptors cannot say needs more: a CustomWidget name (types.ts) and its
// component in renderer/scenario/custom-fields.tsx. The format version changes only if the new kind
// must be refused by older versions of the application (they already refuse unknown kinds).
// What still knows two kinds by name (a newcomer should know): the checks on all levers together
// (apply.ts: combined population factors, teleconsultable share — bounds on the Adjustments), and the
// editor's two-commune placement of a secondary site (renderer/scenario/ScenarioPanel.tsx, levers.ts).
import type { z } from 'zod';
import type { JsonObject } from '../scenario-migrations';
import { careProgramme } from './care-programme';
import { departures } from './departures';
import { install } from './install';
import { msp } from './msp';
import { populationChange } from './population-change';
import { secondarySite } from './secondary-site';
import { teleconsultation } from './teleconsultation';
import type { FieldDescriptor, LeverKindModule, LeverNamer, MarkSpec, NewLeverContext } from './types';

/** The kinds, in the order of the editor's menu. Registering a kind is one line here. */
export const LEVER_KIND_MODULES = [install, secondarySite, msp, teleconsultation, departures, populationChange, careProgramme] as const;

type Registered = (typeof LEVER_KIND_MODULES)[number];
export type LeverKind = Registered['kind'];
/** A lever of any registered kind, as its schema gives it (discriminated by `kind`). */
export type Lever = z.infer<Registered['schema']>;

/** Any lever, seen by the generic code (its fields by name). */
export type AnyLever = { kind: string } & Record<string, unknown>;
/** Any lever kind module, seen by the generic code. */
export type AnyLeverKind = LeverKindModule<z.ZodObject, AnyLever>;

/** French description of zod issues: « Levier 2 : champ « fte » doit être compris entre 0 et 100 ETP. » */
export const describeIssues = (prefix: string, error: z.ZodError): string[] =>
  error.issues.map((issue) => {
    const field = issue.path.length > 0 ? ` champ « ${issue.path.join('.')} »` : '';
    return `${prefix} :${field} ${issue.message}.`;
  });

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value quoted in a message, cut short: a file may hold anything where a kind is expected. */
const quote = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

/** Lever fields the file writes first and last, around the kind's own fields. */
const LEVER_HEAD = ['id', 'kind', 'label', 'enabled'];

/** Keys of `record` in the order of `order`, then any others alphabetically (a stable file for diffs). */
export function orderedRecord(record: unknown, order: readonly string[]): unknown {
  if (!isObject(record)) return record;
  const keys = [...order.filter((k) => Object.hasOwn(record, k)), ...Object.keys(record).filter((k) => !order.includes(k)).sort()];
  return Object.fromEntries(keys.map((k) => [k, record[k]]));
}

/** Everything the generic code asks about levers, for a list of kinds. */
export interface LeverRegistry<L extends { kind: string } = Lever> {
  readonly kinds: readonly AnyLeverKind[];
  /** The module of a kind, or undefined for an unknown (or inherited, « __proto__ ») name. */
  get(kind: unknown): AnyLeverKind | undefined;
  /**
   * A lever read from a file: unknown kind or invalid fields are pushed to `problems` (French, under
   * `name`) and give null; unknown fields are dropped, with a note in `dropped`.
   */
  read(raw: unknown, name: string, problems: string[], dropped: string[]): L | null;
  /** The lever's fields in file order (head, the kind's own fields, source); records ordered. */
  canonical(lever: JsonObject): JsonObject;
  /** A new lever of a kind with its default assumptions; label « <kind label> — <place> » unless the kind sets one. */
  create(kind: L['kind'], id: string, context: NewLeverContext): L;
  describe(lever: L, names: LeverNamer): string;
  form(lever: L): readonly FieldDescriptor[];
  mark(lever: L): MarkSpec | null;
  /** Grids a lever names (to load them before it is applied or drawn). */
  grids(lever: L): string[];
  /** French name of a kind (« Installation de médecins »). */
  label(kind: L['kind']): string;
}

/**
 * A registry over `modules` (the application's is LEVER_REGISTRY; tests build others to show that a
 * kind needs nothing but its module). Kinds must be unique.
 */
export function createLeverRegistry<L extends { kind: string } = Lever>(modules: readonly AnyLeverKind[]): LeverRegistry<L> {
  const kinds = modules;
  const byKind = new Map(kinds.map((m) => [m.kind, m]));
  if (byKind.size !== kinds.length) throw new Error(`Types de levier en double : ${kinds.map((m) => m.kind).join(', ')}`);
  const known = new Map(kinds.map((m) => [m.kind, new Set(Object.keys(m.schema.shape))]));
  const get = (kind: unknown) => (typeof kind === 'string' ? byKind.get(kind) : undefined);
  const must = (kind: string): AnyLeverKind => {
    const module = byKind.get(kind);
    if (!module) throw new Error(`Type de levier inconnu « ${kind} » (attendu : ${[...byKind.keys()].join(', ')}).`);
    return module;
  };
  return {
    kinds,
    get,
    read(raw, name, problems, dropped) {
      const kind = isObject(raw) ? raw.kind : undefined;
      const module = get(kind);
      if (!module) {
        problems.push(`${name} : type de levier inconnu ${quote(kind)} (attendu : ${[...byKind.keys()].join(', ')}).`);
        return null;
      }
      const keys = known.get(module.kind)!;
      for (const key of Object.keys(raw as object)) if (!keys.has(key)) dropped.push(`${name} : champ inconnu « ${key} » ignoré.`);
      const parsed = module.schema.safeParse(raw);
      if (!parsed.success) {
        problems.push(...describeIssues(name, parsed.error));
        return null;
      }
      return parsed.data as unknown as L;
    },
    canonical(lever) {
      const module = get(lever.kind);
      const specific = module ? Object.keys(module.schema.shape).filter((k) => !LEVER_HEAD.includes(k) && k !== 'source') : [];
      const order = [...LEVER_HEAD, ...specific, 'source'];
      const result: JsonObject = Object.fromEntries(order.filter((k) => lever[k] !== undefined).map((k) => [k, lever[k]]));
      for (const [field, keyOrder] of Object.entries(module?.recordKeyOrder ?? {})) {
        if (result[field] !== undefined) result[field] = orderedRecord(result[field], keyOrder);
      }
      return result;
    },
    create(kind, id, context) {
      const module = must(kind);
      return { kind, id, label: `${module.label} — ${context.where}`, ...module.defaults(context) } as unknown as L;
    },
    describe: (lever, names) => get(lever.kind)?.describe(lever as unknown as AnyLever, names) ?? JSON.stringify(lever),
    form: (lever) => get(lever.kind)?.form ?? [],
    mark: (lever) => get(lever.kind)?.mark(lever as unknown as AnyLever) ?? null,
    grids(lever) {
      const module = get(lever.kind);
      const any = lever as unknown as AnyLever;
      if (module?.grids) return module.grids(any);
      return typeof any.grid === 'string' ? [any.grid] : [];
    },
    label: (kind) => must(kind).label,
  };
}

/** The application's levers. */
export const LEVER_REGISTRY: LeverRegistry = createLeverRegistry(LEVER_KIND_MODULES);
