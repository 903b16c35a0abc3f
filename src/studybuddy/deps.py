"""Annotated dependency aliases, so route signatures read ``def f(store: StoreDep, files: FilesDep)``.

The running service's adapters are on ``app.state.context`` (context.ApiServices). Routers see them only through
the small protocol below, so importing a router does not import the wiring module and every adapter behind it.
"""

from __future__ import annotations

from typing import Annotated, Protocol

from fastapi import Depends, Request

from studybuddy.clock import Clock
from studybuddy.config import Settings
from studybuddy.files import FileStorage
from studybuddy.store import Store


class Services(Protocol):
    settings: Settings
    store: Store
    files: FileStorage
    clock: Clock


def get_services(request: Request) -> Services:
    services: Services = request.app.state.context
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_store(services: ServicesDep) -> Store:
    return services.store


def get_files(services: ServicesDep) -> FileStorage:
    return services.files


def get_clock(services: ServicesDep) -> Clock:
    return services.clock


StoreDep = Annotated[Store, Depends(get_store)]
FilesDep = Annotated[FileStorage, Depends(get_files)]
ClockDep = Annotated[Clock, Depends(get_clock)]
