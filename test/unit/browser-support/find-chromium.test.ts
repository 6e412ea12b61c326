import { describe, expect, it } from 'vitest';
import { ensureChromium, run } from '../../browser/support/ensure-chromium.js';
import { type ChromiumHost, type ChromiumResolution, resolveChromium } from '../../browser/support/find-chromium.js';

/** A made-up Linux host: these files exist (their folders too), nothing else. */
function host(options: { files?: string[]; env?: Record<string, string>; uid?: number | undefined }): ChromiumHost {
  const files = new Set(options.files ?? []);
  return {
    env: { PATH: '/usr/local/bin:/usr/bin:/bin', ...options.env },
    homeDir: '/home/dev',
    uid: 'uid' in options ? options.uid : 1000,
    exists: (file) => files.has(file),
    listDir: (dir) => {
      const names = new Set<string>();
      for (const file of files) if (file.startsWith(`${dir}/`)) names.add(file.slice(dir.length + 1).split('/')[0]!);
      return [...names];
    },
  };
}

const DEBIAN_ROOT_WITH_APT = ['/etc/debian_version', '/usr/bin/apt-get'];
const PW = '/home/dev/.cache/ms-playwright';

const cases: [string, ChromiumHost, ChromiumResolution][] = [
  [
    "CHROMIUM_PATH when it exists, before Debian's",
    host({ env: { CHROMIUM_PATH: '/opt/chrome/chrome' }, files: ['/opt/chrome/chrome', '/usr/bin/chromium'] }),
    { kind: 'found', path: '/opt/chrome/chrome', source: 'CHROMIUM_PATH' },
  ],
  [
    "CHROMIUM_PATH set but missing fails at once, even with Debian's installed",
    host({ env: { CHROMIUM_PATH: '/opt/nothing/chrome' }, files: ['/usr/bin/chromium', ...DEBIAN_ROOT_WITH_APT], uid: 0 }),
    {
      kind: 'fail',
      message:
        "CHROMIUM_PATH is set to /opt/nothing/chrome, which does not exist. Point it at a Chromium or Chrome executable, or unset it to use Debian's (sudo apt-get install chromium).",
    },
  ],
  [
    'an empty CHROMIUM_PATH counts as unset',
    host({ env: { CHROMIUM_PATH: '' }, files: ['/usr/bin/chromium'] }),
    { kind: 'found', path: '/usr/bin/chromium', source: 'system' },
  ],
  [
    "Debian's /usr/bin/chromium before a Playwright download",
    host({ files: ['/usr/bin/chromium', `${PW}/chromium-1255/chrome-linux64/chrome`] }),
    { kind: 'found', path: '/usr/bin/chromium', source: 'system' },
  ],
  [
    'a Playwright Chromium in the default cache',
    host({ files: [`${PW}/chromium-1255/chrome-linux64/chrome`] }),
    { kind: 'found', path: '/home/dev/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome', source: 'playwright' },
  ],
  [
    'the newest Playwright revision (by number, not by text)',
    host({
      files: [
        `${PW}/chromium-999/chrome-linux64/chrome`,
        `${PW}/chromium-1255/chrome-linux64/chrome`,
        `${PW}/chromium-1100/chrome-linux64/chrome`,
      ],
    }),
    { kind: 'found', path: '/home/dev/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome', source: 'playwright' },
  ],
  [
    'the older chrome-linux layout',
    host({ files: [`${PW}/chromium-1140/chrome-linux/chrome`] }),
    { kind: 'found', path: '/home/dev/.cache/ms-playwright/chromium-1140/chrome-linux/chrome', source: 'playwright' },
  ],
  [
    'the headless shell when it is all Playwright has',
    host({ files: [`${PW}/chromium_headless_shell-1255/chrome-headless-shell-linux64/chrome-headless-shell`] }),
    {
      kind: 'found',
      path: '/home/dev/.cache/ms-playwright/chromium_headless_shell-1255/chrome-headless-shell-linux64/chrome-headless-shell',
      source: 'playwright',
    },
  ],
  [
    'the older headless shell layout',
    host({ files: [`${PW}/chromium_headless_shell-1140/chrome-linux/headless_shell`] }),
    {
      kind: 'found',
      path: '/home/dev/.cache/ms-playwright/chromium_headless_shell-1140/chrome-linux/headless_shell',
      source: 'playwright',
    },
  ],
  [
    'full Chromium before the headless shell',
    host({
      files: [
        `${PW}/chromium_headless_shell-1255/chrome-headless-shell-linux64/chrome-headless-shell`,
        `${PW}/chromium-1200/chrome-linux64/chrome`,
      ],
    }),
    { kind: 'found', path: '/home/dev/.cache/ms-playwright/chromium-1200/chrome-linux64/chrome', source: 'playwright' },
  ],
  [
    'a revision folder without its executable (an interrupted download) is skipped',
    host({ files: [`${PW}/chromium-1255/INSTALLATION_COMPLETE`, `${PW}/chromium-1200/chrome-linux64/chrome`] }),
    { kind: 'found', path: '/home/dev/.cache/ms-playwright/chromium-1200/chrome-linux64/chrome', source: 'playwright' },
  ],
  [
    'tip-of-tree builds are not taken for chromium-<revision>',
    host({ files: [`${PW}/chromium-tip-of-tree-1300/chrome-linux64/chrome`], uid: 1000 }),
    {
      kind: 'fail',
      message:
        'The browser tests need Chromium and there is none: not at /usr/bin/chromium, and no Playwright download under /home/dev/.cache/ms-playwright. ' +
        'It is not installed automatically because this is not Debian. ' +
        'Install it with `sudo apt-get install chromium`, or set CHROMIUM_PATH to a Chromium or Chrome executable.',
    },
  ],
  [
    'PLAYWRIGHT_BROWSERS_PATH before the default cache',
    host({
      env: { PLAYWRIGHT_BROWSERS_PATH: '/srv/pw' },
      files: ['/srv/pw/chromium-1100/chrome-linux64/chrome', `${PW}/chromium-1255/chrome-linux64/chrome`],
    }),
    { kind: 'found', path: '/srv/pw/chromium-1100/chrome-linux64/chrome', source: 'playwright' },
  ],
  [
    'the default cache still searched when PLAYWRIGHT_BROWSERS_PATH has none',
    host({ env: { PLAYWRIGHT_BROWSERS_PATH: '/srv/pw' }, files: [`${PW}/chromium-1255/chrome-linux64/chrome`] }),
    { kind: 'found', path: '/home/dev/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome', source: 'playwright' },
  ],
  [
    'XDG_CACHE_HOME moves the default cache',
    host({ env: { XDG_CACHE_HOME: '/var/cache/dev' }, files: ['/var/cache/dev/ms-playwright/chromium-1255/chrome-linux64/chrome'] }),
    { kind: 'found', path: '/var/cache/dev/ms-playwright/chromium-1255/chrome-linux64/chrome', source: 'playwright' },
  ],
  [
    'nothing found on Debian as root with apt-get: install',
    host({ files: DEBIAN_ROOT_WITH_APT, uid: 0 }),
    { kind: 'install', reason: 'no Chromium at /usr/bin/chromium or under /home/dev/.cache/ms-playwright' },
  ],
  [
    'apt-get found anywhere on the PATH',
    host({ env: { PATH: '/opt/apt/bin' }, files: ['/etc/debian_version', '/opt/apt/bin/apt-get'], uid: 0 }),
    { kind: 'install', reason: 'no Chromium at /usr/bin/chromium or under /home/dev/.cache/ms-playwright' },
  ],
  [
    'nothing found on Debian, not root',
    host({ files: DEBIAN_ROOT_WITH_APT, uid: 1000 }),
    {
      kind: 'fail',
      message:
        'The browser tests need Chromium and there is none: not at /usr/bin/chromium, and no Playwright download under /home/dev/.cache/ms-playwright. ' +
        'It is not installed automatically because the tests are not running as root. ' +
        'Install it with `sudo apt-get install chromium`, or set CHROMIUM_PATH to a Chromium or Chrome executable.',
    },
  ],
  [
    'nothing found where there are no user ids',
    host({ files: DEBIAN_ROOT_WITH_APT, uid: undefined }),
    {
      kind: 'fail',
      message:
        'The browser tests need Chromium and there is none: not at /usr/bin/chromium, and no Playwright download under /home/dev/.cache/ms-playwright. ' +
        'It is not installed automatically because the tests are not running as root. ' +
        'Install it with `sudo apt-get install chromium`, or set CHROMIUM_PATH to a Chromium or Chrome executable.',
    },
  ],
  [
    'nothing found on Debian as root without apt-get',
    host({ env: { PATH: '/usr/bin:/bin' }, files: ['/etc/debian_version', '/usr/sbin/apt-get'], uid: 0 }),
    {
      kind: 'fail',
      message:
        'The browser tests need Chromium and there is none: not at /usr/bin/chromium, and no Playwright download under /home/dev/.cache/ms-playwright. ' +
        'It is not installed automatically because apt-get is not on the PATH. ' +
        'Install it with `sudo apt-get install chromium`, or set CHROMIUM_PATH to a Chromium or Chrome executable.',
    },
  ],
  [
    'nothing found as root elsewhere than Debian, naming both places looked in',
    host({ env: { PLAYWRIGHT_BROWSERS_PATH: '/srv/pw' }, files: ['/usr/bin/apt-get'], uid: 0 }),
    {
      kind: 'fail',
      message:
        'The browser tests need Chromium and there is none: not at /usr/bin/chromium, and no Playwright download under /srv/pw, /home/dev/.cache/ms-playwright. ' +
        'It is not installed automatically because this is not Debian. ' +
        'Install it with `sudo apt-get install chromium`, or set CHROMIUM_PATH to a Chromium or Chrome executable.',
    },
  ],
];

