"""``make test-matrix``: `make setup`, `make test` and `make demo` on each
supported QGIS, one line per QGIS version at the end.

Debian carries one QGIS per release: bookworm 3.22 (Python 3.11), trixie
3.40 (3.13), sid 3.44 (3.14). The release this machine runs is tested in
place; each other one in a fresh Debian system made with ``debootstrap``
(Debian's packages only) under ``build/matrix/<suite>``, into which the
working tree is copied — so `make setup` there starts from nothing, as on
a user's new machine. Needs root (debootstrap, chroot, mounts).

    python3 scripts/test_matrix.py [--suites bookworm trixie sid] [--fresh]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MATRIX = os.path.join(REPO, "build", "matrix")
MIRROR = "http://deb.debian.org/debian"
SUITES = ("bookworm", "trixie", "sid")
STEPS = ("setup", "versions", "test", "demo")
# proxy, CA and BLAS settings passed into the chroot
PASSED_ENV = ("http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY",
              "PIP_CERT", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "PIP_INDEX_URL",
              # older OpenBLAS builds compute wrong results on some processors
              "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
# what a chroot needs from the running system
BIND_MOUNTS = ("/proc", "/sys", "/dev", "/dev/pts", "/dev/shm")


def host_suite():
    """The Debian codename of this machine ('' when not Debian)."""
    try:
        with open("/etc/os-release", encoding="utf-8") as fh:
            fields = dict(line.rstrip("\n").split("=", 1) for line in fh if "=" in line)
    except OSError:
        return ""
    codename = fields.get("VERSION_CODENAME", "").strip('"')
    if "sid" in fields.get("PRETTY_NAME", ""):
        return "sid"
    return codename


def working_tree_files():
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                         cwd=REPO, check=True, capture_output=True).stdout
    return [name for name in out.decode().split("\0") if name and os.path.isfile(
        os.path.join(REPO, name))]


def make_system(suite, fresh):
    """A Debian ``suite`` system under build/matrix/<suite> (debootstrap)."""
    root = os.path.join(MATRIX, suite)
    if fresh and os.path.isdir(root):
        shutil.rmtree(root)
    if not os.path.exists(os.path.join(root, "usr", "bin", "make")):
        os.makedirs(MATRIX, exist_ok=True)
        subprocess.run(["debootstrap", "--variant=minbase", "--include=make,ca-certificates",
                        suite, root, MIRROR], check=True)
    shutil.copy("/etc/resolv.conf", os.path.join(root, "etc", "resolv.conf"))
    # the system trusts what this machine trusts (a company's TLS proxy CA)
    local_cas = "/usr/local/share/ca-certificates"
    if os.path.isdir(local_cas):
        shutil.copytree(local_cas, root + local_cas, dirs_exist_ok=True)
        subprocess.run(["chroot", root, "update-ca-certificates"], check=False,
                       stdout=subprocess.DEVNULL)
    # a mirror's copy of sid may be older than Debian's 7-day validity
    with open(os.path.join(root, "etc", "apt", "apt.conf.d", "99minewatch-matrix"), "w") as fh:
        fh.write('Acquire::Check-Valid-Until "false";\n')
    return root


def copy_tree(root):
    """The working tree into <root>/src (a fresh copy; built venvs kept
    there between runs unless --fresh)."""
    src = os.path.join(root, "src")
    os.makedirs(src, exist_ok=True)
    keep = {".venv", "build"}
    for entry in os.listdir(src):
        if entry not in keep:
            path = os.path.join(src, entry)
            shutil.rmtree(path) if os.path.isdir(path) and not os.path.islink(path) else os.remove(path)
    for rel in working_tree_files():
        target = os.path.join(src, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(os.path.join(REPO, rel), target)
    return src


def mounted(root):
    """Bind-mount what a chroot needs; returns an undo function."""
    done = []
    for path in BIND_MOUNTS:
        target = root + path
        os.makedirs(target, exist_ok=True)
        subprocess.run(["mount", "--bind", path, target], check=True)
        done.append(target)

    def undo():
        for target in reversed(done):
            subprocess.run(["umount", "-l", target], check=False)
    return undo


def run_step(step, root, log):
    """Run `make <step>` in place (root None) or in the chroot; (ok, seconds, output)."""
    # -k: the QGIS tests run even when a unit test failed
    command = {"test": "make -k test", "versions": "python3 scripts/setup_env.py --check-only"}.get(
        step, f"make {step}")
    # a clean environment in place too: a Python launcher (pyenv) puts its
    # own bin first on PATH, and QGIS's embedded Python then takes that
    # Python's standard library ("Couldn't load SIP module")
    passed = " ".join(f"{name}={os.environ[name]}" for name in PASSED_ENV if name in os.environ)
    env = f"env -i HOME={os.environ.get('HOME', '/root') if root is None else '/root'} " \
          f"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 " \
          f"TERM=dumb {passed}"
    if root is None:
        argv, cwd = ["bash", "-c", f"{env} {command}"], REPO
    else:
        argv, cwd = ["chroot", root, "bash", "-c", f"cd /src && {env} {command}"], REPO
    start = time.monotonic()
    proc = subprocess.run(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, errors="replace")
    seconds = time.monotonic() - start
    log.write(f"\n===== make {step} (exit {proc.returncode}, {seconds:.0f} s)\n{proc.stdout}")
    log.flush()
    return proc.returncode == 0, seconds, proc.stdout


def summary(suite, results, versions):
    """One line: the QGIS and Python versions, and each step's outcome."""
    parts = []
    for step in STEPS:
        if step == "versions":
            continue
        if step not in results:
            parts.append(f"{step} not run")
            continue
        ok, seconds, out = results[step]
        detail = ""
        if step == "test":
            counts = re.findall(r"^=+ (\d+ (?:passed|failed)[^=]*?) in [\d.]+s", out, re.M)
            detail = " [" + "; ".join(c.strip() for c in counts) + "]" if counts else ""
        parts.append(f"{step} {'PASS' if ok else 'FAIL'} {seconds / 60:.1f} min{detail}")
    return f"QGIS {versions.get('qgis', '?')} ({suite}, Python {versions.get('python', '?')}, " \
           f"numpy {versions.get('numpy', '?')}, torch {versions.get('torch', '?')}): " + \
           ", ".join(parts)


