"""新旧対照表 rules, on small fixture texts: one test per marking rule."""

import functools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guideline.compare.diffing import mark_changes
from guideline.compare.html import render_table
from guideline.compare.pairing import ADDED, OMITTED, REMOVED, PageComparison, compare_page, pair_items
from guideline.compare.phrases import only_function_words, words
from guideline.publish import trees

OLD = """\
# 7 在宅勤務者の心得

この章では、在宅勤務者の心得を定めます。

## ⑴ 服務 { #duties }

1. 服務の規律は職場と同じです。
1. 原則として、家族にも秘密を守ります。

## ⑵ 勤務時間 { #working-hours }

1. 勤務時間は通常勤務と同じです。

## ⑶ 育児・介護 { #childcare }

1. 育児をしながら勤務することはできません。

## ⑷ 廃止する節 { #old-rule }

1. この節は次の版でなくなります。
"""


def docs_with(tmp_path: Path, name: str, text: str) -> Path:
    docs = tmp_path / name
    (docs / "guideline").mkdir(parents=True)
    (docs / "guideline/07-staff.md").write_text(text, encoding="utf-8")
    return docs


def compare(tmp_path, new_text, old_text=OLD):
    return compare_page("guideline/07-staff.md", docs_with(tmp_path, "old", old_text),
                        docs_with(tmp_path, "new", new_text))


def rows_as_text(comparison):
    """Each row as (new, old), changed wording in 【】, labels as they are."""
    def show(cell):
        return cell.label or "".join(f"【{text}】" if changed else text for text, changed in cell.parts)
    return [(show(row.new), show(row.old)) for row in comparison.rows]


def test_identical_pages_are_the_same(tmp_path):
    assert compare(tmp_path, OLD).status == "same"


def test_a_changed_phrase_is_underlined_alone(tmp_path):
    rows = rows_as_text(compare(tmp_path, OLD.replace("原則として、家族", "家族")))
    assert ("イ　家族にも秘密を守ります。", "イ　【原則として、】家族にも秘密を守ります。") in rows


def test_unchanged_sections_fold_into_one_omission(tmp_path):
    rows = rows_as_text(compare(tmp_path, OLD.replace("原則として、家族", "家族")))
    # the title and its introduction are unchanged; ⑴ changed in its second item;
    # ⑵ to ⑷ are unchanged and read as one （略）, not a heading each
    assert rows == [
        (OMITTED, OMITTED),
        ("⑴ 服務", "⑴ 服務"), (OMITTED, OMITTED),
        ("イ　家族にも秘密を守ります。", "イ　【原則として、】家族にも秘密を守ります。"),
        (OMITTED, OMITTED),
    ]


def test_a_section_added_whole_reads_shinsetsu_on_the_old_side(tmp_path):
    new = OLD.replace("## ⑶ 育児・介護", "## ⑶ 服装 { #dress }\n\n服装に気を付けましょう。\n\n## ⑷ 育児・介護") \
             .replace("⑷ 廃止する節", "⑸ 廃止する節")
    rows = rows_as_text(compare(tmp_path, new))
    start = rows.index(("【⑶ 服装】", ADDED))
    assert rows[start + 1] == ("【服装に気を付けましょう。】", ADDED)


def test_a_removed_section_reads_kezuru_on_the_new_side(tmp_path):
    new = OLD.split("## ⑷ 廃止する節")[0]
    rows = rows_as_text(compare(tmp_path, new))
    assert rows[-2:] == [(REMOVED, "【⑷ 廃止する節】"), (REMOVED, "【ア　この節は次の版でなくなります。】")]


