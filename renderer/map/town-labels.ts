// Names of the main towns, so that a map can be read without knowing the shapes of communes by heart.
// Chosen from what the page has already loaded (names, départements and populations of the commune
// features): communes of 20 000 inhabitants or more, plus the two most populous of each département
// (in the Meuse, Verdun and Bar-le-Duc have fewer than 20 000). Each town gets the zoom from which it is
// named: big cities first, and a town only once its label no longer overlaps a bigger town's (Metz
// hides Montigny-lès-Metz until one is close) — except in the user's département, whose towns come
// first (Bar-le-Duc, the Meuse's préfecture, is named before its bigger neighbour Saint-Dizier).
// Pure: positions are given by the page.

export interface TownLabel {
  /** Index of the commune feature. */
  feature: number;
  name: string;
  population: number;
  /** Lon/lat where the name is written. */
  at: [number, number];
  /** Named from this map zoom on (deck.gl web-mercator zoom; a département fills the screen at about 7–8). */
  minZoom: number;
}

/** From this population a commune is a main town. */
export const TOWN_POPULATION = 20_000;
/** Two labels overlap when closer than this on screen, in pixels, horizontally and vertically. */
const LABEL_WIDTH = 60;
const LABEL_HEIGHT = 18;

/** Zoom from which a label at `a` no longer overlaps one at `b` (web mercator: 256 × 2^zoom px per 360°). */
function separatingZoom(a: [number, number], b: [number, number]): number {
  const dLon = Math.abs(a[0] - b[0]);
  // Mercator stretches latitudes by 1 / cos(latitude).
  const dLat = Math.abs(a[1] - b[1]) / Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
  const zoomFor = (degrees: number, pixels: number) => (degrees > 0 ? Math.log2((pixels * 360) / (256 * degrees)) : Infinity);
  return Math.min(zoomFor(dLon, LABEL_WIDTH), zoomFor(dLat, LABEL_HEIGHT));
}

/**
 * Towns to name, most populous first. Base zoom: ≥ 200 000 inhabitants from 5 (France), ≥ 50 000 from
 * 6, the others from 6.8; later if a bigger town's label would overlap (separatingZoom).
 */
export function townLabels(
  names: readonly string[],
  departements: readonly string[],
  population: ArrayLike<number>,
  position: (feature: number) => [number, number] | null,
  /** The user's département: its towns are placed first. */
  focusDepartement = '',
  perDepartement = 2,
): TownLabel[] {
  const chosen = new Set<number>();
  const byDepartement = new Map<string, number[]>();
  for (let f = 0; f < names.length; f++) {
    const p = population[f];
    if (!(p > 0) || !names[f]) continue;
    if (p >= TOWN_POPULATION) chosen.add(f);
    const dep = departements[f] ?? '';
    const list = byDepartement.get(dep) ?? [];
    list.push(f);
    byDepartement.set(dep, list);
  }
  for (const list of byDepartement.values()) {
    list.sort((a, b) => population[b] - population[a]);
    list.slice(0, perDepartement).forEach((f) => chosen.add(f));
  }
  const towns: TownLabel[] = [];
  const focused = (f: number) => (focusDepartement !== '' && departements[f] === focusDepartement ? 1 : 0);
  const order = [...chosen].sort((a, b) => focused(b) - focused(a) || population[b] - population[a]);
  for (const feature of order) {
    const at = position(feature);
    if (!at) continue;
    const p = population[feature];
    let minZoom = p >= 200_000 ? 5 : p >= 50_000 ? 6 : 6.8;
    for (const bigger of towns) minZoom = Math.max(minZoom, separatingZoom(at, bigger.at));
    towns.push({ feature, name: names[feature], population: p, at, minZoom });
  }
  // Most populous first, whatever the placing order.
  return towns.sort((a, b) => b.population - a.population);
}
