"""Every default of the project's settings lives in mayadeen/settings.py and nowhere else: the
code reads each setting by name alone, and every MAYADEEN_* setting it reads is defined there."""

from __future__ import annotations

import re
from pathlib import Path

from mayadeen import settings

PACKAGE = Path(settings.__file__).parent
# `settings.get("NAME")`, `getint("NAME")`..., and the class attributes naming a setting.
READ = re.compile(r'(?:settings\.get\w*\(\s*|setting = )"(MAYADEEN_\w+)"')
# A read that restates a default: `settings.get*("NAME", default)`.
READ_WITH_DEFAULT = re.compile(r'settings\.get\w*\(\s*"\w+"\s*,')
# Set by the browser add-on at start-up (what it found), not settings a user gives.
SET_BY_THE_BROWSER_ADDON = {"MAYADEEN_BROWSER_AVAILABLE", "MAYADEEN_BROWSER_UNAVAILABLE_REASON"}


def sources() -> dict[str, str]:
    return {
        str(path.relative_to(PACKAGE)): path.read_text("utf-8")
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "settings.py" or path.parent != PACKAGE
    }


def undefined_settings(code: dict[str, str]) -> set[str]:
    read = {name for text in code.values() for name in READ.findall(text)}
    return read - set(vars(settings)) - SET_BY_THE_BROWSER_ADDON


def restated_defaults(code: dict[str, str]) -> list[str]:
    return [f"{path}: {m.group(0)}" for path, text in code.items()
            for m in READ_WITH_DEFAULT.finditer(text)]  # fmt: skip


def test_every_setting_read_has_its_default_in_settings_py():
    code = sources()
    assert len(code) > 50
    assert undefined_settings(code) == set()


def test_no_code_restates_a_default():
    assert restated_defaults(sources()) == []


def test_the_checks_find_a_restated_default_and_an_undefined_setting():
    code = {"x.py": 'a = settings.getint("MAYADEEN_DB_RETRIES", 3)\n'
                    'b = crawler.settings.get("MAYADEEN_NOWHERE")\n'}  # fmt: skip
    assert restated_defaults(code) == ['x.py: settings.getint("MAYADEEN_DB_RETRIES",']
    assert undefined_settings(code) == {"MAYADEEN_NOWHERE"}
