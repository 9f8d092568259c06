"""Word-list matching: whole words, any case, phrases across line breaks, longest first."""
from dipevents.extractors.lexicon import compile_words


def test_whole_words_any_case_longest_first():
    m = compile_words(["said", "called", "called for", "U.N.", "Indo-Pacific"])
    text = "Japan Called for talks.\nIt said\nnothing; the U.N. and the Indo-Pacific. unsaid, recalled, called-off"
    found = [(x.group(), x.start()) for x in m.finditer(text)]
    assert [g for g, _ in found] == ["Called for", "said", "U.N", "Indo-Pacific"]
    assert all(text[s:s + len(g)] == g for g, s in found)


def test_phrases_span_line_breaks_and_respect_bounds():
    m = compile_words(["held talks"])
    text = "Leaders held\ntalks on Monday and held talks again."
    assert [x.start() for x in m.finditer(text)] == [8, 33]
    assert m.search(text, 0, 15) is None  # the phrase does not fit inside the bounds
    assert m.search(text, 20).start() == 33
