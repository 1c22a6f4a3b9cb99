"""The app API and Coopay over real HTTP: login, sessions, family, payments, security."""

from __future__ import annotations

import uuid

from backend_http import app, authorise, client, coopay_token, latest_code, login_sms, terminal

from backend_stub.seeding.sample_purchases import purchase_body
from pos.formats.coopay_qr import encode_payload, parse_payload


def test_sms_login_me_and_member_card(private_backend):
    ola = private_backend.member("ola")
    token = login_sms(private_backend, "923 45 678")
    with app(private_backend, token) as http:
        me = http.get("/app/v1/me").json()
        card = http.get("/app/v1/member-card").json()
    assert me["member"]["member_ref"] == ola["member_ref"]
    assert me["login_method"] == "sms" and me["new_login_done"]
    assert me["balances"] == {"bonus_ore": 0, "dividend_ore": 0}
    assert card["card_number"] == ola["card_number"] and card["symbology"] == "code128"


def test_otp_brute_force_locks_the_phone(private_backend):
    phone = private_backend.member("ingrid")["phone"]
    with client(private_backend) as http:
        challenge = http.post(
            "/app/v1/login/sms", json={"phone": phone, "device_id": "brute"}
        ).json()["challenge_id"]
        code = latest_code(http, phone)
        wrong = f"{(int(code) + 1) % 1_000_000:06d}"
        answers = [
            http.post("/app/v1/login/sms/verify", json={"challenge_id": challenge, "code": wrong})
            for _ in range(5)
        ]
        right = http.post(
            "/app/v1/login/sms/verify", json={"challenge_id": challenge, "code": code}
        )
    assert [a.status_code for a in answers] == [401, 401, 401, 401, 429]
    assert [a.json().get("attempts_left") for a in answers[:4]] == [4, 3, 2, 1]
    assert right.status_code == 429 and right.json()["code"] == "otp_locked"
    assert right.headers["retry-after"] == str(15 * 60)
    assert "15 minutter" in right.json()["message_nb"]


def test_bankid_login(private_backend):
    from backend_stub.seeding.demo import PEOPLE

    national_id = next(p.national_id for p in PEOPLE if p.key == "lise")
    with client(private_backend) as http:
        order = http.post(
            "/app/v1/login/bankid", json={"national_id": national_id, "device_id": "lise-tablet"}
        ).json()["order_ref"]
        session = http.post("/app/v1/login/bankid/collect", json={"order_ref": order}).json()
    assert session["login_method"] == "bankid"
    with app(private_backend, session["session_token"]) as http:
        assert http.get("/app/v1/me").json()["member"]["initials"] == "LB"


def test_sessions_per_device_logout_and_logout_all(private_backend):
    phone = private_backend.member("lise")["phone"]
    phone_token = login_sms(private_backend, phone, device="lise-phone")
    tablet_token = login_sms(private_backend, phone, device="lise-tab")
    with app(private_backend, phone_token) as http:
        devices = {s["device_id"]: s["current"] for s in http.get("/app/v1/sessions").json()}
    assert devices["lise-phone"] is True and devices["lise-tab"] is False
    with app(private_backend, tablet_token) as http:
        assert http.post("/app/v1/logout").status_code == 204
        gone = http.get("/app/v1/me")
    assert gone.status_code == 401 and gone.json()["code"] == "session_logged_out"
    again = login_sms(private_backend, phone, device="lise-tab")
    with app(private_backend, again) as http:
        assert http.post("/app/v1/logout-all").json()["sessions_ended"] >= 2
    with app(private_backend, phone_token) as http:
        assert http.get("/app/v1/me").json()["code"] == "session_logged_out"


def test_family_over_http_and_members_cannot_read_each_other(private_backend):
    ola = login_sms(private_backend, private_backend.member("ola")["phone"])
    kari = login_sms(private_backend, private_backend.member("kari")["phone"])
    with app(private_backend, ola) as http:
        added = http.post(
            "/app/v1/family",
            json={
                "given_name": "Nora",
                "family_name": "Nordmann",
                "birth_date": "2001-04-04",
                "phone": "+47 412 22 333",
            },
        )
        listed = [m["given_name"] for m in http.get("/app/v1/family").json()]
    assert added.status_code == 201, added.text
    assert listed == ["Emma", "Jonas", "Nora"]
    nora_ref = added.json()["member_ref"]
    with app(private_backend, kari) as http:
        peek = http.get(f"/app/v1/family/{nora_ref}")
        change = http.patch(f"/app/v1/family/{nora_ref}", json={"coopay_allowed": False})
        own = http.get("/app/v1/family").json()
    assert peek.status_code == 404 and peek.json()["code"] == "family_member_unknown"
    assert change.status_code == 404
    assert own == []
    with app(private_backend, ola) as http:
        too_young = http.post(
            "/app/v1/family",
            json={
                "given_name": "Liten",
                "family_name": "Nordmann",
                "birth_date": "2020-01-01",
                "phone": "41222334",
            },
        )
    assert too_young.status_code == 422 and "16 år" in too_young.json()["message_nb"]


