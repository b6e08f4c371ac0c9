"""An edition's date ("2021-10") and what its id and title say about it."""

import re

from guideline.errors import GuidelineError

_ID_MONTH = re.compile(r"^(\d{4})\.(\d{2})(?:\D|$)")
_REIWA = re.compile(r"令和\s*(元|\d+)\s*年\s*(\d+)\s*月")
_WESTERN = re.compile(r"(\d{4})\s*年\s*(\d+)\s*月")
_REIWA_START = 2018  # 令和元年 = 2019
_HEISEI_START = 1988  # 平成元年 = 1989


def from_id(edition_id: str) -> str | None:
    """"2021.10" → "2021-10"; None for an id that does not start with a year and month."""
    found = _ID_MONTH.match(edition_id)
    return f"{found[1]}-{found[2]}" if found else None


def from_title(title: str) -> str | None:
    """"正式版（令和3年10月）" → "2021-10"; None when the title names no month."""
    if found := _REIWA.search(title):
        return f"{_western_year(found[1])}-{int(found[2]):02d}"
    if found := _WESTERN.search(title):
        return f"{found[1]}-{int(found[2]):02d}"
    return None


def edition_date(*, edition_id: str, title: str, given: str | None) -> str:
    """The date given, or the one the id implies; it must agree with the id and the title."""
    implied = from_id(edition_id)
    date = given or implied
    if date is None:
        raise GuidelineError(f"版 ID '{edition_id}' から日付が分かりません。--date \"2022-03\" の形で指定してください")
    month = date[:7]
    if implied and implied != month:
        raise GuidelineError(f"--date {date} が版 ID '{edition_id}'（{implied}）と合いません。どちらかを直してください")
    titled = from_title(title)
    if titled and titled != month:
        # Name what the editor wrote: the date given, or else the id it came from.
        source = f"--date {date}" if given else f"版 ID '{edition_id}'（{month}）"
        raise GuidelineError(f"版の名前「{title}」（{titled}）が {source} と合いません。どちらかを直してください")
    return date


def _western_year(reiwa_year: str) -> int:
    return _REIWA_START + (1 if reiwa_year == "元" else int(reiwa_year))


def japanese_date(date: str) -> str:
    """'2021-03' → '令和3年3月', '2019-05' → '令和元年5月' (Reiwa began in May 2019)."""
    year, month, *day = (int(part) for part in date.split("-"))
    reiwa = (year, month) >= (2019, 5)
    number = year - (_REIWA_START if reiwa else _HEISEI_START)
    era = ("令和" if reiwa else "平成") + ("元" if number == 1 else str(number)) + "年"
    return era + f"{month}月" + (f"{day[0]}日" if day else "")
