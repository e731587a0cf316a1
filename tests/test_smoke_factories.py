from deadlines.services import deadlines_recompute
from rights.models import Right

from .factories import CustomsNoticeFactory, RightFactory


def test_factory_right_has_valid_cn_number_and_recomputes(db):
    right = RightFactory(granted=True)
    right.full_clean()
    deadlines_recompute(right=right)
    right = Right.objects.get(pk=right.pk)
    assert right.expiry_date is not None
    assert right.deadlines.filter(rule="patent_expiry").exists()


def test_factory_notice_belongs_to_recordal_organisation(db):
    notice = CustomsNoticeFactory()
    assert notice.organisation == notice.recordal.right.organisation
