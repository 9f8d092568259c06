"""Sentence splitting keeps offsets into the text as read."""
from dipevents.extractors.sentences import MAX_SENTENCE, split_sentences


def test_offsets_index_the_original_text():
    text = "TOKYO: Mr. Li met U.S. officials on Monday. He said talks went well!\n\n“We agree,” she said."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "TOKYO: Mr. Li met U.S. officials on Monday.", "He said talks went well!", "“We agree,” she said."]
    for s in sentences:
        assert text[s.start:s.end] == s.text


def test_blank_lines_separate_headline_from_body():
    text = "Japan, Israel agree to boost ties\n\nWednesday, August 31, 2022\n\nBody starts here. And goes on."
    assert [s.text for s in split_sentences(text)][:2] == ["Japan, Israel agree to boost ties", "Wednesday, August 31, 2022"]


def test_start_offset_skips_header():
    text = "Header line\n\nThe body. Second one."
    sentences = split_sentences(text, start=13)
    assert sentences[0].text == "The body." and sentences[0].start == 13


def test_huge_unpunctuated_text_is_cut_into_bounded_pieces():
    text = "word " * 100_000
    sentences = split_sentences(text)
    assert all(len(s.text) <= MAX_SENTENCE for s in sentences)
    assert sum(len(s.text.split()) for s in sentences) == 100_000
