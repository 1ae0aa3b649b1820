import { randomUUID } from 'node:crypto';
import { Community, Courtyard, CourtyardType, District, fromGlobalId, Household, Street } from '@xiaoyuan/schema';
import type { UnitRef } from '../../engine/authorization.service';
import type { RequestContext } from '../../engine/context';
import { badUserInput, UserErrorCode, type UserError, type UserErrors } from '../../engine/errors';
import { inSavepoint, persistNew } from '../../engine/mutation';
import { listConnection, type Connection, type Page } from '../../engine/pagination';
import { checkCode, checkName, checkOptionalText, escapeLike } from '../../engine/validation';
import { listOf } from './hierarchy.loaders';
import type {
  CourtyardFilter,
  CreateCommunityInput,
  CreateCourtyardInput,
  NewUnitInput,
  RegisterHouseholdsInput,
  UnitChangesInput,
  UpdateCourtyardInput,
} from './hierarchy.inputs';

/** At most this many households in one registerHouseholds. */
export const MAX_HOUSEHOLDS_PER_CALL = 1000;
const MAX_AREA_SQM = 99_999_999.99;

export function unitOf(entity: Street | Community | Courtyard): UnitRef {
  if (entity instanceof Street) return { kind: 'Street', id: entity.id };
  if (entity instanceof Community) return { kind: 'Community', id: entity.id, streetId: entity.street.id };
  return { kind: 'Courtyard', id: entity.id, communityId: entity.community.id, streetId: entity.street.id };
}

type HierarchyEntity = typeof Street | typeof Community | typeof Courtyard;
type Payload<K extends string, T> = { [key in K]: T | null } & { userErrors: UserError[] };

function failed<K extends string>(key: K, errors: UserError[]): Payload<K, never> {
  return { [key]: null, userErrors: errors } as Payload<K, never>;
}

/** The district's hierarchy: streets, communities, courtyards, households. */
export class HierarchyService {
  /** A unit by global id as row-level security lets the caller see it (its district), or null. */
  async find<T extends Street | Community | Courtyard | Household>(
    context: RequestContext,
    globalId: string | null | undefined,
    entity: new () => T,
  ): Promise<T | null> {
    const decoded = globalId ? fromGlobalId(globalId) : null;
    if (!decoded || decoded.type !== entity.name) return null;
    return context.em.findOne(entity as never, { id: decoded.id } as never) as Promise<T | null>;
  }

  /** Finds a unit for writing: NOT_FOUND when the district has none, FORBIDDEN outside the caller's scope. */
  private async findWritable<T extends Street | Community | Courtyard>(
    context: RequestContext,
    errors: UserErrors,
    field: string[],
    globalId: string,
    entity: new () => T,
  ): Promise<T | null> {
    const found = await this.find(context, globalId, entity);
    if (!found) {
      errors.add(UserErrorCode.NOT_FOUND, field, 'NOT_FOUND');
      return null;
    }
    if (!context.auth.canWrite(unitOf(found))) {
      errors.add(UserErrorCode.FORBIDDEN, field, 'FORBIDDEN');
      return null;
    }
    return found;
  }

  private async codeTaken(
    context: RequestContext,
    table: 'streets' | 'communities' | 'courtyards',
    code: string,
    exceptId?: string,
  ): Promise<boolean> {
    const rows = await context.em.execute(`select 1 from ${table} where code = ? and id <> ?::uuid limit 1`, [
      code,
      exceptId ?? '00000000-0000-0000-0000-000000000000',
    ]);
    return rows.length > 0;
  }

  // ---------------------------------------------------------------- queries

  async district(context: RequestContext): Promise<District | null> {
    const caller = context.requireTenantCaller('HIERARCHY');
    return context.em.findOne(District, { id: caller.tenantId });
  }

  async streets(context: RequestContext, page: Page): Promise<Connection<Street>> {
    context.requireTenantCaller('HIERARCHY');
    return listConnection(context.em, listOf(context, 'streets'), page) as Promise<Connection<Street>>;
  }

