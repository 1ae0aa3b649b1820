// Limits and defaults that the server enforces and the admin app states or checks before sending.

/** The time zone of a district created without one. */
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

/** Courtyards of the pilot batch when a plan is created without a pilot size (DOMAIN.md §3). */
export const DEFAULT_PILOT_SIZE = 30;

/** Connection pages: `first` defaults to DEFAULT_PAGE_SIZE and may not exceed MAX_PAGE_SIZE. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** The largest import file, in bytes (20 MB), before Base64. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

// What one import file may hold, checked by the worker while it reads the file (so that a file
// cannot hold the worker's memory): past a limit the import fails with a reason saying which.

/** Data rows of an import file (the header not counted). */
export const MAX_IMPORT_ROWS = 200_000;

/** Columns of an import file that hold anything (empty columns past them are ignored). */
export const MAX_IMPORT_COLUMNS = 50;

/** One row (record) of an import file, in bytes of UTF-8 (64 KiB). */
export const MAX_IMPORT_ROW_BYTES = 64 * 1024;

/** An XLSX file once uncompressed: every entry of the zip together, as declared and as inflated (a zip bomb). */
export const MAX_XLSX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024;

/** An XLSX file's shared strings (`xl/sharedStrings.xml`, held in memory while the sheet is read), uncompressed. */
export const MAX_XLSX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024;

/** Problems kept in an import's report: the first ones by row; past them only their number. */
export const MAX_IMPORT_REPORTED_ERRORS = 1_000;

/** The largest "at most" KPI target (days, hours): far beyond any plan, well within numeric(12,4). */
export const MAX_AT_MOST_TARGET = 10_000;

/** A code (district, street, community, courtyard, household): 1–32 letters, digits, `_` or `-`. */
export const CODE_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/** An email address as both sides check it (at most EMAIL_MAX_LENGTH characters). */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const EMAIL_MAX_LENGTH = 254;

/** A name (district, unit, user): 1 to NAME_MAX_LENGTH characters once trimmed. */
export const NAME_MAX_LENGTH = 100;

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;
