"""The PWA and the backend agree: question types, strings, the offline shell, and its rules.

No browser here: these read the files, so they fail fast and say exactly what to fix.
"""
from __future__ import annotations

import hashlib
import json
import re
import struct
from pathlib import Path

from babel.messages.pofile import read_po

from backend.i18n_routes import pwa_msgids
from backend.questionnaires.types import ITEM_TYPES
from backend.translate_cli import POT, TRANSLATIONS, extract_messages

PWA = Path(__file__).resolve().parents[2] / "pwa"
JS = PWA / "js"
HAN = re.compile(r"[\u4e00-\u9fff]")
CJK_PUNCTUATION = re.compile(r"[\u3001\u3002\uff0c\uff1a\uff1b]+")


def js_files():
    return sorted(JS.rglob("*.js"))


def test_one_js_module_per_backend_question_type_with_the_same_name():
    modules = {path.stem for path in (JS / "types").glob("*.js")}
    assert modules == set(ITEM_TYPES)
    for name in modules:
        source = (JS / "types" / f"{name}.js").read_text(encoding="utf-8")
        assert f'export const name = "{name}";' in source, name
        assert re.search(r"export const answerable = (true|false);", source), name
        if ITEM_TYPES[name].answerable:
            assert "export function check(" in source and "export function render(" in source, name


def test_the_registry_imports_every_type_module():
    registry = (JS / "questionnaire" / "registry.js").read_text(encoding="utf-8")
    imported = set(re.findall(r'from "\.\./types/(\w+)\.js"', registry))
    assert imported == set(ITEM_TYPES)


def catalogue(locale):
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return {m.id: m for m in read_po(handle) if m.id}


def test_every_pwa_string_is_translated_in_both_catalogues():
    msgids = set(pwa_msgids(str(PWA)))
    assert len(msgids) > 60 and "Next" in msgids and "Please answer this question." in msgids
    for locale in ("zh_Hans_CN", "en"):
        entries = catalogue(locale)
        missing = sorted(m for m in msgids if m not in entries)
        assert not missing, f"{locale}: run `flask translate update` and translate {missing}"
        bad = sorted(m for m in msgids if not entries[m].string or entries[m].fuzzy)
        assert not bad, f"{locale}: untranslated or fuzzy {bad}"
    chinese = catalogue("zh_Hans_CN")
    # Chinese, or for a separator msgid (": ", "; ", ", ") Chinese full-width punctuation.
    assert all(HAN.search(chinese[m].string) or CJK_PUNCTUATION.fullmatch(chinese[m].string)
               for m in msgids)


def test_babel_extracts_the_pwa_strings_into_the_template(tmp_path):
    # babel.cfg gives the JavaScript section its own keyword (t); Babel < 2.18 ignores that
    pot = tmp_path / "messages.pot"
    extract_messages(pot)
    with open(pot, "rb") as handle:
        extracted = {m.id for m in read_po(handle) if m.id}
    assert set(pwa_msgids(str(PWA))) <= extracted, "Babel >= 2.18 is needed (babel.cfg keywords)"
    with open(POT, "rb") as handle:
        assert set(pwa_msgids(str(PWA))) <= {m.id for m in read_po(handle) if m.id}


def shell_from_sw() -> list[str]:
    source = (PWA / "sw.js").read_text(encoding="utf-8")
    block = re.search(r"const SHELL = \[(.*?)\];", source, re.S).group(1)
    return re.findall(r'"([^"]+)"', block)


def shell_files() -> list[Path]:
    """What the residents' app is made of: its page, manifest, the icons and stylesheets the
    page links and every module outside js/staff/. Not the API docs, vendored code or the staff
    screens (doctors and editors sign in online; a resident's phone need not download them),
    nor the manifest's home-screen icons (the browser fetches those itself when installing)."""
    index = PWA / "index.html"
    html = index.read_text(encoding="utf-8")
    linked = [PWA / href.lstrip("/") for href in re.findall(r'href="(/(?:css|icons)/[^"]+)"', html)]
    modules = [p for p in JS.rglob("*.js") if "staff" not in p.relative_to(JS).parts]
    return sorted([index, PWA / "manifest.webmanifest", *linked, *modules])


def test_the_service_worker_caches_every_file_of_the_app_and_nothing_missing():
    # the page is cached as "/" (the worker answers a navigation to /index.html with it)
    expected = {"/"} | {"/" + p.relative_to(PWA).as_posix() for p in shell_files()} - {"/index.html"}
    assert set(shell_from_sw()) == expected


def test_the_shell_cache_version_changes_with_the_files():
    digest = hashlib.sha256()
    for path in shell_files():
        digest.update(path.relative_to(PWA).as_posix().encode() + b"\0" + path.read_bytes())
    version = f"shell-{digest.hexdigest()[:10]}"
    source = (PWA / "sw.js").read_text(encoding="utf-8")
    assert f'const VERSION = "{version}";' in source, (
        f'the app shell changed: set `const VERSION = "{version}";` in pwa/sw.js so phones '
        "fetch the new files")


def test_no_markup_from_strings_no_eval_no_inline_script_no_other_origins():
    for path in js_files():
        source = path.read_text(encoding="utf-8")
        uses = len(re.findall(r"\.(inner|outer)HTML\s*=", source)) + source.count("insertAdjacentHTML")
        assert not uses, f"{path}: build DOM with createElement/textContent"
        # in the residents' app the server-sanitised article body is the one markup parsed,
        # in one module (the staff screens have their own preview: tests of their own)
        parses = source.count("DOMParser") + source.count("createContextualFragment")
        relative = path.relative_to(JS)
        assert not parses or relative.parts[0] == "staff" or relative.as_posix() == "library/html.js", path
        assert not re.search(r"\beval\(|new Function\(|document\.write", source), path
    for path in [*js_files(), PWA / "sw.js", PWA / "index.html", *PWA.glob("css/*.css"),
                 PWA / "manifest.webmanifest"]:
        urls = re.findall(r"https?://[^\s\"')]+", path.read_text(encoding="utf-8"))
        assert all(u == "http://www.w3.org/2000/svg" for u in urls), (path, urls)
    index = (PWA / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in index
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", index))
    assert not re.search(r"\son[a-z]+=", index) and "style=" not in index
    assert "script-src 'self'" in index


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_manifest_installs_with_a_chinese_name_icons_and_theme_colour():
    manifest = json.loads((PWA / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert HAN.search(manifest["name"]) and HAN.search(manifest["short_name"])
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        width, height = png_size(PWA / icon["src"].lstrip("/"))
        assert f"{width}x{height}" == icon["sizes"]
