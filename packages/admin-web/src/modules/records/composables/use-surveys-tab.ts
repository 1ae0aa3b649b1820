import type { FormInstance, FormItemRule, FormRules } from 'element-plus';
import { storeToRefs } from 'pinia';
import { reactive, ref } from 'vue';
import { useDistrictToday } from '@/composables/use-district-today';
import { useFormSubmission } from '@/composables/use-form-submission';
import { usePeriodPicker } from '@/composables/use-period-picker';
import { nodeOfType, type NodeOfType } from '@/graphql/connection';
import type { CourtyardSurveySummaryQuery } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { CourtyardSurveySummaryDocument, RecordSurveyResponsesDocument } from '@/graphql/records.documents';
import { useSessionStore } from '@/stores/session.store';
import { codeRule, integerRangeRule, notFutureDateRule, requiredRule } from '@/utils/form-rules';
import { showRequestError } from '@/utils/request-error-message';

type SurveySummary = NodeOfType<CourtyardSurveySummaryQuery['node'], 'Courtyard'>['surveySummary'];

export interface SurveyRow {
  key: number;
  householdCode: string;
  score: number | null;
}

export const surveyRowRules: Record<'householdCode' | 'score', FormItemRule[]> = {
  householdCode: [requiredRule('survey.householdCode'), codeRule()],
  score: [requiredRule('survey.score'), integerRangeRule(0, 100)],
};

/** 满意度: a period's survey summary and a form for a round of responses. */
export function useSurveysTab(courtyardId: () => string) {
  const { permissions } = storeToRefs(useSessionStore());
  const today = useDistrictToday();
  const picker = usePeriodPicker(today, 'QUARTER');
  const summary = ref<SurveySummary | null>(null);
  const loading = ref(false);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const { node } = await useGraphql().query(CourtyardSurveySummaryDocument, {
        id: courtyardId(),
        period: picker.period.value,
      });
      summary.value = nodeOfType(node, 'Courtyard')?.surveySummary ?? null;
    } catch (error) {
      showRequestError(error);
    } finally {
      loading.value = false;
    }
  }

  let nextKey = 0;
  const newRow = (): SurveyRow => ({ key: (nextKey += 1), householdCode: '', score: null });
  const form = reactive({ takenOn: today(), responses: [newRow()] as SurveyRow[] });
  const rules: FormRules = { takenOn: [requiredRule('survey.takenOn', 'select'), notFutureDateRule(today)] };
  const submission = useFormSubmission(() => [
    'takenOn',
    'responses',
    ...form.responses.flatMap((_row, index) => [`responses.${index}.householdCode`, `responses.${index}.score`]),
  ]);

  function addRow(): void {
    form.responses.push(newRow());
  }

  function removeRow(index: number): void {
    form.responses.splice(index, 1);
    if (form.responses.length === 0) form.responses.push(newRow());
    submission.clearErrors();
  }

  /** Returns how many responses were stored, or null when something needs fixing. */
  async function submit(formRef: FormInstance | undefined): Promise<number | null> {
    const payload = await submission.submit(
      formRef,
      async () =>
        (
          await useGraphql().mutate(RecordSurveyResponsesDocument, {
            input: {
              courtyardId: courtyardId(),
              takenOn: form.takenOn,
              responses: form.responses.map((row) => ({
                householdCode: row.householdCode.trim(),
                score: Number(row.score),
              })),
            },
          })
        ).recordSurveyResponses,
    );
    if (!payload) return null;
    form.responses.splice(0, form.responses.length, newRow());
    await load();
    return payload.recordedCount;
  }

  return {
    permissions,
    picker,
    summary,
    loading,
    load,
    form,
    rules,
    rowRules: surveyRowRules,
    submission,
    addRow,
    removeRow,
    submit,
  };
}
