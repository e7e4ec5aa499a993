#!/usr/bin/env python3
"""The desktop files, the window and the Debian package agree (run by .ci/check-desktop).

Checks, without building anything:
- one app id everywhere: the file names in assets/linux/, the .desktop entry's Icon and
  StartupWMClass, the metainfo's id and launchable, the icon files, and the window's
  `with_app_id(...)` in src/ui/mod.rs;
- the MIME types: the shared-mime-info XML defines the ClaimLens types, the .desktop entry's
  MimeType and the metainfo's provided media types name exactly those (no text/plain or
  text/html: listing them made ClaimLens the default for every .txt where no default is
  set), and each type has a comment;
- [package.metadata.deb] in Cargo.toml: every asset source exists (target/release/ ones are
  built by cargo-deb), the destinations hold every path the package must install, and
  `depends` names $auto and each runtime library that .ci/app installs; the package's
  description (Debian's one-line synopsis) fits in 79 characters;
- the metainfo lists a release for Cargo.toml's version and for every version in the
  README's changelog, newest first.

    python3 .ci/check-packaging.py
"""

import configparser
import re
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

APP_ID = "io.github.claimlens.ClaimLens"
ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "assets/linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
MIME_XML = LINUX / f"{APP_ID}.mime.xml"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"

# Where the package must put things (destination paths in the .deb, without the leading /).
REQUIRED_DESTINATIONS = [
    "usr/bin/claimlens",
    f"usr/share/applications/{APP_ID}.desktop",
    f"usr/share/metainfo/{APP_ID}.metainfo.xml",
    f"usr/share/mime/packages/{APP_ID}.xml",
    f"usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg",
    f"usr/share/icons/hicolor/48x48/apps/{APP_ID}.png",
    f"usr/share/icons/hicolor/128x128/apps/{APP_ID}.png",
    f"usr/share/icons/hicolor/256x256/apps/{APP_ID}.png",
]

errors: list[str] = []


def fail(message: str) -> None:
    errors.append(message)


def check_app_id() -> configparser.SectionProxy:
    for path in (DESKTOP, METAINFO, MIME_XML):
        if not path.is_file():
            fail(f"{path.relative_to(ROOT)} is missing")
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(DESKTOP, encoding="utf-8")
    de = entry["Desktop Entry"]
    for key in ("Icon", "StartupWMClass"):
        if de.get(key) != APP_ID:
            fail(f"{DESKTOP.name}: {key}={de.get(key)!r}, expected {APP_ID!r}")
    if not de.get("Exec", "").startswith("claimlens "):
        fail(f"{DESKTOP.name}: Exec={de.get('Exec')!r} does not run claimlens")
    meta = ET.parse(METAINFO).getroot()
    if meta.findtext("id") != APP_ID:
        fail(f"{METAINFO.name}: <id> is {meta.findtext('id')!r}, expected {APP_ID!r}")
    launchable = meta.find("launchable[@type='desktop-id']")
    if launchable is None or launchable.text != DESKTOP.name:
        fail(f"{METAINFO.name}: <launchable type='desktop-id'> must be {DESKTOP.name}")
    if meta.findtext("provides/binary") != "claimlens":
        fail(f"{METAINFO.name}: <provides><binary> must be claimlens")
    ui = (ROOT / "src/ui/mod.rs").read_text(encoding="utf-8")
    ids = re.findall(r'with_app_id\("([^"]*)"\)', ui)
    if ids != [APP_ID]:
        fail(f"src/ui/mod.rs: with_app_id({ids}) must be the one app id {APP_ID!r} (X11 WM_CLASS / Wayland app_id = StartupWMClass)")
    icon_dir = LINUX / "icons/hicolor"
    for rel in ["scalable/apps/{}.svg"] + [f"{s}x{s}/apps/{{}}.png" for s in (48, 128, 256)]:
        if not (icon_dir / rel.format(APP_ID)).is_file():
            fail(f"icon {icon_dir.relative_to(ROOT) / rel.format(APP_ID)} is missing")
    return de


