"""The signed text, RSA-SHA1 signatures, and the register's key file."""

from __future__ import annotations

import base64
import os
import stat
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from hypothesis import given
from hypothesis import strategies as st

from pos.domain.clock import OSLO
from pos.journal import Journal, SigningKeyError, signing


def test_signed_text_has_the_documented_layout():
    moment = datetime(2020, 1, 1, 9, 0, 0, tzinfo=OSLO)
    expected = "0;2020-01-01;09:00:00;1000;86.40;75.12"
    assert signing.signed_text("0", moment, 1000, 8640, 7512) == expected
    assert signing.signed_text("abc=", moment, 1003, -1640, -1426) == (
        "abc=;2020-01-01;09:00:00;1003;-16.40;-14.26"
    )


def test_signed_text_uses_oslo_local_time_whatever_the_clock_zone():
    moment = datetime(2024, 6, 30, 22, 15, 5, tzinfo=UTC)
    assert signing.signed_text("0", moment, 7, 100, 80) == "0;2024-07-01;00:15:05;7;1.00;0.80"


@given(st.integers(-(10**12), 10**12), st.integers(-(10**12), 10**12), st.integers(1, 10**9))
def test_signed_text_amounts_read_back_as_the_same_ore(amount_in, amount_ex, nr):
    text = signing.signed_text("0", datetime(2024, 1, 1, tzinfo=OSLO), nr, amount_in, amount_ex)
    fields = text.split(";")
    assert len(fields) == 6 and fields[3] == str(nr)
    for field, ore in zip(fields[4:], (amount_in, amount_ex), strict=True):
        whole, decimals = field.lstrip("-").split(".")
        assert len(decimals) == 2
        assert int(whole) * 100 + int(decimals) == abs(ore)
        assert field.startswith("-") == (ore < 0)


def test_signature_is_rsa_sha1_pkcs1v15_with_a_1024_bit_key():
    key = signing.generate_key()
    assert key.key_size == 1024 and key.public_key().public_numbers().e == 65537
    signature = signing.sign(key, "0;2024-01-01;10:00:00;1;1.00;0.80")
    raw = base64.b64decode(signature)
    assert len(raw) == 128
    key.public_key().verify(raw, b"0;2024-01-01;10:00:00;1;1.00;0.80", padding.PKCS1v15(),
                            hashes.SHA1())
    assert signing.signature_verifies(key.public_key(), "0;2024-01-01;10:00:00;1;1.00;0.80",
                                      signature)
    assert not signing.signature_verifies(key.public_key(), "0;2024-01-01;10:00:00;1;1.00;0.81",
                                          signature)
    assert not signing.signature_verifies(key.public_key(), "x", "not base64!")


def test_the_key_file_lives_beside_the_journal_owner_only(journal, journal_path):
    key_file = journal_path.with_name("till.sqlite.signing-key-v1.pem")
    assert key_file.exists()
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert signing.fingerprint(signing.read_private_key(key_file)) == signing.fingerprint(
        journal.public_keys()["1"]
    )


def test_a_key_readable_by_others_is_refused(journal_path, clock):
    Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock).close()
    key_file = signing.key_path(journal_path, "1")
    key_file.chmod(0o644)
    with pytest.raises(SigningKeyError, match=r"readable by others.*chmod 600"):
        Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock)


def test_a_missing_key_is_not_silently_replaced(journal_path, clock):
    Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock).close()
    signing.key_path(journal_path, "1").unlink()
    with pytest.raises(SigningKeyError, match="missing"):
        Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock)
    assert not signing.key_path(journal_path, "1").exists()


def test_a_swapped_key_file_is_refused(journal_path, clock):
    Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock).close()
    key_file = signing.key_path(journal_path, "1")
    key_file.unlink()
    signing.write_private_key(key_file, signing.generate_key())
    with pytest.raises(SigningKeyError, match="not the key recorded"):
        Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock)


def test_a_key_file_left_by_a_crash_before_it_was_recorded_is_used(journal_path, clock):
    orphan = signing.generate_key()
    signing.write_private_key(signing.key_path(journal_path, "1"), orphan)
    with Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock) as j:
        assert signing.fingerprint(j.public_keys()["1"]) == signing.fingerprint(orphan)


def test_key_files_are_never_overwritten(tmp_path):
    path = tmp_path / "k.pem"
    signing.write_private_key(path, signing.generate_key())
    with pytest.raises(SigningKeyError, match="never overwritten"):
        signing.write_private_key(path, signing.generate_key())


def test_load_public_pem_refuses_garbage():
    with pytest.raises(SigningKeyError, match="not a PEM public key"):
        signing.load_public_pem("-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----\n")


def test_a_pem_with_a_corrupted_algorithm_identifier_is_a_key_error():
    pem = signing.public_pem(signing.generate_key())
    corrupted = pem.replace("MIGfMA0GCSqGSIb3", "MIGfMA0GC0qGSIb3")  # the OID, one character off
    with pytest.raises(SigningKeyError, match="not a PEM public key"):
        signing.load_public_pem(corrupted)
