// The small form of one lever: its figures with their units, the place, and the source of its
// assumptions. Every valid change is applied at once (the worker recomputes in a few milliseconds).
import { useEffect, useState } from 'react';
import { AGE_BANDS, ageBandLabel, SPECIALTIES, SPECIALTY_LABELS, type Specialty } from '../../workers/engine/domain';
import { GRIDS } from '../../common/pack';
import { PLAUSIBLE, PROVIDER_TELECONSULTATION_MAX, TELECONSULTABLE_MAX } from '../../workers/engine/reference';
import type { Lever } from '../../workers/engine/scenario';
import { formatDecimal, formatPercent, parseFrenchNumber } from '../format';
import { de } from '../../common/french';
import { CommuneSearch, type CommuneIndex } from './CommuneSearch';
import { secondarySiteLabel, territoryLabel } from './levers';
import { SiteFields } from './SecondarySiteFields';

/** « Étain » for a commune code (the code itself when unknown, « … » when empty). */
const communeShortName = (communes: CommuneIndex, code: string): string => (code ? (communes.names[communes.codes.indexOf(code)] ?? code) : '…');

interface Props {
  lever: Lever;
  communeName(code: string): string;
  /** For the communes a lever names besides its place (teleconsultation provider, assisted site). */
  communes: CommuneIndex;
  /** The scenario's own teleconsultable shares (parameter), which replace the reference ones. */
  teleconsultable?: Partial<Record<Specialty, number>>;
  onChange(lever: Lever): void;
}

type TeleLever = Extract<Lever, { kind: 'teleconsultation' }>;

/**
 * Teleconsultation as a transfer: who receives (the lever's territory), how much (acts per year or a
 * share of the need), who gives (doctors of a commune or a territory, or an external provider), and
 * an optional nurse-assisted point in the residents' territory.
 */
function TeleconsultationFields({
  lever,
  communeName,
  communes,
  teleconsultable,
  set,
}: {
  lever: TeleLever;
  communeName(code: string): string;
  communes: CommuneIndex;
  teleconsultable?: Partial<Record<Specialty, number>>;
  set(patch: Partial<TeleLever>): void;
}) {
  const own = teleconsultable?.[lever.specialty];
  const maximum = own !== undefined ? { value: own, source: 'valeur du scénario, paramètres du modèle' } : TELECONSULTABLE_MAX[lever.specialty];
  const provider = lever.provider;
  return (
    <>
      <p className="lever-place">Patients : habitants du territoire {territoryLabel(lever.grid, lever.territory, communes)}</p>
      <SpecialtyField value={lever.specialty} onChange={(specialty) => set({ specialty })} />
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
            if (kind === 'external') set({ provider: { kind, label: 'Plateforme régionale de téléconsultation' } });
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
      {lever.assistedSite ? (
        <p className="lever-place">
          Point de téléconsultation assistée (infirmier) : {communeName(lever.assistedSite)}{' '}
          <button type="button" className="link" onClick={() => set({ assistedSite: undefined })}>
            retirer
          </button>
        </p>
      ) : (
        <CommuneSearch index={communes} testId="assisted-site-search" label="Point de téléconsultation assistée (facultatif)" onChoose={(feature) => set({ assistedSite: communes.codes[feature] })} />
      )}
    </>
  );
}

/** A decimal field typed the French way (comma), applied when it parses. */
export function NumberField(props: { label: string; value: number; unit?: string; min?: number; max?: number; percent?: boolean; onChange(value: number): void }) {
  const shown = props.percent ? props.value * 100 : props.value;
  const [text, setText] = useState(formatDecimal(shown));
  useEffect(() => setText(formatDecimal(props.percent ? props.value * 100 : props.value)), [props.value, props.percent]);
  const parsed = parseFrenchNumber(text);
  const value = props.percent ? parsed / 100 : parsed;
  const invalid = text.trim() === '' || !Number.isFinite(parsed) || (props.min !== undefined && value < props.min) || (props.max !== undefined && value > props.max);
  return (
    <label className="lever-field">
      <span>{props.label}</span>
      <span className="input-unit">
        <input
          type="text"
          inputMode="decimal"
          value={text}
          aria-invalid={invalid}
          onChange={(e) => {
            setText(e.target.value);
            const next = parseFrenchNumber(e.target.value);
            const v = props.percent ? next / 100 : next;
            if (e.target.value.trim() !== '' && Number.isFinite(next) && !(props.min !== undefined && v < props.min) && !(props.max !== undefined && v > props.max)) {
              props.onChange(v);
            }
          }}
        />
        {props.unit && <span className="unit">{props.unit}</span>}
      </span>
      {invalid && (
        <span className="field-error" role="alert">
          Valeur attendue{props.min !== undefined ? ` ≥ ${formatDecimal(props.percent ? props.min * 100 : props.min)}` : ''}
          {props.max !== undefined ? ` et ≤ ${formatDecimal(props.percent ? props.max * 100 : props.max)}` : ''}
        </span>
      )}
    </label>
  );
}

