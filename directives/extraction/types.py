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
