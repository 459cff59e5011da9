// Every indicator in plain French: what it measures, how it is computed, how to read it.
import { APL_THRESHOLDS } from '../workers/engine/reference';
import { formatDecimal } from './format';

export const GLOSSARY: { term: string; definition: string }[] = [
  {
    term: 'Besoin (actes par an)',
    definition:
      'Nombre de consultations et actes que la population du territoire consomme en moyenne : population de chaque tranche d’âge × taux de recours national (ou régional) de la spécialité, issu d’Open DAMIR.',
  },
  {
    term: 'Capacité (actes par an)',
    definition:
      'Ce que les médecins installés peuvent réaliser : médecins en équivalent temps plein (ETP) × productivité (actes par ETP et par an). Un médecin qui exerce aussi dans un cabinet secondaire compte pour une part dans chaque commune.',
  },
  {
    term: 'ETP (équivalent temps plein)',
    definition: 'Un médecin à temps plein compte pour 1 ; un médecin présent deux jours par semaine dans un cabinet secondaire compte pour 0,4 dans cette commune.',
  },
  {
    term: 'Téléconsultation (transfert d’actes)',
    definition:
      'Des médecins d’une autre commune ou d’un autre territoire consultent à distance une part du besoin des habitants : la capacité des habitants augmente de ces actes, celle des médecins prestataires baisse d’autant (au plus 20 % de leur activité, règle de la convention médicale). Un point de téléconsultation assistée accueille les patients près de chez eux avec un infirmier.',
  },
  {
    term: 'Offre extérieure',
    definition:
      'Actes de téléconsultation assurés par une offre nommée hors des territoires du paquet (plateforme régionale…) : ils s’ajoutent à la capacité des habitants et sont comptés à part (« dont offre extérieure »).',
  },
  {
    term: 'Productivité par médecin actif',
    definition:
      'Méthode du tableau de bord de la Meuse : la productivité est comptée par médecin actif (qui facture des actes dans l’année) plutôt que par médecin inscrit ; la capacité en actes ne change pas, les écarts en ETP comptent des médecins actifs (« Paramètres du modèle », jeu de paramètres « medecin-actif »).',
  },
  {
    term: 'Écart en actes',
    definition: 'Capacité − besoin. Négatif : déficit (actes non couverts) ; positif : excédent.',
  },
  {
    term: 'Écart en ETP (ETP manquants)',
    definition:
      'Écart en actes ÷ productivité : nombre de médecins à temps plein qui manquent (négatif) ou sont en plus (positif). Les « ETP manquants » du tableau sont la partie déficitaire (0 s’il n’y a pas de déficit).',
  },
  {
    term: 'Médecins manquants, médecins de plus (mode atelier)',
    definition:
      'L’écart en ETP dit avec des mots simples pour un atelier d’élus : « 2,3 médecins généralistes de plus dans la Meuse » signifie que le scénario réduit le manque de 2,3 médecins à temps plein dans les communes du département. Le nombre est la différence des deux écarts affichés (avant, après), arrondis au dixième.',
  },
  {
    term: 'Écart en ETP pour 100 000 habitants',
    definition:
      'Écart en ETP rapporté à la population du territoire : −5 signifie qu’il manque 5 médecins à temps plein pour 100 000 habitants. Permet de comparer des territoires de tailles différentes.',
  },
  {
    term: 'Actes à couvrir',
    definition: 'Partie du besoin que la capacité ne couvre pas : besoin − capacité quand c’est positif, sinon 0.',
  },
  { term: 'Taux de couverture', definition: 'Capacité ÷ besoin. 100 % : équilibre ; 80 % : un acte sur cinq n’est pas couvert.' },
  { term: 'Taux de déficit', definition: 'Actes à couvrir ÷ besoin. 0 % quand la capacité suffit.' },
  {
    term: 'APL (accessibilité potentielle localisée)',
    definition: `Indicateur de la DREES : consultations accessibles par habitant et par an, en tenant compte des médecins des communes voisines, pondérés par le temps de trajet, et de la demande qu’ils servent déjà. Seuils du zonage médecins : moins de ${formatDecimal(APL_THRESHOLDS.zip)} (zone d’intervention prioritaire), de ${formatDecimal(APL_THRESHOLDS.zip)} à ${formatDecimal(APL_THRESHOLDS.vivier)}, plus de ${formatDecimal(APL_THRESHOLDS.vivier)}.`,
  },
  {
    term: 'Score personnes âgées',
    definition: 'Part des 75 ans et plus dans la population du territoire, rapportée à la part nationale. 1 : comme la France ; 1,3 : 30 % de plus.',
  },
  {
    term: 'Score ALD',
    definition: 'Part des bénéficiaires d’une affection de longue durée (CartoSanté, par bassin de vie), rapportée à la part nationale.',
  },
  {
    term: 'Score urgence',
    definition: 'Minutes de route estimées jusqu’au service d’urgences le plus proche (ou l’établissement de santé le plus proche quand la liste des urgences manque), moyenne pondérée par la population.',
  },
  { term: 'MSP', definition: 'Maison de santé pluriprofessionnelle : médecins et autres professionnels exerçant ensemble autour d’un projet de santé.' },
  {
    term: 'Maillages',
    definition:
      'Commune, EPCI (intercommunalité), bassin de vie 2022, zone d’emploi 2020, aire d’attraction des villes 2020, département : définitions INSEE. Un territoire qui déborde du département filtré est montré entier.',
  },
  {
    term: 'Scénario et différence',
    definition:
      'Un scénario est une liste de leviers (installation, cabinet secondaire, MSP, téléconsultation, départs, évolution de la population). La différence = résultat du scénario − situation de référence : positive quand l’écart se réduit (amélioration).',
  },
];

export function Glossary({ onClose }: { onClose(): void }) {
  return (
    <aside className="data-panel glossary" aria-label="Glossaire" data-testid="glossary">
      <div className="data-panel-head">
        <h2>Glossaire des indicateurs</h2>
        <button type="button" onClick={onClose}>
          Fermer
        </button>
      </div>
      <dl>
        {GLOSSARY.map((entry) => (
          <div key={entry.term}>
            <dt>{entry.term}</dt>
            <dd>{entry.definition}</dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}
