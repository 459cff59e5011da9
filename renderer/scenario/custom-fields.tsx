// The custom parts of lever forms, by the name a kind's form descriptor gives (`{ type: 'custom',
// widget }`, workers/engine/levers/types.ts). Only what a field list cannot say lives here; a kind
// without custom UI needs nothing in this file. The Record type makes a missing widget a type error.
import type { ReactElement } from 'react';
import type { Specialty } from '../../workers/engine/domain';
import type { CustomWidget } from '../../workers/engine/levers/types';
import type { Lever } from '../../workers/engine/scenario';
import type { CommuneIndex } from './CommuneSearch';
import { SecondarySitePlaces } from './SecondarySiteFields';
import { TeleconsultationTransfer } from './TeleconsultationFields';

/** What a custom widget receives: the lever being edited and how to change it. */
export interface CustomFieldProps<L extends Lever = Lever> {
  lever: L;
  communeName(code: string): string;
  communes: CommuneIndex;
  /** The scenario's own teleconsultable shares (parameter), which replace the reference ones. */
  teleconsultable?: Partial<Record<Specialty, number>>;
  set(patch: Partial<L>): void;
}

// Each widget is written for its kind's lever; the registry gives it only levers of that kind.
export const CUSTOM_FIELDS: Record<CustomWidget, (props: CustomFieldProps) => ReactElement> = {
  secondarySitePlaces: SecondarySitePlaces as (props: CustomFieldProps) => ReactElement,
  teleconsultationTransfer: TeleconsultationTransfer as (props: CustomFieldProps) => ReactElement,
};
