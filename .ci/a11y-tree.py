#!/usr/bin/python3
"""Dump ClaimLens's accessibility tree as a screen reader sees it (AT-SPI, through AccessKit).

Starts its own Xvfb, session D-Bus and AT-SPI bus, turns accessibility on (what a screen reader
does), runs the app, then walks the app's AT-SPI tree with pyatspi and prints one line per
node: role, accessible name, states, and for text the first characters. At the end it lists
the nodes a screen reader cannot name (interactive roles, focusable nodes and the window
frame with an empty name and no labelled-by relation). Optionally presses Tab N times and prints what has the focus after each
press, and runs Orca with a debug log to show what it would speak.

Needs Debian's xvfb, xdotool, dbus-daemon (dbus), at-spi2-core and python3-pyatspi; Orca
(orca) for --orca. Uses the system Python (pyatspi is a Debian package, not on PyPI):

    apt-get install xvfb xdotool dbus at-spi2-core python3-pyatspi orca
    cargo build --release
    /usr/bin/python3 .ci/a11y-tree.py [--tabs 12] [--orca LOG] [target/release/claimlens [FILE]]

Stops exactly the processes it started. Not part of CI (it needs a release build and a
display); the lead runs it after UI changes.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

INTERACTIVE_ROLES = {
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "menu item",
    "check menu item",
    "radio menu item",
    "menu",
    "combo box",
    "entry",
    "password text",
    "spin button",
    "slider",
    "link",
    "page tab",
    "list item",
    "tree item",
    "scroll bar",
}

# Containers a screen reader announces by name when the focus enters them.
NAMED_ROLES = {"frame", "menu bar", "dialog", "page tab list", "table", "tree", "list"}

started: list[subprocess.Popen] = []


def start(cmd: list[str], **kw) -> subprocess.Popen:
    p = subprocess.Popen(cmd, **kw)
    started.append(p)
    return p


def stop_all() -> None:
    for p in reversed(started):
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(timeout=3)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def free_display() -> int:
    n = 99
    while Path(f"/tmp/.X{n}-lock").exists() or Path(f"/tmp/.X11-unix/X{n}").exists():
        n += 1
    return n


def wait_for(pred, timeout: float, what: str):
    end = time.time() + timeout
    while time.time() < end:
        v = pred()
        if v:
            return v
        time.sleep(0.2)
    raise SystemExit(f"a11y-tree: timed out waiting for {what}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("binary", nargs="?", default="target/release/claimlens")
    ap.add_argument("file", nargs="?", help="file to open (default: the sample article)")
    ap.add_argument("--settle", type=float, default=4.0, help="seconds to wait after the window maps")
    ap.add_argument("--tabs", type=int, default=0, help="press Tab this many times, printing the focus")
    ap.add_argument("--orca", metavar="LOG", help="run Orca with its debug log in LOG while tabbing")
    ap.add_argument("--max-depth", type=int, default=40)
    args = ap.parse_args()

    for tool in ("Xvfb", "xdotool", "dbus-daemon"):
        if not shutil.which(tool):
            raise SystemExit(f"a11y-tree: {tool} is missing (see the docstring for the packages)")
    binary = Path(args.binary).resolve()
    if not os.access(binary, os.X_OK):
        raise SystemExit(f"a11y-tree: not an executable: {binary}")

    tmp = Path(tempfile.mkdtemp(prefix="claimlens-a11y-"))
    display = free_display()
    start(["Xvfb", f":{display}", "-screen", "0", "1400x900x24", "-nolisten", "tcp", "-noreset"],
          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: Path(f"/tmp/.X11-unix/X{display}").exists(), 10, "Xvfb")
    os.environ["DISPLAY"] = f":{display}"
    os.environ.pop("WAYLAND_DISPLAY", None)
    # A private home, so that the app's preferences and recovery files stay out of the real one.
    for var, sub in (("HOME", "home"), ("XDG_CONFIG_HOME", "home/.config"),
                     ("XDG_DATA_HOME", "home/.local/share"), ("XDG_CACHE_HOME", "home/.cache"),
                     ("XDG_RUNTIME_DIR", "run")):
        d = tmp / sub
        d.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.environ[var] = str(d)

    bus = start(["dbus-daemon", "--session", "--nofork", "--print-address=1", f"--address=unix:path={tmp}/bus"],
                stdout=subprocess.PIPE, text=True)
    address = bus.stdout.readline().strip()
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = address

    # Accessibility on: what GNOME's setting or a screen reader does. The session bus starts
    # at-spi-bus-launcher (and it the registry) on demand.
    subprocess.run(["dbus-send", "--session", "--print-reply", "--dest=org.a11y.Bus", "/org/a11y/bus",
                    "org.freedesktop.DBus.Properties.Set", "string:org.a11y.Status", "string:IsEnabled",
                    "variant:boolean:true"], check=True, stdout=subprocess.DEVNULL)

    orca = None
    if args.orca:
        orca = start(["orca", "--replace", "--debug-file", args.orca],
                     stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        time.sleep(3)

    app_log = open(tmp / "app.log", "w")
    cmd = [str(binary)] + ([args.file] if args.file else [])
    app = start(cmd, stdout=app_log, stderr=subprocess.STDOUT,
                env={**os.environ, "MESA_SHADER_CACHE_DISABLE": "true"})

    def window():
        if app.poll() is not None:
            raise SystemExit(f"a11y-tree: the app exited ({app.returncode}); log: {tmp / 'app.log'}")
        out = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(app.pid)],
                             capture_output=True, text=True).stdout.split()
        return out[0] if out else None

    wid = wait_for(window, 30, "the app's window")
    subprocess.run(["xdotool", "windowfocus", wid], check=False)
    time.sleep(args.settle)

    import pyatspi  # after DBUS_SESSION_BUS_ADDRESS is set: it connects on import

    def find_app():
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            a = desktop.getChildAtIndex(i)
            try:
                if a is not None and a.get_process_id() == app.pid:
                    return a
            except Exception:
                continue
        return None

    acc_app = wait_for(find_app, 20, "the app on the AT-SPI bus (is accessibility on?)")

    unnamed = []
    counts: dict[str, int] = {}

    def describe(node) -> str:
        role = node.getRoleName()
        name = node.name or ""
        states = node.getState().getStates()
        flags = [pyatspi.stateToString(s) for s in states
                 if s in (pyatspi.STATE_FOCUSABLE, pyatspi.STATE_FOCUSED, pyatspi.STATE_EDITABLE,
                          pyatspi.STATE_CHECKED, pyatspi.STATE_PRESSED, pyatspi.STATE_SELECTED, pyatspi.STATE_EXPANDED,
                          pyatspi.STATE_SENSITIVE)]
        extra = ""
        try:
            text = node.queryText()
            n = text.characterCount
            if n:
                sample = text.getText(0, min(n, 60)).replace("\n", "\\n")
                extra = f" text[{n}]={sample!r}"
        except NotImplementedError:
            pass
        try:
            value = node.queryValue()
            extra += f" value={value.currentValue:g} [{value.minimumValue:g}..{value.maximumValue:g}]"
        except NotImplementedError:
            pass
        try:
            box = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
            extra += f" @({box.x},{box.y} {box.width}x{box.height})"
        except NotImplementedError:
            pass
        desc = f" desc={node.description!r}" if node.description else ""
        return f"{role} {name!r}{desc} [{', '.join(flags)}]{extra}"

    def walk(node, depth: int, path: str) -> None:
        if node is None or depth > args.max_depth:
            return
        line = describe(node)
        print("  " * depth + line)
        role = node.getRoleName()
        counts[role] = counts.get(role, 0) + 1
        focusable = node.getState().contains(pyatspi.STATE_FOCUSABLE)
        needs_name = role in INTERACTIVE_ROLES or role in NAMED_ROLES or focusable
        if needs_name and not (node.name or "").strip():
            labelled = any(r.getRelationType() == pyatspi.RELATION_LABELLED_BY for r in node.getRelationSet())
            if not labelled:
                unnamed.append(f"{path} > {line}")
        for i in range(node.childCount):
            child = node.getChildAtIndex(i)
            if child is not None:
                walk(child, depth + 1, f"{path} > {role} {node.name!r}"[-160:])

    print(f"== AT-SPI tree of {binary.name} (pid {app.pid}, display :{display})")
    walk(acc_app, 0, "app")
    print("\n== roles: " + ", ".join(f"{r} {n}" for r, n in sorted(counts.items())))
    print(f"\n== interactive or focusable nodes (and the frame) without an accessible name: {len(unnamed)}")
    for u in unnamed:
        print("  " + u)

    if args.tabs:
        print(f"\n== focus after each Tab (of {args.tabs})")

        def focused(node, depth=0):
            if node is None or depth > args.max_depth:
                return None
            if node.getState().contains(pyatspi.STATE_FOCUSED):
                return node
            for i in range(node.childCount):
                f = focused(node.getChildAtIndex(i), depth + 1)
                if f is not None:
                    return f
            return None

        for k in range(1, args.tabs + 1):
            subprocess.run(["xdotool", "key", "--window", wid, "Tab"], check=False)
            time.sleep(0.7)
            f = focused(acc_app)
            print(f"  Tab {k}: " + (describe(f) if f is not None else "(nothing focused)"))
    if orca is not None:
        time.sleep(2)
        print(f"\n== Orca's debug log: {args.orca}")

    stop_all()
    print(f"\n(app log: {tmp / 'app.log'})")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        stop_all()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
