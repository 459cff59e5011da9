import { describe, expect, it } from 'vitest';
import { exportFileName, fileSlug, scenarioNameOf } from './file-name';

describe('noms des fichiers exportés', () => {
  it('portent le scénario et la spécialité', () => {
    expect(exportFileName({ scenario: 'MSP de Stenay : 2 MG', specialty: 'MG', grid: 'BV2022', departement: '55', extension: 'csv' })).toBe(
      'territoire-sante_msp-de-stenay-2-mg_medecine-generale_bv2022_55.csv',
    );
    expect(exportFileName({ scenario: null, specialty: 'OPH', grid: 'EPCI', departement: null, extension: 'xlsx' })).toBe('territoire-sante_diagnostic_ophtalmologie_epci.xlsx');
    expect(exportFileName({ scenario: 'Téléconsultation', reference: 'Départs à Étain', specialty: null, grid: 'COM', departement: '2A', extension: 'html' })).toBe(
      'territoire-sante_teleconsultation-vs-departs-a-etain_toutes-specialites_com_2a.html',
    );
  });

  it('tirent le nom du scénario de son JSON et coupent les noms trop longs entre deux mots', () => {
    expect(scenarioNameOf({ name: 'Essai', levers: [] })).toBe('Essai');
    expect(scenarioNameOf(null)).toBeNull();
    expect(scenarioNameOf({ levers: [] })).toBeNull();
    expect(fileSlug('Installation de deux médecins généralistes à Verdun et à Étain', 40)).toBe('installation-de-deux-medecins');
    expect(fileSlug('«»')).toBe('');
  });
});
