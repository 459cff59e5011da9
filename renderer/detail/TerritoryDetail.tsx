// A territory's detail: its age pyramid, the physicians of each commune (principal and secondary
// sites), need and capacity per specialty, and where every figure comes from.
import type { PackManifest } from '../../common/pack';
import type { TerritoryDetail as Detail } from '../../workers/db/pack-db';
import { SPECIALTIES, SPECIALTY_COUNT, SPECIALTY_LABELS } from '../../workers/engine/domain';
import type { ProductivityInUse } from '../../workers/engine/productivity';
import { formatDecimal, formatFte, formatInteger, formatPercent } from '../format';

/** The productivity sources, once each, with the specialties they apply to (« toutes les spécialités »). */
function productivitySources(productivity: ProductivityInUse[]): [string, string][] {
  const groups = new Map<string, string[]>();
  for (const p of productivity) groups.set(p.source, [...(groups.get(p.source) ?? []), SPECIALTY_LABELS[p.specialty].toLowerCase()]);
  return [...groups].map(([text, names]) => [text, names.length === SPECIALTIES.length ? 'toutes les spécialités' : names.join(', ')]);
}

export interface TerritoryFiguresView {
  need: Float64Array;
  capacity: Float64Array;
  gapFte: Float64Array;
  /** Territory index in the figures. */
  index: number;
}

interface Props {
  title: string;
  population: number;
  communes: number;
  detail: Detail | null;
  figures: TerritoryFiguresView | null;
  manifest: PackManifest;
  /** Productivity of the evaluation shown (IndicatorsResult.productivity): the divisor of the FTE gap. */
  productivity?: ProductivityInUse[] | null;
  onClose(): void;
}

