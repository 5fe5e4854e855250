/**
 * Generates `schemas/rules/displays-ar/machine-composed.json`: an Arabic display for every
 * official rule that has no hand-written Arabic text in the other files of that folder.
 *
 * The official workbook only has English displays, and most of them follow a handful of
 * sentence patterns ("<subject> is not provided", "Incorrect data type used for <subject>").
 * The Arabic is composed from those patterns, keeping the FHIR subject in Latin script
 * (element names are not translated). A display that matches no pattern gets a per-family
 * sentence built from the rule's element, so no code the gateway can emit falls back to
 * English. The file is marked `machineComposed` so that tests and tools can tell it from
 * the hand-written texts; a hand-written text always wins (the composed file skips it).
 *
 * Re-run with `npm run profiles` (or directly) after the workbook or a hand-written file changes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { OfficialRule } from './rules-catalogue.js';
import { readJsonFolder } from '../findings/data-dir.js';

export const MACHINE_COMPOSED_FILE = 'machine-composed.json';

export interface DisplaysFile {
  comment: string;
  machineComposed?: boolean;
  displays: Record<string, string>;
}

type Render = (m: RegExpMatchArray) => string;

/** Claim types as NPHIES names them, with the Arabic name of the care setting. */
const CLAIM_TYPES: Record<string, string> = {
  oral: 'طب الأسنان (oral)',
  institutional: 'المنشآت (institutional)',
  pharmacy: 'الصيدلية (pharmacy)',
  professional: 'العيادات (professional)',
  vision: 'البصريات (vision)',
};

/** Message contexts that trail some displays ("... for poll response"). */
const CONTEXTS: Record<string, string> = {
  'poll request': 'في طلب الاستطلاع (poll request)',
  'poll response': 'في رد الاستطلاع (poll response)',
  'cancel request': 'في طلب الإلغاء (cancel request)',
  'cancel response': 'في رد الإلغاء (cancel response)',
};

/** Leading scopes of some BV displays ("Claim - ...", "Advanced preauthorization - ..."). */
const SCOPES: [RegExp, string][] = [
  [/^Advanced preauthorization\s*[-–:]\s*/i, 'في التفويض المسبق المتقدم: '],
  [/^Authorization\s*[-–:]\s*/i, 'في طلب التفويض المسبق: '],
  [/^Claim\s*[-–:]\s*/i, 'في المطالبة: '],
];

/** Thrown by `subject` when a captured phrase is a clause rather than an element name. */
class NotASubject extends Error {}

/** Words that show a captured phrase is an English clause ("If ... then the reason"), not an element name. */
const CLAUSE_WORDS = /\b(if|when|then|and|or|is|are|shall|must|should|not|exists?|than|be|the|within|in|of|for|with|from|to|has|have|any)\b/i;

/**
 * The FHIR subject of a display, kept in Latin script. A clause is refused so that the
 * pattern is skipped: half-translated English conditions read worse than the family sentence.
 */
const subject = (text: string | undefined): string => {
  const cleaned = (text ?? '')
    .trim()
    .replace(/^(the|a|an)\s+/i, '')
    .replace(/^provided\s+/i, '')
    .replace(/\s+field$/i, '');
  if (cleaned === '' || CLAUSE_WORDS.test(cleaned) || cleaned.split(' ').length > 10) throw new NotASubject(cleaned);
  return cleaned;
};

const claimType = (type: string | undefined): string => CLAIM_TYPES[(type ?? '').toLowerCase()] ?? `(${type ?? ''})`;
const context = (text: string | undefined): string => CONTEXTS[(text ?? '').toLowerCase()] ?? `في ${text ?? ''}`;

/**
 * English display patterns, most specific first; each renders one Arabic sentence.
 * Found by counting the displays per family (DT: data types, IC: cardinality,
 * IB: bindings, RE: references, BV: business rules).
 */