export function SpecialtyField({ value, onChange, testId }: { value: Specialty; onChange(s: Specialty): void; testId?: string }) {
  return (
    <label className="lever-field">
      <span>Spécialité</span>
      <select value={value} onChange={(e) => onChange(e.target.value as Specialty)} data-testid={testId}>
        {SPECIALTIES.map((s) => (
          <option key={s} value={s}>
            {SPECIALTY_LABELS[s]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function LeverForm({ lever, communeName, communes, teleconsultable, onChange }: Props) {
  const set = (patch: Partial<Lever>) => onChange({ ...lever, ...patch } as Lever);
  return (
    <div className="lever-form">
      <label className="lever-field">
        <span>Libellé</span>
        <input type="text" value={lever.label ?? ''} onChange={(e) => set({ label: e.target.value })} />
      </label>
      {lever.kind === 'install' && (
        <>
          <p className="lever-place">Commune : {communeName(lever.commune)}</p>
          <SpecialtyField value={lever.specialty} onChange={(specialty) => set({ specialty })} />
          <NumberField label="Médecins installés" unit="ETP" min={PLAUSIBLE.fte.min} max={PLAUSIBLE.fte.max} value={lever.fte} onChange={(fte) => set({ fte })} />
        </>
      )}
      {lever.kind === 'secondarySite' && (
        <>
          <SiteFields
            from={lever.from}
            to={lever.to}
            communes={communes}
            testIdPrefix="lever-secondary"
            onChange={(places) => {
              const from = places.from ?? '';
              const to = places.to ?? '';
              // A label still the automatic one follows the communes; a label the planner wrote stays.
              const automatic = lever.label === undefined || lever.label === secondarySiteLabel(communeShortName(communes, lever.from), communeShortName(communes, lever.to));
              set({ from, to, ...(automatic ? { label: secondarySiteLabel(communeShortName(communes, from), communeShortName(communes, to)) } : {}) });
            }}
          />
          <SpecialtyField value={lever.specialty} onChange={(specialty) => set({ specialty })} />
          <NumberField label="Nombre de médecins" min={PLAUSIBLE.doctors.min} max={PLAUSIBLE.doctors.max} value={lever.doctors} onChange={(doctors) => set({ doctors })} />
          <NumberField label="Jours par semaine" unit="j" min={0} max={5} value={lever.daysPerWeek} onChange={(daysPerWeek) => set({ daysPerWeek })} />
        </>
      )}
      {lever.kind === 'msp' && (
        <>
          <p className="lever-place">Commune : {communeName(lever.commune)}</p>
          {SPECIALTIES.filter((s) => s === 'MG' || lever.extraFte[s] !== undefined).map((s) => (
            <NumberField
              key={s}
              label={`Nouveaux ETP — ${SPECIALTY_LABELS[s].toLowerCase()}`}
              unit="ETP"
              min={PLAUSIBLE.fte.min}
              max={PLAUSIBLE.fte.max}
              value={lever.extraFte[s] ?? 0}
              onChange={(fte) => set({ extraFte: { ...lever.extraFte, [s]: fte } })}
            />
          ))}
          <NumberField
            label="Gain de productivité des médecins installés"
            unit="%"
            percent
            min={PLAUSIBLE.productivityGain.min}
            max={PLAUSIBLE.productivityGain.max}
            value={lever.productivityGain ?? 0}
            onChange={(productivityGain) => set({ productivityGain })}
          />
        </>
      )}
      {lever.kind === 'teleconsultation' && <TeleconsultationFields lever={lever} communeName={communeName} communes={communes} teleconsultable={teleconsultable} set={set} />}
      {lever.kind === 'departures' && (
        <>
          <p className="lever-place">{territoryLabel(lever.grid, lever.territory, communes)}</p>
          <SpecialtyField value={lever.specialty} onChange={(specialty) => set({ specialty })} />
          <NumberField label="Part des médecins qui partent" unit="%" percent min={0} max={1} value={lever.share} onChange={(share) => set({ share })} />
        </>
      )}
      {lever.kind === 'populationChange' && (
        <>
          <p className="lever-place">
            {territoryLabel(lever.grid, lever.territory, communes)}
          </p>
          {AGE_BANDS.map((band) => (
            <NumberField
              key={band}
              label={`Facteur ${ageBandLabel(band)}`}
              unit="×"
              min={PLAUSIBLE.populationFactor.min}
              max={PLAUSIBLE.populationFactor.max}
              value={lever.factorByAgeBand[String(band)] ?? 1}
              onChange={(factor) => set({ factorByAgeBand: { ...lever.factorByAgeBand, [String(band)]: factor } })}
            />
          ))}
        </>
      )}
      <label className="lever-field">
        <span>Source des hypothèses</span>
        <textarea rows={2} value={lever.source ?? ''} onChange={(e) => set({ source: e.target.value })} />
      </label>
    </div>
  );
}
