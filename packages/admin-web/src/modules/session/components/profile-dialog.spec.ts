import { afterEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import type { SessionUserFieldsFragment } from '@/graphql/generated/graphql';
import { setGraphqlExecutor } from '@/graphql/graphql-client';
import { useSessionStore } from '@/stores/session.store';
import { fakeGraphql } from '@/test-support/fake-graphql';
import { mountWithApp, settle } from '@/test-support/mount-app';
import ProfileDialog from './profile-dialog.vue';

const byTest = (name: string) => document.querySelector<HTMLElement>(`[data-test="${name}"]`);
const worker: SessionUserFieldsFragment = {
  id: 'VXNlcjoy',
  email: 'worker@example.test',
  displayName: '社工小李',
  role: 'COMMUNITY_WORKER',
  mustChangePassword: false,
  district: { id: 'RGlzdHJpY3Q6MQ==', name: '示范区', code: 'demo', timezone: 'Asia/Shanghai' },
  scope: { __typename: 'Community', id: 'Q29tbXVuaXR5OjE=', name: '幸福社区' },
};

async function type(name: string, value: string) {
  const input = document.querySelector<HTMLInputElement>(`input[data-test="${name}"]`)!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await nextTick();
}

async function openDialog(handlers: Parameters<typeof fakeGraphql>[0]) {
  const fake = fakeGraphql(handlers);
  setGraphqlExecutor(fake.executor);
  const wrapper = mountWithApp(ProfileDialog, { props: { modelValue: false } });
  const session = useSessionStore();
  session.user = worker;
  session.token = 'jwt-1';
  await wrapper.setProps({ modelValue: true });
  await settle();
  return { wrapper, session, ...fake };
}

const fieldErrors = () => [...document.querySelectorAll('.el-form-item__error')].map((e) => e.textContent?.trim());

describe('ProfileDialog', () => {
  afterEach(() => {
    setGraphqlExecutor(null);
    localStorage.clear();
    document.body.innerHTML = '';
  });

  it("shows the user's account and explains the password policy", async () => {
    const { wrapper } = await openDialog({});
    expect(byTest('profile-name')?.textContent).toBe('社工小李');
    expect(byTest('profile-email')?.textContent).toBe('worker@example.test');
    expect(byTest('profile-role')?.textContent).toBe('社区工作人员');
    expect(byTest('profile-unit')?.textContent).toBe('社区 · 幸福社区');
    expect(byTest('password-policy')?.textContent).toContain('至少 10 个字符');
    wrapper.unmount();
  });

  it("checks the repeated password on the client, then shows the server's reasons on their fields", async () => {
    const { wrapper, calls } = await openDialog({
      ChangePassword: () => ({
        changePassword: {
          token: null,
          expiresAt: null,
          user: null,
          userErrors: [{ field: ['input', 'currentPassword'], message: '当前密码不正确', code: 'WRONG_CREDENTIALS' }],
        },
      }),
    });
    await type('password-current', 'not-the-password');
    await type('password-new', 'a-long-new-secret');
    await type('password-confirm', 'a-long-new-secreT');
    byTest('profile-password-submit')!.click();
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(calls).toEqual([]);
    expect(fieldErrors()).toEqual(['两次输入的新密码不一致']);

    await type('password-confirm', 'a-long-new-secret');
    byTest('profile-password-submit')!.click();
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(calls[0]!.variables).toEqual({
      input: { currentPassword: 'not-the-password', newPassword: 'a-long-new-secret' },
    });
    expect(fieldErrors()).toEqual(['当前密码不正确']);
    expect(wrapper.emitted('update:modelValue')).toBeUndefined();
    wrapper.unmount();
  });

  it('keeps the new token of a changed password and closes', async () => {
    const { wrapper, session } = await openDialog({
      ChangePassword: () => ({
        changePassword: { token: 'jwt-2', expiresAt: null, user: worker, userErrors: [] },
      }),
    });
    await type('password-current', 'the-old-password');
    await type('password-new', 'a-long-new-secret');
    await type('password-confirm', 'a-long-new-secret');
    byTest('profile-password-submit')!.click();
    await settle(10);
    expect(session.token).toBe('jwt-2');
    expect(wrapper.emitted('update:modelValue')).toEqual([[false]]);
    expect(document.body.textContent).toContain('密码已修改');
    wrapper.unmount();
  });
});
