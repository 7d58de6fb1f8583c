"""Markup features that must not depend on what a page's markup happens to number or link."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from filterkit import features
from filterkit.document import Document
from filterkit.features import NAMES, document_features
from filterkit.readers import read_string
from filterkit.segment import segment

ARTICLE = [
    "The river ferry between the two old town quarters will run again from March, after the council agreed on "
    "Tuesday to pay for a new hull and a second crew for the busy summer months.",
    "Ferry users had collected more than four thousand signatures since the service stopped last autumn, when "
    "inspectors found the old hull too thin to carry passengers safely through another winter.",
    "The new boat will take bicycles and prams, and the crossing will cost the same as a bus ticket, the "
    "transport office said, so that season tickets for the trams are valid on board as well.",
]
PAGE = """<html><head><title>River ferry returns in March</title></head><body>
<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/city">City</a></li></ul></nav>
<article class="story"><h1>River ferry returns in March</h1><div class="story-body">{paragraphs}</div></article>
<footer class="site-footer"><p>Copyright 2026 The Riverside Courier, all rights reserved.</p></footer>
</body></html>"""


def page_document(html: str) -> Document:
    return segment(next(iter(read_string(html, "html"))))


def numbered_page(salt: int) -> Document:
    """The article with each paragraph numbered as generated markup numbers it: ids and hashed class names."""
    paragraphs = "".join(f'<p id="par-{k}q7x{k * salt}zt" class="paragraph css-{salt}h{k}x9ab">{text}</p>'
                         for k, text in enumerate(ARTICLE, 1))
    return page_document(PAGE.format(paragraphs=paragraphs))


def test_generated_ids_and_hashed_classes_do_not_change_the_features():
    """Two numberings of the same page are the same page. With the numbers, each paragraph was a container of its
    own (so no article was the page's main container) and their hashed buckets were random flags."""
    first, second = numbered_page(37), numbered_page(5)
    article = [i for i, p in enumerate(first.paragraphs) if p.text in ARTICLE]
    assert len(article) == 3 and [p.text for p in first.paragraphs] == [p.text for p in second.paragraphs]
    assert all(first.paragraphs[i].markup.tokens != second.paragraphs[i].markup.tokens for i in article)

    first_table, second_table = document_features(first), document_features(second)
    np.testing.assert_array_equal(first_table.values, second_table.values)
    assert first_table.flags == second_table.flags
    assert first_table.values[NAMES.index("in_main")][article].tolist() == [1.0, 1.0, 1.0]


def test_a_list_of_linked_teasers_is_not_the_main_container():
    """Readability's link penalty: teasers that are all link text outweigh a short article in characters, but
    the article's container is the page's main one."""
    teasers = "".join(
        f'<div class="teaser"><a href="/story/{k}">Other story number {word}: a long linked summary of another '
        f'article on this site, with enough words in it to count as a long paragraph of the page</a></div>'
        for k, word in enumerate(["one", "two", "three", "four", "five", "six"]))
    document = page_document(PAGE.format(paragraphs="".join(f"<p>{text}</p>" for text in ARTICLE))
                             .replace("<footer", f'<aside class="more">{teasers}</aside><footer'))
    table = document_features(document)
    in_main = table.values[NAMES.index("in_main")]
    article = [i for i, p in enumerate(document.paragraphs) if p.text in ARTICLE]
    linked = [i for i, p in enumerate(document.paragraphs) if p.text.startswith("Other story")]
    assert len(linked) == 6 and sum(len(document.paragraphs[i].text) for i in linked) > sum(map(len, ARTICLE))
    assert in_main[article].tolist() == [1.0] * 3
    assert in_main[linked].tolist() == [0.0] * 6


def test_a_paragraphs_own_class_names_do_not_move_it_to_another_container():
    """An article's paragraphs stay one container whatever classes each carries itself (``speakable``, an
    alignment), also under a deeply named wrapper whose tokens pass the 64 a block keeps. Otherwise the article's
    text is split over several containers and a long footer can outweigh each part."""
    wrapper = "".join(f'<div class="layout-level-{word} region-{word}-wrapper zone-{word}">'
                      for word in ("alpha", "beta", "gamma", "delta", "epsilon", "zeta"))
    own = ['class="story-paragraph"', 'class="story-paragraph speakable"',
           'class="story-paragraph align-right text-muted-small"']
    paragraphs = "".join(f"<p {attributes}>{text}</p>" for attributes, text in zip(own, ARTICLE))
    footer = " ".join(["Quotes and market data are delayed by at least fifteen minutes, for information only."] * 4)
    document = page_document(PAGE.format(paragraphs=wrapper + paragraphs + "</div>" * 6)
                             .replace("Copyright 2026 The Riverside Courier, all rights reserved.", footer))
    article = [i for i, p in enumerate(document.paragraphs) if p.text in ARTICLE]
    assert len(article) == 3 and len(document.paragraphs[article[0]].markup.tokens) == 64
    assert len(document.paragraphs[-1].text) > max(map(len, ARTICLE))  # the footer outweighs any one paragraph
    table = document_features(document)
    assert table.values[NAMES.index("in_main")][article].tolist() == [1.0] * 3
    assert len(set(table.values[NAMES.index("container_share")][article].tolist())) == 1


# ---- scripts whose letters take combining marks ------------------------------------------------------------------

def test_words_keep_their_combining_marks():
    """Devanagari, Bengali and Tamil vowel signs are combining marks, which Python's \\w leaves out: a word cut at
    each of them was single letters, counted as punctuation, and never long enough to carry a topic."""
    assert features._words("हिन्दी समाचार, दिल्ली में।") == ["हिन्दी", "समाचार", "दिल्ली", "में"]
    assert features._content_words("हिन्दी समाचार, दिल्ली में।") == ["हिन्दी", "समाचार", "दिल्ली"]
    assert features.word_count("কলকাতা পুরসভা") == 2 and features.word_count("தமிழ் செய்தி") == 2
    # (Thai writes no spaces between words: its words stay cut at vowel signs until it is handled as unspaced)
    assert features.word_count("กรุงเทพมหานคร ประกาศ") == 3
    decomposed = unicodedata.normalize("NFD", "café résumé")  # the accents as combining marks
    assert features._words(decomposed) == decomposed.split()
    assert features._char_classes(["दिल्ली।"]) == [(6, 0, 0, 1)]  # six letters and marks, one danda


def test_danda_and_arabic_marks_end_sentences():
    keys = features.TEXT_KEYS
    for text in ("पहला वाक्य है। दूसरा वाक्य है।", "هل هذا سؤال؟ نعم هو كذلك؟"):
        row = features._text_features(text, features.word_count(text), features._char_classes([text])[0])
        assert row[keys.index("sentences")] == 2 and row[keys.index("ends_terminal")] == 1.0


# ---- the fast paths compute what their plain definitions do ----------------------------------------------------

# Text as pages have it: ASCII words and punctuation, accented and other-script letters, digits of other scripts,
# CJK, emoji, dashes and quotes, and lone surrogates (a Python str may hold them).
_PIECES = st.one_of(st.sampled_from([*"aZ09 .,:-_()/@|", "www.", "WWW.", "http://", "HTTPS://", "http:", ".com",
                                     ".ORG", "(C)", "–", "—", "»", "É", "ß", "ǅ", "Ϊ", "Ⓐ", "٣", "²", "中", "の", "한", "😀",
                                     "\ud800", "ि", "्", "\u0301", "ั", "हिन्दी", "❤\ufe0f"]),
                    st.characters())
_ASCII_PIECES = st.one_of(_PIECES, st.characters(max_codepoint=127))
TEXT_KEY_URL = features.TEXT_KEYS.index("has_url")


def _texts(pieces=_PIECES):
    return st.lists(st.lists(pieces, max_size=30).map("".join), min_size=1, max_size=8)


@settings(max_examples=200, deadline=None)
@given(texts=_texts())
def test_character_classes_are_the_str_methods_counts(texts):
    def mark(c: str) -> bool:  # a combining mark (a vowel sign) of the BMP counts as a letter, but Thai's and the like
        return (unicodedata.category(c)[0] == "M" and ord(c) < 0x10000 and not any(
            low <= ord(c) <= high for low, high in (*features._SPACELESS_ALPHABETS, *features._SYMBOL_MARKS)))

    expected = [(sum(c.isalpha() or mark(c) for c in t), sum(c.isdigit() for c in t),
                 sum(c.isalpha() and c.isupper() for c in t), sum(not (c.isalnum() or c.isspace() or mark(c)) for c in t))
                for t in texts]
    assert features._char_classes(texts) == expected


@settings(max_examples=200, deadline=None)
@given(texts=_texts(_ASCII_PIECES))
def test_ascii_patterns_find_what_the_unicode_ones_find(texts):
    for text in texts:
        assert features._words(text) == features._WORD.findall(text)
        cjk = features._CJK_CHAR.search(text) is not None
        pairs = [run[i:i + 2] for run in features._CJK_RUN.findall(text) for i in range(max(1, len(run) - 1))]
        content = [w.lower() for w in features._CONTENT_WORD.findall(text)] + pairs
        assert features._tokens(text, cjk) == (features._WORD.findall(text), content)
        row = features._text_features(text, len(features._words(text)), features._char_classes([text])[0])
        assert row[TEXT_KEY_URL] == float(features._URL.search(text) is not None)


@settings(max_examples=200, deadline=None)
@given(text=st.text(st.sampled_from(list("ABCÉ abc,.()-–—") + ["\n"]), max_size=60))
@example("Abc — the council said")
@example("Abc, Bcd (AB) – the council said")
@example("ÉCA - the council said")
def test_the_dateline_shortcut_agrees_with_the_patterns(text):
    expected = bool(features._DATELINE.match(text) or features._UPPER_DATELINE.match(text))
    assert features.opens_like_dateline(text) == expected
    match = features._UPPER_PLACE_DATELINE.match(text) or features._PLACE_DATELINE.match(text)
    assert features.opens_with_dateline(text) == (bool(match) and not text[match.end():match.end() + 1].islower())


@pytest.mark.parametrize("text", [
    "BREMEN – Der erste Satellit des Start-ups ist im All.",
    "LA SERENA, Chile – Astronomers at the observatory said on Monday that",
    "MONTERREY.– Aerolíneas Sierra Madre canceló este martes 140 vuelos.",
    "WASHINGTON—The Senate voted on Tuesday to",
    "NEW YORK, Jan 5 (Reuters) - Stocks fell on Monday as",
    "Hamburg (dpa) - Die Elbphilharmonie bleibt bis",
    "Rio de Janeiro – O governo anunciou nesta segunda-feira",
    "ST. JOSEPH, Mich. (AP) — A cat who has been missing for five years",
    "【大阪】大阪府は3日、",
])
def test_a_dateline_opens_a_story(text):
    assert features.opens_with_dateline(text)


@pytest.mark.parametrize("text", [
    "NASA is also looking to the private sector to develop crewed moon landers.",  # an acronym opens a sentence
    "A HUNTER who killed and ate a wild rabbit has been fined — the court said so.",  # a tabloid's capitals
    "DEAR ABBY: My husband and I were getting ready to leave after dinner at a friend's - it was late.",
    "The company — which had denied the report — confirmed the layoffs on Friday.",  # a dash in a sentence
    "In 2019 – the year the plant closed – the town lost a fifth of its jobs.",
    "NASA-backed teams will test the landers next year.",
    "This -- right here -- is why the numbers matter.",  # a place's dash is followed by a new sentence
])
def test_a_sentence_that_opens_with_capitals_or_a_dash_is_no_dateline(text):
    assert not features.opens_with_dateline(text)


def test_the_table_gives_the_context_pass_each_paragraphs_words_fingerprint_and_container():
    """The context pass reads word counts, fingerprints and containers from the table the model read: they must
    be what ``word_count``, ``fingerprint`` and ``container`` give, in every script (a repeated line's, too)."""
    lines = [*ARTICLE, "İSTANBUL – Straße, ĲSSEL und Ærø: Grüße aus der Großstadt.", "東京都は新しい計画を発表した。",
             "कोलकाता नगर निगम ने नई योजना की घोषणा की।", "Share this story", "Share this story"]
    page = page_document(PAGE.format(paragraphs="".join(f"<p>{line}</p>" for line in lines)))
    text = segment(next(iter(read_string("\n\n".join(lines), "text"))))
    for document in (page, text):
        table = document_features(document)
        texts = [p.text for p in document.paragraphs]
        assert set(lines) <= set(texts)
        assert table.word_counts == [features.word_count(t) for t in texts]
        assert table.fingerprints == [features.fingerprint(t) for t in texts]
    assert document_features(page).containers == [features.container(p.markup) for p in page.paragraphs]
    assert document_features(text).containers is None


# ---- the words' rarity in the training corpus --------------------------------------------------------------------

# After the ferry article: its own closing paragraph, which shares two of its words with it ("hull", "ferry"), and
# another story's opening, which shares three ("after", "that", "from"). Within the document both share about as
# much; only a corpus tells that what the lede shares are words any paragraph may hold.
CLOSER = ("Boatbuilders at the northern yard expect to finish the hull quickly, and the ferry's captain has already "
          "been hired.")
LEDE = ("Shares in the country's largest steelmaker fell sharply after the company warned that demand from "
        "carmakers would stay weak.")


def test_the_words_rarity_tells_a_closing_paragraph_from_another_storys_opening(shipped_filter):
    rarity = shipped_filter.model.named_steps["features"].rarity_
    rows = {}
    for last in (CLOSER, LEDE):
        document = segment(next(iter(read_string("\n\n".join([*ARTICLE, last]), "text"))))
        table = document_features(document, rarity)
        rows[last] = {key: table.values[NAMES.index(key), -1]
                      for key in ("cover_prefix", "sim_prefix", "novel_rare", "sim_prefix_rare")}
    # By the document's own weights, the lede shares as much with the article as the closing paragraph does.
    assert rows[LEDE]["cover_prefix"] >= rows[CLOSER]["cover_prefix"]
    assert rows[LEDE]["sim_prefix"] >= rows[CLOSER]["sim_prefix"]
    # By the corpus's, almost all of the lede is new, and its similarity to the article is under a tenth of the other's.
    assert rows[LEDE]["novel_rare"] > 0.9 > rows[CLOSER]["novel_rare"]
    assert rows[CLOSER]["sim_prefix_rare"] > 10 * rows[LEDE]["sim_prefix_rare"]


def test_without_a_corpus_the_rarity_features_are_missing():
    """An unfitted feature step has learnt no rarity: its features are NaN, which the trees read as unknown."""
    document = segment(next(iter(read_string("\n\n".join([*ARTICLE, LEDE]), "text"))))
    rows = features.ParagraphFeatures().transform(features.samples([document]))
    table = rows[0][0]
    assert all(np.isnan(table.values[NAMES.index(key)]).all() for key in features.RARITY_KEYS)
    fitted = features.ParagraphFeatures().fit(features.samples([document]))
    novel = fitted.transform(features.samples([document]))[0][0].values[NAMES.index("novel_rare")]
    assert not np.isnan(novel).any()


def test_the_same_corpus_gives_the_same_rarity_file():
    """The shipped model is rebuilt by one command, to the same bytes: the rarity must not follow the order of a
    set of strings, which Python's hash seed changes from process to process."""
    script = ("import pickle, sys; from filterkit.features import Rarity; "
              f"sys.stdout.buffer.write(pickle.dumps(Rarity.of({[*ARTICLE, CLOSER, LEDE, *ARTICLE[:2]]!r})))")
    files = {subprocess.run([sys.executable, "-c", script], capture_output=True, check=True,
                            env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(files) == 1
