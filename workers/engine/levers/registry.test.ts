// The lever registry (issue 13: « a new lever kind is one new module plus its registration »): every
// kind of the format is registered, each module is consistent with its own schema, and a kind written
// for the tests (tests/fixtures/night-shift-lever.ts) — registered in a registry of its own, no other
// module touched — is read from a file, applied, described, given its form fields and its map mark.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { type NightShiftLever, withNightShift } from '../../../tests/fixtures/night-shift-lever';
import { SPECIALTIES, SPECIALTY_COUNT, specialtyIndex } from '../domain';
import { smallWorld } from '../fixtures';
import { identityAdjustments } from '../model';
import { readScenario, resolveParameters, ScenarioError, serializeScenario, type Lever, type LeverKind } from '../scenario';
import { applyWithRegistry } from './apply';
import { createLeverRegistry, LEVER_KIND_MODULES, LEVER_REGISTRY, type AnyLeverKind } from './registry';
import type { LeverNamer, NewLeverContext } from './types';

// Compile-time completeness: a kind missing here, or one here that is not registered, fails the type check.
const EVERY_KIND: Record<LeverKind, true> = { install: true, secondarySite: true, msp: true, teleconsultation: true, departures: true, populationChange: true, careProgramme: true };

const names: LeverNamer = { commune: (c) => `commune ${c}`, territory: (g, t) => `${g} ${t}` };
const places: NewLeverContext['place'][] = [
  { commune: '55001', communeName: 'A' },
  { grid: 'BV2022', territory: '55001', territoryName: 'BV A' },
];

describe('registre des types de levier', () => {
  it('couvre chaque type du format (docs/format-scenario.md) et rien d’autre', () => {
    const registered = LEVER_REGISTRY.kinds.map((m) => m.kind);
    expect([...registered].sort()).toEqual(Object.keys(EVERY_KIND).sort());
    // The format's table of kinds: « | `install` | `commune` (code INSEE), `specialty`, … | effet | ».
    const doc = readFileSync(join(import.meta.dirname, '../../../docs/format-scenario.md'), 'utf8');
    const start = doc.indexOf('| `kind` | champs propres | effet |');
    const table = doc.slice(doc.indexOf('\n', start), doc.indexOf('\n\n', start));
    const rows = [...table.matchAll(/^\| `(\w+)` \| (.*?) \|/gm)].map((m) => ({ kind: m[1], fields: [...m[2].matchAll(/`(\w+)`/g)].map((f) => f[1]) }));
    expect(rows.map((r) => r.kind).sort()).toEqual([...registered].sort());
    for (const row of rows) {
      const shape = Object.keys(LEVER_REGISTRY.get(row.kind)!.schema.shape);
      for (const field of row.fields) expect(shape, `${row.kind}.${field}`).toContain(field);
    }
  });

  it('chaque module : son « kind », ses champs de formulaire dans son schéma, des noms uniques', () => {
    for (const module of LEVER_KIND_MODULES as readonly AnyLeverKind[]) {
      const shape = module.schema.shape as Record<string, unknown>;
      expect(module.schema.safeParse({ kind: module.kind }).success).toBe(false);
      expect((shape.kind as z.ZodLiteral).value).toBe(module.kind);
      for (const field of module.form) if ('name' in field) expect(Object.keys(shape), `${module.kind}.${field.name}`).toContain(field.name);
      for (const field of Object.keys(module.recordKeyOrder ?? {})) expect(Object.keys(shape)).toContain(field);
      expect(module.label.length).toBeGreaterThan(3);
      expect(module.help).toMatch(/\.$/);
    }
    expect(new Set(LEVER_REGISTRY.kinds.map((m) => m.label)).size).toBe(LEVER_REGISTRY.kinds.length);
  });

  it('les valeurs par défaut de chaque type se lisent avec son propre schéma, ont une source et relisent à l’identique', () => {
    for (const module of LEVER_REGISTRY.kinds) {
      // A map click gives a kind the place it asks for (`place`: a commune or a territory).
      for (const place of places.filter((p) => ('commune' in p ? 'commune' : 'territory') === module.place)) {
        for (const s of SPECIALTIES) {
          const where = 'commune' in place ? place.communeName : place.territoryName;
          const lever = LEVER_REGISTRY.create(module.kind as LeverKind, `${module.kind}-1`, { place, where, specialty: s });
          const parsed = module.schema.safeParse(lever);
          expect(parsed.success, `${module.kind} ${s} ${JSON.stringify(lever)}`).toBe(true);
          expect(lever.source, module.kind).toBeTruthy();
          expect(lever.label, module.kind).toContain(where);
          expect(LEVER_REGISTRY.describe(lever, names)).toMatch(/\.$/);
        }
      }
      const place = module.place === 'commune' ? places[0] : places[1];
      const lever = LEVER_REGISTRY.create(module.kind as LeverKind, 'x', { place, where: 'A', specialty: 'OPH' });
      const text = serializeScenario({ schemaVersion: 3, name: 'Défauts', description: '', parameters: {}, levers: [lever] });
      expect(readScenario(JSON.parse(text)).scenario.levers).toEqual([lever]);
    }
  });

  it('les valeurs par défaut d’un territoire : téléconsultation et départs nomment leurs maillages', () => {
    const tele = LEVER_REGISTRY.create('teleconsultation', 't', { place: places[1], where: 'BV A', specialty: 'PSY' });
    expect(LEVER_REGISTRY.grids(tele)).toEqual(['BV2022']);
    expect(LEVER_REGISTRY.grids({ ...(tele as Extract<Lever, { kind: 'teleconsultation' }>), provider: { kind: 'territory', grid: 'DEP', territory: '54' } })).toEqual(['BV2022', 'DEP']);
    expect(LEVER_REGISTRY.grids({ kind: 'install', commune: '55001', specialty: 'MG', fte: 1 })).toEqual([]);
    expect(LEVER_REGISTRY.grids({ kind: 'departures', grid: 'EPCI', territory: '1', specialty: 'MG', share: 0.1 })).toEqual(['EPCI']);
  });
});

