"""qms.lookups: ``any_of`` finds what ``in`` finds, with the values as one parameter."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

pytestmark = pytest.mark.django_db


def test_any_of_finds_the_same_rows_as_in_and_nothing_for_no_values():
    users = [get_user_model().objects.create(username=f"u{n}") for n in range(5)]
    wanted = {users[0].pk, users[3].pk, 10**9}
    found = get_user_model().objects.filter(pk__any_of=wanted)
    assert set(found.values_list("username", flat=True)) == {"u0", "u3"}
    assert list(get_user_model().objects.filter(pk__any_of=set())) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the array parameter is PostgreSQL's")
def test_on_postgresql_two_thousand_ids_are_one_parameter():
    ids = set(range(1, 2001))
    sql, params = get_user_model().objects.filter(pk__any_of=ids).query.sql_with_params()
    assert "= ANY(%s)" in sql and len(params) == 1 and set(params[0]) == ids
