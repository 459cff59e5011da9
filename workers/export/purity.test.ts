// CI check: the exporters stay pure like the engine, so that the app's DB worker and the CLI write the
// same files with the same code; the spreadsheet library only through its universal entry.
import { describePurity } from '../../tests/support/purity';

describePurity('pureté des exports (workers/export)', import.meta.dirname, [/\/import\//, /^write-excel-file\/(node|browser)$/]);