  async courtyards(
    context: RequestContext,
    filter: CourtyardFilter | null | undefined,
    page: Page,
  ): Promise<Connection<Courtyard>> {
    context.requireTenantCaller('HIERARCHY');
    const query = listOf(context, 'courtyards');
    const where = [...query.where];
    const params = [...query.params];
    const idOf = (value: string | null | undefined, type: string, name: string): string | null => {
      if (value === null || value === undefined) return null;
      const decoded = fromGlobalId(value);
      if (!decoded || decoded.type !== type) throw badUserInput(`filter.${name} is not the id of a ${type}`);
      return decoded.id;
    };
    const streetId = idOf(filter?.streetId, 'Street', 'streetId');
    const communityId = idOf(filter?.communityId, 'Community', 'communityId');
    if (streetId) {
      where.push('t.street_id = ?::uuid');
      params.push(streetId);
    }
    if (communityId) {
      where.push('t.community_id = ?::uuid');
      params.push(communityId);
    }
    if (filter?.type) {
      where.push('t.type = ?');
      params.push(filter.type);
    }
    if (filter?.enrolled === true || filter?.enrolled === false) {
      where.push(`${filter.enrolled ? '' : 'not '}exists (select 1 from enrollments e where e.courtyard_id = t.id)`);
    }
    const search = filter?.search?.trim();
    if (search) {
      const pattern = `%${escapeLike(search)}%`;
      where.push(`(t.name ilike ? escape '\\' or t.code ilike ? escape '\\')`);
      params.push(pattern, pattern);
    }
    return listConnection(context.em, { ...query, where, params }, page) as Promise<Connection<Courtyard>>;
  }

  // ---------------------------------------------------------------- mutations

  async createStreet(context: RequestContext, input: NewUnitInput): Promise<Payload<'street', Street>> {
    const caller = context.requireDistrictCaller();
    const errors = context.userErrors();
    if (!context.auth.canWrite({ kind: 'District' }))
      return failed('street', errors.add(UserErrorCode.FORBIDDEN, ['input'], 'FORBIDDEN').list);
    const name = checkName(errors, ['input', 'name'], input.name);
    const code = checkCode(errors, ['input', 'code'], input.code);
    if (!errors.any && (await this.codeTaken(context, 'streets', code)))
      errors.add(UserErrorCode.DUPLICATE, ['input', 'code'], 'DUPLICATE_CODE', code);
    if (errors.any) return failed('street', errors.list);
    const outcome = await inSavepoint(
      context,
      async (em) => persistNew(em, Street, { id: randomUUID(), tenantId: caller.tenantId, name, code }),
      () => ['input', 'code'],
    );
    if (!outcome.ok) return failed('street', outcome.userErrors);
    context.noteAudit('Street', outcome.value.id, { code });
    return { street: outcome.value, userErrors: [] };
  }

  async updateStreet(context: RequestContext, input: UnitChangesInput): Promise<Payload<'street', Street>> {
    context.requireDistrictCaller();
    const errors = context.userErrors();
    const street = await this.findWritable(context, errors, ['input', 'id'], input.id, Street);
    if (!street) return failed('street', errors.list);
    context.noteAudit('Street', street.id);
    const changes = await this.nameAndCode(context, errors, 'streets', street.id, input);
    if (errors.any) return failed('street', errors.list);
    return this.applyUpdate(context, 'street', Street, street.id, changes);
  }

  async createCommunity(
    context: RequestContext,
    input: CreateCommunityInput,
  ): Promise<Payload<'community', Community>> {
    const caller = context.requireDistrictCaller();
    const errors = context.userErrors();
    const street = await this.findWritable(context, errors, ['input', 'streetId'], input.streetId, Street);
    if (!street) return failed('community', errors.list);
    const name = checkName(errors, ['input', 'name'], input.name);
    const code = checkCode(errors, ['input', 'code'], input.code);
    if (!errors.any && (await this.codeTaken(context, 'communities', code)))
      errors.add(UserErrorCode.DUPLICATE, ['input', 'code'], 'DUPLICATE_CODE', code);
    if (errors.any) return failed('community', errors.list);
    const outcome = await inSavepoint(
      context,
      async (em) =>
        persistNew(em, Community, {
          id: randomUUID(),
          tenantId: caller.tenantId,
          street: em.getReference(Street, street.id),
          name,
          code,
        }),
      () => ['input', 'code'],
    );
    if (!outcome.ok) return failed('community', outcome.userErrors);
    context.noteAudit('Community', outcome.value.id, { code });
    return { community: outcome.value, userErrors: [] };
  }

