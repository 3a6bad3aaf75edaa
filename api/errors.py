"""Refusals of the booking rules as HTTP answers."""

from __future__ import annotations

from fastapi import HTTPException, status

from storage.appointments import BookingRefused


def conflict(refused: BookingRefused) -> HTTPException:
    """A 409 whose detail says why (full, not offered, already booked, cancelled …)."""
    return HTTPException(status.HTTP_409_CONFLICT, str(refused))
