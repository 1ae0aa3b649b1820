import { parsePeriod } from '@xiaoyuan/domain';

/** A label for a period (`2026-10`, `2026-Q4`, `2026`) in the interface language's style. */
export function periodLabel(period: string, locale: string): string {
  const parsed = parsePeriod(period);
  if (!parsed) return period;
  const zh = locale.startsWith('zh');
  if (parsed.kind === 'MONTH') return zh ? `${parsed.year}年${parsed.index}月` : `${period}`;
  if (parsed.kind === 'QUARTER')
    return zh ? `${parsed.year}年第${parsed.index}季度` : `Q${parsed.index} ${parsed.year}`;
  return zh ? `${parsed.year}年` : String(parsed.year);
}
