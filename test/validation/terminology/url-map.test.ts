/** UrlMap: a map from URL that answers as a Map would, for keys of the same length too. */
import { describe, expect, it } from 'vitest';
import { UrlMap } from '../../../src/validation/terminology/url-map.js';

const CS = 'http://nphies.sa/terminology/CodeSystem/';

describe('UrlMap', () => {
  it('finds each key among keys of the same length and the same last character', () => {
    const map = new UrlMap<number>();
    const keys = [`${CS}claim-type`, `${CS}claim-typf`, `${CS}clbim-type`, `${CS}payee-type`, `${CS}x`];
    keys.forEach((key, i) => map.set(key, i));
    keys.forEach((key, i) => expect(map.get(key)).toBe(i));
    expect(map.size).toBe(keys.length);
  });

  it('misses a URL it does not hold, of a held length or not', () => {
    const map = new UrlMap<string>().set(`${CS}claim-type`, 'a');
    expect(map.get(`${CS}claim-typx`)).toBeUndefined();
    expect(map.get(`${CS}claim-type|1.0.0`)).toBeUndefined();
    expect(map.get(CS)).toBeUndefined();
    expect(map.get('')).toBeUndefined();
  });

  it('compares content, not identity: a URL read from a message finds the key compiled at start', () => {
    const map = new UrlMap<string>().set(`${CS}claim-type`, 'a');
    const fromMessage = (JSON.parse(`{"system":"${CS}claim-type"}`) as { system: string }).system;
    expect(map.get(fromMessage)).toBe('a');
  });

  it('replaces the value of a key set twice, as a Map does', () => {
    const map = new UrlMap<string>().set(`${CS}a`, 'first').set(`${CS}a`, 'second').set('', 'empty');
    expect(map.get(`${CS}a`)).toBe('second');
    expect(map.get('')).toBe('empty');
    expect(map.size).toBe(2);
  });
});
