"""The journal's words: keys into texts.toml beside this file, in bokmål and English."""

from pos.domain.texts import catalogue

T = catalogue("journal", __package__)
