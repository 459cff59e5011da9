import { describe, expect, it } from 'vitest';
import { SPECIALTY_COUNT } from './domain';
import { PlanningEngine } from './engine';
import { smallWorld } from './fixtures';
import { doctorShareLeaving, laisserFaireScenario, nationalPopulationFactor, type ProjectionRow } from './horizon';
import { DOCTOR_AGE_REFERENCE, NATIONAL_POPULATION_FACTORS } from './horizon-reference';
import { parseScenario, ScenarioError, serializeScenario, readScenarioText } from './scenario';

const MG = 0;
const AGES5 = Array.from({ length: 20 }, (_, i) => i * 5);
const DEPS = [{ code: '55', label: 'Meuse', specialties: ['MG'] as const }, { code: '57', label: 'Moselle' }];

/** Projections 2021 and 2031, 1 000 people per 5-year band; `change(dep, age5)` is the 2031 ÷ 2021 ratio. */
function projections(change: (dep: string, age5: number) => number, scenario = 'Central'): ProjectionRow[] {
  return ['55', '57'].flatMap((dep) =>
    AGES5.flatMap((age5) => [
      { dep, age5, annee: 2021, population: 1000, scenario },
      { dep, age5, annee: 2031, population: 1000 * change(dep, age5), scenario },
    ]),
  );
}

const populationLever = (scenario: ReturnType<typeof laisserFaireScenario>, dep: string) => {
  const lever = scenario.levers.find((l) => l.id === `population-${dep}`);
  if (!lever || lever.kind !== 'populationChange') throw new Error(`no population lever for ${dep}`);
  return lever;
};

