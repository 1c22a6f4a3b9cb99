"""The till side of the payment protocol: ACK/NAK, resends, timeouts, late results.

The driver talks to its link only through `write` and `emit`; a recording link
stands in for the port so every deadline can be driven with an explicit clock.
"""

import time

import pytest
from recording_link import RecordingLink

from devices import payment
from devices.config import DeviceSpec
from devices.drivers.payment_terminal import PaymentTerminal, PaymentTerminalDriver
from devices.errors import ConfigError, DeviceNotConnected, PaymentBusy
from devices.events import DecodeError, PaymentPrompt, PaymentResult
from devices.framing import Frame, Garbage

ACK, NAK = bytes([payment.ACK]), bytes([payment.NAK])


def make(**options):
    spec = DeviceSpec("terminal", "payment_terminal", "loop://", options=options)
    driver = PaymentTerminalDriver(spec)
    link = RecordingLink()
    return driver, link, PaymentTerminal(driver, link)


def terminal_says(driver, link, message, corrupt=False):
    driver.handle(Frame(payment.encode_message(message, corrupt=corrupt)), link)


def test_purchase_sends_the_frame_and_the_result_ends_it():
    driver, link, terminal = make()
    request_id = terminal.purchase(12950, "sale-1")
    assert request_id == "sale-1" and terminal.busy
    assert link.written == [payment.encode_message(payment.purchase("sale-1", 12950))]
    driver.handle(Frame(ACK), link)
    terminal_says(driver, link, payment.prompt("sale-1", "INSERT_CARD", "Sett inn kort"))
    terminal_says(
        driver,
        link,
        payment.result(
            "sale-1", "APPROVED", 12950, transaction_id="T1", masked_pan="************1111"
        ),
    )
    prompt, result = link.events
    assert isinstance(prompt, PaymentPrompt) and prompt.text == "Sett inn kort"
    assert isinstance(result, PaymentResult)
    assert (result.outcome, result.amount_ore, result.transaction_id, result.masked_pan) == (
        "approved",
        12950,
        "T1",
        "************1111",
    )
    assert link.written[-2:] == [ACK, ACK]
    assert not terminal.busy


def test_a_second_payment_while_one_runs_is_refused():
    _, _, terminal = make()
    terminal.purchase(100, "a")
    with pytest.raises(PaymentBusy):
        terminal.refund(100, "b")


def test_no_payment_while_the_terminal_is_unplugged():
    _, link, terminal = make()
    link.connected = False
    with pytest.raises(DeviceNotConnected):
        terminal.purchase(100, "a")
    assert not terminal.busy


def test_bad_amounts_are_refused_before_anything_is_sent():
    _, link, terminal = make()
    with pytest.raises(ValueError):
        terminal.purchase(99.5, "a")
    assert link.written == [] and not terminal.busy


def test_nak_makes_the_till_resend_and_gives_up_after_the_retries():
    driver, link, terminal = make(retries=2)
    terminal.purchase(100, "a")
    frame = link.written[0]
    driver.handle(Frame(NAK), link)
    driver.handle(Frame(NAK), link)
    assert link.written == [frame, frame, frame]
    driver.handle(Frame(NAK), link)
    (result,) = link.events
    assert (result.outcome, result.reason_code) == ("timeout", "LINK_ERROR")
    assert not terminal.busy


def test_a_frame_without_ack_is_resent_after_the_ack_timeout():
    driver, link, terminal = make(ack_timeout=0.5)
    terminal.purchase(100, "a")
    driver.tick(time.monotonic() + 0.1, link)
    assert len(link.written) == 1
    driver.tick(time.monotonic() + 0.6, link)
    assert len(link.written) == 2 and link.written[0] == link.written[1]


def test_a_corrupt_frame_from_the_terminal_is_naked_and_reported_never_a_result():
    driver, link, terminal = make()
    terminal.purchase(100, "a")
    terminal_says(driver, link, payment.result("a", "APPROVED", 100), corrupt=True)
    assert link.written[-1] == NAK
    assert [type(e) for e in link.events] == [DecodeError]
    assert terminal.busy


def test_a_terminal_that_never_answers_ends_in_timeout_and_is_told_to_cancel():
    driver, link, terminal = make(response_timeout=5)
    terminal.purchase(100, "a")
    driver.handle(Frame(ACK), link)
    driver.tick(time.monotonic() + 4, link)
    assert link.events == []
    driver.tick(time.monotonic() + 6, link)
    (result,) = link.events
    assert (result.outcome, result.reason_code, result.request_id) == ("timeout", "NO_ANSWER", "a")
    assert result.reason == "Terminalen svarte ikke"
    assert link.written[-1] == payment.encode_message(payment.cancel("a"))
    assert not terminal.busy


def test_prompts_keep_a_slow_customer_from_timing_out():
    driver, link, terminal = make(response_timeout=5)
    terminal.purchase(100, "a")
    start = time.monotonic()
    terminal_says(driver, link, payment.prompt("a", "ENTER_PIN", "Tast PIN"))
    driver.tick(start + 4.5, link)
    assert [type(e) for e in link.events] == [PaymentPrompt]


def test_cancel_sends_can_and_an_unconfirmed_cancel_ends_as_timeout():
    driver, link, terminal = make(cancel_timeout=2)
    assert terminal.cancel() is False
    terminal.purchase(100, "a")
    assert terminal.cancel() is True
    assert link.written[-1] == payment.encode_message(payment.cancel("a"))
    driver.tick(time.monotonic() + 3, link)
    (result,) = link.events
    assert (result.outcome, result.reason_code) == ("timeout", "CANCEL_UNCONFIRMED")


def test_confirmed_cancel_is_a_cancelled_result():
    driver, link, terminal = make()
    terminal.purchase(100, "a")
    terminal.cancel()
    terminal_says(driver, link, payment.result("a", "CANCELLED", 100, code="CANCELLED_BY_TILL"))
    (result,) = link.events
    assert result.outcome == "cancelled" and not terminal.busy


def test_a_late_result_is_still_delivered_so_the_till_can_refund_it():
    driver, link, terminal = make(response_timeout=1)
    terminal.refund(500, "r1")
    driver.tick(time.monotonic() + 2, link)
    terminal_says(driver, link, payment.result("r1", "APPROVED", 500, transaction_id="T9"))
    timeout, late = link.events
    assert timeout.outcome == "timeout"
    assert (late.outcome, late.request_id, late.kind) == ("approved", "r1", "refund")


def test_a_full_card_number_from_a_terminal_is_masked_anyway():
    driver, link, terminal = make()
    terminal.purchase(100, "a")
    terminal_says(driver, link, payment.result("a", "APPROVED", 100, masked_pan="4111111111111111"))
    assert link.events[0].masked_pan == "************1111"


def test_unacked_request_is_resent_after_a_reconnect():
    driver, link, terminal = make()
    terminal.purchase(100, "a")
    driver.on_connected(link)
    assert link.written[0] == link.written[1]


def test_garbage_on_the_line_is_reported():
    driver, link, _ = make()
    driver.handle(Garbage(b"\xff\xfe", "bytes outside a frame"), link)
    assert isinstance(link.events[0], DecodeError)


def test_unknown_options_are_config_errors():
    with pytest.raises(ConfigError, match="unknown option"):
        make(response_timeut=5)
    with pytest.raises(ConfigError, match="positive number of seconds"):
        make(response_timeout=0)
