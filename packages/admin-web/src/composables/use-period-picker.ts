import { computed, ref } from 'vue';
import { periodContaining, recentPeriods, type PeriodKind } from '@xiaoyuan/domain';

const CHOICES: Record<PeriodKind, number> = { MONTH: 24, QUARTER: 12, YEAR: 6 };

/** A reporting period chosen by kind (month / quarter / year), the current one by default. */
export function usePeriodPicker(today: () => string, initialKind: PeriodKind = 'MONTH') {
  const kind = ref<PeriodKind>(initialKind);
  const period = ref(periodContaining(initialKind, today()));
  const options = computed(() => recentPeriods(kind.value, today(), CHOICES[kind.value]));

  /** A new kind starts at its period containing today. */
  function setKind(next: PeriodKind): void {
    kind.value = next;
    period.value = periodContaining(next, today());
  }

  return { kind, period, options, setKind };
}
