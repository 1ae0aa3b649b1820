import { useSessionStore } from '@/stores/session.store';
import { todayIn } from '@/utils/periods';

/** Today's date in the signed-in user's district (record dates may not lie after it). */
export function useDistrictToday(): () => string {
  const session = useSessionStore();
  return () => todayIn(session.user?.district?.timezone ?? 'Asia/Shanghai');
}