def test_a_renumbered_section_is_aligned_by_its_anchor(tmp_path):
    # ⑵ moves to ⑶ behind a new ⑵; its text is unchanged, so only the numeral is marked.
    new = OLD.replace("## ⑵ 勤務時間", "## ⑵ 新しい節 { #new-rule }\n\n1. 新しい定めです。\n\n## ⑶ 勤務時間") \
             .replace("## ⑶ 育児・介護", "## ⑷ 育児・介護").replace("## ⑷ 廃止する節", "## ⑸ 廃止する節")
    rows = rows_as_text(compare(tmp_path, new))
    working_hours = rows.index(("【⑶】 勤務時間", "【⑵】 勤務時間"))
    assert rows[working_hours + 1] == (OMITTED, OMITTED)
    assert rows[working_hours + 2] == ("【⑷】 育児・介護", "【⑶】 育児・介護")
    assert ("【⑵ 新しい節】", ADDED) in rows


def test_a_moved_section_is_not_a_removal_and_an_addition(tmp_path):
    moved = OLD.replace("## ⑵ 勤務時間 { #working-hours }\n\n1. 勤務時間は通常勤務と同じです。\n\n", "") \
        + "\n## ⑸ 勤務時間 { #working-hours }\n\n1. 勤務時間は通常勤務と同じです。\n"
    rows = rows_as_text(compare(tmp_path, moved))
    assert all(ADDED not in row and REMOVED not in row for row in rows)


def test_html_underlines_both_sides_with_the_note(tmp_path):
    html = render_table(compare(tmp_path, OLD.replace("原則として、家族", "家族")), caption="7")
    assert "（傍線部分は改正部分）" in html
    assert '<del class="gl-mark">原則として、</del>' in html
    assert html.index("改正後") < html.index("改正前")


def test_each_comparison_shows_its_own_rows_however_many_come_and_go(tmp_path):
    """A comparison's rows are rendered once and shown again in its other tables (page and
    paper); one made after another is gone shows its own, even in the place in memory the
    other had."""
    texts = [OLD.replace("家族にも秘密を守ります。", f"家族にも第{number}条の秘密を守ります。") for number in range(2)]
    rows = [compare(tmp_path / str(number), text).rows for number, text in enumerate(texts)]
    places = set()
    for attempt in range(50):
        number = attempt % 2
        comparison = PageComparison("guideline/07-staff.md", "7", "changed", rows[number])
        places.add(id(comparison))
        page, paper = (render_table(comparison, caption="7", paper_heading=on_paper) for on_paper in (False, True))
        assert f"第{number}条の" in page and f"第{1 - number}条の" not in page
        assert f"第{number}条の" in paper and paper.count("<tr") == page.count("<tr") + 1
        del comparison
    assert len(places) < 50  # some came in the place of one gone before


def test_data_driven_parts_are_compared_as_the_reader_sees_them(tmp_path):
    checklist = ('checklists:\n  - id: before\n    title: 実施前\n    audience: 職員\n'
                 '    items:\n      - text: {}\n')
    page = '# 4 準備\n\n## ⑺ チェックリスト { #checklist }\n\n{{ checklist("before") }}\n'
    trees = []
    for name, item in (("old", "承認を得た"), ("new", "所属長の承認を得た")):
        docs = tmp_path / name
        (docs / "guideline").mkdir(parents=True)
        (docs / "data").mkdir()
        (docs / "guideline/04-preparation.md").write_text(page, encoding="utf-8")
        (docs / "data/checklists.yml").write_text(checklist.format(item), encoding="utf-8")
        trees.append(docs)
    rows = rows_as_text(compare_page("guideline/04-preparation.md", *trees))
    assert ("□ 【所属長の】承認を得た", "□ 承認を得た") in rows


JAPANESE = st.text(alphabet="あいうえおかきくけこ在宅勤務時間外申請承認、。「」（）ア1 ", max_size=60)


@settings(max_examples=300, deadline=None)
@given(old=JAPANESE, new=JAPANESE)
def test_without_the_marks_each_column_is_its_text(old, new):
    old_parts, new_parts = mark_changes(old, new)
    assert "".join(text for text, _ in old_parts) == old
    assert "".join(text for text, _ in new_parts) == new


