"""Which edition a build is, and where a changed chapter's notice goes."""

import pytest

from guideline.content.editions import Edition, Manifest
from guideline.errors import GuidelineError
from guideline.layout import EDITION_VARIABLE
from guideline.site.edition_build import chosen_edition, with_change_notice


def edition(edition_id: str, status: str, ref: str = "0" * 40) -> Edition:
    return Edition(id=edition_id, title=edition_id, status=status, date="2021-03", ref=ref, summary="")


OFFICIAL = [edition("2020.09", "provisional"), edition("2021.03", "official")]
WITH_DRAFT = Manifest([*OFFICIAL, edition("draft", "draft", ref="worktree")])


def test_the_working_tree_is_the_draft():
    assert chosen_edition(WITH_DRAFT, environ={}).id == "draft"


def test_without_a_draft_the_working_tree_is_the_newest_edition():
    assert chosen_edition(Manifest(OFFICIAL), environ={}).id == "2021.03"


def test_publish_names_the_edition_it_builds():
    assert chosen_edition(WITH_DRAFT, environ={EDITION_VARIABLE: "2020.09"}).id == "2020.09"
    assert chosen_edition(WITH_DRAFT, environ={EDITION_VARIABLE: ""}).id == "draft"


def test_an_unknown_edition_is_named_with_the_known_ones():
    with pytest.raises(GuidelineError, match="版 '2019.01' はありません（あるもの: 2020.09, 2021.03, draft）"):
        chosen_edition(WITH_DRAFT, environ={EDITION_VARIABLE: "2019.01"})


def notice_at(markdown: str) -> int:
    """The line the notice starts on."""
    lines = with_change_notice(markdown, src="guideline/07-staff.md", anchor="ch07").splitlines()
    return next(number for number, line in enumerate(lines) if "gl-change-notice" in line)


def test_the_notice_sits_under_the_title_and_links_to_the_chapters_entry():
    markdown = "# 7 在宅勤務者の心得\n\n本文\n"
    result = with_change_notice(markdown, src="guideline/07-staff.md", anchor="ch07")
    assert result.startswith("# 7 在宅勤務者の心得\n")
    assert "[改訂内容（新旧対照表）](../changes.md#ch07)" in result
    assert result.endswith("本文\n")


def test_the_notice_skips_a_title_shown_as_code_and_second_level_headings():
    markdown = "```\n# コード\n```\n\n## ⑴ 節\n\n# 7 心得\n本文"
    assert notice_at(markdown) == 8  # after "# 7 心得" (line 7) and a blank line


def test_a_page_without_a_title_gets_the_notice_first():
    assert notice_at("本文だけ\n") == 1
