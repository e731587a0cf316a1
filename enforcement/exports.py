"""The statistics page's tables as datasets (the page exports them as CSV or XLSX)."""

import tablib
from django.utils.translation import gettext as _

from .models import LetterOutcome
from .platforms import Platform

STATISTICS_TABLES = ("platforms", "rights")


def _rate(value) -> str:
    return f"{value * 100:.1f}%" if value is not None else ""


def _median(value) -> str:
    return f"{value:g}" if value is not None else ""


def _complaint_columns():
    return [
        (_("Complaints"), lambda f: f.complaints),
        (_("Removed"), lambda f: f.removed),
        (_("Takedown rate"), lambda f: _rate(f.takedown_rate)),
        (_("Counter-notices"), lambda f: f.counter_notices),
        (_("Counter-notice rate"), lambda f: _rate(f.counter_notice_rate)),
        (_("Median days to removal"), lambda f: _median(f.median_days_to_removal)),
        (_("Relisted"), lambda f: f.relisted),
    ]


def platform_table(stats) -> tablib.Dataset:
    columns = _complaint_columns()
    dataset = tablib.Dataset(
        headers=[_("Platform"), *(str(h) for h, _g in columns)], title=str(_("Platforms"))
    )
    labels = dict(Platform.choices)
    for platform, figures in stats["platforms"].items():
        dataset.append([str(labels[platform]), *(g(figures) for _h, g in columns)])
    return dataset


def right_table(stats) -> tablib.Dataset:
    columns = _complaint_columns()
    outcomes = LetterOutcome.choices
    headers = [
        _("Right"),
        _("Kind"),
        _("Number"),
        *(str(h) for h, _g in columns),
        _("Customs seizures"),
        _("Goods value (CNY)"),
        _("Bonds (CNY)"),
        *(_("Letters: %(outcome)s") % {"outcome": label} for _v, label in outcomes),
    ]
    dataset = tablib.Dataset(headers=[str(h) for h in headers], title=str(_("Rights")))
    for row in stats["rights"]:
        right = row.right
        dataset.append(
            [
                right.title,
                str(right.get_kind_display()),
                right.registration_number or right.application_number,
                *(g(row.complaints) for _h, g in columns),
                row.seizures,
                f"{row.goods_value_cny:.2f}",
                f"{row.bonds_cny:.2f}",
                *(row.letters.get(value, 0) for value, _l in outcomes),
            ]
        )
    return dataset


def statistics_table(stats, table: str) -> tablib.Dataset:
    """`table`: one of STATISTICS_TABLES."""
    return platform_table(stats) if table == "platforms" else right_table(stats)
