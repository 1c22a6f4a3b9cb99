"""Commands a person gives the till: a refusal becomes a `Notice`, never an exception.

Device input and typed input are handled the same way: whatever the rules
refuse (a `DomainError` from the domain, the journal's rules or the engine's
guards) is told to the cashier in nb/en and the command returns None. Programming
errors still raise. The wrappers sit on the `Till`'s public commands only; the
collaborators behind them raise, so one refusal is told once.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, TypeVar

from pos.domain.texts import DomainError


class TillError(DomainError):
    """A command the till refuses in its current state (nobody logged in, payment busy…)."""

    code = "till_error"


class Refuser(Protocol):
    def refuse(self, error: DomainError) -> None: ...


class HasSession(Protocol):
    @property
    def session(self) -> Refuser: ...


F = TypeVar("F", bound=Callable[..., Any])


def command(method: F) -> F:
    """A refused command becomes a `Notice` (reason in nb/en) and returns None."""

    @functools.wraps(method)
    def wrapper(self: HasSession, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except DomainError as error:
            self.session.refuse(error)
            return None

    return wrapper  # type: ignore[return-value]


A = TypeVar("A", bound=Callable[..., Awaitable[Any]])


def async_command(method: A) -> A:
    """`command` for an awaited command (one that may ask the backend)."""

    @functools.wraps(method)
    async def wrapper(self: HasSession, *args: Any, **kwargs: Any) -> Any:
        try:
            return await method(self, *args, **kwargs)
        except DomainError as error:
            self.session.refuse(error)
            return None

    return wrapper  # type: ignore[return-value]
