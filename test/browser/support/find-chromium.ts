import path from 'node:path';

/**
 * Where the browser tests' Chromium comes from: pure decision logic, given what the host looks
 * like. The side effects (reading the real file system, running apt-get) are in
 * ensure-chromium.ts, so this part is unit-tested with a made-up host.
 */

/** Debian's Chromium, as `apt-get install chromium` puts it. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';
/** The command that installs it, named in the failure message. */
export const INSTALL_HINT = 'sudo apt-get install chromium';

/** What the resolution may look at; the real one is in ensure-chromium.ts. */
export interface ChromiumHost {
  env: Record<string, string | undefined>;
  homeDir: string;
  /** `process.getuid?.()`: undefined where there are no user ids (Windows). */
  uid: number | undefined;
  exists(file: string): boolean;
  /** The names in a directory; [] when it does not exist. */
  listDir(dir: string): string[];
}

export type ChromiumResolution =
  | { kind: 'found'; path: string; source: 'CHROMIUM_PATH' | 'system' | 'playwright' }
  /** Nothing found, but this host can install Debian's package itself (Debian, root, apt-get). */
  | { kind: 'install'; reason: string }
  | { kind: 'fail'; message: string };

/** Playwright's browser folders (`chromium-1255`, `chromium_headless_shell-1255`) and their executables, in order of preference. */
const PLAYWRIGHT_BUILDS = [
  { prefix: 'chromium-', executables: ['chrome-linux64/chrome', 'chrome-linux-arm64/chrome', 'chrome-linux/chrome'] },
  {
    prefix: 'chromium_headless_shell-',
    executables: [
      'chrome-headless-shell-linux64/chrome-headless-shell',
      'chrome-headless-shell-linux-arm64/chrome-headless-shell',
      'chrome-linux/headless_shell',
    ],
  },
] as const;

/** Where Playwright keeps downloaded browsers: PLAYWRIGHT_BROWSERS_PATH, then its default cache. */
export function playwrightBrowserDirs(host: ChromiumHost): string[] {
  const dirs: string[] = [];
  const configured = host.env['PLAYWRIGHT_BROWSERS_PATH'];
  // "0" means "next to the playwright package" (node_modules/playwright-core/.local-browsers).
  if (configured && configured !== '0' && path.isAbsolute(configured)) dirs.push(configured);
  const cacheHome = host.env['XDG_CACHE_HOME'] || path.join(host.homeDir, '.cache');
  dirs.push(path.join(cacheHome, 'ms-playwright'));
  return [...new Set(dirs)];
}

/** A Chromium Playwright has already downloaded (the newest revision first), if any. */
export function findPlaywrightChromium(host: ChromiumHost): string | undefined {
  for (const dir of playwrightBrowserDirs(host)) {
    const entries = host.listDir(dir);
    for (const build of PLAYWRIGHT_BUILDS) {
      const revisions = entries
        .filter((name) => name.startsWith(build.prefix) && /^\d+$/.test(name.slice(build.prefix.length)))
        .sort((a, b) => Number(b.slice(build.prefix.length)) - Number(a.slice(build.prefix.length)));
      for (const revision of revisions) {
        for (const executable of build.executables) {
          const candidate = path.join(dir, revision, executable);
          if (host.exists(candidate)) return candidate;
        }
      }
    }
  }
  return undefined;
}

/** Whether `command` is an entry of some PATH directory. */
export function onPath(host: ChromiumHost, command: string): boolean {
  return (host.env['PATH'] ?? '')
    .split(path.delimiter)
    .filter((dir) => dir !== '')
    .some((dir) => host.exists(path.join(dir, command)));
}

/**
 * In order: CHROMIUM_PATH (set but missing is an error, not a reason to look elsewhere), Debian's
 * /usr/bin/chromium, a Chromium Playwright has downloaded; then, on Debian as root with apt-get,
 * "install Debian's package"; otherwise one message naming the command that installs one.
 */
export function resolveChromium(host: ChromiumHost): ChromiumResolution {
  const configured = host.env['CHROMIUM_PATH'];
  if (configured) {
    if (host.exists(configured)) return { kind: 'found', path: configured, source: 'CHROMIUM_PATH' };
    return {
      kind: 'fail',
      message: `CHROMIUM_PATH is set to ${configured}, which does not exist. Point it at a Chromium or Chrome executable, or unset it to use Debian's (${INSTALL_HINT}).`,
    };
  }
  if (host.exists(SYSTEM_CHROMIUM)) return { kind: 'found', path: SYSTEM_CHROMIUM, source: 'system' };
  const downloaded = findPlaywrightChromium(host);
  if (downloaded) return { kind: 'found', path: downloaded, source: 'playwright' };

  const debian = host.exists('/etc/debian_version');
  const root = host.uid === 0;
  const aptGet = onPath(host, 'apt-get');
  if (debian && root && aptGet) {
    return { kind: 'install', reason: `no Chromium at ${SYSTEM_CHROMIUM} or under ${playwrightBrowserDirs(host).join(', ')}` };
  }
  const notInstalling = !debian ? 'this is not Debian' : !root ? 'the tests are not running as root' : 'apt-get is not on the PATH';
  return {
    kind: 'fail',
    message:
      `The browser tests need Chromium and there is none: not at ${SYSTEM_CHROMIUM}, and no Playwright download under ${playwrightBrowserDirs(host).join(', ')}. ` +
      `It is not installed automatically because ${notInstalling}. ` +
      `Install it with \`${INSTALL_HINT}\`, or set CHROMIUM_PATH to a Chromium or Chrome executable.`,
  };
}
