"""Random till sessions for property tests: a list of actions played against a real journal.

Actions that do not fit the moment (a line with no open sale, a second copy …) are
refused by the journal; playing them anyway checks that a refusal writes nothing.
"""

from __future__ import annotations

from hypothesis import strategies as st

from pos.journal import EventType, Journal, JournalError, TransactionKind

amounts = st.integers(min_value=-10_000_000, max_value=10_000_000)
ACTIONS = st.one_of(
    st.tuples(st.just("login"), st.sampled_from(["1001", "1002", "sjef"])),
    st.tuples(st.just("logout")),
    st.tuples(st.just("start")),
    st.tuples(st.just("line"), amounts, st.text(max_size=12)),
    st.tuples(st.just("suspend")),
    st.tuples(st.just("resume")),
    st.tuples(st.just("complete"), amounts, amounts, st.sampled_from(["sale", "return"])),
    st.tuples(st.just("void"), amounts),
    st.tuples(st.just("training")),
    st.tuples(st.just("drawer")),
    st.tuples(st.just("receipt")),
    st.tuples(st.just("copy")),
    # a whole sale in one step, so that most sessions hold several cash transactions
    st.tuples(st.just("sale"), st.lists(amounts, min_size=1, max_size=4),
              st.sampled_from(["sale", "return", "void"])),
)
SESSIONS = st.lists(ACTIONS, max_size=25)


def play(journal: Journal, actions: list[tuple]) -> None:
    finished: list[str] = []
    for action in actions:
        name, *args = action
        current = journal.open_sale()
        sale_id = current.sale_id if current else "none"
        try:
            if name == "login":
                journal.login(args[0])
            elif name == "logout":
                journal.logout()
            elif name == "start":
                journal.start_sale()
            elif name == "line":
                journal.append(EventType.LINE_ADDED, {"price": args[0], "name": args[1]},
                               sale_id=sale_id)
            elif name == "suspend":
                journal.append(EventType.SALE_SUSPENDED, sale_id=sale_id)
            elif name == "resume":
                parked = journal.suspended_sales()
                journal.append(EventType.SALE_RESUMED,
                               sale_id=parked[0].sale_id if parked else "none")
            elif name == "complete":
                journal.complete_sale(sale_id, amount_in=args[0], amount_ex=args[1],
                                      kind=TransactionKind(args[2]))
                finished.append(sale_id)
            elif name == "void":
                journal.void_sale(sale_id, amount_in=args[0], amount_ex=args[0])
                finished.append(sale_id)
            elif name == "sale":
                finished.append(_whole_sale(journal, *args))
            elif name == "training":
                journal.set_training(not journal.training)
            elif name == "drawer":
                journal.append(EventType.DRAWER_OPENED)
            elif name in ("receipt", "copy"):
                kind = EventType.RECEIPT_PRINTED if name == "receipt" else (
                    EventType.RECEIPT_COPY_PRINTED)
                journal.append(kind, sale_id=finished[-1] if finished else "none")
        except JournalError:
            pass


def _whole_sale(journal: Journal, prices: list[int], kind: str) -> str:
    sale_id = journal.start_sale().sale_id
    for price in prices:
        journal.append(EventType.LINE_ADDED, {"price": price}, sale_id=sale_id)
    total = sum(prices)
    if kind == "void":
        journal.void_sale(sale_id, amount_in=total, amount_ex=total * 4 // 5)
    else:
        journal.complete_sale(sale_id, amount_in=total, amount_ex=total * 4 // 5,
                              kind=TransactionKind(kind))
    return sale_id
