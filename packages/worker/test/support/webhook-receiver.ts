import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got: what a partner's server would see. */
export interface ReceivedRequest {
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

/** How a receiver answers its n-th request (0-based): a status and a body (after `delayMs`), or never (`hang`). */
export type Answer = { status: number; body?: string; delayMs?: number } | 'hang';

/** A local HTTP receiver on 127.0.0.1 (the tests' partner server); records every request. */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly server: Server;
  private readonly hanging = new Set<ServerResponse>();

  private constructor(private answer: (index: number, request: ReceivedRequest) => Answer) {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const received = {
          url: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
        };
        const index = this.requests.push(received) - 1;
        const answer = this.answer(index, received);
        if (answer === 'hang') {
          this.hanging.add(response);
          return;
        }
        const respond = () => {
          this.hanging.delete(response);
          if (response.destroyed) return;
          response.writeHead(answer.status, { 'content-type': 'application/json' });
          response.end(answer.body ?? '{}');
        };
        if (!answer.delayMs) return respond();
        this.hanging.add(response);
        setTimeout(respond, answer.delayMs).unref();
      });
    });
  }

  static async start(answer: (index: number, request: ReceivedRequest) => Answer = () => ({ status: 200 })) {
    const receiver = new WebhookReceiver(answer);
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  url(path = '/hook', host = '127.0.0.1'): string {
    return `http://${host}:${this.port}${path}`;
  }

  async close(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Polls `check` until it returns a value (not undefined/false) or `timeoutMs` passes. */
export async function waitFor<T>(check: () => Promise<T | undefined | false>, timeoutMs = 10_000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
