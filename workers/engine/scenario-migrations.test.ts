// Scenario files: every fixture of every version loads, migrations, validation of version 2, the
// loading report, JSON errors, and the canonical serialisation.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseScenario,
  readScenario,
  readScenarioText,
  SCENARIO_SCHEMA_VERSION,
  ScenarioError,
  serializeScenario,
  type Scenario,
} from './scenario';
import { assignLeverIds, LATEST_MIGRATION_TARGET, migrateDocument, MIGRATED_PROVIDER_LABEL, MIGRATIONS } from './scenario-migrations';

const fixturesRoot = join(import.meta.dirname, '../../tests/fixtures/scenarios');
// One folder per schema version (v1, v2, …): a new version's folder is picked up without editing this test.
const versionFolders = readdirSync(fixturesRoot, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && /^v\d+$/.test(entry.name))
  .map((entry) => ({ version: Number(entry.name.slice(1)), folder: join(fixturesRoot, entry.name) }))
  .sort((a, b) => a.version - b.version);
const fixtures = versionFolders.flatMap(({ version, folder }) =>
  readdirSync(folder)
    .filter((file) => file.endsWith('.tsante.json'))
    .sort()
    .map((file) => ({ version, file: `v${version}/${file}`, text: readFileSync(join(folder, file), 'utf8') })),
);

const lever = (extra: object = {}) => ({ kind: 'install', commune: '55502', specialty: 'MG', fte: 1, ...extra });

describe('fixtures de scénarios (tests/fixtures/scenarios/v*)', () => {
  it('couvrent chaque version de 1 à la version courante', () => {
    expect(versionFolders.map((v) => v.version)).toEqual(Array.from({ length: SCENARIO_SCHEMA_VERSION }, (_, i) => i + 1));
    for (const { version } of versionFolders) expect(fixtures.filter((f) => f.version === version).length).toBeGreaterThan(0);
  });

  for (const { version, file, text } of fixtures) {
    it(`${file} se charge dans la version courante`, () => {
      expect(JSON.parse(text.replace(/^\uFEFF/, '')).schemaVersion).toBe(version);
      const { scenario, warnings, migratedFrom } = readScenarioText(text);
      expect(scenario.schemaVersion).toBe(SCENARIO_SCHEMA_VERSION);
      const ids = scenario.levers.map((l) => l.id);
      expect(ids.every((id) => typeof id === 'string' && id !== '')).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      if (version < SCENARIO_SCHEMA_VERSION) {
        expect(migratedFrom).toBe(version);
        expect(warnings[0]).toBe(`Scénario migré de la version ${version} à la version ${version + 1}.`);
      } else {
        expect(migratedFrom).toBeNull();
        expect(warnings).toEqual([]);
        // Files of the current version are written canonically: saving them again changes no byte.
        expect(serializeScenario(scenario)).toBe(text);
      }
      // What we write reads back to the same scenario, without any note.
      const again = readScenarioText(serializeScenario(scenario));
      expect(again.scenario).toEqual(scenario);
      expect(again.warnings).toEqual([]);
    });
  }
});

