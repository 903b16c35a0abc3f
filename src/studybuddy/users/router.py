"""/api/v1/users/me: the profile, and deleting the account with everything in it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from studybuddy.auth.deps import CurrentUser, HasherDep
from studybuddy.deps import ServicesDep
from studybuddy.errors import error_responses
from studybuddy.responses import MessageResponse

from .schemas import DeleteAccountRequest, UserRead, UserUpdate
from .service import UserService

router = APIRouter(prefix="/users", tags=["users"])


def get_user_service(services: ServicesDep, hasher: HasherDep) -> UserService:
    return UserService(store=services.store, files=services.files, hasher=hasher)


UserServiceDep = Annotated[UserService, Depends(get_user_service)]


@router.get("/me", response_model=UserRead, summary="Your profile", responses=error_responses(401))
async def read_me(user: CurrentUser) -> UserRead:
    return UserRead.model_validate(user.model_dump())


@router.patch("/me", response_model=UserRead, summary="Update your profile", responses=error_responses(401, 422))
async def update_me(body: UserUpdate, user: CurrentUser, users: UserServiceDep) -> UserRead:
    """Name, the email for notifications, and whether to be mailed on completion and on errors."""
    updated = await users.update_profile(user, body)
    return UserRead.model_validate(updated.model_dump())


@router.delete(
    "/me",
    response_model=MessageResponse,
    summary="Delete your account and all your data",
    responses=error_responses(401, 403, 422),
)
async def delete_me(body: DeleteAccountRequest, user: CurrentUser, users: UserServiceDep) -> MessageResponse:
    """Erases the account, every study session, result and uploaded file (right to erasure). Needs the password."""
    await users.delete_account(user, body.password)
    return MessageResponse(message="Your account and all your data have been deleted.")
