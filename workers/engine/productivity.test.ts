// One productivity per specialty, the one the engine uses, with its origin; the productivity basis
// « medecinActif » (acts per active doctor, supply in active doctors) and the named parameter sets.
import { describe, expect, it } from 'vitest';
import { SPECIALTIES, SPECIALTY_COUNT, specialtyIndex } from './domain';
import { PlanningEngine } from './engine';
import { smallWorld } from './fixtures';
import { gapOf } from './model';
import { describeProductivity, parameterSet, PARAMETER_SETS, productivityInUse, withParameterSet } from './productivity';
import { DEFAULT_ACTIVE_SHARE } from './reference';
import { readScenario, resolveParameters, SCENARIO_SCHEMA_VERSION, ScenarioError, serializeScenario, type Scenario } from './scenario';

const MG = specialtyIndex('MG');
const PSY = specialtyIndex('PSY');
const OPH = specialtyIndex('OPH');
const SOURCE = 'Open DAMIR 2024, mois 02 à 07 annualisés × 12 / 6 (actes libéraux du panier, exécutants) ÷ médecins libéraux du RPPS';

describe('productivité résolue', () => {
  it('par défaut (etp) : valeur du scénario, sinon du paquet, sinon de référence ; aucun médecin retiré', () => {
    const p = resolveParameters({ productivity: { OPH: 6000 } }, { MG: 4560, OPH: 5132 });
    expect(p.productivityBasis).toBe('etp');
    expect(p.supplyShare).toBeUndefined();
    expect(p.productivity[MG]).toBe(4560);
    expect(p.productivity[OPH]).toBe(6000);
    expect(p.productivity[PSY]).toBe(2500);
  });

  it('par médecin actif : valeur du paquet ÷ part d’actifs (125 / 140 pour les généralistes), médecins × la même part', () => {
    expect(DEFAULT_ACTIVE_SHARE.MG.value).toBe(125 / 140);
    const p = resolveParameters({ productivityBasis: 'medecinActif' }, { MG: 4560 });
    // 4 560 × 140 / 125 = 5 107,2 acts per active GP.
    expect(p.productivity[MG]).toBeCloseTo(5107.2, 9);
    expect(p.supplyShare![MG]).toBe(125 / 140);
    // No active share known for psychiatrists: 100 %, the reference value unchanged.
    expect(p.supplyShare![PSY]).toBe(1);
    expect(p.productivity[PSY]).toBe(2500);
    const own = resolveParameters({ productivityBasis: 'medecinActif', activeShare: { MG: 0.8, PSY: 0.5 } }, { MG: 4560 });
    expect(own.productivity[MG]).toBeCloseTo(5700, 9);
    expect(own.productivity[PSY]).toBe(5000);
    // A value the scenario gives is taken as it is, in acts per active doctor.
    const given = resolveParameters({ productivityBasis: 'medecinActif', productivity: { MG: 4923 } }, { MG: 4560 });
    expect(given.productivity[MG]).toBe(4923);
    expect(given.supplyShare![MG]).toBe(125 / 140);
  });

  it('par médecin actif : même capacité en actes, écart en ETP compté en médecins actifs (× 125 / 140)', () => {
    const engine = new PlanningEngine(smallWorld(), { MG: 4560 });
    const etp = engine.baseline(engine.resolve({ parameters: {} }));
    const active = engine.baseline(engine.resolve({ parameters: { productivityBasis: 'medecinActif' } }));
    const dep = (e: typeof etp) => e.territories.get('DEP')!;
    // Meuse: 2 GPs alone + 1 GP at 0,8 + its secondary site at 0,2 = 3 FTE; need Σ 3 communes × Σ (b + 1) = 108 acts.
    expect(dep(etp).capacity[MG]).toBe(3 * 4560);
    expect(dep(active).capacity[MG]).toBeCloseTo(3 * 4560, 6);
    expect(dep(active).need[MG]).toBeCloseTo(108, 9);
    const before = gapOf(dep(etp).need[MG], dep(etp).capacity[MG], etp.params.productivity[MG]).ecartEtp;
    const after = gapOf(dep(active).need[MG], dep(active).capacity[MG], active.params.productivity[MG]).ecartEtp;
    expect(before).toBeCloseTo((13680 - 108) / 4560, 9);
    expect(after).toBeCloseTo((13680 - 108) / 5107.2, 9);
    expect(after / before).toBeCloseTo(125 / 140, 9);
    // An installed doctor is an active doctor: + 5 107,2 acts; incremental equals full recompute.
    const scenario = { parameters: { productivityBasis: 'medecinActif' as const }, levers: [{ kind: 'install' as const, commune: '55002', specialty: 'MG' as const, fte: 1 }] };
    const incremental = engine.evaluate(scenario, { incremental: true });
    const full = engine.evaluate(scenario, { incremental: false });
    expect(incremental.territories.get('DEP')!.capacity[MG]).toBeCloseTo(3 * 4560 + 5107.2, 6);
    expect(Array.from(incremental.territories.get('DEP')!.capacity)).toEqual(Array.from(full.territories.get('DEP')!.capacity));
    // The two bases are cached apart.
    expect(engine.baseline(engine.resolve({ parameters: {} })).territories.get('DEP')!.capacity[MG]).toBe(3 * 4560);
    expect(dep(etp).capacity.length).toBe(2 * SPECIALTY_COUNT);
  });
});