const PATTERNS: [RegExp, Render][] = [
  // Data types (DT)
  [/^(?:Incorrect|Invalid) (?:element )?data ?type used for (.+)$/i, (m) => `نوع البيانات المستخدم في العنصر ${subject(m[1])} غير صحيح`],
  [
    /^(.+?) (?:is not using the (?:data ?type|datatype) specified in the NPHIES profile|is not using (?:the|a) correct data ?type|SHALL have a valid Data Type|is using invalid data type)$/i,
    (m) => `لا يستخدم العنصر ${subject(m[1])} نوع البيانات المحدد في ملف تعريف NPHIES`,
  ],
  [/^(.+?) field contains incorrect and incomplete format$/i, (m) => `صيغة القيمة في الحقل ${subject(m[1])} غير صحيحة أو غير مكتملة`],
  [/^The provided value does not match the specified element data type$/i, () => 'القيمة المقدَّمة لا تطابق نوع البيانات المحدد للعنصر'],
  [/^The provided (.+?) value does not match the specified element data type$/i, (m) => `قيمة ${subject(m[1])} المقدَّمة لا تطابق نوع البيانات المحدد للعنصر`],
  [/^(.+?) value is invalid as per the defined element data type$/i, (m) => `قيمة العنصر ${subject(m[1])} غير صالحة وفق نوع البيانات المحدد له`],
  [/^(?:Incorrect|Invalid) (?:element )?data ?type used$/i, () => 'نوع بيانات العنصر المستخدم غير صحيح'],
  [/^Element is not using the specified data type$/i, () => 'لا يستخدم العنصر نوع البيانات المحدد'],
  [/^Invalid element value length used$/i, () => 'طول قيمة العنصر غير صالح'],
  [/^Maximum length of this field has been exceeded$/i, () => 'تجاوزت قيمة هذا الحقل الطول الأقصى المسموح به'],
  [
    /^(.+?) value length is longer than maximum specified length of (\d+) English Characters and (\d+) Arabic Characters$/i,
    (m) => `طول قيمة العنصر ${subject(m[1])} يتجاوز الحد الأقصى المحدد لعدد الأحرف (${m[2]} بالإنجليزية، ${m[3]} بالعربية)`,
  ],

  // Cardinality (IC)
  [
    /^(.+?) (?:is not following|SHALL follow) the (?:correct|specified) cardinality.*$/i,
    (m) => `لا يلتزم العنصر ${subject(m[1])} بعدد مرات الورود (cardinality) المحدد في ملف تعريف الرسالة`,
  ],
  [/^(.+?) (?:is )?not provided when (.+?) is used$/i, (m) => `لم يُذكر العنصر ${subject(m[1])} مع أن العنصر ${subject(m[2])} مستخدم`],
  [
    /^(.+?) (?:is )?not provided when (.+?)(?:=| is )"([^"]+)"$/i,
    (m) => `لم يُذكر العنصر ${subject(m[1])} مع أن قيمة ${subject(m[2])} هي "${m[3]}"`,
  ],
  [/^(.+?) is used when (.+?)(?:=| is )"([^"]+)"$/i, (m) => `لا يجوز استخدام العنصر ${subject(m[1])} عندما تكون قيمة ${subject(m[2])} هي "${m[3]}"`],
  [/^(.+?) cannot be used when (.+?) is used$/i, (m) => `لا يجوز استخدام العنصر ${subject(m[1])} عند استخدام العنصر ${subject(m[2])}`],
  [/^(.+?) (?:is|has) not (?:been )?provided$/i, (m) => `لم يُذكر العنصر ${subject(m[1])}`],
  [/^(.+?) is not provided OR has more than one value Type$/i, (m) => `لم يُذكر العنصر ${subject(m[1])} أو ذُكر بأكثر من نوع قيمة واحد`],
  [/^The purpose \(\.use\) of the transaction has not been provided$/i, () => 'لم يُذكر الغرض من المعاملة (use)'],
  [/^(.+?) is required$/i, (m) => `العنصر ${subject(m[1])} مطلوب`],
  [/^(.+?) is missing in the (.+?)$/i, (m) => `العنصر ${subject(m[1])} مفقود ${context(m[2])}`],
  [/^(.+?) must not be empty$/i, (m) => `يجب ألا يكون العنصر ${subject(m[1])} فارغاً`],

  // Bindings and fixed values (IB)
  [
    /^Claim product or service does not belong to the related value set for (\w+) claims$/i,
    (m) => `رمز المنتج أو الخدمة في المطالبة لا ينتمي إلى مجموعة القيم الخاصة بمطالبات ${claimType(m[1])}`,
  ],
  [
    /^The profile is for an? (\w+) (claim|prior-authorization) therefore the Claim\.(type|use) SHALL be "([^"]+)"$/i,
    (m) =>
      `ملف التعريف مخصص ${m[2]?.toLowerCase() === 'claim' ? 'لمطالبة' : 'لطلب تفويض مسبق'} من نوع ${m[1]}، لذا يجب أن تكون قيمة Claim.${m[3]} هي "${m[4]}"`,
  ],
  [
    /^(.+?) (?:SHALL|must) be a valid code from (?:the )?\(?"?([^")\s]+)"?\)? adopted by nphies if (\w+)(?:\.| )type="?(\w+)"?$/i,
    (m) => `يجب أن يكون ${subject(m[1])} رمزاً صالحاً من مجموعة القيم ${m[2]} المعتمدة في NPHIES عندما يكون نوع ${m[3]} هو ${claimType(m[4])}`,
  ],
  [
    /^Patient identifier system SHALL be "([^"]+)" if the Patient identifier type value="([^"]+)"$/i,
    (m) => `يجب أن يكون نظام معرّف المريض (Patient.identifier.system) هو "${m[1]}" عندما يكون نوع المعرّف "${m[2]}"`,
  ],
  [
    /^(.+?) (?:is not using (?:a|one) (?:value|code) from|SHALL use a code from|(?:value )?is not from) the specified value ?set$/i,
    (m) => `لا يستخدم العنصر ${subject(m[1])} قيمة من مجموعة القيم (ValueSet) المحددة`,
  ],
  [
    /^When the ClaimResponse type is (\w+) then the (.+?) must use a code from the ValueSet as specified in the profile$/i,
    (m) => `يجب أن يستخدم العنصر ${subject(m[2])} رمزاً من مجموعة القيم المحددة في ملف التعريف عندما يكون نوع ClaimResponse هو ${claimType(m[1])}`,
  ],
  [/^(.+?) is not using the specified value "([^"]+)"$/i, (m) => `لا يستخدم العنصر ${subject(m[1])} القيمة المحددة "${m[2]}"`],
  [
    /^(.+?) is not using (?:one|on) of the specified values (\(.+\)) for (.+)$/i,
    (m) => `لا يستخدم العنصر ${subject(m[1])} إحدى القيم المحددة ${m[2]} ${context(m[3])}`,
  ],
  [/^(.+?) is not using the specified value either (.+)$/i, (m) => `لا يستخدم العنصر ${subject(m[1])} إحدى القيمتين المحددتين: ${m[2]?.replace(/ or /, ' أو ')}`],
  [/^(.+?) is not using the specified (?:value|valueCode|value a valueCode)$/i, (m) => `لا يستخدم العنصر ${subject(m[1])} القيمة المحددة`],
  [/^(.+?) SHALL use a code$/i, (m) => `يجب أن يستخدم العنصر ${subject(m[1])} رمزاً (code)`],
  [/^(.+?) has an incorrect value$/i, (m) => `قيمة العنصر ${subject(m[1])} غير صحيحة`],
  [/^The valueCode field contains an incorrect value$/i, () => 'يحتوي الحقل valueCode على قيمة غير صحيحة'],
  [/^The task code shall be "([^"]+)"$/i, (m) => `يجب أن يكون رمز المهمة (Task.code) هو "${m[1]}"`],
  [/^The task status code shall be "([^"]+)"$/i, (m) => `يجب أن يكون رمز حالة المهمة (Task.status) هو "${m[1]}"`],
  [
    /^(.+?) field value,? exceeds (?:the )?maximum permissible value ?\(?([^)]+)\)?\.?$/i,
    (m) => `قيمة الحقل ${subject(m[1])} تتجاوز الحد الأقصى المسموح به (${m[2]})`,
  ],

  // References (RE)
  [/^(.+?) is not referring to a valid resource$/i, (m) => `لا يشير العنصر ${subject(m[1])} إلى مورد صالح`],
  [/^(.+?) is not referring to a resource as specified in the NPHIES profile$/i, (m) => `لا يشير العنصر ${subject(m[1])} إلى مورد من النوع المحدد في ملف تعريف NPHIES`],
  [/^(.+?) is referring to an incorrect resource$/i, (m) => `يشير العنصر ${subject(m[1])} إلى مورد غير صحيح`],
  [/^(.+?) is not a valid reference, or, the referenced resource is missing$/i, (m) => `العنصر ${subject(m[1])} ليس مرجعاً صالحاً، أو أن المورد المشار إليه مفقود`],
  [/^(.+?) SHALL use a reference to a subProfile$/i, (m) => `يجب أن يستخدم العنصر ${subject(m[1])} مرجعاً إلى ملف تعريف فرعي (subProfile)`],
  [/^The provided (.+?) reference is invalid$/i, (m) => `المرجع المقدَّم (${m[1]} reference) غير صالح`],
  [/^(.+?) does not point to a valid resource$/i, (m) => `لا يشير ${subject(m[1])} إلى مورد صالح`],
  [/^Message SHALL use a valid nphies profile \((.+)\)$/i, (m) => `يجب أن تستخدم الرسالة ملف تعريف NPHIES صالحاً (${m[1]})`],

  // Business rules (BV) and the rest
  [/^(.+?) and (.+?) do not match$/i, (m) => `لا يتطابق ${subject(m[1])} مع ${subject(m[2])}`],
  [/^(.+?) does not match the related (.+)$/i, (m) => `لا يتطابق ${subject(m[1])} مع ${subject(m[2])} في الطلب المرتبط`],
  [/^(.+?) does not match (?:the )?(.+)$/i, (m) => `لا يتطابق ${subject(m[1])} مع ${subject(m[2])}`],
  [/^(.+?) does not exist$/i, (m) => `القيمة المذكورة في ${subject(m[1])} غير موجودة`],
  [/^The provided (.+?) is invalid$/i, (m) => `قيمة ${subject(m[1])} المقدَّمة غير صالحة`],
  [/^(.+?) (?:value )?is invalid$/i, (m) => `قيمة ${subject(m[1])} غير صالحة`],
  [/^Supporting information "([^"]+)" requires textual information$/i, (m) => `المعلومات الداعمة "${m[1]}" تتطلب معلومات نصية`],
  [
    /^Supporting information (?:code )?"([^"]+)" is required in (?:an? )?(.+?)\.?$/i,
    (m) => `المعلومات الداعمة "${m[1]}" مطلوبة في ${m[2]?.replace(/claim and authorization/i, 'المطالبة وطلب التفويض').replace(/(\w+) claim request/i, (_, t: string) => `طلب مطالبة ${claimType(t)}`)}`,
  ],
  [
    /^If (?:Advanced preauthorization )?supportingInfo category="([^"]+)" then either valueQuantity or reason SHALL exist$/i,
    (m) => `إذا كانت فئة المعلومات الداعمة "${m[1]}" فيجب ذكر valueQuantity أو reason`,
  ],
];

