/** The GUID shape NPHIES requires of Bundle.id and MessageHeader.id: 36 characters, 32 hex digits and 4 dashes. */
export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
