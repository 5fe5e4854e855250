/**
 * Byte-exact spans of nested values (issue 11, item 3): the nested message a poll-response carries
 * is verified over its text as it stands in the response, so the span must be exact on any spelling.
 */
import { describe, expect, it } from 'vitest';
import { jsonElementSpans, jsonSpan, jsonSpanText, JsonSpanError } from '../../src/client/json-spans.js';

describe('jsonSpan', () => {
  it('cuts a nested resource out of compact JSON exactly', () => {
    const resource = '{"resourceType":"Bundle","id":"m-1","entry":[{"resource":{"a":[1,2,{"b":null}]}}]}';
    const text = `{"resourceType":"Bundle","entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Task"}},{"fullUrl":"urn:uuid:2","resource":${resource}}]}`;
    expect(jsonSpanText(text, ['entry', 1, 'resource'])).toBe(resource);
    expect(jsonSpanText(text, ['entry', 0, 'resource', 'resourceType'])).toBe('"Task"');
    expect(jsonSpanText(text, ['entry', 1, 'resource', 'entry', 0, 'resource', 'a', 2])).toBe('{"b":null}');
  });

  it('keeps pretty-printing, CRLF and tabs inside the span and none of the surrounding whitespace', () => {
    const resource = '{\r\n\t"resourceType" : "Bundle" ,\r\n\t"entry" : [ ]\r\n}';
    const text = `{\n  "entry": [\n    {\n      "resource"  :\t ${resource}  \n    }\n  ]\n}\n`;
    const span = jsonSpan(text, ['entry', 0, 'resource'])!;
    expect(text.slice(span.start, span.end)).toBe(resource);
    expect(jsonSpanText(JSON.stringify(JSON.parse(text), null, 2), ['entry', 0, 'resource'])).toBe('{\n        "resourceType": "Bundle",\n        "entry": []\n      }');
  });

  it('is not fooled by quotes, brackets and backslashes inside strings, nor by escaped member names', () => {
    const tricky = '{"note":"a \\"quoted\\" } ] { [ , : value \\\\","path":"C:\\\\dir\\\\","x\\"y":1}';
    const text = `{"entry":[{"resource":${tricky}},{"resource":"\\\\"}],"re\\u0073ource":"escaped-name"}`;
    expect(JSON.parse(text)).toBeTruthy();
    expect(jsonSpanText(text, ['entry', 0, 'resource'])).toBe(tricky);
    expect(jsonSpanText(text, ['entry', 0, 'resource', 'x"y'])).toBe('1');
    expect(jsonSpanText(text, ['entry', 1, 'resource'])).toBe('"\\\\"');
    expect(jsonSpanText(text, ['resource'])).toBe('"escaped-name"');
  });

  it('offsets are string indices whose UTF-8 bytes are the original bytes, with Arabic, emoji and \\u escapes', () => {
    const resource = '{"name":"محمد 😀 \\u0645\\ud83d\\ude00","n":-1.5e+3}';
    const text = `{"a":"ت😀","entry":[{"resource":${resource}}]}`;
    const bytes = Buffer.from(text, 'utf8');
    const span = jsonSpan(bytes.toString('utf8'), ['entry', 0, 'resource'])!;
    expect(Buffer.from(text.slice(span.start, span.end), 'utf8').equals(Buffer.from(resource, 'utf8'))).toBe(true);
    expect(JSON.parse(text.slice(span.start, span.end))).toEqual(JSON.parse(resource));
  });

  it('scalars of every kind, the document itself, and the last of repeated keys (as JSON.parse)', () => {
    const text = ' {"t":true,"f":false,"z":null,"n":0,"e":-0.25E-7,"s":"","k":1,"k":[ 2 ]} ';
    expect(['t', 'f', 'z', 'n', 'e', 's'].map((k) => jsonSpanText(text, [k]))).toEqual(['true', 'false', 'null', '0', '-0.25E-7', '""']);
    expect(jsonSpanText(text, ['k'])).toBe('[ 2 ]');
    expect(jsonSpanText(text, [])).toBe(text.trim());
  });

  it('a missing path is undefined; text that is not JSON along the path throws JsonSpanError', () => {
    const text = '{"entry":[{"resource":{}}],"s":"x"}';
    expect(jsonSpan(text, ['entry', 1, 'resource'])).toBeUndefined();
    expect(jsonSpan(text, ['nope'])).toBeUndefined();
    expect(jsonSpan(text, ['s', 0])).toBeUndefined();
    expect(jsonSpan(text, ['entry', 'x'])).toBeUndefined();
    expect(jsonSpan('[]', [0])).toBeUndefined();
    expect(jsonSpan('{}', ['a'])).toBeUndefined();
    expect(() => jsonSpan('{"a" 1}', ['a'])).toThrow(JsonSpanError);
    expect(() => jsonSpan('{"a":"unterminated', ['a'])).toThrow(JsonSpanError);
    expect(() => jsonSpan('{"a":[1 2]}', ['a', 1])).toThrow(JsonSpanError);
    expect(() => jsonSpan('{"a":{"b":[}', ['a'])).toThrow(JsonSpanError);
    expect(() => jsonSpan('{"a":nul}', ['a'])).toThrow(JsonSpanError);
  });

  it('skips deeply nested values without recursion', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const text = `{"deep":${deep},"after":"ok"}`;
    expect(jsonSpanText(text, ['after'])).toBe('"ok"');
    expect(jsonSpan(text, ['deep'])).toEqual({ start: 8, end: 8 + deep.length });
  });
});

describe('jsonElementSpans', () => {
  it('locates every element of an array in one pass; jsonSpan from an element start reads inside it', () => {
    const text = '{"entry": [ {"resource":{"a":"]"}} , {"fullUrl":"u","resource":[1]},"x" ],"entry2":[]}';
    const spans = jsonElementSpans(text, ['entry'])!;
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['{"resource":{"a":"]"}}', '{"fullUrl":"u","resource":[1]}', '"x"']);
    const inner = jsonSpan(text, ['resource'], spans[1]!.start)!;
    expect(text.slice(inner.start, inner.end)).toBe('[1]');
    expect(jsonElementSpans(text, ['entry2'])).toEqual([]);
    expect(jsonElementSpans(text, ['nope'])).toBeUndefined();
    expect(jsonElementSpans('{"e":{}}', ['e'])).toBeUndefined();
  });
});
