// The secondary-site lever said the way planners say it: « Médecins de … consultent à … », two labelled
// commune fields (search or map), a swap button, the specialty and the days, and the sentence the lever
// will read as before it is added, so that it cannot be built backwards by the order of two clicks.
import { useState } from 'react';
import { at, de } from '../../common/french';
import type { Specialty } from '../../workers/engine/domain';
import { PLAUSIBLE } from '../../workers/engine/reference';
import type { Lever } from '../../workers/engine/scenario';
import { describeLever, type LeverNamer } from '../../workers/export/context';
import { CommuneSearch, type CommuneIndex } from './CommuneSearch';
import type { CustomFieldProps } from './custom-fields';
import { NumberField, SpecialtyField } from './fields';
import { newLever, secondarySiteLabel } from './levers';

export type SiteField = 'from' | 'to';

/** A secondary site being built: the two communes by INSEE code (either may be missing yet). */
export interface SecondarySiteDraft {
  specialty: Specialty;
  from?: string;
  to?: string;
  doctors?: number;
  daysPerWeek?: number;
}

const nameOf = (communes: CommuneIndex, code: string) => communes.names[communes.codes.indexOf(code)] ?? code;

/** Why the draft cannot be added yet, in French; null when it can. */
export function secondarySiteProblem(draft: SecondarySiteDraft): string | null {
  if (!draft.from) return 'Choisissez la commune où les médecins sont installés (« Médecins de … »).';
  if (!draft.to) return 'Choisissez la commune du cabinet secondaire (« consultent à … »).';
  if (draft.from === draft.to) return 'Les deux communes sont identiques : le cabinet secondaire doit être dans une autre commune.';
  return null;
}

/** The lever of a complete draft (null while a commune is missing or both are the same). */
export function secondarySiteLever(draft: SecondarySiteDraft, communes: CommuneIndex, id: string): Lever | null {
  if (secondarySiteProblem(draft) !== null) return null;
  const place = (code: string) => ({ commune: code, communeName: nameOf(communes, code) });
  return newLever('secondarySite', id, place(draft.from!), draft.specialty, {
    from: place(draft.from!),
    to: place(draft.to!),
    doctors: draft.doctors,
    daysPerWeek: draft.daysPerWeek,
  });
}

const FIELD_TEXT: Record<SiteField, { label: string; phrase(name: string): string; search: string }> = {
  from: { label: 'Médecins de …', phrase: (name) => `Médecins ${de(name)}`, search: 'commune où les médecins sont installés' },
  to: { label: 'consultent à …', phrase: (name) => `consultent ${at(name)}`, search: 'commune du cabinet secondaire' },
};

/**
 * The two communes of a secondary site, each labelled by its role: once chosen, the phrase with the
 * commune name and « changer »; before, a commune search (test id `<testIdPrefix>-from-search` and
 * `-to-search`) and, when `onPickOnMap` is given, a button to take it from the map.
 */
export function SiteFields(props: {
  from?: string;
  to?: string;
  communes: CommuneIndex;
  testIdPrefix: string;
  onChange(places: { from?: string; to?: string }): void;
  onPickOnMap?(field: SiteField): void;
  /** The field a map click fills now, if any (said next to it). */
  picking?: SiteField;
}) {
  const { communes, testIdPrefix } = props;
  // « changer » opens the search and keeps the commune until another is chosen: the lever stays valid.
  const [changing, setChanging] = useState<SiteField | null>(null);
  const field = (which: SiteField) => {
    const code = props[which];
    const text = FIELD_TEXT[which];
    return (
      <div className="site-field" data-testid={`${testIdPrefix}-${which}`}>
        {code && (
          <p className="lever-place">
            {text.phrase(`${nameOf(communes, code)} (${code})`)}{' '}
            <button type="button" className="link" onClick={() => setChanging(changing === which ? null : which)}>
              {changing === which ? 'garder' : 'changer'}
            </button>
          </p>
        )}
        {(!code || changing === which) && (
          <>
            <CommuneSearch
              index={communes}
              label={text.label}
              testId={`${testIdPrefix}-${which}-search`}
              onChoose={(feature) => {
                setChanging(null);
                props.onChange({ from: props.from, to: props.to, [which]: communes.codes[feature] });
              }}
            />
            {props.onPickOnMap &&
              (props.picking === which ? (
                <p className="pick-hint">Cliquez sur la carte la {text.search}.</p>
              ) : (
                <button type="button" className="link" onClick={() => props.onPickOnMap!(which)}>
                  ou la choisir sur la carte
                </button>
              ))}
          </>
        )}
      </div>
    );
  };
  return (
    <div className="site-fields">
      {field('from')}
      <button
        type="button"
        className="site-swap"
        disabled={!props.from && !props.to}
        onClick={() => props.onChange({ from: props.to, to: props.from })}
        title="Échanger la commune des médecins et celle du cabinet secondaire"
        data-testid={`${testIdPrefix}-swap`}
      >
        ⇅ Inverser
      </button>
      {field('to')}
    </div>
  );
}

