import { ref } from 'vue';
import { KPI_KEYS } from '@xiaoyuan/domain';
import { useDistrictToday } from '@/composables/use-district-today';
import { useGraphql } from '@/graphql/graphql-client';
import {
  CourtyardKpisDocument,
  KpiTrendsDocument,
  type KpiPointNode,
  type KpiValueDetail,
} from '@/graphql/kpi.documents';
import type { KpiKey } from '@/graphql/types';
import { showRequestError } from '@/utils/request-error-message';
import { trendRange } from './kpi-trend';
import { useClosedPeriodPicker } from './use-dashboard';

/** A courtyard's KPI tab: its ten KPIs for a chosen period and their 12-month trends. */
export function useCourtyardKpiTab(courtyardId: () => string) {
  const today = useDistrictToday();
  const picker = useClosedPeriodPicker(today);
  const kpis = ref<KpiValueDetail[]>([]);
  const trends = ref<Partial<Record<KpiKey, KpiPointNode[]>>>({});
  const loading = ref(false);
  const range = ref(trendRange(picker.period.value, today()));
  let latest = 0;

  async function load(): Promise<void> {
    const request = (latest += 1);
    loading.value = true;
    range.value = trendRange(picker.period.value, today());
    try {
      const [current, trend] = await Promise.all([
        useGraphql().query(CourtyardKpisDocument, { id: courtyardId(), period: picker.period.value }),
        useGraphql().query(KpiTrendsDocument, { id: courtyardId(), ...range.value }),
      ]);
      if (request !== latest) return;
      kpis.value = current.node?.kpis ?? [];
      trends.value = Object.fromEntries(KPI_KEYS.map((key) => [key, trend[key] ?? []]));
    } catch (error) {
      if (request === latest) showRequestError(error);
    } finally {
      if (request === latest) loading.value = false;
    }
  }

  return { picker, kpis, trends, loading, range, load };
}