  async updateCommunity(context: RequestContext, input: UnitChangesInput): Promise<Payload<'community', Community>> {
    context.requireDistrictCaller();
    const errors = context.userErrors();
    const community = await this.findWritable(context, errors, ['input', 'id'], input.id, Community);
    if (!community) return failed('community', errors.list);
    context.noteAudit('Community', community.id);
    const changes = await this.nameAndCode(context, errors, 'communities', community.id, input);
    if (errors.any) return failed('community', errors.list);
    return this.applyUpdate(context, 'community', Community, community.id, changes);
  }

  async createCourtyard(
    context: RequestContext,
    input: CreateCourtyardInput,
  ): Promise<Payload<'courtyard', Courtyard>> {
    const caller = context.requireDistrictCaller();
    const errors = context.userErrors();
    const community = await this.findWritable(context, errors, ['input', 'communityId'], input.communityId, Community);
    if (!community) return failed('courtyard', errors.list);
    const name = checkName(errors, ['input', 'name'], input.name);
    const code = checkCode(errors, ['input', 'code'], input.code);
    this.checkHouseholdCount(errors, input.householdCount);
    const address = checkOptionalText(errors, ['input', 'address'], input.address, 200);
    if (!errors.any && (await this.codeTaken(context, 'courtyards', code)))
      errors.add(UserErrorCode.DUPLICATE, ['input', 'code'], 'DUPLICATE_CODE', code);
    if (errors.any) return failed('courtyard', errors.list);
    const outcome = await inSavepoint(
      context,
      async (em) =>
        persistNew(em, Courtyard, {
          id: randomUUID(),
          tenantId: caller.tenantId,
          street: em.getReference(Street, community.street.id),
          community: em.getReference(Community, community.id),
          name,
          code,
          type: input.type,
          householdCount: input.householdCount,
          address,
        }),
      () => ['input', 'code'],
    );
    if (!outcome.ok) return failed('courtyard', outcome.userErrors);
    context.noteAudit('Courtyard', outcome.value.id, { code });
    return { courtyard: outcome.value, userErrors: [] };
  }

  async updateCourtyard(
    context: RequestContext,
    input: UpdateCourtyardInput,
  ): Promise<Payload<'courtyard', Courtyard>> {
    context.requireDistrictCaller();
    const errors = context.userErrors();
    const courtyard = await this.findWritable(context, errors, ['input', 'id'], input.id, Courtyard);
    if (!courtyard) return failed('courtyard', errors.list);
    context.noteAudit('Courtyard', courtyard.id);
    const changes: Record<string, unknown> = await this.nameAndCode(context, errors, 'courtyards', courtyard.id, input);
    if (input.type !== undefined && input.type !== null) changes.type = input.type as CourtyardType;
    if (input.householdCount !== undefined && input.householdCount !== null) {
      this.checkHouseholdCount(errors, input.householdCount);
      changes.householdCount = input.householdCount;
    }
    if (input.address !== undefined)
      changes.address = checkOptionalText(errors, ['input', 'address'], input.address, 200);
    if (errors.any) return failed('courtyard', errors.list);
    return this.applyUpdate(context, 'courtyard', Courtyard, courtyard.id, changes);
  }

