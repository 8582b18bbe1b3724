// Builds a platform-specific .vsix that bundles the stream-ls binary in bin/.
//
//   node scripts/package-platform.mjs <target> [--binary PATH] [--out FILE]
//
// target is a VS Code platform (linux-x64, linux-arm64, darwin-x64,
// darwin-arm64, win32-x64, win32-arm64). Without --binary the server is
// cross-compiled from this checkout with `go build` (CGO off, so any target
// builds on any host). The Marketplace serves each user the .vsix for their
// platform, so the extension finds bin/stream-ls without any setup.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const targets = {
  'linux-x64': ['linux', 'amd64'],
  'linux-arm64': ['linux', 'arm64'],
  'darwin-x64': ['darwin', 'amd64'],
  'darwin-arm64': ['darwin', 'arm64'],
  'win32-x64': ['windows', 'amd64'],
  'win32-arm64': ['windows', 'arm64'],
};

const args = process.argv.slice(2);
const target = args[0];
if (!targets[target]) {
  console.error(`usage: package-platform.mjs <${Object.keys(targets).join('|')}> [--binary PATH] [--out FILE]`);
  process.exit(2);
}
const opt = (name) => {
  const i = args.indexOf(name);
  return i > 0 ? args[i + 1] : undefined;
};

const ext = dirname(dirname(fileURLToPath(import.meta.url))); // editors/vscode
const repo = resolve(ext, '..', '..');
const [goos, goarch] = targets[target];
const exe = goos === 'windows' ? 'stream-ls.exe' : 'stream-ls';
const binDir = join(ext, 'bin');
const out = resolve(opt('--out') ?? join(ext, `stream-ls-${target}.vsix`));

// bin/ must hold exactly one binary: a leftover from another target would
// ship in this .vsix too.
rmSync(binDir, { recursive: true, force: true });
mkdirSync(binDir);
const dest = join(binDir, exe);
const binary = opt('--binary');
if (binary) {
  copyFileSync(resolve(binary), dest);
} else {
  execFileSync('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', dest, './cmd/stream-ls'], {
    cwd: repo,
    stdio: 'inherit',
    env: { ...process.env, GOOS: goos, GOARCH: goarch, CGO_ENABLED: '0' },
  });
}
chmodSync(dest, 0o755); // vsce keeps the mode; the extension runs it directly

const vsce = join(ext, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
// The extension lives in a subfolder of the repository, which vsce cannot
// tell from package.json; without these, README links (the screenshot)
// would point at the repository root.
const baseUrls = [
  '--baseContentUrl', 'https://github.com/stream-ls/stream-ls/blob/HEAD/editors/vscode',
  '--baseImagesUrl', 'https://github.com/stream-ls/stream-ls/raw/HEAD/editors/vscode',
];
try {
  execFileSync(vsce, ['package', '--no-dependencies', '--target', target, ...baseUrls, '--out', out], { cwd: ext, stdio: 'inherit' });
} finally {
  // Leave no binary behind: a later plain `npm run package` (the universal
  // .vsix) would otherwise ship it.
  rmSync(binDir, { recursive: true, force: true });
}
console.log(`built ${out}`);
