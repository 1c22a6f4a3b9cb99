"""Card payments through the emulated terminal: prompts, every outcome, a terminal that hangs."""

import pytest
from dev_rig_helpers import start_hub

from devices.errors import DeviceNotConnected, PaymentBusy
from devices.events import PaymentPrompt, PaymentResult


def result(events, timeout=10.0):
    return events.wait_for(lambda e: isinstance(e, PaymentResult), timeout, "a payment result")


def prompts(events, request_id):
    return [e.text_code for e in events.of_type(PaymentPrompt) if e.request_id == request_id]


def test_approved_purchase_shows_prompts_then_gives_transaction_and_masked_card(rig, hub, events):
    hub.payment.purchase(12950, "sale-1")
    events.wait_for(lambda e: isinstance(e, PaymentPrompt) and e.text_code == "INSERT_CARD")
    rig.pay("approve")
    res = result(events)
    assert (res.outcome, res.amount_ore, res.request_id, res.kind) == (
        "approved",
        12950,
        "sale-1",
        "purchase",
    )
    assert res.transaction_id.startswith("T")
    assert res.masked_pan.startswith("************") and res.masked_pan[-4:].isdigit()
    assert prompts(events, "sale-1") == ["INSERT_CARD", "ENTER_PIN", "PROCESSING"]
    assert [p.text for p in events.of_type(PaymentPrompt)][:2] == ["Sett inn kort", "Tast PIN"]
    assert not hub.payment.busy


@pytest.mark.parametrize(
    ("instruction", "outcome", "code"),
    [
        ("decline", "declined", "DECLINED"),
        ("cancel", "cancelled", "CANCELLED_BY_CUSTOMER"),
        ("timeout", "timeout", "CARD_TIMEOUT"),
    ],
)
def test_queued_outcomes_apply_to_the_next_request(rig, hub, events, instruction, outcome, code):
    rig.pay(instruction)  # queued before the till asks
    hub.payment.refund(5000, "ret-1")
    res = result(events)
    assert (res.outcome, res.reason_code, res.kind, res.transaction_id) == (
        outcome,
        code,
        "refund",
        None,
    )


def test_the_till_cancels_a_payment(rig, hub, events):
    hub.payment.purchase(4990, "sale-2")
    events.wait_for(lambda e: isinstance(e, PaymentPrompt))
    assert hub.payment.cancel() is True
    res = result(events)
    assert (res.outcome, res.reason_code) == ("cancelled", "CANCELLED_BY_TILL")
    assert rig.status()["devices"]["terminal"]["pending"] is None


def test_only_one_payment_at_a_time(rig, hub, events):
    hub.payment.purchase(100, "a")
    with pytest.raises(PaymentBusy):
        hub.payment.purchase(200, "b")
    rig.pay("approve")
    assert result(events).request_id == "a"
    hub.payment.purchase(200, "b")
    rig.pay("approve")
    assert result(events).request_id == "b"


def test_a_terminal_that_never_answers_ends_in_the_tills_timeout(rig, rig_dir, events):
    hub = start_hub(rig, events, options={"terminal": {"response_timeout": 0.5}})
    try:
        hub.payment.purchase(100, "hung")
        rig.pay("silent")
        res = result(events)
        assert (res.outcome, res.reason_code, res.request_id) == ("timeout", "NO_ANSWER", "hung")
        assert not hub.payment.busy
    finally:
        hub.stop()


def test_the_terminals_own_timeout_when_no_card_comes(rig_dir, events, no_leaked_threads):
    from devices.rig import Rig

    with Rig(rig_dir, devices=["terminal"], baud=115200, terminal_timeout=0.3) as rig:
        hub = start_hub(rig, events)
        try:
            hub.payment.purchase(100, "walked-off")
            res = result(events)
            assert (res.outcome, res.reason_code) == ("timeout", "CARD_TIMEOUT")
        finally:
            hub.stop()


def test_auto_pay_answers_by_itself(rig_dir, events, no_leaked_threads):
    from devices.rig import Rig

    with Rig(
        rig_dir, devices=["terminal"], baud=115200, auto_pay="approve", terminal_step_delay=0.01
    ) as rig:
        hub = start_hub(rig, events)
        try:
            for n in range(3):
                hub.payment.purchase(100 + n, f"auto-{n}")
                assert result(events).outcome == "approved"
        finally:
            hub.stop()


def test_terminal_unplugged_mid_payment_still_delivers_after_replug(rig, hub, events):
    hub.payment.purchase(7700, "sale-3")
    events.wait_for(lambda e: isinstance(e, PaymentPrompt))
    rig.unplug("terminal")
    events.state("terminal", "disconnected")
    with pytest.raises(PaymentBusy):
        hub.payment.purchase(1, "other")
    rig.replug("terminal")
    events.state("terminal", "connected")
    rig.pay("approve")
    res = result(events)
    assert (res.outcome, res.request_id) == ("approved", "sale-3")


def test_no_payment_can_start_while_the_terminal_is_unplugged(rig, hub, events):
    rig.unplug("terminal")
    events.state("terminal", "disconnected")
    with pytest.raises(DeviceNotConnected):
        hub.payment.purchase(100, "x")
    assert not hub.payment.busy


def test_a_status_query_answers_the_result_again_or_unknown(rig, hub, events):
    """CPT/1 `STA` (issue 14.8): the result of an earlier request is given again (also one
    sent while nobody listened); a request the terminal never got is UNKNOWN."""
    hub.payment.purchase(2500, "first")
    rig.pay("approve")
    approved = result(events)
    assert approved.outcome == "approved"
    hub.payment.status(2500, request_id="first")
    again = result(events)
    assert (again.outcome, again.transaction_id, again.request_id) == (
        "approved", approved.transaction_id, "first")
    hub.payment.status(990, request_id="never-sent")
    unknown = result(events)
    assert (unknown.outcome, unknown.reason_code, unknown.amount_ore) == (
        "unknown", "NO_SUCH_REQUEST", 990)
    assert rig.status()["devices"]["terminal"]["requests"] == 1  # no second charge
