"""The scales over real ptys: the rig's Dialog 06 scale, the hub's driver, faults on the line."""

import pytest
from dev_rig_helpers import FAST, start_hub

from devices import cli
from devices.events import DecodeError
from devices.rig import Rig
from devices.rig.scenario import parse_scenario, play
from devices.scale import ScaleReading

SLOW_OK = {"stable_timeout": 60, "response_timeout": 10, "poll_interval": 0.05}


@pytest.fixture
def scales(rig_dir, no_leaked_threads):
    with Rig(rig_dir, devices=["scale", "bagging"], baud=FAST, seed=3) as running:
        yield running


@pytest.fixture
def hub(scales, events):
    running = start_hub(scales, events, options={"scale": SLOW_OK,
                                                 "bagging": {"poll_interval": 0.05}})
    yield running
    running.stop()


def final(events, request_id):
    return events.wait_for(lambda e: isinstance(e, ScaleReading) and e.final
                           and e.request_id == request_id, what=f"the end of {request_id}")


def test_a_stable_weight_comes_with_the_price_the_scale_computed(scales, hub, events):
    scales.scale_set(742)
    hub.scale().weigh(3490, request_id="bananas")
    reading = final(events, "bananas")
    assert (reading.status, reading.weight_g, reading.price_ore) == ("stable", 742, 2590)
    hub.scale().weigh(3490, request_id="again")  # the same load, untouched: not certified twice
    assert final(events, "again").status == "not_moved"


def test_the_till_waits_while_the_load_moves_and_gets_it_once_at_rest(scales, hub, events):
    scales.scale_set(1250, unstable=True)
    hub.scale().weigh(2990, tare_g=15, request_id="cheese")
    moving = events.wait_for(lambda e: isinstance(e, ScaleReading) and not e.final)
    assert moving.status == "unstable" and moving.request_id == "cheese"
    scales.scale_set(1250)
    reading = final(events, "cheese")
    assert (reading.status, reading.weight_g) == ("stable", 1235)  # the product's tare is off


@pytest.mark.parametrize("grams, flags, status", [
    (0, {}, "below_minimum"), (25, {}, "below_minimum"), (-30, {}, "under_zero"),
    (16_000, {}, "overload"), (900, {"overload": True}, "overload"),
])
def test_what_a_legal_scale_refuses_reaches_the_till_as_a_reason(scales, hub, events,
                                                                  grams, flags, status):
    scales.scale_set(grams, **flags)
    hub.scale().weigh(2990, request_id="refused")
    reading = final(events, "refused")
    assert reading.status == status and reading.weight_g is None


def test_a_deaf_scale_times_out_and_answers_again_once_it_hears(scales, events):
    hub = start_hub(scales, events, options={"scale": {"response_timeout": 0.3}})
    try:
        scales.scale_set(500)
        scales.scale_silent(True)
        hub.scale().weigh(2990, request_id="deaf")
        assert final(events, "deaf").status == "no_answer"
        scales.scale_silent(False)
        for attempt in range(20):  # a busy machine may miss 0.3 s once; it must come back
            hub.scale().weigh(2990, request_id=f"hears-{attempt}")
            reading = final(events, f"hears-{attempt}")
            if reading.status != "no_answer":
                break
        assert (reading.status, reading.weight_g) == ("stable", 500)
    finally:
        hub.stop()


def test_unplugged_mid_weighing_then_replugged_weighs_again(scales, hub, events):
    scales.scale_set(800)
    scales.scale_silent(True)  # the request hangs in the air when the cable goes
    hub.scale().weigh(2990, request_id="lost")
    scales.unplug("scale")
    events.state("scale", "disconnected")
    scales.replug("scale")
    scales.scale_silent(False)
    events.state("scale", "connected")
    reading = final(events, "lost")  # the driver started the dialogue again on reconnect
    assert (reading.status, reading.weight_g) == ("stable", 800)


def test_line_noise_is_reported_and_the_next_weighing_is_clean(scales, hub, events):
    scales.noise("scale", 64)
    events.wait_for(lambda e: isinstance(e, DecodeError) and e.device == "scale")
    scales.scale_set(650)
    hub.scale().weigh(1990, request_id="after-noise")
    reading = final(events, "after-noise")
    assert (reading.status, reading.weight_g) == ("stable", 650)


def test_the_bagging_scale_is_watched_and_tells_each_change(scales, hub, events):
    def bagging(grams):
        return events.wait_for(lambda e: isinstance(e, ScaleReading) and e.device == "bagging"
                               and e.weight_g == grams, what=f"bagging at {grams} g")

    assert bagging(0).request_id is None
    scales.scale_set(1234, device="bagging")
    assert bagging(1234).status == "stable"
    scales.unplug("bagging")
    events.state("bagging", "disconnected")
    scales.replug("bagging")
    scales.scale_set(1300, device="bagging")
    bagging(1300)


def test_pos_devices_scale_commands_drive_the_running_rig(rig_dir, no_leaked_threads, capsys):
    with Rig(rig_dir, devices=["+scale", "+bagging"], baud=FAST) as rig:
        sock = str(rig.socket_path)
        assert cli.main(["--socket", sock, "scale", "set", "0.742", "--unstable"]) == 0
        status = rig.status()["devices"]["scale"]
        assert (status["gross_g"], status["stable"]) == (742, False)
        assert cli.main(["--socket", sock, "bagging", "set", "1.234"]) == 0
        assert cli.main(["--socket", sock, "scale", "tare", "0.015"]) == 0
        assert rig.status()["devices"]["bagging"]["gross_g"] == 1234
        assert rig.status()["devices"]["scale"]["net_g"] == 727
        assert cli.main(["--socket", sock, "status"]) == 0
        assert "0.727 kg net moving" in capsys.readouterr().out
        assert cli.main(["--socket", sock, "scale", "set", "0.7425"]) == 1
        assert "three decimals" in capsys.readouterr().err


def test_a_scenario_puts_weights_on_either_scale(scales):
    scenario = parse_scenario('[[step]]\nweight = 0.5\n[[step]]\nweight = 2.25\n'
                              'device = "bagging"\nunstable = true\n')
    assert play(scenario, scales, log=lambda line: None) == 2
    devices = scales.status()["devices"]
    assert devices["scale"]["gross_g"] == 500
    assert (devices["bagging"]["gross_g"], devices["bagging"]["stable"]) == (2250, False)