@settings(max_examples=200, deadline=None)
@given(old=JAPANESE, new=JAPANESE)
def test_no_mark_is_a_lone_particle_or_ending(old, new):
    for text, parts in zip((old, new), mark_changes(old, new), strict=False):
        if only_function_words(text):
            continue  # nothing else to underline with it
        assert not [mark for mark, start, changed in placed(parts) if changed and function_words_only(text, start, mark)]


def placed(parts):
    """Each segment with where it starts in its text."""
    start = 0
    for mark, changed in parts:
        yield mark, start, changed
        start += len(mark)


def function_words_only(text: str, start: int, mark: str) -> bool:
    """Whether the words under a mark are particles, endings or punctuation alone, as the
    analyser reads them in their sentence (い before 1 is 行く, a verb; い alone is a particle)."""
    under = [word for word in words(text) if word.start < start + len(mark) and word.end > start]
    return bool(under) and all(word.is_function for word in under)


@settings(max_examples=200, deadline=None)
@given(text=JAPANESE)
def test_nothing_is_marked_in_identical_text(text):
    old_parts, new_parts = mark_changes(text, text)
    assert not any(changed for _, changed in old_parts + new_parts)


@pytest.mark.parametrize("old, new, marked_old, marked_new", [
    ("原則として、時間外勤務は命じません。", "時間外勤務は命じません。", ["原則として、"], []),
    # An insertion inside a phrase marks the whole phrase on both sides.
    ("在宅勤務は1日単位で実施します。", "在宅勤務は1日単位又は半日単位で実施します。",
     ["1日単位で"], ["1日単位又は半日単位で"]),
    ("所属長の承認を得てください。", "所属長の許可を受けてください。", ["承認を得て"], ["許可を受けて"]),
    # A changed particle is underlined with its word, never alone.
    ("所属長の承認を得る。", "所属長に承認を得る。", ["所属長の"], ["所属長に"]),
    ("在宅勤務を一回行ってみる。", "在宅勤務を1回やってみる。", ["一回行って"], ["1回やって"]),
    # Marks kept apart by a particle alone become one.
    ("資料を持ち出すことは禁止する。", "書類を持ち帰ることは禁止する。", ["資料を持ち出す"], ["書類を持ち帰る"]),
    # A whole phrase inserted at a phrase boundary leaves the old side unmarked.
    ("時間外勤務は命じません。", "原則として、時間外勤務は命じません。", [], ["原則として、"]),
])
def test_marks_fall_on_phrases(old, new, marked_old, marked_new):
    old_parts, new_parts = mark_changes(old, new)
    assert [text for text, changed in old_parts if changed] == marked_old
    assert [text for text, changed in new_parts if changed] == marked_new


# Rows by identity and likeness: hand-made sections, items aligned as a 新旧対照表 aligns them.

STAFF = "# 7 心得\n\n## ⑴ 服務 { #duties }\n\nITEMS\n"


def items(*texts):
    return "\n".join(f"1. {text}" for text in texts)


def test_a_rewritten_item_is_one_row_with_old_opposite_new(tmp_path):
    old = STAFF.replace("ITEMS", items("服務の規律は職場と同じです。", "原則として、家族にも秘密を守ります。",
                                       "勤務中は私用をしません。"))
    new = STAFF.replace("ITEMS", items("服務の規律は職場と同じです。", "業務で知った秘密は、家族にも話しません。",
                                       "勤務中は私用をしません。"))
    comparison = compare(tmp_path, new, old)
    changed = [row for row in comparison.rows if row.kind == "text"]
    assert len(changed) == 1 and changed[0].one_sided is None
    text = rows_as_text(comparison)
    assert ("イ　【業務で知った秘密は】、家族にも【話しません】。", "イ　【原則として】、家族にも【秘密を守ります】。") in text


