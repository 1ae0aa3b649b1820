import { ElMessage } from 'element-plus';
import { storeToRefs } from 'pinia';
import { computed, onMounted, ref } from 'vue';
import { KPI_KEYS, type PeriodKind, recentPeriods } from '@xiaoyuan/domain';
import { useDistrictToday } from '@/composables/use-district-today';
import { useJobPolling, type PolledJob } from '@/composables/use-job-polling';
import { nodeOfType } from '@/graphql/connection';
import type { DashboardQuery, KpiKey, KpiPointFieldsFragment } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { JobDocument } from '@/graphql/imports.documents';
import {
  DashboardDocument,
  KpiTrendsDocument,
  RequestKpiRecomputeDocument,
  StreetCommunitiesKpisDocument,
} from '@/graphql/kpi.documents';
import { currentLocale, i18n } from '@/i18n/i18n';
import { useSessionStore } from '@/stores/session.store';
import { downloadWithToken } from '@/utils/files';
import { showRequestError } from '@/utils/request-error-message';
import { phasePercent } from '@/modules/rollout/composables/rollout-display';
import { lastClosedPeriod, trendRange } from './kpi-trend';

/** A street or a community row of the dashboard: its alert counts and KPIs. */
export type UnitKpisNode = NonNullable<DashboardQuery['district']>['streets']['edges'][number]['node'];

const CHOICES: Record<PeriodKind, number> = { MONTH: 24, QUARTER: 12, YEAR: 6 };

/** A period picker whose default is the last closed period of its kind (last month by default). */
export function useClosedPeriodPicker(today: () => string, initialKind: PeriodKind = 'MONTH') {
  const kind = ref<PeriodKind>(initialKind);
  const period = ref(lastClosedPeriod(initialKind, today()));
  const options = computed(() => recentPeriods(kind.value, today(), CHOICES[kind.value]));

  function setKind(next: PeriodKind): void {
    kind.value = next;
    period.value = lastClosedPeriod(next, today());
  }

  return { kind, period, options, setKind };
}

/** A unit's KPIs by key, for one coloured cell per KPI. */
export function kpisByKey(unit: Pick<UnitKpisNode, 'kpis'>): Partial<Record<KpiKey, UnitKpisNode['kpis'][number]>> {
  return Object.fromEntries(unit.kpis.map((kpi) => [kpi.key, kpi]));
}

