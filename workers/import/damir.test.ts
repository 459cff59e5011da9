// Open DAMIR import on both DuckDB runtimes: exact aggregates on a hand-made month, a generated month
// checked against an independent count, quirks and bad files, cancellation.
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { openNodeDatabase } from '../../electron/cli/duckdb-node';
import { damirLine, damirMonthLines, DAMIR_HEADER_LINE } from '../../tests/fixtures/damir-files';
import { openWasmDatabase } from '../../tests/support/duckdb-wasm-node';
import { memorySource, readReference, textSource } from '../../tests/support/sources';
import type { SqlDatabase } from '../db/sql-database';
import { finalizeDamir, importDamirFile } from './damir';
import { loadReferenceTables } from './reference';
import { ImportCancelled, ImportError } from './source-reader';

const runtimes = { native: () => openNodeDatabase(), wasm: () => openWasmDatabase() };

async function ready(open: () => Promise<SqlDatabase>) {
  const db = await open();
  await loadReferenceTables(db, readReference);
  return db;
}

const HAND_MADE = [
  DAMIR_HEADER_LINE,
  // Verdun area GP consultations, 2024-01, age 70, Grand Est: 3 acts, one with a ticket modérateur line.
  damirLine({ SOI_ANN: 2024, SOI_MOI: '01', PSE_SPE_SNDS: 1, PRS_NAT: 1110, AGE_BEN_SNDS: 70, BEN_RES_REG: 44, EXE_INS_REG: 44, PRS_REM_TYP: 0, PRS_ACT_QTE: 2, FLT_ACT_QTE: 2, PRS_PAI_MNT: '.61' }),
  damirLine({ SOI_ANN: 2024, SOI_MOI: '01', PSE_SPE_SNDS: 1, PRS_NAT: 1110, AGE_BEN_SNDS: 70, BEN_RES_REG: 44, EXE_INS_REG: 44, PRS_REM_TYP: 2, PRS_ACT_QTE: 2, FLT_ACT_QTE: 0 }),
  damirLine({ SOI_ANN: 2024, SOI_MOI: '01', PSE_SPE_SNDS: 1, PRS_NAT: 1210, AGE_BEN_SNDS: 70, BEN_RES_REG: 44, EXE_INS_REG: 44, PRS_REM_TYP: 0, PRS_ACT_QTE: 1, FLT_ACT_QTE: 1 }),
  // A cancellation of one of them.
  damirLine({ SOI_ANN: 2024, SOI_MOI: '01', PSE_SPE_SNDS: 1, PRS_NAT: 1110, AGE_BEN_SNDS: 70, BEN_RES_REG: 44, EXE_INS_REG: 44, PRS_REM_TYP: 0, PRS_ACT_QTE: -1, FLT_ACT_QTE: -1, PRS_PAI_MNT: '-.8' }),
  // Unknown age: 4 acts spread over 70 (2 acts) and 20 (2 acts, below) in proportion.
  damirLine({ SOI_ANN: 2024, SOI_MOI: '01', PSE_SPE_SNDS: 1, PRS_NAT: 1111, AGE_BEN_SNDS: 99, BEN_RES_REG: 44, EXE_INS_REG: 44, PRS_REM_TYP: 0, PRS_ACT_QTE: 4, FLT_ACT_QTE: 4 }),
  damirLine({ SOI_ANN: 2024, SOI_MOI: '01', PSE_SPE_SNDS: 1, PRS_NAT: 1111, AGE_BEN_SNDS: 20, BEN_RES_REG: 44, EXE_INS_REG: 11, PRS_REM_TYP: 0, PRS_ACT_QTE: 2, FLT_ACT_QTE: 2, PSE_STJ_SNDS: 2 }),
  // Radiology imaging, unknown region: kept in the national total.
  damirLine({ SOI_ANN: 2024, SOI_MOI: '01', PSE_SPE_SNDS: 6, PRS_NAT: 1331, AGE_BEN_SNDS: 50, BEN_RES_REG: 99, EXE_INS_REG: 44, PRS_REM_TYP: 0, PRS_ACT_QTE: 5, FLT_ACT_QTE: 5 }),
  // Dropped by the filters: a nurse, a death insurance line, a majoration, an ENT specialist.
  damirLine({ SOI_ANN: 2024, SOI_MOI: '01', PSE_SPE_SNDS: 1, PRS_NAT: 1110, PSE_ACT_CAT: 6, PRS_ACT_QTE: 9, FLT_ACT_QTE: 9 }),
  damirLine({ SOI_ANN: 2024, SOI_MOI: '01', PSE_SPE_SNDS: 1, PRS_NAT: 1110, ASU_NAT: 50, PRS_ACT_QTE: 9, FLT_ACT_QTE: 9 }),
  damirLine({ SOI_ANN: 2024, SOI_MOI: '01', PSE_SPE_SNDS: 1, PRS_NAT: 1116, PRS_ACT_QTE: 9, FLT_ACT_QTE: 9 }),
  damirLine({ SOI_ANN: 2024, SOI_MOI: '01', PSE_SPE_SNDS: 11, PRS_NAT: 1112, PRS_ACT_QTE: 9, FLT_ACT_QTE: 9 }),
].join('\n') + '\n';

