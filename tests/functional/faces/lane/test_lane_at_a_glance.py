"""The lane as a shopper and an attendant meet it: focus, the PIN field, payment prompts."""

from __future__ import annotations

from lane_helpers import EAN13, click, on, ready, until

from pos.data import demo_products as demo


async def test_a_stray_enter_on_the_welcome_screen_calls_nobody(backend_server, rig, lane_app):
    app = lane_app(backend_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, ready(app))
        assert app.focused is None or app.focused.id != "help"
        await pilot.press("enter")
        await app.settle()
        assert not app.state.paused and on(app, "WelcomeScreen")()


async def test_the_attendant_types_the_pin_into_the_field(backend_server, rig, lane_app):
    app = lane_app(backend_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, ready(app))
        rig.scan(demo.MILK, aim=EAN13)
        await until(pilot, on(app, "MemberScreen"))
        await click(pilot, "#help")  # the shopper asks for help: the lane waits for staff
        await until(pilot, on(app, "WaitScreen"), what="the lane waiting for staff")
        pin = app.screen.query_one("#pin")
        await until(pilot, lambda: app.focused is pin, what="the PIN field ready to type in")
        await pilot.press(*"9999")
        assert pin.value == "9999"
        await pilot.press("enter")
        await until(pilot, on(app, "AttendantScreen"), what="attendant mode by PIN")


async def test_the_pay_screen_says_only_what_the_lane_takes(backend_server, rig, lane_app):
    app = lane_app(backend_server)  # the default lane has no cash unit
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, ready(app))
        rig.scan(demo.MILK, aim=EAN13)
        await until(pilot, on(app, "MemberScreen"))
        await click(pilot, "#skip")
        await until(pilot, on(app, "ScanScreen"))
        await click(pilot, "#pay")
        await until(pilot, on(app, "PayScreen"), what="the pay screen")
        await app.settle()
        words = " ".join(str(w.render()) for w in app.screen.query("Static")).lower()
        assert "kontant" not in words and not app.screen.query("#cash")
