import { randomUUID } from 'node:crypto';
import { ROLE_SCOPE_LEVEL, ScopeLevel } from '@xiaoyuan/domain';
import { applyScope, Community, Courtyard, fromGlobalId, Role, Street, User, UserLogin } from '@xiaoyuan/schema';
import type { UnitRef } from '../../engine/authorization.service';
import type { RequestContext } from '../../engine/context';
import { forbidden, UserErrorCode, type UserError, type UserErrors } from '../../engine/errors';
import { inSavepoint, persistNew } from '../../engine/mutation';
import { countRows, loadPage, toConnection, type Connection, type Page } from '../../engine/pagination';
import { hashPassword, oneTimePassword } from '../../engine/password';
import { checkEmail, checkName, checkPassword, escapeLike } from '../../engine/validation';
import { UserView } from '../session/session.types';
import type { InviteUserInput, SetUserDisabledInput, UpdateUserInput, UserFilter, UserIdInput } from './users.inputs';

/** The node type of the unit a scoped role is bound to, by the domain's ROLE_SCOPE_LEVEL. */
const UNIT_TYPE_OF_LEVEL: Partial<Record<ScopeLevel, 'Street' | 'Community' | 'Courtyard'>> = {
  [ScopeLevel.STREET]: 'Street',
  [ScopeLevel.COMMUNITY]: 'Community',
  [ScopeLevel.COURTYARD]: 'Courtyard',
};

type Unit = Street | Community | Courtyard;

/** A unit with its ancestors' ids, for `Authorization.canManageUser`. */
function unitRef(unit: Unit | null | undefined): UnitRef | null {
  if (!unit) return null;
  if (unit instanceof Street) return { kind: 'Street', id: unit.id };
  if (unit instanceof Community) return { kind: 'Community', id: unit.id, streetId: unit.street.id };
  return { kind: 'Courtyard', id: unit.id, communityId: unit.community.id, streetId: unit.street.id };
}

const unitOfUser = (user: User): Unit | null => user.street ?? user.community ?? user.courtyard ?? null;

type AccountPayload = { user: UserView | null; userErrors: UserError[] };

/**
 * 用户管理 (issue 10): the users a caller manages (`Authorization.canManageUser`: the district admin
 * every user of the district, a street officer its street's community workers and courtyard
 * committees). A user's unit follows the database's check: a scoped role names exactly its unit,
 * the others none. A new role or unit, a disable and a password reset bump the user's token
 * version, so its sessions end on their next request. Nobody disables or demotes themselves, and
 * the district keeps at least one active district admin. Every change is audited (the mutation's
 * audit entry, with what changed; never a password).
 */
export class UsersService {
  /**
   * Whether an email signs in somewhere already (any district, or the platform). The directory is
   * readable for exactly one email at a time (`app.login_email`), so the check names it.
   */
  async emailInUse(
    context: RequestContext,
    email: string,
    scope: { tenantId?: string | null; platform?: boolean },
  ): Promise<boolean> {
    await applyScope(context.em, { ...scope, loginEmail: email });
    try {
      const rows = await context.em.execute(
        `select 1 from user_logins where email = ? union all select 1 from platform_users where email = ? limit 1`,
        [email, email],
      );
      return rows.length > 0;
    } finally {
      await applyScope(context.em, scope);
    }
  }

