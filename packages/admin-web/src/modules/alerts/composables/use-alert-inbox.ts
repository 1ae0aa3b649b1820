import { storeToRefs } from 'pinia';
import { computed, onMounted, reactive, ref } from 'vue';
import { useRoute } from 'vue-router';
import { KPI_KEYS, recentPeriods } from '@xiaoyuan/domain';
import { useDistrictToday } from '@/composables/use-district-today';
import { useFormDialog } from '@/composables/use-form-dialog';
import { usePagedList } from '@/composables/use-paged-list';
import { AcknowledgeAlertDocument, AlertsDocument, ResolveAlertDocument } from '@/graphql/alerts.documents';
import type { AlertFieldsFragment, AlertFilter, AlertLevel, AlertStatus, KpiKey } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { ALERT_LEVELS, ALERT_STATUSES } from '@/graphql/enum-values';
import { useHierarchyOptions } from '@/modules/hierarchy/composables/use-hierarchy-options';
import { canHandleAlert } from '@/stores/permissions';
import { useSessionStore } from '@/stores/session.store';
import { requiredRule } from '@/utils/form-rules';

export interface AlertFilters {
  status: AlertStatus | '';
  level: AlertLevel | '';
  kpi: KpiKey | '';
  streetId: string;
  communityId: string;
  courtyardId: string;
  period: string;
}

const pick = <T extends string>(value: unknown, allowed: readonly T[]): T | '' =>
  typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : '';

/** Filters from the address (`?level=RED&courtyardId=…`); unresolved OPEN alerts by default. */
export function filtersFromQuery(query: Record<string, unknown>): AlertFilters {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const hasStatus = typeof query.status === 'string';
  return {
    status: hasStatus ? pick(query.status, ALERT_STATUSES) : 'OPEN',
    level: pick(query.level, ALERT_LEVELS),
    kpi: pick(query.kpi, KPI_KEYS),
    streetId: text(query.streetId),
    communityId: text(query.communityId),
    courtyardId: text(query.courtyardId),
    period: text(query.period),
  };
}

/** The API's AlertFilter: empty choices left out. */
export function toAlertFilter(filters: AlertFilters): AlertFilter | null {
  const filter: AlertFilter = {};
  if (filters.status) filter.status = filters.status;
  if (filters.level) filter.level = filters.level;
  if (filters.kpi) filter.kpi = filters.kpi;
  if (filters.streetId) filter.streetId = filters.streetId;
  if (filters.communityId) filter.communityId = filters.communityId;
  if (filters.courtyardId) filter.courtyardId = filters.courtyardId;
  if (filters.period) filter.period = filters.period;
  return Object.keys(filter).length > 0 ? filter : null;
}

export type AlertAction = 'acknowledge' | 'resolve';

/** 预警督办: the alerts of the caller's subtree, filtered, a page at a time; acknowledge and resolve with a note. */
export function useAlertInbox() {
  const session = useSessionStore();
  const { user, permissions } = storeToRefs(session);
  const route = useRoute();
  const today = useDistrictToday();
  const filters = reactive<AlertFilters>(filtersFromQuery(route.query));
  const options = useHierarchyOptions();

  const periodOptions = computed(() => [
    ...recentPeriods('MONTH', today(), 18),
    ...recentPeriods('QUARTER', today(), 6),
    ...recentPeriods('YEAR', today(), 3),
  ]);

  const list = usePagedList<AlertFieldsFragment>(
    async (page) => (await useGraphql().query(AlertsDocument, { filter: toAlertFilter(filters), ...page })).alerts,
    20,
  );

  function applyFilters(): Promise<void> {
    return list.reload();
  }

  function onStreetChange(): void {
    filters.communityId = '';
    void options.refreshCommunities(filters.streetId || null);
    void applyFilters();
  }

  function resetFilters(): void {
    Object.assign(filters, filtersFromQuery({}));
    options.communities.value = [];
    void applyFilters();
  }

  // ---------------------------------------------------------------- the detail drawer

  const detailId = ref<string | null>(null);
  const detail = computed(() => list.rows.value.find((alert) => alert.id === detailId.value) ?? null);
  const drawerVisible = ref(false);

  function openDetail(alert: AlertFieldsFragment): void {
    detailId.value = alert.id;
    drawerVisible.value = true;
  }

  const canHandle = (alert: AlertFieldsFragment) => canHandleAlert(user.value, alert);
  const canAcknowledge = (alert: AlertFieldsFragment) => alert.status === 'OPEN' && canHandle(alert);
  const canResolve = (alert: AlertFieldsFragment) => alert.status !== 'RESOLVED' && canHandle(alert);

  // ---------------------------------------------------------------- acknowledge / resolve with a note

  function replaceRow(next: AlertFieldsFragment): void {
    list.rows.value = list.rows.value.map((alert) => (alert.id === next.id ? next : alert));
  }

  /** Sends the note; the server's userErrors (FORBIDDEN among them) stay on the dialog. */
  const actionDialog = useFormDialog({
    values: () => ({ note: '' }),
    save: async (form, { alert, action }: { alert: AlertFieldsFragment; action: AlertAction }) => {
      const input = { alertId: alert.id, note: form.note.trim() };
      return action === 'acknowledge'
        ? (await useGraphql().mutate(AcknowledgeAlertDocument, { input })).acknowledgeAlert
        : (await useGraphql().mutate(ResolveAlertDocument, { input })).resolveAlert;
    },
    // Errors on the alert itself (FORBIDDEN, NOT_FOUND) have no form item: they show above the note.
    rules: () => ({ note: [requiredRule('alerts.note')] }),
    saved: (payload) => payload.alert && replaceRow(payload.alert),
  });

  const openAction = (alert: AlertFieldsFragment, action: AlertAction) => actionDialog.open({ alert, action });

  onMounted(() => {
    void options.refreshStreets();
    if (filters.streetId) void options.refreshCommunities(filters.streetId);
    void list.load();
  });

  return {
    permissions,
    filters,
    options,
    periodOptions,
    list,
    applyFilters,
    onStreetChange,
    resetFilters,
    detail,
    drawerVisible,
    openDetail,
    canAcknowledge,
    canResolve,
    actionDialog,
    openAction,
  };
}
