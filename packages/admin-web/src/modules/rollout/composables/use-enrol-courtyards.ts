import type { FormInstance, FormRules } from 'element-plus';
import { reactive, ref } from 'vue';
import { useDistrictToday } from '@/composables/use-district-today';
import { useFormSubmission } from '@/composables/use-form-submission';
import type { UserErrorFieldsFragment } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { EnrollCourtyardsDocument, RolloutBoardDocument } from '@/graphql/rollout.documents';
import { integerRangeRule, requiredRule } from '@/utils/form-rules';
import { nextBatchNumber } from './rollout-display';

export interface EnrolCandidate {
  id: string;
  name: string;
  code: string;
}

/**
 * Splits enrolment userErrors by courtyard: an error whose field is
 * `["input", "courtyardIds", "<index>"]` belongs to the courtyard at that index.
 */
export function errorsByCourtyard(errors: readonly UserErrorFieldsFragment[], courtyardIds: readonly string[]) {
  const byCourtyard: Record<string, string[]> = {};
  const rest: UserErrorFieldsFragment[] = [];
  for (const error of errors) {
    const path = error.field ?? [];
    const at = path.indexOf('courtyardIds');
    const index = at >= 0 ? Number(path[at + 1]) : Number.NaN;
    const courtyardId = Number.isInteger(index) ? courtyardIds[index] : undefined;
    if (courtyardId) (byCourtyard[courtyardId] ??= []).push(error.message);
    else rest.push(error);
  }
  return { byCourtyard, rest };
}

/** The "enrol in batch" dialog of the courtyard list. */
export function useEnrolCourtyards(candidates: () => readonly EnrolCandidate[]) {
  const today = useDistrictToday();
  const form = reactive({ batch: 1 as number | null, enrolledOn: today() });
  const rules: FormRules = {
    batch: [requiredRule('enrol.batch'), integerRangeRule(1)],
    enrolledOn: [requiredRule('enrol.enrolledOn', 'select')],
  };
  const submission = useFormSubmission(() => ['batch', 'enrolledOn']);
  const courtyardErrors = ref<Record<string, string[]>>({});

  /** Resets the form and proposes the batch after the plan's last one. */
  async function reset(): Promise<void> {
    form.enrolledOn = today();
    courtyardErrors.value = {};
    submission.clearErrors();
    try {
      const { rolloutPlan } = await useGraphql().query(RolloutBoardDocument, { asOf: null });
      form.batch = nextBatchNumber(rolloutPlan?.batches ?? []);
    } catch {
      form.batch = 1;
    }
  }

  /** Returns how many courtyards were enrolled, or null when something needs fixing. */
  async function submit(formRef: FormInstance | undefined): Promise<number | null> {
    courtyardErrors.value = {};
    const courtyardIds = candidates().map((candidate) => candidate.id);
    let courtyardErrorCount = 0;
    const payload = await submission.submit(formRef, async () => {
      const result = (
        await useGraphql().mutate(EnrollCourtyardsDocument, {
          input: { batch: Number(form.batch), courtyardIds, enrolledOn: form.enrolledOn },
        })
      ).enrollCourtyards;
      // Errors naming a courtyard (ALREADY_ENROLLED…) go on its row; the rest on the form.
      const split = errorsByCourtyard(result.userErrors, courtyardIds);
      courtyardErrors.value = split.byCourtyard;
      courtyardErrorCount = result.userErrors.length - split.rest.length;
      return { ...result, userErrors: split.rest };
    });
    if (!payload || courtyardErrorCount > 0) return null;
    return payload.enrollments.length;
  }

  return { form, rules, submission, courtyardErrors, reset, submit };
}