def test_an_item_replaced_by_unrelated_text_is_removed_beside_added(tmp_path):
    old = STAFF.replace("ITEMS", items("服務の規律は職場と同じです。", "秘密を守ります。", "勤務中は私用をしません。"))
    new = STAFF.replace("ITEMS", items("服務の規律は職場と同じです。", "業務で知った情報は、家族にも話しません。",
                                       "勤務中は私用をしません。"))
    rows = rows_as_text(compare(tmp_path, new, old))
    assert rows[-3:] == [(REMOVED, "【イ　秘密を守ります。】"),
                         ("【イ　業務で知った情報は、家族にも話しません。】", ADDED),
                         (OMITTED, OMITTED)]


def test_an_inserted_item_reads_shinsetsu_and_the_rest_shift_by_one(tmp_path):
    old = STAFF.replace("ITEMS", items("規律を守ります。", "秘密を守ります。", "私用をしません。"))
    new = STAFF.replace("ITEMS", items("規律を守ります。", "始業と終業を報告します。", "秘密を守ります。", "私用をしません。"))
    rows = rows_as_text(compare(tmp_path, new, old))
    assert rows[-4:] == [
        (OMITTED, OMITTED),
        ("【イ　始業と終業を報告します。】", ADDED),
        ("【ウ】　秘密を守ります。", "【イ】　秘密を守ります。"),
        ("【エ】　私用をしません。", "【ウ】　私用をしません。"),
    ]


def test_a_deleted_item_reads_kezuru_where_it_stood(tmp_path):
    old = STAFF.replace("ITEMS", items("規律を守ります。", "始業と終業を報告します。", "秘密を守ります。"))
    new = STAFF.replace("ITEMS", items("規律を守ります。", "秘密を守ります。"))
    rows = rows_as_text(compare(tmp_path, new, old))
    assert rows[-2:] == [(REMOVED, "【イ　始業と終業を報告します。】"),
                         ("【イ】　秘密を守ります。", "【ウ】　秘密を守ります。")]


@pytest.mark.parametrize("old, new, expected", [
    # nothing alike: each stays alone, old and new interleaved as they stood
    (["甲", "乙"], ["丙", "丁"], [("甲", None), (None, "丙"), ("乙", None), (None, "丁")]),
    # one more new: the one like nothing stays alone, the others keep their order
    (["在宅勤務の申請", "服装の決まり"], ["在宅勤務の申請書", "休憩の取り方", "服装の決まり事"],
     [("在宅勤務の申請", "在宅勤務の申請書"), (None, "休憩の取り方"), ("服装の決まり", "服装の決まり事")]),
    # one fewer new: the removed one is the one nothing resembles
    (["在宅勤務の申請", "休憩の取り方", "服装の決まり"], ["在宅勤務の申請書", "服装の決まり事"],
     [("在宅勤務の申請", "在宅勤務の申請書"), ("休憩の取り方", None), ("服装の決まり", "服装の決まり事")]),
    # alike, but further down: likeness wins over position
    (["服装の決まり"], ["休憩の取り方", "服装の決まり事"], [(None, "休憩の取り方"), ("服装の決まり", "服装の決まり事")]),
    # equally alike: position decides, the earlier one pairs
    (["服装の決まり"], ["服装の決まり事", "服装の決まり事"], [("服装の決まり", "服装の決まり事"), (None, "服装の決まり事")]),
    # sharing only endings is not alike
    (["甲について定めます。"], ["丙を加えます。"], [("甲について定めます。", None), (None, "丙を加えます。")]),
    ([], ["乙"], [(None, "乙")]),
])
def test_items_pair_by_likeness_in_order(old, new, expected):
    assert pair_items(old, new) == expected


def test_data_lines_pair_by_their_item_whatever_their_text():
    from guideline.render.items import DataLine
    def task(text, item):
        return DataLine(text, group="tasks", item=item)
    old = [task("窓口・電話での応対", "counter"), task("個人情報を扱う業務", "personal")]
    new = [task("データ作成等", "data-entry"), task("来客と電話の応対", "counter"), task("個人情報を扱う業務", "personal")]
    assert pair_items(old, new) == [(None, new[0]), (old[0], new[1]), (old[1], new[2])]
    # an item of a checklist is never the amended form of prose, or of another checklist's item
    prose, entry = "在宅勤務を申請した", DataLine("在宅勤務を申請した", group="checklist:before")
    assert pair_items([prose], [entry]) == [(prose, None), (None, entry)]
    other = DataLine("在宅勤務を申請した", group="checklist:workday")
    assert pair_items([entry], [other]) == [(entry, None), (None, other)]