/** « Étain » for a commune code (the code itself when unknown, « … » when empty). */
const shortName = (communes: CommuneIndex, code: string): string => (code ? nameOf(communes, code) : '…');

/**
 * The two communes of a secondary-site lever being edited (its kind's custom widget): the label, while
 * still the automatic one, follows the communes; a label the planner wrote stays.
 */
export function SecondarySitePlaces({ lever, communes, set }: CustomFieldProps<Extract<Lever, { kind: 'secondarySite' }>>) {
  return (
    <SiteFields
      from={lever.from}
      to={lever.to}
      communes={communes}
      testIdPrefix="lever-secondary"
      onChange={(places) => {
        const from = places.from ?? '';
        const to = places.to ?? '';
        const automatic = lever.label === undefined || lever.label === secondarySiteLabel(shortName(communes, lever.from), shortName(communes, lever.to));
        set({ from, to, ...(automatic ? { label: secondarySiteLabel(shortName(communes, from), shortName(communes, to)) } : {}) });
      }}
    />
  );
}

/**
 * The form that adds a secondary site: the two communes, the specialty (the map's by default, shown and
 * changeable here), the doctors and the days per week, the sentence of the lever, then « Ajouter ».
 */
export function SecondarySiteForm(props: {
  draft: SecondarySiteDraft;
  communes: CommuneIndex;
  names: LeverNamer;
  onChange(draft: SecondarySiteDraft): void;
  onPickOnMap(field: SiteField): void;
  picking?: SiteField;
  onAdd(): void;
}) {
  const { draft, communes } = props;
  const problem = secondarySiteProblem(draft);
  const preview = secondarySiteLever(draft, communes, 'apercu');
  return (
    <div className="lever-form secondary-site-form" data-testid="secondary-site-form">
      <SiteFields
        from={draft.from}
        to={draft.to}
        communes={communes}
        testIdPrefix="secondary"
        onChange={(places) => props.onChange({ ...draft, ...places })}
        onPickOnMap={props.onPickOnMap}
        picking={props.picking}
      />
      <SpecialtyField value={draft.specialty} onChange={(specialty) => props.onChange({ ...draft, specialty })} testId="secondary-specialty" />
      <NumberField
        label="Nombre de médecins"
        min={PLAUSIBLE.doctors.min}
        max={PLAUSIBLE.doctors.max}
        value={draft.doctors ?? 1}
        onChange={(doctors) => props.onChange({ ...draft, doctors })}
      />
      <NumberField label="Jours par semaine" unit="j" min={0} max={5} value={draft.daysPerWeek ?? 1} onChange={(daysPerWeek) => props.onChange({ ...draft, daysPerWeek })} />
      {preview ? (
        <p className="hint" data-testid="secondary-preview">
          {describeLever(preview, props.names)}
        </p>
      ) : (
        <p className="hint" role="status">
          {problem}
        </p>
      )}
      <button type="button" onClick={props.onAdd} disabled={preview === null} data-testid="secondary-add">
        Ajouter le cabinet secondaire
      </button>
    </div>
  );
}
