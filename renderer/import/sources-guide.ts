// What the import screen tells a user who has never downloaded these files: per source kind, who
// publishes it, on which page, which file of the download to pick, whether it is required, and how
// big and slow it is here. Texts come from README.md (« Importer des données réelles », « Mesures »),
// docs/import-formats.md (« Fichiers tels qu’ils sont téléchargés ») and DATA_SPEC §A.2 / §B.1
// (sizes); nothing here is a page name that those documents do not give. No DOM: tested in Node.
import type { SourceKind } from '../../common/pack';

export interface SourceGuide {
  kind: SourceKind;
  /** Short name, used in the type selector and the quality report. */
  label: string;
  /** True for the three sources without which no gap can be computed (need and capacity). */
  required: boolean;
  /** What the application computes from it. */
  use: string;
  producer: string;
  /** Where it is downloaded: site and page name as the producer titles it. */
  where: string;
  /** Which file of the download to give the application. */
  pick: string;
  /** How many files, how big (when the documents say it). */
  amount?: string;
  /** How long a file takes here, desktop app and browser (README « Mesures »; only Open DAMIR is measured). */
  time?: { desktop: string; browser: string };
}

/** Required sources first, in the order a planner gathers them; then the optional ones. */
export const SOURCE_GUIDES: readonly SourceGuide[] = [
  {
    kind: 'damir',
    label: 'Open DAMIR (mois)',
    required: true,
    use: 'le besoin : actes par spécialité et par âge des patients (taux de recours)',
    producer: 'Assurance Maladie (CNAM)',
    where:
      'open data de l’Assurance Maladie, référencé sur data.gouv.fr : page « Open DAMIR : base complète sur les dépenses d’assurance maladie inter régimes »',
    pick: 'les fichiers mensuels A{AAAAMM}.csv.gz (un par mois de flux), tels quels, sans les décompresser ; pas le lexique Lexique_open-DAMIR.xls',
    amount:
      'une année de soins complète demande 18 mois de flux, de janvier de l’année à juin de l’année suivante (ex. A202401 à A202506), importés en une seule fois : un nouvel import Open DAMIR remplace les mois importés avant. Un seul mois suffit pour essayer (actes annualisés, avec un avertissement). Chaque mois : ≈ 38 millions de lignes, ≈ 1 Go compressé (≈ 6,5 Go décompressé) ; 18 mois ≈ 18 Go à télécharger.',
    time: {
      desktop: '≈ 1 min par mois ici (18 mois : 15 à 20 min), estimation extrapolée d’un mois généré',
      browser: '≈ 2,5 min par mois ici dans la version navigateur (18 mois : ≈ 45 min), estimation extrapolée d’un mois généré ; l’application de bureau est plus rapide (≈ 1 min par mois)',
    },
  },
  {
    kind: 'rpps',
    label: 'RPPS (Personne_activite)',
    required: true,
    use: 'la capacité : médecins installés par commune et spécialité (cabinet principal et sites secondaires)',
    producer: 'Agence du numérique en santé (ANS), Annuaire Santé',
    where:
      'annuaire.sante.fr, onglet « Extractions en libre accès » (copie sur data.gouv.fr : « Annuaire santé : extractions des données en libre accès des professionnels intervenant dans le système de santé (RPPS) »)',
    pick: 'le zip PS_LibreAcces_{horodatage}.zip tel quel (l’application y prend PS_LibreAcces_Personne_activite_*.txt), ou ce seul fichier .txt',
    amount: 'un fichier, mis à jour chaque jour ; Personne_activite : ≈ 2,1 millions de lignes, plusieurs centaines de Mo décompressé',
  },
  {
    kind: 'population',
    label: 'Population INSEE par âge',
    required: true,
    use: 'le besoin : habitants par commune et tranche d’âge de 5 ans',
    producer: 'INSEE (recensement de la population)',
    where:
      'insee.fr, page « Population par sexe et âge en {AAAA} » (base des tableaux détaillés) ; ou page « Population selon le sexe et l’âge quinquennal de 1968 à {AAAA} »',
    pick: 'TD_POP1B_{AAAA}_csv.zip tel quel ; ou pop-sexe-age-quinquennal68{AA}.zip (classeur .xlsx). Pas base-cc-evol-struct-pop : il ne donne que les totaux et les 75 ans et plus, le besoin ne peut pas en être calculé',
    amount: 'un fichier',
  },
  {
    kind: 'zonages',
    label: 'Zonages INSEE',
    required: false,
    use: 'les maillages officiels (EPCI, bassins de vie, zones d’emploi, aires d’attraction) ; sans lui, ceux du COG 2025 livrés avec l’application (dérivés, non officiels)',
    producer: 'INSEE',
    where: 'insee.fr, page « Table d’appartenance géographique des communes et tables de passage »',
    pick: 'table-appartenance-geo-communes-{AA}.zip tel quel (classeur avec les feuilles COM et Zones_supra_communales)',
  },
  {
    kind: 'grille-perso',
    label: 'Maillage personnalisé (CPTS…)',
    required: false,
    use: 'un maillage à vous (périmètres de CPTS…), proposé ensuite dans le sélecteur de maillage ; importé seul, il complète le paquet actif',
    producer: 'vous-même (ou l’ARS, la CPTS)',
    where: 'aucun téléchargement : un tableau préparé dans un tableur',
    pick: 'un CSV ou classeur à trois colonnes code_commune;code_territoire;libelle_territoire, une ligne par commune ; reconnu si son nom contient « cpts », « maillage » ou « perso »',
  },
  {
    kind: 'temps',
    label: 'Temps de trajet',
    required: false,
    use: 'l’APL : temps de trajet réels à la place de l’estimation par distance',
    producer: 'vous-même (distancier)',
    where: 'aucun téléchargement : un fichier préparé par vous',
    pick: 'un CSV origine;destination;minutes (codes communes)',
  },
  {
    kind: 'finess',
    label: 'Établissements (FINESS)',
    required: false,
    use: 'les hôpitaux (score d’urgence), les maisons et centres de santé',
    producer: 'Ministère de la santé (FINESS)',
    where: 'data.gouv.fr, page « FINESS Extraction du Fichier des établissements »',
    pick: 'etalab-cs1100507-*.csv (établissements et géolocalisation) ; ou une liste géolocalisée avec lat et lon (ex. FINESS publiée par GISCO)',
  },
  {
    kind: 'bpe',
    label: 'Équipements (BPE)',
    required: false,
    use: 'maisons de santé (D113), centres de santé (D108), urgences (D106)',
    producer: 'INSEE (base permanente des équipements)',
    where: 'insee.fr, page « Dénombrement des équipements en {AAAA} »',
    pick: 'DS_BPE_CSV_FR.zip tel quel (l’application y prend DS_BPE_{AAAA}_data.csv)',
  },
  {
    kind: 'cartosante',
    label: 'Indicateurs CartoSanté (bassins de vie)',
    required: false,
    use: 'le score ALD (part des bénéficiaires en affection de longue durée)',
    producer: 'ARS / ATLASANTE (CartoSanté)',
    where: 'CartoSanté : export des indicateurs par bassin de vie',
    pick: 'le CSV exporté (Code;Libellé;…;Part des bénéf. en ALD…)',
  },
  {
    kind: 'pathologies',
    label: 'Cartographie des pathologies (CNAM)',
    required: false,
    use: 'les parcours : patients traités pour un diabète ou une insuffisance cardiaque, par département et tranche d’âge de 5 ans (prévalence × population par âge du paquet)',
    producer: 'Assurance Maladie (CNAM), Cartographie des pathologies et des dépenses',
    where:
      'data.ameli.fr, jeu « effectifs » ; copie sur data.gouv.fr : page « Pathologies : effectif de patients par pathologie, sexe, classe d’âge et territoire (département, région) »',
    pick: 'le CSV complet (séparé par des points-virgules) tel quel, sans l’ouvrir ni le réenregistrer dans un tableur ; l’application n’y lit que le diabète et l’insuffisance cardiaque de l’année la plus récente',
    amount: 'un fichier d’environ 850 Mo (toutes pathologies, plusieurs années) ; à importer avec la population INSEE par âge, dans le même import ou avant',
  },
  {
    kind: 'projections',
    label: 'Projections de population (INSEE Omphale)',
    required: false,
    use: 'l’horizon « laisser-faire » : population projetée par département, âge et année (2018 à 2070)',
    producer: 'INSEE (projections Omphale 2022)',
    where: 'insee.fr, projections de population 2018-2070 par département, « Les tableaux en Excel » : archive des données détaillées départementales (donnees_detaillees_departementales.zip)',
    pick: 'le classeur du scénario voulu, extrait de l’archive : donnees_det_Central.xlsx (scénario central) ou un autre donnees_det_{Scénario}.xlsx ; un import par scénario',
    amount: 'un classeur par scénario',
  },
  {
    kind: 'geometrie',
    label: 'Géométrie des communes (GeoJSON, Shapefile zippé)',
    required: false,
    use: 'les contours des communes dessinés sur la carte ; sans elle, ceux du COG 2025 livrés avec l’application',
    producer: 'IGN (ADMIN EXPRESS) ou tout GeoJSON des communes',
    where: 'IGN, ADMIN EXPRESS (livraison .7z : en extraire le dossier de la couche COMMUNE et le zipper)',
    pick: 'un zip de Shapefiles (la couche COMMUNE y est choisie) ou un GeoJSON, éventuellement .gz',
  },
];

