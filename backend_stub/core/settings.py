"""The backend's settings: environment (`POS_BACKEND_…`) over an optional TOML file over defaults.

Why a file as well as the environment: a store's test rig wants one checked-in file
with its co-op's dividend rate and limits, while CI overrides single values with
environment variables. The file is named by `POS_BACKEND_CONFIG_FILE` (or the CLI's
`--config`); keys are the field names below without the prefix.

Facts the domain brief marks *configurable* are settings here with the brief's
default (family limits, dividend rate, Coopay limits, re-login reminders).
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

ENV_PREFIX = "POS_BACKEND_"
CONFIG_FILE_ENV = ENV_PREFIX + "CONFIG_FILE"
DEFAULT_DB_PATH = Path("var") / "backend.sqlite3"


class BackendSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid")

    # storage and serving
    db_url: str = Field(
        default=f"sqlite:///{DEFAULT_DB_PATH}",
        description="SQLAlchemy URL: sqlite:///path or postgresql+psycopg://user@host/db",
    )
    read_db_url: str = Field(
        default="",
        description="optional read replica (PostgreSQL streaming standby) for member lookups",
    )
    dev: bool = Field(default=False, description="enable /dev/v1 (outbox, clock) for testers")
    secret_key: str = Field(
        default="",
        description="HMAC key for OTP hashes and Coopay MACs; empty = generated once, kept in DB",
    )
    sqlite_busy_timeout_ms: int = 10_000
    db_pool_size: int = 20

    # two-step login
    otp_digits: int = 6
    otp_ttl_seconds: int = 300
    otp_max_failures: int = 5
    otp_lock_seconds: int = 900
    # app sessions end after this long unused, and after this long whatever happens
    app_session_idle_days: int = Field(default=90, ge=1)
    app_session_max_days: int = Field(default=365, ge=1)

    # family members (BRIEF §1: up to 9, aged 16+, same address)
    family_max_members: int = 9
    family_min_age: int = 16
    family_same_address: bool = True
    family_coopay_allowed: bool = True

    # Coopay
    coopay_token_ttl_seconds: int = 60
    coopay_max_amount_ore: int = 500_000
    coopay_daily_limit_ore: int = 1_000_000
    coopay_family_daily_limit_ore: int = 300_000

    # earnings
    dividend_rate_bp: int = Field(default=150, description="kjøpeutbytte in basis points (1.5 %)")

    # the staged re-login campaign
    relogin_reminder_days_before: list[int] = Field(default_factory=lambda: [7, 2])
    campaign_tick_seconds: float = Field(
        default=5.0, description="how often a running server advances the campaign; 0 = never"
    )
    timezone: str = "Europe/Oslo"

    # privacy (BRIEF §2; docs/privacy.md)
    privacy_retention_months: int = Field(
        default=27, ge=1, description="purchase history kept 2 years 3 months, then anonymised"
    )
    privacy_analysis_withdrawal_months: int = Field(
        default=6, ge=0, description="analysis data anonymised this long after consent withdrawal"
    )
    privacy_job_seconds: float = Field(
        default=3600.0, description="how often a running server runs the privacy job; 0 = never"
    )

    @field_validator("relogin_reminder_days_before")
    @classmethod
    def _reminders_descending(cls, value: list[int]) -> list[int]:
        if any(d <= 0 for d in value):
            raise ValueError("reminder days before the deadline must be positive")
        return sorted(set(value), reverse=True)

    @field_validator("dividend_rate_bp")
    @classmethod
    def _rate_range(cls, value: int) -> int:
        if not 0 <= value <= 10_000:
            raise ValueError("dividend rate is 0..10000 basis points")
        return value

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        config_file = settings_cls.model_config.get("toml_file") or os.environ.get(CONFIG_FILE_ENV)
        if config_file:
            path = Path(config_file)
            if not path.is_file():
                raise FileNotFoundError(f"settings file {path} does not exist")
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        return tuple(sources)


def load_settings(config_file: str | Path | None = None, **overrides) -> BackendSettings:
    """Settings from the environment and a TOML file (`config_file`, else the one named by
    POS_BACKEND_CONFIG_FILE); `overrides` win over both."""
    if config_file is None:
        return BackendSettings(**overrides)
    with_file = type(
        "BackendSettings",
        (BackendSettings,),
        {"model_config": {**BackendSettings.model_config, "toml_file": str(config_file)}},
    )
    return with_file(**overrides)
