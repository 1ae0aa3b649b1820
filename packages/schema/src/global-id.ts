/** Opaque global ids for `node(id)`: base64url of `Type:uuid`. */
export type NodeType = string;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function toGlobalId(type: NodeType, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

/** Returns null for anything that is not a well-formed global id. */
export function fromGlobalId(globalId: string): { type: NodeType; id: string } | null {
  if (typeof globalId !== 'string' || globalId.length > 200 || !/^[A-Za-z0-9_-]+$/.test(globalId)) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  const type = decoded.slice(0, colon);
  const id = decoded.slice(colon + 1);
  if (!/^[A-Z][A-Za-z]+$/.test(type) || !UUID.test(id)) return null;
  return { type, id };
}