def check_mime_types(de: configparser.SectionProxy) -> None:
    root = ET.parse(MIME_XML).getroot()
    defined = []
    for mt in root.findall(f"{MIME_NS}mime-type"):
        name = mt.get("type", "")
        defined.append(name)
        if not mt.findall(f"{MIME_NS}comment"):
            fail(f"{MIME_XML.name}: {name} has no <comment>")
        if len(mt.findall(f"{MIME_NS}icon")) > 1 or len(mt.findall(f"{MIME_NS}generic-icon")) > 1:
            fail(f"{MIME_XML.name}: {name} has more than one icon or generic-icon")
        icon = mt.find(f"{MIME_NS}icon")
        if icon is not None and icon.get("name") != APP_ID:
            fail(f"{MIME_XML.name}: {name}'s icon is {icon.get('name')!r}, expected {APP_ID!r}")
        for glob in mt.findall(f"{MIME_NS}glob"):
            weight = int(glob.get("weight", "50"))
            if not 0 <= weight <= 100:
                fail(f"{MIME_XML.name}: glob {glob.get('pattern')} has weight {weight} (0..100)")
        for magic in mt.findall(f"{MIME_NS}magic"):
            priority = int(magic.get("priority", "50"))
            if not 0 <= priority <= 100:
                fail(f"{MIME_XML.name}: {name} has magic priority {priority} (0..100)")
    expected = ["application/x-claimlens-project", "application/x-claimlens-corpus", "application/x-claimlens-codebook"]
    if sorted(defined) != sorted(expected):
        fail(f"{MIME_XML.name} defines {defined}, expected {expected}")
    listed = [t for t in de.get("MimeType", "").split(";") if t]
    if sorted(listed) != sorted(defined):
        fail(f"{DESKTOP.name}: MimeType lists {listed}, {MIME_XML.name} defines {defined} (list exactly those)")
    meta = ET.parse(METAINFO).getroot()
    provided = [e.text for e in meta.findall("provides/mediatype")]
    if sorted(provided) != sorted(defined):
        fail(f"{METAINFO.name}: <provides><mediatype> lists {provided}, {MIME_XML.name} defines {defined}")


def check_deb() -> None:
    cargo = tomllib.loads((ROOT / "Cargo.toml").read_text(encoding="utf-8"))
    deb = cargo.get("package", {}).get("metadata", {}).get("deb")
    if deb is None:
        fail("Cargo.toml has no [package.metadata.deb]")
        return
    destinations = []
    for asset in deb.get("assets", []):
        if isinstance(asset, dict):
            source, dest = asset.get("source", ""), asset.get("dest", "")
        else:
            source, dest = asset[0], asset[1]
        if not source.startswith("target/release/") and not list(ROOT.glob(source)):
            fail(f"Cargo.toml [package.metadata.deb] asset {source!r} does not exist")
        dest = dest.lstrip("/")
        if dest.endswith("/"):
            dest += Path(source).name
        destinations.append(dest)
    for required in REQUIRED_DESTINATIONS:
        if required not in destinations:
            fail(f"Cargo.toml [package.metadata.deb] installs nothing at /{required}")
    synopsis = cargo["package"].get("description", "")
    if not synopsis or len(synopsis) > 79 or "\n" in synopsis:
        fail(f"Cargo.toml's description is the package's one-line synopsis: 1..79 characters, not {len(synopsis)}")
    depends = [d.strip() for d in deb.get("depends", "").split(",")]
    if "$auto" not in depends:
        fail("Cargo.toml [package.metadata.deb] depends lacks $auto (libc and linked libraries)")
    app = (ROOT / ".ci/app").read_text(encoding="utf-8")
    for lib in sorted(set(re.findall(r"need\+=\(([a-z0-9.+-]+)\)", app))):
        if not any(d.split()[0] == lib for d in depends if d):
            fail(f"Cargo.toml [package.metadata.deb] depends lacks {lib}, which .ci/app installs for the window")


def version_key(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", v))


def check_releases() -> None:
    meta = ET.parse(METAINFO).getroot()
    releases = [r.get("version", "") for r in meta.findall("releases/release")]
    if releases != sorted(releases, key=version_key, reverse=True):
        fail(f"{METAINFO.name}: releases {releases} are not newest first")
    cargo = tomllib.loads((ROOT / "Cargo.toml").read_text(encoding="utf-8"))
    version = cargo["package"]["version"]
    if version not in releases:
        fail(f"{METAINFO.name}: no <release> for Cargo.toml's version {version}")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    changelog = readme.split("## Changelog", 1)[-1]
    for v in re.findall(r"^### (\d+\.\d+\.\d+)\s*$", changelog, flags=re.M):
        if v not in releases:
            fail(f"{METAINFO.name}: no <release> for {v} (README changelog)")
    if re.search(r"^### Unreleased", changelog, flags=re.M) and not any(
        version_key(r) > version_key(version) for r in releases
    ):
        fail(f"{METAINFO.name}: the README has unreleased changes but no <release> newer than {version}")


def main() -> int:
    de = check_app_id()
    check_mime_types(de)
    check_deb()
    check_releases()
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    if not errors:
        print(f"packaging: app id {APP_ID} everywhere, MIME types, .deb assets and releases agree")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
