"""What a deadline is about, its matter, named one way in every email, digest, feed and page.

A deadline alone reads "Patent expires"; the reader needs to know which patent. `matter_of`
gives the matter's kind, number, title and owner and the link to its page, from the rows the
deadline already joins; querysets to be labelled load them with `with_matter` (no query per row).
"""

from dataclasses import dataclass

from django.utils.translation import gettext, pgettext

from core.site import absolute_url

# The deadline's links, joined in one query; a recordal's or notice's deadline also links its right.
MATTER_RELATED = ("right", "recordal", "customs_notice", "guarantee")


@dataclass(frozen=True)
class Matter:
    kind: str  # "Invention patent", "Customs recordal", ...
    number: str  # "CN 201910200001.X"; "" when there is none yet
    title: str
    owner: str
    path: str  # the matter's page on this site; "" when it has none
    right: str = ""  # for a recordal or notice: the right it protects, e.g. "Trademark CN 1234"
    right_path: str = ""  # and that right's page

    @property
    def label(self) -> str:
        """One line naming the matter, e.g. 'Invention patent CN 2019...X “Fastener”, ACME'."""
        name = " ".join(part for part in (self.kind, self.number) if part)
        if self.right:
            name = gettext("%(matter)s for %(right)s") % {"matter": name, "right": self.right}
        if not self.title:
            return name
        if not name:
            return self.title
        label = pgettext("matter label", "%(name)s “%(title)s”") % {
            "name": name,
            "title": self.title,
        }
        if self.owner:
            label = pgettext("matter label", "%(label)s, %(owner)s") % {
                "label": label,
                "owner": self.owner,
            }
        return label

    @property
    def url(self) -> str:
        """Absolute (SITE_URL): read in emails and calendar applications."""
        return absolute_url(self.path) if self.path else ""

    def __str__(self) -> str:
        return self.label


def with_matter(queryset):
    return queryset.select_related(*MATTER_RELATED)


def _right_name(right) -> str:
    number = right.registration_number or right.application_number
    return " ".join(p for p in (right.get_kind_display(), right.jurisdiction, number) if p)


def _right_number(right) -> str:
    number = right.registration_number or right.application_number
    return f"{right.jurisdiction} {number}" if number else right.jurisdiction


def _protecting(right, kind: str, number: str, path: str) -> Matter:
    """A recordal or notice: named by its own number, titled and owned by its right."""
    return Matter(
        kind=kind,
        number=number,
        title=right.title if right else "",
        owner=right.owner if right else "",
        path=path,
        right=_right_name(right) if right else "",
        right_path=right.get_absolute_url() if right else "",
    )


def matter_of(deadline) -> Matter:
    """The most specific record the deadline follows from: notice, recordal, guarantee, right."""
    right = deadline.right
    if deadline.customs_notice_id:
        notice = deadline.customs_notice
        number = notice.customs_reference or f"#{notice.pk}"
        return _protecting(right, gettext("Customs notice"), number, notice.get_absolute_url())
    if deadline.recordal_id:
        recordal = deadline.recordal
        number = recordal.recordal_number or gettext("(number pending)")
        return _protecting(right, gettext("Customs recordal"), number, recordal.get_absolute_url())
    if deadline.guarantee_id:
        guarantee = deadline.guarantee
        return Matter(
            kind=gettext("General guarantee"),
            number=str(guarantee.year),
            title=guarantee.bank,
            owner="",
            path=guarantee.get_absolute_url(),
        )
    if deadline.subject_type_id:
        # A higher layer's record (a platform complaint, a letter) names itself.
        subject = deadline.subject
        if subject is not None and hasattr(subject, "matter_fields"):
            return Matter(**subject.matter_fields())
    if right is not None:
        return Matter(
            kind=right.get_kind_display(),
            number=_right_number(right),
            title=right.title,
            owner=right.owner,
            path=right.get_absolute_url(),
        )
    return Matter(kind="", number="", title="", owner="", path="")
