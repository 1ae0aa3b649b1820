/** Database roles created by `migrate` (names are cluster-wide). */
export const OWNER_ROLE = 'xiaoyuan_owner';
export const APP_ROLE = 'xiaoyuan_app';
