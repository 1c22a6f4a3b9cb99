"""The headless driver's register commands (for testers): reports, copies, returns, cash.

    x-report | z-report | provisional | copy [SALE_ID] | returnable REF
    return REF [LINE:QTY ...] [cash] | training on|off SUPERVISOR PIN
    drawer | float ØRE | withdraw ØRE | count ØRE

Each runs the engine command of the same name; results come back as the engine's
events (`ReceiptReady`, `Notice`, `ReportReady`) on stdout, like every other command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _quantities(args: list[str]) -> dict[int, int] | None:
    pairs = [a.split(":", 1) for a in args if ":" in a]
    return {int(line): int(qty) for line, qty in pairs} or None


async def register_command(till: Any, name: str, args: list[str],
                           emit: Callable[[dict[str, Any]], None]) -> bool:
    """Run `name` if it is a register command; False when it is not one."""
    if name == "x-report":
        till.x_report()
    elif name == "z-report":
        till.z_report()
    elif name == "provisional":
        emit({"provisional": till.print_provisional()})
    elif name == "copy":
        till.print_copy(args[0] if args else None)
    elif name == "returnable":
        emit({"returnable": [
            {"line_id": item.line.line_id, "description": item.line.description,
             "quantity_left": item.quantity_left, "amount_left_ore": item.amount_left}
            for item in till.returnable(args[0]) or []]})
    elif name == "return":
        await till.start_return(args[0], _quantities(args[1:]), cash_refund="cash" in args[1:])
    elif name == "training":
        till.set_training(args[0] == "on", supervisor_id=args[1], pin=args[2])
    elif name == "drawer":
        till.open_drawer("headless")
    elif name in ("float", "withdraw", "count"):
        command = {"float": till.opening_float, "withdraw": till.withdraw_cash,
                   "count": till.count_cash}[name]
        command(int(args[0]))
    else:
        return False
    return True
