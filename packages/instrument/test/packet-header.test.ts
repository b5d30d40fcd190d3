import { describe, expect, it } from 'vitest';
import { decodeEscapedName, readHeader } from '../src/packet-header.js';
import { NamespaceEvents } from '../src/event-names.js';

function parse(data: string) {
  const h = { ...readHeader(data) };
  const name =
    h.nameStart === -1
      ? null
      : h.nameEscaped
        ? decodeEscapedName(data, h.nameStart, h.nameEnd)
        : data.slice(h.nameStart, h.nameEnd);
  const nsp = h.nspStart === -1 ? '/' : data.slice(h.nspStart, h.nspEnd);
  return { type: h.type, nsp, name };
}

describe('reading Socket.IO packet headers in place', () => {
  it.each([
    ['2["hello",1]', { type: 2, nsp: '/', name: 'hello' }],
    ['212["hello"]', { type: 2, nsp: '/', name: 'hello' }],
    ['2/chat,["msg",{}]', { type: 2, nsp: '/chat', name: 'msg' }],
    ['2/chat,7["msg"]', { type: 2, nsp: '/chat', name: 'msg' }],
    ['51-["blob",{"_placeholder":true,"num":0}]', { type: 5, nsp: '/', name: 'blob' }],
    ['51-/chat,3["blob",{}]', { type: 5, nsp: '/chat', name: 'blob' }],
    ['3["ack"]', { type: 3, nsp: '/', name: null }],
    ['0/admin,{"token":"x"}', { type: 0, nsp: '/admin', name: null }],
    ['0/admin', { type: 0, nsp: '/admin', name: null }],
    ['1', { type: 1, nsp: '/', name: null }],
    ['2["a\\"b",1]', { type: 2, nsp: '/', name: 'a"b' }],
    ['2["tab\\there"]', { type: 2, nsp: '/', name: 'tab\there' }],
    ['2[42]', { type: 2, nsp: '/', name: null }],
    ['2["unterminated', { type: 2, nsp: '/', name: null }],
    ['x garbage', { type: -1, nsp: '/', name: null }],
    ['', { type: -1, nsp: '/', name: null }],
  ])('%s', (data, expected) => {
    expect(parse(data)).toEqual(expected);
  });

  it('counts repeated names without confusing prefixes', () => {
    const events = new NamespaceEvents('/', 10);
    for (const data of ['2["ab"]', '2["abc"]', '2["ab"]', '2["a"]']) {
      const h = readHeader(data);
      events.incoming(data, h.nameStart, h.nameEnd, h.nameEscaped).in++;
    }
    expect(Object.fromEntries([...events.names].map(([k, v]) => [k, v.in]))).toEqual({
      ab: 2,
      abc: 1,
      a: 1,
    });
  });
});