describe('migration de la version 1 à la version 2', () => {
  it('les migrations mènent à la version courante, une version à la fois', () => {
    expect(LATEST_MIGRATION_TARGET).toBe(SCENARIO_SCHEMA_VERSION);
    MIGRATIONS.forEach((step, i) => expect([step.from, step.to]).toEqual([i + 1, i + 2]));
  });

  it('attribue des identifiants déterministes aux leviers qui n’en ont pas ou en double', () => {
    const text = readFileSync(join(fixturesRoot, 'v1/leviers-sans-identifiant.tsante.json'), 'utf8');
    const { scenario, warnings, migratedFrom } = readScenarioText(text);
    expect(migratedFrom).toBe(1);
    expect(scenario.levers.map((l) => l.id)).toEqual(['install-1', 'install-2', 'depart', 'departures-1', 'teleconsultation-1']);
    expect(warnings).toEqual([
      'Scénario migré de la version 1 à la version 2.',
      'Levier 1 (« Généraliste à Stenay ») : identifiant « install-1 » attribué (il n’en avait pas).',
      'Levier 2 : identifiant « install-2 » attribué (il n’en avait pas).',
      'Levier 4 (« Départs en ophtalmologie ») : identifiant « departures-1 » attribué (« depart » était déjà celui du levier 3).',
      'Levier 5 : identifiant « teleconsultation-1 » attribué (le sien était vide ou n’était pas un texte).',
      'Scénario migré de la version 2 à la version 3.',
      expect.stringMatching(/^Levier 5 : jusqu’à la version 2, la téléconsultation retirait 10 % du besoin sans prendre de temps à aucun médecin\./),
      'Champ inconnu « auteur » ignoré.',
    ]);
    // Same file, same ids: the interface keys its toggles and undo history on them.
    expect(readScenarioText(text).scenario).toEqual(scenario);
    expect(scenario.levers[4].enabled).toBe(false);
    expect(scenario.parameters).toEqual({ rates: 'regional', principalSiteWeight: 0.75 });
  });

  it('n’attribue pas un identifiant déjà pris plus loin dans la liste', () => {
    const { scenario } = readScenario({ schemaVersion: 1, name: 'x', levers: [lever(), lever({ id: 'install-1' }), lever()] });
    expect(scenario.levers.map((l) => l.id)).toEqual(['install-2', 'install-1', 'install-3']);
  });

  it('ne modifie pas le document reçu', () => {
    const raw = { schemaVersion: 1, name: 'x', pack: { id: 'demo' }, levers: [lever()] };
    const copy = JSON.parse(JSON.stringify(raw));
    readScenario(raw);
    expect(raw).toEqual(copy);
  });

  it('ignore « pack » dans un fichier de version 1, où il n’existait pas', () => {
    const { scenario, warnings } = readScenario({ schemaVersion: 1, name: 'x', pack: { id: 'demo', label: 'Démo' }, levers: [] });
    expect(scenario.pack).toBeUndefined();
    expect(warnings).toContain('Champ « pack » ignoré (il n’existait pas en version 1).');
  });

  it('laisse à la validation les leviers qu’elle ne sait pas réparer', () => {
    expect(() => readScenario({ schemaVersion: 1, name: 'x', levers: [42, lever({ fte: -1 })] })).toThrow(
      /Levier 1 : type de levier inconnu undefined[\s\S]*Levier 2 : champ « fte » doit être compris entre 0 et 100 ETP/,
    );
    expect(() => readScenario({ schemaVersion: 1, name: 'x', levers: 'aucun' })).toThrow('« levers » doit être une liste de leviers.');
  });

  it('signale une étape manquante (erreur de programmation)', () => {
    expect(() => migrateDocument({}, 1, SCENARIO_SCHEMA_VERSION + 1)).toThrow(
      `Migration manquante de la version ${SCENARIO_SCHEMA_VERSION} à la version ${SCENARIO_SCHEMA_VERSION + 1}.`,
    );
  });

  it('propriété : identifiants uniques, non vides, ceux déjà uniques gardés, stables au second passage', () => {
    const idArb = fc.oneof(fc.constant(undefined), fc.constant(''), fc.constant(7), fc.constantFrom('a', 'b', 'install-1', 'install-2', 'msp-1'));
    const leverArb = fc.record({ kind: fc.constantFrom('install', 'msp', '??'), id: idArb }, { requiredKeys: ['kind'] });
    fc.assert(
      fc.property(fc.array(leverArb, { maxLength: 12 }), (levers) => {
        const { levers: out } = assignLeverIds(levers);
        const ids = out.map((l) => (l as { id: string }).id);
        expect(ids.every((id) => typeof id === 'string' && id.trim() !== '')).toBe(true);
        expect(new Set(ids).size).toBe(ids.length);
        levers.forEach((l, i) => {
          const first = levers.findIndex((m) => m.id === l.id);
          if (typeof l.id === 'string' && l.id !== '' && first === i) expect(ids[i]).toBe(l.id);
        });
        const second = assignLeverIds(out);
        expect(second.levers).toEqual(out);
        expect(second.notes).toEqual([]);
      }),
    );
  });
});

