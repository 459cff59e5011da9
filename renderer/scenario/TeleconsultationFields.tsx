// The teleconsultation lever's own part of its form (a custom widget of its kind,
// workers/engine/levers/teleconsultation.ts): how much (acts per year or a share of the residents'
// need, within the teleconsultable ceiling) and who gives (doctors of a commune or a territory, or an
// external provider, with the convention's limit). The place, specialty and assisted point are generic.
import { de } from '../../common/french';
import { GRIDS } from '../../common/pack';
import { DEFAULT_TELE_PROVIDER } from '../../workers/engine/levers/teleconsultation';
import { PLAUSIBLE, PROVIDER_TELECONSULTATION_MAX, TELECONSULTABLE_MAX } from '../../workers/engine/reference';
import type { Lever } from '../../workers/engine/scenario';
import { formatPercent } from '../format';
import { CommuneSearch } from './CommuneSearch';
import type { CustomFieldProps } from './custom-fields';
import { NumberField } from './fields';

type TeleLever = Extract<Lever, { kind: 'teleconsultation' }>;

/** Volume and provider of a teleconsultation lever. */
export function TeleconsultationTransfer({ lever, communeName, communes, teleconsultable, set }: CustomFieldProps<TeleLever>) {
  const own = teleconsultable?.[lever.specialty];
  const maximum = own !== undefined ? { value: own, source: 'valeur du scénario, paramètres du modèle' } : TELECONSULTABLE_MAX[lever.specialty];
  const provider = lever.provider;
  return (
    <>
      <label className="lever-field">
        <span>Volume exprimé en</span>
        <select
          value={lever.acts !== undefined ? 'acts' : 'share'}
          onChange={(e) => set(e.target.value === 'acts' ? { acts: 1000, share: undefined } : { acts: undefined, share: Math.min(0.1, maximum.value) })}
        >
          <option value="share">part du besoin des habitants</option>
          <option value="acts">actes par an</option>
        </select>
      </label>
      {lever.acts !== undefined ? (
        <NumberField label="Actes téléconsultés" unit="actes/an" min={PLAUSIBLE.teleActs.min} max={PLAUSIBLE.teleActs.max} value={lever.acts} onChange={(acts) => set({ acts })} />
      ) : (
        <NumberField label="Part du besoin téléconsultée" unit="%" percent min={0} max={maximum.value} value={lever.share ?? 0} onChange={(share) => set({ share })} />
      )}
      <p className="source">
        Plafond téléconsultable : {formatPercent(maximum.value)} du besoin ({maximum.source}).
      </p>
      <label className="lever-field">
        <span>Consultations assurées par</span>
        <select
          value={provider.kind}
          onChange={(e) => {
            const kind = e.target.value;
            if (kind === 'external') set({ provider: { ...DEFAULT_TELE_PROVIDER } });
            else if (kind === 'commune') set({ provider: { kind, commune: '' } });
            else set({ provider: { kind: 'territory', grid: lever.grid, territory: '' } });
          }}
        >
          <option value="commune">les médecins d’une commune</option>
          <option value="territory">les médecins d’un territoire</option>
          <option value="external">une offre extérieure (plateforme)</option>
        </select>
      </label>
      {provider.kind === 'commune' &&
        (provider.commune ? (
          <p className="lever-place">
            Médecins {de(communeName(provider.commune))}{' '}
            <button type="button" className="link" onClick={() => set({ provider: { kind: 'commune', commune: '' } })}>
              changer
            </button>
          </p>
        ) : (
          <CommuneSearch index={communes} testId="provider-commune-search" label="Commune des médecins téléconsultants" onChoose={(feature) => set({ provider: { kind: 'commune', commune: communes.codes[feature] } })} />
        ))}
      {provider.kind === 'territory' && (
        <>
          <label className="lever-field">
            <span>Maillage du prestataire</span>
            <select value={provider.grid} onChange={(e) => set({ provider: { ...provider, grid: e.target.value } })}>
              {GRIDS.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.label}
                </option>
              ))}
            </select>
          </label>
          <label className="lever-field">
            <span>Code du territoire prestataire</span>
            <input type="text" value={provider.territory} onChange={(e) => set({ provider: { ...provider, territory: e.target.value.trim() } })} />
          </label>
        </>
      )}
      {provider.kind === 'external' && (
        <label className="lever-field">
          <span>Nom de l’offre extérieure</span>
          <input type="text" value={provider.label} onChange={(e) => set({ provider: { kind: 'external', label: e.target.value } })} />
        </label>
      )}
      <p className="source">
        {provider.kind === 'external'
          ? 'Offre extérieure : ces actes s’ajoutent à l’offre des territoires, comptés à part.'
          : `Pris sur le temps des médecins prestataires (au plus ${formatPercent(PROVIDER_TELECONSULTATION_MAX.value)} de leur activité : ${PROVIDER_TELECONSULTATION_MAX.source}).`}
      </p>
    </>
  );
}