const BY_KIND = new Map(SOURCE_GUIDES.map((g) => [g.kind, g]));

/** The guide of a kind (every SourceKind has one). */
export function sourceGuide(kind: SourceKind): SourceGuide {
  return BY_KIND.get(kind)!;
}

/** Short French name of a kind, for selectors and reports. */
export const kindLabel = (kind: SourceKind): string => BY_KIND.get(kind)?.label ?? kind;

/** Kinds without which a pack has no gap (DATA_SPEC: need = DAMIR rates × population; capacity = RPPS). */
export const HEALTH_KINDS: readonly SourceKind[] = SOURCE_GUIDES.filter((g) => g.required).map((g) => g.kind);

/** Kinds of which an import takes several files (the DB worker and the host keep a list); one file for the others. */
export const MULTI_FILE_KINDS: ReadonlySet<SourceKind> = new Set(['damir', 'rpps', 'zonages']);

/** Recognises a national file by its name; the user can correct the guess. '' when unknown. */
export function guessKind(name: string): SourceKind | '' {
  if (/^A\d{6}\.csv(\.gz)?$/i.test(name)) return 'damir';
  if (/PS_LibreAcces/i.test(name)) return 'rpps';
  if (/donnees_det|projection|omphale/i.test(name)) return 'projections';
  if (/effectifs|patholog/i.test(name)) return 'pathologies';
  if (/TD_POP1B|base-cc|quinquennal|pop.*(age|sexe)|population/i.test(name)) return 'population';
  if (/cpts|maillage|perso/i.test(name)) return 'grille-perso';
  if (/zonage|appartenance|libell/i.test(name)) return 'zonages';
  if (/BPE/i.test(name)) return 'bpe';
  if (/cartosante/i.test(name)) return 'cartosante';
  if (/finess|gisco|etablissement|cs1100507/i.test(name)) return 'finess';
  if (/temps|distance|trajet/i.test(name)) return 'temps';
  if (/\.geojson(\.gz)?$|\.json(\.gz)?$|\.zip$/i.test(name)) return 'geometrie';
  return '';
}

/**
 * Time the Open DAMIR files of a list take here, in French (« 3 mois Open DAMIR : compter ≈ 3 min
 * ici »), from README « Mesures »: ≈ 1 min per real month in the desktop app, ≈ 2,5 min in the
 * browser (extrapolated). Null without Open DAMIR files.
 */
export function damirTimeHint(months: number, desktop: boolean): string | null {
  if (months <= 0) return null;
  const minutes = Math.max(1, Math.round(months * (desktop ? 1 : 2.5)));
  const what = months === 1 ? '1 mois Open DAMIR' : `${months} mois Open DAMIR`;
  return `${what} : compter ≈ ${minutes} min ici${desktop ? '' : ' (version navigateur)'} pour des mois réels complets (estimation extrapolée) ; la carte reste utilisable pendant l’import.`;
}
