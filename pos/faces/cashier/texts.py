"""The cashier till's words: keys into texts.toml beside this file."""

from pos.domain.texts import catalogue

T = catalogue("cashier", __package__)
