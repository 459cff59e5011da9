// The GP placement on small synthetic bassins whose right answer is known by hand.
import { describe, expect, it } from 'vitest';
import {
  attractionWeights, bassinGpCounts, calibrateConcentration, fitAttraction, groupBassins, placeGps, placeInBassin, poleCrownRatio, spearman,
  withinBassinWeights, type PlacementCommune,
} from './gp-placement';
import { previousWeights, splitHalves } from './validate-placement';

const commune = (code: string, bassin: string, population: number, extra: Partial<PlacementCommune> = {}): PlacementCommune => ({
  code, bassin, dep: '55', population, ageRatio: 1, aavPole: false, aavCrown: false, lon: 0, lat: 45, ...extra,
});

describe('placement dans un bassin', () => {
  // Bourg A (pôle de services), bourg B, villages C (near A) and D (near B), uninhabited E.
  const members = [
    commune('A', 'A', 3000, { lon: 0 }),
    commune('B', 'A', 1500, { lon: 0.2 }),
    commune('C', 'A', 200, { lon: 0.05 }),
    commune('D', 'A', 300, { lon: 0.18 }),
    commune('E', 'A', 0, { lon: 0.1 }),
  ];
  const weights = members.map((c) => c.population);

  it('garde un cabinet là où la part attendue atteint le seuil, et donne le reste au plus proche', () => {
    // λ = 6, 3, 0.4, 0.6, 0. τ = 0.5: C (0.4) goes to A, nearest; D keeps its share.
    // Shares 6.4, 3, 0, 0.6 → floors 6, 3, 0, 0 and the last GP to the largest remainder (D, 0.6).
    expect(placeInBassin(members, weights, 10, 0.5, 0)).toEqual([6, 3, 0, 1, 0]);
    // τ = 0.7: D (0.6) goes to B, nearest; shares 6.4 and 3.6 → 6 and 4.
    expect(placeInBassin(members, weights, 10, 0.7, 0)).toEqual([6, 4, 0, 0, 0]);
    // τ = 0: plain largest remainders of the population.
    expect(placeInBassin(members, weights, 10, 0, 0)).toEqual([6, 3, 0, 1, 0]);
  });

  it('garde toujours sa part au pôle de services du bassin, même petit', () => {
    // The pôle (index 2, λ = 0.4) keeps its own share instead of passing it to A; it rounds to nothing.
    expect(placeInBassin(members, weights, 10, 0.5, 2)).toEqual([6, 3, 0, 1, 0]);
    // With τ above every share, only the pôle keeps a practice: all GPs there.
    expect(placeInBassin(members, weights, 10, 100, 2)).toEqual([0, 0, 10, 0, 0]);
  });

  it('ne place personne sans généraliste à placer, et place au pôle si tout le bassin est vide', () => {
    expect(placeInBassin(members, weights, 0, 0.5, 0)).toEqual([0, 0, 0, 0, 0]);
    expect(placeInBassin(members, [0, 0, 0, 0, 0], 3, 0.5, 0)).toEqual([3, 0, 0, 0, 0]);
  });
});

describe('ajustement de l’attraction sur les bassins', () => {
  it('retrouve les paramètres qui ont produit les effectifs des bassins', () => {
    // 60 bassins in 3 départements, with different commune sizes and age profiles; each bassin's count
    // is exactly its expected count under θ = (0.2, 1.1) and a level per département.
    const theta = [0.2, 1.1];
    const levels: Record<string, number> = { '01': 8e-4, '02': 6e-4, '03': 1e-3 };
    const communes: PlacementCommune[] = [];
    for (let b = 0; b < 60; b++) {
      const dep = ['01', '02', '03'][b % 3];
      const code = `B${String(b).padStart(2, '0')}`;
      for (let c = 0; c < 4; c++) {
        communes.push(commune(`${code}${c}`, code, 200 + ((b * 7 + c * 13) % 11) * 400 + c * 900, { dep, ageRatio: 0.8 + (((b + 3 * c) % 7) * 0.1) }));
      }
    }
    const bassins = groupBassins(communes);
    const weights = attractionWeights(communes, theta);
    const counts = new Map(bassins.map((b) => [b.code, levels[b.dep] * b.members.reduce((a, i) => a + weights[i], 0)]));
    const fit = fitAttraction(communes, bassins, counts);
    expect(fit.theta[0]).toBeCloseTo(0.2, 5);
    expect(fit.theta[1]).toBeCloseTo(1.1, 5);
  });

  it('dit en français quand aucun bassin n’a de densité', () => {
    const communes = [commune('A', 'A', 100)];
    expect(() => fitAttraction(communes, groupBassins(communes), new Map())).toThrow(/aucun bassin de vie/);
  });
});

