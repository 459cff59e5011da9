// Applying a scenario's levers to the engine's Adjustments, in order, each by its kind's module
// (registry.ts), then the bounds that hold for the levers together. Throws ScenarioError (French,
// naming the lever) and applies nothing when any lever is invalid.
import { formatDecimal } from '../../../common/format-fr';
import { AGE_BANDS, ageBandLabel, BAND_COUNT, SPECIALTY_COUNT } from '../domain';
import { communeNeed, ownCapacity, type Adjustments, type EngineInputs, type Grid } from '../model';
import { PLAUSIBLE, PROVIDER_TELECONSULTATION_MAX } from '../reference';
import { ScenarioError } from '../scenario-error';
import { leverName } from '../scenario-migrations';
import type { AnyLever, LeverRegistry } from './registry';
import { TELECONSULTABLE_DEFAULTS } from './teleconsultation';
import type { ApplyContext, LeverParameters } from './types';
import { actsText, floorActs, SPECIALTY_NAMES } from './words';

/**
 * Communes of every territory of a grid, built in one pass the first time a lever names the grid and kept
 * while the grid lives (grids never change): a laisser-faire horizon has a lever per département ×
 * specialty (about a thousand), and scanning all communes for each took seconds.
 */
const gridMembers = new WeakMap<Grid, { cellOf: Map<string, number>; members: number[][] }>();
function membersOf(g: Grid) {
  let index = gridMembers.get(g);
  if (!index) {
    const members: number[][] = g.codes.map(() => []);
    g.cellOfCommune.forEach((cell, c) => {
      if (cell >= 0) members[cell].push(c);
    });
    index = { cellOf: new Map(g.codes.map((code, cell) => [code, cell])), members };
    gridMembers.set(g, index);
  }
  return index;
}

export interface AppliedScenario {
  adjustments: Adjustments;
  /** Communes whose need or capacity the levers may have changed. */
  touched: Set<number>;
}

/**
 * Applies the enabled `levers` in order with the kinds of `registry`, starting from `baseline` (left
 * untouched: an array is copied when a lever first writes to it). See scenario.ts applyLevers.
 */
export function applyWithRegistry<L extends { kind: string; enabled?: boolean }>(
  registry: LeverRegistry<L>,
  inputs: EngineInputs,
  params: LeverParameters,
  levers: readonly L[],
  baseline: Adjustments,
  communeIndex: ReadonlyMap<string, number>,
): AppliedScenario {
  const adjustments: Adjustments = { ...baseline };
  const owned = new Set<keyof Adjustments>();
  const touched = new Set<number>();
  const problems: string[] = [];
  const gridById = new Map(inputs.grids.map((g) => [g.id, g]));

  const context: ApplyContext = {
    inputs,
    params,
    adjustments,
    baseline,
    name: '',
    write(field) {
      if (!owned.has(field)) {
        adjustments[field] = adjustments[field].slice();
        owned.add(field);
      }
      return adjustments[field];
    },
    touch(...communes) {
      for (const c of communes) touched.add(c);
    },
    problem: (message) => void problems.push(message),
    commune(field, value) {
      const index = communeIndex.get(value);
      if (index === undefined) problems.push(`${context.name} : commune inconnue « ${value} » (champ « ${field} »).`);
      return index ?? null;
    },
    territory(grid, territory, name = context.name) {
      const g = gridById.get(grid);
      if (!g) {
        problems.push(`${name} : maillage inconnu « ${grid} » (attendu : ${[...gridById.keys()].join(', ')}).`);
        return null;
      }
      const { cellOf, members } = membersOf(g);
      const cell = cellOf.get(territory);
      if (cell === undefined) {
        problems.push(`${name} : territoire « ${territory} » inconnu dans le maillage ${grid}.`);
        return null;
      }
      return members[cell].slice();
    },
  };

  levers.forEach((lever, index) => {
    if (lever.enabled === false) return;
    context.name = leverName(index, lever);
    const module = registry.get(lever.kind);
    if (!module) {
      problems.push(`${context.name} : type de levier inconnu « ${lever.kind} ».`);
      return;
    }
    module.apply(lever as unknown as AnyLever, context);
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
 * teleconsultable need. Reported per commune, naming what to change. These are bounds on the
 * Adjustments, whatever kinds wrote them: a new kind does not change them.
 */
function checkCombined(inputs: EngineInputs, params: LeverParameters, adjustments: Adjustments, touched: Set<number>, problems: string[]): void {
  const teleconsultable = params.teleconsultable ?? TELECONSULTABLE_DEFAULTS;
  const { min, max } = PLAUSIBLE.populationFactor;
  for (const c of touched) {
    for (let b = 0; b < BAND_COUNT; b++) {
      const factor = adjustments.populationFactor[c * BAND_COUNT + b];
      if (factor < min || factor > max) {
        problems.push(
          `Les leviers d’évolution de la population, ensemble, multiplient la tranche ${ageBandLabel(AGE_BANDS[b])} de la commune ${inputs.communes[c]} par ${formatDecimal(factor)} : le facteur combiné doit rester entre ${formatDecimal(min)} et ${formatDecimal(max)}.`,
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
            `Après tous les leviers, les médecins en ${SPECIALTY_NAMES[s]} de la commune ${inputs.communes[c]} téléconsulteraient ${actsText(given)}, plus de ${formatDecimal(PROVIDER_TELECONSULTATION_MAX.value * 100)} % de leur activité restante (${actsText(floorActs(limit))}) : réduisez la téléconsultation, ou vérifiez les leviers qui retirent des médecins à cette commune et ses autres téléconsultations.`,
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
