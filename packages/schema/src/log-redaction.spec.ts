import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from './db/orm-config';
import { describeError, redactLogText, redactSql } from './log-redaction';

const NAME = '张秀英';
const PHONE = '13812345678';
const EMAIL = 'zhang.xiuying@example.org';

describe('log redaction', () => {
  it('takes the values out of a SQL statement and keeps its text', () => {
    expect(
      redactSql(
        `insert into "households" ("code", "contact_name", "floor_area", "t1") values ('A-1', '${NAME}', 86.5, E'it''s\\n') returning "id"`,
      ),
    ).toBe(`insert into "households" ("code", "contact_name", "floor_area", "t1") values (?, ?, ?, ?) returning "id"`);
    expect(redactSql(`select "u0".* from "users" as "u0" where "u0"."id" = $1 limit 1`)).toBe(
      `select "u0".* from "users" as "u0" where "u0"."id" = $1 limit ?`,
    );
  });

  it('takes emails, phones, tokens, keys, passwords and URL passwords out of a log line', () => {
    const line = redactLogText(
      `sign-in of ${EMAIL} (+86 ${PHONE}) with Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln, key xyk_abc123DEF_x, password=hunter22, hash $argon2id$v=19$m=65536$abc, postgres://app:s3cret@db:5432/x`,
    );
    for (const secret of [EMAIL, PHONE, 'eyJ', 'xyk_abc', 'hunter22', '$argon2id', 's3cret']) {
      expect(line).not.toContain(secret);
    }
    expect(line).toBe(
      'sign-in of [email] ([phone]) with Bearer [token], key [api key], password=[redacted], hash [password hash], postgres://app:***@db:5432/x',
    );
  });

  describe('a failed statement of MikroORM against PostgreSQL', () => {
    let orm: MikroORM;
    beforeAll(async () => {
      orm = await MikroORM.init(
        ormConfig(process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', {
          entities: [],
          discovery: { warnWhenNoEntities: false },
          pool: { min: 0, max: 1 },
        }),
      );
    });
    afterAll(() => orm.close(true));

    it('is logged with the statement text and PostgreSQL message, without the values or the detail', async () => {
      const failure = await orm.em
        .fork()
        .transactional(async (em) => {
          await em.execute(`create temporary table contacts (name text, phone text unique, email text)`);
          await em.execute(`insert into contacts values (?, ?, ?)`, [NAME, PHONE, EMAIL]);
          await em.execute(`insert into contacts values (?, ?, ?)`, [NAME, PHONE, EMAIL]);
        })
        .then(
          () => new Error('no failure'),
          (error: unknown) => error as Error,
        );
      // what MikroORM and pg put in the error: the values, in the message and pg's detail
      expect(failure.message).toContain(NAME);
      expect((failure as { detail?: string }).detail).toContain(PHONE);

      const logged = describeError(failure);
      for (const value of [NAME, PHONE, EMAIL]) expect(logged).not.toContain(value);
      expect(logged.split('\n').slice(0, 2)).toEqual([
        'UniqueConstraintViolationException: duplicate key value violates unique constraint "contacts_phone_key" (SQLSTATE 23505, table contacts, constraint contacts_phone_key)',
        '  statement: insert into contacts values (?, ?, ?)',
      ]);
      expect(logged).toMatch(/\n\s+at /); // the stack frames stay
    });

    it('drops the value PostgreSQL quotes at the end of its message', async () => {
      const failure = await orm.em
        .fork()
        .execute(`select ?::uuid`, [`${NAME} ${PHONE}`])
        .then(
          () => new Error('no failure'),
          (error: unknown) => error as Error,
        );
      expect(failure.message).toContain(NAME);
      const logged = describeError(failure);
      expect(logged).not.toContain(NAME);
      expect(logged).not.toContain(PHONE);
      expect(logged.split('\n').slice(0, 2)).toEqual([
        'DriverException: invalid input syntax for type uuid: [value] (SQLSTATE 22P02)',
        '  statement: select ?::uuid',
      ]);
    });
  });
});
