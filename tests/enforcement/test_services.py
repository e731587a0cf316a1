"""Enforcement services: validation, merge, the complaint lifecycle and the clocks it starts."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from deadlines.models import Deadline
from enforcement import services
from enforcement.models import ComplaintStatus, EnforcementSettings, Infringer, Listing
from tests.factories import CustomsNoticeFactory, InfringerFactory

D = dt.date
TODAY = time_machine.travel(dt.datetime(2025, 9, 1, 4, tzinfo=dt.UTC), tick=False)

# Real codes published by the companies (Huawei; Alibaba (China)), with their check characters.
HUAWEI = "914403001922038216"
ALIBABA = "91330100716105852F"


# --- infringers ----------------------------------------------------------------------------


@pytest.mark.parametrize("code", [HUAWEI, ALIBABA, " 9133 0100 7161 0585 2f "])
def test_a_valid_credit_code_is_stored_normalised(org, counsel, code):
    infringer = services.infringer_create(
        organisation=org, actor=counsel, kind="company", name_zh="某公司", credit_code=code
    )
    assert infringer.credit_code == code.replace(" ", "").upper()


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("914403001922038217", "The check character should be 6, not 7"),
        ("91440300192203821", "has 18 characters (this one has 17)"),
        ("9144030019220382I6", "Not allowed in a unified social credit code: I"),
    ],
)
def test_a_bad_credit_code_is_refused_with_a_field_error(org, counsel, code, message):
    with pytest.raises(ValidationError) as exc:
        services.infringer_create(
            organisation=org, actor=counsel, kind="company", name="X", credit_code=code
        )
    assert message in " ".join(exc.value.message_dict["credit_code"])
    assert not Infringer.objects.exists()


def test_an_infringer_needs_a_name_in_some_language(org, counsel):
    with pytest.raises(ValidationError) as exc:
        services.infringer_create(organisation=org, actor=counsel, kind="store")
    assert "name" in exc.value.message_dict


def test_viewers_cannot_write(org, viewer):
    with pytest.raises(PermissionDenied):
        services.infringer_create(organisation=org, actor=viewer, kind="store", name="X")


def test_merge_repoints_every_link_and_keeps_the_duplicate_with_history(org, counsel, right):
    keep = InfringerFactory(organisation=org, name="Copycat Ltd", name_zh="", credit_code="")
    dup = InfringerFactory(
        organisation=org, name="", name_zh="仿冒公司", credit_code=HUAWEI, addresses="深圳"
    )
    notice = CustomsNoticeFactory(recordal__right=right, organisation=org)
    dup.customs_notices.add(notice)
    letter = services.letter_create(
        organisation=org, actor=counsel, infringer=dup, rights=[right], findings="f", demands="d"
    )
    complaint = services.complaint_create(
        organisation=org, actor=counsel, platform="taobao", right=right, infringer=dup, reason="r"
    )

    merged = services.infringer_merge(keep=keep, duplicate=dup, actor=counsel)

    assert (merged.name, merged.name_zh, merged.credit_code) == ("Copycat Ltd", "仿冒公司", HUAWEI)
    letter.refresh_from_db()
    complaint.refresh_from_db()
    assert letter.infringer_id == complaint.infringer_id == keep.pk
    assert list(keep.customs_notices.all()) == [notice]
    dup.refresh_from_db()
    assert dup.merged_into_id == keep.pk and dup.credit_code == ""
    assert dup.history.count() == 2  # created, merged
    assert letter.history.latest().history_user == counsel


def test_merge_refuses_two_different_credit_codes(org, counsel):
    a = InfringerFactory(organisation=org, credit_code=HUAWEI)
    b = InfringerFactory(organisation=org, credit_code=ALIBABA)
    with pytest.raises(ValidationError):
        services.infringer_merge(keep=a, duplicate=b, actor=counsel)


# --- letters -------------------------------------------------------------------------------


def _letter(org, counsel, infringer, right, **fields):
    return services.letter_create(
        organisation=org,
        actor=counsel,
        infringer=infringer,
        rights=[right],
        findings="Sells copies of the fastening device.",
        demands="Stop selling and destroy the stock.",
        **fields,
    )


@TODAY
def test_a_sent_letter_gets_its_reply_and_follow_up_deadlines(org, counsel, infringer, right):
    # Sent Fri 2025-09-05: + 14 days = Fri 09-19; follow-up + 21 days = Fri 09-26.
    letter = _letter(org, counsel, infringer, right, sent_on=D(2025, 9, 5), method="courier")
    assert letter.reply_days == 14
    assert letter.reply_due == D(2025, 9, 19)
    due = dict(letter.deadlines.values_list("rule", "due_date"))
    assert due == {"letter_reply_due": D(2025, 9, 19), "letter_follow_up": D(2025, 9, 26)}


@TODAY
def test_the_reply_period_is_set_per_organisation(org, counsel, infringer, right):
    EnforcementSettings.objects.create(organisation=org, letter_reply_days=10)
    # Sent Mon 2025-09-22 + 10 days = Thu 10-02 (National Day) -> rolls to Thu 10-09.
    letter = _letter(org, counsel, infringer, right, sent_on=D(2025, 9, 22), method="email")
    assert (letter.reply_days, letter.reply_due) == (10, D(2025, 10, 9))


@TODAY
def test_an_outcome_closes_the_letter_deadlines(org, counsel, infringer, right):
    letter = _letter(org, counsel, infringer, right, sent_on=D(2025, 9, 5), method="post")
    services.letter_update(
        letter=letter, actor=counsel, outcome="complied", outcome_on=D(2025, 9, 10)
    )
    assert set(letter.deadlines.values_list("status", flat=True)) == {"done"}


def test_an_unsent_letter_has_no_deadline_and_a_method_needs_a_date(org, counsel, infringer, right):
    letter = _letter(org, counsel, infringer, right)
    assert letter.reply_due is None and not letter.deadlines.exists()
    with pytest.raises(ValidationError) as exc:
        services.letter_update(letter=letter, actor=counsel, method="email")
    assert "sent_on" in exc.value.message_dict


def test_a_letter_cannot_assert_another_organisations_right(org, counsel, infringer, other_org):
    from tests.factories import RightFactory

    foreign = RightFactory(organisation=other_org, granted=True)
    with pytest.raises(ValidationError):
        _letter(org, counsel, infringer, foreign)


# --- platform complaints -------------------------------------------------------------------


def _complaint(org, counsel, right, **fields):
    fields.setdefault("platform", "taobao")
    return services.complaint_create(
        organisation=org, actor=counsel, right=right, reason="Counterfeit listing", **fields
    )


def test_listings_are_normalised_and_their_platform_recognised(org, counsel, right):
    complaint = _complaint(
        org,
        counsel,
        right,
        platform="tmall",
        listings=["HTTPS://Detail.TMALL.com/item.htm?id=1#reviews", "https://example.com/shop/"],
    )
    assert list(complaint.listings.values_list("url", "platform")) == [
        ("https://detail.tmall.com/item.htm?id=1", "tmall"),
        ("https://example.com/shop", "other"),
    ]


def test_a_listing_is_counted_once_per_organisation(org, counsel, right):
    _complaint(org, counsel, right, listings=["https://item.taobao.com/item.htm?id=7"])
    with pytest.raises(ValidationError) as exc:
        _complaint(org, counsel, right, listings=["https://item.taobao.com/item.htm?id=7#x"])
    assert "already in a complaint" in exc.value.message_dict["listings"][0]
    assert Listing.objects.count() == 1


def test_a_listing_of_another_platform_is_refused(org, counsel, right):
    with pytest.raises(ValidationError) as exc:
        _complaint(
            org, counsel, right, platform="jd", listings=["https://mobile.yangkeduo.com/g?id=2"]
        )
    assert "Pinduoduo listing" in exc.value.message_dict["listings"][0]


@TODAY
def test_the_lifecycle_is_enforced(org, counsel, right):
    complaint = _complaint(org, counsel, right)
    with pytest.raises(ValidationError) as exc:
        services.complaint_transition(
            complaint=complaint, status="removed", on=D(2025, 9, 1), actor=counsel
        )
    assert "cannot become removed" in exc.value.message_dict["status"][0]
    with pytest.raises(ValidationError) as exc:
        services.complaint_transition(complaint=complaint, status="submitted", actor=counsel)
    assert "on" in exc.value.message_dict
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.DRAFT


@TODAY
def test_a_counter_notice_starts_the_critical_15_day_window(org, counsel, right):
    complaint = _complaint(
        org,
        counsel,
        right,
        status="submitted",
        submitted_on=D(2025, 9, 1),
        listings=["https://item.taobao.com/item.htm?id=1", "https://item.taobao.com/item.htm?id=2"],
    )
    services.complaint_transition(
        complaint=complaint, status="removed", on=D(2025, 9, 5), actor=counsel
    )
    # Received Wed 2025-09-17: day 15 = Thu 10-02 (National Day) -> due Thu 2025-10-09.
    complaint = services.complaint_counter_notice(
        complaint=complaint, received_on=D(2025, 9, 17), actor=counsel
    )
    assert complaint.status == "counter_notice_received"
    assert complaint.counter_notice_due == D(2025, 10, 9)
    deadline = Deadline.objects.get(rule="ecommerce_counter_notice")
    assert deadline.subject == complaint and deadline.status == "open"
    assert deadline.subject_key == f"complaint:{complaint.pk}"
    assert "E-Commerce Law art. 43(2)" in deadline.explanation
    assert deadline.next_alert_at is not None  # the alert scanner will see it

    services.complaint_transition(
        complaint=complaint,
        status="authority_complaint_or_suit_filed",
        on=D(2025, 9, 30),
        actor=counsel,
    )
    deadline.refresh_from_db()
    assert (deadline.status, deadline.completed_on) == ("done", D(2025, 9, 30))
    assert complaint.history.count() >= 4


@TODAY
def test_a_counter_notice_before_submission_is_refused(org, counsel, right):
    complaint = _complaint(org, counsel, right, status="submitted", submitted_on=D(2025, 9, 1))
    services.complaint_transition(
        complaint=complaint, status="removed", on=D(2025, 9, 5), actor=counsel
    )
    with pytest.raises(ValidationError) as exc:
        services.complaint_counter_notice(
            complaint=complaint, received_on=D(2025, 8, 1), actor=counsel
        )
    assert "counter_notice_received_on" in exc.value.message_dict
    assert not Deadline.objects.filter(rule="ecommerce_counter_notice").exists()
