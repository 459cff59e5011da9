// The small form of one lever: its figures with their units, the place, and the source of its
// assumptions. Every valid change is applied at once (the worker recomputes in a few milliseconds).
import { useEffect, useState } from 'react';
import { AGE_BANDS, ageBandLabel, SPECIALTIES, SPECIALTY_LABELS, type Specialty } from '../../workers/engine/domain';
import { TELECONSULTABLE_MAX } from '../../workers/engine/reference';
import type { Lever } from '../../workers/engine/scenario';
import { formatDecimal, formatPercent, parseFrenchNumber } from '../format';
import { territoryLabel } from './levers';

interface Props {
  lever: Lever;
  communeName(code: string): string;
  onChange(lever: Lever): void;
}

/** A decimal field typed the French way (comma), applied when it parses. */
function NumberField(props: { label: string; value: number; unit?: string; min?: number; max?: number; percent?: boolean; onChange(value: number): void }) {
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

function SpecialtyField({ value, onChange }: { value: Specialty; onChange(s: Specialty): void }) {
  return (
    <label className="lever-field">
      <span>Spécialité</span>
      <select value={value} onChange={(e) => onChange(e.target.value as Specialty)}>
        {SPECIALTIES.map((s) => (
          <option key={s} value={s}>
            {SPECIALTY_LABELS[s]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function LeverForm({ lever, communeName, onChange }: Props) {
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
          <NumberField label="Médecins installés" unit="ETP" min={0} value={lever.fte} onChange={(fte) => set({ fte })} />
        </>
      )}
      {lever.kind === 'secondarySite' && (
        <>
          <p className="lever-place">
            De {communeName(lever.from)} vers {communeName(lever.to)}
          </p>
          <SpecialtyField value={lever.specialty} onChange={(specialty) => set({ specialty })} />
          <NumberField label="Médecins" min={0} value={lever.doctors} onChange={(doctors) => set({ doctors })} />
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
              min={0}
              value={lever.extraFte[s] ?? 0}
              onChange={(fte) => set({ extraFte: { ...lever.extraFte, [s]: fte } })}
            />
          ))}
          <NumberField
            label="Gain de productivité des médecins installés"
            unit="%"
            percent
            min={0}
            max={1}
            value={lever.productivityGain ?? 0}
            onChange={(productivityGain) => set({ productivityGain })}
          />
        </>
      )}
      {(lever.kind === 'teleconsultation' || lever.kind === 'departures') && (
        <>
          <p className="lever-place">
            {territoryLabel(lever.grid, lever.territory)}
          </p>
          <SpecialtyField value={lever.specialty} onChange={(specialty) => set({ specialty })} />
          <NumberField
            label={lever.kind === 'teleconsultation' ? 'Part du besoin téléconsultée' : 'Part des médecins qui partent'}
            unit="%"
            percent
            min={0}
            max={lever.kind === 'teleconsultation' ? TELECONSULTABLE_MAX[lever.specialty].value : 1}
            value={lever.share}
            onChange={(share) => set({ share })}
          />
          {lever.kind === 'teleconsultation' && (
            <p className="source">
              Plafond téléconsultable : {formatPercent(TELECONSULTABLE_MAX[lever.specialty].value)} ({TELECONSULTABLE_MAX[lever.specialty].source})
            </p>
          )}
        </>
      )}
      {lever.kind === 'populationChange' && (
        <>
          <p className="lever-place">
            {territoryLabel(lever.grid, lever.territory)}
          </p>
          {AGE_BANDS.map((band) => (
            <NumberField
              key={band}
              label={`Facteur ${ageBandLabel(band)}`}
              unit="×"
              min={0}
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
