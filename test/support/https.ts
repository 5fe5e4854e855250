/** One HTTPS request with an optional client certificate, on a fresh connection (no pooled TLS session). */
import { request } from 'node:https';

export interface HttpsCall {
  readonly method?: string;
  readonly body?: string;
  readonly headers?: Record<string, string>;
  /** PEM: the CA the server certificate must chain to. */
  readonly ca: string;
  readonly cert?: string;
  readonly key?: string;
}

export interface HttpsAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly json: any;
}

export function httpsCall(url: string, call: HttpsCall): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: call.method ?? (call.body === undefined ? 'GET' : 'POST'),
        headers: { ...(call.body === undefined ? {} : { 'content-type': 'application/fhir+json' }), ...call.headers },
        ca: call.ca,
        ...(call.cert ? { cert: call.cert, key: call.key } : {}),
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: any;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
        });
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(call.body);
  });
}
