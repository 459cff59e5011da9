// Hold-out check of the demo's GP placement (docs/demo-estimation.md §2):
//   npx tsx build/demo/validate-placement.ts [--graine N] [--graines K]
// (--graines K repeats the check with seeds 1…K and prints the range of the correlations.)
// Needs resources/generated (npm run prepare-resources) and ../shared/data (or TSANTE_SHARED_DATA).
//
// The bassins de vie with a CartoSanté density are split in two halves at random (fixed seed). The
// placement's parameters are fitted on one half only; the other half is then used to compare three
// placements of GPs over communes: the new one (fitted weights), the previous one (population^1.3,
// doubled in urban poles, communes of 500 inhabitants or more) and a naive one (by population).
//   - Bassin level: each département's held-out GPs (the sum of its held-out bassins' real counts)
//     are spread over the communes of those bassins by each placement's weights; the resulting GP
//     density of each held-out bassin is ranked against its real CartoSanté density (Spearman).
//   - Commune level: no commune-level measure of GP supply exists in ../shared/data, so no rank
//     correlation can be computed there. Two published figures are reported instead: the number of
//     communes with at least one GP (DREES, 9 595 in 2016) and the GP density of urban-pole communes
//     relative to crown communes (DREES Études et Résultats n° 9, 1999: "presque deux fois"). The new
//     placement is calibrated on both (with the fitting half), so for it they only show whether the
//     calibration holds on the other half; for the previous and naive placements they are checks.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  attractionWeights, bassinGpCounts, calibrateConcentration, COMMUNES_WITH_GP_2016, fitAttraction, groupBassins, placeGps, POLE_CROWN_RATIO_1999,
  poleCrownRatio, spearman, withinBassinWeights, type Bassin, type PlacementCommune,
} from './gp-placement';
import { loadPlacementInputs, type PlacementInputs } from './placement-inputs';
import { apportion } from './supply';

export const DEFAULT_SEED = 20_250_512;

/** Weights of the placement used before this model (kept for comparison only). */
export function previousWeights(communes: PlacementCommune[], bassins: Bassin[]): Float64Array {
  const out = new Float64Array(communes.length);
  for (const b of bassins) {
    const largest = b.members.reduce((a, i) => (communes[i].population > communes[a].population ? i : a), b.members[0]);
    for (const i of b.members) {
      const c = communes[i];
      out[i] = c.population >= 500 || i === largest ? c.population ** 1.3 * (c.aavPole ? 2 : 1) : 0;
    }
  }
  return out;
}

/** Deterministic split of codes in two halves (mulberry32 shuffle). */
export function splitHalves(codes: string[], seed: number): { fit: Set<string>; check: Set<string> } {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const shuffled = [...codes].sort();
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  const half = Math.floor(shuffled.length / 2);
  return { fit: new Set(shuffled.slice(0, half)), check: new Set(shuffled.slice(half)) };
}

export interface PlacementScores {
  /** Spearman, over held-out bassins, of the density predicted from département totals vs CartoSanté. */
  bassinSpearman: number;
  /** Mean of the same correlation computed inside each département (≥ 4 held-out bassins); NaN if constant. */
  withinDepartmentSpearman: number;
  /** Communes of the held-out bassins with at least one GP once placed inside their bassin. */
  communesWithGp: number;
  /** GP density of urban-pole communes / density of crown communes, held-out bassins. */
  poleCrownRatio: number;
}

export interface ValidationResult {
  seed: number;
  fitBassins: number;
  checkBassins: number;
  checkCommunes: number;
  /** DREES count scaled to the held-out bassins' share of communes. */
  communesWithGpTarget: number;
  theta: number[];
  threshold: number;
  poleFactor: number;
  scores: { new: PlacementScores; previous: PlacementScores; naive: PlacementScores };
}

