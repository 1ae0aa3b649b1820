import type { ScopeUnitFieldsFragment } from '@/graphql/generated/graphql';

/**
 * The unit a scoped user, an API client or a webhook is limited to, in words: "街道 · 东城街道";
 * null is the whole district.
 */
export function scopeLabel(scope: ScopeUnitFieldsFragment | null | undefined, t: (key: string) => string): string {
  if (!scope) return t('scopeUnits.district');
  return `${t(`scopeUnits.${scope.__typename}`)} · ${scope.name}`;
}
