import { afterEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import type { ApiClientFieldsFragment } from '@/graphql/generated/graphql';
import { setGraphqlExecutor } from '@/graphql/graphql-client';
import { fakeGraphql } from '@/test-support/fake-graphql';
import { mountWithApp, settle } from '@/test-support/mount-app';
import ApiClientsTab from './api-clients-tab.vue';

const byTest = (name: string) => document.querySelector<HTMLElement>(`[data-test="${name}"]`);
const all = (name: string) => [...document.querySelectorAll<HTMLElement>(`[data-test="${name}"]`)];
const connection = <Node>(nodes: Node[]) => ({
  totalCount: nodes.length,
  pageInfo: { hasNextPage: false, endCursor: null },
  edges: nodes.map((node, index) => ({ cursor: String(index), node })),
});
const SECRET = 'xyk_Q2xpZW50U2VjcmV0T25jZU9ubHlTaG93bkhlcmU';

const client: ApiClientFieldsFragment = {
  id: 'QXBpQ2xpZW50OjE=',
  name: '议事小程序',
  scopes: ['KPI_READ', 'ALERTS_READ'],
  scope: { __typename: 'Street', id: 'U3RyZWV0OjE=', name: '光明街道' },
  createdAt: '2026-12-07T08:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
};

describe('ApiClientsTab', () => {
  afterEach(() => {
    setGraphqlExecutor(null);
    document.body.innerHTML = '';
  });

  it('shows the new key once, with its warning, and never again after the dialog is closed', async () => {
    const clients: ApiClientFieldsFragment[] = [];
    const { executor, calls } = fakeGraphql({
      ApiClients: () => ({ apiClients: connection(clients) }),
      Streets: () => ({ district: { streets: connection([]) } }),
      CreateApiClient: () => {
        clients.push(client);
        return { createApiClient: { apiClient: client, secret: SECRET, userErrors: [] } };
      },
    });
    setGraphqlExecutor(executor);
    const wrapper = mountWithApp(ApiClientsTab);
    await settle();
    expect(all('api-client-row-name')).toHaveLength(0);

    byTest('api-client-new')!.click();
    await settle();
    const name = document.querySelector<HTMLInputElement>('input[data-test="api-client-name"]')!;
    name.value = '议事小程序';
    name.dispatchEvent(new Event('input'));
    await nextTick();
    byTest('api-client-scope-KPI_READ')!.querySelector('input')!.click();
    await settle();
    byTest('api-client-scope-ALERTS_READ')!.querySelector('input')!.click();
    await settle();
    expect(byTest('api-client-dialog')?.textContent).toContain('各级指标、趋势和报表');
    byTest('api-client-submit')!.click();
    await settle(10);

    expect(calls.find((call) => call.operation === 'CreateApiClient')?.variables).toEqual({
      input: { name: '议事小程序', scopes: ['KPI_READ', 'ALERTS_READ'], scopeId: null },
    });
    expect(document.querySelector<HTMLInputElement>('input[data-test="secret-value"]')?.value).toBe(SECRET);
    expect(byTest('secret-warning')?.textContent).toContain('关闭后无法再次查看');
    // the list behind it already has the client, its scopes as tags and its subtree
    expect(all('api-client-row-name').map((cell) => cell.textContent)).toEqual(['议事小程序']);
    expect(byTest('api-client-table')?.textContent).toContain('读取预警');
    expect(byTest('api-client-table')?.textContent).toContain('街道 · 光明街道');

    byTest('secret-done')!.click();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(document.body.innerHTML).not.toContain(SECRET);
    wrapper.unmount();
  });

  it('asks for a name and at least one scope before calling the server', async () => {
    const { executor, calls } = fakeGraphql({
      ApiClients: () => ({ apiClients: connection([]) }),
      Streets: () => ({ district: { streets: connection([]) } }),
    });
    setGraphqlExecutor(executor);
    const wrapper = mountWithApp(ApiClientsTab);
    await settle();
    byTest('api-client-new')!.click();
    await settle();
    byTest('api-client-submit')!.click();
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 150));
    const errors = [...document.querySelectorAll('.el-form-item__error')].map((element) => element.textContent?.trim());
    expect(errors).toEqual(['请填写名称', '请选择权限']);
    expect(calls.some((call) => call.operation === 'CreateApiClient')).toBe(false);
    wrapper.unmount();
  });
});
