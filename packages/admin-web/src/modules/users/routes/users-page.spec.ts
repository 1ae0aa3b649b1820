import { afterEach, describe, expect, it } from 'vitest';
import type { ManagedUserFieldsFragment, SessionUserFieldsFragment } from '@/graphql/generated/graphql';
import { setGraphqlExecutor } from '@/graphql/graphql-client';
import { useSessionStore } from '@/stores/session.store';
import { fakeGraphql } from '@/test-support/fake-graphql';
import { mountWithApp, settle } from '@/test-support/mount-app';
import UsersPage from './users-page.vue';

const byTest = (name: string) => document.querySelector<HTMLElement>(`[data-test="${name}"]`);
// Element Plus also renders a column's cells once without a row (for its own bookkeeping): only
// the table's body rows count.
const all = (name: string) => [...document.querySelectorAll<HTMLElement>(`.el-table__body tr [data-test="${name}"]`)];
const connection = <Node>(nodes: Node[]) => ({
  totalCount: nodes.length,
  pageInfo: { hasNextPage: false, endCursor: null },
  edges: nodes.map((node, index) => ({ cursor: String(index), node })),
});
const ONE_TIME = 'abcd-efgh-jkmn';

const admin: ManagedUserFieldsFragment = {
  id: 'VXNlcjox',
  email: 'admin@example.test',
  displayName: '区管理员',
  role: 'DISTRICT_ADMIN',
  disabled: false,
  mustChangePassword: false,
  lastSignInAt: '2026-12-07T08:00:00.000Z',
  scope: null,
};
const worker: ManagedUserFieldsFragment = {
  id: 'VXNlcjoy',
  email: 'worker@example.test',
  displayName: '社工小李',
  role: 'COMMUNITY_WORKER',
  disabled: false,
  mustChangePassword: true,
  lastSignInAt: null,
  scope: { __typename: 'Community', id: 'Q29tbXVuaXR5OjE=', name: '幸福社区' },
};

async function mountPage(handlers: Parameters<typeof fakeGraphql>[0]) {
  const fake = fakeGraphql({ Users: () => ({ users: connection([admin, worker]) }), ...handlers });
  setGraphqlExecutor(fake.executor);
  const wrapper = mountWithApp(UsersPage);
  const me: SessionUserFieldsFragment = { ...admin, district: null };
  useSessionStore().user = me;
  await settle(10);
  return { wrapper, ...fake };
}

async function confirmBox() {
  await settle();
  document.querySelector<HTMLElement>('.el-message-box .el-button--primary')!.click();
  await settle(10);
}

describe('UsersPage', () => {
  afterEach(() => {
    setGraphqlExecutor(null);
    document.body.innerHTML = '';
  });

  it('lists the users with role, unit, state and last sign-in; its own row offers only the edit', async () => {
    const { wrapper } = await mountPage({});
    expect(all('user-row-email').map((cell) => cell.textContent)).toEqual([admin.email, worker.email]);
    expect(all('user-row-role').map((cell) => cell.textContent)).toEqual(['区级管理员', '社区工作人员']);
    expect(all('user-row-unit').map((cell) => cell.textContent)).toEqual(['全区', '社区 · 幸福社区']);
    expect(all('user-row-must-change')).toHaveLength(1);
    expect(all('user-row-last-sign-in')[1]!.textContent).toBe('从未登录');
    expect(all('user-edit')).toHaveLength(2);
    expect(all('user-disable')).toHaveLength(1);
    expect(all('user-reset-password')).toHaveLength(1);
    expect(all('user-disable')[0]!.closest('tr')?.textContent).toContain(worker.email);
    wrapper.unmount();
  });

  it('filters by name or email and state', async () => {
    const { wrapper, calls } = await mountPage({});
    const search = document.querySelector<HTMLInputElement>('input[data-test="user-search"]')!;
    search.value = ' 小李 ';
    search.dispatchEvent(new Event('input'));
    await settle();
    byTest('user-search-submit')!.click();
    await settle();
    expect(calls.at(-1)).toEqual({
      operation: 'Users',
      variables: { first: 20, after: null, filter: { search: '小李' } },
    });
    wrapper.unmount();
  });

  it('resets a password after confirming, and shows the one-time password once', async () => {
    const { wrapper, calls } = await mountPage({
      ResetUserPassword: () => ({ resetUserPassword: { user: worker, oneTimePassword: ONE_TIME, userErrors: [] } }),
    });
    all('user-reset-password')[0]!.click();
    await confirmBox();
    expect(calls.find((call) => call.operation === 'ResetUserPassword')?.variables).toEqual({
      input: { id: worker.id },
    });
    expect(document.querySelector<HTMLInputElement>('input[data-test="secret-value"]')?.value).toBe(ONE_TIME);
    expect(byTest('secret-warning')?.textContent).toContain('一次性密码只显示这一次');
    expect(byTest('secret-intro')?.textContent).toContain(worker.email);

    byTest('secret-done')!.click();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(document.body.innerHTML).not.toContain(ONE_TIME);
    wrapper.unmount();
  });

  it("disables a user after confirming, and shows the server's refusal in words", async () => {
    const { wrapper, calls } = await mountPage({
      SetUserDisabled: () => ({
        setUserDisabled: {
          user: null,
          userErrors: [{ field: ['input', 'id'], message: '这是本区最后一位启用的区级管理员', code: 'INVALID' }],
        },
      }),
    });
    all('user-disable')[0]!.click();
    await confirmBox();
    expect(calls.find((call) => call.operation === 'SetUserDisabled')?.variables).toEqual({
      input: { id: worker.id, disabled: true },
    });
    expect(document.body.textContent).toContain('这是本区最后一位启用的区级管理员');
    wrapper.unmount();
  });
});