def test_coopay_end_to_end_credits_the_owner_for_a_family_purchase(private_backend):
    server = private_backend
    emma = login_sms(server, server.member("emma")["phone"])
    qr = coopay_token(server, emma)
    parse_payload(qr)  # what the till's scanner side will see
    key = str(uuid.uuid4())  # the authorisation names the purchase it pays (the till's sale)
    body = purchase_body(server.store, server.register,
                         purchase_id=str(uuid.uuid5(uuid.NAMESPACE_URL, key)))
    total = body["totals"]["total_ore"]
    approved = authorise(server, qr, total, key=key)
    assert approved.status_code == 201, approved.text
    reference = approved.json()["payment_reference"]
    assert approved.json()["member"]["role"] == "family"
    body["tenders"] = [{"kind": "coopay", "amount_ore": total, "reference": reference}]
    with terminal(server) as http:  # no card read: Coopay identifies the member
        recorded = http.post(
            "/terminal/v1/purchases", json=body, headers={"Idempotency-Key": body["purchase_id"]}
        )
    assert recorded.status_code == 201, recorded.text
    assert recorded.json()["member"]["reason"] == "coopay"
    earned = recorded.json()["earned"]
    ola = login_sms(server, server.member("ola")["phone"])
    with app(server, ola) as http:
        account = http.get("/app/v1/account").json()
    assert account["balances"]["dividend_ore"] >= earned["dividend_ore"] > 0
    assert account["entries"][0]["bought_by"]["initials"] == "EN"
    with app(server, emma) as http:  # Emma sees her own purchases, not the balance
        mine = http.get("/app/v1/account").json()
    assert mine["balances"] is None and mine["entries"]


def test_coopay_declines_replay_forgery_logout(private_backend):
    server = private_backend
    token = login_sms(server, server.member("kari")["phone"])
    qr = coopay_token(server, token)
    assert authorise(server, qr).status_code == 201
    replayed = authorise(server, qr)
    assert replayed.status_code == 402 and replayed.json()["decline_reason"] == "already_used"
    assert replayed.headers["content-type"] == "application/problem+json"
    forged = encode_payload(parse_payload(coopay_token(server, token)).token, b"\x00" * 16)
    assert authorise(server, forged).json()["decline_reason"] == "invalid"
    pending = coopay_token(server, token)
    with app(server, token) as http:
        http.post("/app/v1/logout")
    logged_out = authorise(server, pending)
    assert logged_out.json()["decline_reason"] == "session_logged_out"
    assert "Logg inn på nytt i appen" in logged_out.json()["message_nb"]
    with app(server, token) as http:
        assert http.post("/app/v1/coopay/tokens").status_code == 401


def test_coopay_refund_in_another_store_is_refused(private_backend):
    server = private_backend
    token = login_sms(server, server.member("kari")["phone"])
    reference = authorise(server, coopay_token(server, token), 5_000).json()["payment_reference"]
    other = server.new_terminal_key(1002)
    with terminal(server, other) as http:
        refused = http.post(
            "/terminal/v1/coopay/refunds",
            headers={"Idempotency-Key": "r-1"},
            json={"payment_reference": reference, "amount_ore": 100},
        )
    with terminal(server) as http:
        refunded = http.post(
            "/terminal/v1/coopay/refunds",
            headers={"Idempotency-Key": "r-2"},
            json={"payment_reference": reference, "amount_ore": 5_000},
        )
    assert refused.status_code == 403 and refused.json()["code"] == "store_mismatch"
    assert refunded.status_code == 201 and refunded.json()["refundable_ore"] == 0


def test_dev_api_is_off_without_dev_mode(backend_factory):
    server = backend_factory(extra_env={"POS_BACKEND_DEV": "0"})
    with client(server) as http:
        response = http.get("/dev/v1/clock")
        spec = http.get("/openapi.json").json()
    assert response.status_code == 404 and response.json()["code"] == "dev_disabled"
    assert not any(p.startswith("/dev/") for p in spec["paths"])


