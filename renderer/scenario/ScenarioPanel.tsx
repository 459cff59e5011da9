// Scenario editor: the scenarios of the session (create, rename, duplicate, delete, open, save), the
// levers of the active one (add by search or map pick, edit, toggle, remove), the model parameters,
// and undo/redo. Results are recomputed in the worker by the parent as the scenario changes.
import { useState } from 'react';
import type { OpenedScenarioFile, RecentScenarioFile } from '../../common/host-api';
import { SPECIALTIES, SPECIALTY_LABELS, type Specialty } from '../../workers/engine/domain';
import { PRODUCTIVITY_UNITS, type ProductivityInUse } from '../../workers/engine/productivity';
import { ACTIVE_SHARE_RANGE, DEFAULT_ACTIVE_SHARE, DEFAULT_CATCHMENT_MINUTES, PLAUSIBLE, TELECONSULTABLE_MAX } from '../../workers/engine/reference';
import type { Lever, LeverKind, ProductivityBasis, ScenarioParameters } from '../../workers/engine/scenario';
import { formatDecimal, formatInteger, parseFrenchNumber } from '../format';
import { CommuneSearch, type CommuneIndex } from './CommuneSearch';
import { LeverForm } from './LeverForm';
import { describeLever, type LeverNamer } from '../../workers/export/context';
import { LEVER_KINDS, leverKindLabel, newLever, territoryLabel } from './levers';
import { activeEntry, isDirty, type Action, type History } from './workspace';

/** What a map click is for while a lever is being placed. */
export interface PendingPick {
  kind: LeverKind;
  specialty: Specialty;
  /** Secondary site: the doctors' commune, once chosen. */
  from?: number;
}

interface Props {
  history: History;
  dispatch(action: Action | { type: 'undo' } | { type: 'redo' }): void;
  communes: CommuneIndex;
  /** Territory (code, label) of a commune feature in the current grid, for territory levers. */
  territoryOf(feature: number): { grid: string; code: string; label: string } | null;
  problems: string[];
  warnings: string[];
  pending: PendingPick | null;
  setPending(pick: PendingPick | null): void;
  /** Places the pending lever (or `pick`, when none is pending yet) at a commune feature (also called by the map). */
  placeAt(feature: number, pick?: PendingPick): void;
  specialty: Specialty;
  recentFiles: RecentScenarioFile[];
  onNew(): void;
  onOpen(): void;
  onOpenRecent(id: string): void;
  onSave(saveAs: boolean): void;
  onExample(name: string): void;
  examples: string[];
  fileMessage: { text: string; backup?: OpenedScenarioFile } | null;
  onOpenBackup(file: OpenedScenarioFile): void;
  /** Productivity the computation uses for the active scenario (IndicatorsResult.productivity); null while computing. */
  productivity?: ProductivityInUse[] | null;
}

