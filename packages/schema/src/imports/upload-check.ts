import { ImportFormat, MAX_IMPORT_COLUMNS } from '@xiaoyuan/domain';
import { FileFormatError, bufferChunks, readCsvRecords } from './csv-reader';
import type { ImportErrorParams, ImportRule } from './templates';
import { checkXlsxArchive } from './xlsx-archive';
import { readXlsxRecords } from './xlsx-reader';

/** What is wrong with an upload as a whole (rendered with `importErrorMessage`). */
export interface UploadProblem {
  rule: ImportRule;
  params: ImportErrorParams;
}

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * What the API can tell of an uploaded file before its import is queued, cheaply and with the
 * worker's own readers: the content is of the type its extension says (an XLSX is a zip, a CSV is
 * not), an XLSX's zip is within its limits (`checkXlsxArchive`), and the header (the first record
 * that holds anything) can be read and has at most MAX_IMPORT_COLUMNS columns. Null when nothing
 * is wrong so far; the worker checks everything else (and all of this again) while it reads.
 */
export async function checkImportUpload(format: ImportFormat, content: Buffer): Promise<UploadProblem | null> {
  const zip = content.subarray(0, 4).equals(ZIP_SIGNATURE);
  if (format === ImportFormat.XLSX && !zip) return { rule: 'NOT_XLSX', params: {} };
  if (format === ImportFormat.CSV && zip) return { rule: 'NOT_CSV', params: {} };
  try {
    if (format === ImportFormat.XLSX) await checkXlsxArchive(content);
    const chunks = bufferChunks(content);
    const records = format === ImportFormat.XLSX ? readXlsxRecords(chunks) : readCsvRecords(chunks);
    for await (const record of records) {
      if (record.fields.every((value) => value.trim() === '')) continue;
      if (record.filledBeyond) return { rule: 'TOO_MANY_COLUMNS', params: { max: MAX_IMPORT_COLUMNS } };
      // the header is all an upload is checked for
      break;
    }
  } catch (error) {
    if (error instanceof FileFormatError) return { rule: error.rule, params: error.params };
    throw error;
  }
  return null;
}
