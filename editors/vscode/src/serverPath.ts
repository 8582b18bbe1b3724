// Where the stream-ls binary comes from. Kept free of the vscode module so it
// can be unit-tested with plain Node (src/serverPath.test.ts).
import * as path from 'node:path';

export interface ResolveInput {
  /** streamLs.server.path; empty means "not set". */
  setting: string;
  /** First workspace folder, for ${workspaceFolder} in the setting. */
  workspaceFolder?: string;
  /** The extension's install directory; a platform build has bin/ in it. */
  extensionPath: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
  isExecutable: (p: string) => boolean;
}

export type Resolved =
  | { path: string; source: 'setting' | 'PATH' | 'bundled' }
  | { error: string };

/**
 * Order: the streamLs.server.path setting, then `stream-ls` on PATH, then the
 * binary bundled in the extension's bin/. PATH comes before the bundled copy
 * so that a user who installs a newer stream-ls (go install, a release
 * download) gets it without also updating the extension.
 */
export function resolveServerPath(input: ResolveInput): Resolved {
  const exe = input.platform === 'win32' ? 'stream-ls.exe' : 'stream-ls';

  const setting = input.setting.trim();
  if (setting !== '') {
    const p = expand(setting, input);
    if (!input.isExecutable(p)) {
      // A set but broken path is a mistake to report, not a reason to fall
      // back silently to some other binary.
      return { error: `streamLs.server.path is "${setting}", but ${p} is not an executable file.` };
    }
    return { path: p, source: 'setting' };
  }

  const onPath = lookPath(exe, input);
  if (onPath) {
    return { path: onPath, source: 'PATH' };
  }

  const bundled = path.join(input.extensionPath, 'bin', exe);
  if (input.isExecutable(bundled)) {
    return { path: bundled, source: 'bundled' };
  }

  return {
    error:
      'stream-ls was not found: set streamLs.server.path, put stream-ls on PATH ' +
      '(go install github.com/stream-ls/stream-ls/cmd/stream-ls@latest), ' +
      'or install the platform-specific build of this extension, which bundles it.',
  };
}

function expand(p: string, input: ResolveInput): string {
  let out = p;
  if (input.workspaceFolder) {
    out = out.split('${workspaceFolder}').join(input.workspaceFolder);
  }
  if (out === '~' || out.startsWith('~/') || out.startsWith('~\\')) {
    out = path.join(input.home, out.slice(1));
  }
  return out;
}

function lookPath(exe: string, input: ResolveInput): string | undefined {
  // On Windows the variable is spelled Path as often as PATH.
  const key = Object.keys(input.env).find((k) => k.toUpperCase() === 'PATH');
  const dirs = (key ? input.env[key] ?? '' : '').split(input.platform === 'win32' ? ';' : ':');
  for (const dir of dirs) {
    if (dir === '') {
      continue; // an empty entry means ".", which a GUI process should not trust
    }
    const candidate = path.join(dir, exe);
    if (input.isExecutable(candidate)) {
      return candidate;
    }
  }
  return undefined;
}