describe('un nouveau type de levier : un module et son enregistrement', () => {
  type Extended = Lever | NightShiftLever;
  const registry = withNightShift();
  const file = {
    schemaVersion: 3,
    name: 'Gardes',
    levers: [
      { id: 'g', kind: 'nightShift', commune: '55002', specialty: 'MG', fte: 0.4, note: 'champ inconnu' },
      { id: 'i', kind: 'install', commune: '55002', specialty: 'MG', fte: 1 },
    ],
  };

  it('est lu depuis un fichier (avec les messages de son schéma), et refusé sans son enregistrement', () => {
    const read = readScenario(file, registry);
    expect(read.scenario.levers[0]).toEqual({ id: 'g', kind: 'nightShift', commune: '55002', specialty: 'MG', fte: 0.4 });
    expect(read.warnings).toEqual(['Levier 1 : champ inconnu « note » ignoré.']);
    expect(() => readScenario({ ...file, levers: [{ ...file.levers[0], fte: 200 }] }, registry)).toThrow(/Levier 1 : champ « fte » doit être compris entre 0 et 100 ETP/);
    expect(() => readScenario(file)).toThrow(/type de levier inconnu "nightShift"/);
  });

  it('est appliqué : ajoute ses ETP à la commune, avec les leviers existants, sans toucher le reste', () => {
    const inputs = smallWorld();
    const params = resolveParameters({});
    const baseline = identityAdjustments(inputs, params);
    const levers = readScenario(file, registry).scenario.levers as Extended[];
    const communeIndex = new Map(inputs.communes.map((c, i) => [c, i]));
    const { adjustments, touched } = applyWithRegistry(registry, inputs, params, levers, baseline, communeIndex);
    const k = 1 * SPECIALTY_COUNT + specialtyIndex('MG');
    expect(adjustments.bonusFte[k] - baseline.bonusFte[k]).toBeCloseTo(0.4, 12);
    expect(adjustments.fte[k] - baseline.fte[k]).toBeCloseTo(1, 12);
    expect(adjustments.bonusFte.reduce((a, b) => a + b, 0) - baseline.bonusFte.reduce((a, b) => a + b, 0)).toBeCloseTo(0.4, 12);
    expect([...touched]).toEqual([1]);
    // Its errors go through the same path: an unknown commune, named, and nothing applied.
    expect(() => applyWithRegistry(registry, inputs, params, [{ kind: 'nightShift', commune: '99999', specialty: 'MG', fte: 1 }], baseline, communeIndex)).toThrow(ScenarioError);
    expect(() => applyWithRegistry(registry, inputs, params, [{ kind: 'nightShift', commune: '99999', specialty: 'MG', fte: 1 }], baseline, communeIndex)).toThrow(
      'Levier 1 : commune inconnue « 99999 » (champ « commune »).',
    );
  });

  it('est décrit, créé avec ses valeurs par défaut, a ses champs de formulaire, sa marque et son ordre dans le fichier', () => {
    const lever = registry.create('nightShift', 'g', { place: { commune: '55002', communeName: 'B' }, where: 'B', specialty: 'PSY' });
    expect(lever).toEqual({ kind: 'nightShift', id: 'g', label: 'Garde de nuit — B', commune: '55002', specialty: 'PSY', fte: 0.5, source: 'hypothèse du test' });
    expect(registry.describe(lever, names)).toBe('Garde de nuit à commune 55002 : 0.5 ETP.');
    expect(registry.form(lever).map((f) => f.type)).toEqual(['commune', 'specialty', 'number']);
    expect(registry.mark(lever)).toEqual({ at: { commune: '55002' }, text: 'Garde de nuit' });
    expect(registry.label('nightShift')).toBe('Garde de nuit');
    expect(Object.keys(registry.canonical({ source: 's', fte: 1, kind: 'nightShift', id: 'g', commune: '1', specialty: 'MG' }))).toEqual([
      'id',
      'kind',
      'commune',
      'specialty',
      'fte',
      'source',
    ]);
    // The application's registry is unchanged.
    expect(LEVER_REGISTRY.get('nightShift')).toBeUndefined();
  });

  it('deux types du même nom sont refusés', () => {
    expect(() => createLeverRegistry([...LEVER_KIND_MODULES, LEVER_KIND_MODULES[0]])).toThrow(/en double/);
  });
});
