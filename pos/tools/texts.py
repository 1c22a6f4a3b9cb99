"""The tools' words: keys into texts.toml beside this file, in bokmål and English."""

from pos.domain.texts import catalogue

T = catalogue("tools", __package__)
