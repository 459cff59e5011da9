// Property tests (fast-check) of the engine's invariants on random worlds and scenarios.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BAND_COUNT, SPECIALTIES, SPECIALTY_COUNT } from './domain';
import { PlanningEngine } from './engine';
import { SITE_ROLE, type EngineInputs } from './model';
import { TELECONSULTABLE_MAX } from './reference';
import type { Lever } from './scenario';

const close = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(a[i]), Math.abs(b[i])));
};

const worldArb = fc.integer({ min: 2, max: 25 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    population: fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: n * BAND_COUNT, maxLength: n * BAND_COUNT }),
    rates: fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: SPECIALTY_COUNT * BAND_COUNT, maxLength: SPECIALTY_COUNT * BAND_COUNT }),
    sites: fc.array(
      fc.record({
        commune: fc.integer({ min: 0, max: n - 1 }),
        specialty: fc.integer({ min: 0, max: SPECIALTY_COUNT - 1 }),
        role: fc.constantFrom(SITE_ROLE.alone, SITE_ROLE.principal, SITE_ROLE.secondary),
        secondaryCount: fc.integer({ min: 1, max: 3 }),
        doctors: fc.integer({ min: 1, max: 6 }),
      }),
      { maxLength: 40 },
    ),
    cells: fc.array(fc.integer({ min: -1, max: 3 }), { minLength: n, maxLength: n }),
    lon: fc.array(fc.double({ min: 4, max: 6, noNaN: true }), { minLength: n, maxLength: n }),
    lat: fc.array(fc.double({ min: 48, max: 50, noNaN: true }), { minLength: n, maxLength: n }),
  }),
);

type World = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

function toInputs(w: World, order?: number[]): EngineInputs {
  const perm = order ?? Array.from({ length: w.n }, (_, i) => i);
  const position = new Map(perm.map((original, i) => [original, i]));
  const communes = perm.map((c) => `C${String(c).padStart(3, '0')}`);
  const population = new Float64Array(w.n * BAND_COUNT);
  perm.forEach((c, i) => {
    for (let b = 0; b < BAND_COUNT; b++) population[i * BAND_COUNT + b] = w.population[c * BAND_COUNT + b];
  });
  const codes = ['T0', 'T1', 'T2', 'T3'];
  return {
    communes,
    population,
    rates: Float64Array.from(w.rates),
    supplySites: {
      commune: Int32Array.from(w.sites.map((s) => position.get(s.commune)!)),
      specialty: Uint8Array.from(w.sites.map((s) => s.specialty)),
      role: Uint8Array.from(w.sites.map((s) => s.role)),
      secondaryCount: Uint16Array.from(w.sites.map((s) => s.secondaryCount)),
      doctors: Float64Array.from(w.sites.map((s) => s.doctors)),
    },
    lon: Float64Array.from(perm.map((c) => w.lon[c])),
    lat: Float64Array.from(perm.map((c) => w.lat[c])),
    grids: [
      { id: 'COM', label: 'COM', codes: communes, labels: communes, cellOfCommune: Int32Array.from(perm.map((_, i) => i)) },
      { id: 'DEP', label: 'DEP', codes, labels: codes, cellOfCommune: Int32Array.from(perm.map((c) => w.cells[c])) },
    ],
  };
}

const leverArb = (n: number): fc.Arbitrary<Lever> => {
  const commune = fc.integer({ min: 0, max: n - 1 }).map((c) => `C${String(c).padStart(3, '0')}`);
  const specialty = fc.constantFrom(...SPECIALTIES);
  const territory = fc.constantFrom('T0', 'T1', 'T2', 'T3');
  return fc.oneof(
    fc.record({ kind: fc.constant('install' as const), commune, specialty, fte: fc.double({ min: 0, max: 5, noNaN: true }) }),
    fc.record({ kind: fc.constant('msp' as const), commune, extraFte: fc.record({ MG: fc.double({ min: 0, max: 3, noNaN: true }) }), productivityGain: fc.double({ min: 0, max: 0.2, noNaN: true }) }),
    fc.record({ kind: fc.constant('departures' as const), grid: fc.constant('DEP'), territory, specialty, share: fc.double({ min: 0, max: 1, noNaN: true }) }),
    specialty.chain((s) =>
      fc.record({ kind: fc.constant('teleconsultation' as const), grid: fc.constant('DEP'), territory, specialty: fc.constant(s), share: fc.double({ min: 0, max: TELECONSULTABLE_MAX[s].value, noNaN: true }) }),
    ),
    fc.record({ kind: fc.constant('populationChange' as const), grid: fc.constant('DEP'), territory, factorByAgeBand: fc.record({ '80': fc.double({ min: 0.5, max: 2, noNaN: true }) }) }),
  );
};

const scenarioArb = worldArb.chain((w) => fc.tuple(fc.constant(w), fc.array(leverArb(w.n), { maxLength: 6 })));

