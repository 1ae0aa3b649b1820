import { storeToRefs } from 'pinia';
import { ref } from 'vue';
import { useDistrictToday } from '@/composables/use-district-today';
import { useFormDialog } from '@/composables/use-form-dialog';
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
  const entry = useFormDialog({
    values: () => ({
      direction: 'INCOME' as LedgerDirection,
      incomeSource: 'GOVERNMENT_SUBSIDY' as IncomeSource | '',
      expenseCategory: 'SAFETY' as ExpenseCategory | '',
      amount: '',
      occurredOn: today(),
      memo: '',
    }),
    rules: (form) => ({
      direction: [requiredRule('ledger.direction', 'select')],
      incomeSource: [requiredWhenRule(() => form.direction === 'INCOME', 'ledger.incomeSource', 'select')],
      expenseCategory: [requiredWhenRule(() => form.direction === 'EXPENSE', 'ledger.expenseCategory', 'select')],
      amount: [requiredRule('ledger.amount'), moneyRule()],
      occurredOn: [requiredRule('ledger.occurredOn', 'select'), notFutureDateRule(today)],
    }),
    save: async (form) => {
      const amount = parseMoneyInput(form.amount);
      const income = form.direction === 'INCOME';
      return (
        await useGraphql().mutate(RecordLedgerEntryDocument, {
          input: {
            courtyardId: courtyardId(),
            direction: form.direction,
            incomeSource: income ? (form.incomeSource as IncomeSource) : null,
            expenseCategory: income ? null : (form.expenseCategory as ExpenseCategory),
            amount: amount.ok ? amount.value : form.amount,
            occurredOn: form.occurredOn,
            memo: form.memo.trim() || null,
          },
        })
      ).recordLedgerEntry;
    },
    saved: entries.reload,
  });

  // ---------------------------------------------------------------- a reversal
  const reversal = useFormDialog({
    values: () => ({ reason: '' }),
    save: async (form, reversed: LedgerEntryFieldsFragment) =>
      (
        await useGraphql().mutate(ReverseLedgerEntryDocument, {
          input: { entryId: reversed.id, reason: form.reason.trim() },
        })
      ).reverseLedgerEntry,
    rules: () => ({ reason: [requiredRule('ledger.reason')] }),
    saved: entries.load,
  });

  /** Entries that can still be reversed: not reversals themselves, not already reversed. */
  const canReverse = (row: LedgerEntryFieldsFragment) => !row.reverses && !row.reversedBy;

  return { permissions, picker, totals, entries, entry, reversal, canReverse };
}
