// A sortable, filterable table of territories driven by the shared column definitions
// (workers/export/columns.ts), so that the screen shows exactly what the files contain.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Column } from '../../workers/export/columns';
import { foldText } from '../format';

interface Props<Row> {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  total?: Row | null;
  /** Code of a row, to link it with the map selection. */
  codeOf(row: Row): string;
  selectedCode: string | null;
  onSelect(code: string): void;
  /** Rows shown at most (the filter narrows larger tables). */
  limit?: number;
  testId?: string;
}


export function DataTable<Row>({ caption, columns, rows, total, codeOf, selectedCode, onSelect, limit = 300, testId }: Props<Row>) {
  const [sort, setSort] = useState<{ column: string; descending: boolean } | null>(null);
  const [filter, setFilter] = useState('');
  const selectedRef = useRef<HTMLTableRowElement>(null);

  const shown = useMemo(() => {
    const query = foldText(filter.trim());
    let out = query
      ? rows.filter((row) => columns.some((c) => c.kind === 'text' && foldText(String(c.value(row))).includes(query)))
      : rows.slice();
    const column = sort && columns.find((c) => c.id === sort.column);
    if (column) {
      const direction = sort!.descending ? -1 : 1;
      out = out.sort((a, b) => {
        const va = column.value(a), vb = column.value(b);
        if (typeof va === 'number' && typeof vb === 'number') {
          // Rows without a value go last whatever the direction.
          if (!Number.isFinite(va)) return Number.isFinite(vb) ? 1 : 0;
          if (!Number.isFinite(vb)) return -1;
          return (va - vb) * direction;
        }
        return String(va).localeCompare(String(vb), 'fr') * direction;
      });
    }
    return out;
  }, [rows, columns, sort, filter]);

  useEffect(() => {
    selectedRef.current?.scrollIntoView({ block: 'nearest' });
  }, [selectedCode]);

  const cell = (column: Column<Row>, row: Row) => {
    const value = column.value(row);
    return column.format(value);
  };

  return (
    <div className="data-table" data-testid={testId}>
      <div className="table-tools">
        <label>
          Filtrer{' '}
          <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="nom ou code" data-testid={testId && `${testId}-filter`} />
        </label>
        <span className="note" role="status">
          {shown.length > limit ? `${limit.toLocaleString('fr-FR')} premières lignes sur ${shown.length.toLocaleString('fr-FR')} : filtrez pour réduire.` : `${shown.length.toLocaleString('fr-FR')} territoires`}
        </span>
      </div>
      <div className="table-scroll">
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th
                  key={c.id}
                  scope="col"
                  className={c.kind === 'number' ? 'number' : ''}
                  aria-sort={sort?.column === c.id ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                >
                  <button
                    type="button"
                    className="sort"
                    onClick={() => setSort((s) => (s?.column === c.id ? { column: c.id, descending: !s.descending } : { column: c.id, descending: c.kind === 'number' }))}
                    title="Trier"
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
                    <td key={c.id} className={c.kind === 'number' ? 'number' : ''}>
                      {cell(c, row)}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
          {total && (
            <tfoot>
              <tr data-testid={testId && `${testId}-total`}>
                {columns.map((c) => (
                  <td key={c.id} className={c.kind === 'number' ? 'number' : ''}>
                    {cell(c, total)}
                  </td>
                ))}
              </tr>
            </tfoot>
          )}
        </table>
      </div>
    </div>
  );
}
