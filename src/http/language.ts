import type { Language } from '../findings/catalogue.js';

/** Display texts in Arabic when the caller asks for it first (SPEC section 4). */
export function preferredLanguage(acceptLanguage: string | undefined): Language {
  return acceptLanguage !== undefined && /^\s*ar\b/i.test(acceptLanguage) ? 'ar' : 'en';
}
