/** Money (net = quantity × unitPrice × factor + tax, 2-decimal rounding, totals) and date rules. */
import type { Rule } from '../../../rule.js';
import { BV_00036 } from './BV-00036.js';
import { BV_00041 } from './BV-00041.js';
import { BV_00052 } from './BV-00052.js';
import { BV_00058 } from './BV-00058.js';
import { BV_00059 } from './BV-00059.js';
import { BV_00061 } from './BV-00061.js';
import { BV_00062 } from './BV-00062.js';
import { BV_00064 } from './BV-00064.js';
import { BV_00066 } from './BV-00066.js';
import { BV_00086 } from './BV-00086.js';
import { BV_00087 } from './BV-00087.js';
import { BV_00088 } from './BV-00088.js';
import { BV_00089 } from './BV-00089.js';
import { BV_00090 } from './BV-00090.js';
import { BV_00092 } from './BV-00092.js';
import { BV_00093 } from './BV-00093.js';
import { BV_00094 } from './BV-00094.js';
import { BV_00095 } from './BV-00095.js';
import { BV_00096 } from './BV-00096.js';
import { BV_00118 } from './BV-00118.js';
import { BV_00122 } from './BV-00122.js';
import { BV_00224 } from './BV-00224.js';
import { BV_00251 } from './BV-00251.js';
import { BV_00254 } from './BV-00254.js';
import { BV_00265 } from './BV-00265.js';
import { BV_00280 } from './BV-00280.js';
import { BV_00307 } from './BV-00307.js';
import { BV_00308 } from './BV-00308.js';
import { BV_00321 } from './BV-00321.js';
import { BV_00322 } from './BV-00322.js';
import { BV_00323 } from './BV-00323.js';
import { BV_00324 } from './BV-00324.js';
import { BV_00340 } from './BV-00340.js';
import { BV_00347 } from './BV-00347.js';
import { BV_00348 } from './BV-00348.js';
import { BV_00349 } from './BV-00349.js';
import { BV_00372 } from './BV-00372.js';
import { BV_00374 } from './BV-00374.js';
import { BV_00406 } from './BV-00406.js';
import { BV_00409 } from './BV-00409.js';
import { BV_00411 } from './BV-00411.js';
import { BV_00413 } from './BV-00413.js';
import { BV_00414 } from './BV-00414.js';
import { BV_00415 } from './BV-00415.js';
import { BV_00416 } from './BV-00416.js';
import { BV_00417 } from './BV-00417.js';
import { BV_00418 } from './BV-00418.js';
import { BV_00419 } from './BV-00419.js';
import { BV_00420 } from './BV-00420.js';
import { BV_00433 } from './BV-00433.js';
import { BV_00434 } from './BV-00434.js';
import { BV_00435 } from './BV-00435.js';
import { BV_00437 } from './BV-00437.js';
import { BV_00439 } from './BV-00439.js';
import { BV_00460 } from './BV-00460.js';
import { BV_00461 } from './BV-00461.js';
import { BV_00462 } from './BV-00462.js';
import { BV_00482 } from './BV-00482.js';
import { BV_00486 } from './BV-00486.js';
import { BV_00487 } from './BV-00487.js';
import { BV_00488 } from './BV-00488.js';
import { BV_00489 } from './BV-00489.js';
import { BV_00490 } from './BV-00490.js';
import { BV_00509 } from './BV-00509.js';
import { BV_00553 } from './BV-00553.js';
import { BV_00554 } from './BV-00554.js';
import { BV_00555 } from './BV-00555.js';
import { BV_00556 } from './BV-00556.js';
import { BV_00701 } from './BV-00701.js';
import { BV_00728 } from './BV-00728.js';
import { BV_00729 } from './BV-00729.js';
import { BV_00733 } from './BV-00733.js';
import { BV_00758 } from './BV-00758.js';
import { BV_00759 } from './BV-00759.js';
import { BV_00760 } from './BV-00760.js';
import { BV_00787 } from './BV-00787.js';
import { BV_00788 } from './BV-00788.js';
import { BV_00801 } from './BV-00801.js';
import { BV_00810 } from './BV-00810.js';
import { BV_00811 } from './BV-00811.js';
import { BV_00812 } from './BV-00812.js';
import { BV_00813 } from './BV-00813.js';
import { BV_00814 } from './BV-00814.js';
import { BV_00815 } from './BV-00815.js';
import { BV_00816 } from './BV-00816.js';
import { BV_00817 } from './BV-00817.js';
import { BV_00818 } from './BV-00818.js';
import { BV_00819 } from './BV-00819.js';
import { BV_00828 } from './BV-00828.js';
import { BV_00848 } from './BV-00848.js';
import { BV_00849 } from './BV-00849.js';
import { BV_00850 } from './BV-00850.js';
import { BV_00851 } from './BV-00851.js';
import { BV_00852 } from './BV-00852.js';
import { BV_00926 } from './BV-00926.js';
import { BV_00927 } from './BV-00927.js';
import { BV_00932 } from './BV-00932.js';
import { GE_00028 } from './GE-00028.js';

export const MONEY_AND_DATE_RULES: readonly Rule[] = [
  BV_00036,
  BV_00041,
  BV_00052,
  BV_00058,
  BV_00059,
  BV_00061,
  BV_00062,
  BV_00064,
  BV_00066,
  BV_00086,
  BV_00087,
  BV_00088,
  BV_00089,
  BV_00090,
  BV_00092,
  BV_00093,
  BV_00094,
  BV_00095,
  BV_00096,
  BV_00118,
  BV_00122,
  BV_00224,
  BV_00251,
  BV_00254,
  BV_00265,
  BV_00280,
  BV_00307,
  BV_00308,
  BV_00321,
  BV_00322,
  BV_00323,
  BV_00324,
  BV_00340,
  BV_00347,
  BV_00348,
  BV_00349,
  BV_00372,
  BV_00374,
  BV_00406,
  BV_00409,
  BV_00411,
  BV_00413,
  BV_00414,
  BV_00415,
  BV_00416,
  BV_00417,
  BV_00418,
  BV_00419,
  BV_00420,
  BV_00433,
  BV_00434,
  BV_00435,
  BV_00437,
  BV_00439,
  BV_00460,
  BV_00461,
  BV_00462,
  BV_00482,
  BV_00486,
  BV_00487,
  BV_00488,
  BV_00489,
  BV_00490,
  BV_00509,
  BV_00553,
  BV_00554,
  BV_00555,
  BV_00556,
  BV_00701,
  BV_00728,
  BV_00729,
  BV_00733,
  BV_00758,
  BV_00759,
  BV_00760,
  BV_00787,
  BV_00788,
  BV_00801,
  BV_00810,
  BV_00811,
  BV_00812,
  BV_00813,
  BV_00814,
  BV_00815,
  BV_00816,
  BV_00817,
  BV_00818,
  BV_00819,
  BV_00828,
  BV_00848,
  BV_00849,
  BV_00850,
  BV_00851,
  BV_00852,
  BV_00926,
  BV_00927,
  BV_00932,
  GE_00028,
];
