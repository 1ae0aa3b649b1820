import { afterEach, describe, expect, it } from 'vitest';
import { mountWithApp } from '@/test-support/mount-app';
import CursorPager from './cursor-pager.vue';

describe('CursorPager', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('shows the total and the page, and disables what cannot be done', () => {
    const wrapper = mountWithApp(CursorPager, {
      props: { totalCount: 45, pageNumber: 1, pageSize: 20, hasPrevious: false, hasNext: true },
    });
    expect(wrapper.get('[data-test="pager-total"]').text()).toBe('共 45 条');
    expect(wrapper.get('[data-test="pager-page"]').text()).toBe('第 1 页');
    expect(wrapper.get('[data-test="pager-previous"]').attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-test="pager-next"]').attributes('disabled')).toBeUndefined();
    wrapper.unmount();
  });

  it('emits previous and next', async () => {
    const wrapper = mountWithApp(CursorPager, {
      props: { totalCount: 45, pageNumber: 2, pageSize: 20, hasPrevious: true, hasNext: true },
    });
    await wrapper.get('[data-test="pager-next"]').trigger('click');
    await wrapper.get('[data-test="pager-previous"]').trigger('click');
    expect(Object.keys(wrapper.emitted())).toEqual(expect.arrayContaining(['next', 'previous']));
    wrapper.unmount();
  });
});
