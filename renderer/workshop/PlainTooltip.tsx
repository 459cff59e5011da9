// The workshop's hover (≥ 20 px, see styles.css): the place, the doctors lacking (or in plus) and what
// the scenario changes there, in plain words — no acts, no « ETP ».
import { formatFixed } from '../../common/format-fr';
import type { Specialty } from '../../workers/engine/domain';

import { FTE_DECIMALS } from '../format';
import { doctorsPlural } from '../words';
import { useCardPosition } from '../map/tooltip-position';

interface Props {
  /** The commune under the pointer. */
  name: string;
  /** Its territory of the grid shown: gap in FTE (negative: lacking) and the scenario's change, when known. */
  territory: { label: string; outside: boolean; gapFte: number | null; delta: number | null } | null;
  grid: string;
  gridLabel: string;
  specialty: Specialty;
  x: number;
  y: number;
}

export function PlainTooltip({ name, territory: t, grid, gridLabel, specialty, x, y }: Props) {
  const card = useCardPosition(x, y);
  const plural = doctorsPlural(specialty);
  const Plural = plural[0].toUpperCase() + plural.slice(1);
  const amount = (v: number) => formatFixed(Math.abs(v), FTE_DECIMALS);
  const gap = t && !t.outside ? t.gapFte : null;
  const change = t?.delta ?? null;
  return (
    <div className="tooltip plain" role="tooltip" data-testid="tooltip" ref={card.ref} style={card.style}>
      <strong>{grid !== 'COM' && t ? `${gridLabel} de ${t.label}` : name}</strong>
      {gap !== null && <div>{gap < 0 ? `${Plural} manquants : ${amount(gap)}` : `${Plural} en plus du besoin : ${amount(gap)}`}</div>}
      {/* Below 0,05 the change displays as 0,0: not said. */}
      {change !== null && Math.abs(change) >= 0.05 && (
        <div data-testid="tooltip-delta">
          Avec le scénario : {amount(change)} {change > 0 ? 'de plus' : 'de moins'}
        </div>
      )}
    </div>
  );
}
