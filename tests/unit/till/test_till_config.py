"""The till's settings: flags over environment over file over defaults; bad values say which."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.config import ConfigError, from_env, load_config


def test_defaults_without_anything():
    config = load_config({}, env={})
    assert (config.store, config.register, config.lang, config.mode) == ("1001", "3", "nb",
                                                                          "normal")
    assert config.journal_path == Path("var/till/journal.sqlite3")


def test_flags_beat_env_beat_file(tmp_path):
    file = tmp_path / "till.toml"
    file.write_text('[till]\nstore = "2002"\nregister = "4"\nlang = "en"\n'
                    '[till.devices]\nscanner = "/dev/ttyUSB0"\n', encoding="utf-8")
    env = {"POS_REGISTER": "5", "POS_DEVICE_PRINTER": "socket://127.0.0.1:9100"}
    config = load_config({"register": "6", "backend": None}, config_file=str(file), env=env)
    assert config.store == "2002"  # file
    assert config.register == "6"  # flag over env over file
    assert config.lang == "en"
    assert dict(config.devices) == {"scanner": "/dev/ttyUSB0",
                                    "printer": "socket://127.0.0.1:9100"}


def test_config_file_named_by_env(tmp_path):
    file = tmp_path / "till.toml"
    file.write_text('store = "3003"\n', encoding="utf-8")
    assert load_config({}, env={"POS_CONFIG": str(file)}).store == "3003"


@pytest.mark.parametrize(("flags", "word"), [
    ({"lang": "de"}, "lang"), ({"mode": "turbo"}, "mode"), ({"store": "-1"}, "store"),
    ({"register": "K1"}, "register"), ({"backend": "ftp://x"}, "backend"),
    ({"colour": "red"}, "colour"),
])
def test_bad_values_name_the_setting(flags, word):
    with pytest.raises(ConfigError, match=word):
        load_config(flags, env={})


def test_unreadable_file_and_missing_key_file_are_clear(tmp_path):
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_config({}, config_file=str(tmp_path / "missing.toml"), env={})
    broken = tmp_path / "broken.toml"
    broken.write_text("store = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_config({}, config_file=str(broken), env={})
    config = load_config({"terminal_key_file": str(tmp_path / "nokey")}, env={})
    with pytest.raises(ConfigError, match="terminal key file"):
        config.key()


def test_terminal_key_from_file(tmp_path):
    (tmp_path / "key").write_text("ptk_abc\n", encoding="utf-8")
    assert load_config({"terminal_key_file": str(tmp_path / "key")}, env={}).key() == "ptk_abc"


@given(st.dictionaries(st.text(min_size=1, max_size=20), st.text(max_size=20), max_size=8))
def test_any_environment_reads_or_fails_with_config_error(env):
    """Arbitrary environments: only POS_ names count, and nothing but ConfigError escapes."""
    values = from_env(env)
    assert all(not k.startswith("POS_") for k in values)
    with contextlib.suppress(ConfigError):
        load_config({}, env=env)
