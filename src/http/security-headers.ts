/**
 * Security headers for the HTML the gateway serves (issue 13, item 5): Swagger UI under `/docs`
 * and the document it renders. Registered inside the docs plugin only, so the FHIR and OAuth JSON
 * answers keep exactly the headers they had (their signatures and byte-exact relays are untouched).
 */
import type { FastifyHelmetOptions } from '@fastify/helmet';

/**
 * Helmet's defaults, with a Content-Security-Policy Swagger UI renders under: its scripts,
 * styles and the OpenAPI document come from this origin (served from node_modules, no CDN); it
 * sets inline `style` attributes (React), and draws icons as `data:` images. Nothing is framed,
 * no plugin objects, no form posts elsewhere. `upgrade-insecure-requests` is left out: behind a
 * TLS-terminating proxy or on a plain-HTTP development gateway it would send the browser to an
 * https origin that is not there, and the page would load without its scripts.
 */
export const DOCS_SECURITY_HEADERS: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
    },
  },
  // Never shown in a frame (clickjacking), in line with frame-ancestors above.
  frameguard: { action: 'deny' },
};
