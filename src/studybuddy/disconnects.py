"""Dropping costly work whose client has gone.

uvicorn does not cancel a handler when its client hangs up, so under a sign-in storm the abandoned requests (a
phone app timing out at 30 s and retrying) kept queueing bcrypt checks nobody would read, and the service
collapsed. ``unless_client_leaves`` runs the work while it listens on the request's ASGI channel, and cancels
the work the moment the server reports the client disconnected.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

import anyio
from starlette.requests import Request

from studybuddy.errors import StudyBuddyError

T = TypeVar("T")


class ClientGoneError(StudyBuddyError):
    """The client hung up before the answer was ready; nobody reads this response (nginx's 499)."""

    status_code = 499


async def unless_client_leaves(request: Request, work: Awaitable[T]) -> T:
    """The result of ``work``, or ClientGoneError if the client disconnects first (``work`` is cancelled).

    Call it only after the request body has been read: from then on the channel carries nothing but the
    disconnect."""
    outcome: list[T] = []
    failure: list[BaseException] = []

    async with anyio.create_task_group() as group:

        async def watch() -> None:
            while (await request.receive())["type"] != "http.disconnect":
                pass
            group.cancel_scope.cancel()

        async def run() -> None:
            try:
                outcome.append(await work)
            except Exception as exc:  # re-raised below as itself, not wrapped in an ExceptionGroup
                failure.append(exc)
            group.cancel_scope.cancel()

        group.start_soon(watch)
        group.start_soon(run)
    if failure:
        raise failure[0]
    if not outcome:
        raise ClientGoneError("The client disconnected before the answer was ready.")
    return outcome[0]
