"""CSV that spreadsheets open as data, never as formulas (OWASP "CSV injection").

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as
a formula by Excel and LibreOffice; typed by a visitor (a name, an organisation) it runs
in the editor's spreadsheet. Such a cell gets a leading ``'``, which the spreadsheet
shows and does not evaluate. Numbers written by the site itself are left alone.
"""

import csv
import datetime

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class SafeSpreadsheetExportMixin:
    """For Wagtail's listing views (``list_export``): the CSV opens in French spreadsheets as
    data (UTF-8 with a BOM, ``;`` between cells, every cell through ``safe_cell``), the
    XLSX keeps what was typed as text (Wagtail turns formulas into strings), dates in local
    time in both, booleans as « oui » / « non ».

    ``export_values``: ``{name: function(row)}`` for exported values that are not
    attributes of the row.
    """

    export_values = {}

    def to_row_dict(self, item):
        from wagtail.coreutils import multigetattr

        return {
            field: self.export_values[field](item)
            if field in self.export_values
            else multigetattr(item, field)
            for field in self.list_export
        }

    def preprocess_field_value(self, field, value, export_format):
        from django.utils import timezone
        from django.utils.translation import gettext as _

        if isinstance(value, bool):
            return _("oui") if value else _("non")
        if isinstance(value, datetime.datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            if export_format == "csv":
                return local.strftime("%d/%m/%Y %H:%M")
            return local.replace(tzinfo=None)
        return super().preprocess_field_value(field, value, export_format)

    def stream_csv(self, queryset):
        writer = csv.writer(_Echo(), delimiter=";")
        headings = [self.get_heading(queryset, field) for field in self.list_export]
        yield "\ufeff".encode() + writer.writerow([safe_cell(h) for h in headings])
        for item in queryset:
            row = self.to_row_dict(item)
            yield writer.writerow(
                [
                    safe_cell(self.preprocess_field_value(field, value, "csv"))
                    for field, value in row.items()
                ]
            )

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response


class _Echo:
    """A file whose ``write`` hands back what it is given, encoded (for streaming)."""

    def write(self, value):
        return value.encode("utf-8")