export function ScenarioPanel(props: Props) {
  const { history, dispatch, communes } = props;
  const entry = activeEntry(history.present);
  const [editing, setEditing] = useState<string | null>(null);
  const [kind, setKind] = useState<LeverKind>('msp');
  const communeName = (code: string) => {
    const i = communes.codes.indexOf(code);
    return i < 0 ? code : `${communes.names[i]} (${code})`;
  };
  const names: LeverNamer = { commune: communeName, territory: (grid, code) => territoryLabel(grid, code, communes, true) };

  return (
    <section className="scenario-panel" aria-label="Scénarios" data-testid="scenario-panel">
      <div className="toolbar" role="toolbar" aria-label="Fichiers de scénario">
        <button type="button" onClick={props.onNew} data-testid="scenario-new">
          Nouveau
        </button>
        <button type="button" onClick={props.onOpen} data-testid="scenario-open">
          Ouvrir…
        </button>
        <button type="button" onClick={() => props.onSave(false)} disabled={!entry} data-testid="scenario-save">
          Enregistrer
        </button>
        <button type="button" onClick={() => props.onSave(true)} disabled={!entry}>
          Enregistrer sous…
        </button>
        <button type="button" onClick={() => dispatch({ type: 'undo' })} disabled={history.past.length === 0} title="Annuler (Ctrl+Z)" data-testid="undo">
          Annuler
        </button>
        <button type="button" onClick={() => dispatch({ type: 'redo' })} disabled={history.future.length === 0} title="Rétablir (Ctrl+Y)" data-testid="redo">
          Rétablir
        </button>
      </div>
      {props.fileMessage && (
        <div className="message" role="alert" data-testid="file-message">
          <p>{props.fileMessage.text}</p>
          {props.fileMessage.backup && (
            <button type="button" onClick={() => props.onOpenBackup(props.fileMessage!.backup!)}>
              Ouvrir la sauvegarde précédente
            </button>
          )}
        </div>
      )}
      <details className="examples">
        <summary>Exemples et fichiers récents</summary>
        <ul>
          {props.examples.map((name) => (
            <li key={name}>
              <button type="button" className="link" onClick={() => props.onExample(name)}>
                {name}
              </button>
            </li>
          ))}
          {props.recentFiles.map((file) => (
            <li key={file.id}>
              <button type="button" className="link" onClick={() => props.onOpenRecent(file.id)} title={file.id}>
                {file.name}
              </button>
            </li>
          ))}
        </ul>
      </details>

      {history.present.entries.length > 0 && (
        <ul className="scenario-list" aria-label="Scénarios de la session">
          {history.present.entries.map((e) => (
            <li key={e.key} className={e.key === history.present.activeKey ? 'active' : ''}>
              <button type="button" className="link" onClick={() => dispatch({ type: 'select', key: e.key })} aria-current={e.key === history.present.activeKey}>
                {e.scenario.name}
                {isDirty(e) ? ' •' : ''}
              </button>
            </li>
          ))}
        </ul>
      )}

      {entry && (
        <>
          <label className="field">
            <span>Nom du scénario</span>
            <input
              type="text"
              value={entry.scenario.name}
              onChange={(e) => dispatch({ type: 'rename', key: entry.key, name: e.target.value })}
              data-testid="scenario-name"
            />
          </label>
          <div className="toolbar">
            <button type="button" onClick={() => dispatch({ type: 'duplicate', key: entry.key })} data-testid="scenario-duplicate">
              Dupliquer
            </button>
            <button
              type="button"
              onClick={() => {
                if (!isDirty(entry) || window.confirm(`Supprimer « ${entry.scenario.name} » de la session ? Les modifications non enregistrées seront perdues.`)) {
                  dispatch({ type: 'delete', key: entry.key });
                }
              }}
              data-testid="scenario-delete"
            >
              Supprimer
            </button>
            {entry.file && <span className="note">Fichier : {entry.file.name}</span>}
          </div>

          {props.problems.length > 0 && (
            <div className="message error" role="alert" data-testid="scenario-problems">
              <p>Scénario non appliqué :</p>
              <ul>
                {props.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </div>
          )}
          {props.warnings.length > 0 && (
            <ul className="note">
              {props.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}

          <h2>Leviers</h2>
          {entry.scenario.levers.length === 0 && <p className="hint">Aucun levier : ajoutez-en un ci-dessous.</p>}
          <ul className="levers" data-testid="levers">
            {entry.scenario.levers.map((lever) => (
              <li key={lever.id} className={lever.enabled === false ? 'off' : ''} data-testid="lever">
                <label className="lever-toggle">
                  <input
                    type="checkbox"
                    checked={lever.enabled !== false}
                    onChange={() => dispatch({ type: 'toggleLever', id: lever.id! })}
                    aria-label={`Activer « ${lever.label ?? leverKindLabel(lever.kind)} »`}
                  />
                  <span>
                    <strong>{lever.label ?? leverKindLabel(lever.kind)}</strong>
                    <span className="lever-summary">{describeLever(lever, names)}</span>
                  </span>
                </label>
                <div className="lever-actions">
                  <button type="button" className="link" onClick={() => setEditing(editing === lever.id ? null : lever.id!)} aria-expanded={editing === lever.id}>
                    {editing === lever.id ? 'Fermer' : 'Modifier'}
                  </button>
                  <button type="button" className="link" onClick={() => dispatch({ type: 'removeLever', id: lever.id! })}>
                    Retirer
                  </button>
                </div>
                {editing === lever.id && (
                  <LeverForm lever={lever} communeName={communeName} communes={props.communes} teleconsultable={entry.scenario.parameters.teleconsultableShare} onChange={(changed: Lever) => dispatch({ type: 'updateLever', id: lever.id!, lever: changed })} />
                )}
              </li>
            ))}
          </ul>

          <fieldset className="add-lever">
            <legend>Ajouter un levier</legend>
            <label className="field">
              <span>Type</span>
              <select value={kind} onChange={(e) => setKind(e.target.value as LeverKind)} data-testid="lever-kind">
                {LEVER_KINDS.map((k) => (
                  <option key={k.kind} value={k.kind}>
                    {k.label}
                  </option>
                ))}
              </select>
            </label>
            <p className="hint">
              {LEVER_KINDS.find((k) => k.kind === kind)!.help} Spécialité : {SPECIALTY_LABELS[props.specialty].toLowerCase()} (sélecteur de la carte).
            </p>
            {props.pending ? (
              <p className="pick-hint" role="status" data-testid="pick-hint">
                {props.pending.kind === 'secondarySite' && props.pending.from === undefined
                  ? 'Choisissez la commune des médecins (carte ou recherche).'
                  : props.pending.kind === 'secondarySite'
                    ? `Médecins de ${communes.names[props.pending.from!]} : choisissez la commune du cabinet secondaire.`
                    : 'Cliquez une commune sur la carte, ou cherchez-la.'}{' '}
                <button type="button" className="link" onClick={() => props.setPending(null)}>
                  Annuler
                </button>
              </p>
            ) : (
              <button type="button" onClick={() => props.setPending({ kind, specialty: props.specialty })} data-testid="pick-on-map">
                Choisir sur la carte
              </button>
            )}
            <CommuneSearch
              index={communes}
              label="…ou chercher une commune"
              onChoose={(feature) => props.placeAt(feature, props.pending ?? { kind, specialty: props.specialty })}
            />
          </fieldset>

          {/* Keyed by scenario and values: undo, redo or another scenario show their own values. */}
          <ParametersEditor
            key={`${entry.key}:${JSON.stringify(entry.scenario.parameters)}`}
            parameters={entry.scenario.parameters}
            productivity={props.productivity ?? null}
            onChange={(parameters) => {
              if (JSON.stringify(parameters) !== JSON.stringify(entry.scenario.parameters)) dispatch({ type: 'setParameters', parameters });
            }}
          />
        </>
      )}
    </section>
  );
}

/** Builds the lever placed at a commune; null while a secondary site still needs its second commune. */
export function leverAt(
  pending: PendingPick,
  feature: number,
  communes: CommuneIndex,
  territory: { grid: string; code: string; label: string } | null,
  id: string,
): { lever: Lever | null; pending: PendingPick | null } {
  const place = { commune: communes.codes[feature], communeName: communes.names[feature] };
  const spec = LEVER_KINDS.find((k) => k.kind === pending.kind)!;
  if (pending.kind === 'secondarySite') {
    if (pending.from === undefined) return { lever: null, pending: { ...pending, from: feature } };
    const lever = newLever('secondarySite', id, { commune: communes.codes[pending.from], communeName: communes.names[pending.from] }, pending.specialty);
    if (lever.kind === 'secondarySite') {
      lever.to = place.commune;
      lever.label = `Cabinet secondaire — ${communes.names[pending.from]} → ${place.communeName}`;
    }
    return { lever, pending: null };
  }
  if (spec.place === 'territory') {
    const where = territory ?? { grid: 'COM', code: place.commune, label: place.communeName };
    return { lever: newLever(pending.kind, id, { grid: where.grid, territory: where.code, territoryName: where.label }, pending.specialty), pending: null };
  }
  return { lever: newLever(pending.kind, id, place, pending.specialty), pending: null };
}

function ParametersEditor({
  parameters,
  productivity,
  onChange,
}: {
  parameters: ScenarioParameters;
  /** The productivity the computation uses, per specialty, from the worker (null while it computes). */
  productivity: ProductivityInUse[] | null;
  onChange(p: ScenarioParameters): void;
}) {
  // A value typed in the table: empty → back to the default, out of its plausible range → refused and
  // said under the table (the scenario schema would refuse it too).
  const [refused, setRefused] = useState<string | null>(null);
  const setBySpecialty = (
    key: 'productivity' | 'activeShare' | 'teleconsultableShare',
    s: Specialty,
    text: string,
    range: { min: number; max: number },
    what: string,
    percent = false,
  ) => {
    const record: Partial<Record<Specialty, number>> = { ...parameters[key] };
    const value = parseFrenchNumber(text.replace('%', '')) / (percent ? 100 : 1);
    if (text.trim() === '' && record[s] === undefined) return;
    if (text.trim() === '') delete record[s];
    else if (Number.isFinite(value) && value >= range.min && value <= range.max) record[s] = value;
    else {
      const bound = (x: number) => formatDecimal(percent ? x * 100 : x) + (percent ? ' %' : '');
      setRefused(`${what} — ${SPECIALTY_LABELS[s].toLowerCase()} : « ${text} » refusé, valeur attendue entre ${bound(range.min)} et ${bound(range.max)}.`);
      return;
    }
    setRefused(null);
    onChange({ ...parameters, [key]: record });
  };
  const basis = parameters.productivityBasis ?? 'etp';
  const used = new Map(productivity?.map((p) => [p.specialty, p]));
  // The sources in full, once each, with the specialties they apply to.
  const sources = new Map<string, string[]>();
  for (const p of productivity ?? []) sources.set(p.source, [...(sources.get(p.source) ?? []), SPECIALTY_LABELS[p.specialty]]);
  return (
    <details className="parameters">
      <summary>Paramètres du modèle</summary>
      <label className="field">
        <span>Taux de recours</span>
        <select value={parameters.rates ?? 'national'} onChange={(e) => onChange({ ...parameters, rates: e.target.value as 'national' | 'regional' })}>
          <option value="national">Nationaux (Open DAMIR)</option>
          <option value="regional">Régionaux (région du patient)</option>
        </select>
      </label>
      <label className="field">
        <span>Poids du cabinet principal (si sites secondaires)</span>
        <input
          type="text"
          inputMode="decimal"
          defaultValue={formatDecimal(parameters.principalSiteWeight ?? 0.8)}
          onBlur={(e) => {
            const value = parseFrenchNumber(e.target.value);
            if (Number.isFinite(value) && value >= 0 && value <= 1 && value !== (parameters.principalSiteWeight ?? 0.8)) onChange({ ...parameters, principalSiteWeight: value });
          }}
        />
      </label>
      <label className="field">
        <span>Productivité comptée</span>
        <select
          value={basis}
          data-testid="productivity-basis"
          onChange={(e) => {
            const { productivityBasis: _dropped, ...rest } = parameters;
            onChange(e.target.value === 'etp' ? rest : { ...rest, productivityBasis: e.target.value as ProductivityBasis });
          }}
        >
          <option value="etp">Par ETP : actes ÷ médecins du paquet (référence)</option>
          <option value="medecinActif">Par médecin actif (méthode du tableau de bord de la Meuse)</option>
        </select>
      </label>
      <table className="parameters-table">
        <caption>Productivité utilisée ({PRODUCTIVITY_UNITS[basis]}) ; saisir une valeur la remplace pour ce scénario</caption>
        <thead>
          <tr>
            <th scope="col">Spécialité</th>
            <th scope="col">Utilisée</th>
            <th scope="col">Valeur du scénario</th>
            {basis === 'medecinActif' && <th scope="col">Part d’actifs</th>}
            <th scope="col">Part téléconsultable</th>
            <th scope="col">Aire APL</th>
          </tr>
        </thead>
        <tbody>
          {SPECIALTIES.map((s) => {
            const inUse = used.get(s);
            return (
              <tr key={s}>
                <th scope="row">{SPECIALTY_LABELS[s]}</th>
                <td title={inUse?.source} data-testid={`productivity-used-${s}`}>
                  {inUse ? (
                    <>
                      {formatInteger(inUse.value)}
                      <br />
                      <span className="source">{inUse.originLabel}</span>
                    </>
                  ) : (
                    '…'
                  )}
                </td>
                <td>
                  <input
                    type="text"
                    inputMode="decimal"
                    aria-label={`Productivité ${SPECIALTY_LABELS[s]}`}
                    defaultValue={parameters.productivity?.[s] !== undefined ? formatDecimal(parameters.productivity[s]!) : ''}
                    placeholder={inUse && inUse.origin !== 'scenario' ? formatInteger(inUse.value) : ''}
                    onBlur={(e) => setBySpecialty('productivity', s, e.target.value, PLAUSIBLE.productivity, 'Productivité')}
                  />
                </td>
                {basis === 'medecinActif' && (
                  <td title={parameters.activeShare?.[s] !== undefined ? 'valeur du scénario' : DEFAULT_ACTIVE_SHARE[s].source}>
                    <input
                      type="text"
                      inputMode="decimal"
                      aria-label={`Part de médecins actifs ${SPECIALTY_LABELS[s]} (%)`}
                      defaultValue={parameters.activeShare?.[s] !== undefined ? formatDecimal(parameters.activeShare[s]! * 100) : ''}
                      placeholder={formatDecimal(DEFAULT_ACTIVE_SHARE[s].value * 100)}
                      onBlur={(e) => setBySpecialty('activeShare', s, e.target.value, ACTIVE_SHARE_RANGE, 'Part de médecins actifs', true)}
                    />
                  </td>
                )}
                <td title={parameters.teleconsultableShare?.[s] !== undefined ? 'valeur du scénario' : TELECONSULTABLE_MAX[s].source}>
                  <input
                    type="text"
                    inputMode="decimal"
                    aria-label={`Part téléconsultable du besoin ${SPECIALTY_LABELS[s]} (%)`}
                    defaultValue={parameters.teleconsultableShare?.[s] !== undefined ? formatDecimal(parameters.teleconsultableShare[s]! * 100) : ''}
                    placeholder={formatDecimal(TELECONSULTABLE_MAX[s].value * 100)}
                    onBlur={(e) => setBySpecialty('teleconsultableShare', s, e.target.value, PLAUSIBLE.share, 'Part téléconsultable', true)}
                  />
                </td>
                <td title={parameters.catchmentMinutes?.[s] !== undefined ? 'valeur du scénario' : DEFAULT_CATCHMENT_MINUTES[s].source}>
                  {formatInteger(parameters.catchmentMinutes?.[s] ?? DEFAULT_CATCHMENT_MINUTES[s].value)} min
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {refused && (
        <p className="field-error" role="alert" data-testid="parameter-refused">
          {refused}
        </p>
      )}
      <p className="source">
        Part téléconsultable : part du besoin des habitants qu’une téléconsultation peut assurer (vide = valeur de référence, hypothèse
        non sourcée ; citez votre source dans la description du scénario).
      </p>
      {[...sources].map(([source, specialties]) => (
        <p className="source" key={source}>
          {specialties.length === SPECIALTIES.length ? 'Toutes les spécialités' : specialties.join(', ')} : {source}.
        </p>
      ))}
      {basis === 'medecinActif' && (
        <p className="source">
          Par médecin actif : la productivité est divisée par la part de médecins actifs (en %, vide = valeur par défaut) et les médecins
          installés sont multipliés par cette part ; la capacité en actes ne change pas, les écarts en ETP comptent des médecins actifs.
        </p>
      )}
      <p className="source">Survolez une valeur pour voir sa source. Les paramètres modifiés sont écrits dans le fichier du scénario.</p>
    </details>
  );
}
