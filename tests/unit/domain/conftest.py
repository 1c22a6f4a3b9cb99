"""Shared fixtures for the domain tests: the shipped catalog, an Oslo clock, a fresh sale."""

from __future__ import annotations

from datetime import datetime

import pytest

from pos.domain.catalog import Catalog, load_default_catalog
from pos.domain.sale import Sale

from .helpers import WEEKDAY_AFTERNOON


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_default_catalog()


@pytest.fixture
def now() -> datetime:
    return WEEKDAY_AFTERNOON


@pytest.fixture
def sale(catalog: Catalog) -> Sale:
    return Sale.open("sale-test-1", WEEKDAY_AFTERNOON, offers=catalog.offers, catalog=catalog)