describe('scénario « laisser-faire » à l’horizon', () => {
  it('double le besoin de la tranche 80 ans et plus là où la projection double', () => {
    const scenario = laisserFaireScenario(
      { departements: DEPS, populationYear: 2021, projections: projections((dep, age5) => (dep === '57' && age5 >= 80 ? 2 : 1)) },
      { horizon: 2031, departureShares: { MG: 0, OPH: 0 }, replacementRate: 0 },
    );
    expect(scenario.name).toBe('Laisser-faire 2031');
    expect(populationLever(scenario, '57').factorByAgeBand).toEqual({ '0': 1, '20': 1, '30': 1, '40': 1, '50': 1, '60': 1, '70': 1, '80': 2 });
    expect(populationLever(scenario, '55').factorByAgeBand['80']).toBe(1);
    // smallWorld: 57001 has 100 people per band and 200 aged 80+; MG rate of band b = (b + 1) / 100.
    const engine = new PlanningEngine(smallWorld());
    const before = engine.evaluate(parseScenario({ schemaVersion: 3, name: 'base', levers: [] }).scenario);
    const after = engine.evaluate(scenario);
    expect(before.communes.need[4 * SPECIALTY_COUNT + MG]).toBeCloseTo(28 + 16);
    expect(after.communes.need[4 * SPECIALTY_COUNT + MG]).toBeCloseTo(28 + 32);
    expect(after.communes.need[0 * SPECIALTY_COUNT + MG]).toBeCloseTo(before.communes.need[0 * SPECIALTY_COUNT + MG]);
    // No departures: the shares entered are 0 for the specialties present.
    expect(scenario.levers.filter((l) => l.kind === 'departures' && (l.specialty === 'MG' || l.specialty === 'OPH'))).toEqual([]);
  });

  it('interpole entre deux années de projection et pondère les âges quinquennaux par la population du paquet', () => {
    // 2021 → 2031: ages 80–84 × 2, 85 and over × 3; halfway (2026): × 1,5 and × 2.
    const change = (_dep: string, age5: number) => (age5 === 80 ? 2 : age5 >= 85 ? 3 : 1);
    // The pack has 300 people aged 80–84 and 100 in each older band (85, 90, 95) in the Meuse.
    const populationAge5 = AGES5.map((age5) => ({ dep: '55', age5, population: age5 === 80 ? 300 : 100 }));
    const scenario = laisserFaireScenario({ departements: DEPS, populationYear: 2021, projections: projections(change), populationAge5 }, { horizon: 2026 });
    // Meuse: (300 × 1,5 + 3 × 100 × 2) / 600 = 1,75; Moselle (no pack weights): projection weights, (1,5 + 3 × 2) / 4.
    expect(populationLever(scenario, '55').factorByAgeBand['80']).toBeCloseTo(1.75, 4);
    expect(populationLever(scenario, '57').factorByAgeBand['80']).toBeCloseTo(1.875, 4);
    expect(populationLever(scenario, '55').source).toMatch(/Omphale, scénario « Central »/);
  });

  it('prend le scénario central quand la table en contient plusieurs', () => {
    const rows = [...projections(() => 1.2, 'Central'), ...projections(() => 1.5, 'Pop_haute')];
    const scenario = laisserFaireScenario({ departements: DEPS, populationYear: 2021, projections: rows }, { horizon: 2031 });
    expect(populationLever(scenario, '57').factorByAgeBand['0']).toBeCloseTo(1.2, 4);
  });

  it('retire s × (1 − r) des ETP, avec la part saisie et le taux de remplacement', () => {
    const scenario = laisserFaireScenario({ departements: DEPS, populationYear: 2021 }, { horizon: 2030, departureShares: { MG: 0.4 }, replacementRate: 0.25 });
    const mg = scenario.levers.filter((l) => l.kind === 'departures' && l.specialty === 'MG');
    expect(mg.map((l) => [l.id, l.kind === 'departures' && l.share])).toEqual([
      ['departs-55-MG', 0.3],
      ['departs-57-MG', 0.3],
    ]);
    // The Meuse lists only MG: no other specialty's lever there.
    expect(scenario.levers.filter((l) => l.kind === 'departures' && l.territory === '55')).toHaveLength(1);
    const engine = new PlanningEngine(smallWorld());
    const before = engine.evaluate(parseScenario({ schemaVersion: 3, name: 'base', levers: [] }).scenario);
    const after = engine.evaluate(scenario);
    const meuse = (e: typeof before) => e.territories.get('DEP')!.capacity[0 * SPECIALTY_COUNT + MG];
    expect(meuse(before)).toBeCloseTo(3 * 5400);
    expect(meuse(after)).toBeCloseTo(3 * 5400 * (1 - 0.4 * 0.75));
    expect(mg[0].source).toMatch(/saisie de l’utilisateur ; 25\s%\sdes départs remplacés/);
  });

  it('sans projections : facteurs nationaux et répartition par âge des médecins de référence, sources citées', () => {
    const scenario = laisserFaireScenario({ departements: DEPS, populationYear: 2021, pack: { id: 'demo', label: 'Démo' } }, { horizon: 2030 });
    const moselle = populationLever(scenario, '57');
    expect(moselle.factorByAgeBand['80']).toBeCloseTo(NATIONAL_POPULATION_FACTORS.factors[80][1], 4);
    expect(moselle.source).toBe(NATIONAL_POPULATION_FACTORS.source);
    // 2030, 67 ans: doctors aged 61 or over in 2024, 2,3 % × (70 − 61) = 20,7 %; half replaced by default.
    expect(doctorShareLeaving(67, 2030)).toBeCloseTo(0.207, 6);
    const departure = scenario.levers.find((l) => l.id === 'departs-57-CARDIO');
    expect(departure && departure.kind === 'departures' && departure.share).toBeCloseTo(0.1035, 6);
    expect(departure?.source).toContain(DOCTOR_AGE_REFERENCE.source);
    expect(scenario.description).toMatch(/Laisser-faire|si personne n’agit/);
    expect(scenario.description).toContain('hypothèse');
    expect(scenario.pack).toEqual({ id: 'demo', label: 'Démo' });
    // Meuse: MG only; Moselle: the nine specialties; one population lever each.
    expect(scenario.levers).toHaveLength(2 + 1 + 9);
    // An ordinary scenario: written and read back unchanged.
    expect(readScenarioText(serializeScenario(scenario)).scenario).toEqual(scenario);
  });

  it('interpole les facteurs nationaux et suit l’année de population du paquet', () => {
    // 2021 → 2035: 80+ between 2030 (1,25) and 2040 (1,68).
    expect(nationalPopulationFactor(80, 2021, 2035)).toBeCloseTo((1.25 + 1.68) / 2, 6);
    expect(nationalPopulationFactor(80, 2030, 2040)).toBeCloseTo(1.68 / 1.25, 6);
    expect(doctorShareLeaving(67, 2070)).toBe(DOCTOR_AGE_REFERENCE.maxShare);
    expect(doctorShareLeaving(75, 2025)).toBe(0);
  });

  it('refuse en français une année, un âge ou un taux hors plage, et un horizon que les projections ne couvrent pas', () => {
    const input = { departements: DEPS, populationYear: 2021 };
    const problems = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(ScenarioError);
        return (error as ScenarioError).problems;
      }
      throw new Error('no error');
    };
    expect(problems(() => laisserFaireScenario(input, { horizon: 2100, retirementAge: 90, replacementRate: 1.5 }))).toEqual([
      'Année d’horizon « 2100 » : attendu une année entière de 2025 à 2070.',
      'Âge de départ à la retraite « 90 » : attendu de 55 à 75 ans.',
      'Taux de remplacement des départs « 1.5 » : attendu de 0 à 1 (0 à 100 %).',
    ]);
    expect(problems(() => laisserFaireScenario({ ...input, populationYear: 2030 }, { horizon: 2030 }))[0]).toMatch(/doit suivre l’année de la population du paquet \(2030\)/);
    expect(problems(() => laisserFaireScenario({ ...input, projections: projections(() => 1) }, { horizon: 2040 }))[0]).toMatch(/couvrent 2021 à 2031 : l’année d’horizon 2040 n’y est pas/);
    expect(problems(() => laisserFaireScenario(input, { horizon: 2030, departureShares: { MG: 2 } }))[0]).toMatch(/Part de départs de MG/);
  });

  it('les valeurs par défaut données telles quelles restent des hypothèses (le formulaire les envoie toujours)', () => {
    const input = { departements: DEPS, populationYear: 2021, projections: [] };
    const implicit = laisserFaireScenario(input, { horizon: 2030 });
    const explicit = laisserFaireScenario(input, { horizon: 2030, retirementAge: 67, replacementRate: 0.5 });
    expect(explicit.description).toBe(implicit.description);
    expect(explicit.description).not.toMatch(/paramètre saisi/);
    expect(laisserFaireScenario(input, { horizon: 2030, retirementAge: 65 }).description).toMatch(/65 ans \(paramètre saisi par l’utilisateur\)/);
  });
});
