import { ElMessage } from 'element-plus';
import { storeToRefs } from 'pinia';
import { computed, onMounted, reactive, ref } from 'vue';
import { KPI_KEYS, PHASE_KEYS } from '@xiaoyuan/domain';
import type { KpiKey, KpiTargetFieldsFragment, PhaseKey, SetKpiTargetMutation } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { KpiTargetsDocument, ResetKpiTargetDocument, SetKpiTargetDocument } from '@/graphql/kpi.documents';
import { i18n } from '@/i18n/i18n';
import { useSessionStore } from '@/stores/session.store';
import { showRequestError } from '@/utils/request-error-message';
import { inputToTarget, targetProblem, targetToInput } from './kpi-format';

type KpiTargetPayload = SetKpiTargetMutation['setKpiTarget'];

export interface KpiTargetRow {
  kpi: KpiKey;
  cells: Partial<Record<PhaseKey, KpiTargetFieldsFragment>>;
}

/** The targets as a table: one row per KPI, one cell per phase. */
export function targetRows(targets: readonly KpiTargetFieldsFragment[]): KpiTargetRow[] {
  return KPI_KEYS.map((kpi) => ({
    kpi,
    cells: Object.fromEntries(targets.filter((target) => target.kpi === kpi).map((target) => [target.phase, target])),
  }));
}

const cellKey = (phase: PhaseKey, kpi: KpiKey) => `${phase}.${kpi}`;

/** The KPI targets by phase: the plan's defaults and the district's overrides (district admin edits). */
export function useKpiTargets() {
  const { permissions } = storeToRefs(useSessionStore());
  const targets = ref<KpiTargetFieldsFragment[]>([]);
  const loading = ref(false);
  const rows = computed(() => targetRows(targets.value));

  /** The cell being edited: its input (percent for fractions) and its error. */
  const editing = ref<{ phase: PhaseKey; kpi: KpiKey } | null>(null);
  const draft = ref<number | null>(null);
  const errors = reactive<Record<string, string>>({});
  const saving = ref<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      targets.value = (await useGraphql().query(KpiTargetsDocument, {})).kpiTargets;
    } catch (error) {
      showRequestError(error);
    } finally {
      loading.value = false;
    }
  }

  function replace(next: KpiTargetFieldsFragment): void {
    targets.value = targets.value.map((target) =>
      target.phase === next.phase && target.kpi === next.kpi ? next : target,
    );
  }

  function startEdit(cell: KpiTargetFieldsFragment): void {
    editing.value = { phase: cell.phase, kpi: cell.kpi };
    draft.value = targetToInput(cell.kpi, cell.target);
    delete errors[cellKey(cell.phase, cell.kpi)];
  }

  function cancelEdit(): void {
    if (editing.value) delete errors[cellKey(editing.value.phase, editing.value.kpi)];
    editing.value = null;
  }

  const isEditing = (phase: PhaseKey, kpi: KpiKey) => editing.value?.phase === phase && editing.value?.kpi === kpi;
  const errorOf = (phase: PhaseKey, kpi: KpiKey) => errors[cellKey(phase, kpi)] ?? '';

  async function apply(phase: PhaseKey, kpi: KpiKey, run: () => Promise<KpiTargetPayload>): Promise<boolean> {
    const key = cellKey(phase, kpi);
    saving.value = key;
    try {
      const payload = await run();
      if (payload.userErrors.length > 0 || !payload.target) {
        errors[key] = payload.userErrors.map((error) => error.message).join('; ');
        return false;
      }
      replace(payload.target);
      delete errors[key];
      return true;
    } catch (error) {
      showRequestError(error);
      return false;
    } finally {
      saving.value = null;
    }
  }

  /** Validates the draft (fractions 0–1, scores 0–100, days and hours > 0) and stores it. */
  async function save(): Promise<boolean> {
    const cell = editing.value;
    if (!cell) return false;
    const key = cellKey(cell.phase, cell.kpi);
    const value = draft.value === null ? null : inputToTarget(cell.kpi, draft.value);
    const problem = targetProblem(cell.kpi, value);
    if (problem) {
      errors[key] = i18n.global.t(`kpiTargets.problems.${problem}`);
      return false;
    }
    const ok = await apply(
      cell.phase,
      cell.kpi,
      async () =>
        (
          await useGraphql().mutate(SetKpiTargetDocument, {
            input: { phase: cell.phase, kpi: cell.kpi, target: value as number },
          })
        ).setKpiTarget,
    );
    if (ok) {
      editing.value = null;
      ElMessage.success(i18n.global.t('common.saved'));
    }
    return ok;
  }

  async function reset(cell: KpiTargetFieldsFragment): Promise<boolean> {
    const ok = await apply(
      cell.phase,
      cell.kpi,
      async () =>
        (await useGraphql().mutate(ResetKpiTargetDocument, { input: { phase: cell.phase, kpi: cell.kpi } }))
          .resetKpiTarget,
    );
    if (ok && isEditing(cell.phase, cell.kpi)) editing.value = null;
    return ok;
  }

  onMounted(load);

  return {
    permissions,
    phases: PHASE_KEYS,
    targets,
    rows,
    loading,
    editing,
    draft,
    saving,
    load,
    startEdit,
    cancelEdit,
    isEditing,
    errorOf,
    save,
    reset,
    cellKey,
  };
}