def test_member_services_block_a_card_and_the_till_sees_it(private_backend):
    number = private_backend.member("per")["card_number"]
    with client(private_backend) as http:
        blocked = http.post(
            "/dev/v1/cards/status",
            json={"card_number": number, "status": "blocked", "reason": "test"},
        )
    assert blocked.json() == {"masked_card": "************" + number[-4:], "status": "blocked"}
    with terminal(private_backend) as http:
        refused = http.post("/terminal/v1/members/lookup", json={"card_number": number})
    assert refused.status_code == 403 and refused.json()["code"] == "card_blocked"
    with client(private_backend) as http:
        http.post("/dev/v1/cards/status", json={"card_number": number, "status": "active"})
    with terminal(private_backend) as http:
        assert (
            http.post("/terminal/v1/members/lookup", json={"card_number": number}).status_code
            == 200
        )


def _coopay_purchase(server, reference: str, amount: int, purchase_id: str | None = None,
                     terminal_key: str | None = None, store: int | None = None,
                     register: int | None = None):
    lines = [{"line_no": 1, "gtin": "7038010000706", "name": "Melk", "quantity": 1,
              "unit_price_ore": amount, "amount_ore": amount, "vat_rate": 15,
              "product_group": "meieri", "dividend_eligible": True, "voided": False}]
    body = purchase_body(store or server.store, register or server.register, lines=lines,
                         purchase_id=purchase_id,
                         tenders=[{"kind": "coopay", "amount_ore": amount,
                                   "reference": reference}])
    with terminal(server, terminal_key) as http:
        return http.post("/terminal/v1/purchases", json=body,
                         headers={"Idempotency-Key": body["purchase_id"]})


def test_a_coopay_reference_credits_only_the_purchase_it_paid(private_backend):
    """Issue 14.1: one 20 kr payment cited by other purchases, by a 90 000 kr purchase or by
    another store's till earns nothing for them, and says why."""
    server = private_backend
    token = login_sms(server, server.member("kari")["phone"])

    def payment() -> tuple[str, str]:
        key = str(uuid.uuid4())
        approved = authorise(server, coopay_token(server, token), 2_000, key=key)
        return approved.json()["payment_reference"], str(uuid.uuid5(uuid.NAMESPACE_URL, key))

    reference, paid_for = payment()
    other_purchase = _coopay_purchase(server, reference, 2_000)  # a new purchase id
    too_much = _coopay_purchase(server, reference, 9_000_000, purchase_id=paid_for)
    reference, paid_for = payment()
    elsewhere = _coopay_purchase(server, reference, 2_000, purchase_id=paid_for,
                                 terminal_key=server.new_terminal_key(1002), store=1002,
                                 register=1)
    for response, reason in ((other_purchase, "coopay_reference_other_purchase"),
                             (too_much, "coopay_amount_exceeds_payment"),
                             (elsewhere, "coopay_reference_other_store")):
        assert response.status_code in (201, 200), response.text
        assert response.json()["member"]["reason"] == reason
        assert response.json()["earned"]["dividend_ore"] == 0
    assert _coopay_purchase(server, "CP-NOT-A-PAYMENT", 2_000).json()["member"]["reason"] == (
        "coopay_reference_unknown")


def test_booleans_are_booleans_and_phones_keep_their_code(backend_server):
    """`"granted": 0` is not a consent; a phone the schema's pattern refuses is still
    answered `phone_invalid` (what the phone shows), not a generic validation failure."""
    token = login_sms(backend_server, backend_server.member("ola")["phone"])
    with app(backend_server, token) as http:
        for granted in (0, 1, "true", None):
            refused = http.put("/app/v1/consents/email", json={"granted": granted})
            assert refused.status_code == 422, granted
            assert refused.json()["code"] == "validation_failed"
        assert http.put("/app/v1/consents/email", json={"granted": True}).status_code == 200
    with client(backend_server) as http:
        bad = http.post("/app/v1/login/sms", json={"phone": "12345678", "device_id": "d"})
        assert bad.status_code == 422 and bad.json()["code"] == "phone_invalid"
        unreadable = http.post("/app/v1/login/sms", content=b"{not json",
                               headers={"Content-Type": "application/json"})
        assert unreadable.status_code in (400, 422)
        assert unreadable.headers["content-type"].startswith("application/problem+json")
