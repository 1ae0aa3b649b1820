import { isPublicAddress, WEBHOOK_TIMEOUT_MS } from '@xiaoyuan/schema';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, request } from 'undici';

/** What one POST came to: the answer (status and the start of its body) or why there was none. */
export interface PostOutcome {
  /** the HTTP status; null when no answer came */
  status: number | null;
  /** the first characters of the answer's body */
  excerpt: string | null;
  /** TIMEOUT, ADDRESS_NOT_ALLOWED or CONNECTION_FAILED with a detail; null when an answer came */
  error: string | null;
  durationMs: number;
}

const EXCERPT_CHARACTERS = 500;
/** at most this much of an answer is read (a robot's error code is near the start) */
const READ_BYTES = 64 * 1024;

class AddressNotAllowedError extends Error {
  readonly code = 'ADDRESS_NOT_ALLOWED';
}

/**
 * A DNS look-up that answers only public addresses (DOMAIN.md §10): a name that resolves to any
 * private, loopback or reserved address is refused at connect time, so a name re-pointed after the
 * webhook was created cannot lead the worker into the network (the check and the connection use
 * the same answer: no rebinding between them).
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true, verbatim: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused || addresses.length === 0) {
      const reason = refused ? `${hostname} resolves to ${refused.address}` : `${hostname} has no address`;
      return callback(new AddressNotAllowedError(reason), '', 0);
    }
    if (options.all) (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  });
};

function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let cause = error as { code?: unknown; cause?: unknown; errors?: unknown[] } | undefined; cause;) {
    if (typeof cause.code === 'string') codes.push(cause.code);
    for (const inner of cause.errors ?? []) codes.push(...errorCodes(inner));
    cause = cause.cause as typeof cause;
  }
  return codes;
}

function describe(error: unknown): string {
  const messages: string[] = [];
  for (let cause = error as { message?: unknown; cause?: unknown } | undefined; cause;) {
    if (typeof cause.message === 'string' && cause.message) messages.push(cause.message);
    cause = cause.cause as typeof cause;
  }
  return messages.join(': ').slice(0, 300);
}

/**
 * Posts deliveries: one keep-alive connection pool per receiver (an undici Agent), each POST cut at
 * `timeoutMs` whatever the receiver does (connect, headers, body: one AbortSignal). In production
 * it connects only to public addresses; outside production anywhere (local receivers, tests).
 */
export class WebhookSender {
  private readonly agent: Agent;
  readonly timeoutMs: number;

  constructor(
    readonly production: boolean,
    timeoutMs = WEBHOOK_TIMEOUT_MS,
  ) {
    this.timeoutMs = timeoutMs;
    this.agent = new Agent({
      keepAliveTimeout: 30_000,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      connect: { timeout: timeoutMs, ...(production ? { lookup: publicOnlyLookup } : {}) },
    });
  }

  async post(url: string, headers: Record<string, string>, body: string): Promise<PostOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let host: string;
    try {
      host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    } catch {
      return { status: null, excerpt: null, error: 'CONNECTION_FAILED not a URL', durationMs: 0 };
    }
    // an address written as an IP is never looked up: judged here
    if (this.production && isIP(host) && !isPublicAddress(host)) {
      return { status: null, excerpt: null, error: `ADDRESS_NOT_ALLOWED ${host}`, durationMs: elapsed() };
    }
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const response = await request(url, { method: 'POST', headers, body, dispatcher: this.agent, signal });
      let text = '';
      let read = 0;
      for await (const chunk of response.body) {
        text += (chunk as Buffer).toString('utf8');
        read += (chunk as Buffer).length;
        if (read >= READ_BYTES) {
          response.body.destroy();
          break;
        }
      }
      return {
        status: response.statusCode,
        excerpt: text.slice(0, EXCERPT_CHARACTERS),
        error: null,
        durationMs: elapsed(),
      };
    } catch (error) {
      const codes = errorCodes(error);
      let reason: string;
      if (codes.includes('ADDRESS_NOT_ALLOWED')) reason = `ADDRESS_NOT_ALLOWED ${describe(error)}`;
      else if (
        signal.aborted ||
        codes.some((code) =>
          ['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT'].includes(code),
        )
      )
        reason = `TIMEOUT no answer within ${this.timeoutMs / 1000} s`;
      else reason = `CONNECTION_FAILED ${codes[0] ?? ''} ${describe(error)}`.replace(/\s+/g, ' ').trim();
      return { status: null, excerpt: null, error: reason, durationMs: elapsed() };
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
