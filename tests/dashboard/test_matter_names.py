"""The workspace names a deadline's matter as every email and feed does (deadlines.matters)."""

from django.urls import reverse
from django.utils.html import escape

from deadlines.matters import matter_of
from deadlines.models import Deadline

from .conftest import build_portfolio


def test_docket_rows_name_the_matter_and_link_it_and_its_right(client, org, counsel, frozen):
    notice = build_portfolio(org, 1)["notices"][0]
    deadline = Deadline.objects.get(customs_notice=notice, rule="customs_notice_response")
    client.force_login(counsel)

    page = client.get(reverse("dashboard:docket"), {"q": notice.recordal.right.title}).content

    matter = matter_of(deadline)
    assert matter.kind == "Customs notice" and matter.number == notice.customs_reference
    html = page.decode()
    assert f'<a href="{notice.get_absolute_url()}">' in html
    assert f'<a href="{notice.recordal.right.get_absolute_url()}">' in html
    assert f'<a href="{notice.get_absolute_url()}">{escape(matter.label)}</a>' in html