describe('migration de la version 2 à la version 3 (téléconsultation)', () => {
  const old = { id: 'tlc', kind: 'teleconsultation', label: 'Psy', grid: 'DEP', territory: '55', specialty: 'PSY', share: 0.2 };

  it('donne à une ancienne téléconsultation une offre extérieure nommée, et dit ce qui a changé', () => {
    const { scenario, warnings, migratedFrom } = readScenario({ schemaVersion: 2, name: 'x', levers: [old, lever({ id: 'i' })] });
    expect(migratedFrom).toBe(2);
    expect(scenario.levers[0]).toEqual({ ...old, provider: { kind: 'external', label: MIGRATED_PROVIDER_LABEL } });
    expect(scenario.levers[1]).toEqual(lever({ id: 'i' }));
    expect(warnings).toEqual([
      'Scénario migré de la version 2 à la version 3.',
      `Levier 1 (« Psy ») : jusqu’à la version 2, la téléconsultation retirait 20 % du besoin sans prendre de temps à aucun médecin. Elle est désormais un transfert d’actes : ce levier devient une offre extérieure « ${MIGRATED_PROVIDER_LABEL} » qui assure ces actes. L’écart du territoire, en actes et en ETP, est inchangé ; son taux de couverture et son APL changent (le besoin n’est plus réduit), et ces actes sont comptés comme offre extérieure. Si des médecins d’une commune ou d’un territoire les assurent, choisissez-les comme prestataire (leur propre écart se creusera d’autant).`,
    ]);
  });

  it('garde l’effet combiné de deux anciennes téléconsultations du même territoire (1 − Π(1 − part))', () => {
    const second = { ...old, id: 'tlc2', label: undefined, share: 0.1 };
    const { scenario, warnings } = readScenario({ schemaVersion: 2, name: 'x', levers: [old, { ...old, id: 'off', enabled: false }, second] });
    // 20 % then 10 % of the remaining 80 %: 28 % in all, i.e. 20 % + 8 % of the need.
    expect(scenario.levers.map((l) => (l as { share?: number }).share)).toEqual([0.2, 0.2, 0.1 * 0.8]);
    expect(warnings[3]).toMatch(/^Levier 3 : .*Sa part est ramenée à 8 % du besoin : en version 2, elle s’appliquait au besoin laissé par les téléconsultations précédentes du même territoire\.$/);
  });

  it('ne touche pas un levier qui a déjà un prestataire, ni un document sans leviers', () => {
    const withProvider = { ...old, provider: { kind: 'commune', commune: '54395' } };
    expect(MIGRATIONS[1].migrate({ schemaVersion: 2, levers: [withProvider] })).toEqual({ document: { schemaVersion: 3, levers: [withProvider] }, notes: [] });
    expect(MIGRATIONS[1].migrate({ schemaVersion: 2, name: 'x' })).toEqual({ document: { schemaVersion: 3, name: 'x' }, notes: [] });
  });

  it('exige en version 3 un prestataire et un seul volume (actes ou part)', () => {
    const v3 = (extra: object) => () => readScenario({ schemaVersion: 3, name: 'x', levers: [{ ...old, ...extra }] });
    expect(v3({})).toThrow(/Levier 1 \(« Psy »\) : champ « provider » doit être/);
    const provider = { kind: 'external', label: 'Plateforme' };
    expect(v3({ provider, acts: 100 })).toThrow(
      'Levier 1 (« Psy ») : donnez le volume téléconsulté soit en actes par an (« acts »), soit en part du besoin (« share »), l’un des deux seulement.',
    );
    expect(v3({ provider: { kind: 'external', label: '  ' } })).toThrow('champ « provider.label » doit nommer l’offre extérieure');
    expect(v3({ provider, share: undefined, acts: 1e308 })).toThrow('champ « acts » doit être compris entre 0 et 2\u202f000\u202f000 actes par an');
  });
});