function AgePyramid({ groups }: { groups: Detail['ageGroups'] }) {
  const total = groups.reduce((sum, g) => sum + g.population, 0);
  const largest = Math.max(...groups.map((g) => g.population), 1);
  const barHeight = 11;
  const width = 300;
  const labelWidth = 62;
  const ordered = [...groups].sort((a, b) => b.age - a.age);
  return (
    <svg
      className="pyramid"
      width={width + labelWidth + 50}
      height={ordered.length * (barHeight + 2) + 4}
      role="img"
      aria-label={`Pyramide des âges, ${formatInteger(total)} habitants`}
      data-testid="age-pyramid"
    >
      {ordered.map((g, i) => {
        const y = i * (barHeight + 2) + 2;
        const w = (g.population / largest) * width;
        return (
          <g key={g.age}>
            <text x={labelWidth - 6} y={y + barHeight - 1} textAnchor="end" fontSize="10">
              {g.age >= 95 ? '95 ans +' : `${g.age}–${g.age + 4} ans`}
            </text>
            <rect x={labelWidth} y={y} width={w} height={barHeight} fill={g.age >= 75 ? '#b35806' : '#2c7fb8'} />
            <text x={labelWidth + w + 4} y={y + barHeight - 1} fontSize="10">
              {formatPercent(total > 0 ? g.population / total : 0)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function TerritoryDetail({ title, population, communes, detail, figures, manifest, productivity, onClose }: Props) {
  const byCommune = new Map<string, { name: string; cells: Detail['doctors'] }>();
  for (const row of detail?.doctors ?? []) {
    const entry = byCommune.get(row.commune) ?? byCommune.set(row.commune, { name: row.name, cells: [] }).get(row.commune)!;
    entry.cells.push(row);
  }
  const label = (id: string) => (id in SPECIALTY_LABELS ? SPECIALTY_LABELS[id as keyof typeof SPECIALTY_LABELS] : id === 'AUTRES' ? 'Autres spécialités' : id);
  const source = (table: string) => manifest.tables[table]?.label ?? 'absent du paquet';

  return (
    <aside className="detail-panel" aria-label={`Détail : ${title}`} data-testid="detail-panel">
      <div className="data-panel-head">
        <h2>{title}</h2>
        <button type="button" onClick={onClose} aria-label="Fermer le détail">
          Fermer
        </button>
      </div>
      <p>
        {formatInteger(population)} habitants, {formatInteger(communes)} commune{communes > 1 ? 's' : ''}.
      </p>

      <h3>Besoin et capacité par spécialité</h3>
      {figures ? (
        <table className="detail-table" data-testid="detail-specialties">
          <thead>
            <tr>
              <th scope="col">Spécialité</th>
              <th scope="col" className="number">Besoin (actes/an)</th>
              <th scope="col" className="number">Capacité (actes/an)</th>
              <th scope="col" className="number">Écart (ETP)</th>
              {productivity && <th scope="col" className="number">Productivité (actes/an)</th>}
            </tr>
          </thead>
          <tbody>
            {SPECIALTIES.map((s, i) => {
              const k = figures.index * SPECIALTY_COUNT + i;
              return (
                <tr key={s}>
                  <th scope="row">{SPECIALTY_LABELS[s]}</th>
                  <td className="number">{formatInteger(figures.need[k])}</td>
                  <td className="number">{formatInteger(figures.capacity[k])}</td>
                  <td className={`number ${figures.gapFte[k] < 0 ? 'deficit' : ''}`}>{formatFte(figures.gapFte[k])}</td>
                  {productivity && (
                    <td className="number" title={`${productivity[i].unit} ; ${productivity[i].source}`}>
                      {formatInteger(productivity[i].value)}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p className="note">Le paquet actif n’a pas de données de besoin et d’offre.</p>
      )}

      <h3>Pyramide des âges</h3>
      {detail && detail.ageGroups.length > 0 ? (
        <>
          <AgePyramid groups={detail.ageGroups} />
          <p className="note">Tranches quinquennales, sexes réunis (le paquet ne distingue pas les sexes) ; 75 ans et plus en orange.</p>
        </>
      ) : (
        <p className="note">{detail ? 'Pas de population par âge dans le paquet.' : 'Chargement…'}</p>
      )}

      <h3>Médecins par commune</h3>
      {detail && byCommune.size > 0 ? (
        <table className="detail-table" data-testid="detail-doctors">
          <thead>
            <tr>
              <th scope="col">Commune</th>
              <th scope="col">Spécialité</th>
              <th scope="col" className="number">Cabinet principal</th>
              <th scope="col" className="number">Site secondaire</th>
            </tr>
          </thead>
          <tbody>
            {[...byCommune.entries()].flatMap(([code, entry]) =>
              entry.cells.map((row, i) => (
                <tr key={`${code}-${row.specialty}`}>
                  {i === 0 && (
                    <th scope="rowgroup" rowSpan={entry.cells.length}>
                      {entry.name} ({code})
                    </th>
                  )}
                  <td>{label(row.specialty)}</td>
                  <td className="number">{formatDecimal(row.principal)}</td>
                  <td className="number">{formatDecimal(row.secondary)}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      ) : (
        <p className="note">{detail ? 'Aucun médecin recensé dans ce territoire.' : 'Chargement…'}</p>
      )}

      <h3>Sources et millésimes</h3>
      <ul className="sources" data-testid="detail-sources">
        <li>Population : {source('communes')}</li>
        <li>Population par âge : {source('population_age5')}</li>
        <li>Taux de recours : {source('taux_recours')}</li>
        <li>Médecins : {source('sites')}</li>
        {productivity ? (
          productivitySources(productivity).map(([text, names]) => (
            <li key={text}>
              Productivité ({names}) : {text}
            </li>
          ))
        ) : (
          <li>Productivité : {source('productivite')}</li>
        )}
        <li>Maillages : {source('appartenance')}</li>
        {manifest.demo && <li className="demo-note">Estimation de démonstration : chiffres estimés à partir de marges publiques, pas observés.</li>}
      </ul>
    </aside>
  );
}
