// The map's legend: title, one row per class with the number of territories (or communes) drawn in it,
// and the source. Foldable, so that it does not hide a fifth of a small map. Side by side, each half's
// count is given (before · after) rather than their sum.
import { formatInteger } from '../format';
import type { Choropleth } from './choropleth';
import { OUTSIDE_COLOR } from './classes';

interface Props {
  title: string;
  source: string;
  main: Choropleth;
  /** The right half of a side-by-side view. */
  second: Choropleth | null;
  /** What a count counts: « Territoires », « Communes ». */
  unit: string;
  /** Label of the grey class (outside the grid, no value). */
  withoutValueLabel: string;
  open: boolean;
  onToggle(): void;
}

export function Legend({ title, source, main, second, unit, withoutValueLabel, open, onToggle }: Props) {
  // Side by side, a band across both halves (classes in three columns) rather than a box over the left map.
  return (
    <section className={`legend${open ? '' : ' folded'}${second ? ' wide' : ''}`} aria-label="Légende" data-testid="legend">
      <div className="legend-title">
        <h2>{title}</h2>
        <button type="button" className="link legend-fold" onClick={onToggle} aria-expanded={open} data-testid="legend-toggle">
          {open ? 'Replier' : 'Légende'}
        </button>
      </div>
      {open && (
        <>
          {second ? (
            <p className="legend-head">Classes ; nombre de {unit.toLowerCase()} avant · après</p>
          ) : (
            <div className="legend-row legend-head">
              <span />
              <span>Classe</span>
              <span>{unit}</span>
            </div>
          )}
          <div className="legend-rows">
            {main.labels.map((label, i) => (
              <div className="legend-row" key={label}>
                <span className="swatch" style={{ background: `rgb(${main.palette[i].join(',')})` }} />
                <span className="legend-label">{label}</span>
                <span className="legend-count">{second ? `${formatInteger(main.classCounts[i])} · ${formatInteger(second.classCounts[i])}` : formatInteger(main.classCounts[i])}</span>
              </div>
            ))}
            {main.withoutValue > 0 && (
              <div className="legend-row">
                <span className="swatch" style={{ background: `rgb(${OUTSIDE_COLOR.join(',')})` }} />
                <span className="legend-label">{withoutValueLabel}</span>
                <span className="legend-count" />
              </div>
            )}
          </div>
          {source && <p className="source">Source : {source}.</p>}
        </>
      )}
    </section>
  );
}
