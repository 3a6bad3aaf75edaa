"""Monthly indicators, as JSON or CSV, for coordinators."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, status
from fastapi.responses import Response

from api.deps import UNAUTHORIZED, Coordinator, RuntimeDep, SessionDep
from storage.centers import get_center
from storage.reports import monthly_report, report_csv, report_filename

router = APIRouter(prefix="/api/v1/reports", tags=["reports"], responses=UNAUTHORIZED)


@router.get(
    "/monthly",
    summary="Monthly report",
    responses={
        200: {"description": "The report", "content": {"application/json": {}, "text/csv": {}}},
        400: {"description": "month is not YYYY-MM"},
        403: {"description": "Needs the coordinator role"},
    },
)
async def monthly(
    runtime: RuntimeDep,
    session: SessionDep,
    staff: Coordinator,
    month: Annotated[str, Query(pattern=r"^\d{4}-\d{2}$", description="YYYY-MM, in the center's time zone")],
    format: Literal["json", "csv"] = "json",
) -> Any:
    """Citizens served, requests, referrals, appointments, mobile-unit visits and response times of a month."""
    center = await get_center(session, center_id=staff.center_id)
    try:
        report = await monthly_report(
            session, center_id=center.id, month=month, timezone=center.timezone, staff=staff,
            now=runtime.clock.now(),
        )  # fmt: skip
    except ValueError:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "month must be YYYY-MM") from None
    if format == "json":
        return {"center": center.slug, **vars(report)}
    filename = report_filename(center.slug, month)
    return Response(
        report_csv(report),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
