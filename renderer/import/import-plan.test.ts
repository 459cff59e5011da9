// The import screen's decisions before « Importer »: which pack is written, what the user is warned
// of, and the French sentence that says why the button is disabled.
import { describe, expect, it } from 'vitest';
import type { SourceKind } from '../../common/pack';
import { defaultDestination, planImport, type PlanInput } from './import-plan';
import { SOURCE_GUIDES, damirTimeHint, guessKind, kindLabel } from './sources-guide';

const packs = [
  { id: 'demo', label: 'Démonstration France entière', builtIn: true },
  { id: 'reference-cog2025', label: 'Référence COG 2025', builtIn: true },
  { id: 'meuse', label: 'Paquet « meuse »', builtIn: false },
];
const input = (files: [string, SourceKind | ''][], over: Partial<PlanInput> = {}): PlanInput => ({
  files: files.map(([name, kind]) => ({ name, kind })),
  name: 'mon-territoire',
  packs,
  activePackId: 'meuse',
  destination: null,
  running: false,
  ...over,
});

describe('destination de l’import', () => {
  it('ajoute un maillage CPTS importé seul au paquet actif importé, et le rouvre', () => {
    const plan = planImport(input([['cpts-meuse.csv', 'grille-perso']]));
    expect(plan.destination).toBe('active');
    expect(plan.target).toEqual({ id: 'meuse', label: 'Paquet « meuse »', baseId: 'meuse' });
    expect(plan.updatesActive).toBe(true);
    expect(plan.warning).toBeNull();
    expect(plan.blocked).toBeNull();
    expect(plan.summary).toBe('Les fichiers complètent le paquet actif, Paquet « meuse » (ils remplacent ses données du même type) ; il est rouvert après l’import.');
  });

  it('copie le paquet intégré actif (démonstration) dans un nouveau paquet, sans jamais le modifier', () => {
    const plan = planImport(input([['cpts-meuse.csv', 'grille-perso']], { activePackId: 'demo', name: 'meuse-cpts' }));
    expect(plan.target).toEqual({ id: 'meuse-cpts', label: 'Paquet « meuse-cpts » — copie complétée de « Démonstration France entière »', baseId: 'demo' });
    expect(plan.updatesActive).toBe(false);
    expect(plan.summary).toBe(
      'Le paquet actif, « Démonstration France entière », est intégré à l’application et n’est jamais modifié : ses données et ces fichiers seront enregistrés dans un nouveau paquet « meuse-cpts ».',
    );
    // The copy must not overwrite another imported pack.
    expect(planImport(input([['cpts.csv', 'grille-perso']], { activePackId: 'demo', name: 'meuse' })).blocked).toBe(
      'Le paquet « meuse » existe déjà : choisissez un autre nom pour la copie complétée, ou « Nouveau paquet » pour compléter « meuse ».',
    );
  });

  it('fait un nouveau paquet des fichiers de santé, et prévient quand il lui en manque', () => {
    const full = planImport(input([['A202401.csv.gz', 'damir'], ['PS_LibreAcces_202504.zip', 'rpps'], ['TD_POP1B_2021_csv.zip', 'population']]));
    expect(full.destination).toBe('new');
    expect(full.target).toEqual({ id: 'mon-territoire', label: 'Paquet « mon-territoire »', baseId: 'reference-cog2025' });
    expect(full.warning).toBeNull();
    const partial = planImport(input([['A202401.csv.gz', 'damir']]));
    expect(partial.warning).toContain('il manque : RPPS (Personne_activite), Population INSEE par âge');
    expect(partial.warning).toContain('les écarts resteront gris');
    expect(partial.warning).toContain('Ajoutez à la liste les fichiers qui manquent (voir « Où trouver les fichiers »).');
  });

  it('prévient avant de faire un paquet sans données de santé d’un maillage seul, si l’utilisateur le choisit', () => {
    const plan = planImport(input([['cpts-meuse.csv', 'grille-perso']], { destination: 'new' }));
    expect(plan.target?.baseId).toBe('reference-cog2025');
    expect(plan.warning).toBe(
      'Ce nouveau paquet n’aura pas de données de santé complètes (il manque : Open DAMIR (mois), RPPS (Personne_activite), Population INSEE par âge) : ' +
        'besoin, capacité et écarts ne pourront pas être calculés, les écarts resteront gris sur la carte. Pour ajouter ces fichiers aux données affichées, choisissez « Compléter le paquet actif ».',
    );
  });

  it('met à jour un paquet importé du même nom (comme import --out d’un paquet existant)', () => {
    const plan = planImport(input([['A202403.csv.gz', 'damir']], { name: 'meuse' }));
    expect(plan.target).toEqual({ id: 'meuse', label: 'Paquet « meuse »', baseId: 'meuse' });
    expect(plan.warning).toBeNull();
    expect(plan.updatesActive).toBe(true);
  });

  it('choisit par défaut le paquet actif seulement quand aucun fichier n’apporte de données de santé', () => {
    expect(defaultDestination(['grille-perso', 'temps', 'geometrie'])).toBe('active');
    expect(defaultDestination(['grille-perso', 'damir'])).toBe('new');
    expect(defaultDestination(['', ''])).toBe('new');
    expect(defaultDestination([])).toBe('new');
  });
});

