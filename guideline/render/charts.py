"""Figures drawn at build time: the survey as inline SVG plus a table, the timeline table."""

from html import escape
from itertools import cycle

from guideline.render.items import DataLine

BAR_WIDTH, BAR_HEIGHT = 600, 36
# Dark enough against white for the 3:1 non-text contrast of WCAG 2.x 1.4.11.
COLOURS = ("#1f4e9c", "#6b7a8f", "#b3261e", "#2e7d32", "#7b1fa2")


def _percent(value) -> str:
    return f"{value:g}%"


def render_survey(survey: dict) -> str:
    answers = survey["answers"]
    summary = "、".join(f'{answer["label"]} {_percent(answer["percent"])}' for answer in answers)
    caption = f'{escape(survey["title"])}（回答者 {survey["respondents"]} 名）'
    return (
        '<figure class="gl-survey">\n'
        f'<figcaption>{caption}</figcaption>\n'
        f'{_render_bar(answers, title=caption, description=escape(summary))}\n'
        f'{_render_legend(answers)}\n'
        f'{_render_survey_table(survey)}\n'
        f'{_render_findings(survey)}'
        '</figure>'
    )


def _render_bar(answers, *, title, description):
    """Shapes only: the bar stretches to any width, which would distort text in it. The
    legend under it names each segment."""
    x, segments = 0.0, []
    for colour, answer in zip(cycle(COLOURS), answers):
        width = BAR_WIDTH * answer["percent"] / 100
        segments.append(f'<rect x="{x:.1f}" y="0" width="{width:.1f}" height="{BAR_HEIGHT}" '
                        f'fill="{colour}"/>')
        x += width
    return (f'<svg class="gl-survey__bar" viewBox="0 0 {BAR_WIDTH} {BAR_HEIGHT}" role="img" '
            f'aria-label="{title}：{description}" preserveAspectRatio="none">'
            f'<title>{title}</title><desc>{description}</desc>{"".join(segments)}</svg>')


def _render_legend(answers):
    entries = "".join(
        # An SVG rectangle, not a style attribute: the site's CSP allows no inline styles.
        f'<li><svg class="gl-survey__swatch" viewBox="0 0 1 1" aria-hidden="true" focusable="false">'
        f'<rect width="1" height="1" fill="{colour}"/></svg>'
        f'{escape(answer["label"])} {_percent(answer["percent"])}</li>'
        for colour, answer in zip(cycle(COLOURS), answers))
    return f'<ul class="gl-survey__legend" aria-hidden="true">{entries}</ul>'


def _render_survey_table(survey):
    rows = "".join(
        f'<tr><th scope="row">{escape(answer["label"])}</th>'
        f'<td>{_percent(answer["percent"])}</td>'
        f'<td>約 {round(survey["respondents"] * answer["percent"] / 100)} 名</td></tr>'
        for answer in survey["answers"])
    return ('<table class="gl-survey__table"><thead><tr><th scope="col">回答</th>'
            '<th scope="col">割合</th><th scope="col">人数（割合からの概算）</th></tr></thead>'
            f'<tbody>{rows}</tbody></table>')


def _render_findings(survey):
    findings = "".join(f"<li>{escape(finding)}</li>" for finding in survey.get("findings", []))
    source = f'<p class="gl-survey__source">出典：{escape(survey["source"])}</p>' if "source" in survey else ""
    return (f"<ul>{findings}</ul>\n" if findings else "") + (source + "\n" if source else "")


def render_timeline(timeline: dict) -> str:
    columns = (("environment", "環境整備"), ("initiative", "取組み"), ("decision", "制度・会議"))
    head = "".join(f'<th scope="col">{label}</th>' for _, label in columns)
    rows = "\n".join(
        f'<tr><th scope="row" data-label="時期">{escape(entry["when"])}</th>'
        + "".join(f'<td data-label="{label}">{escape(entry.get(key, "")) or "―"}</td>'
                  for key, label in columns)
        + "</tr>"
        for entry in timeline["entries"])
    return (f'<table class="gl-timeline"><caption>{escape(timeline["title"])}</caption>\n'
            f'<thead><tr><th scope="col">時期</th>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody></table>')


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
    return [DataLine("　".join(part for part in (entry["when"], entry.get("environment", ""),
                                                  entry.get("initiative", ""), entry.get("decision", "")) if part),
                     group="timeline")
            for entry in timeline["entries"]]
