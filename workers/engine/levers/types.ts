// The contract of a lever kind (issue 13: « a new lever kind is one new module plus its registration »,
// after Excalidraw's registered actions): one module per kind holds its file schema, its arithmetic on
// the engine's Adjustments, its French sentence, its defaults with their sources, its form and its map
// mark. The engine stays pure, so the form and the mark are DATA here (field and mark descriptors),
// drawn by generic code in renderer/scenario/LeverForm.tsx and renderer/map/lever-marks.ts.
import type { z } from 'zod';
import type { Specialty } from '../domain';
import type { Adjustments, EngineInputs, ModelParameters } from '../model';

/** Parameters the levers read; the teleconsultable shares default to TELECONSULTABLE_MAX. */
export type LeverParameters = ModelParameters & { teleconsultable?: Float64Array };

/** How a lever description names places: the report reads the evaluation's grids, the screen its own lists. */
export interface LeverNamer {
  commune(code: string): string;
  territory(gridId: string, code: string): string;
}

/** A place a lever names: a commune by INSEE code, or a territory of a grid. */
export type PlaceRef = { commune: string } | { grid: string; territory: string };

/**
 * What a lever draws on the map (resolved to lon/lat by renderer/map/lever-marks.ts): a symbol `at` a
 * place, or an arrow `at` → `to` when something moves. When an arrow's ends cannot both be placed,
 * the symbol is drawn at `fallback` if given, else nothing is drawn.
 */
export interface MarkSpec {
  at: PlaceRef;
  to?: PlaceRef;
  fallback?: PlaceRef;
  /** Plain French for elected officials (issue 13): words, not codes nor « ETP ». */
  text: string;
}

/** A plausible range and its unit (workers/engine/reference.ts PLAUSIBLE). */
export interface Range {
  min: number;
  max: number;
}

/**
 * Custom form parts, for what a field list cannot say; renderer/scenario/custom-fields.tsx maps each
 * name to its component (the compiler checks that none is missing).
 */
export type CustomWidget = 'secondarySitePlaces' | 'teleconsultationTransfer';

/**
 * One field of a lever's form, read and written at `lever[name]` (a field of the kind's schema: checked
 * by registry.test.ts, as names are plain strings here). Labels are French, as shown.
 * - commune: the lever's commune, shown (« Commune : Étain »), not edited (the place is chosen on the map);
 * - territory: the lever's `grid` and `territory`, shown, after `prefix`;
 * - specialty: a list of the specialties;
 * - choice: a list of `options` (value written, label shown);
 * - number: a decimal typed the French way, within `range`; `percent` shows a share as a percentage;
 *   an absent optional value is shown as `empty` (0 by default);
 * - bySpecialty / byAgeBand: one number per specialty (those given, plus `always`) / per age band;
 * - optionalCommune: a commune that may be absent (search, « retirer »);
 * - custom: a component of the renderer, by name.
 */
export type FieldDescriptor =
  | { type: 'commune'; name: string; label: string }
  | { type: 'territory'; prefix?: string }
  | { type: 'specialty'; name: string }
  | { type: 'choice'; name: string; label: string; options: readonly { value: string; label: string }[] }
  | { type: 'number'; name: string; label: string; unit?: string; range: Range; percent?: boolean; empty?: number }
  | { type: 'bySpecialty'; name: string; label: string; unit?: string; range: Range; always: readonly Specialty[] }
  | { type: 'byAgeBand'; name: string; label: string; unit?: string; range: Range; empty: number }
  | { type: 'optionalCommune'; name: string; label: string; chosen: string; remove: string; testId: string }
  | { type: 'custom'; widget: CustomWidget };

/** Where a new lever is placed: the commune or territory the planner clicked, named. */
export type NewLeverPlace = { commune: string; communeName: string } | { grid: string; territory: string; territoryName: string };

export interface NewLeverContext {
  place: NewLeverPlace;
  /** Name of the place, for labels: « Bar-le-Duc ». */
  where: string;
  /** The map's specialty. */
  specialty: Specialty;
  /** Kind-specific values from a dedicated form (the secondary site's two communes, doctors and days). */
  options?: Readonly<Record<string, unknown>>;
}

/**
 * What a lever's arithmetic may use while the levers are applied in order (workers/engine/levers/apply.ts).
 * Problems are French and name the lever; any problem means nothing is applied.
 */
export interface ApplyContext {
  inputs: EngineInputs;
  params: LeverParameters;
  /** Adjustments as the previous levers left them (read them at the time of use: writes replace arrays). */
  readonly adjustments: Adjustments;
  /** Adjustments before any lever (the parameters' identity). */
  readonly baseline: Adjustments;
  /** « Levier 2 (« Installation à Étain ») », for messages. */
  name: string;
  /** The array of `field`, copied on first write; write into it. */
  write(field: keyof Adjustments): Float64Array;
  /** Marks communes whose need or capacity changed (checked together after all levers). */
  touch(...communes: number[]): void;
  problem(message: string): void;
  /** Index of a commune, or null (a problem is recorded naming `field`). */
  commune(field: string, code: string): number | null;
  /** Indices of the communes of a territory, or null (a problem is recorded, under `name`). */
  territory(grid: string, territory: string, name?: string): number[] | null;
}

/**
 * One lever kind. `S` is its zod schema (a z.object whose `kind` is a literal); the lever type is
 * z.infer<S>. Methods (not arrow properties) so that a module of one kind fits the registry's list.
 */
export interface LeverKindModule<S extends z.ZodObject = z.ZodObject, L extends { kind: string } = z.infer<S> & { kind: string }> {
  readonly kind: L['kind'];
  /** Validates and normalises the lever as read from a scenario file (messages French, per field). */
  readonly schema: S;
  /** French name of the kind (« Installation de médecins ») and what it does, for the editor. */
  readonly label: string;
  readonly help: string;
  /** What a map click gives a new lever of this kind. */
  readonly place: 'commune' | 'territory';
  /** Records whose keys are written in a fixed order in files (stable diffs). */
  readonly recordKeyOrder?: Readonly<Record<string, readonly string[]>>;
  /** The form, field by field. */
  readonly form: readonly FieldDescriptor[];
  /** A new lever's fields besides kind and id, with its default assumptions and their source. */
  defaults(context: NewLeverContext): Omit<L, 'kind' | 'id'>;
  /** What the lever does to the Adjustments (through `context.write`). */
  apply(lever: L, context: ApplyContext): void;
  /** One French sentence, the same on screen and in every export. */
  describe(lever: L, names: LeverNamer): string;
  /** Its mark on the map, or null when it is not drawn. */
  mark(lever: L): MarkSpec | null;
  /** Grids the lever names (to load them); default: its `grid` field if any. */
  grids?(lever: L): string[];
}
