"""What the cashier's device panel knows of the rest of the demo store.

The URLs of the faces in the browser, and "scan the handheld's code at the lane":
the handheld's tab keeps its current checkout code in a file (`tab.note_checkout_codes`)
and this hands it to the lane's rig scanner as a QR, exactly as a shopper holding
the handheld up to the lane's scanner would. Both read the store file the demo wrote
(`POS_STORE_FILE`); without it (a till started by hand) they say so.
"""

from __future__ import annotations

import os
from pathlib import Path

from pos.faces.web.store_file import STORE_FILE_ENV, StoreLayout
from pos.faces.web.texts import t

QR = "]Q1"


def demo_store() -> StoreLayout | None:
    path = os.environ.get(STORE_FILE_ENV)
    if not path or not Path(path).exists():
        return None
    return StoreLayout.read(path)


def code_to_lane_label(lang: str) -> str:
    return t("code_to_lane", lang)


def urls_line(lang: str, store: StoreLayout | None = None) -> str:
    """The faces' URLs in one line; empty outside the demo store (nothing to point at)."""
    store = store or demo_store()
    if store is None:
        return ""
    return t("panel_urls", lang, lane=store.urls.get("lane") or "–",
             handheld=store.urls.get("handheld") or "–")


def handheld_code(store: StoreLayout) -> str | None:
    code_file = store.faces["handheld"].code_file
    if not code_file or not Path(code_file).exists():
        return None
    return Path(code_file).read_text(encoding="utf-8").strip() or None


def scan_handheld_code_at_lane(lang: str, store: StoreLayout | None = None) -> str:
    """The handheld's checkout code on the lane's scanner; returns what to tell the tester."""
    from devices.rig.control import RigClient

    store = store or demo_store()
    if store is None:
        return t("panel_no_store", lang)
    code = handheld_code(store)
    if code is None:
        return t("code_none", lang)
    RigClient(store.faces["lane"].rig_socket).scan(code, aim=QR)
    return t("code_scanned", lang)
