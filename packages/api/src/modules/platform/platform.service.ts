import { randomUUID } from 'node:crypto';
import { applyScope, DEFAULT_TIMEZONE, District, Role, User, UserLogin } from '@xiaoyuan/schema';
import type { RequestContext } from '../../engine/context';
import { UserErrorCode, type UserError } from '../../engine/errors';
import { inSavepoint, persistNew } from '../../engine/mutation';
import { listConnection, type Connection, type Page } from '../../engine/pagination';
import { hashPassword } from '../../engine/password';
import { checkCode, checkEmail, checkName, checkPassword, isTimeZone } from '../../engine/validation';
import { usersService } from '../users/users.service';
import type { CreateDistrictInput } from './platform.inputs';

/** What the platform operator does: districts (tenants) and their first admin. */
export class PlatformService {
  async createDistrict(
    context: RequestContext,
    input: CreateDistrictInput,
  ): Promise<{ district: District | null; userErrors: UserError[] }> {
    context.requirePlatformCaller();
    const errors = context.userErrors();
    const name = checkName(errors, ['input', 'name'], input.name);
    const code = checkCode(errors, ['input', 'code'], input.code);
    const timezone = input.timezone?.trim() || DEFAULT_TIMEZONE;
    if (!isTimeZone(timezone)) errors.add(UserErrorCode.INVALID, ['input', 'timezone'], 'INVALID_TIMEZONE', timezone);
    const adminEmail = checkEmail(errors, ['input', 'adminEmail'], input.adminEmail);
    checkPassword(errors, ['input', 'adminPassword'], input.adminPassword, adminEmail);
    if (!errors.list.some((error) => error.field?.[1] === 'code')) {
      const taken = await context.em.execute(`select 1 from districts where code = ? limit 1`, [code]);
      if (taken.length) errors.add(UserErrorCode.DUPLICATE, ['input', 'code'], 'DUPLICATE_CODE', code);
    }
    if (
      !errors.list.some((error) => error.field?.[1] === 'adminEmail') &&
      (await usersService.emailInUse(context, adminEmail, { platform: true }))
    ) {
      errors.add(UserErrorCode.DUPLICATE, ['input', 'adminEmail'], 'DUPLICATE_EMAIL', adminEmail);
    }
    if (errors.any) return { district: null, userErrors: errors.list };

    const passwordHash = await hashPassword(input.adminPassword);
    const districtId = randomUUID();
    const adminId = randomUUID();
    const outcome = await inSavepoint(
      context,
      async (em) => {
        persistNew(em, District, { id: districtId, name, code, timezone });
        await em.flush();
        // The district's own rows are written as that district (row-level security checks them).
        await applyScope(em, { platform: true, tenantId: districtId });
        persistNew(em, User, {
          id: adminId,
          tenantId: districtId,
          email: adminEmail,
          passwordHash,
          displayName: `${name} 管理员`.slice(0, 100),
          role: Role.DISTRICT_ADMIN,
        });
        await em.flush();
        persistNew(em, UserLogin, { email: adminEmail, tenantId: districtId, userId: adminId });
        await em.flush();
        await em.execute(
          `insert into audit_log (tenant_id, actor_kind, actor_id, operation, target_type, target_id, detail) values (?, 'PLATFORM_ADMIN', ?, 'createDistrict', 'User', ?, ?::jsonb)`,
          [districtId, context.caller!.id, adminId, JSON.stringify({ adminEmail })],
        );
      },
      (constraint) => (constraint?.includes('email') ? ['input', 'adminEmail'] : ['input', 'code']),
    );
    // Back to the operator's own scope: no district's data.
    await applyScope(context.em, { platform: true });
    if (!outcome.ok) return { district: null, userErrors: outcome.userErrors };
    context.noteAudit('District', districtId, { code, adminEmail });
    return { district: await context.em.findOneOrFail(District, { id: districtId }), userErrors: [] };
  }

  async districts(context: RequestContext, page: Page): Promise<Connection<District>> {
    context.requirePlatformCaller();
    const query = {
      entity: District,
      table: 'districts',
      orderBy: 'name',
      keyOf: (row: District) => row.name,
      where: [],
      params: [],
    };
    return listConnection(context.em, query, page);
  }
}

export const platformService = new PlatformService();