def versions_from(setup_output):
    """QGIS, Python, numpy and torch versions from scripts/setup_env.py's last line."""
    found = {}
    match = re.search(r"^Python ([\d.]+): (.*)$", setup_output, re.M)
    if match:
        found["python"] = match.group(1)
        for item in match.group(2).split(", "):
            name, _, version = item.partition(" ")
            found[name] = version
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--suites", nargs="+", default=list(SUITES), choices=SUITES)
    parser.add_argument("--fresh", action="store_true", help="new systems and venvs")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        sys.exit("The version matrix needs root (debootstrap, chroot, mounts).")
    import signal

    # a stopped run still unmounts what it mounted (the finally below)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    os.makedirs(MATRIX, exist_ok=True)
    here = host_suite()
    lines, started = [], time.monotonic()
    for suite in args.suites:
        log_path = os.path.join(MATRIX, f"{suite}.log")
        results, root, undo = {}, None, None
        with open(log_path, "w", encoding="utf-8") as log:
            try:
                if suite != here:
                    root = make_system(suite, args.fresh)
                    copy_tree(root)
                    if args.fresh:
                        shutil.rmtree(os.path.join(root, "src", ".venv"), ignore_errors=True)
                    undo = mounted(root)
                for step in STEPS:
                    results[step] = run_step(step, root, log)
                    print(f"{suite}: make {step} {'ok' if results[step][0] else 'FAILED'} "
                          f"({results[step][1] / 60:.1f} min)", flush=True)
                    if not results[step][0] and step in ("setup", "versions"):
                        break
            finally:
                if undo:
                    undo()
        versions = versions_from(results.get("versions", (False, 0, ""))[2])
        lines.append(summary(suite, results, versions) + f"  (log: {os.path.relpath(log_path, REPO)})")
    print(f"\nVersion matrix ({(time.monotonic() - started) / 60:.0f} min in all):")
    print("\n".join(lines))
    sys.exit(0 if all(" FAIL" not in line and "not run" not in line for line in lines) else 1)


if __name__ == "__main__":
    main()
