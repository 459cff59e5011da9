import { describe, expect, it } from 'vitest';
import { BAND_COUNT, SPECIALTY_COUNT, specialtyIndex } from './domain';
import { PlanningEngine } from './engine';
import { smallWorld } from './fixtures';
import type { EngineInputs } from './model';
import { pathwayReport } from './pathway-report';
import { deliverableText, pathwayColumns, pathwayTotal } from '../export/pathway-columns';
import { communePeople, DEFAULT_PROGRAMME, parseProgramme, PATHOLOGY_COUNT, programmeLoad, type CareProgramme } from './pathways';
import { ScenarioError } from './scenario';

/** smallWorld with prevalence: Meuse 10 % diabetes in every band, Moselle 20 % in the 80+ band only; heart failure 1 % everywhere. */
function withPrevalence(): EngineInputs {
  const inputs = smallWorld();
  const prevalence = new Float64Array(2 * PATHOLOGY_COUNT * BAND_COUNT);
  for (let b = 0; b < BAND_COUNT; b++) {
    prevalence[(0 * PATHOLOGY_COUNT + 0) * BAND_COUNT + b] = 0.1;
    prevalence[(0 * PATHOLOGY_COUNT + 1) * BAND_COUNT + b] = 0.01;
    prevalence[(1 * PATHOLOGY_COUNT + 1) * BAND_COUNT + b] = 0.01;
  }
  prevalence[(1 * PATHOLOGY_COUNT + 0) * BAND_COUNT + 7] = 0.2;
  return {
    ...inputs,
    pathologies: { groups: ['55', '57'], groupOfCommune: Int32Array.from([0, 0, 0, 0, 1]), prevalence, years: '2023', missingDepartements: [], missingPathologies: [], source: 'test' },
  };
}

/** One pathology, one stratum: 2 GP acts and 1 ophthalmology act per person per year. */
const SIMPLE: CareProgramme = {
  format: 'territoire-sante/parcours',
  version: 1,
  name: 'test',
  pathologies: [{ id: 'diabete', strata: [{ id: 'tous', label: 'Tous', share: 1, shareSource: 'test', acts: { MG: 2, OPH: 1 }, actsSource: {} }] }],
};

const MG = specialtyIndex('MG');
const OPH = specialtyIndex('OPH');

describe('personnes traitées par commune', () => {
  it('multiplie la prévalence du département par la population de chaque tranche, après les leviers de population', () => {
    const inputs = withPrevalence();
    const engine = new PlanningEngine(inputs);
    const base = engine.baseline(engine.resolve({ parameters: {} }));
    // 55001: 8 bands × 100 inhabitants × 10 % = 80 diabetics; 57001: 200 (80+) × 20 % = 40.
    expect(communePeople(inputs, base.adjustments, 0, 0)).toBeCloseTo(80, 9);
    expect(communePeople(inputs, base.adjustments, 4, 0)).toBeCloseTo(40, 9);
    expect(communePeople(inputs, base.adjustments, 2, 0)).toBe(0); // nobody lives in 55003
    const aged = engine.evaluate({ parameters: {}, levers: [{ kind: 'populationChange', grid: 'DEP', territory: '57', factorByAgeBand: { '80': 1.5 } }] });
    expect(communePeople(inputs, aged.adjustments, 4, 0)).toBeCloseTo(60, 9);
  });
});

