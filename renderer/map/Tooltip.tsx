// The map's hover card: the commune, its territory of the grid shown and the territory's figures for the
// chosen specialty; plain words in the workshop (renderer/workshop/PlainTooltip.tsx).
import { SPECIALTY_LABELS, type Specialty } from '../../workers/engine/domain';
import { formatFte, formatInteger } from '../format';
import { PlainTooltip } from '../workshop/PlainTooltip';
import { useCardPosition } from './tooltip-position';

export interface TooltipProps {
  name: string;
  code: string;
  population: number;
  territory: {
    code: string;
    label: string;
    outside: boolean;
    population: number;
    communes: number;
    figures: { need: number; capacity: number; gapFte: number } | null;
    delta: number | null;
  } | null;
  grid: string;
  gridLabel: string;
  specialty: Specialty;
  /** Workshop: plain words (doctors lacking, in plus), no acts. */
  plain: boolean;
  x: number;
  y: number;
}

export function Tooltip(props: TooltipProps) {
  const { name, territory: t, grid, gridLabel, specialty, plain, x, y } = props;
  if (plain) return <PlainTooltip name={name} territory={t && { label: t.label, outside: t.outside, gapFte: t.figures?.gapFte ?? null, delta: t.delta }} grid={grid} gridLabel={gridLabel} specialty={specialty} x={x} y={y} />;
  return <DetailedTooltip {...props} />;
}

/** The planner's card: the commune, its territory and the territory's figures. */
function DetailedTooltip({ name, code, population, territory: t, grid, gridLabel, specialty, x, y }: TooltipProps) {
  const card = useCardPosition(x, y);
  return (
    <div className="tooltip" role="tooltip" data-testid="tooltip" ref={card.ref} style={card.style}>
      <strong>
        {name} ({code})
      </strong>
      <div>Population : {formatInteger(population)} hab.</div>
      {grid !== 'COM' && t && (
        <div className="tooltip-territory">
          {gridLabel} : {t.label} ({t.code})
          {!t.outside && (
            <div data-testid="tooltip-territory-population">
              Population du territoire : {formatInteger(t.population)} hab. ({formatInteger(t.communes)} communes)
            </div>
          )}
        </div>
      )}
      {t?.figures && !t.outside && (
        <div className="tooltip-territory" data-testid="tooltip-gp">
          {SPECIALTY_LABELS[specialty]}
          {grid === 'COM' ? '' : ' (territoire)'} : besoin {formatInteger(t.figures.need)} actes, capacité {formatInteger(t.figures.capacity)} actes, écart{' '}
          <span data-testid="tooltip-gp-gap">{formatFte(t.figures.gapFte)}</span> ETP
          {t.delta !== null && (
            <div>
              Différence : <span data-testid="tooltip-delta">{formatFte(t.delta)}</span> ETP
            </div>
          )}
        </div>
      )}
    </div>
  );
}