def test_a_task_table_row_pairs_with_its_task_and_a_new_task_reads_shinsetsu(tmp_path):
    task = "  - id: {id}\n    category: {category}\n    suitable: true\n    where: [自宅]\n"
    places = "places:\n  - id: 自宅\n    label: 自宅\ntasks:\n"
    page = "# 2 業務\n\n## ⑴ 適した業務 { #suitable }\n\n{{ task_table() }}\n"
    trees = []
    for name, tasks in (("old", [("tabulation", "集計作業"), ("other", "その他")]),
                        ("new", [("tabulation", "集計作業"), ("data-entry", "データ作成等"), ("other", "ｅラーニング受講")])):
        docs = tmp_path / name
        (docs / "guideline").mkdir(parents=True)
        (docs / "data").mkdir()
        (docs / "guideline/02-tasks.md").write_text(page, encoding="utf-8")
        (docs / "data/tasks.yml").write_text(places + "".join(task.format(id=i, category=c) for i, c in tasks),
                                             encoding="utf-8")
        trees.append(docs)
    rows = compare_page("guideline/02-tasks.md", *trees).rows
    assert rows_as_text(PageComparison("", "", "", rows[-2:])) == [
        ("【データ作成等　自宅：○】", ADDED), ("【ｅラーニング受講】　自宅：○", "【その他】　自宅：○")]


def test_a_question_rewritten_with_a_new_anchor_is_one_section(tmp_path):
    old = "# よくある質問\n\n## 自宅に回線がないときは？ { #no-line }\n\n在宅勤務はできません。\n"
    new = "# よくある質問\n\n## 自宅にパソコンがないときは？ { #no-pc }\n\nタブレット型PCを借りられます。\n"
    rows = rows_as_text(compare(tmp_path, new, old))
    assert rows[1:] == [("自宅に【パソコンが】ないときは？", "自宅に【回線が】ないときは？"),
                        (REMOVED, "【在宅勤務はできません。】"), ("【タブレット型PCを借りられます。】", ADDED)]


def test_a_question_replaced_by_an_unrelated_one_is_removed_and_added(tmp_path):
    old = "# よくある質問\n\n## 自宅に回線がないときは？ { #no-line }\n\n在宅勤務はできません。\n"
    new = "# よくある質問\n\n## 服装に決まりはありますか？ { #dress }\n\n決まりはありません。\n"
    rows = rows_as_text(compare(tmp_path, new, old))
    assert ("【服装に決まりはありますか？】", ADDED) in rows and (REMOVED, "【自宅に回線がないときは？】") in rows


# The real editions: every pair the site publishes.

@functools.lru_cache(maxsize=1)
def _analyser():
    from sudachipy import Dictionary
    return Dictionary(dict="small").tokenizer()


def _lone(mark: str) -> bool:
    """The issue's measure: a mark of particles, endings, suffixes or punctuation only
    (⑴ reads as bracket, number, bracket: a number is content)."""
    tokens = list(_analyser().tokenize(mark))
    return bool(tokens) and all(
        m.part_of_speech()[0] in {"助詞", "助動詞", "接尾辞", "空白"}
        or m.part_of_speech()[1] in {"読点", "句点", "括弧開", "括弧閉"} or m.normalized_form() == "為る"
        for m in tokens)


def _alike_left_apart(old: list, new: list) -> list:
    """(old, new) blocks that could be one item but were left alone, a （削る） and a （新設）
    with nothing paired between them: one rewritten item shown as two."""
    from guideline.compare.pairing import one_item, pair_items
    found, removed, added = [], [], []
    for old_block, new_block in pair_items(old, new) + [("", "")]:
        if old_block is None or new_block is None:
            (added if old_block is None else removed).append(old_block if new_block is None else new_block)
            continue
        found += [(o, n) for o in removed for n in added if one_item(o, n)]
        removed, added = [], []
    return found


