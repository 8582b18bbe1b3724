// Unit tests for resolveServerPath, run with `npm test` (esbuild bundles this
// file, node:test runs it; no VS Code needed).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveServerPath, ResolveInput } from './serverPath';

function input(over: Partial<ResolveInput>, executables: string[]): ResolveInput {
  return {
    setting: '',
    extensionPath: '/ext',
    env: { PATH: '/usr/local/bin:/usr/bin' },
    platform: 'linux',
    home: '/home/me',
    isExecutable: (p) => executables.includes(p),
    ...over,
  };
}

test('setting wins over PATH and the bundled binary', () => {
  const r = resolveServerPath(input({ setting: '/opt/sls/stream-ls' }, ['/opt/sls/stream-ls', '/usr/bin/stream-ls', '/ext/bin/stream-ls']));
  assert.deepEqual(r, { path: '/opt/sls/stream-ls', source: 'setting' });
});

test('setting expands ~ and ${workspaceFolder}', () => {
  assert.deepEqual(resolveServerPath(input({ setting: '~/go/bin/stream-ls' }, ['/home/me/go/bin/stream-ls'])), {
    path: '/home/me/go/bin/stream-ls',
    source: 'setting',
  });
  assert.deepEqual(
    resolveServerPath(input({ setting: '${workspaceFolder}/bin/stream-ls', workspaceFolder: '/src/app' }, ['/src/app/bin/stream-ls'])),
    { path: '/src/app/bin/stream-ls', source: 'setting' },
  );
});

test('a setting that points nowhere is an error, not a silent fallback', () => {
  const r = resolveServerPath(input({ setting: '/nope/stream-ls' }, ['/usr/bin/stream-ls']));
  assert.ok('error' in r && r.error.includes('/nope/stream-ls'), JSON.stringify(r));
});

test('PATH is searched in order before the bundled binary', () => {
  const r = resolveServerPath(input({}, ['/usr/bin/stream-ls', '/usr/local/bin/stream-ls', '/ext/bin/stream-ls']));
  assert.deepEqual(r, { path: '/usr/local/bin/stream-ls', source: 'PATH' });
});

test('bundled binary is the last resort', () => {
  assert.deepEqual(resolveServerPath(input({}, ['/ext/bin/stream-ls'])), { path: '/ext/bin/stream-ls', source: 'bundled' });
});

test('Windows: .exe, ; separator and a Path variable', () => {
  const r = resolveServerPath(
    input({ platform: 'win32', env: { Path: 'C:\\tools;C:\\go\\bin' }, extensionPath: 'C:\\ext' }, ['C:\\go\\bin/stream-ls.exe']),
  );
  // path.join is the POSIX one on the test machine; what matters is the name and the order.
  assert.ok('path' in r && r.path.endsWith('stream-ls.exe') && r.source === 'PATH', JSON.stringify(r));
});

test('nothing found: the error says how to get the binary', () => {
  const r = resolveServerPath(input({}, []));
  assert.ok('error' in r && r.error.includes('go install') && r.error.includes('streamLs.server.path'), JSON.stringify(r));
});
