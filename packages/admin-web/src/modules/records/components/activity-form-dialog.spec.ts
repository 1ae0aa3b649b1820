import { afterEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { setGraphqlExecutor } from '@/graphql/graphql-client';
import { fakeGraphql } from '@/test-support/fake-graphql';
import { mountWithApp, settle } from '@/test-support/mount-app';
import ActivityFormDialog from './activity-form-dialog.vue';

function element<T extends HTMLElement = HTMLElement>(selector: string): T {
  const found = document.querySelector<T>(`[data-test="${selector}"]`);
  if (!found) throw new Error(`missing ${selector}`);
  return found;
}

/** el-input puts data-test on the <input>; el-input-number on its wrapper. */
function input(selector: string): HTMLInputElement {
  const found = element(selector);
  return found instanceof HTMLInputElement ? found : found.querySelector('input')!;
}

async function type(selector: string, value: string) {
  const target = input(selector);
  target.value = value;
  target.dispatchEvent(new Event('input'));
  target.dispatchEvent(new Event('change'));
  await nextTick();
}

async function openDialog() {
  const wrapper = mountWithApp(ActivityFormDialog, { props: { modelValue: false, courtyardId: 'Q291cnR5YXJkOjE=' } });
  await wrapper.setProps({ modelValue: true });
  await settle();
  return wrapper;
}

async function rowErrors(index: number): Promise<string[]> {
  await new Promise((resolve) => setTimeout(resolve, 150));
  return [...element(`attendance-row-${index}`).querySelectorAll('.el-form-item__error')].map(
    (node) => node.textContent?.trim() ?? '',
  );
}

/** A meeting with two attendance rows, submitted. */
async function submitTwoRows(first: string, second: string) {
  await type('activity-title', '楼道议事会');
  await type('attendance-code-0', first);
  element('attendance-add-row').click();
  await nextTick();
  await type('attendance-code-1', second);
  element('activity-submit').click();
  await settle();
}

describe('ActivityFormDialog', () => {
  afterEach(() => {
    setGraphqlExecutor(null);
    document.body.innerHTML = '';
  });

  it('checks the attendance rows before calling the server', async () => {
    const { executor, calls } = fakeGraphql({});
    setGraphqlExecutor(executor);
    const wrapper = await openDialog();

    await submitTwoRows('3-201', '3-201');

    expect(calls).toEqual([]);
    expect(await rowErrors(1)).toEqual(['该户已在上面的行中']);
    expect(await rowErrors(0)).toEqual([]);
    wrapper.unmount();
  });

  it('puts an unknown household code from the server on its row', async () => {
    const { executor, calls } = fakeGraphql({
      RecordActivity: () => ({
        recordActivity: {
          activity: null,
          userErrors: [
            {
              field: ['input', 'attendance', '1', 'householdCode'],
              message: '本小院没有户号 9-999',
              code: 'UNKNOWN_HOUSEHOLD',
            },
          ],
        },
      }),
    });
    setGraphqlExecutor(executor);
    const wrapper = await openDialog();

    await submitTwoRows('3-201', '9-999');

    expect(calls).toHaveLength(1);
    expect(calls[0]!.variables).toMatchObject({
      input: {
        courtyardId: 'Q291cnR5YXJkOjE=',
        kind: 'DELIBERATION_MEETING',
        title: '楼道议事会',
        attendance: [
          { householdCode: '3-201', participants: 1, youthParticipants: 0 },
          { householdCode: '9-999', participants: 1, youthParticipants: 0 },
        ],
      },
    });
    expect(await rowErrors(1)).toEqual(['本小院没有户号 9-999']);
    expect(wrapper.emitted('saved')).toBeUndefined();
    wrapper.unmount();
  });

  it('emits saved and closes when the server stores it', async () => {
    const activity = {
      id: 'QWN0aXZpdHk6MQ==',
      kind: 'CULTURAL',
      title: '中秋联欢',
      heldOn: '2026-10-01',
      attendeeHouseholdCount: 1,
      participants: 1,
      youthParticipants: 0,
    };
    const { executor } = fakeGraphql({ RecordActivity: () => ({ recordActivity: { activity, userErrors: [] } }) });
    setGraphqlExecutor(executor);
    const wrapper = await openDialog();
    await type('activity-title', '中秋联欢');
    await type('attendance-code-0', '3-201');
    element('activity-submit').click();
    await settle();
    expect(wrapper.emitted('saved')).toEqual([[]]);
    expect(wrapper.emitted('update:modelValue')).toEqual([[false]]);
    wrapper.unmount();
  });
});