describe('pourquoi « Importer » est grisé', () => {
  it('nomme le fichier de type inconnu et dit quoi faire', () => {
    expect(planImport(input([['A202401.csv.gz', 'damir'], ['export_ars.csv', '']])).blocked).toBe(
      '« Importer » attend que chaque fichier ait un type : le type du fichier « export_ars.csv » n’est pas reconnu d’après son nom. ' +
        'Choisissez-le dans la colonne « Type » (voir « Où trouver les fichiers »), ou retirez le fichier avec « Retirer ».',
    );
    expect(planImport(input([['a.csv', ''], ['b.csv', '']])).blocked).toContain('le type des fichiers « a.csv », « b.csv » n’est pas reconnu');
  });

  it('refuse deux fichiers d’un type qui n’en prend qu’un, en les nommant', () => {
    expect(planImport(input([['TD_POP1B_2021.csv', 'population'], ['TD_POP1B_2022.csv', 'population']])).blocked).toBe(
      'Un seul fichier de type « Population INSEE par âge » par import, et la liste en a 2 (« TD_POP1B_2021.csv », « TD_POP1B_2022.csv ») : ' +
        'retirez ceux en trop avec « Retirer » ou corrigez leur type, puis importez-les l’un après l’autre.',
    );
    expect(planImport(input([['A202401.csv.gz', 'damir'], ['A202402.csv.gz', 'damir']])).blocked).toBeNull();
  });

  it('dit ce qui ne va pas dans le nom du paquet', () => {
    expect(planImport(input([['A202401.csv.gz', 'damir']], { name: 'Mon Territoire' })).blocked).toContain('Nom du paquet « Mon Territoire » invalide');
    expect(planImport(input([['A202401.csv.gz', 'damir']], { name: 'demo' })).blocked).toBe('« demo » est le nom d’un paquet intégré, qui n’est jamais modifié : choisissez un autre nom.');
    // Completing the active imported pack does not use the name field.
    expect(planImport(input([['cpts.csv', 'grille-perso']], { name: '' })).blocked).toBeNull();
  });

  it('sans fichier ou pendant un import', () => {
    expect(planImport(input([])).blocked).toContain('Choisissez d’abord les fichiers');
    expect(planImport(input([['A202401.csv.gz', 'damir']], { running: true })).blocked).toBe('Un import est en cours : attendez sa fin ou annulez-le.');
  });
});

describe('guide des sources', () => {
  it('a une fiche par type, les trois sources de santé obligatoires en tête', () => {
    const kinds: SourceKind[] = ['damir', 'rpps', 'population', 'zonages', 'grille-perso', 'temps', 'finess', 'bpe', 'geometrie', 'cartosante', 'pathologies', 'projections'];
    expect(new Set(SOURCE_GUIDES.map((g) => g.kind))).toEqual(new Set(kinds));
    expect(SOURCE_GUIDES.filter((g) => g.required).map((g) => g.kind)).toEqual(['damir', 'rpps', 'population']);
    for (const g of SOURCE_GUIDES) expect(g.producer && g.where && g.pick && g.use).toBeTruthy();
    expect(kindLabel('grille-perso')).toBe('Maillage personnalisé (CPTS…)');
  });

  it('reconnaît les fichiers tels qu’ils sont téléchargés', () => {
    expect(guessKind('A202401.csv.gz')).toBe('damir');
    expect(guessKind('PS_LibreAcces_202504101200.zip')).toBe('rpps');
    expect(guessKind('PS_LibreAcces_Personne_activite_202504.txt')).toBe('rpps');
    expect(guessKind('TD_POP1B_2021_csv.zip')).toBe('population');
    expect(guessKind('table-appartenance-geo-communes-24.zip')).toBe('zonages');
    expect(guessKind('DS_BPE_CSV_FR.zip')).toBe('bpe');
    expect(guessKind('etalab-cs1100507-stock-20250101-0000.csv')).toBe('finess');
    expect(guessKind('cpts-meuse.csv')).toBe('grille-perso');
    expect(guessKind('communes.geojson.gz')).toBe('geometrie');
    expect(guessKind('effectifs.csv')).toBe('pathologies');
    expect(guessKind('donnees_det_Central.xlsx')).toBe('projections');
    expect(guessKind('projections-population-2070.csv')).toBe('projections');
    expect(guessKind('export_ars.csv')).toBe('');
  });

  it('estime la durée des mois Open DAMIR ici (README, « Mesures »)', () => {
    expect(damirTimeHint(0, true)).toBeNull();
    expect(damirTimeHint(18, true)).toContain('18 mois Open DAMIR : compter ≈ 18 min ici pour');
    expect(damirTimeHint(3, false)).toContain('3 mois Open DAMIR : compter ≈ 8 min ici (version navigateur)');
    expect(damirTimeHint(1, true)).toContain('1 mois Open DAMIR : compter ≈ 1 min ici');
  });
});