describe('lecture d’un scénario de la version courante', () => {
  const current = (extra: object = {}) => ({ schemaVersion: SCENARIO_SCHEMA_VERSION, name: 'Essai', levers: [lever({ id: 'a' })], ...extra });

  it('refuse un fichier d’une version plus récente avec un message clair', () => {
    expect(() => readScenario({ ...current(), schemaVersion: SCENARIO_SCHEMA_VERSION + 1 })).toThrow(
      `Ce scénario a été créé par une version plus récente de Territoire Santé (format ${SCENARIO_SCHEMA_VERSION + 1} ; cette version lit les formats 1 à ${SCENARIO_SCHEMA_VERSION}). Mettez l’application à jour pour l’ouvrir.`,
    );
  });

  it('refuse une enveloppe invalide', () => {
    expect(() => readScenario([])).toThrow('Le scénario doit être un objet JSON.');
    expect(() => readScenario(null)).toThrow(ScenarioError);
    expect(() => readScenario({ name: 'x', levers: [] })).toThrow('Champ « schemaVersion » absent');
    for (const version of [0, -1, 1.5, '2', null]) {
      expect(() => readScenario({ ...current(), schemaVersion: version })).toThrow('Version de schéma non prise en charge');
    }
    expect(() => readScenario({ ...current(), schemaVersion: 'x'.repeat(10_000) })).toThrow(/^.{0,200}$/s);
  });

  it('exige un identifiant unique et non vide pour chaque levier', () => {
    const attempt = (levers: object[]) => () => readScenario(current({ levers }));
    expect(attempt([lever()])).toThrow('Levier 1 : identifiant (« id ») absent ou vide ; il est obligatoire depuis la version 2.');
    expect(attempt([lever({ id: '  ' })])).toThrow('absent ou vide');
    expect(attempt([lever({ id: 3 })])).toThrow('Levier 1 : champ « id » doit être un texte.');
    expect(attempt([lever({ id: 'a' }), lever({ id: 'a', label: 'Bis' })])).toThrow('Levier 2 (« Bis ») : identifiant « a » déjà utilisé par le levier 1.');
    expect(attempt([lever({ id: 'x'.repeat(201) })])).toThrow('identifiant trop long (201 caractères, 200 au plus)');
  });

  it('garde « pack » (informatif) et écarte avec un avertissement ce qui ne va pas', () => {
    expect(readScenario(current({ pack: { id: 'demo', label: 'Démonstration' } })).scenario.pack).toEqual({ id: 'demo', label: 'Démonstration' });
    expect(readScenario(current({ pack: { id: 'demo' } })).scenario.pack).toEqual({ id: 'demo', label: 'demo' });
    const extra = readScenario(current({ pack: { id: 'demo', label: 'D', sha: 'abc' } }));
    expect(extra.warnings).toEqual(['Champ inconnu « pack.sha » ignoré.']);
    for (const pack of ['demo', { label: 'D' }, { id: '', label: 'D' }, { id: 'demo', label: 3 }, null]) {
      const { scenario, warnings } = readScenario(current({ pack }));
      expect(scenario.pack).toBeUndefined();
      expect(warnings).toEqual(['Champ « pack » ignoré : il doit être un objet { "id": identifiant non vide, "label": texte }.']);
    }
  });

  it('rapporte les champs inconnus écartés, sans note de migration', () => {
    const result = readScenario(current({ couleur: 'bleu', parameters: { vitesse: 3 }, levers: [lever({ id: 'a', urgent: true })] }));
    expect(result.migratedFrom).toBeNull();
    expect(result.warnings).toEqual(['Champ inconnu « couleur » ignoré.', 'Paramètre inconnu « vitesse » ignoré.', 'Levier 1 : champ inconnu « urgent » ignoré.']);
    expect(result.scenario.levers[0]).not.toHaveProperty('urgent');
  });

  it('parseScenario (CLI, tests) migre aussi mais ne rapporte que les champs écartés', () => {
    const { scenario, warnings } = parseScenario({ schemaVersion: 1, name: 'x', couleur: 'bleu', levers: [lever()] });
    expect(scenario.levers[0].id).toBe('install-1');
    expect(warnings).toEqual(['Champ inconnu « couleur » ignoré.']);
  });
});

