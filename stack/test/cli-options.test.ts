import { describe, expect, it } from 'vitest';
import { parseCliOptions } from '../src/cli-options.js';

describe('stack flags', () => {
  it('has the documented defaults', () => {
    expect(parseCliOptions([], {})).toEqual({
      nodes: 3,
      port: 3000,
      host: '127.0.0.1',
      stackFile: '.sockscope/stack.json',
      demo: true,
      redisUrl: undefined,
      logLevel: 'info',
    });
  });

  it('reads every flag and REDIS_URL', () => {
    const options = parseCliOptions(
      ['--nodes', '5', '--port', '0', '--host', '::1', '--stack-file', '/tmp/s.json', '--no-demo'],
      { REDIS_URL: 'redis://127.0.0.1:6390' },
    );
    expect(options).toMatchObject({
      nodes: 5,
      port: 0,
      host: '::1',
      stackFile: '/tmp/s.json',
      demo: false,
    });
    expect(options).toMatchObject({ redisUrl: 'redis://127.0.0.1:6390' });
    expect(parseCliOptions(['--help'], {})).toBe('help');
  });

  it.each([
    [['--nodes', '0'], /^--nodes: .*\(got "0"\)/],
    [['--nodes', 'three'], /^--nodes: /],
    [['--port', '70000'], /^--port: .*\(got "70000"\)/],
    [['--port', '65530', '--nodes', '9'], /^--port: leaves no room for the node ports/],
    [['--host', 'bad host!'], /^--host: an IP address or a host name/],
    [['--stack-file', ''], /^--stack-file: /],
    [['--frobnicate'], /Unknown option '--frobnicate'/],
  ])('refuses %j naming the flag', (argv, message) => {
    expect(() => parseCliOptions(argv, {})).toThrow(message);
  });

  it('refuses a bad REDIS_URL without echoing it', () => {
    expect(() => parseCliOptions([], { REDIS_URL: 'http://user:secret@x' })).toThrow(
      /^REDIS_URL: a redis:\/\//,
    );
    expect(() => parseCliOptions([], { REDIS_URL: 'http://user:secret@x' })).not.toThrow(/secret/);
  });
});
