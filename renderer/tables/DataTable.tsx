// A sortable, filterable table of territories driven by the shared column definitions
// (workers/export/columns.ts), so that the screen shows exactly what the files contain. Its total
// row is the total of the rows shown (after the text filter), computed by the caller's `totalOf`
// (the engine's dashboardTotal / comparisonTotal) on those rows; other total rows (the département's
// own total) follow it, labelled. Code and label stay in view when it scrolls sideways (sticky columns,
// styles.css `.sticky-col`); the first click on a gap sorts deficits first (firstSortDescending).
import { useLayoutEffect, useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { displayedCell, firstSortDescending, sortRows, type Column } from '../../workers/export/columns';
import { foldText, formatInteger } from '../format';
import { ALERT_SEPARATOR } from '../../workers/engine/alerts';

/**
 * Rows whose text columns (code, label) contain the query, accents and case ignored, in their
 * original order. The page uses it too, so that the KPIs cover the rows the table shows.
 */
export function filterRowsByText<Row>(rows: readonly Row[], columns: readonly Column<Row>[], filter: string): Row[] {
  const query = foldText(filter.trim());
  if (!query) return rows.slice();
  // Code and label (the « Alerte » column's reasons are not names: « MG » would match every flagged row).
  const text = columns.filter((c) => c.kind === 'text' && c.id !== 'alerte');
  return rows.filter((row) => text.some((c) => foldText(String(c.value(row))).includes(query)));
}

interface Props<Row> {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  /** The total of the rows shown (called with the filtered rows in their original order). */
  totalOf?: (rows: Row[]) => Row;
  /** The département's own total, shown after the total of the rows whatever the text filter. */
  departementTotal?: Row | null;
  /** Text filter, when the page keeps it (controlled); the table keeps its own otherwise. */
  filter?: string;
  onFilterChange?(filter: string): void;
  /** Code of a row, to link it with the map selection. */
  codeOf(row: Row): string;
  selectedCode: string | null;
  onSelect(code: string): void;
  /** Rows shown at most (the filter narrows larger tables). */
  limit?: number;
  /** Some columns are still being computed (the territory APL): `aria-busy` until they arrive. */
  busy?: boolean;
  testId?: string;
}


export function DataTable<Row>({ caption, columns, rows, totalOf, departementTotal = null, filter: controlledFilter, onFilterChange, codeOf, selectedCode, onSelect, limit = 300, busy = false, testId }: Props<Row>) {
  const [sort, setSort] = useState<{ column: string; descending: boolean } | null>(null);
  const [ownFilter, setOwnFilter] = useState('');
  const filter = controlledFilter ?? ownFilter;
  const setFilter = onFilterChange ?? setOwnFilter;
  const selectedRef = useRef<HTMLTableRowElement>(null);
  // Width of the code column, the left offset of the sticky label column.
  const codeHeaderRef = useRef<HTMLTableCellElement>(null);
  const [codeWidth, setCodeWidth] = useState<number | null>(null);

  // Filtered in the rows' own order: the total is summed in that order whatever the sort.
  const filtered = useMemo(() => filterRowsByText(rows, columns, filter), [rows, columns, filter]);
  const total = useMemo(() => (totalOf ? totalOf(filtered) : null), [totalOf, filtered]);
  const shown = useMemo(() => {
    const column = sort && columns.find((c) => c.id === sort.column);
    return column ? sortRows(filtered, column, sort.descending) : filtered;
  }, [filtered, columns, sort]);

  useEffect(() => {
    selectedRef.current?.scrollIntoView({ block: 'nearest' });
  }, [selectedCode]);

  // Measured after every render (columns, rows and fonts change the width); the equality check ends the loop.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useLayoutEffect(() => {
    const width = codeHeaderRef.current?.offsetWidth ?? null;
    if (width !== codeWidth) setCodeWidth(width);
  });

  const cell = (column: Column<Row>, row: Row) => displayedCell(column, row);
  /** Class of a cell: number alignment, and the sticky code and label columns. */
  const classOf = (c: Column<Row>) => [c.kind === 'number' ? 'number' : '', c.id === 'code' ? 'sticky-col code' : c.id === 'libelle' ? 'sticky-col label' : ''].filter(Boolean).join(' ');
  const stickyStyle = codeWidth === null ? undefined : ({ '--code-width': `${codeWidth}px` } as CSSProperties);

  return (
    <div className="data-table" data-testid={testId}>
      <div className="table-tools">
        <label>
          Filtrer{' '}
          <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="nom ou code" data-testid={testId && `${testId}-filter`} />
        </label>
        <span className="note" role="status">
          {shown.length > limit
            ? `${formatInteger(limit)} premières lignes sur ${formatInteger(shown.length)} : filtrez pour réduire (le total porte sur les ${formatInteger(shown.length)}).`
            : `${formatInteger(shown.length)} territoire${shown.length > 1 ? 's' : ''}${filter.trim() && shown.length < rows.length ? ` sur ${formatInteger(rows.length)}` : ''}`}
        </span>
      </div>
      <div className="table-scroll" style={stickyStyle}>
        <table aria-busy={busy}>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th
                  key={c.id}
                  ref={c.id === 'code' ? codeHeaderRef : undefined}
                  scope="col"
                  className={classOf(c)}
                  aria-sort={sort?.column === c.id ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                >
                  <button
                    type="button"
                    className="sort"
                    onClick={() => setSort((s) => (s?.column === c.id ? { column: c.id, descending: !s.descending } : { column: c.id, descending: firstSortDescending(c) }))}
                    title={c.signed ? 'Trier (déficits d’abord)' : 'Trier'}
                  >
                    {c.header}
                    {sort?.column === c.id ? (sort.descending ? ' ▼' : ' ▲') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, limit).map((row) => {
              const code = codeOf(row);
              const selected = code === selectedCode;
              return (
                <tr
                  key={code}
                  ref={selected ? selectedRef : undefined}
                  className={selected ? 'selected' : ''}
                  aria-selected={selected}
                  tabIndex={0}
                  onClick={() => onSelect(code)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      onSelect(code);
                    }
                  }}
                  data-code={code}
                >
                  {columns.map((c) => (
                    <td key={c.id} className={classOf(c)} title={c.id === 'libelle' ? cell(c, row) : undefined}>
                      {c.id === 'alerte' ? <AlertBadge reasons={cell(c, row)} /> : cell(c, row)}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
          {(total || departementTotal) && (
            <tfoot>
              {total && (
                <tr data-testid={testId && `${testId}-total`}>
                  {columns.map((c) => (
                    <td key={c.id} className={classOf(c)}>
                      {cell(c, total)}
                    </td>
                  ))}
                </tr>
              )}
              {departementTotal && (
                <tr className="departement-total" data-testid={testId && `${testId}-departement-total`}>
                  {columns.map((c) => (
                    <td key={c.id} className={classOf(c)}>
                      {cell(c, departementTotal)}
                    </td>
                  ))}
                </tr>
              )}
            </tfoot>
          )}
        </table>
      </div>
    </div>
  );
}

/**
 * A row's alert: a badge with its reasons in words (never colour alone), one per line so that the column
 * stays narrow enough to be in view beside the specialty's figures; read « Alerte : r1 ; r2 » by a screen
 * reader (the column header says « Alerte »). Nothing when none.
 */
function AlertBadge({ reasons }: { reasons: string }) {
  if (!reasons) return null;
  return (
    <span className="alert-badge" data-testid="alert-badge">
      <span className="visually-hidden">Alerte : </span>
      {reasons.split(ALERT_SEPARATOR).map((reason, i) => (
        <span className="alert-reason" key={i}>
          {i > 0 && <span className="visually-hidden">{ALERT_SEPARATOR}</span>}
          {reason}
        </span>
      ))}
    </span>
  );
}
