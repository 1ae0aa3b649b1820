import { DEFAULT_TIMEZONE, localDate } from '@xiaoyuan/domain';
import { useSessionStore } from '@/stores/session.store';

/**
 * Today's date in the signed-in user's district (record dates may not lie after it), in the zone the
 * session loaded with the user's district. Only a user without a district (the platform operator,
 * who enters no records) falls back to the default zone of a new district.
 */
export function useDistrictToday(): () => string {
  const session = useSessionStore();
  return () => localDate(session.user?.district?.timezone ?? DEFAULT_TIMEZONE);
}
