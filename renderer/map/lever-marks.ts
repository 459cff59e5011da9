// Where the levers of a scenario are drawn on the map: a symbol at a commune or a territory, an arrow
// for what moves (a secondary site, teleconsultation from doctors of a commune). Each kind says what it
// draws (its `mark`, workers/engine/levers/<kind>.ts); this places it. Pure: the page gives the
// places' coordinates (lon/lat), so that this is testable without a map.
import { LEVER_REGISTRY, type LeverRegistry } from '../../workers/engine/levers/registry';
import type { PlaceRef } from '../../workers/engine/levers/types';
import type { Lever } from '../../workers/engine/scenario';
import type { LeverMark } from './MapView';

export interface MarkPlaces {
  /** Lon/lat of a commune by INSEE code, null when unknown. */
  commune(code: string): [number, number] | null;
  /** Lon/lat of a territory of a grid (its communes' centre), null when it cannot be placed. */
  territory(grid: string, code: string): [number, number] | null;
}

// Words on the map, not codes nor « ETP » (issue 13: read by elected officials in a workshop):
// « 1,5 médecin généraliste en plus », « Maison de santé », « départs : 25 % des psychiatres ».

/**
 * The marks of the levers, in lever order; levers whose places are unknown are not drawn. `registry`:
 * the lever kinds (the application's by default).
 */
export function leverMarks<L extends { kind: string; id?: string; enabled?: boolean } = Lever>(
  levers: readonly L[],
  places: MarkPlaces,
  registry: LeverRegistry<L> = LEVER_REGISTRY as unknown as LeverRegistry<L>,
): LeverMark[] {
  const place = (ref: PlaceRef) => ('commune' in ref ? places.commune(ref.commune) : places.territory(ref.grid, ref.territory));
  const out: LeverMark[] = [];
  for (const lever of levers) {
    const spec = registry.mark(lever);
    if (!spec) continue;
    let at = place(spec.at);
    let to = spec.to ? place(spec.to) : undefined;
    if (spec.to && !(at && to)) {
      // An arrow that cannot be drawn: its fallback symbol, if any.
      at = spec.fallback ? place(spec.fallback) : null;
      to = undefined;
    }
    if (!at) continue;
    const id = lever.id ?? '';
    const enabled = lever.enabled !== false;
    // Several marks from one place (Nancy's teleconsultations): their labels are stacked.
    const labelRank = out.filter((m) => m.at[0] === at[0] && m.at[1] === at[1]).length;
    const mark: LeverMark = to ? { id, at, to, text: spec.text, enabled } : { id, at, text: spec.text, enabled };
    out.push(labelRank > 0 ? { ...mark, labelRank } : mark);
  }
  return out;
}
