import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/*
 * Where a webhook may post (DOMAIN.md §10). In production: https only, and never a private,
 * loopback, link-local or otherwise non-public address, whether written as an IP or behind a DNS
 * name (every address the name resolves to is checked, at creation and again by the worker when it
 * connects, so a name re-pointed later cannot lead the worker inside the network). Outside
 * production plain http and local receivers are allowed, so developers and tests can run one.
 */

export type WebhookUrlProblem = 'INVALID_URL' | 'HTTPS_REQUIRED' | 'ADDRESS_NOT_ALLOWED' | 'HOST_NOT_FOUND';

export class WebhookUrlError extends Error {
  constructor(
    readonly problem: WebhookUrlProblem,
    message: string,
  ) {
    super(message);
  }
}

export const WEBHOOK_URL_MAX_LENGTH = 2000;

/** Only globally routable unicast addresses; IPv4-mapped IPv6 is judged as the IPv4 it carries. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range() === 'unicast';
}

/** The form of the URL: parseable, http(s), no credentials; https in production. Throws WebhookUrlError. */
export function parseWebhookUrl(text: string, production: boolean): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new WebhookUrlError('INVALID_URL', 'not a URL');
  }
  if (text.length > WEBHOOK_URL_MAX_LENGTH) throw new WebhookUrlError('INVALID_URL', 'longer than 2000 characters');
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new WebhookUrlError('INVALID_URL', 'not an http(s) URL');
  if (url.username || url.password) throw new WebhookUrlError('INVALID_URL', 'carries a user name or password');
  if (production && url.protocol !== 'https:') throw new WebhookUrlError('HTTPS_REQUIRED', 'must use https');
  return url;
}

export type AddressLookup = (host: string) => Promise<{ address: string; family: number }[]>;

const lookupAll: AddressLookup = (host) => lookup(host, { all: true, verbatim: true });

/**
 * Checks a webhook URL as §10 says: its form, then (in production) that its host, an IP or every
 * address its name resolves to, is public. Throws WebhookUrlError with what is wrong.
 */
export async function checkWebhookUrl(
  text: string,
  production: boolean,
  resolve: AddressLookup = lookupAll,
): Promise<URL> {
  const url = parseWebhookUrl(text, production);
  if (!production) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = ipaddr.isValid(host) ? [host] : await resolveHost(host, resolve);
  const refused = addresses.find((address) => !isPublicAddress(address));
  if (refused !== undefined) {
    throw new WebhookUrlError('ADDRESS_NOT_ALLOWED', `${host} is a private, loopback or reserved address (${refused})`);
  }
  return url;
}

async function resolveHost(host: string, resolve: AddressLookup): Promise<string[]> {
  let found: { address: string }[];
  try {
    found = await resolve(host);
  } catch {
    found = [];
  }
  if (found.length === 0) throw new WebhookUrlError('HOST_NOT_FOUND', `${host} does not resolve`);
  return found.map((entry) => entry.address);
}
