"""Working-day arithmetic for legal time limits (thời hạn giải quyết).

A day is a working day when it is Monday to Friday and not a Vietnamese public holiday
(the ``holidays`` package: New Year, Tết and Hùng Kings by the lunar calendar, 30/4, 1/5,
2/9 and the days the government moves), unless an officer recorded an exception
(``dossiers.CalendarException``): an agency day off, or a compensatory working Saturday.

Time limits count from the day after receipt: a dossier received on day D with a limit
of N working days is due on the N-th working day after D, at the clock time it was
received. Limits in hours count working hours (``QMS_WORKING_HOURS``, by default
07:30-11:30 and 13:00-17:00)::

    cal = calendar_load(2027, 2027)
    cal.add_working_days(date(2027, 2, 3), 3)            # date(2027, 2, 15): Tết in between
    cal.working_days_between(date(2027, 2, 3), date(2027, 2, 15))   # 3
    cal.add_working_hours(datetime(2027, 2, 3, 16, 0), 2)           # 11 Feb 2027 08:30

``WorkingCalendar`` is plain Python (no database); ``calendar_load`` reads the exceptions
in one query. Adding N days is a binary search in the sorted list of working days, so a
calendar serves a whole import of 200,000 dossiers.
"""

import datetime
from bisect import bisect_right
from collections.abc import Iterable

import holidays
from django.conf import settings
from django.utils.translation import get_language

# (start, end) of each working period of a day, as "HH:MM".
DEFAULT_WORKING_HOURS = (("07:30", "11:30"), ("13:00", "17:00"))


def _periods() -> list[tuple[datetime.time, datetime.time]]:
    spec = getattr(settings, "QMS_WORKING_HOURS", DEFAULT_WORKING_HOURS)
    return [(datetime.time.fromisoformat(a), datetime.time.fromisoformat(b)) for a, b in spec]


