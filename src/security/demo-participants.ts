/**
 * The demo participants `wasl init` creates: every licence the official NPHIES sample
 * messages use, so the samples can be sent through a fresh development gateway unchanged,
 * and one operator (`ADMIN-1`) whose token opens `/admin/participants`.
 */
import { LICENCE_SYSTEMS, type ParticipantRole } from './participants/participant.js';

export interface DemoParticipant {
  readonly licence: string;
  readonly role: ParticipantRole;
  readonly displayName: string;
}

export const DEMO_PARTICIPANTS: readonly DemoParticipant[] = [
  { licence: 'N-F-00001', role: 'provider', displayName: 'Demo Hospital Riyadh (N-F-00001)' },
  { licence: 'N-F-00002', role: 'provider', displayName: 'Demo Polyclinic Jeddah (N-F-00002)' },
  { licence: 'N-F-00003', role: 'provider', displayName: 'Demo Medical Centre Dammam (N-F-00003)' },
  { licence: 'N-F-00005', role: 'provider', displayName: 'Demo Pharmacy Makkah (N-F-00005)' },
  { licence: 'PR-FHIR', role: 'provider', displayName: 'Sample Provider PR-FHIR' },
  { licence: '10000000069631', role: 'provider', displayName: 'Sample Provider 10000000069631' },
  { licence: 'N-I-00001', role: 'payer', displayName: 'Demo Insurance Company (N-I-00001)' },
  { licence: 'INS-FHIR', role: 'payer', displayName: 'Sample Insurer INS-FHIR' },
  { licence: '7001548317', role: 'payer', displayName: 'Sample Insurer 7001548317' },
  { licence: 'REG-CHI', role: 'regulator', displayName: 'Council of Health Insurance (demo regulator)' },
  { licence: 'ADMIN-1', role: 'admin', displayName: 'Demo hub operator (ADMIN-1)' },
];

export function demoLicenceSystem(role: DemoParticipant['role']): string {
  return LICENCE_SYSTEMS[role];
}
