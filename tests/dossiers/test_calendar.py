"""Working-day arithmetic over Tết 2027 and compensatory days (dossiers.calendar)."""

import datetime as dt
import zoneinfo

import pytest

from dossiers.calendar import WorkingCalendar, calendar_load
from dossiers.models import CalendarException

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(scope="module")
def cal():
    return WorkingCalendar(2026, 2028)


def test_tet_2027_is_off_from_4_to_10_february(cal):
    # Tết Đinh Mùi: 6 Feb 2027; the holiday runs Thu 4 Feb .. Wed 10 Feb.
    assert cal.is_working_day(dt.date(2027, 2, 3))
    assert [cal.is_working_day(dt.date(2027, 2, d)) for d in range(4, 11)] == [False] * 7
    assert cal.is_working_day(dt.date(2027, 2, 11))
    assert cal.holiday_name(dt.date(2027, 2, 6))


def test_three_working_days_from_the_eve_of_tet_end_on_15_february(cal):
    # Thu 11, Fri 12, (weekend), Mon 15.
    assert cal.add_working_days(dt.date(2027, 2, 3), 3) == dt.date(2027, 2, 15)
    assert cal.working_days_between(dt.date(2027, 2, 3), dt.date(2027, 2, 15)) == 3
    assert cal.working_days_between(dt.date(2027, 2, 15), dt.date(2027, 2, 3)) == 0


def test_hung_kings_day_is_off(cal):
    # 10th day of the 3rd lunar month: Fri 16 Apr 2027.
    assert not cal.is_working_day(dt.date(2027, 4, 16))
    assert cal.add_working_days(dt.date(2027, 4, 15), 1) == dt.date(2027, 4, 19)


def test_a_compensatory_saturday_counts_and_an_agency_day_off_does_not():
    saturday, friday = dt.date(2027, 1, 30), dt.date(2027, 2, 3)
    cal = WorkingCalendar(2027, 2027, working_days=[saturday], days_off=[friday])
    assert cal.is_working_day(saturday)
    assert not cal.is_working_day(friday)
    # From Fri 29 Jan: Sat 30 (worked), Mon 1, Tue 2, (Wed 3 off), then Tết: Thu 11.
    assert cal.add_working_days(dt.date(2027, 1, 29), 4) == dt.date(2027, 2, 11)
    assert cal.working_days_between(dt.date(2027, 1, 29), dt.date(2027, 2, 11)) == 4


def test_the_clock_time_of_receipt_is_kept(cal):
    received = dt.datetime(2027, 2, 3, 9, 15, tzinfo=HCM)
    assert cal.add_working_days(received, 3) == dt.datetime(2027, 2, 15, 9, 15, tzinfo=HCM)


def test_working_hours_cross_tet_and_the_lunch_break(cal):
    start = dt.datetime(2027, 2, 3, 16, 0, tzinfo=HCM)
    # One hour on Wed 3 Feb (16:00-17:00), then one on Thu 11 Feb from 07:30.
    assert cal.add_working_hours(start, 2) == dt.datetime(2027, 2, 11, 8, 30, tzinfo=HCM)
    assert cal.working_hours_between(start, dt.datetime(2027, 2, 11, 8, 30, tzinfo=HCM)) == 2
    morning = dt.datetime(2027, 2, 11, 11, 0, tzinfo=HCM)
    assert cal.add_working_hours(morning, 1) == dt.datetime(2027, 2, 11, 13, 30, tzinfo=HCM)
    assert cal.working_hours_between(morning, dt.datetime(2027, 2, 11, 13, 30, tzinfo=HCM)) == 1


def test_half_a_day_is_half_the_working_hours(cal):
    start = dt.datetime(2027, 3, 1, 7, 30, tzinfo=HCM)
    assert cal.add_limit(start, "0.5", "working_days") == dt.datetime(2027, 3, 1, 11, 30, tzinfo=HCM)
    assert cal.add_limit(start, "2", "working_days") == dt.datetime(2027, 3, 3, 7, 30, tzinfo=HCM)
    assert cal.add_limit(start, "8", "working_hours") == dt.datetime(2027, 3, 1, 17, 0, tzinfo=HCM)


def test_outside_the_calendar_is_refused(cal):
    with pytest.raises(ValueError):
        cal.is_working_day(dt.date(2030, 1, 1))
    with pytest.raises(ValueError):
        cal.add_working_days(dt.date(2027, 1, 1), -1)


@pytest.mark.django_db
def test_officers_exceptions_are_read_from_the_database():
    CalendarException.objects.create(date=dt.date(2027, 1, 30), kind=CalendarException.Kind.WORKING_DAY)
    CalendarException.objects.create(date=dt.date(2027, 2, 3), kind=CalendarException.Kind.DAY_OFF)
    cal = calendar_load(2027, 2027)
    assert cal.add_working_days(dt.date(2027, 1, 29), 4) == dt.date(2027, 2, 11)


def test_holidays_are_named_in_the_readers_language(cal):
    from django.utils import translation

    with translation.override("vi"):
        assert cal.holiday_name(dt.date(2027, 2, 6)) == "Tết Nguyên Đán"
    with translation.override("en"):
        assert "Lunar New Year" in cal.holiday_name(dt.date(2027, 2, 6))
