"""Instants as the API answers them: always with their offset, in UTC.

LadybugDB and Neo4j hand some timestamps back without a zone; an answer must never say
``2026-12-05T15:13:15`` for one request and ``…Z`` for another. Every date-time field of a model
is a :data:`UtcDatetime`: a naive value is read as UTC, an aware one is converted to it.

>>> from datetime import datetime, timedelta, timezone
>>> from pydantic import TypeAdapter
>>> instant = TypeAdapter(UtcDatetime)
>>> instant.validate_python(datetime(2026, 12, 5, 15, 13)).isoformat()
'2026-12-05T15:13:00+00:00'
>>> instant.validate_python(datetime(2026, 12, 5, 16, 13, tzinfo=timezone(timedelta(hours=1)))).isoformat()
'2026-12-05T15:13:00+00:00'
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator


def as_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a moment without a zone is taken to be in UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


UtcDatetime = Annotated[datetime, AfterValidator(as_utc)]