describe('resolveChromium', () => {
  it.each(cases)('%s', (_name, given, expected) => {
    expect(resolveChromium(given)).toEqual(expected);
  });
});

describe('ensureChromium without installing', () => {
  it('returns what was found', async () => {
    await expect(ensureChromium(host({ files: ['/usr/bin/chromium'] }))).resolves.toBe('/usr/bin/chromium');
  });

  it('throws the one message when nothing can be had', async () => {
    await expect(ensureChromium(host({ files: [], uid: 1000 }))).rejects.toThrow(
      'It is not installed automatically because this is not Debian. Install it with `sudo apt-get install chromium`',
    );
  });
});

describe('run (the deadline on each child process)', () => {
  it('kills a child that outlives its deadline and says what it was waiting for', async () => {
    const started = Date.now();
    await expect(run('sleep', ['30'], process.env, 'sleep 30 (a test of the deadline)', 200)).rejects.toThrow(
      'Gave up after 200 ms waiting for sleep 30 (a test of the deadline); killed it.',
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('fails with the exit code of a child that fails', async () => {
    await expect(run('sh', ['-c', 'exit 3'], process.env, 'sh (a failing command)', 5_000)).rejects.toThrow(
      'sh (a failing command) failed (exit code 3); its output is above.',
    );
  });

  it('resolves when the child succeeds', async () => {
    await expect(run('true', [], process.env, 'true', 5_000)).resolves.toBeUndefined();
  });
});
