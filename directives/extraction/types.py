"""Frozen results of an extraction; the services map them to rows."""
import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Deadline:
    text: str
    date: datetime.date | None = None


@dataclass(frozen=True)
class Directive:
    id: str
    parent: str | None
    level: int
    number: str
    kind: str  # "directive" or "context"
    heading: str
    text: str
    deadlines: tuple[Deadline, ...] = ()
    lead_units: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    recurrence: str | None = None
    # Where the extractor is unsure (DOUBT_* tags below), for the reviewer; () when sure.
    doubts: tuple[str, ...] = ()


# Doubts a point may carry (short tags a reviewer acts on).
DOUBT_LONE = "单独序号"          # a lone enumerator, taken as a point by the text around it
DOUBT_KIND = "类别存疑"          # directive or context could go either way
DOUBT_NO_DATE = "时限无日期"     # a time limit that resolves to no date (汛前, 每日17时前, no meeting date)
DOUBT_UNKNOWN_UNIT = "单位未在名录"  # a unit name not in the unit directory (only where one is given)


@dataclass(frozen=True)
class Speech:
    title: str | None
    speaker: str | None
    meeting_date: datetime.date | None
    directives: tuple[Directive, ...] = ()
    text: str = field(default="", repr=False)


@dataclass(frozen=True)
class Document:
    speeches: tuple[Speech, ...] = ()
    source: str | None = None
