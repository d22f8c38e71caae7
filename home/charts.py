"""Small bar charts drawn as SVG for the admin: figures an editor would rather see than read."""

from dataclasses import dataclass, field


@dataclass
class BarChart:
    """A horizontal bar chart: one bar per (label, value), scaled to the largest value."""

    title: str
    rows: list = field(default_factory=list)
    unit: str = ""
    bar_height: int = 22
    label_width: int = 190
    chart_width: int = 460

    def bars(self):
        largest = max((value for _label, value in self.rows), default=0) or 1
        available = self.chart_width - self.label_width - 60
        return [
            {
                "label": label,
                "value": value,
                "y": index * (self.bar_height + 6),
                "width": max(2, round(available * value / largest)) if value else 0,
                "text_x": self.label_width
                + (max(2, round(available * value / largest)) if value else 0)
                + 6,
            }
            for index, (label, value) in enumerate(self.rows)
        ]

    @property
    def height(self):
        return max(1, len(self.rows)) * (self.bar_height + 6)
