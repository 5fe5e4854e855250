/**
 * Claim and prior-authorization structure rules (identifiers, sequences and the links between them)
 * and the message-wide element rules assigned to the same area (extensions, codings, attachments,
 * identifiers, data-type lengths). Which events each runs for: schemas/rules/enforced/claims.json.
 */
import type { Rule } from '../../../rule.js';
import { BV_00002 } from './BV-00002.js';
import { BV_00042 } from './BV-00042.js';
import { BV_00043 } from './BV-00043.js';
import { BV_00044 } from './BV-00044.js';
import { BV_00056 } from './BV-00056.js';
import { BV_00131 } from './BV-00131.js';
import { BV_00133 } from './BV-00133.js';
import { BV_00134 } from './BV-00134.js';
import { BV_00136 } from './BV-00136.js';
import { BV_00138 } from './BV-00138.js';
import { BV_00147 } from './BV-00147.js';
import { BV_00153 } from './BV-00153.js';
import { BV_00159 } from './BV-00159.js';
import { BV_00183 } from './BV-00183.js';
import { BV_00201 } from './BV-00201.js';
import { BV_00203 } from './BV-00203.js';
import { BV_00204 } from './BV-00204.js';
import { BV_00207 } from './BV-00207.js';
import { BV_00208 } from './BV-00208.js';
import { BV_00211 } from './BV-00211.js';
import { BV_00219 } from './BV-00219.js';
import { BV_00261 } from './BV-00261.js';
import { BV_00263 } from './BV-00263.js';
import { BV_00267 } from './BV-00267.js';
import { BV_00269 } from './BV-00269.js';
import { BV_00271 } from './BV-00271.js';
import { BV_00272 } from './BV-00272.js';
import { BV_00274 } from './BV-00274.js';
import { BV_00275 } from './BV-00275.js';
import { BV_00276 } from './BV-00276.js';
import { BV_00277 } from './BV-00277.js';
import { BV_00278 } from './BV-00278.js';
import { BV_00279 } from './BV-00279.js';
import { BV_00282 } from './BV-00282.js';
import { BV_00283 } from './BV-00283.js';
import { BV_00284 } from './BV-00284.js';
import { BV_00285 } from './BV-00285.js';
import { BV_00286 } from './BV-00286.js';
import { BV_00287 } from './BV-00287.js';
import { BV_00288 } from './BV-00288.js';
import { BV_00289 } from './BV-00289.js';
import { BV_00290 } from './BV-00290.js';
import { BV_00291 } from './BV-00291.js';
import { BV_00292 } from './BV-00292.js';
import { BV_00293 } from './BV-00293.js';
import { BV_00294 } from './BV-00294.js';
import { BV_00305 } from './BV-00305.js';
import { BV_00306 } from './BV-00306.js';
import { BV_00325 } from './BV-00325.js';
import { BV_00330 } from './BV-00330.js';
import { BV_00342 } from './BV-00342.js';
import { BV_00343 } from './BV-00343.js';
import { BV_00344 } from './BV-00344.js';
import { BV_00345 } from './BV-00345.js';
import { BV_00346 } from './BV-00346.js';
import { BV_00351 } from './BV-00351.js';
import { BV_00389 } from './BV-00389.js';
import { BV_00400 } from './BV-00400.js';
import { BV_00442 } from './BV-00442.js';
import { BV_00485 } from './BV-00485.js';
import { BV_00494 } from './BV-00494.js';
import { BV_00502 } from './BV-00502.js';
import { BV_00508 } from './BV-00508.js';
import { BV_00526 } from './BV-00526.js';
import { BV_00538 } from './BV-00538.js';
import { BV_00541 } from './BV-00541.js';
import { BV_00698 } from './BV-00698.js';
import { BV_00718 } from './BV-00718.js';
import { BV_00719 } from './BV-00719.js';
import { BV_00721 } from './BV-00721.js';
import { BV_00722 } from './BV-00722.js';
import { BV_00871 } from './BV-00871.js';
import { BV_00899 } from './BV-00899.js';
import { BV_00901 } from './BV-00901.js';

export const CLAIM_STRUCTURE_RULES: readonly Rule[] = [
  BV_00002, BV_00042, BV_00043, BV_00044, BV_00056, BV_00131, BV_00133, BV_00134,
  BV_00136, BV_00138, BV_00147, BV_00153, BV_00159, BV_00183, BV_00201, BV_00203,
  BV_00204, BV_00207, BV_00208, BV_00211, BV_00219, BV_00261, BV_00263, BV_00267, BV_00269, BV_00271,
  BV_00272, BV_00274, BV_00275, BV_00276, BV_00277, BV_00278, BV_00279, BV_00282,
  BV_00283, BV_00284, BV_00285, BV_00286, BV_00287, BV_00288, BV_00289, BV_00290,
  BV_00291, BV_00292, BV_00293, BV_00294, BV_00305, BV_00306, BV_00325, BV_00330,
  BV_00342, BV_00343, BV_00344, BV_00345, BV_00346, BV_00351, BV_00389, BV_00400,
  BV_00442, BV_00485, BV_00494, BV_00502, BV_00508, BV_00526, BV_00538, BV_00541,
  BV_00698, BV_00718, BV_00719, BV_00721, BV_00722, BV_00871, BV_00899, BV_00901,
];
