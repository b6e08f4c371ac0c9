"""The 目次 numbers set into an edition's one print: the stand-ins and the reading of the fonts
Chromium embeds (the print itself: test_documents)."""

from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject, NumberObject

from guideline.documents.contents_numbers import _Font, stand_ins


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