@pytest.fixture(scope="module")
def edition_docs(tmp_path_factory):
    from guideline.content import editions
    project = Path(__file__).resolve().parents[1]
    manifest = editions.load_manifest(project)
    scratch = tmp_path_factory.mktemp("editions")
    return {e.id: trees.content_dir(e, project_dir=project, scratch=scratch) for e in manifest.editions}


@pytest.fixture(scope="module")
def edition_pairs(edition_docs):
    """Every two editions, the newer compared with the older: each edition with the one before
    it (its 改訂内容 page) and with every earlier one (its 版を比べる pages)."""
    from guideline.compare.pairing import compare_trees
    ids = list(edition_docs)
    return {(old, new): compare_trees(edition_docs[old], edition_docs[new])
            for position, new in enumerate(ids) for old in ids[:position]}


def test_real_editions_have_no_lone_particle_marks(edition_pairs):
    lone = [(pair, c.src, text) for pair, comparisons in edition_pairs.items() for c in comparisons
            for row in c.rows for cell in (row.old, row.new) for text, changed in cell.parts
            if changed and _lone(text)]
    assert lone == []


def test_real_editions_set_side_by_side_only_what_belongs_together(edition_pairs):
    """No row holds two texts that share almost nothing (51 such rows when rows were paired
    by position: 新「個人情報を扱う業務」 beside 旧「ウ　例示は、…見直します。」 and the like)."""
    from mispairs import mispaired
    assert [(pair, row) for pair, comparisons in edition_pairs.items() for row in mispaired(comparisons)] == []


def test_real_editions_show_no_rewritten_item_as_an_added_and_a_removed_row(edition_docs):
    from guideline.compare.pairing import aligned, pages_of, rewritten
    from guideline.compare.reader import page_sections
    ids = list(edition_docs)
    split = []
    for position, new in enumerate(ids):
        for old in ids[:position]:
            old_docs, new_docs = edition_docs[old], edition_docs[new]
            for src in sorted(pages_of(old_docs) & pages_of(new_docs)):
                sections = rewritten(list(aligned(page_sections(old_docs, src), page_sections(new_docs, src))))
                split += [(old, new, src, pair) for a, b in sections if a and b
                          for pair in _alike_left_apart(a.blocks, b.blocks)]
    assert split == []


def test_real_editions_fold_unchanged_faq_headings(edition_pairs):
    """An unchanged section is part of a （略）, not its heading over a （略） of its own."""
    for comparisons in edition_pairs.values():
        for c in comparisons:
            kinds = [row.kind for row in c.rows]
            assert not any(a == b == "omitted" for a, b in zip(kinds, kinds[1:], strict=False)), c.src
            sections = "".join("H" if row.kind == "heading" else "o" if row.kind == "omitted" else "t"
                               for row in c.rows)
            headings_with_nothing_changed = [part for part in sections.split("H")[1:] if "t" not in part]
            retitled = sum(row.kind == "heading" and any(changed for _, changed in row.new.parts)
                           for row in c.rows)
            assert len(headings_with_nothing_changed) <= retitled, c.src


def test_pages_come_in_reading_order(edition_pairs):
    order = [c.src for c in edition_pairs[("2020.10", "2021.03")]]
    assert order[:3] == ["index.md", "guideline/index.md", "guideline/01-start.md"]
    chapters = [src for src in order if src.startswith("guideline/") and src != "guideline/index.md"]
    assert chapters == sorted(chapters) and len(chapters) == 10
    assert order.index("guideline/10-accidents.md") < order.index("checklists.md") < order.index("faq/index.md")


# Revision notes and the 版を比べる page, on hand-made editions.

def _edition(id_, date, status="official"):
    from guideline.content.editions import Edition
    return Edition(id=id_, title=f"版{id_}", status=status, date=date,
                   ref="worktree" if status == "draft" else "0" * 40, summary="")


