"""Plain facts the engine computes from; built from the ORM by deadlines.selectors."""

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ChangeFacts:
    id: int
    kind: str
    occurred_on: dt.date
    filed_on: dt.date | None = None


@dataclass(frozen=True)
class NoticeFacts:
    id: int
    track: str
    served_on: dt.date
    responded_on: dt.date | None = None
    detained_on: dt.date | None = None


@dataclass(frozen=True)
class RecordalFacts:
    id: int
    status: str
    applied_on: dt.date
    approved_on: dt.date | None = None
    office_valid_until: dt.date | None = None
    changes: tuple[ChangeFacts, ...] = ()
    notices: tuple[NoticeFacts, ...] = ()


@dataclass(frozen=True)
class RightFacts:
    id: int
    kind: str
    jurisdiction: str
    status: str
    filing_date: dt.date | None = None
    priority_date: dt.date | None = None
    publication_date: dt.date | None = None
    grant_date: dt.date | None = None
    registration_date: dt.date | None = None
    office_expiry_date: dt.date | None = None
    annuities_paid_through: int | None = None
    renewals: int = 0
    cn_counterpart_filed_on: dt.date | None = None
    recordals: tuple[RecordalFacts, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class GuaranteeFacts:
    id: int
    year: int
    approved_on: dt.date
    next_year_approved_on: dt.date | None = None


@dataclass(frozen=True)
class ComplaintFacts:
    """A platform complaint, as far as its clocks go (subject_key `complaint:<id>`)."""

    id: int
    counter_notice_received_on: dt.date | None = None
    action_filed_on: dt.date | None = None
    closed_on: dt.date | None = None  # measures lifted or relisted: the window no longer matters


@dataclass(frozen=True)
class LetterFacts:
    """A cease-and-desist letter (subject_key `letter:<id>`)."""

    id: int
    sent_on: dt.date | None
    reply_days: int
    follow_up_days: int
    answered_on: dt.date | None = None


@dataclass(frozen=True)
class MonitoringFacts:
    """A monitoring plan (subject_key `monitoring:<id>`): one due sweep per cycle."""

    id: int
    started_on: dt.date
    interval_days: int
    sweeps: int = 0
    last_swept_on: dt.date | None = None
    active: bool = True


@dataclass(frozen=True)
class DetentionApplicationFacts:
    """Customs action on application (subject_key `application:<id>`, Reg. arts. 12-15, 24(1))."""

    id: int
    detained_on: dt.date | None = None
    court_notice_on: dt.date | None = None
    closed_on: dt.date | None = None  # released or withdrawn: the clock no longer matters
