import { afterEach, describe, expect, it } from 'vitest';
import { i18n, LOCALE_STORAGE_KEY, setLocale } from '@/i18n/i18n';
import { mountWithApp } from '@/test-support/mount-app';
import LocaleSwitch from './locale-switch.vue';

describe('LocaleSwitch', () => {
  afterEach(() => {
    setLocale('zh-CN');
    document.body.innerHTML = '';
  });

  it('labels the languages 中文 and English, switches and remembers the choice', async () => {
    const wrapper = mountWithApp(LocaleSwitch);
    expect(wrapper.get('[data-test="locale-zh-CN"]').text()).toBe('中文');
    expect(wrapper.get('[data-test="locale-en"]').text()).toBe('English');

    await wrapper.get('[data-test="locale-en"] input').setValue(true);

    expect(i18n.global.locale.value).toBe('en');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(i18n.global.t('menu.courtyards')).toBe('Courtyards');
    wrapper.unmount();
  });
});
