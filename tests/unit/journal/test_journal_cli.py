"""`pos journal verify` and `pos journal export-key`, called in-process."""

from __future__ import annotations

import pytest
from journal_helpers import tamper

from pos.cli import main
from pos.journal import EventType, Journal
from pos.journal.signing import generate_key, load_public_pem, public_pem


@pytest.fixture
def sold(journal_path, clock):
    with Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock) as j:
        j.login("1001")
        for price in (2490, 1990):
            sale_id = j.start_sale().sale_id
            j.append(EventType.LINE_ADDED, {"price": price}, sale_id=sale_id)
            j.complete_sale(sale_id, amount_in=price, amount_ex=price * 4 // 5)
        return public_pem(j.public_keys()["1"])


def test_verify_an_intact_journal_exits_0_with_a_summary(journal_path, sold, capsys):
    assert main(["journal", "verify", "--journal", str(journal_path)]) == 0
    out = capsys.readouterr().out
    assert "journalen er i orden" in out and "2 kassetransaksjoner" in out


def test_verify_names_the_first_broken_link_and_exits_1(journal_path, sold, capsys):
    tamper(journal_path, "UPDATE journal SET amount_in = 100 WHERE trans_nr = 2")
    assert main(["journal", "verify", "--journal", str(journal_path), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "BROKEN at seq" in err and "cash transaction nr 2" in err
    assert "signature does not verify" in err


def test_export_key_writes_the_public_key_that_verify_accepts(journal_path, sold, tmp_path,
                                                              capsys):
    out_file = tmp_path / "K1.pem"
    assert main(["journal", "export-key", "--journal", str(journal_path),
                 "--out", str(out_file), "--lang", "en"]) == 0
    assert out_file.read_text() == sold
    assert "public key v1 of register K1" in capsys.readouterr().out
    assert main(["journal", "verify", "--journal", str(journal_path),
                 "--public-key", str(out_file)]) == 0


def test_verify_with_a_foreign_key_fails(journal_path, sold, tmp_path, capsys):
    stranger = tmp_path / "stranger.pem"
    stranger.write_text(public_pem(generate_key()))
    assert main(["journal", "verify", "--journal", str(journal_path),
                 "--public-key", str(stranger)]) == 1
    assert "ikke en offentlig nøkkel du oppga" in capsys.readouterr().err


def test_export_of_an_unknown_key_version_is_refused(journal_path, sold, tmp_path, capsys):
    assert main(["journal", "export-key", "--journal", str(journal_path),
                 "--out", str(tmp_path / "x.pem"), "--key-version", "7"]) == 2
    assert "ingen nøkkelversjon 7" in capsys.readouterr().err
    assert not (tmp_path / "x.pem").exists()


def test_a_missing_journal_exits_2_with_a_clear_message(tmp_path, capsys):
    assert main(["journal", "verify", "--journal", str(tmp_path / "none.sqlite")]) == 2
    assert "ingen journal i" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite").exists()  # verify never creates a journal


def test_a_bad_public_key_file_exits_2(journal_path, sold, tmp_path, capsys):
    bad = tmp_path / "bad.pem"
    bad.write_text("not a key")
    assert main(["journal", "verify", "--journal", str(journal_path), "--public-key",
                 str(bad), "--lang", "en"]) == 2
    assert "not a PEM public key" in capsys.readouterr().err


def test_verify_does_not_change_the_file(journal_path, sold):
    before = journal_path.read_bytes()
    main(["journal", "verify", "--journal", str(journal_path)])
    assert journal_path.read_bytes() == before
    assert load_public_pem(sold)

