"""Annotated dependency aliases, so route signatures read ``def f(store: StoreDep, settings: SettingsDep)``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from studybuddy.clock import Clock
from studybuddy.config import Settings
from studybuddy.context import AppContext
from studybuddy.files import FileStorage
from studybuddy.store import Store


def get_context(request: Request) -> AppContext:
    return request.app.state.context


ContextDep = Annotated[AppContext, Depends(get_context)]


def get_settings(context: ContextDep) -> Settings:
    return context.settings


def get_store(context: ContextDep) -> Store:
    return context.store


def get_files(context: ContextDep) -> FileStorage:
    return context.files


def get_clock(context: ContextDep) -> Clock:
    return context.clock


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
FilesDep = Annotated[FileStorage, Depends(get_files)]
ClockDep = Annotated[Clock, Depends(get_clock)]
