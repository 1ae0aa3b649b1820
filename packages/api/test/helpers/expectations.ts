import type { GraphqlClient } from './test-app';

/** `node(id)` answers null, without an error, to `role`'s token: the id is another district's. */
export async function expectNoNode(
  client: GraphqlClient,
  query: string,
  request: { id: string; role: string; token: string },
): Promise<void> {
  const { id, role, token } = request;
  const result = await client.request(query, { id }, { token });
  expect({ role, id, node: result.data?.node, errors: result.errors }).toEqual({
    role,
    id,
    node: null,
    errors: undefined,
  });
}