def test_a_revised_section_names_each_edition_that_revised_it():
    from guideline.compare.edition_pages import with_revision_notes
    first, second, draft = _edition("2021.03", "2021-03"), _edition("2021.10", "2021-10"), \
        _edition("draft", "2022-03", "draft")
    markdown = ("# 7 心得\n\n## ⑴ 服務 { #duties }\n\n本文\n\n```\n## ⑴ 服務 { #duties }\n```\n\n"
                "## ⑵ 勤務時間 { #hours }\n\n本文\n")
    history = {("guideline/07-staff.md", "duties"): [(first, "ch07-duties", True), (draft, "ch07-duties", False)]}
    out = with_revision_notes(markdown, src="guideline/07-staff.md", history=history, current=draft, depth=2)
    assert out.count("gl-revised") == 1  # not in the code block, not on ⑵
    note = out[out.index("<p class"):out.index("</p>") + 4]
    assert out.index(note) > out.index("## ⑴ 服務") and out.index(note) < out.index("本文")
    assert ('改正: <a href="../../../2021.03/changes/#ch07-duties">令和3年3月（新設）</a>、'
            '<a href="../../changes/#ch07-duties">令和4年3月（改訂案）</a>') in note
    assert second.id not in note


def test_the_picker_offers_every_pair_up_to_this_edition():
    from guideline.compare.edition_pages import _pair_link
    from guideline.compare.html import render_picker_page
    first, second, third = _edition("2020.09", "2020-09"), _edition("2020.10", "2020-10"), _edition("2021.03", "2021-03")
    page = render_picker_page(current=third, older=[first, second], link=_pair_link(third))
    links = re.findall(r'<li><a href="([^"]+)">', page)
    assert links == ["2020.10/", "2020.09/", "../../2020.10/compare/2020.09/"]
    assert 'data-current="2021.03"' in page and "<script" in page
    alone = render_picker_page(current=first, older=[], link=_pair_link(first))
    assert "最初の版" in alone and "<form" not in alone


def test_titles_from_the_manifest_are_escaped_in_every_page():
    from guideline.compare.html import render_changes_page, render_document
    from guideline.compare.pairing import Cell, PageComparison, Row
    hostile = '<script>alert("x")</script>'
    comparison = PageComparison("faq/index.md", hostile, "changed",
                                [Row("text", Cell(parts=[(hostile, True)]), Cell(parts=[("a\n\nb", False)]))])
    for page in (render_changes_page([comparison], new_title=hostile, old_title=hostile),
                 render_document([comparison], new_title=hostile, old_title=hostile)):
        assert "<script>" not in page and "&lt;script&gt;" in page
        assert "a&#10;&#10;b" in page  # a blank line would end the table's HTML block in Markdown


# `guideline compare`, in a throwaway clone.

@pytest.fixture(scope="module")
def feature_branch(tmp_path_factory):
    """A clone with `main` and a feature branch that changes the FAQ (committed) and a
    checklist item (not yet committed)."""
    import subprocess

    from helpers import copy_project
    repo = copy_project(tmp_path_factory.mktemp("feature") / "repo")
    def run(*args):
        return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)
    run("checkout", "-q", "-B", "main")
    run("add", "-A")
    run("commit", "-q", "--allow-empty", "-m", "base")
    run("checkout", "-q", "-b", "feature")
    faq = repo / "docs/faq/index.md"
    faq.write_text(faq.read_text(encoding="utf-8").replace("服装に決まりはありますか？", "服装の決まりはありますか？"),
                   encoding="utf-8")
    run("commit", "-q", "-am", "FAQ")
    checklists = repo / "docs/data/checklists.yml"
    text = checklists.read_text(encoding="utf-8")
    checklists.write_text(text.replace("text: ", "text: 必ず", 1), encoding="utf-8")
    return repo


