"""Small bar charts drawn as SVG for the admin: figures an editor would rather see than read.

Each row's label sits on its own line above its bar, starting at the left edge, so no
label is ever cut whatever its length (« 17 décembre, 14 h — Atelier… » stays whole up to
``label_chars``; the full label is in the row's ``<title>`` and the chart's ``<desc>``).
A row may carry a capacity: its bar is then drawn over a lighter bar of the capacity, and
the figure reads « 8 / 12 ».
"""

from dataclasses import dataclass, field


@dataclass
class BarChart:
    """A horizontal bar chart. ``rows`` holds ``(label, value)`` or ``(label, value,
    capacity)`` or ``(label, value, capacity, note)``; bars are scaled to the largest value
    or capacity."""

    title: str
    rows: list = field(default_factory=list)
    unit: str = ""
    bar_height: int = 16
    label_height: int = 18
    gap: int = 10
    chart_width: int = 460
    figure_char_width: int = 8  # room right of the longest bar for its figure, per character
    label_chars: int = 64

    @property
    def row_height(self):
        return self.label_height + self.bar_height + self.gap

    def _figure(self, row):
        value, capacity = row[1], _capacity(row)
        figure = f"{value} / {capacity}" if capacity is not None else f"{value}{self.unit}"
        note = row[3] if len(row) > 3 else ""
        return f"{figure} {note}".strip()

    def _scale(self):
        largest = max((max(row[1], _capacity(row) or 0) for row in self.rows), default=0)
        longest_figure = max((len(self._figure(row)) for row in self.rows), default=0)
        room = self.chart_width - 6 - longest_figure * self.figure_char_width
        return max(room, self.chart_width // 3) / (largest or 1)

    def bars(self):
        scale = self._scale()
        bars = []
        for index, row in enumerate(self.rows):
            label, value = row[0], row[1]
            capacity = _capacity(row)
            width = max(2, round(scale * value)) if value else 0
            capacity_width = round(scale * capacity) if capacity else 0
            top = index * self.row_height
            label = str(label)
            bars.append(
                {
                    "label": label,
                    "short_label": _shorten(label, self.label_chars),
                    "value": value,
                    "capacity": capacity,
                    "figure": self._figure(row),
                    "label_y": top + self.label_height - 5,
                    "y": top + self.label_height,
                    "width": width,
                    "capacity_width": capacity_width,
                    "text_x": max(width, capacity_width) + 6,
                    "text_y": top + self.label_height + self.bar_height - 3,
                }
            )
        return bars

    @property
    def height(self):
        return max(1, len(self.rows)) * self.row_height


def _capacity(row):
    return row[2] if len(row) > 2 else None


def _shorten(text, limit):
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