describe('productivité décrite : une valeur par spécialité et son origine', () => {
  it('dit si elle vient du scénario, du paquet (avec ses mois) ou de la référence faute de dérivation', () => {
    const used = productivityInUse({ productivity: { OPH: 6000 } }, { MG: 4560 }, { MG: SOURCE }, 'Test');
    expect(used.map((u) => u.specialty)).toEqual([...SPECIALTIES]);
    expect(used[MG]).toEqual({
      specialty: 'MG',
      value: 4560,
      origin: 'paquet',
      basis: 'etp',
      activeShare: null,
      unit: 'actes par ETP et par an',
      originLabel: 'dérivée du paquet',
      source: `dérivée du paquet : ${SOURCE}`,
    });
    expect(used[OPH]).toMatchObject({ value: 6000, origin: 'scenario', source: 'paramètre du scénario « Test »' });
    expect(used[PSY]).toMatchObject({
      value: 2500,
      origin: 'reference',
      originLabel: 'référence (le paquet n’en dérive pas)',
      source: 'valeur de référence, le paquet n’en dérive pas : hypothèse non sourcée',
    });
  });

  it('par médecin actif : la part et sa source sont dans la source de la valeur', () => {
    const used = productivityInUse({ productivityBasis: 'medecinActif', activeShare: { OPH: 0.9 } }, { MG: 4560 }, { MG: SOURCE });
    expect(used[MG].value).toBeCloseTo(5107.2, 9);
    expect(used[MG].unit).toBe('actes par médecin actif et par an');
    expect(used[MG].activeShare).toBe(125 / 140);
    expect(used[MG].source).toBe(`dérivée du paquet : ${SOURCE} ; ÷ part de médecins actifs 89,3 % (${DEFAULT_ACTIVE_SHARE.MG.source})`);
    // No pack value for ophthalmology: 5 500 ÷ 0,9 from the reference, said so.
    expect(used[OPH].value).toBeCloseTo(5500 / 0.9, 9);
    expect(used[OPH].source).toBe('valeur de référence, le paquet n’en dérive pas : hypothèse non sourcée ; ÷ part de médecins actifs 90 % (valeur du scénario)');
  });

  it('décrit les paramètres d’une évaluation comme ceux d’un scénario', () => {
    const engine = new PlanningEngine(smallWorld(), { MG: 4560 });
    const parameters = { productivityBasis: 'medecinActif' as const, productivity: { PSY: 3000 } };
    const described = describeProductivity(engine.resolve({ parameters }), parameters, { MG: SOURCE }, 'A');
    expect(described).toEqual(productivityInUse(parameters, { MG: 4560 }, { MG: SOURCE }, 'A'));
    expect(described[PSY].source).toBe('paramètre du scénario « A », en actes par médecin actif et par an');
  });
});

describe('fichier de scénario : productivityBasis et activeShare', () => {
  const file = (parameters: unknown) => ({ schemaVersion: SCENARIO_SCHEMA_VERSION, name: 'Base', parameters, levers: [] });
  const problems = (parameters: unknown) => {
    try {
      readScenario(file(parameters));
    } catch (error) {
      if (error instanceof ScenarioError) return error.problems;
      throw error;
    }
    return [];
  };

  it('lit, valide et réécrit les deux paramètres', () => {
    const { scenario, warnings } = readScenario(file({ productivityBasis: 'medecinActif', activeShare: { MG: 0.9 } }));
    expect(warnings).toEqual([]);
    expect(scenario.parameters).toEqual({ productivityBasis: 'medecinActif', activeShare: { MG: 0.9 } });
    expect(readScenario(JSON.parse(serializeScenario(scenario))).scenario.parameters).toEqual(scenario.parameters);
  });

  it('refuse une base inconnue ou une part hors de 50 à 100 %, en français', () => {
    expect(problems({ productivityBasis: 'actifs' })).toEqual([
      'Paramètres : champ « productivityBasis » doit valoir « etp » (actes par médecin du paquet, par défaut) ou « medecinActif » (actes par médecin actif, méthode du tableau de bord de la Meuse).',
    ]);
    expect(problems({ activeShare: { MG: 0.3 } })).toEqual(['Paramètres : champ « activeShare.MG » doit être compris entre 50 % et 100 % (de 0,5 à 1 dans le fichier).']);
    expect(problems({ activeShare: { MG: 0 } })).toHaveLength(1);
  });
});

describe('jeux de paramètres nommés', () => {
  it('« medecin-actif » choisit la base par médecin actif ; ce que le scénario écrit prime', () => {
    expect(PARAMETER_SETS.map((s) => s.id)).toEqual(['reference', 'medecin-actif']);
    const set = parameterSet('medecin-actif')!;
    expect(set.parameters).toEqual({ productivityBasis: 'medecinActif' });
    expect(withParameterSet(set, { rates: 'regional' })).toEqual({ productivityBasis: 'medecinActif', rates: 'regional' });
    expect(withParameterSet(set, { productivityBasis: 'etp' })).toEqual({ productivityBasis: 'etp' });
    expect(parameterSet('inconnu')).toBeUndefined();
    const scenario: Scenario = { schemaVersion: SCENARIO_SCHEMA_VERSION, name: 'x', description: '', parameters: withParameterSet(set, {}), levers: [] };
    expect(resolveParameters(scenario.parameters, { MG: 4560 }).productivity[MG]).toBeCloseTo(5107.2, 9);
  });
});
