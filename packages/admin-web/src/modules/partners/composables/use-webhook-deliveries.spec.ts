import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import type { DeliveryStatus, WebhookDeliveryFieldsFragment } from '@/graphql/generated/graphql';
import { setGraphqlExecutor } from '@/graphql/graphql-client';
import { fakeGraphql } from '@/test-support/fake-graphql';
import { mountWithApp } from '@/test-support/mount-app';
import { DELIVERY_POLL_IDLE_MS, DELIVERY_POLL_PENDING_MS, useWebhookDeliveries } from './use-webhook-deliveries';

function delivery(status: DeliveryStatus): WebhookDeliveryFieldsFragment {
  return {
    id: 'V2ViaG9va0RlbGl2ZXJ5OjE=',
    event: 'ALERT_OPENED',
    status,
    attempts: status === 'PENDING' ? 0 : 1,
    lastAttemptAt: null,
    responseStatus: status === 'SUCCEEDED' ? 200 : null,
    createdAt: '2026-12-07T08:00:00.000Z',
    nextAttemptAt: null,
    test: true,
    body: '{}',
    attemptLog: [],
  };
}

describe('useWebhookDeliveries', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    setGraphqlExecutor(null);
    document.body.innerHTML = '';
  });

  it('reads the log on opening, polls soon while a delivery is pending, then seldom, and stops when closed', async () => {
    let status: DeliveryStatus = 'PENDING';
    const { executor, calls } = fakeGraphql({
      WebhookDeliveryLog: () => ({
        node: {
          __typename: 'Webhook',
          id: 'W1',
          deliveries: {
            totalCount: 1,
            pageInfo: { hasNextPage: false, endCursor: null },
            edges: [{ cursor: '0', node: delivery(status) }],
          },
        },
      }),
    });
    setGraphqlExecutor(executor);
    const visible = ref(false);
    let log!: ReturnType<typeof useWebhookDeliveries>;
    const Host = defineComponent({
      setup() {
        log = useWebhookDeliveries(() => 'W1', visible);
        return () => h('div');
      },
    });
    const wrapper = mountWithApp(Host);
    const reads = () => calls.filter((call) => call.operation === 'WebhookDeliveryLog').length;

    await vi.advanceTimersByTimeAsync(DELIVERY_POLL_IDLE_MS * 2);
    expect(reads()).toBe(0);

    visible.value = true;
    await vi.advanceTimersByTimeAsync(0);
    expect(reads()).toBe(1);
    expect(calls[0]?.variables).toMatchObject({ id: 'W1', status: null, first: 20, after: null });

    status = 'SUCCEEDED';
    await vi.advanceTimersByTimeAsync(DELIVERY_POLL_PENDING_MS);
    expect(reads()).toBe(2);
    expect(log.list.rows.value[0]?.status).toBe('SUCCEEDED');

    // nothing pending: the next read waits longer
    await vi.advanceTimersByTimeAsync(DELIVERY_POLL_PENDING_MS);
    expect(reads()).toBe(2);
    await vi.advanceTimersByTimeAsync(DELIVERY_POLL_IDLE_MS);
    expect(reads()).toBe(3);

    visible.value = false;
    await vi.advanceTimersByTimeAsync(DELIVERY_POLL_IDLE_MS * 3);
    expect(reads()).toBe(3);
    wrapper.unmount();
  });
});
