"""Figures drawn at build time: the survey as inline SVG plus a table, the timeline table."""

from itertools import cycle

from guideline.render.html import render
from guideline.render.items import DataLine

BAR_WIDTH, BAR_HEIGHT = 600, 36
# Dark enough against white for the 3:1 non-text contrast of WCAG 2.x 1.4.11.
COLOURS = ("#1f4e9c", "#6b7a8f", "#b3261e", "#2e7d32", "#7b1fa2")
TIMELINE_COLUMNS = (("environment", "環境整備"), ("initiative", "取組み"), ("decision", "制度・会議"))


def _percent(value) -> str:
    return f"{value:g}%"


def render_survey(survey: dict) -> str:
    """Shapes only in the bar: it stretches to any width, which would distort text in it. The
    legend under it names each segment."""
    segments, x = [], 0.0
    for colour, answer in zip(cycle(COLOURS), survey["answers"]):
        width = BAR_WIDTH * answer["percent"] / 100
        segments.append({"x": x, "width": width, "colour": colour, "label": answer["label"],
                         "percent": _percent(answer["percent"]),
                         "people": round(survey["respondents"] * answer["percent"] / 100)})
        x += width
    summary = "、".join(f'{segment["label"]} {segment["percent"]}' for segment in segments)
    caption = f'{survey["title"]}（回答者 {survey["respondents"]} 名）'
    return str(render("blocks/survey.html", survey=survey, segments=segments, caption=caption,
                      summary=summary, width=BAR_WIDTH, height=BAR_HEIGHT))


def render_timeline(timeline: dict) -> str:
    return str(render("blocks/timeline.html", timeline=timeline, columns=TIMELINE_COLUMNS))


def survey_lines(survey: dict) -> list:
    """The survey for comparing editions: its title and each answer keyed, the findings
    (which have no key) grouped under it."""
    return ([DataLine(f'{survey["title"]}（回答者 {survey["respondents"]} 名）', group="survey", item="title")]
            + [DataLine(f'{answer["label"]}：{_percent(answer["percent"])}', group="survey",
                        item=f'answer:{answer["label"]}') for answer in survey["answers"]]
            + [DataLine(finding, group="survey") for finding in survey.get("findings", [])])


def timeline_lines(timeline: dict) -> list:
    """The timeline for comparing editions, one line an entry; entries have no key (a period
    may be renamed), so they pair by likeness among themselves."""
    return [DataLine("　".join(part for part in (entry["when"], *(entry.get(key, "") for key, _ in TIMELINE_COLUMNS))
                              if part), group="timeline")
            for entry in timeline["entries"]]