describe('besoin des parcours', () => {
  it('compte par territoire les personnes de chaque strate et leurs actes, et la part de la capacité', () => {
    const inputs = withPrevalence();
    const engine = new PlanningEngine(inputs);
    const base = engine.baseline(engine.resolve({ parameters: {} }));
    const report = pathwayReport(inputs, base, 'DEP', SIMPLE)!;
    expect(report.specialties).toEqual(['MG', 'OPH']);
    const meuse = report.territories.find((t) => t.code === '55')!;
    // 55001, 55002, 55004: 80 diabetics each; 55003 none.
    expect(meuse.people[0]).toBeCloseTo(240, 9);
    expect(meuse.acts).toEqual([expect.closeTo(480, 9), expect.closeTo(240, 9)]);
    const capacity = base.territories.get('DEP')!.capacity[0 * SPECIALTY_COUNT + MG];
    expect(meuse.capacity[0]).toBe(capacity);
    expect(meuse.shareOfCapacity[0]).toBeCloseTo(480 / capacity, 12);
    // No ophthalmologist in the Meuse: the programme's eye exams cannot be delivered there.
    expect(meuse.capacity[1]).toBe(0);
    expect(meuse.shareOfCapacity[1]).toBeNaN();
    expect(meuse.deliverable[1]).toBe(false);
    expect(report.strata.filter((r) => r.code === '57')).toHaveLength(1);
  });

  it('partage les personnes entre les strates du programme de référence, sans en perdre', () => {
    const inputs = withPrevalence();
    const engine = new PlanningEngine(inputs);
    const base = engine.baseline(engine.resolve({ parameters: {} }));
    const report = pathwayReport(inputs, base, 'DEP', DEFAULT_PROGRAMME)!;
    for (const territory of report.territories) {
      DEFAULT_PROGRAMME.pathologies.forEach((pathology, p) => {
        const strata = report.strata.filter((r) => r.code === territory.code && r.pathology === pathology.id);
        expect(strata).toHaveLength(pathology.strata.length);
        expect(strata.reduce((sum, r) => sum + r.people, 0)).toBeCloseTo(territory.people[p], 9);
      });
    }
    // Heart failure in the Meuse: 1 % of 2 400 inhabitants = 24 people.
    expect(report.territories.find((t) => t.code === '55')!.people[1]).toBeCloseTo(24, 9);
  });

  it('garde tous les territoires pour la carte et nomme ceux qui touchent le département filtré', () => {
    const inputs = withPrevalence();
    const engine = new PlanningEngine(inputs);
    const base = engine.baseline(engine.resolve({ parameters: {} }));
    const report = pathwayReport(inputs, base, 'BV2022', SIMPLE, { departement: '57', strata: false })!;
    expect(report.territories.map((t) => t.code)).toEqual(['55001', '55004']);
    expect(report.touching).toEqual([]); // 57001 belongs to no bassin de vie here
    expect(report.notDeliverable).toBe(0);
    expect(report.strata).toEqual([]);
    expect(pathwayReport(inputs, base, 'DEP', SIMPLE, { departement: '55' })!.touching).toEqual(['55']);
  });

  it('renvoie null sans prévalence', () => {
    const inputs = smallWorld();
    const engine = new PlanningEngine(inputs);
    expect(pathwayReport(inputs, engine.baseline(engine.resolve({ parameters: {} })), 'DEP', SIMPLE)).toBeNull();
  });
});

describe('réalisable', () => {
  it('compare le programme à la capacité restante après le besoin', () => {
    expect(programmeLoad(100, 1000, 850)).toEqual({ shareOfCapacity: 0.1, coveredShare: 1, deliverable: true });
    expect(programmeLoad(100, 1000, 950)).toEqual({ shareOfCapacity: 0.1, coveredShare: 0.5, deliverable: false });
    expect(programmeLoad(100, 1000, 1200).coveredShare).toBe(0);
    expect(programmeLoad(0, 0, 10)).toEqual({ shareOfCapacity: Number.NaN, coveredShare: Number.NaN, deliverable: true });
  });

  it('le total compte les territoires qui ne peuvent pas, sans qu’un excédent ailleurs couvre un déficit', () => {
    const inputs = withPrevalence();
    const engine = new PlanningEngine(inputs);
    const report = pathwayReport(inputs, engine.baseline(engine.resolve({ parameters: {} })), 'DEP', SIMPLE)!;
    const total = pathwayTotal(report, report.territories);
    expect(total.total).toEqual({ territories: 2, notDeliverable: report.territories.filter((r) => r.deliverable.includes(false)).length });
    expect(deliverableText(report, total)).toMatch(/^non dans \d territoires? sur 2$/);
    expect(total.people[0]).toBeCloseTo(240 + 40, 9);
    // OPH: the Meuse has no ophthalmologist (covers 0 of its 240 acts), the Moselle covers its own 40 or part of them.
    const moselle = report.territories[1];
    expect(total.coveredShare[1]).toBeCloseTo((40 * moselle.coveredShare[1]) / 280, 12);
  });

  it('laisse sans valeur un territoire dont la prévalence manque, et sépare les programmes du scénario du besoin selon l’âge', () => {
    const inputs = withPrevalence();
    inputs.pathologies!.groupOfCommune = Int32Array.from([0, 0, 0, 0, -1]); // no prevalence for the Moselle
    const engine = new PlanningEngine(inputs);
    const base = engine.baseline(engine.resolve({ parameters: {} }));
    const screening = { kind: 'careProgramme', grid: 'DEP', territory: '55', pathology: 'diabete', targetShare: 1, specialty: 'OPH', actsPerPerson: 0.5 } as const;
    const after = engine.evaluate({ parameters: {}, levers: [screening] });
    const report = pathwayReport(inputs, after, 'DEP', SIMPLE)!;
    const [meuse, moselle] = report.territories;
    expect(moselle.people[0]).toBeNaN();
    expect(moselle.deliverable).toEqual([]);
    expect(deliverableText(report, moselle)).toBe('—');
    expect(report.strata.find((r) => r.code === '57')!.people).toBeNaN();
    expect(report.withScenarioProgrammes).toBe(true);
    expect(meuse.scenarioProgrammes[1]).toBeCloseTo(120, 9);
    expect(meuse.need[1]).toBeCloseTo(base.territories.get('DEP')!.need[OPH], 9);
    expect(pathwayColumns(report).map((c) => c.id)).toContain('OPH_programmes_scenario');
  });
});