export function validatePlacement(inputs: PlacementInputs, seed = DEFAULT_SEED): ValidationResult {
  const { communes, densityByBassin } = inputs;
  const bassins = groupBassins(communes);
  const { counts } = bassinGpCounts(bassins, densityByBassin);
  const { fit, check } = splitHalves(bassins.filter((b) => densityByBassin.has(b.code) && b.population > 0).map((b) => b.code), seed);
  const communesIn = (set: Set<string>) => bassins.reduce((a, b) => a + (set.has(b.code) ? b.members.length : 0), 0);

  // Parameters from the fitting half only.
  const { theta } = fitAttraction(communes, bassins, counts, fit);
  const weights = attractionWeights(communes, theta);
  const { threshold, poleFactor } = calibrateConcentration(
    communes, bassins, counts, weights, { communesWithGp: (COMMUNES_WITH_GP_2016 * communesIn(fit)) / communes.length, poleCrownRatio: POLE_CROWN_RATIO_1999 }, fit,
  );

  const checked = bassins.filter((b) => check.has(b.code));
  const score = (w: ArrayLike<number>, gps: Int32Array): PlacementScores => {
    // Bassin level: département totals of the held-out bassins spread by the weights.
    const sum = (b: Bassin) => b.members.reduce((a, i) => a + w[i], 0);
    const depGps = new Map<string, number>(), depWeight = new Map<string, number>();
    for (const b of checked) {
      depGps.set(b.dep, (depGps.get(b.dep) ?? 0) + counts.get(b.code)!);
      depWeight.set(b.dep, (depWeight.get(b.dep) ?? 0) + sum(b));
    }
    // Rounded to 10 digits so that equal densities (the naive placement inside a département) tie.
    const predicted = checked.map((b) => Number((depWeight.get(b.dep)! > 0 ? (depGps.get(b.dep)! * sum(b)) / depWeight.get(b.dep)! / b.population : 0).toPrecision(10)));
    const observed = checked.map((b) => densityByBassin.get(b.code)!);
    const within: number[] = [];
    for (const dep of [...new Set(checked.map((b) => b.dep))].sort()) {
      const idx = checked.map((b, i) => (b.dep === dep ? i : -1)).filter((i) => i >= 0);
      if (idx.length < 4) continue;
      const rho = spearman(idx.map((i) => predicted[i]), idx.map((i) => observed[i]));
      if (!Number.isNaN(rho)) within.push(rho);
    }
    // Commune level: placement inside the held-out bassins with their real counts.
    let communesWithGp = 0;
    for (const b of checked) for (const i of b.members) if (gps[i] > 0) communesWithGp++;
    return {
      bassinSpearman: spearman(predicted, observed),
      withinDepartmentSpearman: within.length > 0 ? within.reduce((a, r) => a + r, 0) / within.length : Number.NaN,
      communesWithGp,
      poleCrownRatio: poleCrownRatio(communes, bassins, gps, check),
    };
  };
  // The previous and naive placements split each bassin's count by largest remainders of their weights.
  const byWeights = (w: ArrayLike<number>) => {
    const out = new Int32Array(communes.length);
    for (const b of checked) apportion(counts.get(b.code)!, b.members.map((i) => w[i])).forEach((n, j) => (out[b.members[j]] = n));
    return out;
  };
  const previous = previousWeights(communes, bassins);
  const naive = Float64Array.from(communes, (c) => c.population);
  return {
    seed,
    fitBassins: fit.size,
    checkBassins: check.size,
    checkCommunes: communesIn(check),
    communesWithGpTarget: (COMMUNES_WITH_GP_2016 * communesIn(check)) / communes.length,
    theta,
    threshold,
    poleFactor,
    scores: {
      // Step 1 (attraction) for the bassin level; steps 1 and 2 (κ, τ) for the commune level.
      new: score(weights, placeGps(communes, bassins, counts, withinBassinWeights(communes, weights, poleFactor), threshold, check)),
      previous: score(previous, byWeights(previous)),
      naive: score(naive, byWeights(naive)),
    },
  };
}

const fr = (x: number, digits: number) => (Number.isNaN(x) ? 'sans objet' : x.toLocaleString('fr-FR', { minimumFractionDigits: digits, maximumFractionDigits: digits }));

