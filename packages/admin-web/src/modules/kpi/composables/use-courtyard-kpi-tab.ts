import { ref } from 'vue';
import { KPI_KEYS } from '@xiaoyuan/domain';
import { useDistrictToday } from '@/composables/use-district-today';
import { nodeOfType } from '@/graphql/connection';
import type { KpiDetailFieldsFragment, KpiKey, KpiPointFieldsFragment } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { CourtyardKpisDocument, KpiTrendsDocument } from '@/graphql/kpi.documents';
import { showRequestError } from '@/utils/request-error-message';
import { trendRange } from './kpi-trend';
import { useClosedPeriodPicker } from './use-dashboard';

/** A courtyard's KPI tab: its ten KPIs for a chosen period and their 12-month trends. */
export function useCourtyardKpiTab(courtyardId: () => string) {
  const today = useDistrictToday();
  const picker = useClosedPeriodPicker(today);
  const kpis = ref<KpiDetailFieldsFragment[]>([]);
  const trends = ref<Partial<Record<KpiKey, KpiPointFieldsFragment[]>>>({});
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
      kpis.value = nodeOfType(current.node, 'Courtyard')?.kpis ?? [];
      trends.value = Object.fromEntries(KPI_KEYS.map((key) => [key, trend[key] ?? []]));
    } catch (error) {
      if (request === latest) showRequestError(error);
    } finally {
      if (request === latest) loading.value = false;
    }
  }

  return { picker, kpis, trends, loading, range, load };
}
