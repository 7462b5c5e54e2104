"""``field__any_of=[...]``: a list of values sent as one array parameter.

``field__in=[...]`` writes one placeholder per value; with a thousand ids or more
(search's candidates, issue 13) the client splits the query text at every placeholder
and the server parses every literal, which cost more than running the query. On
PostgreSQL ``any_of`` is ``field = ANY(%s)`` with the list as one array (the same index
scan as IN); elsewhere it is IN. Registered on every field by QmsConfig.ready().

Give the values as a set (Django resolves each item of a list or tuple one by one,
looking for expressions) of the column's own Python type (ids): they are not converted.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import Field
from django.db.models.lookups import In, Lookup


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        return list(self.rhs)

    def as_sql(self, compiler, connection):
        return In(self.lhs, self.rhs).as_sql(compiler, connection)

    def as_postgresql(self, compiler, connection):
        if not self.rhs:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, self.rhs]


def register() -> None:
    Field.register_lookup(AnyOf)
