"""The site profile as data: every selector, pattern and URL shape of `mayadeen/site.py` can be
overridden by a TOML file (`MAYADEEN_SITE_PROFILE=path.toml`, a setting or an environment
variable), checked when the crawl starts.

site.py stays the one definition of each entry and its default. A profile file names entries by
their site.py name; each value must have the default's shape (a regular expression is a string
that compiles with the default's flags, a table stays a table, a pair stays a pair). A wrong key,
a wrong type or a pattern that does not compile raises `ProfileError` naming the key, and the
crawl stops before its first request. `python -m mayadeen.calibrate` writes such files.

The profile is applied to the `site` module itself, process-wide: one crawl per process, as
Scrapy and Scrapyd run them; code reads `site.NAME` when it runs, never a copy made at import.
"""

from __future__ import annotations

import difflib
import logging
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mayadeen import site

logger = logging.getLogger(__name__)

# Entries that are not facts of the site's markup or URLs: the crawl's own settings own them.
NOT_PROFILE = frozenset({"BASE_URL"})


class ProfileError(ValueError):
    """A profile file that cannot be used; the message names the file and the entry."""


def _profile_entries() -> dict[str, Any]:
    return {
        name: value
        for name, value in vars(site).items()
        if name.isupper() and not name.startswith("_") and name not in NOT_PROFILE
    }


# The defaults, as site.py defines them (kept to restore them and to report what a profile changed).
DEFAULTS: dict[str, Any] = _profile_entries()


def _same_shape(value: Any, template: Any, where: str) -> Any:
    """`value` (from TOML) converted to the type of `template` (a default), or ProfileError."""
    if isinstance(template, re.Pattern):
        if not isinstance(value, str):
            raise ProfileError(f"{where}: a regular expression (a string) is expected")
        try:
            return re.compile(value, template.flags)
        except re.error as error:
            raise ProfileError(f"{where}: the pattern does not compile: {error}") from error
    if isinstance(template, ZoneInfo):
        try:
            return ZoneInfo(str(value))
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ProfileError(f"{where}: unknown time zone {value!r}") from error
    if isinstance(template, Mapping):
        if not isinstance(value, Mapping):
            raise ProfileError(f"{where}: a table is expected")
        inner = next(iter(template.values()), None)
        return {key: _same_shape(item, inner, f"{where}.{key}") for key, item in value.items()}
    if isinstance(template, list | tuple):
        if not isinstance(value, list):
            raise ProfileError(f"{where}: an array is expected")
        kinds = {type(item) for item in template}
        if isinstance(template, tuple) and len(kinds) > 1:  # a fixed shape, e.g. (name, [subs])
            if len(value) != len(template):
                raise ProfileError(f"{where}: {len(template)} items are expected")
            pairs = enumerate(zip(value, template, strict=True))
            items = [_same_shape(v, t, f"{where}[{i}]") for i, (v, t) in pairs]
        else:
            inner = template[0] if template else None
            items = [_same_shape(v, inner, f"{where}[{i}]") for i, v in enumerate(value)]
            if isinstance(inner, tuple) and any(len(v) != len(inner) for v in items):
                raise ProfileError(f"{where}: every item must have {len(inner)} parts")
        return type(template)(items)
    if template is None:
        return value
    if isinstance(template, bool) or isinstance(value, bool):
        if type(value) is not type(template):
            raise ProfileError(f"{where}: {type(template).__name__} expected")
        return value
    if not isinstance(value, type(template)):
        raise ProfileError(f"{where}: {type(template).__name__} expected, got {value!r}")
    return value


def parse_profile(data: Mapping[str, Any], source: str = "profile") -> dict[str, Any]:
    """The entries of a parsed profile, converted and checked against site.py's defaults."""
    entries: dict[str, Any] = {}
    for key, value in data.items():
        if key not in DEFAULTS:
            close = difflib.get_close_matches(key, DEFAULTS, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise ProfileError(f"{source}: {key}: not an entry of the site profile{hint}")
        entries[key] = _same_shape(value, DEFAULTS[key], f"{source}: {key}")
    return entries


def load_profile(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read and check a profile file; ProfileError names the file and the bad entry."""
    source = str(path)
    try:
        data = tomllib.loads(Path(path).read_text("utf-8"))
    except OSError as error:
        raise ProfileError(f"{source}: cannot read the site profile: {error.strerror}") from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ProfileError(f"{source}: not a TOML file: {error}") from error
    return parse_profile(data, source)


def apply_profile(entries: Mapping[str, Any]) -> None:
    """Make `entries` the site profile of this process, over site.py's defaults."""
    for key, value in DEFAULTS.items():
        setattr(site, key, entries.get(key, value))


def reset_profile() -> None:
    """site.py's own values again."""
    apply_profile({})


def profile_path(setting: str | None) -> str | None:
    """The profile file: the environment variable, else the setting (as MAYADEEN_DATABASE_URL)."""
    return os.environ.get("MAYADEEN_SITE_PROFILE") or setting or None


def as_toml_value(value: Any) -> Any:
    """A profile value as TOML writes it (patterns as their source, pairs as arrays)."""
    if isinstance(value, re.Pattern):
        return value.pattern
    if isinstance(value, ZoneInfo):
        return value.key
    if isinstance(value, Mapping):
        return {key: as_toml_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [as_toml_value(item) for item in value]
    return value


class SiteProfileAddon:
    """Loads MAYADEEN_SITE_PROFILE when the crawler is set up: a bad file stops the crawl before
    anything is fetched; a good one is applied and the entries it changes are logged."""

    def update_settings(self, settings: Any) -> None:
        path = profile_path(settings.get("MAYADEEN_SITE_PROFILE"))
        if not path:
            reset_profile()
            return
        entries = load_profile(path)
        apply_profile(entries)
        logger.info("site profile %s: %s", path, ", ".join(sorted(entries)) or "no entries")
