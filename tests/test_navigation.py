"""An edition's navigation lists only the pages it has."""

from guideline.site.navigation import prune

NAV = [{"ホーム": "index.md"},
       {"ガイドライン": ["guideline/index.md", "guideline/01-start.md"]},
       {"この文書について": "about.md"},
       {"新しい節": ["new/a.md"]},
       {"外部": "https://example.lg.jp/"}]


def test_pages_an_edition_lacks_leave_its_navigation_and_empty_sections_go_too():
    have = {"index.md", "guideline/index.md", "guideline/01-start.md"}
    assert prune(NAV, exists=have.__contains__) == [
        {"ホーム": "index.md"},
        {"ガイドライン": ["guideline/index.md", "guideline/01-start.md"]},
        {"外部": "https://example.lg.jp/"}]


def test_the_working_text_keeps_every_entry():
    assert prune(NAV, exists=lambda path: True) == NAV
