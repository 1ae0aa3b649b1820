import { MAX_XLSX_SHARED_STRINGS_BYTES, MAX_XLSX_UNCOMPRESSED_BYTES } from '@xiaoyuan/domain';
import { type Entry, type ZipFile, fromBuffer } from 'yauzl';
import { FileFormatError } from './csv-reader';

/** What an XLSX file may hold once uncompressed (`@xiaoyuan/domain` limits.ts). */
export interface ArchiveLimits {
  /** every entry together */
  maxUncompressedBytes: number;
  /** `xl/sharedStrings.xml`, which the reader keeps in memory */
  maxSharedStringsBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxUncompressedBytes: MAX_XLSX_UNCOMPRESSED_BYTES,
  maxSharedStringsBytes: MAX_XLSX_SHARED_STRINGS_BYTES,
};

const SHARED_STRINGS = 'xl/sharedStrings.xml';
const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const DATA_DESCRIPTOR_SIGNATURE = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
/** where a data descriptor (bit 3) may put the next local header after an entry's data */
const DESCRIPTOR_LENGTHS = [0, 12, 16, 20, 24];

const megabytes = (bytes: number) => Math.floor(bytes / 1024 / 1024);

/**
 * Checks an XLSX file (a zip) before exceljs reads it, so that a small file cannot make the worker
 * inflate gigabytes (a zip bomb) or hold a huge table of strings:
 * - the central directory (yauzl): the sizes the entries declare, together at most
 *   `maxUncompressedBytes` and the shared strings at most `maxSharedStringsBytes`;
 * - every entry inflated once and counted, stopping past the limit; yauzl also fails an entry that
 *   inflates to more than it declares;
 * - exceljs reads the zip front to back by its local headers (unzipper), not by the central
 *   directory: the local headers must be exactly the central directory's entries, one after the
 *   other, so that no entry hidden from the directory (or inside another's data) is inflated unchecked.
 * A breach is a `FileFormatError` (UNCOMPRESSED_TOO_LARGE, SHARED_STRINGS_TOO_LARGE, UNREADABLE_XLSX).
 */
export async function checkXlsxArchive(content: Buffer, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<void> {
  const tooLarge = () =>
    new FileFormatError('UNCOMPRESSED_TOO_LARGE', null, { max: megabytes(limits.maxUncompressedBytes) });
  let zip: ZipFile;
  try {
    zip = await new Promise<ZipFile>((resolve, reject) =>
      fromBuffer(content, { lazyEntries: true, validateEntrySizes: true }, (error, opened) =>
        error ? reject(error) : resolve(opened),
      ),
    );
  } catch (error) {
    throw unreadable(error);
  }
  try {
    const entries = await readEntries(zip, limits, tooLarge);
    checkLocalHeaders(content, entries);
    let inflated = 0;
    for (const entry of entries) {
      inflated += await inflatedSize(zip, entry, limits.maxUncompressedBytes - inflated, tooLarge);
    }
  } catch (error) {
    throw error instanceof FileFormatError ? error : unreadable(error);
  } finally {
    zip.close();
  }
}

/** The central directory's entries, checking the sizes they declare as they come. */
function readEntries(zip: ZipFile, limits: ArchiveLimits, tooLarge: () => FileFormatError): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    let declared = 0;
    zip.on('entry', (entry: Entry) => {
      declared += entry.uncompressedSize;
      if (entry.fileName === SHARED_STRINGS && entry.uncompressedSize > limits.maxSharedStringsBytes) {
        return reject(
          new FileFormatError('SHARED_STRINGS_TOO_LARGE', null, { max: megabytes(limits.maxSharedStringsBytes) }),
        );
      }
      if (declared > limits.maxUncompressedBytes) return reject(tooLarge());
      if (entry.isEncrypted()) return reject(new Error('the file is encrypted'));
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

/** Inflates an entry and counts its bytes, failing past `budget`. */
function inflatedSize(zip: ZipFile, entry: Entry, budget: number, tooLarge: () => FileFormatError): Promise<number> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(error);
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > budget) stream.destroy(tooLarge());
      });
      stream.once('error', (streamError: Error) =>
        // yauzl's own check: the entry inflates to more than it declares
        reject(/too many bytes in the stream/.test(streamError.message) ? tooLarge() : streamError),
      );
      stream.once('end', () => resolve(bytes));
    });
  });
}

/** The local headers, read front to back as unzipper reads them, are the central directory's entries. */
function checkLocalHeaders(content: Buffer, entries: readonly Entry[]): void {
  const hidden = () => new Error('its entries do not match its directory');
  const sorted = [...entries].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader);
  let next = 0;
  let descriptor = false;
  for (const entry of sorted) {
    const offset = entry.relativeOffsetOfLocalHeader;
    if (!(descriptor ? DESCRIPTOR_LENGTHS : [0]).includes(offset - next)) throw hidden();
    if (offset + 30 > content.length || content.readUInt32LE(offset) !== LOCAL_HEADER_SIGNATURE) throw hidden();
    const flags = content.readUInt16LE(offset + 6);
    const localCompressedSize = content.readUInt32LE(offset + 18);
    const nameLength = content.readUInt16LE(offset + 26);
    const dataStart = offset + 30 + nameLength + content.readUInt16LE(offset + 28);
    if (!content.subarray(offset + 30, offset + 30 + nameLength).equals(entry.fileNameRaw)) throw hidden();
    descriptor = (flags & 0x08) !== 0;
    if (!descriptor || localCompressedSize > 0) {
      // unzipper reads as many bytes as the local header says
      if (localCompressedSize !== entry.compressedSize) throw hidden();
    } else if (content.subarray(dataStart, dataStart + entry.compressedSize).includes(DATA_DESCRIPTOR_SIGNATURE)) {
      // unzipper reads up to the first descriptor signature: it must be the one after the data
      throw hidden();
    }
    next = dataStart + entry.compressedSize;
  }
  for (const gap of descriptor ? DESCRIPTOR_LENGTHS : [0]) {
    const at = next + gap;
    if (at + 4 <= content.length && content.readUInt32LE(at) === LOCAL_HEADER_SIGNATURE) throw hidden();
  }
}

/** A file exceljs or yauzl could not read, with their message. */
export function unreadable(error: unknown): FileFormatError {
  const detail = error instanceof Error ? error.message : String(error);
  return new FileFormatError('UNREADABLE_XLSX', null, { detail: detail.slice(0, 200) });
}
