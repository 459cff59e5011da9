// Migrations of scenario files between schema versions. Each step takes the JSON document of version
// n (untyped: old versions do not match today's types) and returns the document of version n + 1 with
// notes, in French, of what it changed. Steps never mutate their input and never throw: whatever they
// cannot fix is left for the validation of the current version to report.
//
// Adding version n + 1: append a step { from: n, to: n + 1 } below, raise SCENARIO_SCHEMA_VERSION in
// scenario.ts, add tests/fixtures/scenarios/v<n + 1>/ and the changelog entry of docs/format-scenario.md.

import { formatDecimal } from '../../common/format-fr';

export type JsonObject = Record<string, unknown>;

export interface MigrationStep {
  from: number;
  to: number;
  migrate(document: JsonObject): { document: JsonObject; notes: string[] };
}

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** « Levier 3 (« MSP de Stenay ») »: how messages name a lever (1-based, with its label when it has one). */
export function leverName(index: number, raw: unknown): string {
  const label = isObject(raw) && typeof raw.label === 'string' && raw.label.trim() !== '' ? ` (« ${raw.label} »)` : '';
  return `Levier ${index + 1}${label}`;
}

const isUsableId = (id: unknown): id is string => typeof id === 'string' && id.trim() !== '';

/**
 * Gives every lever object a unique non-empty `id`. Ids already present are kept (the first lever
 * holding an id keeps it); the others get `${kind}-${n}`, n the smallest number not used by any
 * lever, so that the result depends only on the document (loading the same file twice gives the same
 * ids, which the interface's toggles and undo history rely on). Non-object entries are left alone.
 */
export function assignLeverIds(levers: readonly unknown[]): { levers: unknown[]; notes: string[] } {
  const owner = new Map<string, number>();
  levers.forEach((lever, index) => {
    if (isObject(lever) && isUsableId(lever.id) && !owner.has(lever.id)) owner.set(lever.id, index);
  });
  const taken = new Set(owner.keys());
  const nextNumber = new Map<string, number>();
  const notes: string[] = [];
  const result = levers.map((lever, index) => {
    if (!isObject(lever) || (isUsableId(lever.id) && owner.get(lever.id) === index)) return lever;
    // Kinds come from the file: only a plain word makes a readable id (an invalid kind is reported later).
    const prefix = typeof lever.kind === 'string' && /^[A-Za-z]{1,40}$/.test(lever.kind) ? lever.kind : 'levier';
    let n = nextNumber.get(prefix) ?? 1;
    while (taken.has(`${prefix}-${n}`)) n += 1;
    const id = `${prefix}-${n}`;
    nextNumber.set(prefix, n + 1);
    taken.add(id);
    const why = isUsableId(lever.id)
      ? `« ${lever.id} » était déjà celui du levier ${owner.get(lever.id)! + 1}`
      : lever.id === undefined
        ? 'il n’en avait pas'
        : 'le sien était vide ou n’était pas un texte';
    notes.push(`${leverName(index, lever)} : identifiant « ${id} » attribué (${why}).`);
    return { ...lever, id };
  });
  return { levers: result, notes };
}

export const MIGRATIONS: readonly MigrationStep[] = [
  {
    // Version 2: unique lever ids (the interface toggles and undoes levers by id) and the optional
    // `pack` naming the data pack the scenario was built on.
    from: 1,
    to: 2,
    migrate(document) {
      const notes: string[] = [];
      const next: JsonObject = { ...document, schemaVersion: 2 };
      // `pack` meant nothing in version 1 (it was dropped on load): keep that meaning.
      if ('pack' in next) {
        delete next.pack;
        notes.push('Champ « pack » ignoré (il n’existait pas en version 1).');
      }
      if (Array.isArray(next.levers)) {
        const assigned = assignLeverIds(next.levers);
        next.levers = assigned.levers;
        notes.push(...assigned.notes);
      }
      return { document: next, notes };
    },
  },
  {
    // Version 3: teleconsultation is a transfer of acts from a provider to the residents of a
    // territory (it used to lower their need, consuming no doctor's time). An old lever gets an
    // external provider, so its effect on the territory's gap is unchanged but the acts now show as
    // outside supply. Version 2 combined the shares of successive levers on the same place and
    // specialty as 1 − Π(1 − share) (each on the need left); version 3 adds shares of the need, so
    // the k-th such lever keeps its effect with share × Π(1 − earlier shares).
    from: 2,
    to: 3,
    migrate(document) {
      const notes: string[] = [];
      const next: JsonObject = { ...document, schemaVersion: 3 };
      if (Array.isArray(next.levers)) {
        const remaining = new Map<string, number>();
        next.levers = next.levers.map((lever, index) => {
          if (!isObject(lever) || lever.kind !== 'teleconsultation' || 'provider' in lever) return lever;
          const migrated: JsonObject = { ...lever, provider: { kind: 'external', label: MIGRATED_PROVIDER_LABEL } };
          let combined = '';
          if (typeof lever.share === 'number' && lever.enabled !== false) {
            const key = JSON.stringify([lever.grid, lever.territory, lever.specialty]);
            const left = remaining.get(key) ?? 1;
            if (left < 1) {
              const share = lever.share * left;
              migrated.share = share;
              combined = ` Sa part est ramenée à ${percent(share)} du besoin : en version 2, elle s’appliquait au besoin laissé par les téléconsultations précédentes du même territoire.`;
            }
            remaining.set(key, left * (1 - lever.share));
          }
          notes.push(
            `${leverName(index, lever)} : jusqu’à la version 2, la téléconsultation retirait ${typeof lever.share === 'number' ? percent(lever.share) : 'une part'} du besoin sans prendre de temps à aucun médecin. ` +
              `Elle est désormais un transfert d’actes : ce levier devient une offre extérieure « ${MIGRATED_PROVIDER_LABEL} » qui assure ces actes. ` +
              'L’écart du territoire, en actes et en ETP, est inchangé ; son taux de couverture et son APL changent (le besoin n’est plus réduit), et ces actes sont comptés comme offre extérieure. ' +
              'Si des médecins d’une commune ou d’un territoire les assurent, choisissez-les comme prestataire (leur propre écart se creusera d’autant).' +
              combined,
          );
          return migrated;
        });
      }
      return { document: next, notes };
    },
  },
];

const percent = (share: number): string => `${formatDecimal(share * 100, 2)} %`;

/** Name given to the provider of a teleconsultation lever migrated from version 2. */
export const MIGRATED_PROVIDER_LABEL = 'Téléconsultation hors territoire (prestataire non précisé)';

/** Versions the migrations can bring up to date, oldest first (1 … the last step's target). */
export const LATEST_MIGRATION_TARGET = MIGRATIONS.reduce((latest, step) => Math.max(latest, step.to), 1);

/**
 * Applies the steps from `fromVersion` up to `toVersion`, in order. The first note of each step says
 * which step ran. Throws (a programming error, not a file error) when a step is missing.
 */
export function migrateDocument(document: JsonObject, fromVersion: number, toVersion: number): { document: JsonObject; notes: string[] } {
  let current = document;
  const notes: string[] = [];
  for (let version = fromVersion; version < toVersion; version += 1) {
    const step = MIGRATIONS.find((s) => s.from === version);
    if (!step || step.to !== version + 1) throw new Error(`Migration manquante de la version ${version} à la version ${version + 1}.`);
    const result = step.migrate(current);
    current = result.document;
    notes.push(`Scénario migré de la version ${step.from} à la version ${step.to}.`, ...result.notes);
  }
  return { document: current, notes };
}