describe('lecture du texte d’un fichier', () => {
  it('accepte le BOM UTF-8', () => {
    expect(readScenarioText(`\uFEFF${JSON.stringify({ schemaVersion: 2, name: 'x', levers: [] })}`).scenario.name).toBe('x');
  });

  it('explique en français un fichier vide, tronqué ou mal formé', () => {
    expect(() => readScenarioText('')).toThrow('Le fichier est vide : ce n’est pas un scénario.');
    expect(() => readScenarioText('\uFEFF  \n')).toThrow('Le fichier est vide');
    expect(() => readScenarioText('{"schemaVersion": 2, "name": "x", "levers": [')).toThrow(/^Le fichier n’est pas un JSON valide : le texte s’arrête avant la fin/);
    const broken = '{\n  "schemaVersion": 2,\n  "name": "x",,\n  "levers": []\n}';
    const error = (() => {
      try {
        readScenarioText(broken);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ScenarioError);
    // Node 20 says where (« at position 33 »): line 3, column 15 (the second comma). Other engines may not say.
    expect((error as ScenarioError).problems).toEqual([expect.stringMatching(/^Le fichier n’est pas un JSON valide : erreur de syntaxe( ligne 3, colonne 15)?\.$/)]);
    expect(() => readScenarioText('<html>')).toThrow(/^Le fichier n’est pas un JSON valide/);
  });
});

describe('écriture (serializeScenario)', () => {
  const base: Scenario = {
    schemaVersion: 1,
    name: 'Ordre',
    description: '',
    parameters: { detourFactor: 1.2, productivity: { OPH: 6000, MG: 5000 }, rates: 'national' },
    levers: [{ source: 's', fte: 1, specialty: 'MG', commune: '55502', kind: 'install', id: 'b' }],
  };

  it('écrit la version courante, clés dans un ordre fixe, indentation de 2 espaces et saut de ligne final', () => {
    const text = serializeScenario(base);
    expect(text.endsWith('}\n')).toBe(true);
    expect(Object.keys(JSON.parse(text))).toEqual(['schemaVersion', 'name', 'description', 'parameters', 'levers']);
    expect(JSON.parse(text).schemaVersion).toBe(SCENARIO_SCHEMA_VERSION);
    expect(Object.keys(JSON.parse(text).parameters)).toEqual(['rates', 'productivity', 'detourFactor']);
    expect(Object.keys(JSON.parse(text).parameters.productivity)).toEqual(['MG', 'OPH']);
    expect(Object.keys(JSON.parse(text).levers[0])).toEqual(['id', 'kind', 'commune', 'specialty', 'fte', 'source']);
    expect(text).toContain('\n  "name": "Ordre",\n');
    expect(serializeScenario(readScenarioText(text).scenario)).toBe(text);
  });

  it('n’écrit que les champs du format et complète les identifiants manquants', () => {
    const withExtras = {
      ...base,
      dirty: true,
      levers: [{ kind: 'install', commune: '55502', specialty: 'MG', fte: 1, selected: true }, base.levers[0]],
    } as unknown as Scenario;
    const written = JSON.parse(serializeScenario(withExtras));
    expect(written).not.toHaveProperty('dirty');
    expect(written.levers.map((l: { id: string }) => l.id)).toEqual(['install-1', 'b']);
    expect(written.levers[0]).not.toHaveProperty('selected');
    expect(readScenarioText(serializeScenario(withExtras)).warnings).toEqual([]);
  });

  it('propriété : relire ce qui est écrit redonne le même scénario', () => {
    const specialty = fc.constantFrom('MG', 'PSY', 'OPH', 'PEDIA');
    const leverArb = fc.oneof(
      fc.record({ kind: fc.constant('install'), commune: fc.constantFrom('55502', '55545'), specialty, fte: fc.double({ min: 0, max: 10, noNaN: true }) }),
      fc.record({
        kind: fc.constant('msp'),
        commune: fc.constant('55545'),
        extraFte: fc.dictionary(specialty, fc.double({ min: 0, max: 5, noNaN: true })),
        label: fc.string(),
        enabled: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('populationChange'), grid: fc.constant('DEP'), territory: fc.constant('55'), factorByAgeBand: fc.dictionary(fc.constantFrom('0', '20', '80'), fc.double({ min: 0, max: 3, noNaN: true })) }),
    );
    const scenarioArb = fc.record({
      schemaVersion: fc.constant(1),
      name: fc.string({ minLength: 1 }).filter((s) => s.trim() === s && s !== ''),
      description: fc.string(),
      parameters: fc.record({ speedKmh: fc.double({ min: 5, max: 100, noNaN: true }) }, { requiredKeys: [] }),
      levers: fc.array(leverArb, { maxLength: 6 }),
    });
    fc.assert(
      fc.property(scenarioArb, (raw) => {
        const { scenario } = readScenario(raw);
        const text = serializeScenario(scenario);
        expect(readScenarioText(text).scenario).toEqual(scenario);
        expect(serializeScenario(readScenarioText(text).scenario)).toBe(text);
      }),
    );
  });
});
