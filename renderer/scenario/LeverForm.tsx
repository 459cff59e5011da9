// The small form of one lever: its figures with their units, the place, and the source of its
// assumptions. Every valid change is applied at once (the worker recomputes in a few milliseconds).
// The fields are those its kind lists (`form`, workers/engine/levers/<kind>.ts), drawn here by type;
// what a list cannot say is a custom widget (custom-fields.tsx). Nothing here names a lever kind.
import { AGE_BANDS, ageBandLabel, SPECIALTIES, SPECIALTY_LABELS, type Specialty } from '../../workers/engine/domain';
import { LEVER_REGISTRY, type AnyLever } from '../../workers/engine/levers/registry';
import type { FieldDescriptor } from '../../workers/engine/levers/types';
import type { Lever } from '../../workers/engine/scenario';
import { CommuneSearch, type CommuneIndex } from './CommuneSearch';
import { CUSTOM_FIELDS } from './custom-fields';
import { NumberField, SpecialtyField } from './fields';
import { territoryLabel } from './levers';

export { NumberField, SpecialtyField } from './fields';

interface Props {
  lever: Lever;
  communeName(code: string): string;
  /** For the communes a lever names besides its place (teleconsultation provider, assisted site). */
  communes: CommuneIndex;
  /** The scenario's own teleconsultable shares (parameter), which replace the reference ones. */
  teleconsultable?: Partial<Record<Specialty, number>>;
  onChange(lever: Lever): void;
  /** Where the lever's fields come from: the application's registry by default (tests pass others). */
  registry?: { form(lever: Lever): readonly FieldDescriptor[] };
}

interface FieldProps extends Omit<Props, 'onChange' | 'registry'> {
  field: FieldDescriptor;
  set(patch: Partial<AnyLever>): void;
}

/** One field of a lever's form, drawn by its descriptor's type. */
function Field({ field, lever, communeName, communes, teleconsultable, set }: FieldProps) {
  const fields = lever as unknown as AnyLever;
  switch (field.type) {
    case 'commune':
      return (
        <p className="lever-place">
          {field.label} : {communeName(String(fields[field.name]))}
        </p>
      );
    case 'territory':
      return (
        <p className="lever-place">
          {field.prefix ?? ''}
          {territoryLabel(String(fields.grid), String(fields.territory), communes)}
        </p>
      );
    case 'specialty':
      return <SpecialtyField value={fields[field.name] as Specialty} onChange={(specialty) => set({ [field.name]: specialty })} />;
    case 'choice':
      return (
        <label className="lever-field">
          <span>{field.label}</span>
          <select value={String(fields[field.name] ?? '')} onChange={(e) => set({ [field.name]: e.target.value })}>
            {field.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
      );
    case 'number':
      return (
        <NumberField
          label={field.label}
          unit={field.unit}
          percent={field.percent}
          min={field.range.min}
          max={field.range.max}
          value={(fields[field.name] as number | undefined) ?? field.empty ?? 0}
          onChange={(value) => set({ [field.name]: value })}
        />
      );
    case 'bySpecialty': {
      const record = (fields[field.name] ?? {}) as Partial<Record<Specialty, number>>;
      return (
        <>
          {SPECIALTIES.filter((s) => field.always.includes(s) || record[s] !== undefined).map((s) => (
            <NumberField
              key={s}
              label={`${field.label} — ${SPECIALTY_LABELS[s].toLowerCase()}`}
              unit={field.unit}
              min={field.range.min}
              max={field.range.max}
              value={record[s] ?? 0}
              onChange={(value) => set({ [field.name]: { ...record, [s]: value } })}
            />
          ))}
        </>
      );
    }
    case 'byAgeBand': {
      const record = (fields[field.name] ?? {}) as Record<string, number | undefined>;
      return (
        <>
          {AGE_BANDS.map((band) => (
            <NumberField
              key={band}
              label={`${field.label} ${ageBandLabel(band)}`}
              unit={field.unit}
              min={field.range.min}
              max={field.range.max}
              value={record[String(band)] ?? field.empty}
              onChange={(value) => set({ [field.name]: { ...record, [String(band)]: value } })}
            />
          ))}
        </>
      );
    }
    case 'optionalCommune': {
      const code = fields[field.name] as string | undefined;
      return code ? (
        <p className="lever-place">
          {field.chosen} : {communeName(code)}{' '}
          <button type="button" className="link" onClick={() => set({ [field.name]: undefined })}>
            {field.remove}
          </button>
        </p>
      ) : (
        <CommuneSearch index={communes} testId={field.testId} label={field.label} onChoose={(feature) => set({ [field.name]: communes.codes[feature] })} />
      );
    }
    case 'custom': {
      const Widget = CUSTOM_FIELDS[field.widget];
      return <Widget lever={lever} communeName={communeName} communes={communes} teleconsultable={teleconsultable} set={set as (patch: Partial<Lever>) => void} />;
    }
  }
}

export function LeverForm({ lever, communeName, communes, teleconsultable, onChange, registry = LEVER_REGISTRY }: Props) {
  const set = (patch: Partial<AnyLever>) => onChange({ ...lever, ...patch } as Lever);
  return (
    <div className="lever-form">
      <label className="lever-field">
        <span>Libellé</span>
        <input type="text" value={lever.label ?? ''} onChange={(e) => set({ label: e.target.value })} />
      </label>
      {registry.form(lever).map((field, i) => (
        <Field key={i} field={field} lever={lever} communeName={communeName} communes={communes} teleconsultable={teleconsultable} set={set} />
      ))}
      <label className="lever-field">
        <span>Source des hypothèses</span>
        <textarea rows={2} value={lever.source ?? ''} onChange={(e) => set({ source: e.target.value })} />
      </label>
    </div>
  );
}