describe('effectifs par bassin et calage', () => {
  it('multiplie la densité CartoSanté par la population, et donne la densité nationale aux bassins sans valeur', () => {
    const communes = [commune('A', 'A', 10_000), commune('A2', 'A', 10_000), commune('B', 'B', 30_000), commune('C', 'C', 5_000)];
    const { counts, cartosanteGps, missingDensity } = bassinGpCounts(groupBassins(communes), new Map([['A', 10], ['B', 5]]));
    expect(counts.get('A')).toBe(20);
    expect(counts.get('B')).toBe(15);
    // National density (20 + 15) / 50 000 × 10 000 = 7 per 10 000 → 3.5 → 4 (rounded).
    expect(counts.get('C')).toBe(4);
    expect(cartosanteGps).toBe(35);
    expect(missingDensity).toEqual(['C']);
  });

  it('cale le seuil sur le nombre de communes avec généraliste et κ sur le rapport pôle / couronne', () => {
    // 20 identical bassins of 30 GPs: a pole town of 4 000; crown villages of 1 500, 1 500, 500 and 500,
    // each small one next to a large one. With κ = 2 the pole expects 20 GPs (density twice the crown's)
    // and the villages 3.75, 3.75, 1.25, 1.25; a threshold between 1.25 and 3.75 leaves 3 practices per
    // bassin (60 in all), the small villages' shares going to their large neighbours (5 GPs each).
    const communes: PlacementCommune[] = [];
    for (let b = 0; b < 20; b++) {
      const code = `P${String(b).padStart(2, '0')}`;
      communes.push(commune(code, code, 4000, { aavPole: true, lon: b }));
      [[1500, 0.02], [1500, 0.04], [500, 0.021], [500, 0.041]].forEach(([population, dx], v) =>
        communes.push(commune(`${code}v${v}`, code, population, { aavCrown: true, lon: b + dx })),
      );
    }
    const bassins = groupBassins(communes);
    const counts = new Map(bassins.map((b) => [b.code, 30]));
    const attraction = attractionWeights(communes, [0, 0]);
    const { threshold, poleFactor } = calibrateConcentration(communes, bassins, counts, attraction, { communesWithGp: 60, poleCrownRatio: 2 });
    // Integer counts: every κ of which the pole's expected 30 κ / (κ + 1) GPs round to 20 gives the target.
    expect(poleFactor).toBeGreaterThan(1.8);
    expect(poleFactor).toBeLessThan(2.3);
    expect(threshold).toBeGreaterThan(1.25);
    expect(threshold).toBeLessThanOrEqual(3.75);
    const gps = placeGps(communes, bassins, counts, withinBassinWeights(communes, attraction, poleFactor), threshold);
    expect([...gps.slice(0, 5)]).toEqual([20, 5, 5, 0, 0]);
    expect(poleCrownRatio(communes, bassins, gps)).toBe(2);
  });
});

describe('outils du contrôle', () => {
  it('calcule la corrélation de rang de Spearman avec les ex aequo', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    // Ranks (1.5, 1.5, 3, 4) against (1, 2, 3, 4): r = 4.5 / √(4.5 × 5).
    expect(spearman([5, 5, 6, 7], [1, 2, 3, 4])).toBeCloseTo(4.5 / Math.sqrt(4.5 * 5), 12);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
  });

  it('partage les bassins en deux moitiés disjointes, toujours les mêmes pour une graine', () => {
    const codes = Array.from({ length: 101 }, (_, i) => String(i).padStart(5, '0'));
    const a = splitHalves(codes, 7), b = splitHalves([...codes].reverse(), 7), c = splitHalves(codes, 8);
    expect(a.fit.size).toBe(50);
    expect(a.check.size).toBe(51);
    expect([...a.fit].filter((x) => a.check.has(x))).toEqual([]);
    expect([...a.fit].sort()).toEqual([...b.fit].sort());
    expect([...a.fit].sort()).not.toEqual([...c.fit].sort());
  });

  it('reproduit la règle précédente : population^1,3, doublée dans les pôles, communes de 500 habitants ou plus', () => {
    const communes = [commune('A', 'A', 1000, { aavPole: true }), commune('B', 'A', 600), commune('C', 'A', 400)];
    const w = previousWeights(communes, groupBassins(communes));
    expect(w[0]).toBeCloseTo(2 * 1000 ** 1.3, 6);
    expect(w[1]).toBeCloseTo(600 ** 1.3, 6);
    expect(w[2]).toBe(0);
  });
});
