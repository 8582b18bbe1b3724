// VS Code client for stream-ls. It starts the stream-ls binary over stdio and
// connects it to serverless.yml / serverless.yaml files only: the server knows
// nothing about other YAML files, so attaching to them would only cost a
// process and send it text it ignores.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { resolveServerPath } from './serverPath';

// The client id must match the settings prefix: vscode-languageclient reads
// `<id>.trace.server` to choose between messages and verbose tracing.
const CLIENT_ID = 'streamLs';
const CLIENT_NAME = 'stream-ls';

// Settings that decide how the server is started; a change restarts it.
// (streamLs.trace.server is applied live by vscode-languageclient.)
const RESTART_SETTINGS = ['streamLs.server.path', 'streamLs.settings'];

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;
let traceOutput: vscode.LogOutputChannel | undefined;
let watcher: vscode.FileSystemWatcher | undefined;
// Restarts run one after another: a settings change during a restart must
// not start a second server next to the first.
let lifecycle: Promise<void> = Promise.resolve();

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // One channel for the whole session, so restarts append instead of opening
  // a new "stream-ls (2)" channel each time.
  output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  const trace = settingDrivenTrace(vscode.window.createOutputChannel(`${CLIENT_NAME} trace`, { log: true }));
  traceOutput = trace.channel;
  // Created once, not per start, so restarts do not pile up watchers.
  watcher = vscode.workspace.createFileSystemWatcher('**/serverless.{yml,yaml}');
  context.subscriptions.push(output, trace, watcher);

  context.subscriptions.push(
    vscode.commands.registerCommand('streamLs.restart', () => restart(context)),
    vscode.commands.registerCommand('streamLs.showOutput', () => output?.show(true)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (RESTART_SETTINGS.some((s) => e.affectsConfiguration(s))) {
        void restart(context);
      }
    }),
  );

  await serialized(() => start(context));
}

export async function deactivate(): Promise<void> {
  await serialized(stop);
}

function serialized(step: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(step, step);
  return lifecycle;
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration('streamLs');
  const resolved = resolveServerPath({
    setting: config.get<string>('server.path', ''),
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    extensionPath: context.extensionPath,
    env: process.env,
    platform: process.platform,
    home: os.homedir(),
    isExecutable,
  });
  if ('error' in resolved) {
    output?.appendLine(resolved.error);
    const open = 'Open Settings';
    void vscode.window.showErrorMessage(`stream-ls: ${resolved.error}`, open).then((choice) => {
      if (choice === open) {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'streamLs.server.path');
      }
    });
    return;
  }
  output?.appendLine(`Starting ${resolved.path} (found via ${resolved.source})`);

  const executable = { command: resolved.path, transport: TransportKind.stdio };
  const serverOptions: ServerOptions = { run: executable, debug: executable };

  const clientOptions: LanguageClientOptions = {
    // `pattern` limits the client to serverless files; `scheme: 'file'`
    // keeps it off untitled buffers and diff views of other schemes.
    documentSelector: [{ scheme: 'file', pattern: '**/serverless.{yml,yaml}' }],
    synchronize: { fileEvents: watcher },
    // Forward-compatible: passed through as is; the server reads the keys it
    // knows and ignores the rest.
    initializationOptions: config.get<Record<string, unknown>>('settings', {}),
    outputChannel: output,
    traceOutputChannel: traceOutput,
  };

  client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    output?.appendLine(`Failed to start ${resolved.path}: ${String(err)}`);
    void vscode.window.showErrorMessage(`stream-ls failed to start: ${String(err)}`);
    client = undefined;
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop();
    } catch (err) {
      // A server that already died cannot be stopped; that is fine here.
      output?.appendLine(`Stopping the server: ${String(err)}`);
    }
  }
}

// restart re-resolves the binary path too, so a new streamLs.server.path or a
// freshly installed binary takes effect without reloading the window.
function restart(context: vscode.ExtensionContext): Promise<void> {
  return serialized(async () => {
    output?.appendLine('Restarting stream-ls');
    await stop();
    await start(context);
  });
}

// settingDrivenTrace makes streamLs.trace.server work on its own.
//
// vscode-languageclient 10+ traces only while the trace channel's log level
// is Trace, which users set through "Developer: Set Log Level", not through
// the trace.server setting that every LSP extension documents. This wrapper
// reports log level Trace exactly when streamLs.trace.server is not "off"
// (so the setting alone switches tracing on and picks messages/verbose), and
// writes trace lines at info level so they show at the default level.
function settingDrivenTrace(real: vscode.LogOutputChannel): { channel: vscode.LogOutputChannel; dispose(): void } {
  const levelChanged = new vscode.EventEmitter<vscode.LogLevel>();
  const level = (): vscode.LogLevel =>
    vscode.workspace.getConfiguration('streamLs').get<string>('trace.server', 'off') === 'off'
      ? vscode.LogLevel.Info
      : vscode.LogLevel.Trace;
  const sub = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('streamLs.trace.server')) {
      levelChanged.fire(level());
    }
  });
  const channel: vscode.LogOutputChannel = {
    get name() {
      return real.name;
    },
    get logLevel() {
      return level();
    },
    onDidChangeLogLevel: levelChanged.event,
    trace: (message: string, ...args: unknown[]) => real.info(message, ...args),
    debug: (message: string, ...args: unknown[]) => real.debug(message, ...args),
    info: (message: string, ...args: unknown[]) => real.info(message, ...args),
    warn: (message: string, ...args: unknown[]) => real.warn(message, ...args),
    error: (error: string | Error, ...args: unknown[]) => real.error(error, ...args),
    append: (value: string) => real.append(value),
    appendLine: (value: string) => real.appendLine(value),
    replace: (value: string) => real.replace(value),
    clear: () => real.clear(),
    // show() has a deprecated (column, preserveFocus) overload; only the
    // preserveFocus flag matters for an output channel.
    show: (a?: boolean | vscode.ViewColumn, b?: boolean) => real.show(typeof a === 'boolean' ? a : b),
    hide: () => real.hide(),
    dispose: () => real.dispose(),
  };
  return {
    channel,
    dispose: () => {
      sub.dispose();
      levelChanged.dispose();
      real.dispose();
    },
  };
}

function isExecutable(p: string): boolean {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) {
      return false;
    }
    if (process.platform === 'win32') {
      return true;
    }
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