  async users(context: RequestContext, page: Page, filter: UserFilter): Promise<Connection<UserView>> {
    context.requireDistrictCaller();
    if (!context.auth.canManageUsers) throw forbidden('Only the district admin and street officers manage users');
    const condition = context.auth.managedUsersCondition();
    const where = [condition.sql];
    const params: unknown[] = [...condition.params];
    if (filter.role) {
      where.push('t.role = ?');
      params.push(filter.role);
    }
    if (filter.disabled !== null && filter.disabled !== undefined)
      where.push(filter.disabled ? 't.disabled_at is not null' : 't.disabled_at is null');
    const search = filter.search?.trim();
    if (search) {
      where.push(`(t.email ilike ? or t.display_name ilike ?)`);
      const pattern = `%${escapeLike(search)}%`;
      params.push(pattern, pattern);
    }
    const query = {
      entity: User,
      table: 'users',
      orderBy: 'email',
      keyOf: (row: User) => row.email,
      where,
      params,
    };
    const { nodes, hasNextPage } = await loadPage(context.em, query, page);
    const total = (await countRows(context.em, query, null, null)).get(null) ?? 0;
    await context.em.populate(nodes, ['community', 'courtyard']);
    return toConnection(
      nodes.map((user) => UserView.ofUser(user)),
      hasNextPage,
      total,
      (view) => view.email,
      (view) => view.userId,
    );
  }

  /**
   * The unit of a scoped role from `scopeId` (a userError when it is missing, of another kind or
   * not found), null for a role of the whole district (a userError when one is given).
   * `current`: the unit the user has now, kept when no scopeId is given and it fits the role.
   */
  private async unitFor(
    context: RequestContext,
    errors: UserErrors,
    role: Role,
    scopeId: string | null | undefined,
    current: Unit | null = null,
  ): Promise<Unit | null> {
    const scopeLevel = ROLE_SCOPE_LEVEL[role];
    const scopeKind = scopeLevel ? UNIT_TYPE_OF_LEVEL[scopeLevel] : undefined;
    if (!scopeKind) {
      if (scopeId) errors.add(UserErrorCode.INVALID, ['input', 'scopeId'], 'SCOPE_NOT_ALLOWED');
      return null;
    }
    const entity = { Street, Community, Courtyard }[scopeKind];
    if (!scopeId) {
      const kept = current instanceof entity ? current : null;
      if (!kept) errors.add(UserErrorCode.INVALID, ['input', 'scopeId'], 'SCOPE_REQUIRED', scopeKind);
      return kept;
    }
    const decoded = fromGlobalId(scopeId);
    if (decoded && ['Street', 'Community', 'Courtyard'].includes(decoded.type) && decoded.type !== scopeKind) {
      errors.add(UserErrorCode.INVALID, ['input', 'scopeId'], 'SCOPE_WRONG_KIND', scopeKind);
      return null;
    }
    const unit =
      decoded && decoded.type === scopeKind
        ? ((await context.em.findOne(entity as typeof Street, { id: decoded.id })) as Unit | null)
        : null;
    if (!unit) errors.add(UserErrorCode.NOT_FOUND, ['input', 'scopeId'], 'NOT_FOUND');
    return unit;
  }

