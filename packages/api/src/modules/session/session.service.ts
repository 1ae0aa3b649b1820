import { applyScope, loadDistrictClock, PlatformUser, User, UserLogin } from '@xiaoyuan/schema';
import { recordAudit } from '../../engine/audit.middleware';
import { districtCaller, platformCaller, type UserCaller } from '../../engine/caller';
import type { RequestContext } from '../../engine/context';
import { forbidden, rateLimited, UserErrorCode } from '../../engine/errors';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../../engine/password';
import { checkPassword } from '../../engine/validation';
import type { ChangePasswordInput, LoginInput } from './session.inputs';
import { UserView, type LoginPayload, type SignOutPayload } from './session.types';

/** Sign-in, sign-out, the caller and its password. */
export class SessionService {
  async login(context: RequestContext, input: LoginInput): Promise<LoginPayload> {
    // Sign-in writes its own audit entry: the district is known only once the email is found.
    context.audit.handled = true;
    const em = context.em;
    const email = input.email.trim().toLowerCase();
    const throttle = context.services.loginThrottle;
    const verdict = await throttle.check(email, context.address);
    if (!verdict.allowed) throw loginRateLimited(verdict.retryAfterSeconds);
    const refused = async (): Promise<LoginPayload> => {
      await throttle.failed(email, context.address);
      return {
        token: null,
        expiresAt: null,
        user: null,
        userErrors: context
          .userErrors()
          .add(UserErrorCode.WRONG_CREDENTIALS, ['input', 'password'], 'WRONG_CREDENTIALS').list,
      };
    };

    await applyScope(em, { loginEmail: email });
    const operator = await em.findOne(PlatformUser, { email });
    if (operator) {
      const ok = await verifyPassword(operator.passwordHash, input.password);
      context.noteAudit('PlatformUser', operator.id);
      await recordAudit(context, 'login', { ok }, { kind: 'PLATFORM_ADMIN', id: operator.id, tenantId: null });
      await applyScope(em, ok ? { platform: true } : {});
      if (!ok) return refused();
      await throttle.succeeded(email);
      return this.session(context, platformCaller(operator), operator.tokenVersion);
    }

    const login = await em.findOne(UserLogin, { email });
    if (!login) {
      // the same argon2 work as for a known email: the answer time does not tell whether it exists
      await burnPasswordCheck(input.password);
      await applyScope(em, {});
      return refused();
    }
    await applyScope(em, { tenantId: login.tenantId });
    const user = await em.findOne(User, { id: login.userId }, { populate: ['community', 'courtyard'] });
    // a disabled account's password is checked all the same, so that its answer takes as long
    const passwordOk = !!user && (await verifyPassword(user.passwordHash, input.password));
    const ok = passwordOk && !user!.disabledAt;
    context.noteAudit('User', login.userId, user?.disabledAt ? { disabled: true } : {});
    await recordAudit(context, 'login', { ok }, { kind: 'USER', id: login.userId, tenantId: login.tenantId });
    if (!ok || !user) {
      await applyScope(em, {});
      return refused();
    }
    await throttle.succeeded(email);
    user.lastLoginAt = new Date();
    await em.flush();
    return this.session(context, districtCaller(user), user.tokenVersion, user);
  }

  private async session(
    context: RequestContext,
    caller: UserCaller,
    version: number,
    user?: User,
  ): Promise<LoginPayload> {
    const { token, expiresAt } = await context.services.tokens.issue(
      caller.kind === 'platform'
        ? { userId: caller.id, tenantId: null, platform: true, version }
        : { userId: caller.id, tenantId: caller.tenantId, platform: false, version },
    );
    // a district user comes with the district's clock, as when the request starts signed in
    context.setCaller(
      caller.kind === 'district'
        ? { caller, clock: await loadDistrictClock(context.em, caller.tenantId) }
        : { caller, clock: null },
    );
    return { token, expiresAt, user: user ? UserView.ofUser(user) : UserView.of(caller), userErrors: [] };
  }

  async me(context: RequestContext): Promise<UserView> {
    const caller = context.requireCaller();
    if (caller.kind === 'client') throw forbidden('An API client is not a user');
    if (caller.kind === 'platform') return UserView.of(caller);
    // loaded with the caller already: the identity map answers
    const user = await context.em.findOneOrFail(User, { id: caller.id }, { populate: ['community', 'courtyard'] });
    return UserView.ofUser(user);
  }

  /**
   * Ends the session by bumping the user's token version: every token of the user is refused from
   * the next request on, this one included (a token carries no id of its own to deny, and a
   * deny-list would put Redis on every request's path). Other devices sign in again.
   */
  async signOut(context: RequestContext): Promise<SignOutPayload> {
    const caller = context.requireCaller();
    if (caller.kind === 'client') throw forbidden('An API client is not a user');
    const table = caller.kind === 'platform' ? 'platform_users' : 'users';
    await context.em.execute(`update ${table} set token_version = token_version + 1 where id = ?`, [caller.id]);
    context.noteAudit(caller.kind === 'platform' ? 'PlatformUser' : 'User', caller.id);
    return { signedOut: true };
  }

  /**
   * A new password for the signed-in user: the current one must be right (a wrong one counts as a
   * failed sign-in of the account), the new one must pass the policy and differ. Bumps the token
   * version, so every other session ends; the payload carries a new token for this one. Clears a
   * one-time password's `mustChangePassword`.
   */
  async changePassword(context: RequestContext, input: ChangePasswordInput): Promise<LoginPayload> {
    const caller = context.requireCaller();
    if (caller.kind === 'client') throw forbidden('An API client is not a user');
    const throttle = context.services.loginThrottle;
    const verdict = await throttle.check(caller.email, context.address);
    if (!verdict.allowed) throw loginRateLimited(verdict.retryAfterSeconds);
    const errors = context.userErrors();
    const failed = (): LoginPayload => ({ token: null, expiresAt: null, user: null, userErrors: errors.list });
    const account =
      caller.kind === 'platform'
        ? await context.em.findOneOrFail(PlatformUser, { id: caller.id })
        : await context.em.findOneOrFail(User, { id: caller.id }, { populate: ['community', 'courtyard'] });
    context.noteAudit(caller.kind === 'platform' ? 'PlatformUser' : 'User', caller.id);
    if (!(await verifyPassword(account.passwordHash, input.currentPassword))) {
      await throttle.failed(caller.email, context.address);
      errors.add(UserErrorCode.WRONG_CREDENTIALS, ['input', 'currentPassword'], 'WRONG_PASSWORD');
      return failed();
    }
    checkPassword(errors, ['input', 'newPassword'], input.newPassword, caller.email);
    if (!errors.any && input.newPassword === input.currentPassword)
      errors.add(UserErrorCode.INVALID, ['input', 'newPassword'], 'PASSWORD_UNCHANGED');
    if (errors.any) return failed();

    account.passwordHash = await hashPassword(input.newPassword);
    account.tokenVersion += 1;
    if (account instanceof User) account.mustChangePassword = false;
    await context.em.flush();
    await throttle.succeeded(caller.email);
    return account instanceof User
      ? this.session(context, districtCaller(account), account.tokenVersion, account)
      : this.session(context, platformCaller(account), account.tokenVersion);
  }
}

function loginRateLimited(retryAfterSeconds: number) {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return rateLimited(
    `Too many failed sign-ins: try again in ${minutes} minute${minutes === 1 ? '' : 's'} (${retryAfterSeconds} s)`,
    retryAfterSeconds,
  );
}

export const sessionService = new SessionService();
