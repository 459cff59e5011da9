import { describe, expect, it } from 'vitest';
import { boundActivity, decayWeight, networkFromPairs, twoStepFloatingCatchment } from './apl';
import { SPECIALTY_COUNT } from './domain';
import { PlanningEngine } from './engine';
import { populationInDeficit, territoryDifference, thresholdCrossings } from './difference';
import { smallWorld } from './fixtures';
import { gapOf } from './model';
import { DREES_BOUNDS, DREES_DECAY } from './reference';
import { parseScenario, ScenarioError, type Lever } from './scenario';

const MG = 0;
const OPH = 3;
const scenarioWith = (levers: unknown[], parameters: object = {}) =>
  parseScenario({ schemaVersion: 1, name: 'test', parameters, levers }).scenario;
const dep = (evaluation: ReturnType<PlanningEngine['evaluate']>, cell: number, s: number) => {
  const t = evaluation.territories.get('DEP')!;
  return { need: t.need[cell * SPECIALTY_COUNT + s], capacity: t.capacity[cell * SPECIALTY_COUNT + s], population: t.population[cell] };
};

describe('besoin, capacité, écart', () => {
  const engine = new PlanningEngine(smallWorld());
  const base = engine.evaluate(scenarioWith([]));

  it('calcule le besoin comme Σ population × taux par tranche', () => {
    expect(base.communes.need[0 * SPECIALTY_COUNT + MG]).toBeCloseTo(36);
    expect(base.communes.need[4 * SPECIALTY_COUNT + OPH]).toBeCloseTo(44 * 4);
    expect(base.communes.need[2 * SPECIALTY_COUNT + MG]).toBe(0);
  });

  it('calcule la capacité avec les poids de site (principal 0,8, secondaire 0,2) et la productivité', () => {
    expect(base.communes.capacity[0 * SPECIALTY_COUNT + MG]).toBeCloseTo(2 * 5400);
    expect(base.communes.capacity[1 * SPECIALTY_COUNT + MG]).toBeCloseTo(0.8 * 5400);
    expect(base.communes.capacity[3 * SPECIALTY_COUNT + MG]).toBeCloseTo(0.2 * 5400);
  });

  it('agrège aux territoires et écrit l’écart négatif en cas de déficit', () => {
    const meuse = dep(base, 0, MG);
    expect(meuse.need).toBeCloseTo(108);
    expect(meuse.capacity).toBeCloseTo(3 * 5400);
    expect(meuse.population).toBe(2400);
    const moselle = dep(base, 1, MG);
    const gap = gapOf(moselle.need, moselle.capacity, 5400);
    expect(gap.ecartActes).toBeCloseTo(-44);
    expect(gap.ecartEtp).toBeCloseTo(-44 / 5400);
    expect(gap.tauxCouverture).toBe(0);
    expect(gap.tauxDeficit).toBe(1);
    expect(Number.isNaN(gapOf(0, 10, 5400).tauxCouverture)).toBe(true);
  });

  it('ignore les communes hors maillage (BV2022 de 57001)', () => {
    const bv = base.territories.get('BV2022')!;
    expect(bv.population[0] + bv.population[1]).toBe(2400);
  });

  it('applique une productivité et un poids de site donnés en paramètres', () => {
    const other = engine.evaluate(scenarioWith([], { productivity: { MG: 5000 }, principalSiteWeight: 0.6 }));
    expect(other.communes.capacity[1 * SPECIALTY_COUNT + MG]).toBeCloseTo(0.6 * 5000);
    expect(other.communes.capacity[3 * SPECIALTY_COUNT + MG]).toBeCloseTo(0.4 * 5000);
  });
});

