/**
 * `age-gender` (issue 14, item 5): a service or diagnosis incompatible with the patient's sex or
 * age at the day of service (a hysterectomy for a male patient, a neonatal code for an adult). The
 * table is data (`schemas/risk/fwa/age-gender.json`): each row names a service or a diagnosis
 * (a trailing `*` matches a prefix) and the sex and age range it belongs to. In the spirit of
 * NPHIES's AD-1-4 and the member-information reasons.
 */
import { baseConfig, numberField, RiskConfigError, serviceMatches, tableField, type Detection, type FamilyConfig, type FwaFamily } from '../family.js';

interface Restriction {
  readonly service?: string;
  readonly diagnosis?: string;
  readonly gender?: 'male' | 'female';
  readonly minAge: number;
  readonly maxAge: number;
}

interface AgeGenderConfig extends FamilyConfig {
  readonly restrictions: readonly Restriction[];
}

function diagnosisMatches(pattern: string, code: string): boolean {
  return pattern.endsWith('*') ? code.startsWith(pattern.slice(0, -1)) : code === pattern;
}

/** Whole years from birth to a day (both days since 1970). */
function ageAt(birthDay: number, day: number): number {
  const birth = new Date(birthDay * 86_400_000);
  const at = new Date(day * 86_400_000);
  const years = at.getUTCFullYear() - birth.getUTCFullYear();
  const beforeBirthday = at.getUTCMonth() < birth.getUTCMonth() || (at.getUTCMonth() === birth.getUTCMonth() && at.getUTCDate() < birth.getUTCDate());
  return beforeBirthday ? years - 1 : years;
}

function violation(rule: Restriction, gender: string | undefined, age: number | undefined): string | undefined {
  if (rule.gender && (gender === 'male' || gender === 'female') && gender !== rule.gender) return `for ${rule.gender} patients only, the patient is ${gender}`;
  if (age !== undefined && (age < rule.minAge || age > rule.maxAge)) return `for ages ${rule.minAge} to ${rule.maxAge}, the patient is ${age}`;
  return undefined;
}

export const ageGender: FwaFamily<AgeGenderConfig> = {
  id: 'age-gender',
  compile(data, file) {
    const restrictions = tableField(data, 'restrictions', file).map((row, i): Restriction => {
      const where = `${file} restrictions[${i}]`;
      if ((typeof row.service === 'string') === (typeof row.diagnosis === 'string')) throw new RiskConfigError(file, `restrictions[${i}] names exactly one of service or diagnosis`);
      if (row.gender !== undefined && row.gender !== 'male' && row.gender !== 'female') throw new RiskConfigError(file, `restrictions[${i}].gender must be male or female`);
      return {
        ...(typeof row.service === 'string' ? { service: row.service } : { diagnosis: row.diagnosis as string }),
        ...(row.gender ? { gender: row.gender as 'male' | 'female' } : {}),
        minAge: numberField(row, 'minAge', where, 0),
        maxAge: numberField(row, 'maxAge', where, 200),
      };
    });
    return { ...baseConfig(data, file, 'high'), restrictions };
  },
  windowDays: () => 0,
  check(ctx, config): Detection[] {
    const { facts } = ctx;
    const found: Detection[] = [];
    const firstDay = facts.lines[0]?.day;
    for (const rule of config.restrictions) {
      if (rule.service !== undefined) {
        for (const line of facts.lines) {
          if (!serviceMatches(rule.service, line.service, line.code)) continue;
          const why = violation(rule, facts.gender, facts.birthDay === undefined ? undefined : ageAt(facts.birthDay, line.day));
          if (why) found.push({ family: 'age-gender', severity: config.severity, detail: `Service ${line.code} is ${why}.` });
        }
      } else {
        const code = facts.diagnoses.find((d) => diagnosisMatches(rule.diagnosis as string, d));
        if (code === undefined) continue;
        const why = violation(rule, facts.gender, facts.birthDay === undefined || firstDay === undefined ? undefined : ageAt(facts.birthDay, firstDay));
        if (why) found.push({ family: 'age-gender', severity: config.severity, detail: `Diagnosis ${code} is ${why}.` });
      }
    }
    return found;
  },
};
