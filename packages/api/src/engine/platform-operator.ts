import type { MikroORM } from '@mikro-orm/postgresql';
import { PlatformUser, withTenant } from '@xiaoyuan/schema';
import { randomUUID } from 'node:crypto';
import { hashPassword } from './password';

/**
 * Makes sure the platform operator of PLATFORM_ADMIN_EMAIL exists (argon2id). An existing account
 * keeps its password: changing the variable later does not reset it.
 */
export async function ensurePlatformOperator(
  orm: MikroORM,
  email: string,
  password: string,
): Promise<'created' | 'exists'> {
  return withTenant(orm.em, { platform: true }, async (em) => {
    if (await em.findOne(PlatformUser, { email })) return 'exists';
    const operator = Object.assign(new PlatformUser(), {
      id: randomUUID(),
      email,
      passwordHash: await hashPassword(password),
      displayName: 'Platform operator',
    });
    em.persist(operator);
    await em.flush();
    return 'created';
  });
}