describe('levier « Programme de soins »', () => {
  const screening = { kind: 'careProgramme', grid: 'DEP', territory: '55', pathology: 'diabete', targetShare: 1, specialty: 'OPH', actsPerPerson: 0.5 } as const;

  it('ajoute au besoin les actes du programme, et suit les leviers de population quel que soit leur ordre', () => {
    const inputs = withPrevalence();
    const engine = new PlanningEngine(inputs);
    const base = engine.baseline(engine.resolve({ parameters: {} }));
    const after = engine.evaluate({ parameters: {}, levers: [screening] });
    const need = (e: typeof base, t: number, s: number) => e.territories.get('DEP')!.need[t * SPECIALTY_COUNT + s];
    // 240 diabetics in the Meuse × 0,5 = 120 more eye exams a year; nothing elsewhere, nor for GPs.
    expect(need(after, 0, OPH) - need(base, 0, OPH)).toBeCloseTo(120, 9);
    expect(need(after, 1, OPH)).toBe(need(base, 1, OPH));
    expect(need(after, 0, MG)).toBe(need(base, 0, MG));
    // Half of them, with a population lever before or after: the programme counts the people after both.
    const older = { kind: 'populationChange', grid: 'DEP', territory: '55', factorByAgeBand: { '0': 2 } } as const;
    for (const levers of [
      [{ ...screening, targetShare: 0.5 }, older],
      [older, { ...screening, targetShare: 0.5 }],
    ]) {
      const aged = engine.evaluate({ parameters: {}, levers });
      const ageNeed = engine.evaluate({ parameters: {}, levers: [older] });
      // 240 + 30 more diabetics aged 0–19 (300 more inhabitants × 10 %) = 270; × 0,5 × 0,5.
      expect(need(aged, 0, OPH) - need(ageNeed, 0, OPH)).toBeCloseTo(67.5, 9);
    }
    // Incremental and full evaluations agree.
    const full = engine.evaluate({ parameters: {}, levers: [screening] }, { incremental: false });
    const incremental = engine.evaluate({ parameters: {}, levers: [screening] }, { incremental: true });
    expect(Array.from(full.territories.get('DEP')!.need)).toEqual(Array.from(incremental.territories.get('DEP')!.need));
  });

  it('refuse en français un paquet sans prévalence', () => {
    const engine = new PlanningEngine(smallWorld());
    expect(() => engine.evaluate({ parameters: {}, levers: [screening] })).toThrow(ScenarioError);
    expect(() => engine.evaluate({ parameters: {}, levers: [screening] })).toThrow(/Cartographie des pathologies/);
  });
});

describe('programme de parcours', () => {
  it('le programme de référence est valide et chaque fréquence dit sa source', () => {
    expect(parseProgramme(DEFAULT_PROGRAMME)).toEqual(DEFAULT_PROGRAMME);
    for (const pathology of DEFAULT_PROGRAMME.pathologies) {
      for (const stratum of pathology.strata) {
        expect(stratum.shareSource).not.toBe('');
        for (const specialty of Object.keys(stratum.acts)) expect(stratum.actsSource[specialty as 'MG']).toBeTruthy();
      }
    }
  });

  it('refuse des strates qui ne font pas 100 % et un champ invalide, en nommant ce qui ne va pas', () => {
    const broken = structuredClone(SIMPLE);
    broken.pathologies[0].strata[0].share = 0.8;
    expect(() => parseProgramme(broken)).toThrow(/strates de « Diabète » font 80 %/);
    expect(() => parseProgramme({ ...SIMPLE, version: 2 })).toThrow(/champ « version ».*doit valoir 1/);
    expect(() => parseProgramme({ ...SIMPLE, pathologies: [SIMPLE.pathologies[0], SIMPLE.pathologies[0]] })).toThrow(/« diabete » est donnée deux fois/);
    const twoStrata = structuredClone(SIMPLE);
    twoStrata.pathologies[0].strata = [{ ...SIMPLE.pathologies[0].strata[0], share: 0.5 }, { ...SIMPLE.pathologies[0].strata[0], share: 0.5 }];
    expect(() => parseProgramme(twoStrata)).toThrow(/strate « tous » de « Diabète » est donnée deux fois/);
    const wrongType = structuredClone(SIMPLE) as unknown as { pathologies: { strata: { acts: Record<string, unknown> }[] }[] };
    wrongType.pathologies[0].strata[0].acts.MG = 'quatre';
    const unknownCode = structuredClone(SIMPLE) as unknown as { pathologies: { strata: { acts: Record<string, unknown> }[] }[] };
    unknownCode.pathologies[0].strata[0].acts.ENDO = 1;
    expect(() => parseProgramme(unknownCode)).toThrow(/code inconnu « ENDO » \(codes de spécialité attendus : MG, PSY/);
    expect(() => parseProgramme(wrongType)).toThrow(/champ « pathologies\.0\.strata\.0\.acts\.MG »\) : doit être un nombre/);
  });
});
