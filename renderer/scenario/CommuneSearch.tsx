// Finds a commune by name or INSEE code (accents and case ignored), keyboard-usable.
import { useId, useMemo, useState } from 'react';
import { foldText, formatInteger } from '../format';

export interface CommuneIndex {
  codes: string[];
  names: string[];
  population: Float64Array;
}

/** Hyphens and apostrophes count as spaces: « saint mihiel » finds « Saint-Mihiel ». */
const fold = (text: string) => foldText(text).replace(/[-'’]/g, ' ');

/** Folded names, computed once per name list (not at every keystroke over 35 000 communes). */
const foldedNames = new WeakMap<string[], string[]>();
function foldedOf(names: string[]): string[] {
  let folded = foldedNames.get(names);
  if (!folded) foldedNames.set(names, (folded = names.map((name) => fold(name ?? ''))));
  return folded;
}

/** Communes matching a query: exact code first, then names starting with it, then names containing it. */
export function searchCommunes(index: CommuneIndex, query: string, limit = 8): number[] {
  const q = fold(query.trim());
  if (q.length < 2) return [];
  const names = foldedOf(index.names);
  const starts: number[] = [], contains: number[] = [];
  for (let i = 0; i < index.codes.length; i++) {
    if (index.codes[i] === query.trim()) return [i];
    const name = names[i];
    if (name.startsWith(q)) starts.push(i);
    else if (name.includes(q) || index.codes[i].startsWith(q)) contains.push(i);
  }
  const byPopulation = (a: number, b: number) => index.population[b] - index.population[a];
  return [...starts.sort(byPopulation), ...contains.sort(byPopulation)].slice(0, limit);
}

/**
 * What to tell the planner when a query finds nothing (null while it finds something or is too short):
 * the query quoted and what to try instead.
 */
export function noMatchHint(index: CommuneIndex, query: string, results: number[] = searchCommunes(index, query)): string | null {
  const typed = query.trim();
  if (fold(typed).length < 2 || results.length > 0) return null;
  return `Aucune commune ne correspond à « ${typed} ». Vérifiez l’orthographe, ou tapez le début du nom ou le code INSEE (5 caractères, 2A/2B en Corse).`;
}

interface Props {
  index: CommuneIndex;
  label: string;
  onChoose(feature: number): void;
  /** Test id of the input; the lever forms use their own so that the panel's search stays unique. */
  testId?: string;
}

export function CommuneSearch({ index, label, onChoose, testId = 'commune-search' }: Props) {
  const [query, setQuery] = useState('');
  const id = useId();
  const results = useMemo(() => searchCommunes(index, query), [index, query]);
  const hint = noMatchHint(index, query, results);
  return (
    <div className="commune-search">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        value={query}
        placeholder="Nom ou code INSEE"
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && results.length > 0) {
            onChoose(results[0]);
            setQuery('');
          }
        }}
        data-testid={testId}
      />
      {hint && (
        <p className="hint" role="status" data-testid={`${testId}-no-match`}>
          {hint}
        </p>
      )}
      {results.length > 0 && (
        <ul className="search-results" aria-label="Communes trouvées">
          {results.map((feature) => (
            <li key={feature}>
              <button
                type="button"
                onClick={() => {
                  onChoose(feature);
                  setQuery('');
                }}
              >
                {index.names[feature]} ({index.codes[feature]}) — {formatInteger(index.population[feature])} hab.
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
