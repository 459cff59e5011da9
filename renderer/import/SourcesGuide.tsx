// « Où trouver les fichiers » in the data panel: per source kind, producer, page, which file of the
// download to pick, required or optional, size and time here (data in sources-guide.ts). Open before
// any file is chosen; folded, one click away, once files are listed.
import { SOURCE_GUIDES, type SourceGuide } from './sources-guide';

export function SourcesGuide({ open, desktop }: { open: boolean; desktop: boolean }) {
  const required = SOURCE_GUIDES.filter((g) => g.required);
  const optional = SOURCE_GUIDES.filter((g) => !g.required);
  return (
    // `key` re-applies `open` when the list empties or fills; in between the user folds it at will.
    <details className="sources-guide" open={open} key={String(open)} data-testid="sources-guide">
      <summary>Où trouver les fichiers (producteur, page, fichier à prendre, durée)</summary>
      <p className="guide-intro">
        Pour calculer les médecins manquants, il faut <strong>trois sources obligatoires</strong> : Open DAMIR (le besoin en consultations), le RPPS (les médecins
        installés) et la population INSEE par âge. Importez les fichiers <strong>tels qu’ils sont téléchargés</strong> (zip, .csv.gz, classeur) : l’application y
        choisit le bon fichier.
      </p>
      <div className="guide-cards">
        {required.map((g) => (
          <GuideCard key={g.kind} guide={g} desktop={desktop} />
        ))}
      </div>
      <details className="guide-optional">
        <summary>Sources facultatives ({optional.length}) : maillages, CPTS, temps de trajet, établissements, géométrie…</summary>
        <div className="guide-cards">
          {optional.map((g) => (
            <GuideCard key={g.kind} guide={g} desktop={desktop} />
          ))}
        </div>
      </details>
    </details>
  );
}

function GuideCard({ guide, desktop }: { guide: SourceGuide; desktop: boolean }) {
  return (
    <section className="guide-card" data-kind={guide.kind} aria-label={guide.label}>
      <h4>
        {guide.label} <span className={guide.required ? 'badge required' : 'badge optional'}>{guide.required ? 'obligatoire' : 'facultatif'}</span>
      </h4>
      <dl>
        <dt>Sert à</dt>
        <dd>{guide.use}</dd>
        <dt>Producteur</dt>
        <dd>{guide.producer}</dd>
        <dt>Où</dt>
        <dd>{guide.where}</dd>
        <dt>Fichier à prendre</dt>
        <dd>{guide.pick}</dd>
        {guide.amount && (
          <>
            <dt>Combien</dt>
            <dd>{guide.amount}</dd>
          </>
        )}
        {guide.time && (
          <>
            <dt>Durée ici</dt>
            <dd>{desktop ? guide.time.desktop : guide.time.browser}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