describe('propriétés du moteur', () => {
  it('un scénario sans levier ne change rien', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const engine = new PlanningEngine(toInputs(w));
        const base = engine.baseline(engine.resolve({ parameters: {} }));
        const same = engine.evaluate({ parameters: {}, levers: [] });
        close(same.communes.need, base.communes.need);
        close(same.communes.capacity, base.communes.capacity);
      }),
      { numRuns: 50 },
    );
  });

  it('un cabinet secondaire conserve la capacité totale', () => {
    fc.assert(
      fc.property(worldArb, fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 1, noNaN: true }), (w, pick, fraction) => {
        const engine = new PlanningEngine(toInputs(w));
        const base = engine.evaluate({ parameters: {}, levers: [] });
        // Some commune × specialty that holds FTE, chosen by `pick`.
        const k = base.adjustments.fte.findIndex((v, i) => v > 0 && i >= pick % base.adjustments.fte.length);
        fc.pre(k >= 0);
        const from = Math.floor(k / SPECIALTY_COUNT), s = k % SPECIALTY_COUNT;
        const to = (from + 1) % w.n;
        const moved = base.adjustments.fte[k] * fraction;
        const after = engine.evaluate({
          parameters: {},
          levers: [{ kind: 'secondarySite', from: engine.inputs.communes[from], to: engine.inputs.communes[to], specialty: SPECIALTIES[s], doctors: moved, daysPerWeek: 5 }],
        });
        const total = (e: typeof base) => e.communes.capacity.reduce((a, b) => a + b, 0);
        expect(Math.abs(total(after) - total(base))).toBeLessThanOrEqual(1e-6 * Math.max(1, total(base)));
      }),
      { numRuns: 50 },
    );
  });

  it('le besoin est linéaire en la population', () => {
    fc.assert(
      fc.property(worldArb, fc.double({ min: 0, max: 10, noNaN: true }), (w, k) => {
        const base = new PlanningEngine(toInputs(w)).evaluate({ parameters: {}, levers: [] });
        const scaled = toInputs(w);
        scaled.population = scaled.population.map((p) => p * k);
        const result = new PlanningEngine(scaled).evaluate({ parameters: {}, levers: [] });
        close(result.communes.need, base.communes.need.map((v) => v * k));
      }),
      { numRuns: 50 },
    );
  });

  it('les résultats par territoire ne dépendent pas de l’ordre des lignes', () => {
    fc.assert(
      fc.property(scenarioArb, fc.func(fc.integer()), ([w, levers], shuffleKey) => {
        const order = Array.from({ length: w.n }, (_, i) => i).sort((a, b) => shuffleKey(a) - shuffleKey(b) || a - b);
        const a = new PlanningEngine(toInputs(w)).evaluate({ parameters: {}, levers });
        const b = new PlanningEngine(toInputs(w, order)).evaluate({ parameters: {}, levers });
        const ta = a.territories.get('DEP')!, tb = b.territories.get('DEP')!;
        close(ta.need, tb.need);
        close(ta.capacity, tb.capacity);
        close(ta.population, tb.population);
      }),
      { numRuns: 50 },
    );
  });

  it('le total d’un territoire est la somme de ses communes', () => {
    fc.assert(
      fc.property(scenarioArb, ([w, levers]) => {
        const inputs = toInputs(w);
        const result = new PlanningEngine(inputs).evaluate({ parameters: {}, levers });
        const dep = result.territories.get('DEP')!;
        const expected = new Float64Array(dep.need.length);
        inputs.grids[1].cellOfCommune.forEach((cell, c) => {
          if (cell < 0) return;
          for (let s = 0; s < SPECIALTY_COUNT; s++) expected[cell * SPECIALTY_COUNT + s] += result.communes.need[c * SPECIALTY_COUNT + s];
        });
        close(dep.need, expected);
      }),
      { numRuns: 50 },
    );
  });

  it('le recalcul incrémental égale exactement le recalcul complet', () => {
    fc.assert(
      fc.property(scenarioArb, ([w, levers]) => {
        const engine = new PlanningEngine(toInputs(w));
        const incremental = engine.evaluate({ parameters: {}, levers });
        const full = engine.evaluate({ parameters: {}, levers }, { incremental: false });
        expect(incremental.communes.need).toEqual(full.communes.need);
        expect(incremental.communes.capacity).toEqual(full.communes.capacity);
        for (const grid of ['COM', 'DEP']) {
          expect(incremental.territories.get(grid)!.need).toEqual(full.territories.get(grid)!.need);
          expect(incremental.territories.get(grid)!.capacity).toEqual(full.territories.get(grid)!.capacity);
          expect(incremental.territories.get(grid)!.population).toEqual(full.territories.get(grid)!.population);
        }
      }),
      { numRuns: 100 },
    );
  });
});
