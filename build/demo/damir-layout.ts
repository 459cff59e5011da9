// Writing Open DAMIR lines in the real 2025 layout (56 variables and a trailing empty FILLER), for the
// demo generator and the test fixtures.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import { DAMIR_LAYOUT } from '../../workers/import/damir';

type Column = (typeof DAMIR_LAYOUT)[number];

/** Plausible values of the columns the importer does not read. */
const DEFAULTS: Partial<Record<Column, string>> = {
  ORG_CLE_REG: '44', BEN_CMU_TOP: '0', BEN_QLT_COD: '1', BEN_SEX_COD: '2', DDP_SPE_COD: '0', ETE_CAT_SNDS: '0', ETE_REG_COD: '0',
  ETE_TYP_SNDS: '0', ETP_REG_COD: '0', ETP_CAT_SNDS: '0', MDT_TYP_COD: '0', MFT_COD: '0', PRS_FJH_TYP: '0', PRS_ACT_COG: '1',
  PRS_ACT_NBR: '1', PRS_DEP_MNT: '0', PRS_PAI_MNT: '26.5', PRS_REM_BSE: '26.5', PRS_REM_MNT: '18.55', FLT_ACT_COG: '1', FLT_ACT_NBR: '1',
  FLT_PAI_MNT: '26.5', FLT_DEP_MNT: '0', FLT_REM_MNT: '18.55', ASU_NAT: '10', ATT_NAT: '0', CPL_COD: '0', CPT_ENV_TYP: '1',
  DRG_AFF_NAT: '1', ETE_IND_TAA: '0', EXO_MTF: '0', MTM_NAT: '0', PRS_PPU_SEC: '2', PRS_REM_TAU: '70', PRS_PDS_QCP: '0',
  PSE_ACT_SNDS: '1', PSE_ACT_CAT: '1', PSE_STJ_SNDS: '1', PRE_INS_REG: '0', PSP_ACT_SNDS: '0', PSP_ACT_CAT: '99', PSP_SPE_SNDS: '0',
  PSP_STJ_SNDS: '9', TOP_PS5_TRG: '1', ETB_DCS_MCO: '0',
};

export const DAMIR_HEADER_LINE = `${DAMIR_LAYOUT.join(';')};`;

export function damirLine(values: Partial<Record<Column, string | number>>): string {
  return `${DAMIR_LAYOUT.map((c) => String(values[c] ?? DEFAULTS[c] ?? '')).join(';')};`;
}


/** Writes lines to a gzip file (deterministic: same lines, same bytes). */
export async function writeGzipLines(path: string, lines: Iterable<string>): Promise<void> {
  const gzip = createGzip({ level: 6 });
  const out = createWriteStream(path);
  gzip.pipe(out);
  let buffer = '';
  for (const line of lines) {
    buffer += line + '\n';
    if (buffer.length > 1 << 20) {
      if (!gzip.write(buffer)) await once(gzip, 'drain');
      buffer = '';
    }
  }
  gzip.end(buffer);
  await once(out, 'finish');
}