def test_since_main_shows_the_pull_request_alone(feature_branch, tmp_path, capsys):
    from guideline.cli.driver import main
    out = tmp_path / "新旧対照表.html"
    assert main(["--project", str(feature_branch), "compare", "--since", "main", "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    sections = re.findall(r'<h2 id="[^"]*">([^<]*)</h2>', html)
    # the checklist shows on chapter 4 and on the checklist page; reading order
    assert sections == ["4 在宅勤務をするにはどうするの？（準備）", "チェックリスト", "よくある質問"]
    shown = re.sub(r"<[^>]+>", "", html)
    assert "服装の決まりはありますか？" in shown and "必ず在宅勤務を申請し" in shown
    title = re.search(r"<title>(.*)</title>", html).group(1)
    assert "松本市テレワークガイドライン" in title and "作業中の原稿" in title and "main との分岐点" in title
    assert not re.search(r"<caption>[^<]*\.md", html)
    assert out.stat().st_mode & 0o777 == 0o666 & ~_umask()  # 0644 under the usual umask, not 0600


def _umask() -> int:
    import os
    current = os.umask(0)
    os.umask(current)
    return current


def test_since_an_unknown_branch_is_explained(feature_branch, capsys):
    from guideline.cli.driver import main
    assert main(["--project", str(feature_branch), "compare", "--since", "no-such-branch"]) == 1
    assert "no-such-branch" in capsys.readouterr().err


# The published editions (conftest's `published`).

def _branch_page(published, path):
    from bs4 import BeautifulSoup

    from guideline.publish import git_utils
    from helpers import BRANCH
    html = git_utils.read_file(BRANCH, path, cwd=published[0])
    return None if html is None else BeautifulSoup(html, "html.parser")


def _edition_ids():
    from guideline.content import editions
    return [e.id for e in editions.load_manifest(Path(__file__).resolve().parents[1]).editions]


@pytest.mark.build
@pytest.mark.parametrize("edition", _edition_ids())
def test_every_edition_has_its_comparison_pages_in_the_navigation(published, edition):
    page = _branch_page(published, f"{edition}/index.html")
    titles = {link.get_text(" ", strip=True): link["href"] for link in page.select("nav.md-nav--primary a.md-nav__link")}
    assert titles.get("改訂内容") == "changes/" and titles.get("版を比べる") == "compare/"


@pytest.mark.build
def test_each_edition_compares_with_every_earlier_one_and_no_later(published):
    ids = _edition_ids()
    for position, edition in enumerate(ids):
        for other in ids:
            page = _branch_page(published, f"{edition}/compare/{other}/index.html")
            assert (page is not None) == (other in ids[:position]), (edition, other)
    table = _branch_page(published, f"draft/compare/{ids[0]}/index.html").select_one("table.gl-compare")
    assert table.select("ins.gl-mark") and table.select("del.gl-mark")


@pytest.mark.build
def test_comparison_pages_take_the_whole_width_and_cover_every_page_kind(published):
    page = _branch_page(published, "draft/changes/index.html")
    assert page.select_one(".md-sidebar--secondary") is None or page.select_one(".md-sidebar--secondary[hidden]")
    listed = [link.get_text() for link in page.select("#changed + ul a")]
    assert "よくある質問" in listed and "松本市テレワークガイドライン" in listed
    captions = [caption.get_text() for caption in page.select("table.gl-compare caption")]
    assert captions == listed  # page titles only


@pytest.mark.build
def test_a_revision_note_leads_to_that_editions_row(published):
    import posixpath
    page = _branch_page(published, "draft/guideline/07-staff/index.html")
    notes = page.select("p.gl-revised a")
    assert notes, "chapter 7 changed in some edition"
    for link in notes:
        path, _, row = link["href"].partition("#")
        target = posixpath.normpath(posixpath.join("draft/guideline/07-staff/", path))
        found = _branch_page(published, target + "/index.html")
        assert found is not None and found.select_one(f"tr#{row}") is not None, link["href"]
        assert "gl-compare__heading" in found.select_one(f"tr#{row}")["class"]
