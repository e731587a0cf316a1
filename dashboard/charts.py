"""Server-side SVG charts: pure geometry from figures, drawn by templates (no script, no CDN)."""

from dataclasses import dataclass

# One colour per right status (colour-blind-safe Okabe-Ito palette); labels carry the meaning.
STATUS_COLOURS = {
    "filed": "#56B4E9",
    "published": "#0072B2",
    "granted": "#009E73",
    "registered": "#117733",
    "lapsed": "#E69F00",
    "expired": "#999999",
    "invalidated": "#D55E00",
    "abandoned": "#CC79A7",
}


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str
    colour: str = "#1d3557"

    @property
    def value_y(self) -> float:
        """Baseline of the value printed just above the bar."""
        return self.y - 3


def column_chart(values: list[tuple[str, int]], *, width=600, height=180, gap=6, top=16):
    """Vertical bars scaled to the largest value; labels sit under the bars."""
    peak = max((v for _, v in values), default=0) or 1
    slot = width / max(len(values), 1)
    bars = []
    for i, (label, value) in enumerate(values):
        h = (height - top) * value / peak
        bars.append(Bar(i * slot + gap / 2, height - h, slot - gap, h, value, label))
    return {"width": width, "height": height, "bars": bars}


def stacked_rows(table: dict[str, dict[str, int]], labels: dict, status_labels: dict, *, width=600):
    """One horizontal bar per kind, split by status, all on the same scale."""
    row_h, gap, label_w = 26, 10, 150
    peak = max((sum(v.values()) for v in table.values()), default=0) or 1
    usable = width - label_w - 60
    rows = []
    for i, (kind, by_status) in enumerate(table.items()):
        x, segments = label_w, []
        for status, count in by_status.items():
            w = usable * count / peak
            segments.append(
                Bar(
                    x,
                    i * (row_h + gap),
                    w,
                    row_h,
                    count,
                    str(status_labels.get(status, status)),
                    STATUS_COLOURS.get(status, "#1d3557"),
                )
            )
            x += w
        rows.append(
            {
                "label": labels.get(kind, kind),
                "y": i * (row_h + gap),
                "text_y": i * (row_h + gap) + 17,
                "segments": segments,
                "total": sum(by_status.values()),
                "end_x": x + 6,
            }
        )
    used = {s for v in table.values() for s in v}
    legend = [
        (status_labels.get(s, s), STATUS_COLOURS.get(s, "#1d3557"))
        for s in STATUS_COLOURS
        if s in used
    ]
    return {
        "width": width,
        "height": max(len(rows), 1) * (row_h + gap),
        "rows": rows,
        "legend": legend,
    }