  /**
   * A user of the district: with the password an admin chose (`createUser`, the partner contract's;
   * it must pass the policy), or with a one-time password (`given` null: `inviteUser`) returned
   * once, which the user must change at first sign-in.
   */
  async createUser(
    context: RequestContext,
    input: InviteUserInput,
    given: string | null,
  ): Promise<AccountPayload & { oneTimePassword: string | null }> {
    const caller = context.requireDistrictCaller();
    const errors = context.userErrors();
    const refused = () => ({ user: null, oneTimePassword: null, userErrors: errors.list });
    if (!context.auth.canManageUsers) return (errors.add(UserErrorCode.FORBIDDEN, ['input'], 'FORBIDDEN'), refused());
    const email = checkEmail(errors, ['input', 'email'], input.email);
    if (given !== null) checkPassword(errors, ['input', 'password'], given, email);
    const displayName = checkName(errors, ['input', 'displayName'], input.displayName);
    if (input.role === Role.PLATFORM_ADMIN) errors.add(UserErrorCode.INVALID, ['input', 'role'], 'INVALID_ROLE');
    const unit = await this.unitFor(context, errors, input.role, input.scopeId);
    if (!errors.any && !context.auth.canManageUser({ role: input.role, unit: unitRef(unit) }))
      errors.add(UserErrorCode.FORBIDDEN, ['input', 'role'], 'USER_ROLE_FORBIDDEN');
    if (
      !errors.list.some((error) => error.field?.[1] === 'email') &&
      (await this.emailInUse(context, email, { tenantId: caller.tenantId }))
    ) {
      errors.add(UserErrorCode.DUPLICATE, ['input', 'email'], 'DUPLICATE_EMAIL', email);
    }
    if (errors.any) return refused();

    const password = given ?? oneTimePassword();
    const passwordHash = await hashPassword(password);
    const id = randomUUID();
    const outcome = await inSavepoint(
      context,
      async (em) => {
        persistNew(em, User, {
          id,
          tenantId: caller.tenantId,
          email,
          passwordHash,
          displayName,
          role: input.role,
          street: unit instanceof Street ? em.getReference(Street, unit.id) : null,
          community: unit instanceof Community ? em.getReference(Community, unit.id) : null,
          courtyard: unit instanceof Courtyard ? em.getReference(Courtyard, unit.id) : null,
          mustChangePassword: given === null,
        });
        await em.flush(); // the login row references the user
        persistNew(em, UserLogin, { email, tenantId: caller.tenantId, userId: id });
      },
      () => ['input', 'email'],
    );
    if (!outcome.ok) return { user: null, oneTimePassword: null, userErrors: outcome.userErrors };
    context.noteAudit('User', id, { role: input.role, oneTimePassword: given === null });
    const created = await context.em.findOneOrFail(User, { id }, { populate: ['community', 'courtyard'] });
    return { user: UserView.ofUser(created), oneTimePassword: given === null ? password : null, userErrors: [] };
  }

  /**
   * The user of a global id that the caller manages; a userError otherwise (NOT_FOUND for an id
   * that is no user of the district, FORBIDDEN for one outside the caller's reach).
   */
  private async managedUser(context: RequestContext, errors: UserErrors, globalId: string): Promise<User | null> {
    context.requireDistrictCaller();
    if (!context.auth.canManageUsers) {
      errors.add(UserErrorCode.FORBIDDEN, ['input'], 'FORBIDDEN');
      return null;
    }
    const decoded = fromGlobalId(globalId);
    const user =
      decoded?.type === 'User'
        ? await context.em.findOne(User, { id: decoded.id }, { populate: ['street', 'community', 'courtyard'] })
        : null;
    if (!user) {
      errors.add(UserErrorCode.NOT_FOUND, ['input', 'id'], 'NOT_FOUND');
      return null;
    }
    if (!context.auth.canManageUser({ role: user.role, unit: unitRef(unitOfUser(user)) })) {
      errors.add(UserErrorCode.FORBIDDEN, ['input', 'id'], 'USER_ROLE_FORBIDDEN');
      return null;
    }
    return user;
  }

  /**
   * Whether `user`, an active district admin, is the last one: the district's active admins are
   * locked first, so that two admins disabling each other at once cannot both succeed.
   */
  private async isLastActiveAdmin(context: RequestContext, user: User): Promise<boolean> {
    if (user.role !== Role.DISTRICT_ADMIN || user.disabledAt) return false;
    const admins = await context.em.execute<{ id: string }[]>(
      `select id from users where role = 'DISTRICT_ADMIN' and disabled_at is null order by id for update`,
    );
    return !admins.some((admin) => admin.id !== user.id);
  }

  private async saved(context: RequestContext, user: User): Promise<AccountPayload> {
    const outcome = await inSavepoint(context, async () => undefined);
    if (!outcome.ok) return { user: null, userErrors: outcome.userErrors };
    await context.em.populate(user, ['community', 'courtyard']);
    return { user: UserView.ofUser(user), userErrors: [] };
  }