/** 总览: the district's ten KPIs, their 12-month trends, streets and communities, phases, alerts. */
export function useDashboard() {
  const session = useSessionStore();
  const { permissions } = storeToRefs(session);
  const today = useDistrictToday();
  const picker = useClosedPeriodPicker(today);
  const data = ref<DashboardQuery | null>(null);
  const loading = ref(false);
  const trends = ref<Partial<Record<KpiKey, KpiPointFieldsFragment[]>>>({});
  const trendsLoading = ref(false);
  const communities = ref<Record<string, UnitKpisNode[] | undefined>>({});
  const communitiesLoading = ref<Record<string, boolean>>({});
  let latest = 0;

  const district = computed(() => data.value?.district ?? null);
  const kpis = computed(() => district.value?.kpis ?? []);
  const streets = computed(() => district.value?.streets.edges.map((edge) => edge.node) ?? []);
  const plan = computed(() => data.value?.rolloutPlan ?? null);
  const phases = computed(() =>
    (plan.value?.phases ?? []).map((phase) => ({
      ...phase,
      percent: phasePercent(phase.enrolledCourtyards, phase.targetCourtyards),
      current: plan.value?.currentPhase?.key === phase.key,
    })),
  );
  const currentPhase = computed(() => phases.value.find((phase) => phase.current) ?? null);
  const range = computed(() => trendRange(picker.period.value, today()));

  async function loadTrends(districtId: string, request: number): Promise<void> {
    trendsLoading.value = true;
    try {
      const result = await useGraphql().query(KpiTrendsDocument, { id: districtId, ...range.value });
      if (request !== latest) return;
      trends.value = Object.fromEntries(KPI_KEYS.map((key) => [key, result[key] ?? []]));
    } catch (error) {
      if (request === latest) showRequestError(error);
    } finally {
      if (request === latest) trendsLoading.value = false;
    }
  }

  async function load(): Promise<void> {
    const request = (latest += 1);
    loading.value = true;
    communities.value = {};
    try {
      const result = await useGraphql().query(DashboardDocument, { period: picker.period.value });
      if (request !== latest) return;
      data.value = result;
      if (result.district) await loadTrends(result.district.id, request);
    } catch (error) {
      if (request === latest) showRequestError(error);
    } finally {
      if (request === latest) loading.value = false;
    }
  }

  /** A street's communities, read once per period when its row is expanded. */
  async function loadCommunities(streetId: string): Promise<void> {
    if (communities.value[streetId] || communitiesLoading.value[streetId]) return;
    const request = latest;
    communitiesLoading.value = { ...communitiesLoading.value, [streetId]: true };
    try {
      const { node } = await useGraphql().query(StreetCommunitiesKpisDocument, {
        id: streetId,
        period: picker.period.value,
      });
      if (request !== latest) return;
      communities.value = {
        ...communities.value,
        [streetId]: nodeOfType(node, 'Street')?.communities.edges.map((edge) => edge.node) ?? [],
      };
    } catch (error) {
      showRequestError(error);
    } finally {
      communitiesLoading.value = { ...communitiesLoading.value, [streetId]: false };
    }
  }

  // ---------------------------------------------------------------- recompute (district admin)

  const recomputeError = ref<string | null>(null);
  const recomputing = ref(false);
  const polling = useJobPolling(async (id) => (await useGraphql().query(JobDocument, { id })).job as PolledJob | null, {
    onFinished: (job) => {
      recomputing.value = false;
      if (job.state === 'COMPLETED') {
        ElMessage.success(i18n.global.t('dashboard.recomputeDone'));
        void load();
      } else {
        recomputeError.value = job.failedReason ?? i18n.global.t('dashboard.recomputeFailed');
      }
    },
    onError: (error) => {
      recomputing.value = false;
      showRequestError(error);
    },
  });

  async function recompute(): Promise<void> {
    recomputeError.value = null;
    recomputing.value = true;
    try {
      const { requestKpiRecompute: payload } = await useGraphql().mutate(RequestKpiRecomputeDocument, {
        period: picker.period.value,
      });
      if (payload.userErrors.length > 0 || !payload.job) {
        recomputing.value = false;
        recomputeError.value =
          payload.userErrors.map((error) => error.message).join('; ') || i18n.global.t('dashboard.recomputeFailed');
        return;
      }
      polling.start(payload.job.id, payload.job);
    } catch (error) {
      recomputing.value = false;
      showRequestError(error);
    }
  }

  // ---------------------------------------------------------------- report (DOMAIN.md §9)
  const downloadingReport = ref(false);

  /** The period's report (月度统计, 季度分析 or 年度评估) of the user's unit, as XLSX. */
  async function downloadReport(): Promise<void> {
    const period = picker.period.value;
    downloadingReport.value = true;
    try {
      await downloadWithToken(`/reports/${period}.xlsx`, session.token, currentLocale(), `xiaoyuan-${period}.xlsx`);
    } catch (error) {
      showRequestError(error);
    } finally {
      downloadingReport.value = false;
    }
  }

  onMounted(load);

  return {
    permissions,
    picker,
    downloadReport,
    downloadingReport,
    data,
    loading,
    district,
    kpis,
    streets,
    plan,
    phases,
    currentPhase,
    range,
    trends,
    trendsLoading,
    communities,
    communitiesLoading,
    load,
    loadCommunities,
    recompute,
    recomputing,
    recomputeError,
    recomputeJob: polling.job,
  };
}
