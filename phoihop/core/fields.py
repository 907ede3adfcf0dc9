from django.db import models


class SortKeyField(models.CharField):
    """Holds `core.text.sort_key` output; compared byte by byte on every database.

    PostgreSQL's default collation may be a locale one that ignores punctuation, so the column
    gets the "C" collation there; SQLite compares bytes already.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 240)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def db_parameters(self, connection):
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params


class SearchKeyField(models.CharField):
    """Holds `core.text.fold` output of the searchable text; indexed for LIKE on both databases."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 400)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)
