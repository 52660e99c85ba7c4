"""Numbers, percentages and dates in messages, in the pack's locale (Babel, from CLDR data).

A rule hands its message raw values (a float, a `Percent`, a `datetime.date`); the message template in the
pack says where they go, and `localize` writes them the way a reader of that language expects: "43.486"
and "83 %" in Danish, "43,486" and "83%" in English. A word that agrees with a number is written in the
template as `{months:måned|måneder}` (singular|plural); the choice follows the locale's plural rules for
whole numbers, and a decimal number takes the plural ("1,1 måneder", "1.1 months"). A figure that is only
about right (`Approx`, `ApproxPercent`: a rate the rule worked out, quoted after "ca." / "about") is written
to two significant digits: "ca. 43.000", "about 240%", never a precise-looking "ca. 43.969".
"""

from __future__ import annotations

import datetime as dt
import math
from functools import cache, lru_cache
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent


class Percent(float):
    """A share to be written as a percentage: Percent(0.83) -> "83 %" (da), "83%" (en)."""


class Approx(float):
    """A figure that is only about this much: Approx(43969) -> "44.000" (da), "44,000" (en)."""


class ApproxPercent(Percent, Approx):
    """An approximate share: ApproxPercent(2.36) -> "240 %" (da), "240%" (en)."""


SIGNIFICANT_DIGITS = 2


def significant(value: float, digits: int = SIGNIFICANT_DIGITS) -> float:
    """`value` rounded to `digits` significant digits (43969 -> 44000.0, 0.734 -> 0.73)."""
    if not value or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


# Babel's formatting costs tens of µs a call; the same few values recur (rule thresholds, common targets).
@lru_cache(maxsize=4096)
def _percent(value: float, locale: str) -> str:
    return format_percent(value, locale=locale)


@lru_cache(maxsize=4096)
def _decimal(value: float, locale: str) -> str:
    return format_decimal(value, locale=locale)


@lru_cache(maxsize=4096)
def _date(value: dt.date, locale: str) -> str:
    return format_date(value, "long", locale=locale)


@cache
def _locale(locale: str) -> Locale:
    return Locale.parse(locale)


class _Number:
    """A number that formats itself in a locale; a "one|other" format spec adds the agreeing word."""

    def __init__(self, value: float, locale: str) -> None:
        self.value = value
        self.locale = locale

    def __str__(self) -> str:
        return _decimal(self.value, self.locale)

    def __format__(self, spec: str) -> str:
        if "|" not in spec:
            return str(self)
        one, other = spec.split("|", 1)
        whole = float(self.value).is_integer()
        form = _locale(self.locale).plural_form(int(self.value)) if whole else "other"
        return f"{self} {one if form == 'one' else other}"


def localize(value: Any, locale: str) -> Any:
    """A message parameter as the locale writes it (anything that is not a number or date: unchanged)."""
    if isinstance(value, Approx):
        value = ApproxPercent(significant(value)) if isinstance(value, Percent) else significant(value)
    if isinstance(value, Percent):
        return _percent(float(value), locale)
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return _Number(value, locale)
    if isinstance(value, dt.date):
        return _date(value, locale)
    if isinstance(value, str) and not value.strip():
        return "…"  # a quote is never empty
    return value


def format_message(template: str, params: dict[str, Any], locale: str) -> str:
    """Fill a pack's message template; a parameter the template names but the rule did not give reads "…"."""
    if not template:
        return ""
    return template.format_map(_Params(params, locale))


class _Params(dict):
    """The parameters, each localized only when the template names it (Babel's formatting is the costly part
    of a message, and most parameters a rule gives are not in every language's template)."""

    def __init__(self, params: dict[str, Any], locale: str) -> None:
        super().__init__(params)
        self.locale = locale

    def __getitem__(self, key: str) -> Any:
        if dict.__contains__(self, key):
            return localize(dict.__getitem__(self, key), self.locale)
        return "…"


__all__ = ["Approx", "ApproxPercent", "Percent", "format_message", "localize", "significant"]
