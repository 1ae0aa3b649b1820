import type { FormInstance, FormRules } from 'element-plus';
import { storeToRefs } from 'pinia';
import { reactive, ref } from 'vue';
import { useDistrictToday } from '@/composables/use-district-today';
import { useFormSubmission } from '@/composables/use-form-submission';
import { usePagedList } from '@/composables/use-paged-list';
import { usePeriodPicker } from '@/composables/use-period-picker';
import { nodeOfType, type NodeOfType } from '@/graphql/connection';
import type {
  CourtyardLedgerPageQuery,
  ExpenseCategory,
  IncomeSource,
  LedgerDirection,
  LedgerEntryFieldsFragment,
} from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import {
  CourtyardLedgerDocument,
  RecordLedgerEntryDocument,
  ReverseLedgerEntryDocument,
} from '@/graphql/records.documents';
import { useSessionStore } from '@/stores/session.store';
import { moneyRule, notFutureDateRule, requiredRule, requiredWhenRule } from '@/utils/form-rules';
import { parseMoneyInput } from '@/utils/money';

export type LedgerTotals = Omit<NodeOfType<CourtyardLedgerPageQuery['node'], 'Courtyard'>['ledger'], 'entries'>;

/** 阳光账本: a period's totals by source and category, its entries, new entries and reversals. */
export function useLedgerTab(courtyardId: () => string) {
  const { permissions } = storeToRefs(useSessionStore());
  const today = useDistrictToday();
  const picker = usePeriodPicker(today);
  const totals = ref<LedgerTotals | null>(null);
  const entries = usePagedList<LedgerEntryFieldsFragment>(async (page) => {
    const { node } = await useGraphql().query(CourtyardLedgerDocument, {
      id: courtyardId(),
      period: picker.period.value,
      ...page,
    });
    const ledger = nodeOfType(node, 'Courtyard')?.ledger;
    if (!ledger) return null;
    const { entries: connection, ...rest } = ledger;
    totals.value = rest;
    return connection;
  }, 20);

  // ---------------------------------------------------------------- a new entry
  const entryVisible = ref(false);
  const entryForm = reactive({
    direction: 'INCOME' as LedgerDirection,
    incomeSource: 'GOVERNMENT_SUBSIDY' as IncomeSource | '',
    expenseCategory: 'SAFETY' as ExpenseCategory | '',
    amount: '',
    occurredOn: today(),
    memo: '',
  });
  const entryRules: FormRules = {
    direction: [requiredRule('ledger.direction', 'select')],
    incomeSource: [requiredWhenRule(() => entryForm.direction === 'INCOME', 'ledger.incomeSource', 'select')],
    expenseCategory: [requiredWhenRule(() => entryForm.direction === 'EXPENSE', 'ledger.expenseCategory', 'select')],
    amount: [requiredRule('ledger.amount'), moneyRule()],
    occurredOn: [requiredRule('ledger.occurredOn', 'select'), notFutureDateRule(today)],
  };
  const entrySubmission = useFormSubmission(() => [
    'direction',
    'incomeSource',
    'expenseCategory',
    'amount',
    'occurredOn',
    'memo',
  ]);

  function openEntry(direction: LedgerDirection = 'INCOME'): void {
    Object.assign(entryForm, {
      direction,
      incomeSource: 'GOVERNMENT_SUBSIDY',
      expenseCategory: 'SAFETY',
      amount: '',
      occurredOn: today(),
      memo: '',
    });
    entrySubmission.clearErrors();
    entryVisible.value = true;
  }

  async function recordEntry(formRef: FormInstance | undefined): Promise<boolean> {
    const payload = await entrySubmission.submit(formRef, async () => {
      const amount = parseMoneyInput(entryForm.amount);
      const income = entryForm.direction === 'INCOME';
      return (
        await useGraphql().mutate(RecordLedgerEntryDocument, {
          input: {
            courtyardId: courtyardId(),
            direction: entryForm.direction,
            incomeSource: income ? (entryForm.incomeSource as IncomeSource) : null,
            expenseCategory: income ? null : (entryForm.expenseCategory as ExpenseCategory),
            amount: amount.ok ? amount.value : entryForm.amount,
            occurredOn: entryForm.occurredOn,
            memo: entryForm.memo.trim() || null,
          },
        })
      ).recordLedgerEntry;
    });
    if (!payload) return false;
    entryVisible.value = false;
    await entries.reload();
    return true;
  }

  // ---------------------------------------------------------------- a reversal
  const reverseVisible = ref(false);
  const reversing = ref<LedgerEntryFieldsFragment | null>(null);
  const reverseForm = reactive({ reason: '' });
  const reverseRules: FormRules = { reason: [requiredRule('ledger.reason')] };
  const reverseSubmission = useFormSubmission(() => ['reason', 'entryId']);

  /** Entries that can still be reversed: not reversals themselves, not already reversed. */
  const canReverse = (entry: LedgerEntryFieldsFragment) => !entry.reverses && !entry.reversedBy;

  function openReverse(entry: LedgerEntryFieldsFragment): void {
    reversing.value = entry;
    reverseForm.reason = '';
    reverseSubmission.clearErrors();
    reverseVisible.value = true;
  }

  async function reverse(formRef: FormInstance | undefined): Promise<boolean> {
    const entry = reversing.value;
    if (!entry) return false;
    const payload = await reverseSubmission.submit(
      formRef,
      async () =>
        (
          await useGraphql().mutate(ReverseLedgerEntryDocument, {
            input: { entryId: entry.id, reason: reverseForm.reason.trim() },
          })
        ).reverseLedgerEntry,
    );
    if (!payload) return false;
    reverseVisible.value = false;
    await entries.load();
    return true;
  }

  return {
    permissions,
    picker,
    totals,
    entries,
    entryVisible,
    entryForm,
    entryRules,
    entrySubmission,
    openEntry,
    recordEntry,
    reverseVisible,
    reversing,
    reverseForm,
    reverseRules,
    reverseSubmission,
    canReverse,
    openReverse,
    reverse,
  };
}
