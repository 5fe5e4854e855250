/** How the gateway names itself in the messages it makes (SPEC section 1). */
export interface GatewayIdentity {
  readonly licence: string;
  readonly licenceSystem: string;
  /** Base for fullUrls of resources the gateway makes, e.g. `http://127.0.0.1:8080`. */
  readonly baseUrl: string;
}

export const LICENCE_SYSTEMS = {
  provider: 'http://nphies.sa/license/provider-license',
  payer: 'http://nphies.sa/license/payer-license',
  gateway: 'http://nphies.sa/license/nphies',
} as const;

export const PROFILE_BASE = 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition';
export const ADJUDICATION_ERROR_SYSTEM = 'http://nphies.sa/terminology/CodeSystem/adjudication-error';
export const ERROR_EXPRESSION_URL = `${PROFILE_BASE}/extension-error-expression`;
export const META_TAGS_SYSTEM = 'http://nphies.sa/terminology/CodeSystem/meta-tags';
/** The tag NPHIES puts on resources it makes itself (seen on the sandbox's answers). */
export const GENERATED_TAG = { code: 'NPHIES generated', display: 'NPHIES generated' } as const;
export const QUEUED_MESSAGES_TAG = { system: META_TAGS_SYSTEM, code: 'queued-messages' } as const;
