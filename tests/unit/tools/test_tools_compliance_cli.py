"""`pos journal demo-day | x-report | z-report | export-saft` in-process (stand-in devices)."""

from __future__ import annotations

from pos.cli import main


def test_demo_day_then_reports_and_export_from_the_command_line(tmp_dir, capsys):
    journal = str(tmp_dir / "K3.sqlite")
    assert main(["journal", "demo-day", "--journal", journal, "--sales", "8", "--date",
                 "2024-05-02", "--devices", "stand-in"]) == 0
    assert "Z-rapport nr. 1" in capsys.readouterr().out
    assert main(["journal", "x-report", "--journal", journal, "--lang", "en"]) == 0
    assert "X REPORT" in capsys.readouterr().out
    assert main(["journal", "z-report", "--journal", journal]) == 0  # today: number 2
    assert "Nr. 2" in capsys.readouterr().out
    assert main(["journal", "z-report", "--journal", journal]) == 2
    assert "already run" in capsys.readouterr().err
    out = tmp_dir / "saft"
    assert main(["journal", "export-saft", "--journal", journal, "--from", "2024-05-01",
                 "--to", "2024-05-31", "--out", str(out)]) == 0
    names = sorted(p.suffix for p in out.iterdir())
    assert names == [".pem", ".xml"]
    assert main(["journal", "verify", "--journal", journal]) == 0
