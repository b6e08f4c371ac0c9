"""The 目次 numbers set into an edition's one print: the stand-ins and the reading of the fonts
Chromium embeds (the print itself: test_documents)."""

from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject, NumberObject

from guideline.documents.contents_numbers import _Font, _renumbered, stand_ins


def test_the_first_four_stand_ins_of_a_level_hold_every_digit_and_none_repeats_the_one_before():
    levels = [1, 2, 2, 1, 2, 2, 2, 1, 1, 2, 1, 2]
    found = stand_ins(levels)
    assert all(len(each) == 3 and each.isdigit() for each in found)
    for level in (1, 2):
        own = [each for each, at in zip(found, levels, strict=True) if at == level]
        assert set("".join(own[:4])) == set("0123456789")
        assert all(a != b for a, b in zip(own, own[1:], strict=False))


def font(cmap: str, widths: list) -> _Font:
    """A Type0 font as Chromium embeds it: two-byte codes, a ToUnicode CMap, a W array."""
    to_unicode = DecodedStreamObject()
    to_unicode.set_data(cmap.encode("latin-1"))
    descendant = DictionaryObject({NameObject("/DW"): NumberObject(1000), NameObject("/W"): ArrayObject(widths)})
    return _Font(DictionaryObject({NameObject("/ToUnicode"): to_unicode,
                                   NameObject("/DescendantFonts"): ArrayObject([descendant])}))


def test_a_font_says_which_codes_draw_the_digits_and_how_wide_they_are():
    cmap = ("2 beginbfchar\n<0010> <0031>\n<0011> <0032>\nendbfchar\n"
            "2 beginbfrange\n<0020> <0022> <0033>\n<0030> <0031> [<0036> <0037>]\nendbfrange\n")
    numbers = [NumberObject(16), ArrayObject([FloatObject(500), FloatObject(520)]),
               NumberObject(32), NumberObject(34), FloatObject(480)]
    read = font(cmap, numbers)
    assert read.codes("12345") == bytes.fromhex("00100011002000210022")
    assert read.codes("67") == bytes.fromhex("00300031")
    assert read.text(bytes.fromhex("00110022")) == "25"
    assert read.codes("8") is None and read.text(bytes.fromhex("0099")) is None
    assert read.width(bytes.fromhex("001000110021")) == 500 + 520 + 480
    assert read.width(bytes.fromhex("0030")) == 1000  # no width given: the default


class OneFont:
    def __init__(self, found: _Font):
        self.found = found

    def get(self, name: str) -> _Font:
        return self.found


def test_a_number_moves_right_by_what_it_is_narrower_and_a_line_drawn_to_its_width_stops_it():
    digits = font("1 beginbfrange\n<0010> <0019> <0030>\nendbfrange\n",
                  [NumberObject(16), NumberObject(25), FloatObject(500)])  # 0-9, each half an em
    drawn = b"BT\n/F4 14 Tf\n1 0 0 -1 100 1070 Tm\n<001000110012> Tj\nET\n"  # "012"
    page, found = _renumbered(b"q\n" + drawn + b"Q\n", [("012", "7")], fonts=OneFont(digits))
    assert found == 1 and b"1 0 0 -1 114 1070 Tm\n<0017> Tj" in page  # two digits of 7 points further right
    underlined = b"100 1073 21 1 re\nf\n" + drawn
    assert _renumbered(underlined, [("012", "7")], fonts=OneFont(digits)) == (None, 0)
    assert _renumbered(drawn, [("012", "Ω")], fonts=OneFont(digits)) == (None, 0)
