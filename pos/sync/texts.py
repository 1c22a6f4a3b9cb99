"""The sync client's words: keys into texts.toml beside this file."""

from pos.domain.texts import catalogue

T = catalogue("sync", __package__)
