"""Chinese working days (工作日), with a fallback beyond the years ``chinese_calendar`` knows.

``chinese_calendar`` holds the State Council's published schedule: weekends,
public holidays and make-up working days (调休). It raises NotImplementedError
for years not yet published (at the time of writing, 2027 and later). For
those years this module keeps the statutory holidays whose dates are known in
advance — 元旦 (1 January), 春节 (lunar new year's eve and the first three
days), 清明 (the solar term), 劳动节 (1–2 May), 国庆节 (1–3 October) — and
weekends; make-up working days and the lunar 端午/中秋 cannot be known and
are not applied. No Django imports: the extractor and the models both use it.
"""
import datetime

# Lunar new year's day, 2000–2040 (Gregorian month, day).
SPRING_FESTIVAL = {
    2000: (2, 5), 2001: (1, 24), 2002: (2, 12), 2003: (2, 1), 2004: (1, 22), 2005: (2, 9),
    2006: (1, 29), 2007: (2, 18), 2008: (2, 7), 2009: (1, 26), 2010: (2, 14), 2011: (2, 3),
    2012: (1, 23), 2013: (2, 10), 2014: (1, 31), 2015: (2, 19), 2016: (2, 8), 2017: (1, 28),
    2018: (2, 16), 2019: (2, 5), 2020: (1, 25), 2021: (2, 12), 2022: (2, 1), 2023: (1, 22),
    2024: (2, 10), 2025: (1, 29), 2026: (2, 17), 2027: (2, 6), 2028: (1, 26), 2029: (2, 13),
    2030: (2, 3), 2031: (1, 23), 2032: (2, 11), 2033: (1, 31), 2034: (2, 19), 2035: (2, 8),
    2036: (1, 28), 2037: (2, 15), 2038: (2, 4), 2039: (1, 24), 2040: (2, 12),
}


def qingming(year: int) -> datetime.date:
    """The Qingming solar term, April 4 or 5 (21st-century formula)."""
    y = year % 100
    return datetime.date(year, 4, int(y * 0.2422 + 4.81) - y // 4)


def statutory_holidays(year: int) -> set[datetime.date]:
    """The public holidays of ``year`` whose dates are fixed in advance (see the module docstring)."""
    days = {datetime.date(year, 1, 1), datetime.date(year, 5, 1), datetime.date(year, 5, 2), qingming(year)}
    days |= {datetime.date(year, 10, d) for d in (1, 2, 3)}
    if year in SPRING_FESTIVAL:
        new_year = datetime.date(year, *SPRING_FESTIVAL[year])
        days |= {new_year + datetime.timedelta(days=offset) for offset in (-1, 0, 1, 2)}
    return days


def is_workday(day: datetime.date) -> bool:
    """Whether ``day`` is a Chinese working day: the published calendar where it exists, else the fallback."""
    try:
        import chinese_calendar

        return chinese_calendar.is_workday(day)
    except (ImportError, NotImplementedError):
        return day.weekday() < 5 and day not in statutory_holidays(day.year)