/** Arabic sentence for a display that matches no pattern, built from the rule's element. */
function familySentence(rule: OfficialRule): string {
  const element = rule.element || 'غير محدد';
  switch (rule.family) {
    case 'DT':
      return `نوع بيانات أو صيغة قيمة غير صحيحة في العنصر ${element}`;
    case 'IC':
      return `عدد مرات ورود العنصر ${element} لا يطابق ما يحدده ملف تعريف الرسالة`;
    case 'IB':
      return `قيمة العنصر ${element} لا تطابق القيمة أو مجموعة القيم المحددة`;
    case 'RE':
      return `المرجع في العنصر ${element} غير صالح أو لا يشير إلى المورد المطلوب`;
    case 'BV':
      return `لم تُستوفَ قاعدة العمل الخاصة بالعنصر ${element}`;
    case 'FR':
      return `لم يُستوفَ أحد قيود FHIR الأساسية على العنصر ${element}`;
    default:
      return `خطأ عام في العنصر ${element}`;
  }
}

/** Arabic display composed from the rule's English display, or from its family and element. */
export function composeArabic(rule: OfficialRule): string {
  let text = rule.display.trim();
  let scope = '';
  for (const [re, arabic] of SCOPES) {
    if (re.test(text)) {
      text = text.replace(re, '');
      scope = arabic;
      break;
    }
  }
  for (const [re, render] of PATTERNS) {
    const m = text.match(re);
    if (!m) continue;
    try {
      return scope + render(m);
    } catch (error) {
      if (!(error instanceof NotASubject)) throw error;
    }
  }
  return familySentence(rule);
}

