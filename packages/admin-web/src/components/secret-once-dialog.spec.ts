import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountWithApp, settle } from '@/test-support/mount-app';
import SecretOnceDialog from './secret-once-dialog.vue';

const byTest = (name: string) => document.querySelector<HTMLElement>(`[data-test="${name}"]`);
// Element Plus puts data-test on the <input> of an el-input.
const secretInput = () => document.querySelector<HTMLInputElement>('input[data-test="secret-value"]');
const originalClipboard = Object.getOwnPropertyDescriptor(navigator, 'clipboard');

describe('SecretOnceDialog', () => {
  afterEach(() => {
    if (originalClipboard) Object.defineProperty(navigator, 'clipboard', originalClipboard);
    else Reflect.deleteProperty(navigator, 'clipboard');
    document.body.innerHTML = '';
  });

  it('shows the secret with the warning that it cannot be shown again, and copies it', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const wrapper = mountWithApp(SecretOnceDialog, {
      props: { secret: 'xyk_0123456789abcdefghijklmnopqrstuv', title: 'API 密钥', intro: '“小程序”已创建。' },
    });
    await settle();

    expect(secretInput()?.value).toBe('xyk_0123456789abcdefghijklmnopqrstuv');
    expect(byTest('secret-warning')?.textContent).toContain('只显示这一次');
    expect(byTest('secret-intro')?.textContent).toContain('小程序');

    byTest('secret-copy')!.click();
    await settle();
    expect(writeText).toHaveBeenCalledWith('xyk_0123456789abcdefghijklmnopqrstuv');
    expect(document.body.textContent).toContain('已复制到剪贴板');
    wrapper.unmount();
  });

  it('asks the parent to forget the secret when closed, and shows nothing without one', async () => {
    const wrapper = mountWithApp(SecretOnceDialog, { props: { secret: 'whsec_abc', title: 'Webhook 签名密钥' } });
    await settle();
    byTest('secret-done')!.click();
    await settle();
    expect(wrapper.emitted('close')).toHaveLength(1);

    await wrapper.setProps({ secret: null });
    await new Promise((resolve) => setTimeout(resolve, 400)); // the closing transition
    expect(secretInput()?.value ?? '').toBe('');
    wrapper.unmount();
  });
});
