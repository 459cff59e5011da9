// Where the levers of a scenario are drawn on the map: a symbol at a commune or a territory, an arrow
// for what moves (a secondary site, teleconsultation from doctors of a commune). Pure: the page gives
// the places' coordinates (lon/lat), so that this is testable without a map.
import type { Lever } from '../../workers/engine/scenario';
import { doctorsPlural, doctorsWord } from '../words';
import type { LeverMark } from './MapView';

export interface MarkPlaces {
  /** Lon/lat of a commune by INSEE code, null when unknown. */
  commune(code: string): [number, number] | null;
  /** Lon/lat of a territory of a grid (its communes' centre), null when it cannot be placed. */
  territory(grid: string, code: string): [number, number] | null;
}

const frenchNumber = (value: number) => value.toLocaleString('fr-FR', { maximumFractionDigits: 2 });
// Words on the map, not codes nor « ETP » (issue 13: read by elected officials in a workshop):
// « 1,5 médecin généraliste en plus », « Maison de santé », « départs : 25 % des psychiatres ».

/** The marks of the levers, in lever order; levers whose places are unknown are not drawn. */
export function leverMarks(levers: readonly Lever[], places: MarkPlaces): LeverMark[] {
  const out: LeverMark[] = [];
  levers.forEach((lever) => {
    const id = lever.id ?? '';
    const enabled = lever.enabled !== false;
    const push = (at: [number, number] | null, text: string, to?: [number, number] | null) => {
      if (!at || to === null) return;
      // Several marks from one place (Nancy's teleconsultations): their labels are stacked.
      const labelRank = out.filter((m) => m.at[0] === at[0] && m.at[1] === at[1]).length;
      const mark: LeverMark = to ? { id, at, to, text, enabled } : { id, at, text, enabled };
      out.push(labelRank > 0 ? { ...mark, labelRank } : mark);
    };
    switch (lever.kind) {
      case 'install':
        push(places.commune(lever.commune), `${frenchNumber(lever.fte)} ${doctorsWord(lever.specialty, lever.fte)} en plus`);
        return;
      case 'msp':
        push(places.commune(lever.commune), 'Maison de santé');
        return;
      case 'secondarySite':
        push(places.commune(lever.from), `${doctorsWord(lever.specialty, lever.doctors)}, ${frenchNumber(lever.daysPerWeek)} j. par semaine`, places.commune(lever.to));
        return;
      case 'departures':
        push(places.territory(lever.grid, lever.territory), `départs : ${frenchNumber(lever.share * 100)} % des ${doctorsPlural(lever.specialty)}`);
        return;
      case 'teleconsultation': {
        // Drawn where the patients are: the nurse-assisted point when there is one, else their territory.
        const patients = lever.assistedSite ? places.commune(lever.assistedSite) : places.territory(lever.grid, lever.territory);
        const what = lever.assistedSite ? `Téléconsultation assistée (${doctorsPlural(lever.specialty)})` : `Téléconsultation (${doctorsPlural(lever.specialty)})`;
        if (lever.provider.kind === 'external') push(patients, `${what}, offre extérieure`);
        else {
          const from = lever.provider.kind === 'commune' ? places.commune(lever.provider.commune) : places.territory(lever.provider.grid, lever.provider.territory);
          // An arrow from the doctors to the patients; a symbol alone when the provider cannot be placed.
          if (from && patients) push(from, what, patients);
          else push(patients, what);
        }
        return;
      }
      case 'populationChange':
        return;
    }
  });
  return out;
}