for (const [runtime, open] of Object.entries(runtimes)) {
  describe(`import Open DAMIR (${runtime})`, () => {
    it('agrège exactement un mois fait à la main', async () => {
      const db = await ready(open);
      const report = await importDamirFile(db, textSource('A202402.csv.gz', HAND_MADE, { gzip: true, block: 97 }));
      expect(report.linesRead).toBe(11);
      expect(report.rowsKept).toBe(7);
      expect(report.rejected).toEqual({});
      expect(report.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(await finalizeDamir(db)).toEqual([]);
      const acts = await db.queryColumns('SELECT specialite, tranche_age, region, panier, actes FROM damir_actes ORDER BY ALL');
      const rows = Array.from(acts.specialite, (s, i) => `${s}|${acts.tranche_age[i]}|${acts.region[i]}|${acts.panier[i]}|${acts.actes[i]}`);
      // Age 70 consultation: 2 − 1 = 1, plus 4 × (1 / 3) of the unknown age; age 20: 2 + 4 × (2 / 3).
      expect(rows).toEqual([
        `MG|20|44|consultation|${2 + (4 * 2) / 3}`,
        `MG|70|44|consultation|${1 + 4 / 3}`,
        'MG|70|44|visite|1',
        'RADIO|50|99|imagerie|5',
      ]);
      const exec = await db.queryColumns("SELECT sum(actes) AS a FROM damir_actes_executant WHERE specialite = 'MG' AND statut = 1");
      expect(Number(exec.a[0])).toBe(2 - 1 + 1 + 4);
      await db.close();
    });

    it('retrouve sur un mois généré les totaux d’un comptage indépendant', async () => {
      const lines = [...damirMonthLines(2024, 3, 20_000, 7)];
      const expected = new Map<string, number>();
      const header = lines[0].split(';');
      const col = (name: string) => header.indexOf(name);
      for (const line of lines.slice(1)) {
        const f = line.split(';');
        const keep = f[col('PSE_ACT_CAT')] === '1' && ['10', '30', '40', '90'].includes(f[col('ASU_NAT')]) && f[col('PRS_REM_TYP')] === '0' && f[col('PRS_NAT')] !== '1116';
        if (!keep) continue;
        const key = f[col('PSE_SPE_SNDS')];
        expected.set(key, (expected.get(key) ?? 0) + Number(f[col('PRS_ACT_QTE')]));
      }
      const db = await ready(open);
      await importDamirFile(db, textSource('A202404.csv.gz', lines.join('\n') + '\n', { gzip: true, block: 65536 }));
      await finalizeDamir(db);
      const got = await db.queryColumns('SELECT s.pse_spe_snds AS code, sum(actes) AS actes FROM damir_actes JOIN ref_specialites s USING (specialite) GROUP BY 1 ORDER BY 1');
      for (let i = 0; i < got.code.length; i++) expect(Number(got.actes[i])).toBeCloseTo(expected.get(String(got.code[i]))!, 6);
      expect(got.code.length).toBe(9);
      await db.close();
    });
  });
}

describe('import Open DAMIR : fichiers invalides', () => {
  const importOne = async (source: ReturnType<typeof textSource>, signal?: AbortSignal) => {
    const db = await ready(runtimes.native);
    try {
      return await importDamirFile(db, source, { signal });
    } finally {
      await db.close();
    }
  };
  const good = gzipSync(new TextEncoder().encode([...damirMonthLines(2024, 1, 2000)].join('\n') + '\n'));

  it('refuse un fichier qui n’est pas du gzip', async () => {
    await expect(importOne(textSource('A202401.csv.gz', 'bonjour'))).rejects.toThrow(/n’est pas un fichier gzip/);
  });
  it('refuse un gzip tronqué', async () => {
    await expect(importOne(memorySource('A202401.csv.gz', good.subarray(0, good.length / 2)))).rejects.toThrow(/gzip tronqué/);
  });
  it('refuse un mauvais séparateur en le nommant', async () => {
    await expect(importOne(textSource('A202401.csv', DAMIR_HEADER_LINE.replaceAll(';', ',') + '\n1,2\n'))).rejects.toThrow(/séparateur « , » trouvé, « ; » attendu/);
  });
  it('nomme les colonnes manquantes', async () => {
    const text = DAMIR_HEADER_LINE.replace('PRS_ACT_QTE;', 'QUANTITE;') + '\n' + damirLine({}) + '\n';
    await expect(importOne(textSource('A202401.csv', text))).rejects.toThrow(/colonne « PRS_ACT_QTE » absente/);
  });
  it('refuse un fichier vide ou binaire', async () => {
    await expect(importOne(textSource('A202401.csv', ''))).rejects.toThrow(/fichier vide/);
    await expect(importOne(memorySource('A202401.csv', new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 59, 10])))).rejects.toThrow(/binaire/);
    await expect(importOne(textSource('A202401.csv', DAMIR_HEADER_LINE + '\n'))).rejects.toThrow(/aucune ligne de données/);
  });
  it('s’arrête proprement quand on annule', async () => {
    const controller = new AbortController();
    const source = memorySource('A202401.csv.gz', good, 512);
    const cancelling = { ...source, async *stream() {
      let n = 0;
      for await (const block of source.stream()) {
        if (++n === 5) controller.abort();
        yield block;
      }
    } };
    await expect(importOne(cancelling, controller.signal)).rejects.toThrow(ImportCancelled);
  });
  it('ne donne que des erreurs destinées à l’utilisateur', async () => {
    await expect(importOne(textSource('A.csv', 'x'))).rejects.toBeInstanceOf(ImportError);
  });
});
