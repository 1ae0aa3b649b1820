import { randomUUID } from 'node:crypto';
import {
  applyScope,
  Community,
  Courtyard,
  fromGlobalId,
  loadDistrictClock,
  PlatformUser,
  Role,
  Street,
  User,
  UserLogin,
} from '@xiaoyuan/schema';
import { ROLE_SCOPE_LEVEL, ScopeLevel } from '@xiaoyuan/domain';
import { recordAudit } from '../../engine/audit.middleware';
import { districtCaller, platformCaller, scopeOfUser, type UserCaller } from '../../engine/caller';
import type { RequestContext } from '../../engine/context';
import { forbidden, UserErrorCode, type UserError } from '../../engine/errors';
import { inSavepoint, persistNew } from '../../engine/mutation';
import { countRows, loadPage, toConnection, type Connection, type Page } from '../../engine/pagination';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../../engine/password';
import { checkEmail, checkName, checkPassword } from '../../engine/validation';
import type { CreateUserInput, LoginInput } from './session.inputs';
import { UserView, type LoginPayload } from './session.types';

/** The node type of the unit a scoped role is bound to, by the domain's ROLE_SCOPE_LEVEL. */
const UNIT_TYPE_OF_LEVEL: Partial<Record<ScopeLevel, 'Street' | 'Community' | 'Courtyard'>> = {
  [ScopeLevel.STREET]: 'Street',
  [ScopeLevel.COMMUNITY]: 'Community',
  [ScopeLevel.COURTYARD]: 'Courtyard',
};

/** Sign-in, the caller, and the district's users. */
export class SessionService {
  async login(context: RequestContext, input: LoginInput): Promise<LoginPayload> {
    // Sign-in writes its own audit entry: the district is known only once the email is found.
    context.audit.handled = true;
    const em = context.em;
    const email = input.email.trim().toLowerCase();
    const refused = (): LoginPayload => ({
      token: null,
      expiresAt: null,
      user: null,
      userErrors: context.userErrors().add(UserErrorCode.WRONG_CREDENTIALS, ['input', 'password'], 'WRONG_CREDENTIALS')
        .list,
    });

    await applyScope(em, { loginEmail: email });
    const operator = await em.findOne(PlatformUser, { email });
    if (operator) {
      const ok = await verifyPassword(operator.passwordHash, input.password);
      context.noteAudit('PlatformUser', operator.id);
      await recordAudit(context, 'login', { ok }, { kind: 'PLATFORM_ADMIN', id: operator.id, tenantId: null });
      await applyScope(em, ok ? { platform: true } : {});
      return ok ? this.session(context, platformCaller(operator)) : refused();
    }

    const login = await em.findOne(UserLogin, { email });
    if (!login) {
      await burnPasswordCheck(input.password);
      await applyScope(em, {});
      return refused();
    }
    await applyScope(em, { tenantId: login.tenantId });
    const user = await em.findOne(User, { id: login.userId }, { populate: ['community', 'courtyard'] });
    const ok = !!user && !user.disabledAt && (await verifyPassword(user.passwordHash, input.password));
    context.noteAudit('User', login.userId, user?.disabledAt ? { disabled: true } : {});
    await recordAudit(context, 'login', { ok }, { kind: 'USER', id: login.userId, tenantId: login.tenantId });
    if (!ok || !user) {
      await applyScope(em, {});
      return refused();
    }
    return this.session(context, districtCaller(user));
  }

  private async session(context: RequestContext, caller: UserCaller): Promise<LoginPayload> {
    const { token, expiresAt } = await context.services.tokens.issue(
      caller.kind === 'platform'
        ? { userId: caller.id, tenantId: null, platform: true }
        : { userId: caller.id, tenantId: caller.tenantId, platform: false },
    );
    // a district user comes with the district's clock, as when the request starts signed in
    context.setCaller(
      caller.kind === 'district'
        ? { caller, clock: await loadDistrictClock(context.em, caller.tenantId) }
        : { caller, clock: null },
    );
    return { token, expiresAt, user: UserView.of(caller), userErrors: [] };
  }

