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
