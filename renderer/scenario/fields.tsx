// The input fields of the lever forms: a decimal typed the French way, and the specialty list.
import { useEffect, useState } from 'react';
import { SPECIALTIES, SPECIALTY_LABELS, type Specialty } from '../../workers/engine/domain';
import { formatDecimal, parseFrenchNumber } from '../format';

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
