import type { FormInstance, FormRules } from 'element-plus';
import { storeToRefs } from 'pinia';
import { computed, onMounted, reactive, ref } from 'vue';
import { DEFAULT_PILOT_SIZE, isManualMilestone } from '@xiaoyuan/domain';
import { useDistrictToday } from '@/composables/use-district-today';
import { useFormDialog } from '@/composables/use-form-dialog';
import { useFormSubmission } from '@/composables/use-form-submission';
import type { RolloutBoardQuery } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { ConfirmMilestoneDocument, CreateRolloutPlanDocument, RolloutBoardDocument } from '@/graphql/rollout.documents';
import { useSessionStore } from '@/stores/session.store';
import { integerRangeRule, notFutureDateRule, requiredRule, urlRule } from '@/utils/form-rules';
import { showRequestError } from '@/utils/request-error-message';
import { phasePercent } from './rollout-display';

type RolloutPlan = NonNullable<RolloutBoardQuery['rolloutPlan']>;
export type Milestone = RolloutPlan['milestones'][number];

/** The rollout board: the plan's phases, milestones and batches as of a date. */
export function useRolloutBoard() {
  const { permissions } = storeToRefs(useSessionStore());
  const today = useDistrictToday();
  const plan = ref<RolloutPlan | null>(null);
  const loaded = ref(false);
  const loading = ref(false);
  const asOf = ref(today());

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const data = await useGraphql().query(RolloutBoardDocument, { asOf: asOf.value || null });
      plan.value = data.rolloutPlan;
      loaded.value = true;
    } catch (error) {
      showRequestError(error);
    } finally {
      loading.value = false;
    }
  }

  const phases = computed(() =>
    (plan.value?.phases ?? []).map((phase) => ({
      ...phase,
      percent: phasePercent(phase.enrolledCourtyards, phase.targetCourtyards),
      current: plan.value?.currentPhase?.key === phase.key,
    })),
  );

  const isManual = (milestone: Milestone) => milestone.manual || isManualMilestone(milestone.key);
  const canConfirm = (milestone: Milestone) =>
    permissions.value.manageRollout && isManual(milestone) && milestone.status !== 'MET';

  // ---------------------------------------------------------------- create the plan

  const planForm = reactive({ name: '', startsOn: today(), pilotSize: DEFAULT_PILOT_SIZE as number | null });
  const planRules: FormRules = {
    name: [requiredRule('rollout.planName')],
    startsOn: [requiredRule('rollout.startsOn', 'select')],
    pilotSize: [integerRangeRule(1)],
  };
  const planSubmission = useFormSubmission(() => ['name', 'startsOn', 'pilotSize']);

  async function createPlan(formRef: FormInstance | undefined): Promise<boolean> {
    const payload = await planSubmission.submit(
      formRef,
      async () =>
        (
          await useGraphql().mutate(CreateRolloutPlanDocument, {
            input: { name: planForm.name.trim(), startsOn: planForm.startsOn, pilotSize: planForm.pilotSize ?? null },
          })
        ).createRolloutPlan,
    );
    if (!payload) return false;
    await load();
    return true;
  }

  // ---------------------------------------------------------------- confirm a manual milestone

  const confirmDialog = useFormDialog({
    values: () => ({ metOn: today(), note: '', evidenceUrl: '' }),
    save: async (form, milestone: Milestone) =>
      (
        await useGraphql().mutate(ConfirmMilestoneDocument, {
          input: {
            key: milestone.key,
            metOn: form.metOn,
            note: form.note.trim(),
            evidenceUrl: form.evidenceUrl.trim() || null,
          },
        })
      ).confirmMilestone,
    rules: () => ({
      metOn: [requiredRule('rollout.metOn', 'select'), notFutureDateRule(today)],
      note: [requiredRule('rollout.note')],
      evidenceUrl: [urlRule()],
    }),
    saved: load,
  });

  onMounted(load);

  return {
    permissions,
    plan,
    loaded,
    loading,
    asOf,
    phases,
    load,
    isManual,
    canConfirm,
    planForm,
    planRules,
    planSubmission,
    createPlan,
    confirmDialog,
  };
}
