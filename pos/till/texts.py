"""The till's words: keys into texts.toml beside this file, in bokmål and English."""

from pos.domain.texts import catalogue

T = catalogue("till", __package__)