export function formatValidation(r: ValidationResult): string {
  const rows = [['nouveau', r.scores.new], ['précédent', r.scores.previous], ['naïf (population)', r.scores.naive]] as const;
  return [
    `Placement des généralistes : contrôle sur bassins mis de côté (graine ${r.seed})`,
    `Ajusté sur ${r.fitBassins} bassins de vie, contrôlé sur ${r.checkBassins} autres (${r.checkCommunes} communes).`,
    `Paramètres ajustés : θ taille = ${fr(r.theta[0], 3)}, θ âge = ${fr(r.theta[1], 3)} ; calés : seuil τ = ${fr(r.threshold, 3)} généraliste attendu, facteur des pôles κ = ${fr(r.poleFactor, 2)}.`,
    '',
    'placement          | Spearman bassins | Spearman dans le département | communes avec généraliste | densité pôle / couronne',
    ...rows.map(([name, s]) => `${name.padEnd(18)} | ${fr(s.bassinSpearman, 3).padStart(16)} | ${fr(s.withinDepartmentSpearman, 3).padStart(28)} | ${String(s.communesWithGp).padStart(25)} | ${fr(s.poleCrownRatio, 2).padStart(23)}`),
    '',
    `Repères publiés : ${fr(r.communesWithGpTarget, 0)} communes avec généraliste attendues sur ces communes (DREES : 9 595 en France en 2016) ; densité des pôles urbains « presque deux fois » celle des couronnes (DREES, Études et Résultats n° 9, 1999). Le nouveau placement est calé sur ces deux repères avec l’autre moitié des bassins : pour lui, ces deux colonnes vérifient seulement que le calage tient hors de l’échantillon.`,
    'Niveau commune : aucune mesure communale de l’offre de généralistes n’existe dans shared/data (le classeur DREES ne contient pas les valeurs d’APL), aucune corrélation de rang n’y est donc calculable.',
  ].join('\n');
}

/** Range over several seeds of the bassin-level correlations (robustness of the single split). */
export function formatSeedRange(results: ValidationResult[]): string {
  const line = (name: string, pick: (r: ValidationResult) => number) => {
    const values = results.map(pick).filter((v) => !Number.isNaN(v));
    if (values.length === 0) return `${name.padEnd(40)} | sans objet`;
    const mean = values.reduce((a, v) => a + v, 0) / values.length;
    return `${name.padEnd(40)} | moyenne ${fr(mean, 3)} | de ${fr(Math.min(...values), 3)} à ${fr(Math.max(...values), 3)}`;
  };
  const wins = results.filter((r) => r.scores.new.bassinSpearman > r.scores.naive.bassinSpearman).length;
  return [
    `Sur ${results.length} partages (graines 1 à ${results.length}) :`,
    line('Spearman bassins, nouveau', (r) => r.scores.new.bassinSpearman),
    line('Spearman bassins, précédent', (r) => r.scores.previous.bassinSpearman),
    line('Spearman bassins, naïf', (r) => r.scores.naive.bassinSpearman),
    line('Spearman dans le département, nouveau', (r) => r.scores.new.withinDepartmentSpearman),
    line('Spearman dans le département, précédent', (r) => r.scores.previous.withinDepartmentSpearman),
    `Le nouveau placement dépasse le naïf au niveau des bassins dans ${wins} partages sur ${results.length}.`,
  ].join('\n');
}

const integerArgument = (name: string): number | undefined => {
  const at = process.argv.indexOf(name);
  if (at < 0) return undefined;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`Erreur : ${name} attend un entier positif (par exemple ${name} 7).`);
    process.exit(1);
  }
  return value;
};

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const repoRoot = resolve(import.meta.dirname, '..', '..');
  const seed = integerArgument('--graine') ?? DEFAULT_SEED;
  const seeds = integerArgument('--graines');
  try {
    const inputs = await loadPlacementInputs({
      shared: resolve(process.env.TSANTE_SHARED_DATA ?? join(repoRoot, '..', 'shared', 'data')),
      generated: join(repoRoot, 'resources', 'generated'),
    });
    console.log(formatValidation(validatePlacement(inputs, seed)));
    if (seeds) console.log(`\n${formatSeedRange(Array.from({ length: seeds }, (_, i) => validatePlacement(inputs, i + 1)))}`);
  } catch (error) {
    console.error(`Erreur : ${(error as Error).message}. Lancez d’abord npm run prepare-resources et vérifiez que ../shared/data est présent.`);
    process.exit(1);
  }
}