  me(context: RequestContext): UserView {
    const caller = context.requireCaller();
    if (caller.kind === 'client') throw forbidden('An API client is not a user');
    return UserView.of(caller);
  }

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

  async createUser(
    context: RequestContext,
    input: CreateUserInput,
  ): Promise<{ user: UserView | null; userErrors: UserError[] }> {
    const caller = context.requireDistrictCaller();
    const errors = context.userErrors();
    if (!context.auth.canManageUsers)
      return { user: null, userErrors: errors.add(UserErrorCode.FORBIDDEN, ['input'], 'FORBIDDEN').list };
    const email = checkEmail(errors, ['input', 'email'], input.email);
    checkPassword(errors, ['input', 'password'], input.password);
    const displayName = checkName(errors, ['input', 'displayName'], input.displayName);
    if (input.role === Role.PLATFORM_ADMIN) errors.add(UserErrorCode.INVALID, ['input', 'role'], 'INVALID_ROLE');

    const scopeLevel = ROLE_SCOPE_LEVEL[input.role];
    const scopeKind = scopeLevel ? UNIT_TYPE_OF_LEVEL[scopeLevel] : undefined;
    let unit: Street | Community | Courtyard | null = null;
    if (scopeKind) {
      const decoded = input.scopeId ? fromGlobalId(input.scopeId) : null;
      if (!input.scopeId) errors.add(UserErrorCode.INVALID, ['input', 'scopeId'], 'SCOPE_REQUIRED', scopeKind);
      else if (decoded && ['Street', 'Community', 'Courtyard'].includes(decoded.type) && decoded.type !== scopeKind) {
        errors.add(UserErrorCode.INVALID, ['input', 'scopeId'], 'SCOPE_WRONG_KIND', scopeKind);
      } else {
        const entity = { Street, Community, Courtyard }[scopeKind];
        unit =
          decoded && decoded.type === scopeKind
            ? ((await context.em.findOne(entity as typeof Street, { id: decoded.id })) as Street | null)
            : null;
        if (!unit) errors.add(UserErrorCode.NOT_FOUND, ['input', 'scopeId'], 'NOT_FOUND');
      }
    } else if (input.scopeId) {
      errors.add(UserErrorCode.INVALID, ['input', 'scopeId'], 'SCOPE_NOT_ALLOWED');
    }
    if (
      !errors.list.some((error) => error.field?.[1] === 'email') &&
      (await this.emailInUse(context, email, { tenantId: caller.tenantId }))
    ) {
      errors.add(UserErrorCode.DUPLICATE, ['input', 'email'], 'DUPLICATE_EMAIL', email);
    }
    if (errors.any) return { user: null, userErrors: errors.list };

    const passwordHash = await hashPassword(input.password);
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
        });
        await em.flush(); // the login row references the user
        persistNew(em, UserLogin, { email, tenantId: caller.tenantId, userId: id });
      },
      () => ['input', 'email'],
    );
    if (!outcome.ok) return { user: null, userErrors: outcome.userErrors };
    context.noteAudit('User', id, { role: input.role });
    const created = await context.em.findOneOrFail(User, { id }, { populate: ['community', 'courtyard'] });
    return { user: UserView.of(districtCaller(created)), userErrors: [] };
  }

  async users(context: RequestContext, page: Page): Promise<Connection<UserView>> {
    context.requireDistrictCaller();
    if (!context.auth.canManageUsers) throw forbidden('Only the district admin lists users');
    const condition = context.auth.readCondition('users');
    const query = {
      entity: User,
      table: 'users',
      orderBy: 'email',
      keyOf: (row: User) => row.email,
      where: [condition.sql],
      params: condition.params,
    };
    const { nodes, hasNextPage } = await loadPage(context.em, query, page);
    const total = (await countRows(context.em, query, null, null)).get(null) ?? 0;
    await context.em.populate(nodes, ['community', 'courtyard']);
    const views = nodes.map((user) => UserView.of({ ...districtCaller(user), scope: scopeOfUser(user) }));
    return toConnection(
      views,
      hasNextPage,
      total,
      (view) => view.email,
      (view) => view.userId,
    );
  }
}

export const sessionService = new SessionService();
