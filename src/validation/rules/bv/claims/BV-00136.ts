import { error, type Finding } from '../../../../findings/finding.js';
import { asObject, asString } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { NO_FINDINGS, focalOfType, hasText } from './claim-entries.js';

const DEVICE_REQUEST_URL = /(^|\/)DeviceRequest\/[^/]+$/;

/**
 * BV-00136 "Claim and preauthorization Request.prescription SHALL have a display element if the
 * referenced resource is DeviceRequest". The target is known from Reference.type, the reference
 * URL, or the entry it resolves to.
 */
export const BV_00136: Rule = {
  id: 'BV-00136',
  check(message) {
    let findings: Finding[] | undefined;
    for (const { index, resource } of focalOfType(message, 'Claim')) {
      const prescription = asObject(resource.prescription);
      if (!prescription || hasText(prescription.display)) continue;
      const reference = asString(prescription.reference);
      const resolved = reference === undefined ? undefined : message.entryIndex.resolve(reference);
      const isDeviceRequest =
        prescription.type === 'DeviceRequest' ||
        (reference !== undefined && DEVICE_REQUEST_URL.test(reference)) ||
        resolved?.resource?.resourceType === 'DeviceRequest';
      if (isDeviceRequest) (findings ??= []).push(error('BV-00136', entryPath(message, index, 'prescription.display'), 'a DeviceRequest prescription needs a display'));
    }
    return findings ?? NO_FINDINGS;
  },
};
