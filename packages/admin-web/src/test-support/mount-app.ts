import { mount, type ComponentMountingOptions } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import type { Component } from 'vue';
import { i18n, setLocale } from '@/i18n/i18n';

/** Mounts a component with the app's plugins (Pinia, vue-i18n in zh-CN, Element Plus). */
export function mountWithApp<C extends Component>(component: C, options: ComponentMountingOptions<C> = {}) {
  const pinia = createPinia();
  setActivePinia(pinia);
  setLocale('zh-CN');
  return mount(component, {
    attachTo: document.body,
    ...options,
    global: { plugins: [pinia, i18n, ElementPlus], ...options.global },
  } as ComponentMountingOptions<C>);
}

/** Lets pending promises (fake GraphQL answers, async validation) settle. */
export async function settle(rounds = 5): Promise<void> {
  for (let round = 0; round < rounds; round += 1) await new Promise((resolve) => setTimeout(resolve, 0));
}
