import { mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dockdoc, REPO_ROOT } from '../helpers/cli.js';
import { etcTreeOf, makeSystemdRoot, skipUnlessSystemdAnalyze, verifyUnits } from './systemdRoot.js';

const FIREWALL_UNITS = ['iptables.service', 'ip6tables.service', 'netfilter-persistent.service', 'nftables.service', 'firewalld.service'];
const ALL_UNITS = [...FIREWALL_UNITS, 'docker.service', 'docker.socket', 'containerd.service', 'dbus.socket'];
const BIN = path.join(REPO_ROOT, 'bin/dockdoc.js');
const NODE_AND_SCRIPT = `${process.execPath} ${realpathSync(BIN)}`;
const CREATED = '# dockdoc created this drop-in directory: `dockdoc hook remove` deletes it when it is empty.';
const MARKER = '# Written by `dockdoc hook install`; `dockdoc hook remove` deletes it.';

const roots: string[] = [];
function root(units: readonly string[] = ALL_UNITS): string {
  const dir = makeSystemdRoot(units);
  roots.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of roots.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dropIn(dir: string, unit: string, name = '50-dockdoc-hook.conf'): string {
  return readFileSync(path.join(dir, 'etc/systemd/system', `${unit}.d`, name), 'utf8');
}

describe('dockdoc hook install', () => {
  it('writes a drop-in for every installed firewall service and prints what it wrote', async () => {
    const dir = root();
    const result = await dockdoc(['hook', 'install', '--yes', '--root', dir]);
    expect(result.exitCode).toBe(0);
    const headings = result.stdout.split('\n').filter((line) => !line.startsWith('    '));
    expect(headings).toEqual([
      `wrote ${dir}/etc/systemd/system/iptables.service.d/50-dockdoc-hook.conf: check Docker's rules after iptables.service starts or reloads`,
      `wrote ${dir}/etc/systemd/system/ip6tables.service.d/50-dockdoc-hook.conf: check Docker's rules after ip6tables.service starts or reloads`,
      `wrote ${dir}/etc/systemd/system/netfilter-persistent.service.d/50-dockdoc-hook.conf: check Docker's rules after netfilter-persistent.service starts`,
      `wrote ${dir}/etc/systemd/system/nftables.service.d/50-dockdoc-hook.conf: check Docker's rules after nftables.service starts or reloads`,
      `wrote ${dir}/etc/systemd/system/firewalld.service.d/50-dockdoc-hook.conf: verify Docker's rules after firewalld.service starts or reloads`,
      `Run \`systemctl daemon-reload\` on the system under ${dir} to apply.`,
    ]);
    expect(dropIn(dir, 'iptables.service')).toBe(
      [
        MARKER,
        CREATED,
        '# After iptables.service starts or reloads (iptables-services flushes every IPv4 table and restores /etc/sysconfig/iptables),',
        "# dockdoc checks Docker's rules and logs one journal line per finding (journalctl -t dockdoc).",
        '[Service]',
        `ExecStartPost=-/usr/bin/systemd-cat --identifier=dockdoc ${NODE_AND_SCRIPT} hook run --unit iptables.service --event start`,
        `ExecReload=-/usr/bin/systemd-cat --identifier=dockdoc ${NODE_AND_SCRIPT} hook run --unit iptables.service --event reload`,
        '',
      ].join('\n'),
    );
    // The printed text is the file, indented.
    expect(result.stdout).toContain(dropIn(dir, 'iptables.service').trimEnd().split('\n').map((l) => `    ${l}`).join('\n'));
    // netfilter-persistent.service has no ExecReload=: adding one would make `systemctl reload` succeed where it failed.
    expect(dropIn(dir, 'netfilter-persistent.service')).not.toContain('ExecReload=');
    expect(dropIn(dir, 'netfilter-persistent.service')).toContain(
      `ExecStartPost=-/usr/bin/systemd-cat --identifier=dockdoc ${NODE_AND_SCRIPT} hook run --unit netfilter-persistent.service --event start\n`,
    );
    // firewalld: verify only, after dockerd has had time to re-apply its rules.
    expect(dropIn(dir, 'firewalld.service')).toContain(
      `ExecReload=-/usr/bin/systemd-cat --identifier=dockdoc ${NODE_AND_SCRIPT} hook run --unit firewalld.service --event reload --settle 2000\n`,
    );
  });

  it('hooks only the services that are installed, and refuses a named one that is not', async () => {
    const dir = root(['nftables.service', 'docker.service', 'docker.socket', 'containerd.service']);
    const all = await dockdoc(['hook', 'install', '--yes', '--root', dir]);
    expect(all.exitCode).toBe(0);
    expect(Object.keys(etcTreeOf(dir))).toEqual([
      'etc/systemd/',
      'etc/systemd/system/',
      'etc/systemd/system/nftables.service.d/',
      'etc/systemd/system/nftables.service.d/50-dockdoc-hook.conf',
    ]);
    const missing = await dockdoc(['hook', 'install', '--yes', '--root', dir, '--unit', 'iptables.service']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toBe('dockdoc: iptables.service: not installed, no unit file in the systemd unit directories');
    const restart = await dockdoc(['hook', 'install', '--yes', '--root', dir, '--restart-docker']);
    expect(restart.exitCode).toBe(0);
    const bare = root(['nftables.service']);
    const refused = await dockdoc(['hook', 'install', '--yes', '--root', bare, '--restart-docker']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toBe(`dockdoc: docker.service: not installed, no unit file in the systemd unit directories under ${bare}`);
  });

  it('refuses a host with no firewall service, and an unknown unit name', async () => {
    const dir = root(['docker.service', 'docker.socket', 'containerd.service']);
    const none = await dockdoc(['hook', 'install', '--yes', '--root', dir]);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toBe(
      'dockdoc: none of iptables.service, ip6tables.service, netfilter-persistent.service, nftables.service, firewalld.service is installed; nothing on this host reloads the firewall through systemd',
    );
    const unknown = await dockdoc(['hook', 'install', '--yes', '--root', dir, '--unit', 'ufw.service']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("error: option '--unit <unit...>' argument 'ufw.service' is invalid.");
  });

  it('passes --fix --yes, --bound, --docker-host and strict mode through, and quotes what systemd would split', async () => {
    const dir = root(['iptables.service', 'firewalld.service', 'dbus.socket']);
    const result = await dockdoc([
      'hook', 'install', '--yes', '--root', dir, '--fix', '--strict', '--bound', '8000', '--docker-host', 'unix:///run/my docker.sock',
    ]);
    expect(result.exitCode).toBe(0);
    expect(dropIn(dir, 'iptables.service')).toContain(
      `ExecStartPost=/usr/bin/systemd-cat --identifier=dockdoc ${NODE_AND_SCRIPT} hook run --unit iptables.service --event start --bound 8000 --docker-host "unix:///run/my docker.sock" --fail-on error --fix --yes\n`,
    );
    // firewalld re-applies Docker's rules itself: its hook never repairs.
    expect(dropIn(dir, 'firewalld.service')).toContain(
      `ExecStartPost=/usr/bin/systemd-cat --identifier=dockdoc ${NODE_AND_SCRIPT} hook run --unit firewalld.service --event start --settle 2000 --bound 8000 --docker-host "unix:///run/my docker.sock" --fail-on error\n`,
    );
  });

  it('is idempotent, and never overwrites a drop-in it did not write', async () => {
    const dir = root(['iptables.service']);
    expect((await dockdoc(['hook', 'install', '--yes', '--root', dir])).exitCode).toBe(0);
    const before = etcTreeOf(dir);
    const again = await dockdoc(['hook', 'install', '--yes', '--root', dir]);
    expect(again.stdout.split('\n')[0]).toBe(
      `unchanged ${dir}/etc/systemd/system/iptables.service.d/50-dockdoc-hook.conf: check Docker's rules after iptables.service starts or reloads`,
    );
    expect(again.stdout).not.toContain('daemon-reload');
    expect(etcTreeOf(dir)).toEqual(before);

    const changed = await dockdoc(['hook', 'install', '--yes', '--root', dir, '--fix']);
    expect(changed.stdout.split('\n')[0]).toBe(
      `updated ${dir}/etc/systemd/system/iptables.service.d/50-dockdoc-hook.conf: check and repair Docker's rules after iptables.service starts or reloads`,
    );
    // Still knows it created the directory.
    expect(dropIn(dir, 'iptables.service').split('\n')[1]).toBe(CREATED);

    const foreign = path.join(dir, 'etc/systemd/system/iptables.service.d/50-dockdoc-hook.conf');
    writeFileSync(foreign, '[Service]\nExecStartPost=/usr/local/bin/my-own-hook\n');
    const refused = await dockdoc(['hook', 'install', '--yes', '--root', dir]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toBe(`dockdoc: ${foreign} exists and was not written by dockdoc; move it away or merge it by hand`);
    expect(readFileSync(foreign, 'utf8')).toBe('[Service]\nExecStartPost=/usr/local/bin/my-own-hook\n');
  });

  it('without --yes prints the plan, writes nothing and exits 1; remove likewise', async () => {
    const dir = root(['nftables.service']);
    const plan = await dockdoc(['hook', 'install', '--root', dir]);
    expect(plan.exitCode).toBe(1);
    const headings = plan.stdout.split('\n').filter((line) => !line.startsWith('    '));
    expect(headings).toEqual([
      `would write ${dir}/etc/systemd/system/nftables.service.d/50-dockdoc-hook.conf: check Docker's rules after nftables.service starts or reloads`,
      'Nothing was changed. Run `dockdoc hook install --yes` (with the same flags) to do it.',
    ]);
    expect(etcTreeOf(dir)).toEqual({});

    expect((await dockdoc(['hook', 'install', '--yes', '--root', dir])).exitCode).toBe(0);
    const installed = etcTreeOf(dir);
    const removePlan = await dockdoc(['hook', 'remove', '--root', dir]);
    expect(removePlan.exitCode).toBe(1);
    expect(removePlan.stdout.split('\n')).toEqual([
      `would remove ${dir}/etc/systemd/system/nftables.service.d/50-dockdoc-hook.conf`,
      `would remove ${dir}/etc/systemd/system/nftables.service.d/`,
      'Nothing was changed. Run `dockdoc hook remove --yes` (with the same flags) to do it.',
    ]);
    expect(etcTreeOf(dir)).toEqual(installed);
    // Installing what is already there changes nothing, so it needs no --yes.
    expect((await dockdoc(['hook', 'install', '--root', dir])).exitCode).toBe(0);
  });

  it('writes nothing with --dry-run', async () => {
    const dir = root(['nftables.service']);
    const result = await dockdoc(['hook', 'install', '--root', dir, '--dry-run']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(
      `would write ${dir}/etc/systemd/system/nftables.service.d/50-dockdoc-hook.conf: check Docker's rules after nftables.service starts or reloads`,
    );
    expect(etcTreeOf(dir)).toEqual({});
  });

  it('writes the declarative alternative for docker.service, without firewalld', async () => {
    const dir = root();
    const result = await dockdoc(['hook', 'install', '--yes', '--root', dir, '--restart-docker']);
    expect(result.exitCode).toBe(0);
    expect(dropIn(dir, 'docker.service', '50-dockdoc-restart-with-firewall.conf')).toBe(
      [
        MARKER,
        CREATED,
        '# Restarts dockerd (and, without live-restore, every container) whenever iptables.service ip6tables.service netfilter-persistent.service nftables.service stops or restarts,',
        '# so that dockerd rebuilds the iptables rules the firewall service has just flushed.',
        '[Unit]',
        'PartOf=iptables.service ip6tables.service netfilter-persistent.service nftables.service',
        'After=iptables.service ip6tables.service netfilter-persistent.service nftables.service',
        '',
      ].join('\n'),
    );
    const firewalld = await dockdoc(['hook', 'install', '--yes', '--root', dir, '--restart-docker', '--unit', 'firewalld.service']);
    expect(firewalld.exitCode).toBe(2);
    expect(firewalld.stderr).toBe(
      'dockdoc: firewalld.service: dockerd re-applies its rules itself when firewalld reloads; restarting it with firewalld is never needed',
    );
    const mixed = await dockdoc(['hook', 'install', '--yes', '--root', dir, '--restart-docker', '--fix']);
    expect(mixed.exitCode).toBe(2);
    expect(mixed.stderr).toBe('dockdoc: --restart-docker writes no hook: --fix, --strict, --bound, --docker-host and --command do not apply');
  });

  it('refuses a --bound the hook run would refuse (firewalld waits 2 s before checking)', async () => {
    const dir = root(['firewalld.service', 'dbus.socket']);
    const result = await dockdoc(['hook', 'install', '--yes', '--root', dir, '--bound', '2400']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('dockdoc: --bound 2400 ms leaves no time to gather facts after --settle 2000 ms; allow at least 2450 ms');
    expect(etcTreeOf(dir)).toEqual({});
  });
});

describe('dockdoc hook remove', () => {
  it('undoes an install exactly, keeping drop-in directories and files that were there before', async () => {
    const dir = root();
    const adminDropIn = path.join(dir, 'etc/systemd/system/nftables.service.d/10-admin.conf');
    mkdirSync(path.dirname(adminDropIn), { recursive: true });
    writeFileSync(adminDropIn, '[Unit]\nDescription=nftables, as the admin likes it\n');
    mkdirSync(path.join(dir, 'etc/systemd/system/iptables.service.d'));
    const before = etcTreeOf(dir);

    expect((await dockdoc(['hook', 'install', '--yes', '--root', dir])).exitCode).toBe(0);
    expect((await dockdoc(['hook', 'install', '--yes', '--root', dir, '--restart-docker'])).exitCode).toBe(0);
    expect(etcTreeOf(dir)).not.toEqual(before);

    const dry = await dockdoc(['hook', 'remove', '--root', dir, '--dry-run']);
    expect(dry.stdout.split('\n')).toContain(`would remove ${dir}/etc/systemd/system/docker.service.d/`);
    const removed = await dockdoc(['hook', 'remove', '--yes', '--root', dir]);
    expect(removed.exitCode).toBe(0);
    expect(removed.stdout.split('\n')).toEqual([
      `removed ${dir}/etc/systemd/system/docker.service.d/50-dockdoc-restart-with-firewall.conf`,
      `removed ${dir}/etc/systemd/system/docker.service.d/`,
      `removed ${dir}/etc/systemd/system/iptables.service.d/50-dockdoc-hook.conf`,
      `removed ${dir}/etc/systemd/system/ip6tables.service.d/50-dockdoc-hook.conf`,
      `removed ${dir}/etc/systemd/system/ip6tables.service.d/`,
      `removed ${dir}/etc/systemd/system/netfilter-persistent.service.d/50-dockdoc-hook.conf`,
      `removed ${dir}/etc/systemd/system/netfilter-persistent.service.d/`,
      `removed ${dir}/etc/systemd/system/nftables.service.d/50-dockdoc-hook.conf`,
      `removed ${dir}/etc/systemd/system/firewalld.service.d/50-dockdoc-hook.conf`,
      `removed ${dir}/etc/systemd/system/firewalld.service.d/`,
      `Run \`systemctl daemon-reload\` on the system under ${dir} to apply.`,
    ]);
    expect(etcTreeOf(dir)).toEqual(before);
    const nothing = await dockdoc(['hook', 'remove', '--yes', '--root', dir]);
    expect(nothing.stdout).toBe('no dockdoc drop-ins found');
  });

  it('leaves a file with its name that it did not write', async () => {
    const dir = root(['iptables.service']);
    const foreign = path.join(dir, 'etc/systemd/system/iptables.service.d/50-dockdoc-hook.conf');
    mkdirSync(path.dirname(foreign), { recursive: true });
    writeFileSync(foreign, '[Service]\nExecStartPost=/usr/local/bin/my-own-hook\n');
    const result = await dockdoc(['hook', 'remove', '--yes', '--root', dir]);
    expect(result.stdout).toBe('no dockdoc drop-ins found');
    expect(readFileSync(foreign, 'utf8')).toBe('[Service]\nExecStartPost=/usr/local/bin/my-own-hook\n');
  });
});

describe.skipIf(skipUnlessSystemdAnalyze())('generated drop-ins under systemd-analyze verify', () => {
  it('finds nothing to say about any unit with its drop-in, in default and strict mode', async () => {
    for (const flags of [[], ['--strict', '--fix']]) {
      const dir = root();
      expect((await dockdoc(['hook', 'install', '--yes', '--root', dir, ...flags])).exitCode).toBe(0);
      for (const unit of FIREWALL_UNITS) expect({ unit, ...verifyUnits(dir, [unit]) }).toEqual({ unit, exitCode: 0, output: '' });
    }
  });

  it('accepts the docker.service drop-in of --restart-docker', async () => {
    const dir = root();
    expect((await dockdoc(['hook', 'install', '--yes', '--root', dir, '--restart-docker'])).exitCode).toBe(0);
    expect(verifyUnits(dir, ['docker.service'])).toEqual({ exitCode: 0, output: '' });
  });

  it('would catch a broken drop-in and a missing systemd-cat (so the checks above can fail)', async () => {
    const dir = root(['iptables.service']);
    expect((await dockdoc(['hook', 'install', '--yes', '--root', dir, '--strict'])).exitCode).toBe(0);
    const file = path.join(dir, 'etc/systemd/system/iptables.service.d/50-dockdoc-hook.conf');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('ExecReload=', 'ExecReloud='));
    expect(verifyUnits(dir, ['iptables.service']).output).toBe(`${file}:7: Unknown key 'ExecReloud' in section [Service], ignoring.`);
    writeFileSync(file, text);
    rmSync(path.join(dir, '/usr/bin/systemd-cat'));
    expect(verifyUnits(dir, ['iptables.service'])).toEqual({
      exitCode: 1,
      output: 'iptables.service: Command /usr/bin/systemd-cat is not executable: No such file or directory',
    });
  });
});
