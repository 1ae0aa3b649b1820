import { afterEach, describe, expect, it } from 'vitest';
import { setGraphqlExecutor } from '@/graphql/graphql-client';
import { fakeGraphql } from '@/test-support/fake-graphql';
import { mountWithApp, settle } from '@/test-support/mount-app';
import ScopeUnitPicker from './scope-unit-picker.vue';
import UnitSelect from './unit-select.vue';

const connection = <Node>(nodes: Node[]) => ({
  totalCount: nodes.length,
  pageInfo: { hasNextPage: false, endCursor: null },
  edges: nodes.map((node, index) => ({ cursor: String(index), node })),
});
const STREET = { id: 'U3RyZWV0OjE=', name: '光明街道', code: 'gm', communityCount: 1, alertCounts: null };
const COMMUNITY = { id: 'Q29tbXVuaXR5OjE=', name: '幸福社区', code: 'xf', courtyardCount: 0, alertCounts: null };

async function mountPicker(props: Record<string, unknown>) {
  const { executor } = fakeGraphql({
    Streets: () => ({ district: { id: 'D', name: '示范区', streets: connection([STREET]) } }),
    StreetCommunities: () => ({ node: { __typename: 'Street', id: STREET.id, communities: connection([COMMUNITY]) } }),
  });
  setGraphqlExecutor(executor);
  const wrapper = mountWithApp(ScopeUnitPicker, {
    props: {
      modelValue: '',
      testPrefix: 'unit',
      ...props,
      'onUpdate:modelValue': (id: string) => wrapper.setProps({ modelValue: id }),
    },
  });
  await settle();
  /** Chooses in the n-th select as a user would (its model, then its change). */
  async function choose(index: number, id: string) {
    const select = wrapper.findAllComponents(UnitSelect)[index]!;
    select.vm.$emit('update:modelValue', id);
    await settle();
    select.vm.$emit('change', id);
    await settle();
  }
  return { wrapper, choose, model: () => wrapper.props('modelValue') };
}

describe('ScopeUnitPicker', () => {
  afterEach(() => {
    setGraphqlExecutor(null);
    document.body.innerHTML = '';
  });

  it("without a level: the deepest choice is the subtree, '' the whole district", async () => {
    const { wrapper, choose, model } = await mountPicker({});
    expect(wrapper.findAllComponents(UnitSelect)).toHaveLength(3);
    await choose(0, STREET.id);
    expect(model()).toBe(STREET.id);
    await choose(1, COMMUNITY.id);
    expect(model()).toBe(COMMUNITY.id);
    wrapper.unmount();
  });

  it('with a level: only the selects down to it, and the model is the choice at that level', async () => {
    const { wrapper, choose, model } = await mountPicker({ level: 'Community' });
    expect(wrapper.findAllComponents(UnitSelect)).toHaveLength(2);
    expect(wrapper.text()).not.toContain('不选即为全区');
    await choose(0, STREET.id);
    // a street is no community: nothing chosen yet, and the street stays chosen
    expect(model()).toBe('');
    await choose(1, COMMUNITY.id);
    expect(model()).toBe(COMMUNITY.id);

    // another role's level (a street officer's): the street chosen is now the answer
    await wrapper.setProps({ level: 'Street' });
    await settle();
    expect(wrapper.findAllComponents(UnitSelect)).toHaveLength(1);
    expect(model()).toBe(STREET.id);
    wrapper.unmount();
  });
});
