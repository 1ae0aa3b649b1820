import { KpiKey, PersonalDataCipher, toGlobalId, type AddressLookup } from '@xiaoyuan/schema';
import { Client } from 'pg';
import { rowId, type DistrictFixture } from './helpers/fixtures';
import { startSiblingApp, type GraphqlClient, type GraphqlResult } from './helpers/test-app';
import { startTwoDistricts, type TwoDistricts } from './helpers/two-districts';

// Webhooks (DOMAIN.md §10, issue 9): managed by the district admin; deliveries are outbox rows the
// worker posts (rows of its attempts are inserted here with SQL, as the worker would).

const WEBHOOK_FIELDS = `id name url format events enabled disabledAt disabledReason failingSince hasSigningSecret createdAt
  scope { __typename ... on Street { id } ... on Community { id } ... on Courtyard { id } }`;
const DELIVERY_FIELDS = `id event status attempts lastAttemptAt responseStatus createdAt nextAttemptAt test body
  attemptLog { attempt at durationMs responseStatus error }`;
const ERRORS = 'userErrors { field message code }';

const CREATE = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { ${WEBHOOK_FIELDS} } signingSecret ${ERRORS} } }`;
const SET_ENABLED = `mutation($input: SetWebhookEnabledInput!) { setWebhookEnabled(input: $input) { webhook { ${WEBHOOK_FIELDS} } ${ERRORS} } }`;
const DELETE = `mutation($input: WebhookIdInput!) { deleteWebhook(input: $input) { deletedWebhookId ${ERRORS} } }`;
const ROTATE = `mutation($input: RotateWebhookSecretInput!) { rotateWebhookSecret(input: $input) { webhook { id hasSigningSecret } signingSecret ${ERRORS} } }`;
const SEND_TEST = `mutation($input: SendWebhookTestEventInput!) { sendWebhookTestEvent(input: $input) { delivery { ${DELIVERY_FIELDS} } ${ERRORS} } }`;
const REDELIVER = `mutation($input: RedeliverWebhookDeliveryInput!) { redeliverWebhookDelivery(input: $input) { delivery { ${DELIVERY_FIELDS} } ${ERRORS} } }`;
const LIST = `query($first: Int, $after: String) { webhooks(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${WEBHOOK_FIELDS} } } } }`;
const NODE = `query($id: ID!) { node(id: $id) { __typename id } }`;
const DELIVERIES = `query($id: ID!, $first: Int, $after: String, $status: DeliveryStatus) {
  node(id: $id) { ... on Webhook { id deliveries(first: $first, after: $after, status: $status) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${DELIVERY_FIELDS} } } } } }
}`;
const RESOLVE_ALERT = `mutation($input: ResolveAlertInput!) { resolveAlert(input: $input) { alert { id status } ${ERRORS} } }`;
const CREATE_API_CLIENT = `mutation($input: CreateApiClientInput!) { createApiClient(input: $input) { secret ${ERRORS} } }`;

const SIGNING_SECRET = /^whsec_[A-Za-z0-9_-]{43}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

type Payload = { userErrors: { field: string[] | null; message: string; code: string }[]; [key: string]: any };

const codeOf = (result: GraphqlResult) => result.errors?.[0]?.extensions?.code;
const fieldsAndCodes = (payload: Payload) =>
  payload.userErrors.map((error) => `${(error.field ?? []).join('.')} ${error.code}`);

describe('webhooks', () => {
  let two: TwoDistricts;
  let cipher: PersonalDataCipher;
  let listener: Client;
  const notifications: string[] = [];

  beforeAll(async () => {
    two = await startTwoDistricts('wa', 'wb');
    cipher = new PersonalDataCipher(two.t.env.dataEncryptionKey);
    // the worker's side of the outbox: it listens for due deliveries
    listener = new Client({ connectionString: two.t.env.databaseUrl });
    await listener.connect();
    listener.on('notification', (message) => notifications.push(message.payload ?? ''));
    await listener.query('listen webhook_deliveries');
  });
  afterAll(async () => {
    await listener?.end();
    await two?.close();
  });

  const send = (query: string, variables: Record<string, unknown>, token: string, client?: GraphqlClient) =>
    (client ?? two.t.client).request(query, variables, { token });
  async function mutate(
    name: string,
    query: string,
    input: Record<string, unknown>,
    token = two.a.tokens.admin,
    options: { client?: GraphqlClient; language?: string } = {},
  ): Promise<Payload> {
    const result = await (options.client ?? two.t.client).request(
      query,
      { input },
      { token, language: options.language },
    );
    expect(result.errors).toBeUndefined();
    return result.data![name];
  }
  const create = (
    input: Record<string, unknown>,
    token?: string,
    options?: { client?: GraphqlClient; language?: string },
  ) => mutate('createWebhook', CREATE, { events: ['ALERT_OPENED'], ...input }, token, options);
  /** A webhook of district A (GENERIC unless said), created without userErrors. */
  async function webhook(input: Record<string, unknown> = {}): Promise<{ id: string; secret: string | null }> {
    const payload = await create({ url: 'https://receiver.example/hooks/xiaoyuan', ...input });
    expect(payload.userErrors).toEqual([]);
    return { id: payload.webhook.id, secret: payload.signingSecret };
  }
  const storedSecret = async (id: string) => {
    const [row] = await two.t.sql<{ signing_secret_enc: string | null }>(
      `select signing_secret_enc from webhooks where id = $1`,
      [rowId(id)],
    );
    return row.signing_secret_enc;
  };
  const deliveriesOf = (id: string) =>
    two.t.sql<{ id: string; event: string; status: string; test: boolean; payload: any; alert_id: string | null }>(
      `select id, event, status, test, payload, alert_id from webhook_deliveries where webhook_id = $1 order by created_at, id`,
      [rowId(id)],
    );
  let alerts = 0;
  /**
   * An open alert on a courtyard (inserted as the worker's alert engine would, with its OPENED
   * event), each on another KPI: a courtyard has one open alert per KPI.
   */
  async function insertAlert(district: DistrictFixture, courtyard: number, level: 'YELLOW' | 'RED'): Promise<string> {
    const kpi = Object.values(KpiKey)[alerts++ % Object.values(KpiKey).length];
    const [row] = await two.t.sql<{ id: string }>(
      `insert into alerts (tenant_id, courtyard_id, kpi, level, status, period, value, target, street_id, community_id, opened_at)
       select c.tenant_id, c.id, $3, $2, 'OPEN', '2026-10', 0.2, 0.3, c.street_id, c.community_id, now()
         from courtyards c where c.id = $1
       returning id`,
      [rowId(district.courtyards[courtyard]), level, kpi],
    );
    await two.t.sql(
      `insert into alert_events (tenant_id, alert_id, at, action, level, period) values ($1, $2, now(), 'OPENED', $3, '2026-10')`,
      [rowId(district.id), row.id, level],
    );
    return toGlobalId('Alert', row.id);
  }
  /** Waits until the notifications of committed transactions have arrived. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 200));
  /** Forgets the notifications so far, once those still on their way have arrived. */
  const forgetNotifications = async () => {
    await settle();
    notifications.length = 0;
  };

  it('creates a GENERIC webhook: the signing secret is shown once, stored encrypted, never readable again', async () => {
    const payload = await create({
      url: 'https://receiver.example/hooks?x=1',
      events: ['ALERT_OPENED', 'PERIOD_CLOSED'],
    });
    expect(payload.userErrors).toEqual([]);
    expect(payload.signingSecret).toMatch(SIGNING_SECRET);
    expect(payload.webhook).toMatchObject({
      name: null,
      url: 'https://receiver.example/hooks?x=1',
      format: 'GENERIC',
      events: ['ALERT_OPENED', 'PERIOD_CLOSED'],
      enabled: true,
      disabledAt: null,
      disabledReason: null,
      failingSince: null,
      hasSigningSecret: true,
      scope: null,
    });
    expect(payload.webhook.createdAt).toMatch(ISO_INSTANT);
    const stored = await storedSecret(payload.webhook.id);
    expect(stored).not.toContain(payload.signingSecret.slice(6));
    expect(cipher.decrypt(stored)).toBe(payload.signingSecret);

    // never again: no field carries it, the list and node do not show it
    const listed = await send(LIST, { first: 100 }, two.a.tokens.admin);
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.webhooks.edges.map((edge: { node: { id: string } }) => edge.node.id)).toContain(
      payload.webhook.id,
    );
    expect(JSON.stringify(listed.data)).not.toContain(payload.signingSecret);
    for (const field of ['signingSecret', 'secret', 'signingSecretEncrypted']) {
      const asked = await send(`{ webhooks(first: 5) { edges { node { ${field} } } } }`, {}, two.a.tokens.admin);
      expect({ field, code: codeOf(asked) }).toEqual({ field, code: 'GRAPHQL_VALIDATION_FAILED' });
    }

    const [audit] = await two.t.sql<{ actor_kind: string; target_type: string; detail: Record<string, unknown> }>(
      `select actor_kind, target_type, detail from audit_log where operation = 'createWebhook' and target_id = $1`,
      [rowId(payload.webhook.id)],
    );
    expect(audit).toMatchObject({
      actor_kind: 'USER',
      target_type: 'Webhook',
      detail: { ok: true, format: 'GENERIC' },
    });
    expect(JSON.stringify(audit.detail)).not.toContain('receiver.example');
  });

  it("creates the robot formats: WECOM without a secret, DINGTALK and FEISHU with their own, optional; the URL's credential masked", async () => {
    const wecomUrl = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa';
    const wecom = await create({ format: 'WECOM', url: wecomUrl, name: '街道工作群' });
    expect(wecom.userErrors).toEqual([]);
    expect(wecom.signingSecret).toBeNull();
    expect(wecom.webhook).toMatchObject({
      name: '街道工作群',
      format: 'WECOM',
      hasSigningSecret: false,
      url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****5aaa',
    });
    const [row] = await two.t.sql<{ url: string }>(`select url from webhooks where id = $1`, [rowId(wecom.webhook.id)]);
    expect(row.url).toBe(wecomUrl);

    const dingtalk = await create({
      format: 'DINGTALK',
      url: 'https://oapi.dingtalk.com/robot/send?access_token=c0ffee0123456789abcdef',
      secret: 'SEC0123456789abcdef',
    });
    expect(dingtalk.userErrors).toEqual([]);
    expect(dingtalk.signingSecret).toBeNull();
    expect(dingtalk.webhook).toMatchObject({
      hasSigningSecret: true,
      url: 'https://oapi.dingtalk.com/robot/send?access_token=****cdef',
    });
    expect(cipher.decrypt(await storedSecret(dingtalk.webhook.id))).toBe('SEC0123456789abcdef');

    const feishu = await create({
      format: 'FEISHU',
      url: 'https://open.feishu.cn/open-apis/bot/v2/hook/2f1e6b3a-0c4d-4e5f-8a9b-1c2d3e4f5a6b',
    });
    expect(feishu.userErrors).toEqual([]);
    expect(feishu.webhook).toMatchObject({
      hasSigningSecret: false,
      url: 'https://open.feishu.cn/open-apis/bot/v2/hook/****5a6b',
    });
    expect(await storedSecret(feishu.webhook.id)).toBeNull();

    // a secret is the robot's own: GENERIC generates one, WeCom has none
    for (const format of ['GENERIC', 'WECOM']) {
      const refused = await create({ format, url: 'https://receiver.example/', secret: 'mine' });
      expect({ format, errors: fieldsAndCodes(refused), webhook: refused.webhook }).toEqual({
        format,
        errors: ['input.secret INVALID'],
        webhook: null,
      });
    }
    // a form's empty field is no secret
    const blank = await create({ format: 'GENERIC', url: 'https://receiver.example/', secret: ' ' });
    expect(blank.userErrors).toEqual([]);
    expect(blank.signingSecret).toMatch(SIGNING_SECRET);
  });

  it('checks the input: a URL, some events without repeats, a name of at most 100 characters, a unit of its own district', async () => {
    const bad = await create({ url: 'ftp://receiver.example/', events: [], name: 'x'.repeat(101) });
    expect(fieldsAndCodes(bad).sort()).toEqual(['input.events INVALID', 'input.name INVALID', 'input.url INVALID']);
    expect(bad.signingSecret).toBeNull();
    const repeated = await create({
      url: 'https://receiver.example/',
      events: ['ALERT_OPENED', 'ALERT_RESOLVED', 'ALERT_OPENED'],
    });
    expect(fieldsAndCodes(repeated)).toEqual(['input.events.2 INVALID']);
    const notUrl = await create({ url: 'receiver.example/hook' }, two.a.tokens.admin, { language: 'en' });
    expect(notUrl.userErrors).toEqual([
      {
        field: ['input', 'url'],
        code: 'INVALID',
        message:
          'Not a valid webhook URL: an http:// or https:// address without user name or password, at most 2000 characters',
      },
    ]);
    expect(fieldsAndCodes(await create({ url: 'https://user:pw@receiver.example/' }))).toEqual(['input.url INVALID']);
    // outside production plain http and local receivers are taken (developers run one)
    expect((await create({ url: 'http://127.0.0.1:9999/hook', name: '  ' })).webhook).toMatchObject({ name: null });

    const elsewhere = await create({ url: 'https://receiver.example/', scopeId: two.b.streets[0] });
    expect(fieldsAndCodes(elsewhere)).toEqual(['input.scopeId NOT_FOUND']);
    const district = await create({ url: 'https://receiver.example/', scopeId: two.a.id });
    expect(fieldsAndCodes(district)).toEqual(['input.scopeId INVALID']);
    const scoped = await create({ url: 'https://receiver.example/', scopeId: two.a.communities[2] });
    expect(scoped.webhook.scope).toEqual({ __typename: 'Community', id: two.a.communities[2] });
    expect((await send(LIST, { first: 100 }, two.a.tokens.admin)).data!.webhooks.totalCount).toBeGreaterThan(0);
  });

  it('in production takes https only, to public addresses (IPs, and every address a name resolves to)', async () => {
    const names: Record<string, string[]> = {
      'public.example': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
      'internal.example': ['10.0.0.5'],
      'rebind.example': ['93.184.216.34', '192.168.1.20'],
    };
    const lookup: AddressLookup = async (host) =>
      (names[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    const production = await startSiblingApp(two.t, { env: { production: true }, webhookAddressLookup: lookup });
    try {
      const attempt = async (url: string, language = 'en') => {
        const payload = await create({ url }, two.a.tokens.admin, { client: production.client, language });
        return payload.userErrors.map((error) => `${error.field!.join('.')} ${error.code}: ${error.message}`);
      };
      expect(await attempt('http://public.example/hook')).toEqual([
        'input.url INVALID: The webhook URL must use https://',
      ]);
      for (const [url, host] of [
        ['https://127.0.0.1/hook', '127.0.0.1'],
        ['https://[::1]:8443/hook', '::1'],
        ['https://169.254.169.254/latest', '169.254.169.254'],
        ['https://internal.example/hook', 'internal.example'],
        ['https://rebind.example/hook', 'rebind.example'],
      ]) {
        expect({ url, errors: await attempt(url) }).toEqual({
          url,
          errors: [`input.url INVALID: The webhook URL leads to a private, loopback or reserved address (${host})`],
        });
      }
      expect(await attempt('https://nowhere.example/hook')).toEqual([
        'input.url INVALID: The host "nowhere.example" of the webhook URL does not resolve',
      ]);
      expect(await attempt('https://internal.example/hook', 'zh-CN')).toEqual([
        'input.url INVALID: 回调地址指向内网、本机或保留地址（internal.example），不能使用',
      ]);
      expect(await attempt('https://public.example/hook')).toEqual([]);
    } finally {
      await production.close();
    }
  });

  it('is the district admin’s only: other roles and other districts are refused, an API client always', async () => {
    const { id } = await webhook();
    const [delivery] = await two.t.sql<{ id: string }>(
      `insert into webhook_deliveries (tenant_id, webhook_id, event, payload, status) values ($1, $2, 'ALERT_OPENED', '{}', 'FAILED') returning id`,
      [two.ta, rowId(id)],
    );
    const deliveryId = toGlobalId('WebhookDelivery', delivery.id);
    const mutations = (token: string) =>
      Promise.all([
        create({ url: 'https://receiver.example/' }, token),
        mutate('setWebhookEnabled', SET_ENABLED, { id, enabled: false }, token),
        mutate('deleteWebhook', DELETE, { id }, token),
        mutate('rotateWebhookSecret', ROTATE, { id }, token),
        mutate('sendWebhookTestEvent', SEND_TEST, { id }, token),
        mutate('redeliverWebhookDelivery', REDELIVER, { id: deliveryId }, token),
      ]);
    for (const role of ['streetOfficer', 'communityWorker', 'courtyardCommittee', 'viewer'] as const) {
      const token = two.a.tokens[role];
      const codes = (await mutations(token)).map((payload) => fieldsAndCodes(payload).join());
      expect({ role, codes }).toEqual({ role, codes: Array(6).fill('input FORBIDDEN') });
      expect({ role, code: codeOf(await send(LIST, {}, token)) }).toEqual({ role, code: 'FORBIDDEN' });
      for (const nodeId of [id, deliveryId])
        expect({ role, node: (await send(NODE, { id: nodeId }, token)).data?.node }).toEqual({ role, node: null });
    }

    // another district's admin: not found, never a hint
    const other = await mutations(two.b.tokens.admin);
    expect(other.slice(1).map((payload) => fieldsAndCodes(payload).join())).toEqual(
      Array(5).fill('input.id NOT_FOUND'),
    );
    for (const nodeId of [id, deliveryId])
      expect((await send(NODE, { id: nodeId }, two.b.tokens.admin)).data?.node).toBeNull();
    const listed = (await send(LIST, { first: 100 }, two.b.tokens.admin)).data!.webhooks;
    expect(listed.edges.map((edge: { node: { id: string } }) => edge.node.id)).not.toContain(id);

    // a partner's client never manages webhooks, whatever its scopes
    const client = await mutate('createApiClient', CREATE_API_CLIENT, {
      name: 'all scopes',
      scopes: ['KPI_READ', 'RECORDS_READ', 'RECORDS_WRITE', 'ALERTS_READ', 'ALERTS_WRITE'],
    });
    const key = client.secret as string;
    for (const [query, variables] of [
      [CREATE, { input: { url: 'https://receiver.example/', events: ['ALERT_OPENED'] } }],
      [SET_ENABLED, { input: { id, enabled: false } }],
      [DELETE, { input: { id } }],
      [ROTATE, { input: { id } }],
      [SEND_TEST, { input: { id } }],
      [REDELIVER, { input: { id: deliveryId } }],
      [LIST, {}],
      [NODE, { id }],
      [NODE, { id: deliveryId }],
    ] as const) {
      const result = await send(query, variables, key);
      expect({ query: query.slice(0, 40), code: codeOf(result) }).toEqual({
        query: query.slice(0, 40),
        code: 'FORBIDDEN',
      });
    }
    const [row] = await two.t.sql<{ disabled_at: Date | null; deleted_at: Date | null }>(
      `select disabled_at, deleted_at from webhooks where id = $1`,
      [rowId(id)],
    );
    expect(row).toEqual({ disabled_at: null, deleted_at: null });
  });

  it('disables a webhook with the reason, writes no events for it meanwhile, and enables it again', async () => {
    const { id } = await webhook({ events: ['ALERT_OPENED'] });
    const me = await send(`{ me { displayName } }`, {}, two.a.tokens.admin);
    const adminName = me.data!.me.displayName as string;

    const disabled = await mutate('setWebhookEnabled', SET_ENABLED, { id, enabled: false });
    expect(disabled.userErrors).toEqual([]);
    expect(disabled.webhook).toMatchObject({ enabled: false, disabledReason: `由 ${adminName} 停用` });
    expect(disabled.webhook.disabledAt).toMatch(ISO_INSTANT);
    const again = await mutate('setWebhookEnabled', SET_ENABLED, { id, enabled: false }, two.a.tokens.admin, {
      language: 'en',
    });
    expect(again.webhook).toMatchObject({ enabled: false, disabledAt: disabled.webhook.disabledAt });
    expect(again.userErrors).toEqual([]);
    const englishWebhook = await webhook();
    expect(
      (
        await mutate('setWebhookEnabled', SET_ENABLED, { id: englishWebhook.id, enabled: false }, two.a.tokens.admin, {
          language: 'en',
        })
      ).webhook.disabledReason,
    ).toBe(`Disabled by ${adminName}`);

    await insertAlert(two.a, 0, 'YELLOW');
    expect(await deliveriesOf(id)).toEqual([]);

    await two.t.sql(`update webhooks set failing_since = now() - interval '1 day' where id = $1`, [rowId(id)]);
    const enabled = await mutate('setWebhookEnabled', SET_ENABLED, { id, enabled: true });
    expect(enabled.webhook).toMatchObject({
      enabled: true,
      disabledAt: null,
      disabledReason: null,
      failingSince: null,
    });
    await insertAlert(two.a, 1, 'YELLOW');
    expect((await deliveriesOf(id)).map((row) => row.event)).toEqual(['ALERT_OPENED']);

    const audits = await two.t.sql<{ detail: { enabled: boolean } }>(
      `select detail from audit_log where operation = 'setWebhookEnabled' and target_id = $1 order by at`,
      [rowId(id)],
    );
    expect(audits.map((audit) => audit.detail.enabled)).toEqual([false, false, true]);
  });

  it('deletes softly: gone from the list and node(id), its deliveries kept', async () => {
    const { id } = await webhook();
    const test = await mutate('sendWebhookTestEvent', SEND_TEST, { id });
    expect(test.userErrors).toEqual([]);
    const deleted = await mutate('deleteWebhook', DELETE, { id });
    expect(deleted).toEqual({ deletedWebhookId: id, userErrors: [] });

    const listed = (await send(LIST, { first: 100 }, two.a.tokens.admin)).data!.webhooks;
    expect(listed.edges.map((edge: { node: { id: string } }) => edge.node.id)).not.toContain(id);
    expect((await send(NODE, { id }, two.a.tokens.admin)).data?.node).toBeNull();
    expect((await send(NODE, { id: test.delivery.id }, two.a.tokens.admin)).data?.node).toBeNull();
    const [row] = await two.t.sql<{ deleted_at: Date | null }>(`select deleted_at from webhooks where id = $1`, [
      rowId(id),
    ]);
    expect(row.deleted_at).not.toBeNull();
    expect(await deliveriesOf(id)).toHaveLength(1);

    for (const [name, query, input] of [
      ['deleteWebhook', DELETE, { id }],
      ['setWebhookEnabled', SET_ENABLED, { id, enabled: false }],
      ['rotateWebhookSecret', ROTATE, { id }],
      ['sendWebhookTestEvent', SEND_TEST, { id }],
      ['redeliverWebhookDelivery', REDELIVER, { id: test.delivery.id }],
    ] as const) {
      expect({ name, errors: fieldsAndCodes(await mutate(name, query, input)) }).toEqual({
        name,
        errors: ['input.id NOT_FOUND'],
      });
    }
    // events are no longer written for it
    await insertAlert(two.a, 2, 'YELLOW');
    expect(await deliveriesOf(id)).toHaveLength(1);
  });

  it('rotates secrets: a new GENERIC one shown once, a robot’s own replaced or dropped, none for WeCom', async () => {
    const generic = await webhook();
    const rotated = await mutate('rotateWebhookSecret', ROTATE, { id: generic.id });
    expect(rotated.userErrors).toEqual([]);
    expect(rotated.signingSecret).toMatch(SIGNING_SECRET);
    expect(rotated.signingSecret).not.toBe(generic.secret);
    expect(cipher.decrypt(await storedSecret(generic.id))).toBe(rotated.signingSecret);
    const given = await mutate('rotateWebhookSecret', ROTATE, { id: generic.id, secret: 'whsec_mine' });
    expect(fieldsAndCodes(given)).toEqual(['input.secret INVALID']);
    expect(given.signingSecret).toBeNull();
    expect(cipher.decrypt(await storedSecret(generic.id))).toBe(rotated.signingSecret);

    const robot = await webhook({
      format: 'DINGTALK',
      url: 'https://oapi.dingtalk.com/robot/send?access_token=abcdef123456',
    });
    const replaced = await mutate('rotateWebhookSecret', ROTATE, { id: robot.id, secret: 'SECnew' });
    expect(replaced).toEqual({
      webhook: { id: robot.id, hasSigningSecret: true },
      signingSecret: null,
      userErrors: [],
    });
    expect(cipher.decrypt(await storedSecret(robot.id))).toBe('SECnew');
    const dropped = await mutate('rotateWebhookSecret', ROTATE, { id: robot.id, secret: null });
    expect(dropped.webhook).toEqual({ id: robot.id, hasSigningSecret: false });
    expect(await storedSecret(robot.id)).toBeNull();

    const wecom = await webhook({ format: 'WECOM', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc' });
    expect(fieldsAndCodes(await mutate('rotateWebhookSecret', ROTATE, { id: wecom.id }))).toEqual(['input.id INVALID']);

    const [audit] = await two.t.sql<{ detail: Record<string, unknown> }>(
      `select detail from audit_log where operation = 'rotateWebhookSecret' and target_id = $1 and (detail->>'ok')::boolean`,
      [rowId(generic.id)],
    );
    expect(JSON.stringify(audit.detail)).not.toContain(rotated.signingSecret);
  });

  it('sends test events: an example of each event as the outbox writes it, due at once', async () => {
    const { id } = await webhook({ events: ['ALERT_RESOLVED'] });
    await forgetNotifications();
    const opened = await mutate('sendWebhookTestEvent', SEND_TEST, { id });
    expect(opened.userErrors).toEqual([]);
    expect(opened.delivery).toMatchObject({
      event: 'ALERT_OPENED',
      status: 'PENDING',
      attempts: 0,
      lastAttemptAt: null,
      responseStatus: null,
      test: true,
      attemptLog: [],
    });
    expect(opened.delivery.nextAttemptAt).toMatch(ISO_INSTANT);
    const body = JSON.parse(opened.delivery.body);
    expect(body).toEqual({
      id: opened.delivery.id,
      event: 'ALERT_OPENED',
      occurredAt: expect.stringMatching(ISO_INSTANT),
      district: { id: two.a.id, code: 'wa' },
      data: {
        alert: {
          id: expect.any(String),
          kpi: 'PARTICIPATION_RATE',
          level: 'YELLOW',
          status: 'OPEN',
          period: expect.stringMatching(/^\d{4}-\d{2}$/),
          value: 0.25,
          target: 0.3,
          // the district's first courtyard by code, and its community (a yellow alert's unit)
          courtyard: { id: two.a.courtyards[0], code: 'wa-Y1', name: 'wa 小院 1' },
          assignedTo: { id: two.a.communities[0], name: 'wa 社区 1' },
        },
      },
    });
    await settle();
    expect(notifications).toContain(two.ta);

    const escalated = await mutate('sendWebhookTestEvent', SEND_TEST, { id, event: 'ALERT_ESCALATED' });
    expect(JSON.parse(escalated.delivery.body).data.alert).toMatchObject({
      level: 'RED',
      status: 'OPEN',
      assignedTo: { id: two.a.streets[0], name: 'wa 街道 1' },
    });
    const resolved = await mutate('sendWebhookTestEvent', SEND_TEST, { id, event: 'ALERT_RESOLVED' });
    expect(JSON.parse(resolved.delivery.body).data.alert).toMatchObject({ level: 'YELLOW', status: 'RESOLVED' });
    const closed = await mutate('sendWebhookTestEvent', SEND_TEST, { id, event: 'PERIOD_CLOSED' });
    const closedBody = JSON.parse(closed.delivery.body);
    expect(closedBody.data).toEqual({ period: body.data.alert.period });

    const rows = await deliveriesOf(id);
    expect(rows.map((row) => [row.event, row.test, row.status])).toEqual([
      ['ALERT_OPENED', true, 'PENDING'],
      ['ALERT_ESCALATED', true, 'PENDING'],
      ['ALERT_RESOLVED', true, 'PENDING'],
      ['PERIOD_CLOSED', true, 'PENDING'],
    ]);

    // the same shape as the trigger's, key for key
    const scoped = await webhook({ events: ['ALERT_OPENED'], scopeId: two.a.streets[1] });
    const example = JSON.parse((await mutate('sendWebhookTestEvent', SEND_TEST, { id: scoped.id })).delivery.body);
    expect(example.data.alert.courtyard.id).toBe(two.a.courtyards[3]);
    await insertAlert(two.a, 3, 'YELLOW');
    const real = (await deliveriesOf(scoped.id)).find((row) => !row.test)!;
    const shape = (value: unknown): unknown =>
      value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shape(inner)]))
        : typeof value;
    expect(shape(real.payload)).toEqual(
      shape({ occurredAt: example.occurredAt, district: example.district, data: example.data }),
    );

    // not to a disabled webhook
    await mutate('setWebhookEnabled', SET_ENABLED, { id, enabled: false });
    const refused = await mutate('sendWebhookTestEvent', SEND_TEST, { id }, two.a.tokens.admin, { language: 'en' });
    expect(refused).toEqual({
      delivery: null,
      userErrors: [{ field: ['input', 'id'], code: 'INVALID', message: 'This webhook is disabled: enable it first' }],
    });
    expect(await deliveriesOf(id)).toHaveLength(4);
  });

  it('redelivers a delivery that is not pending: once, by hand, and the worker hears of it', async () => {
    const { id } = await webhook();
    const test = await mutate('sendWebhookTestEvent', SEND_TEST, { id });
    const deliveryId = test.delivery.id as string;
    const pending = await mutate('redeliverWebhookDelivery', REDELIVER, { id: deliveryId });
    expect(fieldsAndCodes(pending)).toEqual(['input.id INVALID']);

    // as the worker leaves a delivery after its last failed attempt
    await two.t.sql(
      `update webhook_deliveries set status = 'FAILED', attempts = 8, last_attempt_at = now(), response_status = 500,
         next_attempt_at = null, claimed_until = now() + interval '1 minute' where id = $1`,
      [rowId(deliveryId)],
    );
    await forgetNotifications();
    const redelivered = await mutate('redeliverWebhookDelivery', REDELIVER, { id: deliveryId });
    expect(redelivered.userErrors).toEqual([]);
    expect(redelivered.delivery).toMatchObject({ id: deliveryId, status: 'PENDING', attempts: 8, responseStatus: 500 });
    expect(redelivered.delivery.nextAttemptAt).toMatch(ISO_INSTANT);
    const [row] = await two.t.sql<{ auto_retry: boolean; claimed_until: Date | null; due: boolean }>(
      `select auto_retry, claimed_until, next_attempt_at <= now() as due from webhook_deliveries where id = $1`,
      [rowId(deliveryId)],
    );
    expect(row).toEqual({ auto_retry: false, claimed_until: null, due: true });
    await settle();
    expect(notifications).toEqual([two.ta]);
    expect(fieldsAndCodes(await mutate('redeliverWebhookDelivery', REDELIVER, { id: deliveryId }))).toEqual([
      'input.id INVALID',
    ]);

    await two.t.sql(`update webhook_deliveries set status = 'SUCCEEDED', next_attempt_at = null where id = $1`, [
      rowId(deliveryId),
    ]);
    expect((await mutate('redeliverWebhookDelivery', REDELIVER, { id: deliveryId })).delivery.status).toBe('PENDING');

    // not for a disabled webhook; not with the id of something else
    await two.t.sql(`update webhook_deliveries set status = 'FAILED' where id = $1`, [rowId(deliveryId)]);
    await mutate('setWebhookEnabled', SET_ENABLED, { id, enabled: false });
    expect(fieldsAndCodes(await mutate('redeliverWebhookDelivery', REDELIVER, { id: deliveryId }))).toEqual([
      'input.id INVALID',
    ]);
    expect(fieldsAndCodes(await mutate('redeliverWebhookDelivery', REDELIVER, { id }))).toEqual(['input.id NOT_FOUND']);
    const audits = await two.t.sql<{ detail: { ok: boolean } }>(
      `select detail from audit_log where operation = 'redeliverWebhookDelivery' and target_id = $1 order by at`,
      [rowId(deliveryId)],
    );
    expect(audits.map((audit) => audit.detail.ok)).toEqual([true, true]);
  });

  it('lists a webhook’s deliveries newest first, by status, with each attempt', async () => {
    const { id } = await webhook();
    const statuses = ['SUCCEEDED', 'FAILED', 'PENDING', 'FAILED', 'SUCCEEDED'];
    const ids: string[] = [];
    for (const [index, status] of statuses.entries()) {
      // two rows in the same microsecond: the id breaks the tie
      const [row] = await two.t.sql<{ id: string }>(
        `insert into webhook_deliveries (tenant_id, webhook_id, event, payload, status, attempts, created_at)
         values ($1, $2, 'ALERT_OPENED', $3, $4, $5, timestamptz '2026-11-01 08:00:00.123456+00' + $6 * interval '1 microsecond')
         returning id`,
        [
          two.ta,
          rowId(id),
          {
            occurredAt: '2026-11-01T08:00:00.000Z',
            district: { id: two.a.id, code: 'wa' },
            data: { period: '2026-10' },
          },
          status,
          status === 'PENDING' ? 0 : 2,
          Math.min(index, 3),
        ],
      );
      ids.push(toGlobalId('WebhookDelivery', row.id));
    }
    const attempts = [
      [ids[1], 1, 200, 502, 'HTTP_STATUS 502'],
      [ids[1], 2, 10_000, null, 'TIMEOUT'],
      [ids[0], 2, 80, 204, null],
      [ids[0], 1, 10_000, null, 'CONNECTION_FAILED ECONNREFUSED'],
    ] as const;
    for (const [delivery, attempt, duration, status, error] of attempts) {
      await two.t.sql(
        `insert into webhook_delivery_attempts (tenant_id, delivery_id, attempt, at, duration_ms, response_status, error)
         values ($1, $2, $3::int, timestamptz '2026-11-01 08:00:00+00' + $3::int * interval '1 minute', $4, $5, $6)`,
        [two.ta, rowId(delivery), attempt, duration, status, error],
      );
    }

    const all: { id: string; status: string; attemptLog: any[]; body: string }[] = [];
    let after: string | null = null;
    for (;;) {
      const result: GraphqlResult = await send(DELIVERIES, { id, first: 2, after }, two.a.tokens.admin);
      expect(result.errors).toBeUndefined();
      const page = result.data!.node.deliveries;
      expect(page.totalCount).toBe(5);
      all.push(...page.edges.map((edge: { node: any }) => edge.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const byTime = await two.t.sql<{ id: string }>(
      `select id from webhook_deliveries where webhook_id = $1 order by created_at desc, id desc`,
      [rowId(id)],
    );
    expect(all.map((node) => node.id)).toEqual(byTime.map((row) => toGlobalId('WebhookDelivery', row.id)));

    const failed = await send(DELIVERIES, { id, first: 10, status: 'FAILED' }, two.a.tokens.admin);
    const failedNodes = failed.data!.node.deliveries.edges.map((edge: { node: any }) => edge.node);
    expect(failed.data!.node.deliveries.totalCount).toBe(2);
    expect(failedNodes.map((node: { id: string }) => node.id).sort()).toEqual([ids[1], ids[3]].sort());
    expect(failedNodes.find((node: { id: string }) => node.id === ids[1]).attemptLog).toEqual([
      { attempt: 1, at: '2026-11-01T08:01:00.000Z', durationMs: 200, responseStatus: 502, error: 'HTTP_STATUS 502' },
      { attempt: 2, at: '2026-11-01T08:02:00.000Z', durationMs: 10000, responseStatus: null, error: 'TIMEOUT' },
    ]);
    const succeeded = all.find((node) => node.id === ids[0])!;
    expect(succeeded.attemptLog.map((attempt) => attempt.attempt)).toEqual([1, 2]);
    expect(JSON.parse(succeeded.body)).toEqual({
      id: ids[0],
      event: 'ALERT_OPENED',
      occurredAt: '2026-11-01T08:00:00.000Z',
      district: { id: two.a.id, code: 'wa' },
      data: { period: '2026-10' },
    });
    const node = await send(
      `query($id: ID!) { node(id: $id) { ... on WebhookDelivery { ${DELIVERY_FIELDS} } } }`,
      { id: ids[1] },
      two.a.tokens.admin,
    );
    expect(node.data!.node).toMatchObject({ id: ids[1], status: 'FAILED', nextAttemptAt: null, test: false });

    const badCursor = await send(
      DELIVERIES,
      { id, first: 2, after: Buffer.from('["x","00000000-0000-0000-0000-000000000000"]').toString('base64url') },
      two.a.tokens.admin,
    );
    expect(codeOf(badCursor)).toBe('BAD_USER_INPUT');

    // every webhook of a page with its deliveries and their attempts, in one response
    const nested = await send(
      `{ webhooks(first: 50) { edges { node { id deliveries(first: 5) { totalCount edges { node { id attemptLog { attempt } } } } } } } }`,
      {},
      two.a.tokens.admin,
    );
    expect(nested.errors).toBeUndefined();
    const mine = nested.data!.webhooks.edges.find((edge: { node: { id: string } }) => edge.node.id === id);
    expect(mine.node.deliveries.totalCount).toBe(5);
  });

  it('lists webhooks newest first, a page at a time', async () => {
    const created = [await webhook(), await webhook(), await webhook()].map((hook) => hook.id);
    const first = (await send(LIST, { first: 2 }, two.a.tokens.admin)).data!.webhooks;
    expect(first.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([created[2], created[1]]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await send(LIST, { first: 1, after: first.pageInfo.endCursor }, two.a.tokens.admin)).data!.webhooks;
    expect(second.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([created[0]]);
    const [{ count }] = await two.t.sql<{ count: string }>(
      `select count(*) from webhooks where tenant_id = $1 and deleted_at is null`,
      [two.ta],
    );
    expect(first.totalCount).toBe(Number(count));
  });

  describe('the outbox', () => {
    it('resolving an alert by hand writes its ALERT_RESOLVED delivery in the same transaction', async () => {
      const wanted = await webhook({ events: ['ALERT_RESOLVED'] });
      const elsewhere = await webhook({ events: ['ALERT_RESOLVED'], scopeId: two.a.streets[1] });
      const other = await webhook({ events: ['ALERT_OPENED'] });
      const alertId = await insertAlert(two.a, 0, 'RED');
      await forgetNotifications();

      const resolved = await mutate('resolveAlert', RESOLVE_ALERT, { alertId, note: '已督办完成' });
      expect(resolved.userErrors).toEqual([]);
      const rows = (await deliveriesOf(wanted.id)).filter((row) => row.event === 'ALERT_RESOLVED');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: 'PENDING', test: false, alert_id: rowId(alertId) });
      expect(rows[0].payload.data.alert).toMatchObject({
        id: alertId,
        status: 'RESOLVED',
        level: 'RED',
        courtyard: { id: two.a.courtyards[0] },
        assignedTo: { id: two.a.streets[0] },
      });
      const [sameTransaction] = await two.t.sql<{ same: boolean }>(
        `select d.xmin::text = e.xmin::text as same
           from webhook_deliveries d join alert_events e on e.alert_id = d.alert_id and e.action = 'RESOLVED'
          where d.id = $1`,
        [rows[0].id],
      );
      expect(sameTransaction.same).toBe(true);
      expect((await deliveriesOf(elsewhere.id)).filter((row) => row.event === 'ALERT_RESOLVED')).toEqual([]);
      expect((await deliveriesOf(other.id)).filter((row) => row.event === 'ALERT_RESOLVED')).toEqual([]);
      await settle();
      expect(notifications).toContain(two.ta);

      const shown = await send(DELIVERIES, { id: wanted.id, first: 5 }, two.a.tokens.admin);
      const body = JSON.parse(shown.data!.node.deliveries.edges[0].node.body);
      expect(body).toMatchObject({
        id: toGlobalId('WebhookDelivery', rows[0].id),
        event: 'ALERT_RESOLVED',
        district: { id: two.a.id, code: 'wa' },
      });
    });

    it('a resolve that is rolled back writes none', async () => {
      const wanted = await webhook({ events: ['ALERT_RESOLVED'] });
      const alertId = await insertAlert(two.a, 1, 'YELLOW');
      await forgetNotifications();
      // the second field fails (the platform operator's mutation), so the request's transaction is
      // rolled back after the resolve wrote its event
      const result = await send(
        `mutation($input: ResolveAlertInput!) {
          resolveAlert(input: $input) { alert { id status } userErrors { code } }
          createDistrict(input: { name: "x", code: "wx", adminEmail: "x@wx.test", adminPassword: "long-enough-password" }) { district { id } }
        }`,
        { input: { alertId, note: '已化解' } },
        two.a.tokens.admin,
      );
      expect(result.data).toBeNull();
      expect(codeOf(result)).toBe('FORBIDDEN');
      expect(await deliveriesOf(wanted.id)).toEqual([]);
      const [alert] = await two.t.sql<{ status: string; events: number }>(
        `select a.status, (select count(*)::int from alert_events e where e.alert_id = a.id) as events from alerts a where a.id = $1`,
        [rowId(alertId)],
      );
      expect(alert).toEqual({ status: 'OPEN', events: 1 });
      await settle();
      expect(notifications).toEqual([]);

      // the same resolve on its own commits, with its delivery
      expect((await mutate('resolveAlert', RESOLVE_ALERT, { alertId, note: '已化解' })).userErrors).toEqual([]);
      expect((await deliveriesOf(wanted.id)).map((row) => row.event)).toEqual(['ALERT_RESOLVED']);
    });
  });
});
