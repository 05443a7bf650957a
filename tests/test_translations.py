"""Every user-visible string must have a Simplified Chinese (zh-Hans) translation.

Three families of checks, none of which needs a database:

* Django catalogues. The ``hearth/`` tree is copied to a temporary directory and Django's
  ``makemessages -l zh_Hans --no-obsolete --no-location`` runs there in a subprocess whose
  ``hearth`` package is the copy (so ``settings.LOCALE_PATHS`` is the copy's ``hearth/locale`` and
  the real repository is never written to). makemessages files each source file's strings under
  the nearest ancestor directory that has a ``locale/`` (an app's own catalogue, else
  ``hearth/locale``) and msgmerges the copied, committed translations into the result. A
  generated entry with an empty msgstr (any plural form) or marked fuzzy (msgmerge's guess from a
  similar, older msgid) is a missing translation.
* The engine/CLI catalogue (stdlib gettext, domain ``hearth``): ``xgettext`` over
  ``hearth/engine``, ``hearth/commands`` and ``hearth/cli.py``; every msgid must have a
  non-empty, non-fuzzy translation in ``hearth/engine/locale/zh_Hans/LC_MESSAGES/hearth.po``.
* Every committed ``.po`` parses (polib and ``msgfmt --check``), declares UTF-8 and Chinese
  plural forms, and keeps every ``%(name)s`` / ``%s`` / ``{name}`` placeholder of its msgid.

GNU gettext (xgettext, msgmerge, msguniq, msgfmt) is required; the tests fail, not skip, without it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest

REPO = Path(__file__).resolve().parent.parent
HEARTH = REPO / "hearth"
ENGINE_PO = HEARTH / "engine" / "locale" / "zh_Hans" / "LC_MESSAGES" / "hearth.po"
GETTEXT_TOOLS = ("xgettext", "msgmerge", "msguniq", "msgfmt", "msgattrib")
INSTALL_HINT = "install GNU gettext: apt-get install gettext"

# Source that makemessages must not read for the Django catalogues: tests and migrations are not
# user-visible; the engine, the command modules and cli.py use the stdlib `hearth` domain instead.
DJANGO_IGNORE = (
    "*/tests/*",
    "*/tests",
    "*/migrations/*",
    "*/migrations",
    "hearth/static/*",
    "hearth/engine",
    "hearth/engine/*",
    "hearth/commands",
    "hearth/commands/*",
    "hearth/cli.py",
)


# --------------------------------------------------------------------------------------- helpers


def _require_gettext() -> None:
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"{', '.join(missing)} not found on PATH — {INSTALL_HINT}", pytrace=False)


def _run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload]
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(map(str, args))} failed ({result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}",
            pytrace=False,
        )
    return result


def _gaps(po: polib.POFile) -> Iterator[tuple[str, str]]:
    """(reason, msgid) for each entry of `po` that lacks a usable translation."""
    for entry in po:
        if entry.obsolete or entry.msgid == "":
            continue
        if "fuzzy" in entry.flags:
            yield "fuzzy", entry.msgid
        elif entry.msgid_plural:
            forms = entry.msgstr_plural
            if not forms or any(not text.strip() for text in forms.values()):
                yield "untranslated plural", entry.msgid
        elif not entry.msgstr.strip():
            yield "untranslated", entry.msgid


def _report(title: str, gaps: list[str]) -> str:
    return f"{title} ({len(gaps)}):\n  " + "\n  ".join(gaps)


def _all_po_files() -> list[Path]:
    return sorted(p for p in HEARTH.rglob("*.po") if "__pycache__" not in p.parts)


# ------------------------------------------------------------------------------ Django catalogues


@pytest.fixture(scope="module")
def django_catalogues(tmp_path_factory: pytest.TempPathFactory) -> dict[str, polib.POFile]:
    """Run makemessages on a copy of hearth/; {path relative to the copy: generated catalogue}."""
    _require_gettext()
    root = tmp_path_factory.mktemp("makemessages")
    copy = root / "hearth"
    shutil.copytree(HEARTH, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "*.pot"))
    # Strings with no app catalogue land in LOCALE_PATHS; git does not keep the empty directory.
    (copy / "locale").mkdir(exist_ok=True)

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hearth.config.settings",
        "PYTHONPATH": str(root),  # import the copy, so LOCALE_PATHS is the copy's hearth/locale
        "HEARTH_VAR_DIR": str(root / "var"),
        "SECRET_KEY": "makemessages-in-a-tmp-copy",
    }
    where = _run(
        [sys.executable, "-c", "from django.conf import settings as s; print(*s.LOCALE_PATHS)"],
        cwd=root,
        env=env,
    )
    assert Path(where.stdout.strip()).resolve() == (copy / "locale").resolve(), (
        f"makemessages would write outside the copy: LOCALE_PATHS={where.stdout.strip()}"
    )

    args = [sys.executable, "-m", "django", "makemessages", "-l", "zh_Hans"]
    args += ["--no-obsolete", "--no-location", "--extension", "html,txt,py"]
    for pattern in DJANGO_IGNORE:
        args += ["--ignore", pattern]
    _run(args, cwd=root, env=env)

    catalogues = {
        str(path.relative_to(root)): polib.pofile(str(path))
        for path in sorted(copy.rglob("django.po"))
    }
    assert catalogues, "makemessages produced no django.po at all"
    return catalogues


def test_makemessages_found_the_known_catalogues(
    django_catalogues: dict[str, polib.POFile],
) -> None:
    # A guard against the check silently looking at nothing (e.g. every --ignore matching).
    assert "hearth/locale/zh_Hans/LC_MESSAGES/django.po" in django_catalogues
    assert sum(len(po) for po in django_catalogues.values()) > 50


def test_every_django_string_has_a_chinese_translation(
    django_catalogues: dict[str, polib.POFile],
) -> None:
    gaps = [
        f"{name}: [{reason}] {msgid!r}"
        for name, po in django_catalogues.items()
        for reason, msgid in _gaps(po)
    ]
    assert not gaps, _report(
        "Django strings without a zh-Hans translation (add them to the catalogue named, "
        "then run scripts/compile_messages.py)",
        gaps,
    )


def test_every_generated_django_catalogue_is_committed(
    django_catalogues: dict[str, polib.POFile],
) -> None:
    # makemessages creates a .po for an app's new locale/ dir; it must exist in the repository.
    missing = [name for name in django_catalogues if not (REPO / name).exists()]
    assert not missing, _report("catalogues makemessages creates but the repo lacks", missing)


# --------------------------------------------------------------------------- engine/CLI catalogue


def _engine_sources() -> list[Path]:
    files = [
        *sorted((HEARTH / "engine").rglob("*.py")),
        *sorted((HEARTH / "commands").rglob("*.py")),
        HEARTH / "cli.py",
    ]
    return [p for p in files if "tests" not in p.relative_to(HEARTH).parts]


def test_every_engine_and_cli_string_has_a_chinese_translation(tmp_path: Path) -> None:
    _require_gettext()
    pot = tmp_path / "hearth.pot"
    sources = [str(p.relative_to(REPO)) for p in _engine_sources()]
    _run(
        [
            "xgettext",
            "--language=Python",
            "--keyword=_",
            "--keyword=gettext",
            "--from-code=UTF-8",
            "-o",
            str(pot),
            *sources,
        ],
        cwd=REPO,
    )
    wanted = [e.msgid for e in polib.pofile(str(pot))] if pot.exists() else []
    assert len(wanted) > 20, f"xgettext found only {len(wanted)} engine/CLI strings"

    po = polib.pofile(str(ENGINE_PO))
    by_id = {e.msgid: e for e in po if not e.obsolete}
    gaps = []
    for msgid in wanted:
        entry = by_id.get(msgid)
        if entry is None:
            gaps.append(f"[missing] {msgid!r}")
        elif "fuzzy" in entry.flags:
            gaps.append(f"[fuzzy] {msgid!r}")
        elif not (entry.msgstr.strip() or all(v.strip() for v in entry.msgstr_plural.values())):
            gaps.append(f"[untranslated] {msgid!r}")
    assert not gaps, _report(f"{ENGINE_PO.relative_to(REPO)} lacks translations", gaps)


# ----------------------------------------------------------------------- every committed catalogue

PERCENT = re.compile(r"%(?:\(\w+\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")
BRACE = re.compile(r"(?<!\{)\{(\w*(?:[.\[][^{}]*)?(?:![rsa])?(?::[^{}]*)?)\}(?!\})")


def _placeholders(text: str, python_format: bool, brace_format: bool) -> set[str]:
    found: set[str] = set()
    if python_format:
        found |= {m for m in PERCENT.findall(text) if m != "%%"}
    if brace_format:
        found |= {"{" + m + "}" for m in BRACE.findall(text)}
    return found


@pytest.mark.parametrize("po_path", _all_po_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_catalogue_parses_and_has_chinese_headers(po_path: Path) -> None:
    _require_gettext()
    try:
        po = polib.pofile(str(po_path))
    except (OSError, ValueError) as exc:
        pytest.fail(f"{po_path.relative_to(REPO)} does not parse: {exc}", pytrace=False)
    _run(["msgfmt", "--check", "-o", os.devnull, str(po_path)])
    if "zh_Hans" in po_path.parts:
        assert "charset=UTF-8" in po.metadata.get("Content-Type", ""), po_path
        assert po.metadata.get("Language") == "zh_Hans", po_path
        assert po.metadata.get("Plural-Forms", "").replace(" ", "") == "nplurals=1;plural=0;", (
            po_path
        )


@pytest.mark.parametrize("po_path", _all_po_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_translations_keep_every_placeholder(po_path: Path) -> None:
    problems = []
    for entry in polib.pofile(str(po_path)):
        if entry.obsolete or not entry.msgid:
            continue
        brace = "python-brace-format" in entry.flags or bool(BRACE.search(entry.msgid))
        percent = "python-format" in entry.flags or bool(re.search(r"%\(\w+\)", entry.msgid))
        if "no-python-format" in entry.flags:
            percent = False
        source = _placeholders(entry.msgid, percent, brace)
        if entry.msgid_plural:
            source |= _placeholders(entry.msgid_plural, percent, brace)
            translations = list(entry.msgstr_plural.values())
        else:
            translations = [entry.msgstr]
        for text in translations:
            if not text:
                continue  # reported as untranslated by the tests above
            got = _placeholders(text, percent, brace)
            if got != source:
                problems.append(
                    f"{entry.msgid!r}: msgid has {sorted(source)}, msgstr has {sorted(got)}"
                )
    assert not problems, _report(f"{po_path.relative_to(REPO)} placeholder mismatches", problems)
