import ElementPlus from 'element-plus';
import { afterEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { AlertFieldsFragment, SessionUserFieldsFragment } from '@/graphql/generated/graphql';
import { setGraphqlExecutor } from '@/graphql/graphql-client';
import { i18n } from '@/i18n/i18n';
import { useSessionStore } from '@/stores/session.store';
import { fakeGraphql } from '@/test-support/fake-graphql';
import { mountWithApp, settle } from '@/test-support/mount-app';
import AlertInboxPage from './alert-inbox-page.vue';

const STREET = { __typename: 'Street' as const, id: 'U3RyZWV0OjE=', name: '光明街道' };

function alertNode(overrides: Partial<AlertFieldsFragment> = {}): AlertFieldsFragment {
  return {
    id: 'QWxlcnQ6MQ==',
    level: 'RED',
    kpi: 'INSTITUTION_COMPLETENESS',
    period: '2026-10',
    value: 0.2,
    target: 0.7,
    status: 'OPEN',
    openedAt: '2026-11-01T00:30:00.000Z',
    courtyard: {
      id: 'Q291cnR5YXJkOjE=',
      name: '柳荫里 3 号院',
      code: 'XY0049',
      community: { id: 'C1', name: '振兴社区', street: { id: STREET.id, name: STREET.name } },
    },
    assignedTo: STREET,
    history: [{ at: '2026-11-01T00:30:00.000Z', action: 'OPENED', note: null, actorKind: 'SYSTEM', actorName: null }],
    ...overrides,
  };
}

function connection(nodes: AlertFieldsFragment[]) {
  return {
    alerts: {
      totalCount: nodes.length,
      pageInfo: { hasNextPage: false, endCursor: null },
      edges: nodes.map((node) => ({ cursor: node.id, node })),
    },
  };
}

const all = (selector: string) => [...document.querySelectorAll<HTMLElement>(`[data-test="${selector}"]`)];

async function mountInbox(user: SessionUserFieldsFragment, handlers: Parameters<typeof fakeGraphql>[0]) {
  const fake = fakeGraphql({
    Streets: () => ({
      district: { streets: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } },
    }),
    ...handlers,
  });
  setGraphqlExecutor(fake.executor);
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/alerts', name: 'alerts', component: AlertInboxPage },
      { path: '/courtyards/:id', name: 'courtyard-detail', component: { template: '<div />' } },
    ],
  });
  await router.push('/alerts?level=RED');
  // mountWithApp's own plugins are replaced by these: Pinia stays the active one it sets.
  const wrapper = mountWithApp(AlertInboxPage, { global: { plugins: [i18n, ElementPlus, router] } });
  useSessionStore().user = user;
  await settle(10);
  return { wrapper, ...fake };
}

const officer = (scope = STREET): SessionUserFieldsFragment => ({
  id: 'U1',
  email: 's@x',
  displayName: '街道干部',
  role: 'STREET_OFFICER',
  mustChangePassword: false,
  district: null,
  scope,
});

describe('AlertInboxPage', () => {
  afterEach(() => {
    setGraphqlExecutor(null);
    document.body.innerHTML = '';
  });

  it('filters by the address and offers 签收 to the officer of the assigned street only', async () => {
    const { calls } = await mountInbox(officer(), { Alerts: () => connection([alertNode()]) });
    expect(calls.find((call) => call.operation === 'Alerts')?.variables.filter).toEqual({
      status: 'OPEN',
      level: 'RED',
    });
    expect(all('alert-acknowledge')).toHaveLength(1);
    expect(all('alert-resolve')).toHaveLength(1);
  });

  it('hides the buttons from an officer of another street and from the viewer', async () => {
    await mountInbox(officer({ ...STREET, id: 'other' }), { Alerts: () => connection([alertNode()]) });
    expect(all('alert-acknowledge')).toHaveLength(0);
    document.body.innerHTML = '';
    await mountInbox({ ...officer(), role: 'VIEWER', scope: null }, { Alerts: () => connection([alertNode()]) });
    expect(all('alert-acknowledge')).toHaveLength(0);
  });

  it('shows the server FORBIDDEN on the dialog and the new status after a successful acknowledgement', async () => {
    let answer: 'forbidden' | 'ok' = 'forbidden';
    const { calls } = await mountInbox(officer(), {
      Alerts: () => connection([alertNode()]),
      AcknowledgeAlert: (variables) =>
        answer === 'forbidden'
          ? {
              acknowledgeAlert: {
                alert: null,
                userErrors: [{ field: ['input', 'alertId'], message: '无权处理此预警', code: 'FORBIDDEN' }],
              },
            }
          : {
              acknowledgeAlert: {
                alert: alertNode({
                  status: 'ACKNOWLEDGED',
                  history: [
                    ...alertNode().history,
                    {
                      at: '2026-11-02T01:00:00.000Z',
                      action: 'ACKNOWLEDGED',
                      note: (variables.input as { note: string }).note,
                      actorKind: 'USER',
                      actorName: '街道干部',
                    },
                  ],
                }),
                userErrors: [],
              },
            },
    });
    all('alert-acknowledge')[0]!.click();
    await settle();
    const note = document.querySelector<HTMLTextAreaElement>('[data-test="alert-action-dialog"] textarea')!;
    note.value = '已约谈';
    note.dispatchEvent(new Event('input'));
    await nextTick();
    all('alert-action-submit')[0]!.click();
    await settle(10);
    expect(calls.filter((call) => call.operation === 'AcknowledgeAlert')[0]?.variables).toEqual({
      input: { alertId: 'QWxlcnQ6MQ==', note: '已约谈' },
    });
    expect(all('form-errors')[0]?.textContent).toContain('无权处理此预警');

    answer = 'ok';
    all('alert-action-submit')[0]!.click();
    await settle(10);
    expect(all('alert-status')[0]?.textContent?.trim()).toBe('已签收');
    expect(all('alert-acknowledge')).toHaveLength(0);
    expect(all('alert-resolve')).toHaveLength(1);
  });
});
