"""The pieces the demo's browser faces share: the store file, the face lock, the code file."""

from __future__ import annotations

from pathlib import Path

from pos.faces.web import links
from pos.faces.web.store_file import STORE_FILE_ENV, FaceLayout, StoreLayout
from pos.faces.web.tab import take_face_lock, write_code
from pos.faces.web.texts import t


def a_store(tmp_path: Path) -> StoreLayout:
    face = FaceLayout(register="4", ports=str(tmp_path / "ports.json"),
                      data_dir=str(tmp_path / "lane"), terminal_key_file=str(tmp_path / "key"),
                      rig_socket=str(tmp_path / "nobody.sock"), only=("handheld",),
                      code_file=str(tmp_path / "code.txt"))
    return StoreLayout(backend="http://127.0.0.1:8700", store="1001", lang="nb",
                       demo_file=str(tmp_path / "demo.json"),
                       faces={"till": face, "lane": face, "handheld": face},
                       urls={"lane": "http://127.0.0.1:8701/", "handheld": "http://127.0.0.1:8702/",
                             "till": "terminal"})


def test_the_store_file_reads_back_what_was_written(tmp_path):
    store = a_store(tmp_path)
    store.write(tmp_path / "store.json")
    assert StoreLayout.read(tmp_path / "store.json") == store


def test_a_face_is_locked_while_one_process_holds_it(tmp_path):
    first = take_face_lock(tmp_path / "lane")
    assert first is not None
    assert take_face_lock(tmp_path / "lane") is None  # the second tab
    first.close()
    again = take_face_lock(tmp_path / "lane")
    assert again is not None
    again.close()


def test_the_code_file_follows_the_handheld(tmp_path):
    path = tmp_path / "code.txt"
    write_code(path, "SXP1.abc")
    assert path.read_text().strip() == "SXP1.abc"
    write_code(path, None)  # new trip or shopping on: no code to scan
    assert not path.exists()
    write_code(path, None)


def test_the_panel_points_at_the_store_only_inside_the_demo(tmp_path, monkeypatch):
    monkeypatch.delenv(STORE_FILE_ENV, raising=False)
    assert links.urls_line("nb") == ""
    assert links.scan_handheld_code_at_lane("nb") == t("panel_no_store", "nb")
    store = a_store(tmp_path)
    store.write(tmp_path / "store.json")
    monkeypatch.setenv(STORE_FILE_ENV, str(tmp_path / "store.json"))
    assert "http://127.0.0.1:8701/" in links.urls_line("nb")
    assert "http://127.0.0.1:8702/" in links.urls_line("en")
    # no code shown on the handheld yet: says so, and the lane's rig is not asked
    assert links.scan_handheld_code_at_lane("nb") == t("code_none", "nb")
