import { afterEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { setGraphqlExecutor } from '@/graphql/graphql-client';
import { fakeGraphql } from '@/test-support/fake-graphql';
import { mountWithApp, settle } from '@/test-support/mount-app';
import StreetFormDialog from './street-form-dialog.vue';

function input(selector: string): HTMLInputElement {
  const element = document.querySelector<HTMLInputElement>(`[data-test="${selector}"]`);
  if (!element) throw new Error(`missing ${selector}`);
  return element;
}

async function type(selector: string, value: string) {
  const element = input(selector);
  element.value = value;
  element.dispatchEvent(new Event('input'));
  await nextTick();
}

async function openDialog() {
  const wrapper = mountWithApp(StreetFormDialog, { props: { modelValue: false } });
  await wrapper.setProps({ modelValue: true });
  await settle();
  return wrapper;
}

/** Element Plus shows a form item's error after a 100 ms debounce. */
async function formItemErrors(): Promise<string[]> {
  await new Promise((resolve) => setTimeout(resolve, 150));
  return [...document.querySelectorAll('.el-form-item__error')].map((element) => element.textContent?.trim() ?? '');
}

describe('StreetFormDialog', () => {
  afterEach(() => {
    setGraphqlExecutor(null);
    document.body.innerHTML = '';
  });

  it('validates on the client before calling the server', async () => {
    const { executor, calls } = fakeGraphql({});
    setGraphqlExecutor(executor);
    const wrapper = await openDialog();

    await type('street-name', '');
    await type('street-code', 'not a code!');
    input('street-submit').click();
    await settle();

    expect(calls).toEqual([]);
    expect(await formItemErrors()).toEqual(
      expect.arrayContaining(['请填写街道名称', expect.stringContaining('编码须为')]),
    );
    wrapper.unmount();
  });

  it('shows the server userErrors on the field they name', async () => {
    const { executor, calls } = fakeGraphql({
      CreateStreet: () => ({
        createStreet: {
          street: null,
          userErrors: [{ field: ['input', 'code'], message: '街道编码已存在', code: 'DUPLICATE' }],
        },
      }),
    });
    setGraphqlExecutor(executor);
    const wrapper = await openDialog();

    await type('street-name', '东城街道');
    await type('street-code', 'dongcheng');
    input('street-submit').click();
    await settle();

    expect(calls).toEqual([
      { operation: 'CreateStreet', variables: { input: { name: '东城街道', code: 'dongcheng' } } },
    ]);
    expect(await formItemErrors()).toEqual(['街道编码已存在']);
    expect(wrapper.emitted('saved')).toBeUndefined();
    wrapper.unmount();
  });

  it('emits the saved street and closes on success', async () => {
    const street = { id: 'U3RyZWV0OjE=', name: '东城街道', code: 'dongcheng' };
    const { executor } = fakeGraphql({ CreateStreet: () => ({ createStreet: { street, userErrors: [] } }) });
    setGraphqlExecutor(executor);
    const wrapper = await openDialog();

    await type('street-name', street.name);
    await type('street-code', street.code);
    input('street-submit').click();
    await settle();

    expect(wrapper.emitted('saved')).toEqual([[street]]);
    expect(wrapper.emitted('update:modelValue')).toEqual([[false]]);
    wrapper.unmount();
  });
});
