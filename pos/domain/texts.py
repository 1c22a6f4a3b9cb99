"""User-facing text: keys into nb/en catalogues, and the one error base that carries it.

Why keys: every string a cashier, a shopper or an inspector reads lives in a
catalogue beside the code that says it (`texts.toml` in each package, in bokmål
and English), so a translation is reviewed in one place and a missing word fails
a test instead of showing up on a till. The domain and the engine return a
`Text` — a key and its parameters — and the faces render it in the language of
the person in front of them (`text.get(lang)`).

    T = catalogue("till", __package__)          # pos/till/texts.toml, keys "till.…"
    raise TillError(T("quantity_range", max=999))
    notice.text.get("en")                       # "Quantity must be 1–999."

A parameter may itself be a `Text`, rendered in the same language (an amount,
a holiday's name). Words that come from outside (the member backend's problem
messages, what the payment terminal displays) are `Text.literal(nb, en)`.

Why one error base: every error the domain raises is a `DomainError` (a
`ValueError`) with `.code` (a stable machine key), `.text` and `.message(lang)`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from importlib import resources
from string import Formatter
from typing import Any, ClassVar

LANGUAGES = ("nb", "en")

_CATALOGUE: dict[str, dict[str, str]] = {}
"""Full key ("till.quantity_range") → {"nb": …, "en": …}, from every registered catalogue."""
_SOURCES: dict[str, str] = {}
"""Area → the package whose texts.toml holds it."""


class Text:
    """A message in the catalogue (a key and its parameters), or a literal pair from outside."""

    __slots__ = ("_literal", "key", "params")

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key = key
        self.params = params
        self._literal: tuple[str, str] | None = None

    @classmethod
    def literal(cls, nb: str, en: str) -> Text:
        """Words the till did not write (the backend's message, the terminal's display)."""
        text = cls("")
        text._literal = (nb, en)
        return text

    def get(self, lang: str = "nb") -> str:
        """The message in `lang` (anything but "en" is bokmål), parameters filled in."""
        if self._literal is not None:
            return self._literal[1] if lang == "en" else self._literal[0]
        entry = _CATALOGUE.get(self.key)
        if entry is None:
            raise KeyError(f"no text {self.key!r} in the catalogues ({sorted(_SOURCES)})")
        template = entry["en" if lang == "en" else "nb"]
        if not self.params:
            return template
        return template.format(**{name: _render(value, lang)
                                  for name, value in self.params.items()})

    @property
    def nb(self) -> str:
        return self.get("nb")

    @property
    def en(self) -> str:
        return self.get("en")

    def __add__(self, other: Text) -> Text:
        """Two messages one after the other (a refusal and the reason a device gave)."""
        return Text.literal(self.nb + other.nb, self.en + other.en)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Text):
            return NotImplemented
        return (self.key, self.params, self._literal) == (other.key, other.params,
                                                           other._literal)

    def __hash__(self) -> int:
        return hash((self.key, self._literal, tuple(sorted(self.params))))

    def __repr__(self) -> str:
        if self._literal is not None:
            return f"Text.literal({self._literal[0]!r}, {self._literal[1]!r})"
        params = "".join(f", {k}={v!r}" for k, v in self.params.items())
        return f"Text({self.key!r}{params})"


def _render(value: Any, lang: str) -> Any:
    """A parameter in `lang`: a nested `Text` (an amount, a name) is rendered too."""
    return value.get(lang) if isinstance(value, Text) else value


class Catalogue:
    """The keys of one area (e.g. "till"): `T("quantity_range", max=9)` makes its `Text`."""

    def __init__(self, area: str) -> None:
        self.area = area

    def __call__(self, key: str, /, **params: Any) -> Text:
        full = f"{self.area}.{key}"
        if full not in _CATALOGUE:
            raise KeyError(f"no text {full!r}: add it to the {self.area} catalogue "
                           f"({_SOURCES.get(self.area, '?')}/texts.toml)")
        return Text(full, **params)

    def keys(self) -> list[str]:
        prefix = self.area + "."
        return [key[len(prefix):] for key in _CATALOGUE if key.startswith(prefix)]


def catalogue(area: str, package: str, resource: str = "texts.toml") -> Catalogue:
    """Load `package`'s catalogue file once and return the area's key maker.

    Each entry is a TOML table with an `nb` and an `en` string; `{name}`
    placeholders must be the same in both (checked here, so a broken catalogue
    fails at import, not in front of a customer).
    """
    if area not in _SOURCES:
        raw = resources.files(package).joinpath(resource).read_text(encoding="utf-8")
        for key, entry in tomllib.loads(raw).items():
            check_entry(f"{area}.{key}", entry)
            _CATALOGUE[f"{area}.{key}"] = {"nb": entry["nb"], "en": entry["en"]}
        _SOURCES[area] = package
    return Catalogue(area)


def check_entry(key: str, entry: Any) -> None:
    """An entry has non-empty nb and en strings with the same placeholders."""
    if not isinstance(entry, Mapping) or set(entry) != set(LANGUAGES):
        raise ValueError(f"text {key!r} must have exactly nb and en, got {entry!r}")
    fields = []
    for lang in LANGUAGES:
        value = entry[lang]
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"text {key!r} has no {lang} words")
        fields.append({name for _, name, _, _ in Formatter().parse(value) if name})
    if fields[0] != fields[1]:
        raise ValueError(f"text {key!r}: nb and en differ in placeholders {fields}")


def registered() -> Mapping[str, Mapping[str, str]]:
    """Every loaded entry by full key (tests check them all)."""
    return _CATALOGUE


class DomainError(ValueError):
    """Base of every error the sale domain raises; `str(err)` is the English text."""

    code: ClassVar[str] = "domain_error"

    def __init__(self, text: Text):
        super().__init__(text.en)
        self.text = text

    def message(self, lang: str = "nb") -> str:
        return self.text.get(lang)


T = catalogue("domain", __package__ or "pos.domain")
"""The domain's own words (pos/domain/texts.toml)."""
