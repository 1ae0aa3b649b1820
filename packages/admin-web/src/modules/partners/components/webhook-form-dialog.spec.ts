import { afterEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import type { WebhookFieldsFragment } from '@/graphql/generated/graphql';
import { setGraphqlExecutor } from '@/graphql/graphql-client';
import { fakeGraphql } from '@/test-support/fake-graphql';
import { mountWithApp, settle } from '@/test-support/mount-app';
import WebhookFormDialog from './webhook-form-dialog.vue';

const byTest = (name: string) => document.querySelector<HTMLElement>(`[data-test="${name}"]`);
const EMPTY = { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] };

async function type(name: string, value: string) {
  const element = byTest(name);
  const input = (element instanceof HTMLInputElement ? element : element?.querySelector('input')) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await nextTick();
}

async function click(name: string) {
  const element = byTest(name);
  if (!element) throw new Error(`missing ${name}`);
  (element.querySelector('input') ?? element).click();
  await settle();
}

function webhook(overrides: Partial<WebhookFieldsFragment> = {}): WebhookFieldsFragment {
  return {
    id: 'V2ViaG9vazox',
    name: null,
    url: 'https://partner.example/hooks',
    format: 'GENERIC',
    events: ['ALERT_OPENED'],
    scope: null,
    enabled: true,
    disabledAt: null,
    disabledReason: null,
    failingSince: null,
    hasSigningSecret: true,
    createdAt: '2026-12-07T08:00:00.000Z',
    ...overrides,
  };
}

async function openDialog(handlers: Parameters<typeof fakeGraphql>[0] = {}) {
  const fake = fakeGraphql({ Streets: () => ({ district: { streets: EMPTY } }), ...handlers });
  setGraphqlExecutor(fake.executor);
  const wrapper = mountWithApp(WebhookFormDialog, { props: { modelValue: false } });
  await wrapper.setProps({ modelValue: true });
  await settle();
  return { wrapper, ...fake };
}

describe('WebhookFormDialog', () => {
  afterEach(() => {
    setGraphqlExecutor(null);
    document.body.innerHTML = '';
  });

  it('asks for a robot secret only for DingTalk and Feishu', async () => {
    const { wrapper } = await openDialog();
    expect(byTest('webhook-format-hint')?.textContent).toContain('X-Xiaoyuan-Signature');
    expect(byTest('webhook-secret')).toBeNull();

    await click('webhook-format-DINGTALK');
    expect(byTest('webhook-secret')).not.toBeNull();
    await click('webhook-format-WECOM');
    expect(byTest('webhook-secret')).toBeNull();
    await click('webhook-format-FEISHU');
    expect(byTest('webhook-secret')).not.toBeNull();
    await click('webhook-format-GENERIC');
    expect(byTest('webhook-secret')).toBeNull();
    wrapper.unmount();
  });

  it("sends a robot's secret with its format, and none once the format is GENERIC again", async () => {
    const { wrapper, calls } = await openDialog({
      CreateWebhook: (variables) => ({
        createWebhook: {
          webhook: webhook({ format: (variables.input as { format: 'GENERIC' }).format }),
          signingSecret: null,
          userErrors: [],
        },
      }),
    });
    await click('webhook-format-DINGTALK');
    await type('webhook-url', ' https://oapi.dingtalk.com/robot/send?access_token=abc ');
    await type('webhook-secret', 'SEC123');
    await click('webhook-event-ALERT_OPENED');
    await click('webhook-submit');
    expect(calls.find((call) => call.operation === 'CreateWebhook')?.variables).toEqual({
      input: {
        name: null,
        format: 'DINGTALK',
        url: 'https://oapi.dingtalk.com/robot/send?access_token=abc',
        events: ['ALERT_OPENED'],
        scopeId: null,
        secret: 'SEC123',
      },
    });

    await wrapper.setProps({ modelValue: false });
    await wrapper.setProps({ modelValue: true });
    await settle();
    await click('webhook-format-FEISHU');
    await type('webhook-secret', 'left over');
    await click('webhook-format-GENERIC');
    await type('webhook-url', 'https://partner.example/hooks');
    await click('webhook-event-PERIOD_CLOSED');
    await click('webhook-submit');
    const second = calls.filter((call) => call.operation === 'CreateWebhook')[1]?.variables.input;
    expect(second).toMatchObject({ format: 'GENERIC', events: ['PERIOD_CLOSED'] });
    expect(second).not.toHaveProperty('secret');
    wrapper.unmount();
  });

  it('checks URL and events on the client, then puts the server userErrors on their fields', async () => {
    const { wrapper, calls } = await openDialog({
      CreateWebhook: () => ({
        createWebhook: {
          webhook: null,
          signingSecret: null,
          userErrors: [
            { field: ['input', 'url'], message: '生产环境只接受 https 地址', code: 'INVALID' },
            { field: ['input', 'secret'], message: '此格式不接受密钥', code: 'INVALID' },
          ],
        },
      }),
    });
    await type('webhook-url', 'ftp://nope');
    await click('webhook-submit');
    expect(calls.filter((call) => call.operation === 'CreateWebhook')).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const clientErrors = [...document.querySelectorAll('.el-form-item__error')].map((e) => e.textContent?.trim());
    expect(clientErrors).toEqual(expect.arrayContaining([expect.stringContaining('http'), '请选择事件']));

    await type('webhook-url', 'http://partner.example/hooks');
    await click('webhook-event-ALERT_RESOLVED');
    await click('webhook-submit');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const serverErrors = [...document.querySelectorAll('.el-form-item__error')].map((e) => e.textContent?.trim());
    expect(serverErrors).toEqual(['生产环境只接受 https 地址']);
    // no secret field for GENERIC: its error goes above the form
    expect(byTest('form-errors')?.textContent).toContain('此格式不接受密钥');
    expect(wrapper.emitted('created')).toBeUndefined();
    wrapper.unmount();
  });

  it('hands the signing secret of a new GENERIC webhook to the page and closes', async () => {
    const created = webhook();
    const { wrapper } = await openDialog({
      CreateWebhook: () => ({ createWebhook: { webhook: created, signingSecret: 'whsec_abc', userErrors: [] } }),
    });
    await type('webhook-url', created.url);
    await click('webhook-event-ALERT_OPENED');
    await click('webhook-submit');
    expect(wrapper.emitted('created')).toEqual([[{ webhook: created, signingSecret: 'whsec_abc' }]]);
    expect(wrapper.emitted('update:modelValue')).toEqual([[false]]);
    wrapper.unmount();
  });
});
