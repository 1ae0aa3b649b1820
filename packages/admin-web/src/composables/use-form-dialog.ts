import type { FormInstance, FormRules } from 'element-plus';
import { reactive, ref, shallowRef, type Ref } from 'vue';
import type { UserErrorFieldsFragment as UserError } from '@/graphql/generated/graphql';
import { useFormSubmission } from './use-form-submission';

export interface FormDialogOptions<Values extends object, Payload extends { userErrors: UserError[] }, Target> {
  /** The form's values each time the dialog opens; `open(target, values)` may override some. */
  values: () => Values;
  /**
   * The form items on screen, for the server's userErrors (default: every value); an error on a
   * field that is hidden now (shown only for some choices) goes above the form instead.
   */
  fields?: (form: Values) => readonly string[];
  /** Client-side rules; given the form and the record in hand, for rules that depend on them. */
  rules?: (form: Values, target: () => NoInfer<Target> | undefined) => FormRules;
  /** The mutation; a payload with userErrors puts them on the fields and keeps the dialog open. */
  save: (form: Values, target: Target) => Promise<Payload>;
  /** A last check after the rules (e.g. at least one row); false keeps the dialog open. */
  check?: () => boolean;
  /** After a save without userErrors (reload the list…). */
  saved?: (payload: Payload, target: NoInfer<Target>) => unknown;
  /** Stay open after saving, for the next entry (votes). */
  keepOpen?: boolean;
  /** The visibility, when a parent owns it (a dialog component's v-model). */
  visible?: Ref<boolean>;
}

/**
 * A form in a dialog: fresh values on every opening (with the record in hand as `target`), the
 * round trip of `useFormSubmission`, and the dialog closed once saved. `<FormDialog :dialog>`
 * renders it; the returned object is reactive, so templates read `dialog.form.name`.
 * TypeScript takes the record's type from `save`'s second parameter: write `save` before a
 * `rules` that reads the record, or the record's type is fixed before `save` is seen.
 */
export function useFormDialog<Values extends object, Payload extends { userErrors: UserError[] }, Target>(
  options: FormDialogOptions<Values, Payload, Target>,
) {
  const visible = options.visible ?? ref(false);
  const target = shallowRef<Target>();
  const form = reactive(options.values()) as Values;
  const rules = options.rules?.(form, () => target.value) ?? {};
  const submission = useFormSubmission(() => options.fields?.(form) ?? Object.keys(options.values()));

  /**
   * New values (and the record in hand) without opening, for a dialog whose parent opens it.
   * Only the form's own fields are taken from `values`; a null or missing one keeps its default.
   */
  function reset(record?: Target, values: Partial<Record<keyof Values, unknown>> = {}): void {
    target.value = record;
    const defaults = options.values();
    for (const key of Object.keys(defaults) as (keyof Values)[]) {
      const value = values[key];
      form[key] = (value ?? defaults[key]) as Values[keyof Values];
    }
    submission.clearErrors();
  }

  function open(record?: Target, values: Partial<Values> = {}): void {
    reset(record, values);
    visible.value = true;
  }

  /** Returns the payload once saved; null when something needs fixing. */
  async function submit(formRef: FormInstance | undefined): Promise<Payload | null> {
    const record = target.value as Target;
    const payload = await submission.submit(formRef, () => options.save(form, record), options.check);
    if (!payload) return null;
    if (!options.keepOpen) visible.value = false;
    await options.saved?.(payload, record);
    return payload;
  }

  return reactive({
    visible,
    target,
    form,
    rules,
    fieldErrors: submission.fieldErrors,
    formErrors: submission.formErrors,
    submitting: submission.submitting,
    applyErrors: submission.applyErrors,
    reset,
    open,
    close: () => {
      visible.value = false;
    },
    submit,
  });
}

export type FormDialog = Pick<
  ReturnType<typeof useFormDialog>,
  'visible' | 'form' | 'rules' | 'formErrors' | 'submitting' | 'close'
>;
