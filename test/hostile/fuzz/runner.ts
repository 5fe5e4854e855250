/**
 * Sends one generated request and judges the answer: its status, the code that names the
 * outcome, how long it took, and what is wrong with it (a 5xx other than a coded 503, an
 * answer that is not a coded OperationOutcome, a 200 to `$process-message` that is not a
 * message Bundle, a network failure).
 */
import { connect } from 'node:net';
import type { FuzzRequest } from './types.js';

export interface Judged {
  /** `status code`, e.g. `400 GE-00013`, `200 claim-response`, `ERR ECONNRESET`. */
  readonly outcome: string;
  readonly status: number;
  readonly ms: number;
  readonly problems: readonly string[];
}

/** Longest a request may be outstanding before it is counted as a hang. */
const HANG_MS = 15_000;

export async function send(base: string, request: FuzzRequest): Promise<Judged> {
  const started = performance.now();
  if (request.raw) return sendRaw(base, request.raw, started);
  let status: number;
  let text: string;
  let type: string;
  try {
    const response = await fetch(`${base}${request.path}`, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: typeof request.body === 'string' ? request.body : new Uint8Array(request.body) }),
      signal: AbortSignal.timeout(HANG_MS),
    });
    status = response.status;
    type = response.headers.get('content-type') ?? '';
    text = await response.text();
  } catch (failure) {
    const code = (failure as { cause?: { code?: string } }).cause?.code ?? (failure as Error).name;
    return { outcome: `ERR ${code}`, status: 0, ms: performance.now() - started, problems: [`no answer: ${(failure as Error).message} (${code})`] };
  }
  const ms = performance.now() - started;
  return { ...judge(request, status, text, type), ms };
}

function judge(request: FuzzRequest, status: number, text: string, type: string): Omit<Judged, 'ms'> {
  const problems: string[] = [];
  let json: any;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  const code: unknown = json?.resourceType === 'OperationOutcome' ? json.issue?.[0]?.details?.coding?.[0]?.code : json?.code;
  let label: string;
  if (request.method === 'HEAD') {
    label = 'HEAD';
  } else if (status >= 200 && status < 300) {
    label = json?.resourceType === 'Bundle' ? String(json.entry?.[0]?.resource?.eventCoding?.code ?? json.type) : String(json?.resourceType ?? (json?.access_token ? 'token' : json === undefined ? 'non-json' : 'json'));
    if (/\/\$process-message$/.test(request.path) && request.method === 'POST' && !(json?.resourceType === 'Bundle' && json.type === 'message')) {
      problems.push(`200 to $process-message is not a message Bundle: ${text.slice(0, 200)}`);
    }
  } else {
    label = typeof code === 'string' ? code : 'UNCODED';
    const tokenEndpoint = request.path === '/auth/token' && request.method === 'POST';
    if (json?.resourceType === 'OperationOutcome') {
      if (typeof code !== 'string') problems.push(`OperationOutcome without issue[0].details.coding[0].code: ${text.slice(0, 200)}`);
    } else if (!(tokenEndpoint && typeof json?.code === 'string' && typeof json?.error === 'string')) {
      problems.push(`${status} is not a coded OperationOutcome (content-type ${type}): ${text.slice(0, 200)}`);
    }
  }
  if (status >= 500 && !(status === 503 && code === 'WASL_ERR_STORE_UNAVAILABLE')) problems.push(`server error ${status}: ${text.slice(0, 300)}`);
  return { outcome: `${status} ${label}`, status, problems };
}

/** Writes bytes on a fresh connection and reads the first answer (Node answers unparsable HTTP with a coded 400/431 and closes). */
function sendRaw(base: string, bytes: Uint8Array, started: number): Promise<Judged> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    let firstComplete: number | undefined;
    let idle: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (why?: string): void => {
      if (done) return;
      done = true;
      clearTimeout(hang);
      clearTimeout(idle);
      socket.destroy();
      // Interim answers (100 Continue) precede the real one.
      const data = Buffer.concat(chunks).toString('latin1').replace(/^(HTTP\/1\.[01] 1\d\d[^\r]*\r\n(?:[^\r]+\r\n)*\r\n)+/, '');
      const statuses = [...data.matchAll(/HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1]));
      const ms = (firstComplete ?? performance.now()) - started;
      if (statuses.length === 0) {
        resolve({ outcome: why ? `ERR ${why}` : 'closed without answer', status: 0, ms, problems: why ? [`raw request: ${why}`] : [] });
        return;
      }
      const split = data.indexOf('\r\n\r\n');
      const head = data.slice(0, split);
      const body = data.slice(split + 4).split(/\r\nHTTP\/1\.[01] /)[0]!;
      const length = /content-length:\s*(\d+)/i.exec(head);
      const first = length ? body.slice(0, Number(length[1])) : body;
      const verdict = judge({ family: 'raw', note: '', method: 'RAW', path: '', headers: {} }, statuses[0]!, Buffer.from(first, 'latin1').toString('utf8'), '');
      const extra = statuses.slice(1).filter((s) => s >= 500).map((s) => `a later answer on the connection was ${s}`);
      resolve({ ...verdict, ms, problems: [...verdict.problems, ...extra] });
    };
    const hang = setTimeout(() => finish('no answer within 15 s'), HANG_MS);
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const data = Buffer.concat(chunks).toString('latin1').replace(/^(HTTP\/1\.[01] 1\d\d[^\r]*\r\n(?:[^\r]+\r\n)*\r\n)+/, '');
      const split = data.indexOf('\r\n\r\n');
      const length = split === -1 ? null : /content-length:\s*(\d+)/i.exec(data.slice(0, split));
      if (firstComplete === undefined && length && Buffer.byteLength(data.slice(split + 4), 'latin1') >= Number(length[1])) firstComplete = performance.now();
      // A connection kept alive after complete answers: stop waiting for more after a quiet second.
      clearTimeout(idle);
      idle = setTimeout(() => finish(), 1000);
    });
    socket.on('error', () => finish());
    socket.on('close', () => finish());
    socket.write(bytes);
  });
}
