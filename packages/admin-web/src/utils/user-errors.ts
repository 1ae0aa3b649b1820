import type { UserErrorFieldsFragment as UserError } from '@/graphql/generated/graphql';

export interface MappedUserErrors {
  /** Message per form item prop, e.g. `code` or `households.2.code`. */
  fieldErrors: Record<string, string>;
  /** Messages that belong to no form item: shown above the form. */
  formErrors: string[];
}

function candidateProps(field: string[] | null): string[] {
  if (!field || field.length === 0) return [];
  const path = field[0] === 'input' ? field.slice(1) : [...field];
  if (path.length === 0) return [];
  const candidates = [path.join('.'), path[path.length - 1]!];
  for (let length = path.length - 1; length > 0; length -= 1) candidates.push(path.slice(0, length).join('.'));
  return candidates;
}

/**
 * Puts each server userError on the form item it names. The `field` path's last element is the
 * item (`["input", "code"]` → `code`); a full nested path (`["input", "households", "2", "code"]`
 * → `households.2.code`) wins when the form has such an item.
 */
export function mapUserErrors(errors: readonly UserError[], props: readonly string[]): MappedUserErrors {
  const known = new Set(props);
  const fieldErrors: Record<string, string> = {};
  const formErrors: string[] = [];
  for (const error of errors) {
    const prop = candidateProps(error.field).find((candidate) => known.has(candidate));
    if (prop === undefined) formErrors.push(error.message);
    else fieldErrors[prop] = fieldErrors[prop] ? `${fieldErrors[prop]}; ${error.message}` : error.message;
  }
  return { fieldErrors, formErrors };
}
