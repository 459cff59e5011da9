// The lever kinds as planners see them in the editor: French names, what they do, and new levers with
// their default assumptions. Each kind's module (workers/engine/levers/<kind>.ts) holds them; this file
// reads the registry, so that a new kind appears here without being named.
import { GRIDS } from '../../common/pack';
import type { Specialty } from '../../workers/engine/domain';
import { LEVER_REGISTRY } from '../../workers/engine/levers/registry';
import type { SecondarySiteOptions } from '../../workers/engine/levers/secondary-site';
import type { Lever, LeverKind } from '../../workers/engine/scenario';

export { secondarySiteLabel } from '../../workers/engine/levers/secondary-site';

/** The kinds in the editor's menu: name, help and what a map click gives (a commune or a territory). */
export const LEVER_KINDS: { kind: LeverKind; label: string; help: string; place: 'commune' | 'territory' }[] = LEVER_REGISTRY.kinds.map((k) => ({
  kind: k.kind as LeverKind,
  label: k.label,
  help: k.help,
  place: k.place,
}));

export const leverKindLabel = (kind: LeverKind): string => LEVER_REGISTRY.label(kind);

/** The doctors' commune and the secondary site of a secondary-site lever being built, by name and code. */
export interface SecondarySitePlaces {
  from: { commune: string; communeName: string };
  to: { commune: string; communeName: string };
}

/**
 * A new lever of a kind at a place (commune code, or territory of a grid), with its default assumptions
 * (its kind's `defaults`). A secondary site needs its two communes: pass `sites` (the doctors' home and
 * the secondary site); without it both are the place, to be changed in the form.
 */
export function newLever(
  kind: LeverKind,
  id: string,
  place: { commune: string; communeName: string } | { grid: string; territory: string; territoryName: string },
  specialty: Specialty,
  sites?: SecondarySitePlaces & { doctors?: number; daysPerWeek?: number },
): Lever {
  const where = 'commune' in place ? place.communeName : place.territoryName;
  const options: SecondarySiteOptions | undefined = sites;
  return LEVER_REGISTRY.create(kind, id, { place, where, specialty, ...(options ? { options: { ...options } } : {}) });
}

/**
 * « Stenay (55502), bassin de vie 2022 » when the territory can be named from the communes (a commune,
 * or a bassin de vie: INSEE codes a BV2022 by its pôle commune), else « Département 55 »,
 * « Maillage PERSO:cpts 12 » (« département 55 » inside a sentence).
 */
export function territoryLabel(grid: string, territory: string, communes?: { codes: string[]; names: string[] }, inSentence = false): string {
  const label = GRIDS.find((g) => g.id === grid)?.label ?? `Maillage ${grid}`;
  const named = communes && (grid === 'COM' || grid === 'BV2022') ? communes.names[communes.codes.indexOf(territory)] : undefined;
  if (named) return grid === 'COM' ? `${named} (${territory})` : `${named} (${territory}), ${label.toLowerCase()}`;
  return `${inSentence ? label.toLowerCase() : label} ${territory}`;
}