  async updateUser(context: RequestContext, input: UpdateUserInput): Promise<AccountPayload> {
    const caller = context.requireDistrictCaller();
    const errors = context.userErrors();
    const user = await this.managedUser(context, errors, input.id);
    if (!user) return { user: null, userErrors: errors.list };
    const displayName =
      input.displayName === null || input.displayName === undefined
        ? null
        : checkName(errors, ['input', 'displayName'], input.displayName);
    const role = input.role ?? user.role;
    if (role === Role.PLATFORM_ADMIN) errors.add(UserErrorCode.INVALID, ['input', 'role'], 'INVALID_ROLE');
    const current = unitOfUser(user);
    const unit = await this.unitFor(context, errors, role, input.scopeId, current);
    if (errors.any) return { user: null, userErrors: errors.list };
    const roleChanged = role !== user.role;
    const unitChanged = (unit?.id ?? null) !== (current?.id ?? null);
    if (!displayName && !roleChanged && !unitChanged)
      return { user: null, userErrors: errors.add(UserErrorCode.INVALID, ['input'], 'NOTHING_TO_UPDATE').list };
    if ((roleChanged || unitChanged) && user.id === caller.id)
      errors.add(UserErrorCode.FORBIDDEN, ['input', 'role'], 'CANNOT_CHANGE_OWN_ROLE');
    else if (!context.auth.canManageUser({ role, unit: unitRef(unit) }))
      errors.add(UserErrorCode.FORBIDDEN, ['input', 'role'], 'USER_ROLE_FORBIDDEN');
    else if (roleChanged && (await this.isLastActiveAdmin(context, user)))
      errors.add(UserErrorCode.INVALID, ['input', 'role'], 'LAST_DISTRICT_ADMIN');
    if (errors.any) return { user: null, userErrors: errors.list };

    if (displayName) user.displayName = displayName;
    if (roleChanged || unitChanged) {
      user.role = role;
      user.street = unit instanceof Street ? unit : null;
      user.community = unit instanceof Community ? unit : null;
      user.courtyard = unit instanceof Courtyard ? unit : null;
      user.tokenVersion += 1; // its sessions carry the old role and unit
    }
    context.noteAudit('User', user.id, {
      ...(displayName ? { displayName } : {}),
      ...(roleChanged ? { role } : {}),
      ...(unitChanged ? { unitId: unit?.id ?? null } : {}),
    });
    return this.saved(context, user);
  }

  async setUserDisabled(context: RequestContext, input: SetUserDisabledInput): Promise<AccountPayload> {
    const caller = context.requireDistrictCaller();
    const errors = context.userErrors();
    const user = await this.managedUser(context, errors, input.id);
    if (!user) return { user: null, userErrors: errors.list };
    if (input.disabled && user.id === caller.id)
      errors.add(UserErrorCode.FORBIDDEN, ['input', 'disabled'], 'CANNOT_DISABLE_SELF');
    else if (input.disabled && (await this.isLastActiveAdmin(context, user)))
      errors.add(UserErrorCode.INVALID, ['input', 'disabled'], 'LAST_DISTRICT_ADMIN');
    if (errors.any) return { user: null, userErrors: errors.list };
    if (input.disabled !== !!user.disabledAt) {
      user.disabledAt = input.disabled ? new Date() : null;
      user.tokenVersion += 1;
    }
    context.noteAudit('User', user.id, { disabled: input.disabled });
    return this.saved(context, user);
  }

  async resetUserPassword(
    context: RequestContext,
    input: UserIdInput,
  ): Promise<AccountPayload & { oneTimePassword: string | null }> {
    const errors = context.userErrors();
    const user = await this.managedUser(context, errors, input.id);
    if (!user) return { user: null, oneTimePassword: null, userErrors: errors.list };
    const password = oneTimePassword();
    user.passwordHash = await hashPassword(password);
    user.mustChangePassword = true;
    user.tokenVersion += 1;
    context.noteAudit('User', user.id, { passwordReset: true });
    const payload = await this.saved(context, user);
    return { ...payload, oneTimePassword: payload.user ? password : null };
  }
}

export const usersService = new UsersService();