def _seconds(t: datetime.time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


class WorkingCalendar:
    """The working days of the years ``first``..``last`` (inclusive)."""

    def __init__(
        self,
        first: int,
        last: int,
        *,
        days_off: Iterable[datetime.date] = (),
        working_days: Iterable[datetime.date] = (),
    ):
        self.first, self.last = first, last
        self.public_holidays = holidays.country_holidays("VN", years=range(first, last + 1))
        self._named: dict = {}
        self.days_off = set(days_off)
        self.extra_working_days = set(working_days)
        start, end = datetime.date(first, 1, 1), datetime.date(last, 12, 31)
        self._days = [
            start + datetime.timedelta(days=i)
            for i in range((end - start).days + 1)
            if self._works_by_rule(start + datetime.timedelta(days=i))
        ]
        # An import asks hundreds of thousands of times: a set lookup, not the rules.
        self._start, self._end, self._working = start, end, frozenset(self._days)
        self.periods = _periods()
        self._period_seconds = [(_seconds(a), _seconds(b)) for a, b in self.periods]
        self.hours_per_day = sum(b - a for a, b in self._period_seconds) / 3600

    def _works(self, day: datetime.date) -> bool:
        if self._start <= day <= self._end:
            return day in self._working
        return self._works_by_rule(day)

    def _works_by_rule(self, day: datetime.date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.days_off or day in self.public_holidays:
            return False
        return day.weekday() < 5

    def _check(self, day: datetime.date) -> None:
        if not (self.first <= day.year <= self.last):
            raise ValueError(f"{day} is outside the calendar ({self.first}-{self.last}).")

    def is_working_day(self, day: datetime.date) -> bool:
        self._check(day)
        return self._works(day)

    def holiday_name(self, day: datetime.date) -> str | None:
        return self.holidays_named().get(day)

    def holidays_named(self) -> dict:
        """The public holidays (date -> name) named in the active language: the `holidays`
        package carries Vietnamese names; any other language gets the English ones."""
        language = "vi" if (get_language() or "").startswith("vi") else "en_US"
        named = self._named.get(language)
        if named is None:
            named = self._named[language] = holidays.country_holidays(
                "VN", years=range(self.first, self.last + 1), language=language
            )
        return named

    def add_working_days(self, start, days: int):
        """The ``days``-th working day after ``start`` (a date, or a datetime whose clock
        time is kept). ``days`` = 0 gives ``start`` itself."""
        if days < 0:
            raise ValueError("days must not be negative")
        day = start.date() if isinstance(start, datetime.datetime) else start
        self._check(day)
        if days == 0:
            return start
        index = bisect_right(self._days, day) + days - 1
        if index >= len(self._days):
            raise ValueError(f"{start} + {days} working days is outside the calendar.")
        result = self._days[index]
        if isinstance(start, datetime.datetime):
            return datetime.datetime.combine(result, start.timetz())
        return result

    def working_days_between(self, start, end) -> int:
        """Working days d with start < d <= end (dates or datetimes; 0 if end <= start)."""
        a = start.date() if isinstance(start, datetime.datetime) else start
        b = end.date() if isinstance(end, datetime.datetime) else end
        if b <= a:
            return 0
        self._check(a)
        self._check(b)
        return bisect_right(self._days, b) - bisect_right(self._days, a)

    # --- working hours --------------------------------------------------------------

    def _day_seconds_after(self, moment: datetime.datetime) -> int:
        """Working seconds left on moment's day after moment."""
        if not self._works(moment.date()):
            return 0
        now = moment.hour * 3600 + moment.minute * 60 + moment.second
        return sum(max(0, b - max(now, a)) for a, b in self._period_seconds)

    def working_hours_between(self, start: datetime.datetime, end: datetime.datetime) -> float:
        """Working hours between two moments (same time zone); 0 if end <= start."""
        if end <= start:
            return 0.0
        if start.date() == end.date():
            return (self._day_seconds_after(start) - self._day_seconds_after(end)) / 3600
        whole_days = self.working_days_between(start.date(), end.date() - datetime.timedelta(days=1))
        seconds = self._day_seconds_after(start)
        seconds += whole_days * self.hours_per_day * 3600
        end_midnight = datetime.datetime.combine(end.date(), datetime.time(0), end.tzinfo)
        seconds += self._day_seconds_after(end_midnight) - self._day_seconds_after(end)
        return seconds / 3600

    def add_working_hours(self, start: datetime.datetime, hours: float) -> datetime.datetime:
        """The moment ``hours`` working hours after ``start`` (ends inside a period)."""
        if hours < 0:
            raise ValueError("hours must not be negative")
        remaining = round(hours * 3600)
        moment = start
        left_today = self._day_seconds_after(moment)
        if remaining > left_today:
            remaining -= left_today
            whole = int(remaining // (self.hours_per_day * 3600))
            remainder = remaining - whole * self.hours_per_day * 3600
            if remainder == 0 and whole > 0:
                whole, remainder = whole - 1, self.hours_per_day * 3600
            day = self.add_working_days(moment.date(), whole + 1)
            moment = datetime.datetime.combine(day, datetime.time(0), start.tzinfo)
            remaining = remainder
        return self._advance_within_day(moment, remaining)

    def _advance_within_day(self, moment: datetime.datetime, seconds: float) -> datetime.datetime:
        if seconds <= 0 and self._works(moment.date()):
            return moment
        now = _seconds(moment.time())
        for a, b in self._period_seconds:
            begin = max(now, a)
            span = b - begin
            if span <= 0:
                continue
            if seconds <= span:
                total = begin + seconds
                return datetime.datetime.combine(moment.date(), datetime.time(0), moment.tzinfo) + (
                    datetime.timedelta(seconds=total)
                )
            seconds -= span
        raise ValueError("not enough working time left in the day")  # pragma: no cover

    def add_limit(self, start: datetime.datetime, amount, unit: str) -> datetime.datetime:
        """``start`` plus a procedure's limit: ``unit`` is "working_days" or "working_hours";
        a fraction of a day counts as that fraction of the working hours of a day."""
        amount = float(amount)
        if unit == "working_hours":
            return self.add_working_hours(start, amount)
        if amount == int(amount):
            return self.add_working_days(start, int(amount))
        return self.add_working_hours(start, amount * self.hours_per_day)


def calendar_load(first: int, last: int) -> WorkingCalendar:
    """The calendar of years first..last with the officers' exceptions (one query)."""
    from dossiers.models import CalendarException

    rows = CalendarException.objects.filter(date__year__gte=first, date__year__lte=last).values_list(
        "date", "kind"
    )
    days_off, working = [], []
    for day, kind in rows:
        (working if kind == CalendarException.Kind.WORKING_DAY else days_off).append(day)
    return WorkingCalendar(first, last, days_off=days_off, working_days=working)


def calendar_around(moment=None, *, years_before: int = 2, years_after: int = 2) -> WorkingCalendar:
    year = (moment or datetime.date.today()).year
    return calendar_load(year - years_before, year + years_after)


__all__ = ["WorkingCalendar", "calendar_around", "calendar_load"]
