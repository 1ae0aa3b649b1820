import type { FormInstance, FormRules } from 'element-plus';
import { reactive } from 'vue';
import { useDistrictToday } from '@/composables/use-district-today';
import { useFormSubmission } from '@/composables/use-form-submission';
import type { ActivityFieldsFragment, ActivityKind } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { RecordActivityDocument } from '@/graphql/records.documents';
import { i18n } from '@/i18n/i18n';
import { notFutureDateRule, requiredRule } from '@/utils/form-rules';
import {
  compactAttendanceRows,
  splitHouseholdCodes,
  toAttendanceInput,
  validateAttendanceRows,
  type AttendanceRow,
} from './attendance-rows';

const ROW_FIELDS = ['householdCode', 'participants', 'youthParticipants'] as const;

/** Records an activity with its attendance rows (one row per household, by code). */
export function useActivityForm(courtyardId: () => string) {
  const today = useDistrictToday();
  let nextKey = 0;
  const newRow = (householdCode = ''): AttendanceRow => ({
    key: (nextKey += 1),
    householdCode,
    participants: null,
    youthParticipants: null,
  });
  const form = reactive({
    kind: 'DELIBERATION_MEETING' as ActivityKind,
    title: '',
    heldOn: today(),
    attendance: [newRow()] as AttendanceRow[],
    pasted: '',
  });
  const rules: FormRules = {
    kind: [requiredRule('activity.kind', 'select')],
    title: [requiredRule('activity.title')],
    heldOn: [requiredRule('activity.heldOn', 'select'), notFutureDateRule(today)],
  };
  const submission = useFormSubmission(() => [
    'kind',
    'title',
    'heldOn',
    'attendance',
    ...form.attendance.flatMap((_row, index) => ROW_FIELDS.map((field) => `attendance.${index}.${field}`)),
  ]);

  function reset(): void {
    Object.assign(form, { kind: 'DELIBERATION_MEETING', title: '', heldOn: today(), pasted: '' });
    form.attendance.splice(0, form.attendance.length, newRow());
    submission.clearErrors();
  }

  function addRow(): void {
    form.attendance.push(newRow());
  }

  function removeRow(index: number): void {
    form.attendance.splice(index, 1);
    if (form.attendance.length === 0) form.attendance.push(newRow());
    submission.clearErrors();
  }

  /** Adds a row for each pasted code not already in the form. */
  function addPastedCodes(): void {
    const present = new Set(form.attendance.map((row) => row.householdCode.trim()));
    const rows = compactAttendanceRows(form.attendance);
    for (const code of splitHouseholdCodes(form.pasted)) if (!present.has(code)) rows.push(newRow(code));
    form.attendance.splice(0, form.attendance.length, ...(rows.length > 0 ? rows : [newRow()]));
    form.pasted = '';
  }

  /** The row checks: errors go on the rows' fields, in the interface language. */
  function checkRows(): boolean {
    form.attendance.splice(0, form.attendance.length, ...compactAttendanceRows(form.attendance));
    if (form.attendance.length === 0) form.attendance.push(newRow());
    const problems = validateAttendanceRows(form.attendance);
    const entries = Object.entries(problems);
    if (entries.length === 0) return true;
    submission.applyErrors(
      entries.map(([prop, problem]) => ({
        field: ['input', ...prop.split('.')],
        message: i18n.global.t(`activity.rowProblems.${problem}`),
        code: 'INVALID',
      })),
    );
    return false;
  }

  async function submit(formRef: FormInstance | undefined): Promise<ActivityFieldsFragment | null> {
    const payload = await submission.submit(
      formRef,
      async () =>
        (
          await useGraphql().mutate(RecordActivityDocument, {
            input: {
              courtyardId: courtyardId(),
              kind: form.kind,
              title: form.title.trim(),
              heldOn: form.heldOn,
              attendance: toAttendanceInput(compactAttendanceRows(form.attendance)),
            },
          })
        ).recordActivity,
      checkRows,
    );
    return payload?.activity ?? null;
  }

  return { form, rules, submission, reset, addRow, removeRow, addPastedCodes, submit };
}
