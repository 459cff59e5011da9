// The model parameters of a scenario (recourse rates, productivity and its basis, active shares,
// teleconsultable shares, catchment areas), each with the value in use and its source; a value typed
// replaces the default for this scenario, out of its plausible range it is refused and said.
import { useState } from 'react';
import { SPECIALTIES, SPECIALTY_LABELS, type Specialty } from '../../workers/engine/domain';
import { PRODUCTIVITY_UNITS, type ProductivityInUse } from '../../workers/engine/productivity';
import { ACTIVE_SHARE_RANGE, DEFAULT_ACTIVE_SHARE, DEFAULT_CATCHMENT_MINUTES, PLAUSIBLE, TELECONSULTABLE_MAX } from '../../workers/engine/reference';
import type { ProductivityBasis, ScenarioParameters } from '../../workers/engine/scenario';
import { formatDecimal, formatInteger, parseFrenchNumber } from '../format';

export function ParametersEditor({
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