  async registerHouseholds(
    context: RequestContext,
    input: RegisterHouseholdsInput,
  ): Promise<{ households: Household[]; userErrors: UserError[] }> {
    const caller = context.requireDistrictCaller();
    const errors = context.userErrors();
    const courtyard = await this.findWritable(context, errors, ['input', 'courtyardId'], input.courtyardId, Courtyard);
    if (!courtyard) return { households: [], userErrors: errors.list };
    context.noteAudit('Courtyard', courtyard.id, { households: input.households.length });
    if (input.households.length === 0) errors.add(UserErrorCode.INVALID, ['input', 'households'], 'EMPTY_LIST');
    if (input.households.length > MAX_HOUSEHOLDS_PER_CALL)
      errors.add(UserErrorCode.INVALID, ['input', 'households'], 'TOO_MANY_ITEMS', MAX_HOUSEHOLDS_PER_CALL);
    if (errors.any) return { households: [], userErrors: errors.list };

    const existing = new Set(
      (
        await context.em.execute<{ code: string }[]>(`select code from households where courtyard_id = ?::uuid`, [
          courtyard.id,
        ])
      ).map((row) => row.code),
    );
    const seen = new Set<string>();
    const rows = input.households.map((household, index) => {
      const field = (name: string) => ['input', 'households', String(index), name];
      const code = household.code.trim();
      if (code.length < 1 || code.length > 32)
        errors.add(UserErrorCode.INVALID, field('code'), 'INVALID_HOUSEHOLD_CODE');
      else if (seen.has(code)) errors.add(UserErrorCode.DUPLICATE, field('code'), 'DUPLICATE_CODE_IN_INPUT', code);
      else if (existing.has(code)) errors.add(UserErrorCode.DUPLICATE, field('code'), 'DUPLICATE_CODE', code);
      seen.add(code);
      const area = household.areaSqm ?? null;
      if (area !== null && (!Number.isFinite(area) || area <= 0 || area > MAX_AREA_SQM))
        errors.add(UserErrorCode.INVALID, field('areaSqm'), 'INVALID_AREA');
      const contactName = checkOptionalText(errors, field('contactName'), household.contactName, 100);
      const contactPhone = checkOptionalText(errors, field('contactPhone'), household.contactPhone, 32);
      return { code, area: area === null ? null : Math.round(area * 100) / 100, contactName, contactPhone };
    });
    if (errors.any) return { households: [], userErrors: errors.list };

    const cipher = context.services.cipher;
    const outcome = await inSavepoint(
      context,
      async (em) =>
        rows.map((row) =>
          persistNew(em, Household, {
            id: randomUUID(),
            tenantId: caller.tenantId,
            courtyard: em.getReference(Courtyard, courtyard.id),
            code: row.code,
            areaSqm: row.area,
            contactNameEncrypted: cipher.encrypt(row.contactName),
            contactPhoneEncrypted: cipher.encrypt(row.contactPhone),
          }),
        ),
      () => ['input', 'households'],
    );
    if (!outcome.ok) return { households: [], userErrors: outcome.userErrors };
    return { households: outcome.value, userErrors: [] };
  }

  // ---------------------------------------------------------------- helpers

  private checkHouseholdCount(errors: UserErrors, value: number): void {
    if (!Number.isInteger(value) || value < 0)
      errors.add(UserErrorCode.INVALID, ['input', 'householdCount'], 'INVALID_HOUSEHOLD_COUNT');
  }

  private async nameAndCode(
    context: RequestContext,
    errors: UserErrors,
    table: 'streets' | 'communities' | 'courtyards',
    id: string,
    input: { name?: string | null; code?: string | null },
  ): Promise<Record<string, unknown>> {
    const changes: Record<string, unknown> = {};
    if (input.name !== undefined && input.name !== null)
      changes.name = checkName(errors, ['input', 'name'], input.name);
    if (input.code !== undefined && input.code !== null) {
      const code = checkCode(errors, ['input', 'code'], input.code);
      if (!errors.any && (await this.codeTaken(context, table, code, id)))
        errors.add(UserErrorCode.DUPLICATE, ['input', 'code'], 'DUPLICATE_CODE', code);
      changes.code = code;
    }
    return changes;
  }

  private async applyUpdate<K extends string, E extends HierarchyEntity>(
    context: RequestContext,
    key: K,
    entity: E,
    id: string,
    changes: Record<string, unknown>,
  ): Promise<Payload<K, InstanceType<E>>> {
    if (Object.keys(changes).length > 0) {
      context.audit.detail.changed = Object.keys(changes);
      const outcome = await inSavepoint(
        context,
        async (em) => em.nativeUpdate(entity as never, { id } as never, { ...changes, updatedAt: new Date() } as never),
        () => ['input', 'code'],
      );
      if (!outcome.ok) return failed(key, outcome.userErrors);
    }
    const updated = await context.em.findOne(entity as never, { id } as never, { refresh: true });
    return { [key]: updated, userErrors: [] } as Payload<K, InstanceType<E>>;
  }
}

export const hierarchyService = new HierarchyService();
