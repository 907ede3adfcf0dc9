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


class Subtree(models.Lookup):
    """`unit_path__subtree="56/22015"`: the path itself or any path below it ("56/22015/…").

    Written as one byte-order range, [path, path + "/\\uffff"], so that a single index range answers it and an
    index-only scan can count a subtree (PostgreSQL: the pattern operators, served by a `varchar_pattern_ops`
    index; SQLite compares bytes already). Exact because paths hold only letters, digits and "/": nothing
    sorts between the path and the path followed by "/" except the path itself."""

    lookup_name = "subtree"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        path = str(self.rhs)
        low, high = ("~>=~", "~<=~") if connection.vendor == "postgresql" else (">=", "<=")
        return f"({lhs} {low} %s AND {lhs} {high} %s)", [*lhs_params, path, *lhs_params, path + "/\uffff"]
