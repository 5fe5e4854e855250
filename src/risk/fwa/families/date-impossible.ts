/**
 * `date-impossible` (issue 14, item 5): services dated before the patient's birth or after their
 * death (NPHIES AD-2-1, AD-2-2), and an in-patient stay overlapping another stay of the same
 * patient already billed (a patient is admitted in one place at a time). A stay may begin on the
 * day another ends (transfer).
 */
import { baseConfig, dateText, numberField, type Detection, type FamilyConfig, type FwaFamily } from '../family.js';

interface DateConfig extends FamilyConfig {
  /** How far back earlier stays are looked for. */
  readonly stayLookbackDays: number;
}

export const dateImpossible: FwaFamily<DateConfig> = {
  id: 'date-impossible',
  compile: (data, file) => ({ ...baseConfig(data, file, 'high'), stayLookbackDays: numberField(data, 'stayLookbackDays', file, 60) }),
  windowDays: (config) => config.stayLookbackDays,
  check(ctx, config): Detection[] {
    const { facts } = ctx;
    const found: Detection[] = [];
    const before = facts.birthDay === undefined ? undefined : facts.lines.find((l) => l.day < (facts.birthDay as number));
    if (before) found.push({ family: 'date-impossible', severity: config.severity, detail: `Service ${before.code} is dated ${dateText(before.day)}, before the patient's birth (${dateText(facts.birthDay as number)}).` });
    const after = facts.deathDay === undefined ? undefined : facts.lines.find((l) => l.day > (facts.deathDay as number));
    if (after) found.push({ family: 'date-impossible', severity: config.severity, detail: `Service ${after.code} is dated ${dateText(after.day)}, after the patient's death (${dateText(facts.deathDay as number)}).` });
    const stay = facts.stay;
    if (stay && ctx.event === 'claim-request') {
      const overlapping = ctx.history.find((h) => h.event === 'claim-request' && h.stay && h.identifier !== facts.identifier && h.stay[0] < stay[1] && stay[0] < h.stay[1]);
      if (overlapping?.stay) {
        found.push({
          family: 'date-impossible',
          severity: config.severity,
          detail: `The stay ${dateText(stay[0])} to ${dateText(stay[1])} overlaps another in-patient stay of this patient (${dateText(overlapping.stay[0])} to ${dateText(overlapping.stay[1])}).`,
          earlier: overlapping,
        });
      }
    }
    return found;
  },
};
