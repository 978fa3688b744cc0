"""One frozen configuration with documented defaults, readable from TOML."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path, PurePath
from typing import Any, Final, get_type_hints

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class ConfigError(ValueError):
    """A configuration key is unknown or has the wrong type; the message names it."""


@dataclass(frozen=True)
class Config:
    """Every knob of the default pipeline. Defaults suit scraped news and blog pages.

    >>> Config().fix_encoding, Config.from_mapping({"max_passes": 2}).max_passes
    (True, 2)
    """

    fix_encoding: bool = True
    """Repair mojibake and entities with ftfy. Off only for text known to be clean."""
    normalize_whitespace: bool = True
    """Collapse Unicode spaces; nearly free and every later rule relies on it."""
    drop_chrome: bool = True
    """Drop lexicon chrome phrases (menus, pickers, share buttons, forms)."""
    chrome_languages: tuple[str, ...] = ()
    """Lexicon languages to load; empty means all shipped ones, since pages mix them."""
    drop_structure: bool = True
    """Drop bare numbers, ``Label (6)`` counters and lone short lines at head and tail."""
    drop_comments: bool = True
    """Drop a reader-comment thread ("Alex on May 3 said: ...") below the article."""
    extract_title: bool = True
    """Find the headline, keep it once as the title."""
    extract_byline: bool = True
    """Move author and source lines to the byline."""
    content_filter: bool = True
    """Drop lines the main-content model scores as page furniture (menus, teasers, footers)."""
    content_model: str = ""
    """Path of a model written by ``benchmarks/train_content.py``; empty means the shipped one."""
    content_threshold: float = 0.0
    """One fixed bar for the content model (a line's score from 0 to 1) instead of its own
    per-page bar; 0 keeps the model's (0.6 times the 2.5th power of the precision the page's
    scores promise, about 0.45-0.6 where the article stands out and far lower where even the
    text scores modestly). Held out, the same models score 0.902 F1 on the gold sets with a
    per-page bar (0.45 times the promised precision; 0.905 with today's) and 0.894 with a
    fixed 0.35. A low fixed bar keeps more: for corpora where losing text costs more than
    keeping some chrome (see the README's quality section). On each page the bar is at most
    the best line's score, so no page is emptied and a higher bar never keeps more."""
    content_share: float = 0.0
    """The scale of the content model's per-page bar, which is this share of the precision
    the page's scores promise, to the model's power (2.5 in the shipped model); 0 keeps the
    model's own share (0.6 in the shipped one). Lower keeps more of each page while the bar
    still follows the page: held out (fold models of 2026-12-07 with the gap rule; gold sets
    F1 / snippet set's must-keep phrases kept), 0.6: 0.902 / 92.4%; 0.45: 0.896 / 93.8%;
    0.35: 0.888 / 95.0%; 0.3: 0.886 / 95.4%; 0.25: 0.878 / 95.8% (on the shipped model's own
    folds, 0.35: 0.890 / 94.9%; 0.3: 0.888 / 95.5%). For corpora where losing a sentence
    costs more than keeping a line of chrome. Not together with ``content_threshold``, which
    replaces the per-page bar by a fixed one."""
    detect_language: bool = True
    """Set ``doc.lang`` with langdetect (a few milliseconds per page)."""
    language_sample_chars: int = 600
    """How much of the body langdetect reads; more costs time and rarely changes the answer."""
    max_passes: int = 16
    """Re-run the line steps on their own output until nothing changes, at most this often,
    so that cleaning cleaned text changes nothing (idempotence). Most pages settle in two
    passes; a few cascade (each pass removes context the next one judges by): with the
    model of 2026-12-07 one of 1324 devset pages was still changing after 12 passes and
    settled by 16. A pass that changes nothing ends the loop, so the cap costs nothing on
    the others."""

    def __post_init__(self) -> None:
        # Checked however it is built (``Config(...)`` in Python too, not only
        # from TOML), so a wrong value fails here naming its key, not deep in a
        # pipeline; a list for a tuple field becomes the tuple it stands for.
        hints = _hints()
        for f in fields(self):
            value = getattr(self, f.name)
            checked = _check(f.name, value, hints[f.name], "Config")
            if checked is not value:
                object.__setattr__(self, f.name, checked)
        if self.content_threshold and self.content_share:
            raise ConfigError("content_threshold (one fixed bar) and content_share (a share of each page's "
                              "bar) both set; set one of them")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str = "config") -> Config:
        """Build from a mapping (a TOML table); unknown keys and wrong types raise ``ConfigError``."""
        hints = get_type_hints(cls)
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in data.items():
            name = key.replace("-", "_")
            if name not in known:
                raise ConfigError(f"{source}: unknown key {key!r}; known keys: {', '.join(sorted(known))}")
            values[name] = _check(name, value, hints[name], source)
        try:
            return cls(**values)
        except ConfigError as exc:
            raise ConfigError(f"{source}: {exc}") from None

    @classmethod
    def from_toml(cls, path: str | Path, table: str | None = None) -> Config:
        """Read ``path``; with ``table="tool.cleantext"`` read that table of a pyproject.toml.

        Without ``table``, a file holding a ``[tool.cleantext]`` table (a
        pyproject under another name) is read for that table; any other file
        for its top-level keys.
        """
        path = Path(path)
        try:
            data: Any = tomllib.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read config: {exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        if table is None and isinstance(data.get("tool"), dict) and "cleantext" in data["tool"]:
            table = "tool.cleantext"
        if table:
            for part in table.split("."):
                data = data.get(part, {}) if isinstance(data, dict) else {}
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: [{table}] must be a table")
        return cls.from_mapping(data, source=str(path))

    def replace(self, **changes: Any) -> Config:
        """A copy with some settings changed, checked like a config file."""
        return self.with_overrides(changes)

    def with_overrides(self, changes: Mapping[str, Any], source: str = "config") -> Config:
        """A copy with ``changes`` on top, each checked like a config file's key; errors name ``source``.

        The keys not in ``changes`` keep this config's values, so a command
        line can override one setting of a config file without restating the rest.
        """
        checked = self.from_mapping(changes, source)
        names = [k.replace("-", "_") for k in changes]
        try:
            return dataclasses.replace(self, **{n: getattr(checked, n) for n in names})
        except ConfigError as exc:  # a conflict between a change and a setting it kept
            raise ConfigError(f"{source}: {exc}") from None


@lru_cache(maxsize=1)
def _hints() -> dict[str, Any]:
    return get_type_hints(Config)


def apply_overrides(config: Config, pairs: Sequence[str]) -> Config:
    """``config`` with each ``KEY=VALUE`` of a command line (``--set``) on top.

    Each pair is checked on its own first, so an unknown key or a wrong value
    names the one flag at fault; then all apply at once, so their order does
    not matter (``content_threshold=0`` may come before or after the
    ``content_share`` that replaces a file's fixed bar).
    """
    changes: dict[str, Any] = {}
    for pair in pairs:
        key, value = parse_override(pair)
        Config.from_mapping({key: value}, source=f"--set {pair}")
        changes[key] = value
    return config.with_overrides(changes, source="--set " + " ".join(pairs)) if changes else config


def parse_override(pair: str) -> tuple[str, Any]:
    """``KEY=VALUE`` from a command line: the value read as TOML (``true``, ``0.3``,
    ``["en", "de"]``), or as a plain string when it is not TOML (a path needs no quotes).

    >>> parse_override("content_share=0.3"), parse_override("content_model=models/m.json")
    (('content_share', 0.3), ('content_model', 'models/m.json'))
    """
    key, sep, text = pair.partition("=")
    if not sep or not key.strip():
        raise ConfigError(f"--set {pair!r}: expected KEY=VALUE, e.g. --set content_share=0.3")
    try:
        value: Any = tomllib.loads(f"value = {text.strip()}")["value"]
    except tomllib.TOMLDecodeError:
        value = text.strip()
    return key.strip(), value


def _check(name: str, value: Any, hint: Any, source: str) -> Any:
    """Coerce ``value`` to the field's type or raise naming the key."""
    if hint is bool:
        if isinstance(value, bool):
            return value
    elif hint is int:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
    elif hint is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0.0 <= value <= 1.0:
            return float(value)
    elif hint is str:
        if isinstance(value, str):
            return value
        if isinstance(value, PurePath):  # Config(content_model=Path(...)) from Python
            return str(value)
    elif hint == tuple[str, ...]:
        if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            return tuple(value)
    expected = _EXPECTED.get(hint, getattr(hint, "__name__", str(hint)))
    raise ConfigError(f"{source}: key {name!r} must be {expected}, got {value!r}")


#: What each field type accepts, in words: a bare "float" would hide the 0-1 range.
_EXPECTED: Final[dict[Any, str]] = {
    bool: "true or false",
    int: "a whole number of at least 0",
    float: "a number from 0 to 1",
    str: "a string",
    tuple[str, ...]: "a list of strings",
}


def find_pyproject(start: str | Path = ".") -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start``."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None