/** The machine-composed file: one Arabic display per official code without a hand-written one. Pure. */
export function composeArabicDisplays(rules: OfficialRule[], handWritten: Record<string, string>): DisplaysFile {
  const displays: Record<string, string> = {};
  const missing = rules.filter((r) => !(r.id in handWritten)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const rule of missing) displays[rule.id] = composeArabic(rule);
  return {
    comment:
      'GENERATED by src/data-gen/arabic-displays.ts; do not edit. Arabic displays composed from the official English display patterns (FHIR element names kept in Latin script) for every official code without a hand-written text in this folder. To improve one, write it in a hand-written file here and re-run the generator.',
    machineComposed: true,
    displays,
  };
}

/** Hand-written displays of a folder: every file except the machine-composed one. */
export function handWrittenDisplays(folder: string): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const { file, data } of readJsonFolder<DisplaysFile>(folder)) {
    if (basename(file) === MACHINE_COMPOSED_FILE || data.machineComposed) continue;
    Object.assign(merged, data.displays);
  }
  return merged;
}

function main(): void {
  const schemas = resolve(process.argv[2] ?? 'schemas');
  const folder = join(schemas, 'rules', 'displays-ar');
  const { rules } = JSON.parse(readFileSync(join(schemas, 'rules', 'nphies-rules.json'), 'utf8')) as { rules: OfficialRule[] };
  const file = composeArabicDisplays(rules, handWrittenDisplays(folder));
  writeFileSync(join(folder, MACHINE_COMPOSED_FILE), JSON.stringify(file, null, 1) + '\n');
  process.stdout.write(`wrote ${Object.keys(file.displays).length} machine-composed Arabic displays to ${join(folder, MACHINE_COMPOSED_FILE)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