describe('leviers', () => {
  const engine = new PlanningEngine(smallWorld());
  const base = engine.evaluate(scenarioWith([]));
  const run = (levers: unknown[]) => engine.evaluate(scenarioWith(levers));

  it('installation : ajoute des ETP à la commune', () => {
    const result = run([{ kind: 'install', commune: '57001', specialty: 'MG', fte: 1.5 }]);
    expect(result.communes.capacity[4 * SPECIALTY_COUNT + MG]).toBeCloseTo(1.5 * 5400);
  });

  it('cabinet secondaire : déplace médecins × jours / 5 ETP sans changer le total', () => {
    const result = run([{ kind: 'secondarySite', from: '55001', to: '55003', specialty: 'MG', doctors: 1, daysPerWeek: 2 }]);
    expect(result.communes.capacity[0 * SPECIALTY_COUNT + MG]).toBeCloseTo(1.6 * 5400);
    expect(result.communes.capacity[2 * SPECIALTY_COUNT + MG]).toBeCloseTo(0.4 * 5400);
    expect(dep(result, 0, MG).capacity).toBeCloseTo(dep(base, 0, MG).capacity);
  });

  it('cabinet secondaire : refuse de déplacer plus que la commune n’a', () => {
    expect(() => run([{ kind: 'secondarySite', from: '55002', to: '55003', specialty: 'MG', doctors: 1, daysPerWeek: 5, label: 'Trop' }])).toThrow(
      /Levier 1 \(« Trop »\) : déplace 1.00 ETP de MG depuis 55002, qui n’en compte que 0.80/,
    );
  });

  it('téléconsultation d’un ancien fichier : offre extérieure égale à la part du besoin, besoin inchangé', () => {
    // PSY need of the Meuse: 3 communes × Σ 2 × (b + 1) = 3 × 72 = 216 acts; 20 % = 43,2 acts.
    const result = run([{ kind: 'teleconsultation', grid: 'DEP', territory: '55', specialty: 'PSY', share: 0.2 }]);
    expect(dep(result, 0, 1).need).toBeCloseTo(216);
    expect(dep(result, 0, 1).capacity).toBeCloseTo(43.2);
    expect(result.adjustments.externalActs.reduce((a, b) => a + b, 0)).toBeCloseTo(43.2);
    expect(dep(result, 1, 1).capacity).toBe(dep(base, 1, 1).capacity);
    expect(() => run([{ kind: 'teleconsultation', grid: 'DEP', territory: '55', specialty: 'RADIO', share: 0.1 }])).toThrow(
      /la radiologie ne se téléconsulte pas \(part téléconsultable de 0 %/,
    );
  });

  it('téléconsultation : les actes sont pris sur le temps des médecins prestataires', () => {
    // OPH: 57001's ophthalmologist gives 40 acts to the Meuse (need 3 × Σ 4 × (b + 1) = 432, 144 per
    // inhabited commune): the Meuse gains 40, 57001 loses 40, no need changes, France's total is equal.
    const tele = { kind: 'teleconsultation', grid: 'DEP', territory: '55', specialty: 'OPH', acts: 40, provider: { kind: 'commune', commune: '57001' } };
    const result = run([tele]);
    expect(dep(result, 0, OPH).capacity).toBeCloseTo(40);
    expect(dep(result, 1, OPH).capacity).toBeCloseTo(5500 - 40);
    expect(result.communes.capacity[0 * SPECIALTY_COUNT + OPH]).toBeCloseTo(40 / 3);
    expect(result.communes.capacity[2 * SPECIALTY_COUNT + OPH]).toBe(0);
    expect(dep(result, 0, OPH).need).toBe(dep(base, 0, OPH).need);
    const total = (e: typeof base) => e.communes.capacity.reduce((a, b) => a + b, 0);
    expect(total(result)).toBeCloseTo(total(base), 6);
    // Bounds: 10 % of the Meuse's need (43,2 acts) and 20 % of the provider's 5 500 acts.
    expect(() => run([{ ...tele, acts: 50 }])).toThrow(/50 actes par an téléconsultés dépassent la part téléconsultable en ophtalmologie \(10 % du besoin des habitants, soit 43 actes par an\)/);
    // 57001 has no psychiatrist: it can give nothing.
    expect(() => run([{ ...tele, specialty: 'PSY', acts: 10 }])).toThrow(/la commune prestataire 57001 n’a aucun médecin en psychiatrie, rien ne peut en être téléconsulté/);
    expect(() => run([{ ...tele, specialty: 'OPH', acts: 10, grid: 'DEP', territory: '57', provider: { kind: 'commune', commune: '55001' } }])).toThrow(
      /la commune prestataire 55001 n’a aucun médecin en ophtalmologie/,
    );
    // 55004's secondary GP site: 0,2 FTE × 5 400 = 1 080 acts, 20 % = 216. The Moselle's GP need (44
    // acts) is multiplied by 10 and fully teleconsultable, so that the provider's rule is the one that binds.
    const tenfold = { id: 'p', kind: 'populationChange', grid: 'DEP', territory: '57', factorByAgeBand: Object.fromEntries(['0', '20', '30', '40', '50', '60', '70', '80'].map((b) => [b, 10])) };
    const generous = (lever: object) =>
      engine.evaluate(parseScenario({ schemaVersion: 3, name: 't', parameters: { teleconsultableShare: { MG: 1 } }, levers: [tenfold, { id: 'x', ...lever }] }).scenario);
    expect(generous({ ...tele, specialty: 'MG', acts: 216, territory: '57', provider: { kind: 'commune', commune: '55004' } }).communes.capacity[4 * SPECIALTY_COUNT + MG]).toBeCloseTo(216);
    expect(() => generous({ ...tele, specialty: 'MG', acts: 300, territory: '57', provider: { kind: 'commune', commune: '55004' } })).toThrow(
      /les médecins de la commune prestataire 55004 ne peuvent téléconsulter que 216 actes par an de plus en médecine générale \(20 % de leur activité de 1\s080 actes par an, règle conventionnelle\), pas 300 actes par an/,
    );
    expect(() => run([{ ...tele, provider: { kind: 'commune', commune: '55001' } }])).toThrow(/le prestataire est dans le territoire des patients/);
    expect(() => run([{ ...tele, assistedSite: '57001' }])).toThrow(/point de téléconsultation assistée \(57001\) doit être dans le territoire des patients/);
    expect(run([{ ...tele, assistedSite: '55002' }]).adjustments.teleReceived[1 * SPECIALTY_COUNT + OPH]).toBeCloseTo(40 / 3);
  });

  it('évolution de la population : le facteur combiné de plusieurs leviers reste dans la plage plausible', () => {
    const explosion = { kind: 'populationChange', grid: 'DEP', territory: '55', factorByAgeBand: { '80': 10 } };
    expect(run([explosion]).communes.population[0]).toBe(700 + 1000);
    expect(() => run([explosion, explosion])).toThrow(/ensemble, multiplient la tranche 80 ans et plus de la commune 55001 par 100 : le facteur combiné doit rester entre 0 et 10/);
  });

  it('téléconsultation : des départs ultérieurs qui laissent le prestataire au-delà de 20 % sont refusés', () => {
    const tele = { kind: 'teleconsultation', grid: 'DEP', territory: '55', specialty: 'OPH', acts: 40, provider: { kind: 'commune', commune: '57001' } };
    const departures = { kind: 'departures', grid: 'DEP', territory: '57', specialty: 'OPH', share: 0.99 };
    expect(() => run([tele, departures])).toThrow(/Après tous les leviers, les médecins en ophtalmologie de la commune 57001 téléconsulteraient 40 actes par an, plus de 20 % de leur activité restante \(11 actes par an\)/);
  });

  it('MSP : ajoute des ETP et un gain de productivité des médecins déjà installés', () => {
    const result = run([{ kind: 'msp', commune: '55001', extraFte: { MG: 2 }, productivityGain: 0.05 }]);
    expect(result.communes.capacity[0 * SPECIALTY_COUNT + MG]).toBeCloseTo((2 * 1.05 + 2) * 5400);
  });

  it('départs : retire une part de la capacité dans chaque commune du territoire', () => {
    const result = run([{ kind: 'departures', grid: 'DEP', territory: '55', specialty: 'MG', share: 0.3 }]);
    expect(dep(result, 0, MG).capacity).toBeCloseTo(dep(base, 0, MG).capacity * 0.7);
  });

  it('évolution de population : applique les facteurs par tranche d’âge', () => {
    const result = run([{ kind: 'populationChange', grid: 'DEP', territory: '57', factorByAgeBand: { '80': 1.5 } }]);
    // 57001, MG: 7 bands at 100 + 80+ band at 200 × 1.5 = 300 → (28 + 3 × 8) = 52.
    expect(result.communes.need[4 * SPECIALTY_COUNT + MG]).toBeCloseTo(52);
    expect(dep(result, 1, MG).population).toBe(1000);
  });

  it('ignore un levier désactivé', () => {
    const result = run([{ kind: 'install', commune: '57001', specialty: 'MG', fte: 3, enabled: false }]);
    expect(Array.from(result.communes.capacity)).toEqual(Array.from(base.communes.capacity));
  });

  it('refuse les valeurs invalides en nommant le levier, et n’applique rien', () => {
    const bad: Lever[] = [
      { kind: 'install', commune: '55001', specialty: 'MG', fte: 1 },
      { kind: 'install', commune: '99999', specialty: 'MG', fte: 1, label: 'Inconnue' },
    ];
    expect(() => engine.evaluate({ parameters: {}, levers: bad })).toThrow(/Levier 2 \(« Inconnue »\) : commune inconnue « 99999 »/);
    for (const [lever, message] of [
      [{ kind: 'install', commune: '55001', specialty: 'MG', fte: -1 }, /champ « fte » doit être compris entre 0 et 100 ETP/],
      [{ kind: 'install', commune: '55001', specialty: 'MG', fte: 1e308 }, /champ « fte » doit être compris entre 0 et 100 ETP/],
      [{ kind: 'install', commune: '55001', specialty: 'ORL', fte: 1 }, /champ « specialty » n’est pas une spécialité connue/],
      [{ kind: 'departures', grid: 'DEP', territory: '55', specialty: 'MG', share: 1.2 }, /champ « share » doit être compris entre 0 % et 100 % \(de 0 à 1 dans le fichier\)/],
      [{ kind: 'populationChange', grid: 'DEP', territory: '55', factorByAgeBand: { '80': 1e300 } }, /champ « factorByAgeBand.80 » doit être compris entre 0 et 10/],
      [{ kind: 'teleport', commune: '55001' }, /type de levier inconnu "teleport"/],
    ] as const) {
      expect(() => scenarioWith([lever])).toThrow(message);
    }
    expect(() => run([{ kind: 'departures', grid: 'EPCI', territory: '1', specialty: 'MG', share: 0.1 }])).toThrow(/maillage inconnu « EPCI »/);
    expect(() => run([{ kind: 'departures', grid: 'DEP', territory: '88', specialty: 'MG', share: 0.1 }])).toThrow(/territoire « 88 » inconnu/);
  });

  it('écarte les champs inconnus avec un avertissement en français', () => {
    const { warnings, scenario } = parseScenario({
      schemaVersion: 1,
      name: 'x',
      couleur: 'bleu',
      levers: [{ kind: 'install', commune: '55001', specialty: 'MG', fte: 1, urgent: true, label: 'Un' }],
    });
    expect(warnings).toEqual(['Champ inconnu « couleur » ignoré.', 'Levier 1 (« Un ») : champ inconnu « urgent » ignoré.']);
    expect(scenario.levers[0]).not.toHaveProperty('urgent');
  });

  it('refuse une version de schéma inconnue', () => {
    expect(() => parseScenario({ schemaVersion: 99, name: 'x', levers: [] })).toThrow(ScenarioError);
  });
});

describe('APL (2SFCA)', () => {
  it('suit la décroissance par paliers et les bornes d’activité de la DREES', () => {
    expect(decayWeight(9.99, DREES_DECAY.value)).toBe(1);
    expect(decayWeight(10, DREES_DECAY.value)).toBeCloseTo(2 / 3);
    expect(decayWeight(19.9, DREES_DECAY.value)).toBeCloseTo(1 / 3);
    expect(decayWeight(20, DREES_DECAY.value)).toBe(0);
    expect(boundActivity(200, DREES_BOUNDS.value)).toBe(0);
    expect(boundActivity(1000, DREES_BOUNDS.value)).toBe(3600);
    expect(boundActivity(5000, DREES_BOUNDS.value)).toBe(5000);
    expect(boundActivity(9000, DREES_BOUNDS.value)).toBe(6000);
    expect(boundActivity(200, null)).toBe(200);
  });

  it('donne le résultat calculé à la main sur deux communes', () => {
    // A (pop 1000, 5000 acts) and B (pop 500, no doctor), 12 minutes apart (weight 2/3).
    const network = networkFromPairs(2, [0, 1], [1, 0], [12, 12]);
    const apl = twoStepFloatingCatchment([1000, 500], [5000, 0], network, DREES_DECAY.value);
    const ratioA = 5000 / (1000 + (2 / 3) * 500);
    expect(apl[0]).toBeCloseTo(ratioA);
    expect(apl[1]).toBeCloseTo((2 / 3) * ratioA);
  });

  it('garde le minimum des paires en double et relie chaque commune à elle-même', () => {
    const network = networkFromPairs(3, [0, 0, 2], [1, 1, 0], [25, 8, 5]);
    expect(Array.from(network.offsets)).toEqual([0, 2, 3, 5]);
    expect(Array.from(network.targets)).toEqual([0, 1, 1, 0, 2]);
    expect(Array.from(network.minutes)).toEqual([0, 8, 0, 5, 0]);
  });

  it('estime les temps depuis les centroïdes et calcule l’APL des généralistes', () => {
    const engine = new PlanningEngine(smallWorld());
    const base = engine.evaluate(scenarioWith([]));
    const apl = engine.accessibility(base, 'MG');
    expect(apl[4]).toBe(0); // 57001 has no GP within reach
    expect(apl[0]).toBeGreaterThan(apl[3]);
    const network = engine.network(20, base.params);
    // 55001 → 55002: 7.3 km × 1.3 / 60 km/h ≈ 9.5 min.
    const p = Array.from(network.targets.subarray(network.offsets[0], network.offsets[1])).indexOf(1);
    expect(network.minutes[network.offsets[0] + p]).toBeCloseTo(9.5, 0);
    // A new GP where there was none raises its APL and its neighbours'.
    const after = engine.evaluate(scenarioWith([{ kind: 'install', commune: '55004', specialty: 'MG', fte: 2 }]));
    const aplAfter = engine.accessibility(after, 'MG');
    expect(aplAfter[3]).toBeGreaterThan(apl[3]);
    // 55004 goes from 1,83 to 12,19 consultations per inhabitant: the only commune changing zone
    // (55002 and 55003 rise but were already above 4; 57001 stays at 0).
    expect(Array.from(apl, (x) => Number(x.toFixed(2)))).toEqual([9.28, 9.62, 5.71, 1.83, 0]);
    expect(thresholdCrossings(apl, aplAfter)).toEqual([{ commune: 3, before: 'sous 2,5', after: 'au-dessus de 4' }]);
    expect(thresholdCrossings(apl, apl)).toEqual([]);
  });

  it('classe l’APL aux seuils du zonage : 2,5 et 4 inclus dans la classe du dessous', () => {
    const before = Float64Array.from([2.5, 2.5, 4, 4, 4.01, 0]);
    const after = Float64Array.from([2.51, 2.5, 4.01, 2.5, 4, 0]);
    expect(thresholdCrossings(before, after)).toEqual([
      { commune: 0, before: 'sous 2,5', after: '2,5 à 4' },
      { commune: 2, before: '2,5 à 4', after: 'au-dessus de 4' },
      { commune: 3, before: '2,5 à 4', after: 'sous 2,5' },
      { commune: 4, before: 'au-dessus de 4', after: '2,5 à 4' },
    ]);
  });
});

describe('différence', () => {
  it('mesure le gain en ETP (positif = amélioration) et la population en déficit', () => {
    const engine = new PlanningEngine(smallWorld());
    const base = engine.evaluate(scenarioWith([]));
    const after = engine.evaluate(scenarioWith([{ kind: 'install', commune: '57001', specialty: 'MG', fte: 1 }]));
    const diff = territoryDifference(base, after, 'DEP');
    expect(diff.deltaGapFte[1 * SPECIALTY_COUNT + MG]).toBeCloseTo(1);
    expect(diff.deltaCapacity[0 * SPECIALTY_COUNT + MG]).toBe(0);
    expect(populationInDeficit(base)[MG]).toBe(900); // 57001 only (55003 has no need)
    expect(populationInDeficit(after)[MG]).toBe(0);
  });
});

describe('corrections de la revue', () => {
  it('offre APL = ETP × productivité bornée : tout joignable, APL = Σ offre ÷ Σ demande', () => {
    const inputs = smallWorld();
    const n = inputs.communes.length;
    const origins: number[] = [], destinations: number[] = [], minutes: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        origins.push(i);
        destinations.push(j);
        minutes.push(5);
      }
    }
    const engine = new PlanningEngine(inputs, undefined, { origins: Int32Array.from(origins), destinations: Int32Array.from(destinations), minutes: Float64Array.from(minutes) });
    const base = engine.evaluate(scenarioWith([]));
    const totalNeed = Array.from({ length: n }, (_, c) => base.communes.need[c * SPECIALTY_COUNT + MG]).reduce((a, b) => a + b, 0);
    const meanRate = totalNeed / base.communes.population.reduce((a, b) => a + b, 0);
    const apl = engine.accessibility(base, 'MG');
    expect(apl[0]).toBeCloseTo((3 * 5400) / (totalNeed / meanRate), 9);
    const after = engine.evaluate(scenarioWith([{ kind: 'install', commune: '55004', specialty: 'MG', fte: 1 }]));
    expect(engine.accessibility(after, 'MG')[0]).toBeCloseTo((4 * 5400) / (totalNeed / meanRate), 9);
  });

  it('gain de productivité d’une MSP : sur les médecins déjà installés, quel que soit l’ordre des leviers', () => {
    const engine = new PlanningEngine(smallWorld());
    const install = { kind: 'install', commune: '55001', specialty: 'MG', fte: 1 };
    const msp = { kind: 'msp', commune: '55001', extraFte: { MG: 0 }, productivityGain: 0.1 };
    const a = engine.evaluate(scenarioWith([install, msp])).communes.capacity[MG];
    const b = engine.evaluate(scenarioWith([msp, install])).communes.capacity[MG];
    expect(a).toBeCloseTo((2 * 1.1 + 1) * 5400);
    expect(b).toBe(a);
  });

  it('refuse deux téléconsultations qui dépassent ensemble le maximum', () => {
    const engine = new PlanningEngine(smallWorld());
    const tele = { kind: 'teleconsultation', grid: 'DEP', territory: '55', specialty: 'MG', share: 0.1 };
    expect(() => engine.evaluate(scenarioWith([tele, { ...tele, label: 'Deuxième' }]))).toThrow(/Levier 2 \(« Deuxième »\) : 10 actes par an téléconsultés \(plus 11 actes par an par les leviers précédents\)/);
  });

  it('refuse un type de levier hérité d’Object avec un message en français', () => {
    expect(() => scenarioWith([{ kind: 'toString' }])).toThrow(ScenarioError);
    expect(() => scenarioWith([{ kind: '__proto__' }])).toThrow(/type de levier inconnu/);
  });

  it('étire les paliers DREES à l’aire d’attraction de la spécialité', () => {
    const engine = new PlanningEngine(smallWorld());
    const base = engine.evaluate(scenarioWith([], { catchmentMinutes: { OPH: 40 } }));
    // 57001's ophthalmologist serves only 57001 (the others are > 40 min away).
    expect(engine.accessibility(base, 'OPH')[4]).toBeGreaterThan(0);
  });
});
