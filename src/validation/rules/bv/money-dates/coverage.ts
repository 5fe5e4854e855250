/** Readers of Coverage for the length rules on Coverage.class (BV-00322, BV-00323). */
import { asArray } from '../../../../fhir/json.js';
import type { JsonObject } from '../../../../fhir/json.js';
import { isObject, NO_PROBLEMS, type Problem } from './support.js';

/** A problem at `class[i].<element>` for each class whose `element` is a string longer than `limit`. */
export function classesLongerThan(coverage: JsonObject, element: 'value' | 'name', limit: number): readonly Problem[] {
  let problems: Problem[] | undefined;
  const classes = asArray(coverage.class);
  for (let index = 0; index < classes.length; index++) {
    const type = classes[index];
    if (!isObject(type)) continue;
    const text = type[element];
    if (typeof text === 'string' && text.length > limit) (problems ??= []).push({ at: `class[${index}].${element}`, why: `class.${element} is longer than ${limit} characters` });
  }
  return problems ?? NO_PROBLEMS;
}
