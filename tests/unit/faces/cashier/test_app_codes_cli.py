"""The device panel's demo barcodes and the `pos` command line."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pos.cli import _flags, build_parser
from pos.config import load_config
from pos.domain.barcode_types import DepositSlipCode, VariableMeasureCode
from pos.domain.barcodes import parse_barcode
from pos.faces.cashier.screens.device_panel import deposit_slip, weight_label


@given(st.text("0123456789", min_size=5, max_size=5), st.integers(min_value=1, max_value=99_999))
def test_weight_labels_read_back_as_that_weight_of_that_item(item_ref, grams):
    code = parse_barcode(weight_label(item_ref, grams), "ean13")
    assert isinstance(code, VariableMeasureCode)
    assert (code.item_ref, code.weight_g, code.measure) == (item_ref, grams, "weight")


@given(st.integers(min_value=0, max_value=99_999), st.integers(min_value=1, max_value=99_999))
def test_deposit_slips_read_back_with_their_serial_and_value(serial, value):
    code = parse_barcode(deposit_slip(serial, value), "ean13")
    assert isinstance(code, DepositSlipCode)
    assert (code.serial, code.value_ore) == (f"{serial:05d}", value)


def test_pos_flags_become_the_till_config():
    args = build_parser().parse_args([
        "--ports", "var/ports.json", "--backend", "http://127.0.0.1:8700", "--store", "1001",
        "--register", "3", "--lang", "en", "--mode", "demo",
        "--device", "scanner=/dev/ttyUSB0,baud=115200",
    ])
    config = load_config(_flags(args), env={})
    assert str(config.ports) == "var/ports.json" and config.backend == "http://127.0.0.1:8700"
    assert (config.store, config.register, config.lang, config.mode) == ("1001", "3", "en", "demo")
    assert config.devices == {"scanner": "/dev/ttyUSB0,baud=115200"}


def test_environment_fills_what_flags_leave_out():
    args = build_parser().parse_args(["--register", "7"])
    config = load_config(_flags(args), env={"POS_STORE": "2002", "POS_REGISTER": "1"})
    assert (config.store, config.register) == ("2002", "7")


def test_journal_subcommands_still_parse():
    args = build_parser().parse_args(["journal", "verify", "--journal", "x.sqlite3"])
    assert args.command == "journal"
