"""Resolve a matched time expression to (kind, end date, period length in days, recurring).

Relative expressions resolve against `today` (context.today, default the real date).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from reviewer.lang import LanguagePack

UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "quarter": 91, "half": 182, "year": 365}
SEASON_END = {"spring": (5, 31), "summer": (8, 31), "autumn": (11, 30), "winter": (2, 28)}
# A season named as a deadline ("before summer", "før sommeren") means the day before it starts.
SEASON_START = {"spring": (3, 1), "summer": (6, 1), "autumn": (9, 1), "winter": (12, 1)}

Resolved = tuple[str, dt.date | None, int | None, bool]


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def midsummer_eve(year: int) -> dt.date:
    """Swedish midsommarafton: the Friday between 19 and 25 June."""
    first = dt.date(year, 6, 19)
    return first + dt.timedelta(days=(4 - first.weekday()) % 7)


def black_friday(year: int) -> dt.date:
    first = dt.date(year, 11, 1)
    first_thursday = first + dt.timedelta(days=(3 - first.weekday()) % 7)
    return first_thursday + dt.timedelta(days=22)


def _next_occurrence(today: dt.date, make: callable) -> dt.date:  # type: ignore[valid-type]
    for year in (today.year, today.year + 1):
        try:
            day = make(year)
        except ValueError:
            continue
        if day >= today:
            return day
    return make(today.year + 1)


def _group(m: re.Match[str], name: str) -> str | None:
    try:
        return m.group(name)
    except IndexError:
        return None


def _year(m: re.Match[str]) -> int | None:
    raw = _group(m, "year")
    if raw:
        return int(raw)
    short = _group(m, "yy")  # "FY27", "31.12.26"
    return 2000 + int(short) if short else None


def _on(today: dt.date, m: re.Match[str], make: callable) -> dt.date:  # type: ignore[valid-type]
    """The day in the year the phrase names ("jul 2025"), else its next occurrence from today."""
    year = _year(m)
    return make(year) if year else _next_occurrence(today, make)


def _days(today: dt.date, end: dt.date) -> int:
    return (end - today).days


def _period_end(today: dt.date, unit: str, offset: int) -> dt.date:
    """End of the current (offset 0) or next (offset 1) week/month/quarter/half/year."""
    if unit == "day":
        return today + dt.timedelta(days=offset)
    if unit == "week":
        return today + dt.timedelta(days=6 - today.weekday() + 7 * offset)
    size = {"month": 1, "quarter": 3, "half": 6, "year": 12}[unit]
    start_month = (today.month - 1) // size * size + 1
    start = add_months(dt.date(today.year, start_month, 1), size * offset)
    return add_months(start, size) - dt.timedelta(days=1)


def resolve_time(resolve: str, m: re.Match[str], pack: LanguagePack, today: dt.date) -> Resolved | None:
    """The period a time phrase names, resolved against `today`; None when it names no day that exists
    (week 53 of a year with 52 weeks, a date past year 9999): such a phrase is left unresolved, never an error."""
    try:
        return _resolve_time(resolve, m, pack, today)
    except (ValueError, OverflowError):
        return None


def _resolve_time(resolve: str, m: re.Match[str], pack: LanguagePack, today: dt.date) -> Resolved | None:
    name, _, arg = resolve.partition(":")
    if name == "relative":
        raw = _group(m, "num") or _group(m, "one") or ""
        count = pack.parse_number(raw)
        unit = pack.unit_of(_group(m, "unit") or "")
        if not count or not unit or count > 1000:
            return None
        if unit in ("month", "quarter", "half", "year"):
            months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[unit] * count
            end = add_months(today, round(months)) if months == int(months) else today + dt.timedelta(days=int(months * 30))
        else:
            end = today + dt.timedelta(days=int(count * UNIT_DAYS[unit]))
        return "relative", end, _days(today, end), False
    if name in ("next", "this"):
        unit = arg or pack.unit_of(_group(m, "unit") or "")
        if not unit:
            return None
        end = _period_end(today, unit, 1 if name == "next" else 0)
        return "relative", end, max(_days(today, end), 1), False
    if name in ("quarter", "half"):
        raw = _group(m, "q" if name == "quarter" else "h") or ""
        index = int(raw) if raw.isdigit() else pack.index_of(pack.ordinals, raw)
        if not index:
            return None
        size = 3 if name == "quarter" else 6
        year = _year(m)
        make = lambda y: end_of_month(y, index * size)
        end = make(year) if year else _next_occurrence(today, make)
        return name, end, _days(today, end), False
    if name in ("month", "month_range"):
        key = "month2" if name == "month_range" else "month"
        month = pack.index_of(pack.months, _group(m, key) or "")
        if not month:
            return None
        year = _year(m)
        end = end_of_month(year, month) if year else _next_occurrence(today, lambda y: end_of_month(y, month))
        days = _days(today, end)
        if name == "month_range":
            first = pack.index_of(pack.months, _group(m, "month") or "") or month
            start_year = end.year if first <= month else end.year - 1
            start = dt.date(start_year, first, 1)
            days = _days(max(start, today), end)
        return "month", end, days, False
    if name == "date":
        raw_month = _group(m, "month")
        month = pack.index_of(pack.months, raw_month) if raw_month else int(_group(m, "mnum") or 0)
        day = int(_group(m, "day") or 0)
        if month and month > 12 and day <= 12:  # 03/31/2027
            month, day = day, month
        try:
            year = _year(m)
            end = dt.date(year, month or 0, day) if year else _next_occurrence(today, lambda y: dt.date(y, month or 0, day))
        except (ValueError, TypeError):
            return None
        return "date", end, _days(today, end), False
    if name == "week":
        week = int(_group(m, "week") or 0)
        if not 1 <= week <= 53:
            return None
        year = _year(m)

        def make(y: int) -> dt.date:
            return dt.date.fromisocalendar(y, week, 7)

        end = make(year) if year else _next_occurrence(today, make)
        return "week", end, _days(today, end), False
    if name == "year":
        year = _year(m)
        if not year:
            return None
        end = dt.date(year, 12, 31)
        return "year", end, _days(today, end), False
    if name == "md":
        month, day = (int(x) for x in arg.split("-"))
        end = _on(today, m, lambda y: dt.date(y, month, day))
        return "holiday", end, _days(today, end), False
    if name == "easter":
        offset = int(arg or 0)
        end = _on(today, m, lambda y: easter(y) + dt.timedelta(days=offset))
        return "holiday", end, _days(today, end), False
    if name == "midsummer":  # midsommarafton, + offset days
        offset = int(arg or 0)
        end = _on(today, m, lambda y: midsummer_eve(y) + dt.timedelta(days=offset))
        return "holiday", end, _days(today, end), False
    if name == "black_friday":
        end = _on(today, m, black_friday)
        return "holiday", end, _days(today, end), False
    if name == "week_of_year":  # a holiday by ISO week (and weekday, default Sunday): "26:5" = Friday of week 26
        week, _, weekday = arg.partition(":")
        end = _on(today, m, lambda y: dt.date.fromisocalendar(y, int(week), int(weekday or 7)))
        return "holiday", end, _days(today, end), False
    if name == "season":
        month, day = SEASON_END[arg]
        end = _on(today, m, lambda y: end_of_month(y, month) if day >= 28 else dt.date(y, month, day))
        return "season", end, _days(today, end), False
    if name == "season_start":  # the day before the season starts
        month, day = SEASON_START[arg]
        end = _on(today, m, lambda y: dt.date(y, month, day) - dt.timedelta(days=1))
        return "season", end, _days(today, end), False
    if name == "every":
        unit = arg or pack.unit_of(_group(m, "unit") or "")
        if not unit:
            return None
        return "recurring", None, UNIT_DAYS[unit], True
    raise LookupError(f"unknown time resolution {resolve!r}")  # a pack error: not caught above
