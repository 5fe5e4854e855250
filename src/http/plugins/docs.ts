/**
 * `GET /openapi.json` and `GET /docs` (issue 10, item 4): the OpenAPI 3.1 description of every
 * route, and Swagger UI rendering it. Both public. The document is built once at start
 * (`../openapi/document.ts`) and handed to @fastify/swagger in `static` mode, so no route gains a
 * Fastify schema (bodies stay raw bytes, answers are never re-serialised). Swagger UI's assets are
 * served from node_modules by @fastify/swagger-ui (no CDN). Registered as an encapsulated plugin:
 * the `swagger` decorator and the static file handler stay inside it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { CodeCatalogue } from '../../findings/catalogue.js';
import type { EventCatalogue } from '../../fhir/events.js';
import type { JsonObject } from '../../fhir/json.js';
import { openApiDocument } from '../openapi/document.js';
import { packagePath } from '../../package-root.js';
import { DOCS_SECURITY_HEADERS } from '../security-headers.js';

export const OPENAPI_PATH = '/openapi.json';
export const DOCS_PREFIX = '/docs';

export interface DocsPluginOptions {
  readonly catalogue: CodeCatalogue;
  readonly events: EventCatalogue;
  readonly publicUrl: string;
  readonly fhirBase: string;
  readonly version: string;
  /** Where the request examples are read from at start (default: the repository's `examples/`). */
  readonly examplesDir?: string;
}

const DEFAULT_EXAMPLES = packagePath('examples');

export async function docsPlugin(app: FastifyInstance, options: DocsPluginOptions): Promise<void> {
  const dir = options.examplesDir ?? DEFAULT_EXAMPLES;
  const example = async (file: string) => JSON.parse(await readFile(join(dir, file), 'utf8')) as JsonObject;
  const document = openApiDocument({
    catalogue: options.catalogue,
    events: options.events,
    publicUrl: options.publicUrl,
    fhirBase: options.fhirBase,
    version: options.version,
    examples: {
      eligibilityRequest: await example('eligibility-request-N-F-00001.json'),
      pollRequest: await example('poll-as-payer-N-I-00001.json'),
      subscription: await example('subscription-N-F-00001.json'),
    },
  });
  const body = JSON.stringify(document);

  // Inside this plugin only: the headers cover /docs and /openapi.json, never the FHIR answers.
  await app.register(helmet, DOCS_SECURITY_HEADERS);
  await app.register(swagger, { mode: 'static', specification: { document: document as never } });
  // validatorUrl null: the page never calls validator.swagger.io (the CSP would refuse it anyway).
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX, uiConfig: { docExpansion: 'list', deepLinking: true, validatorUrl: null } });
  app.get(OPENAPI_PATH, async (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
}
