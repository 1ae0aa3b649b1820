/** A ratio in [0, 1] as a percentage with one decimal. */
export function formatRatio(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${(value * 100).toFixed(1)}%`;
}

/** The default close of a voting window: a week from now, on the hour, as a local datetime string. */
export function defaultClosesAt(now: Date = new Date()): string {
  const closes = new Date(now.getTime() + 7 * 24 * 3600_000);
  closes.setMinutes(0, 0, 0);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${closes.getFullYear()}-${pad(closes.getMonth() + 1)}-${pad(closes.getDate())}T${pad(closes.getHours())}:00:00`;
}
