import { afterEach, describe, expect, it } from 'vitest';
import { ref } from 'vue';
import type { ManagedUserFieldsFragment } from '@/graphql/generated/graphql';
import { setGraphqlExecutor } from '@/graphql/graphql-client';
import { fakeGraphql } from '@/test-support/fake-graphql';
import { useUserForm } from './use-user-form';

const worker: ManagedUserFieldsFragment = {
  id: 'VXNlcjoy',
  email: 'worker@example.test',
  displayName: '社工小李',
  role: 'COMMUNITY_WORKER',
  disabled: false,
  mustChangePassword: false,
  lastSignInAt: null,
  scope: { __typename: 'Community', id: 'Q29tbXVuaXR5OjE=', name: '幸福社区' },
};
const answer = (user: ManagedUserFieldsFragment | null, userErrors: unknown[] = []) => ({ user, userErrors });

// The save of the user dialog (`submit` without a form element skips the client rules).
describe('useUserForm', () => {
  afterEach(() => setGraphqlExecutor(null));

  it('invites a user with its role and unit, and hands back the one-time password', async () => {
    const { executor, calls } = fakeGraphql({
      InviteUser: () => ({ inviteUser: { ...answer(worker), oneTimePassword: 'abcd-efgh-jkmn' } }),
    });
    setGraphqlExecutor(executor);
    const dialog = useUserForm(ref(false), () => false);
    dialog.open();
    Object.assign(dialog.form, {
      email: ' worker@example.test ',
      displayName: ' 社工小李 ',
      role: 'COMMUNITY_WORKER',
      scopeId: worker.scope!.id,
    });
    const payload = await dialog.submit(undefined);
    expect(calls[0]!.variables).toEqual({
      input: {
        email: 'worker@example.test',
        displayName: '社工小李',
        role: 'COMMUNITY_WORKER',
        scopeId: worker.scope!.id,
      },
    });
    expect(payload?.oneTimePassword).toBe('abcd-efgh-jkmn');
    expect(dialog.visible).toBe(false);
  });

  it('sends no unit for a role of the whole district, even one chosen before the role changed', async () => {
    const { executor, calls } = fakeGraphql({
      InviteUser: () => ({ inviteUser: { ...answer(worker), oneTimePassword: 'abcd-efgh-jkmn' } }),
    });
    setGraphqlExecutor(executor);
    const dialog = useUserForm(ref(false), () => false);
    dialog.open();
    Object.assign(dialog.form, {
      email: 'v@example.test',
      displayName: '观察员',
      role: 'VIEWER',
      scopeId: 'left-over',
    });
    await dialog.submit(undefined);
    expect(calls[0]!.variables.input).toMatchObject({ role: 'VIEWER', scopeId: null });
  });

  it("edits a user: an empty unit keeps its own; the server's userErrors stay on the fields", async () => {
    const { executor, calls } = fakeGraphql({
      UpdateUser: () => ({
        updateUser: answer(null, [
          { field: ['input', 'scopeId'], message: '该角色需要指定所辖小院', code: 'INVALID' },
          { field: ['input', 'id'], message: '您不能管理该角色或该单位的用户', code: 'FORBIDDEN' },
        ]),
      }),
    });
    setGraphqlExecutor(executor);
    const dialog = useUserForm(ref(false), () => false);
    dialog.open(worker, { displayName: worker.displayName, role: 'COURTYARD_COMMITTEE' });
    expect(await dialog.submit(undefined)).toBeNull();
    expect(calls[0]!.variables).toEqual({
      input: { id: worker.id, displayName: '社工小李', role: 'COURTYARD_COMMITTEE', scopeId: null },
    });
    expect(dialog.fieldErrors.scopeId).toBe('该角色需要指定所辖小院');
    // no item names the id: above the form
    expect(dialog.formErrors).toEqual(['您不能管理该角色或该单位的用户']);
    expect(dialog.visible).toBe(true);
  });

  it('changes only the name of the signed-in user (the API refuses its own role or unit)', async () => {
    const { executor, calls } = fakeGraphql({ UpdateUser: () => ({ updateUser: answer(worker) }) });
    setGraphqlExecutor(executor);
    const dialog = useUserForm(ref(false), (user) => user.id === worker.id);
    dialog.open(worker, { displayName: '李四', role: worker.role });
    await dialog.submit(undefined);
    expect(calls[0]!.variables).toEqual({ input: { id: worker.id, displayName: '李四' } });
  });
});
