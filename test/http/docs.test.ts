/** `GET /openapi.json` and `GET /docs` (issue 10, item 4): every registered route is documented, and the UI loads offline. */
import { describe, expect, it } from 'vitest';
import { useTestGateway } from '../support/gateway.js';

/**
 * Every (method, path) the server registered, read from `printRoutes` (the only public listing of
 * a ready instance): one line per radix-tree node, indented four characters a level, whose
 * segment continues its parent's. HEAD (added by Fastify to each GET) and the UI's own asset
 * routes under `/docs/` are left out. Paths come back in OpenAPI form (`:id` → `{id}`).
 */
function registeredRoutes(tree: string): { method: string; path: string }[] {
  const routes: { method: string; path: string }[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?) \(([A-Z, ]+)\)$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(match[2] ?? '');
    const path = stack.join('');
    if (path.startsWith('/docs/')) continue;
    for (const method of (match[3] ?? '').split(', ')) {
      if (method !== 'HEAD') routes.push({ method: method.toLowerCase(), path: path.replace(/:(\w+)/g, '{$1}') });
    }
  }
  return routes;
}

describe('API documentation', () => {
  const gw = useTestGateway();

  it('GET /openapi.json is an OpenAPI 3.1 document, public', async () => {
    const reply = await fetch(`${gw.url}/openapi.json`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    const document = JSON.parse(await reply.text());
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(document.info.title).toContain('Wasl');
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('documents every route the server registered, with its method, and no route it did not', async () => {
    const document = await (await fetch(`${gw.url}/openapi.json`)).json();
    const routes = registeredRoutes(gw.gateway.app.printRoutes({ commonPrefix: false }));
    // The parser must have seen the tree: the routes of every plugin are there.
    expect(routes).toEqual(expect.arrayContaining([
      { method: 'post', path: '/$process-message' },
      { method: 'get', path: '/fhir/Subscription/{id}/$status' },
      { method: 'post', path: '/auth/token' },
      { method: 'get', path: '/docs' },
    ]));
    const undocumented = routes.filter(({ method, path }) => document.paths[path]?.[method] === undefined);
    expect(undocumented).toEqual([]);
    const documented = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item as object).map((method) => ({ method, path })));
    expect(documented.filter((d) => !routes.some((r) => r.method === d.method && r.path === d.path))).toEqual([]);
  });

  it('shows $process-message with a request example, level-1 answers per status and a level-2 answer', async () => {
    const document = await (await fetch(`${gw.url}/openapi.json`)).json();
    const operation = document.paths['/$process-message'].post;
    expect(operation.security).toEqual([{ bearer: [] }]);
    const request = operation.requestBody.content['application/fhir+json'].examples['eligibility-request'].value;
    expect(request).toMatchObject({ resourceType: 'Bundle', type: 'message' });

    const expected: Record<string, string> = { '400': 'GE-00013', '401': 'WASL_ERR_UNAUTHENTICATED', '403': 'GE-00020', '404': 'GE-00015', '413': 'BV-00076', '415': 'WASL_ERR_MEDIA_TYPE', '429': 'WASL_ERR_RATE_LIMITED', '503': 'WASL_ERR_STORE_UNAVAILABLE' };
    for (const [status, code] of Object.entries(expected)) {
      const example = operation.responses[status].content['application/fhir+json'].examples[code].value;
      expect(example.resourceType).toBe('OperationOutcome');
      expect(example.issue[0].details.coding[0]).toMatchObject({ system: 'http://nphies.sa/terminology/CodeSystem/adjudication-error', code });
      expect(example.issue[0].details.coding[0].display).toEqual(expect.any(String));
    }
    expect(operation.responses['429'].headers['Retry-After']).toBeDefined();

    const answers = operation.responses['200'].content['application/fhir+json'].examples;
    const levelTwo = answers['level 2: processable but invalid'].value;
    const focal = levelTwo.entry[1].resource;
    expect(focal).toMatchObject({ resourceType: 'CoverageEligibilityResponse', outcome: 'error' });
    expect(focal.error[0].code.coding[0]).toMatchObject({
      system: 'http://nphies.sa/terminology/CodeSystem/adjudication-error',
      code: 'BV-00871',
      extension: [{ url: 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/extension-error-expression', valueString: 'Bundle.entry[6].resource.type[0].coding[0].system' }],
    });
    const queued = Object.entries(answers).find(([name]) => name.startsWith('accepted, queued'))?.[1] as { value: any };
    expect(queued.value.entry[1].resource.outcome).toBe('queued');
  });

  it('GET /docs answers Swagger UI, whose scripts load from the gateway itself', async () => {
    const page = await fetch(`${gw.url}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      expect(src).not.toMatch(/^https?:/);
      const asset = await fetch(new URL(src, page.url));
      expect(asset.status, src).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/javascript/);
      await asset.arrayBuffer();
    }
    const initializer = await (await fetch(`${gw.url}/docs/static/swagger-initializer.js`)).text();
    expect(initializer).toContain('./json');
    const spec = await fetch(`${gw.url}/docs/json`);
    expect((await spec.json()).openapi).toMatch(/^3\.1\./);
  });

  it('other unknown routes and methods still answer a coded OperationOutcome', async () => {
    for (const [method, path] of [['GET', '/nope'], ['DELETE', '/openapi.json'], ['GET', '/docs/static/nope.js']] as const) {
      const reply = await fetch(`${gw.url}${path}`, { method });
      expect(reply.status, `${method} ${path}`).toBe(404);
      const outcome = await reply.json();
      expect(outcome.resourceType).toBe('OperationOutcome');
      expect(outcome.issue[0].details.coding[0].code).toBe('WASL_ERR_NOT_FOUND');
    }
  });
});
