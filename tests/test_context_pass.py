"""The context pass on its own: given the model's probabilities, what each rule decides.

The probabilities are written here, not predicted, so each test pins one rule of ``classify.label_document``
on a document whose right answer is plain to a reader.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.pipeline import Pipeline

from filterkit.classify import (CHAT_STRETCH, CONTAINER_CONTENT, CONTAINER_END_CONTENT, DATED_STORY, DATED_TAIL,
                                EDGE_CONTENT, FOOTER_TAIL, HEADING_REACH, ISLAND_CONTENT, ISLAND_DENSE, ISLAND_GAP,
                                ISLAND_SHARE, LINK_LINE, NEAR_CONTENT, NEAR_CONTENT_MARKED, OPENED_LIST_CONTENT,
                                REPEAT_BLOCK_WORDS, REMEMBERED_YIELDS, RUN_EVIDENCE, UNRELATED_STORY, _rounded,
                                classify, label_document)
from filterkit.document import LABELS, Document, Markup, Paragraph
from filterkit.features import ParagraphFeatures, Rarity, fingerprint
from filterkit.readers import read_string
from filterkit.segment import segment

CLASSES = list(LABELS)  # content, boilerplate, chat_ui, off_topic
ALONE = 1 / (1 + math.exp(-RUN_EVIDENCE))  # the off-topic probability a trailing run of one paragraph needs


def leaning(log_odds: float) -> list:
    """A probability row for a paragraph the model gives these off-topic log-odds (the rest content)."""
    off_topic = 1 / (1 + math.exp(-log_odds))
    return [1 - off_topic, 0.0, 0.0, off_topic]


STORY = leaning(RUN_EVIDENCE + 1)  # another story's paragraph the model is sure of: enough for a run alone


def probabilities(content: float, boilerplate: float = 0.0, chat_ui: float = 0.0, off_topic: float = 0.0) -> list:
    rest = 1.0 - content - boilerplate - chat_ui - off_topic
    return [content, boilerplate + max(0.0, rest), chat_ui, off_topic]


def labelled(paragraphs: list[tuple[str, list]], keep_embeds: bool = False,
             markups: list[Markup] | None = None, remembered: dict[str, str] | None = None,
             rarity: Rarity | None = None) -> list[str]:
    """Label paragraphs given as (text, probability row), each with its markup if ``markups`` are given, with the
    lines a model's training data ``remembered`` (text: label) and its corpus's ``rarity`` of words."""
    markups = markups or [Markup()] * len(paragraphs)
    document = Document(id="d", format="text", body="", body_type="text",
                        paragraphs=[Paragraph(text=text, index=i, markup=markup)
                                    for i, ((text, _), markup) in enumerate(zip(paragraphs, markups))])
    label_document(document, np.array([row for _, row in paragraphs]), CLASSES, keep_embeds,
                   {fingerprint(text): label for text, label in (remembered or {}).items()}, rarity=rarity)
    return [paragraph.label for paragraph in document.paragraphs]


ARTICLE = [
    "The harbour authority approved a plan on Tuesday to deepen the northern channel by two metres before the winter.",
    "Dredging will start in March and is expected to take eleven weeks, the authority's chief engineer told reporters.",
    "Fishing crews, who use the channel daily, said they had been promised a say in the timetable but were not consulted.",
    "The authority said it would publish the full timetable and the environmental assessment next month.",
]


def test_a_line_the_noise_kinds_split_between_them_is_dropped():
    """Content 0.39 is the likeliest single label, but the model finds noise likelier (0.61): the line goes, under
    the likeliest kind of noise. Content at 0.5 or more is kept."""
    disclaimer = "The assistant can make mistakes, so check its answers."
    labels = labelled([(ARTICLE[0], probabilities(0.97)), (ARTICLE[1], probabilities(0.95)),
                       (disclaimer, probabilities(0.39, 0.32, 0.29)), ("Copy", probabilities(0.01, 0, 0.99))])
    assert labels == ["content", "content", "boilerplate", "chat_ui"]
    labels = labelled([(ARTICLE[0], probabilities(0.97)), (ARTICLE[1], probabilities(0.5, 0.3, 0.2))])
    assert labels == ["content", "content"]


def test_a_doubtful_subheading_between_kept_paragraphs_is_kept():
    labels = labelled([(ARTICLE[0], probabilities(0.97)), ("What the crews say", probabilities(0.3, 0.7)),
                       (ARTICLE[1], probabilities(0.95))])
    assert labels == ["content", "content", "content"]


def test_a_confident_noise_line_between_kept_paragraphs_is_dropped():
    sure = probabilities(NEAR_CONTENT / 2, 1 - NEAR_CONTENT / 2)  # the model all but certain it is noise
    labels = labelled([(ARTICLE[0], probabilities(0.97)), ("Advertisement", sure),
                       (ARTICLE[1], probabilities(0.95))])
    assert labels == ["content", "boilerplate", "content"]


@pytest.mark.parametrize("buttons, after, label", [(CHAT_STRETCH, 1, "chat_ui"), (CHAT_STRETCH - 1, 1, "content"),
                                                    (CHAT_STRETCH, FOOTER_TAIL + 1, "content")])
def test_a_chat_pages_footer_between_kept_paragraphs_is_not_rescued(buttons, after, label):
    """A chat page's buttons between its answer and a disclaimer the model kept: CHAT_STRETCH lines in a row that
    the model took for chat residue, however unsure it was, with at most FOOTER_TAIL kept paragraphs after them,
    stay residue. Fewer are doubtful lines between kept ones, as an article's pair of chat-like subheadings is;
    with more text after them, they stand inside the article, as an interview's short questions do."""
    row = probabilities(0.02, 0.1, 0.88)
    rows = [(ARTICLE[0], probabilities(0.97)), (ARTICLE[1], probabilities(0.95)),
            *[(text, row) for text in ["Good response", "Bad response", "Copy response"][:buttons]],
            *[(text, probabilities(0.9, 0.05, 0.05))
              for text in ["The assistant can make mistakes, so check its answers.", *ARTICLE[:FOOTER_TAIL]][:after]]]
    assert labelled(rows) == ["content"] * 2 + [label] * buttons + ["content"] * after


def test_a_conversations_turn_between_two_answers_is_not_rescued():
    """Between two answers, "You said:" and "ChatGPT said:", lines the training data remembered as a chat
    assistant's, frame the user's next prompt: the three are one turn of the conversation, and the prompt goes
    with them, however doubtful the model was. Beside a line remembered as a site's chrome, a doubtful subheading
    is still the article's."""
    doubtful = probabilities(0.2, 0.7, 0.1)
    rows = [(ARTICLE[0], probabilities(0.97)), (ARTICLE[1], probabilities(0.95)), ("You said:", doubtful),
            ("make it shorter and add a quote", probabilities(0.04, 0.9, 0.06)), ("ChatGPT said:", doubtful),
            (ARTICLE[2], probabilities(0.95)), (ARTICLE[3], probabilities(0.95))]
    labels = labelled(rows, remembered={"You said:": "chat_ui", "ChatGPT said:": "chat_ui"})
    assert labels == ["content"] * 2 + ["chat_ui", "boilerplate", "chat_ui"] + ["content"] * 2
    rows[2:5] = [("Advertisement", doubtful), ("What the crews say", doubtful)]
    labels = labelled(rows, remembered={"Advertisement": "boilerplate"})
    assert labels == ["content"] * 2 + ["boilerplate", "content"] + ["content"] * 2


ARTICLE_ELEMENT = ("html", "body", "main", "article")


@pytest.mark.parametrize("layout, label", [("a box of its own", "boilerplate"), ("beside the paragraphs", "content"),
                                           ("opening the next section", "content"), ("one line", "content")])
def test_lines_filling_a_box_set_into_the_article_are_not_rescued(layout, label):
    """A newsletter sign-up between two paragraphs of a page: its heading and pitch fill a <div> of their own that
    neither paragraph beside them is in, and they stay the page's, however unsure the model was. The same lines
    beside the paragraphs, or opening the section the next paragraph is in, are the article's, and so is one line
    alone in a <div> (a subheading set that way)."""
    paragraph, box = Markup(tag="p", ancestors=(*ARTICLE_ELEMENT, "p")), (*ARTICLE_ELEMENT, "div")
    lines = [("Get the Harbour Gazette in your inbox", "h3"), ("Sign up for our free morning briefing.", "p")]
    inner = {"a box of its own": box, "beside the paragraphs": ARTICLE_ELEMENT,
             "opening the next section": (*ARTICLE_ELEMENT, "section"), "one line": ARTICLE_ELEMENT}[layout]
    after = (*inner, "p") if layout == "opening the next section" else (*ARTICLE_ELEMENT, "p")
    if layout == "one line":
        lines = [(lines[0][0], "div")]
    rows = [(ARTICLE[0], probabilities(0.97)), *[(text, probabilities(0.2, 0.8)) for text, _ in lines],
            (ARTICLE[1], probabilities(0.95))]
    markups = [paragraph, *[Markup(tag=tag, ancestors=(*inner, tag)) for _, tag in lines],
               Markup(tag="p", ancestors=after)]
    assert labelled(rows, markups=markups) == ["content", *[label] * len(lines), "content"]


@pytest.mark.parametrize("link_density, label", [(LINK_LINE - 0.1, "content"), (LINK_LINE, "boilerplate"),
                                                   (1.0, "boilerplate")])
def test_a_link_line_between_kept_paragraphs_is_not_rescued(link_density, label):
    """A "Related: …" line inside an article is the page's, however unsure the model: jusText never rescues its
    link-dense blocks either. A line with a link in it (a source named in a sentence) is rescued as before."""
    labels = labelled([(ARTICLE[0], probabilities(0.97)),
                       ("Related: Harbour dredging plans across the region", probabilities(0.1, 0.9)),
                       (ARTICLE[1], probabilities(0.95))],
                      markups=[Markup(tag="p"), Markup(tag="p", link_density=link_density), Markup(tag="p")])
    assert labels == ["content", label, "content"]


def headed(rows: list[tuple[str, int, list]]) -> list[str]:
    """Label paragraphs given as (text, heading level, probability row)."""
    return labelled([(text, row) for text, _, row in rows],
                    markups=[Markup(tag=f"h{level}" if level else "p", heading=level) for _, level, _ in rows])


def test_a_subheading_after_a_dropped_source_line_is_kept():
    """A review roundup: each quoted paragraph ends with its source's name, which goes, and the next section's
    heading follows it; the model drops the heading too, but the article goes on after it."""
    labels = headed([(ARTICLE[0], 0, probabilities(0.97)), ("[Harbour Weekly]", 0, probabilities(0.001, 0.999)),
                     ("What the crews say", 3, probabilities(0.05, 0.95)), (ARTICLE[1], 0, probabilities(0.95))])
    assert labels == ["content", "boilerplate", "content", "content"]


@pytest.mark.parametrize("after, before", [(probabilities(0.2, 0.8), probabilities(0.97)),
                                           (probabilities(0.95), probabilities(0.01, 0.99))])
def test_a_heading_is_kept_only_inside_the_article(after, before):
    """A "Related stories" heading after the article's end opens no section of it, nor does a heading whose
    paragraph before it and up to HEADING_REACH lines before that were dropped."""
    chrome = [("Share", 0, probabilities(0.01, 0.99))] * HEADING_REACH
    labels = headed([(ARTICLE[0], 0, before), *chrome, ("Related stories", 2, probabilities(0.05, 0.95)),
                     (TEASER, 0, after)])
    assert labels[1 + HEADING_REACH] == "boilerplate"


def test_a_doubtful_line_after_the_last_kept_paragraph_is_not_rescued():
    """Nothing kept after it: no article on both sides (the document's last line is EDGE_CONTENT's, below)."""
    labels = labelled([(ARTICLE[0], probabilities(0.97)), (ARTICLE[1], probabilities(0.95)),
                       ("Share this story", probabilities(0.3, 0.7)), ("Comments", probabilities(0.01, 0.99))])
    assert labels == ["content", "content", "boilerplate", "boilerplate"]


@pytest.mark.parametrize("edge", ["first", "last"])
def test_a_doubtful_line_at_the_documents_edge_is_kept_beside_the_article(edge):
    """A kicker above the article, a "Thanks to our readers!" below it: kept from EDGE_CONTENT when it holds no
    link and sits in the article's element; under EDGE_CONTENT, with a link, in another element or in plain text
    it goes."""
    first = edge == "first"
    article = [(ARTICLE[0], probabilities(0.97)), (ARTICLE[1], probabilities(0.95))]
    inside = Markup(tag="p", ancestors=("html", "body", "article", "p"))

    def label_of(content: float, markup: Markup | None) -> str:
        line = ("Thanks to all our readers!", probabilities(content, 1 - content))
        rows = [line, *article] if first else [*article, line]
        markups = None if markup is None else [markup, inside, inside] if first else [inside, inside, markup]
        return labelled(rows, markups=markups)[0 if first else -1]

    assert label_of(2 * EDGE_CONTENT, inside) == "content"
    assert label_of(EDGE_CONTENT / 2, inside) == "boilerplate"
    assert label_of(2 * EDGE_CONTENT, replace(inside, link_density=0.4)) == "boilerplate"
    assert label_of(2 * EDGE_CONTENT, Markup(tag="p", ancestors=("html", "body", "footer", "p"))) == "boilerplate"
    assert label_of(2 * EDGE_CONTENT, None) == "boilerplate"  # plain text: no element to share


def test_an_edge_line_in_the_articles_long_words_is_kept_and_chrome_in_short_ones_is_not():
    """A plain text has no element to share, but a last line that is mostly the article's long words (a fact box's
    line) is its own, however sure the model is of boilerplate; "Share this story" is not, though the article
    says "this" and "story" too. On a page the same line is kept under EDGE_CONTENT in the article's element, never
    as a link line."""
    article = [(ARTICLE[0], probabilities(0.97)), (ARTICLE[1], probabilities(0.95)), (ARTICLE[2], probabilities(0.95)),
               ("This story will be updated when the authority publishes the timetable.", probabilities(0.9))]
    fact = "Northern channel dredging: authority timetable, eleven weeks from March"
    sure = probabilities(0.001, 0.999)
    assert labelled([*article, (fact, sure)])[-1] == "content"
    assert labelled([(fact, sure), *article])[0] == "content"
    assert labelled([*article, ("Share this story", sure)])[-1] == "boilerplate"
    assert labelled([*article, (fact, probabilities(0.001, 0.0, 0.999))])[-1] == "chat_ui"  # a prompt speaks of it too
    inside = Markup(tag="p", ancestors=("html", "body", "article", "p"))
    assert labelled([*article, (fact, sure)], markups=[inside] * 5)[-1] == "content"
    linked = [inside] * 4 + [replace(inside, link_density=0.6)]
    assert labelled([*article, (fact, sure)], markups=linked)[-1] == "boilerplate"


@pytest.mark.parametrize("edge", ["first", "last"])
def test_an_edge_line_in_brackets_as_a_kept_line_is_kept(edge):
    """A text that sets its citations in brackets opens or closes on one, which the model reads alone as chrome:
    kept when a kept line of the text is set in the same brackets, not when none is, nor in other brackets."""
    sure = probabilities(0.001, 0.999)

    def label_of(line: str, cited: str | None) -> str:
        rows = [(ARTICLE[0], probabilities(0.97)), (ARTICLE[1], probabilities(0.95))]
        if cited:
            rows.insert(1, (cited, probabilities(0.9)))
        rows = [(line, sure), *rows] if edge == "first" else [*rows, (line, sure)]
        return labelled(rows)[0 if edge == "first" else -1]

    assert label_of("[Port Gazette, 4 March]", "[Harbour Authority, annual report, p. 12]") == "content"
    assert label_of("[Port Gazette, 4 March]", None) == "boilerplate"
    assert label_of("(Port Gazette, 4 March)", "[Harbour Authority, annual report, p. 12]") == "boilerplate"


@pytest.mark.parametrize("edge", ["first", "last"])
def test_an_edge_line_in_brackets_as_a_doubtful_line_kept_between_paragraphs_is_kept(edge):
    """The citation inside the text is one the model doubted (content 0.4), kept because it stands between two kept
    paragraphs: kept, it vouches for the edge line in its brackets as a citation the model was sure of does."""
    cited = ("[Harbour Authority, annual report, p. 12]", probabilities(0.4, 0.6))
    rows = [(ARTICLE[0], probabilities(0.97)), cited, (ARTICLE[1], probabilities(0.95))]
    line = ("[Port Gazette, 4 March]", probabilities(0.001, 0.999))
    assert labelled([line, *rows] if edge == "first" else [*rows, line]) == ["content"] * 4


LONE = probabilities(NEAR_CONTENT / 3, 0.01, 0.989)  # a short line the model is all but sure is chat residue


def test_lone_chat_like_lines_inside_a_plain_text_article_are_its_own():
    """Subheadings and a closing thanks that the model reads as chat residue: with nothing else chat-like in the
    text, no conversation frames the article, and they are kept. The closing line must name something of the
    article."""
    rows = [(ARTICLE[0], probabilities(0.97)), (ARTICLE[1], probabilities(0.95)), ("What the crews say", LONE),
            (ARTICLE[2], probabilities(0.95)), ("Next steps", LONE), ("The timetable", LONE),
            (ARTICLE[3], probabilities(0.95)), ("Thanks to the harbour authority!", LONE)]
    assert labelled(rows) == ["content"] * len(rows)
    assert labelled(rows[:-1] + [("Thanks for reading!", LONE)])[-1] == "chat_ui"


@pytest.mark.parametrize("frame", ["remembered line", "prompt above", "three in a row", "long line", "page"])
def test_chat_like_lines_stay_noise_when_the_text_is_a_conversation(frame):
    """Any sign of a conversation keeps every chat-like line noise: a line the training data remembered as a chat
    assistant's, a prompt above the answer (before two kept paragraphs), a run of three lines or a long one (a
    pasted prompt), or a page's markup, which has its own rules."""
    rows = [(ARTICLE[0], probabilities(0.97)), (ARTICLE[1], probabilities(0.95)), ("What the crews say", LONE),
            (ARTICLE[2], probabilities(0.95)), (ARTICLE[3], probabilities(0.95))]
    remembered, markups = None, None
    if frame == "remembered line":
        rows.insert(4, ("Copy code", LONE))
        remembered = {"Copy code": "chat_ui"}
    elif frame == "prompt above":
        rows.insert(0, ("Write it up", LONE))
    elif frame == "three in a row":
        rows[3:3] = [("Next steps", LONE), ("The timetable", LONE)]
    elif frame == "long line":
        rows.insert(3, ("can you make this shorter and keep the quotes from the crews", LONE))
    else:
        markups = [Markup(tag="p", ancestors=("html", "body", "article", "p"))] * len(rows)
    labels = labelled(rows, markups=markups, remembered=remembered)
    assert labels[[text for text, _ in rows].index("What the crews say")] == "chat_ui"


@pytest.mark.parametrize("markup", [None, Markup(tag="p", ancestors=("html", "body", "article", "p"))])
def test_a_remembered_interface_line_between_kept_paragraphs_stays_noise(markup):
    """"Copy code" between two paragraphs of a pasted answer: the model doubts it (content 0.2, enough for the
    rule that keeps a doubtful line between kept ones), but the training data remembered it as a chat assistant's
    interface string, and a remembered line keeps its label wherever it recurs. Not remembered, it is kept."""
    rows = [(ARTICLE[0], probabilities(0.97)), ("Copy code", probabilities(0.2, 0.3, 0.5)),
            (ARTICLE[1], probabilities(0.95)), (ARTICLE[2], probabilities(0.95))]
    markups = None if markup is None else [markup] * len(rows)
    assert labelled(rows, markups=markups, remembered={"Copy code": "chat_ui"}) == [
        "content", "chat_ui", "content", "content"]
    assert labelled(rows, markups=markups) == ["content"] * 4


@pytest.mark.parametrize("content, label", [(REMEMBERED_YIELDS, "content"), (REMEMBERED_YIELDS - 0.02, "boilerplate")])
def test_a_remembered_line_yields_to_a_model_sure_it_is_content(content, label):
    """A campaign's slogan that other sites' related-story boxes carried (so the training data remembered it as
    chrome) is the quoted subject of an article about the campaign: the memory gives way when the model is
    REMEMBERED_YIELDS sure that the line is the article's, and only then."""
    slogan = "“Harbour first. Always.”"
    rows = [(ARTICLE[0], probabilities(0.97)), (slogan, probabilities(content)), (ARTICLE[1], probabilities(0.95)),
            (ARTICLE[2], probabilities(0.95))]
    assert labelled(rows, remembered={slogan: "boilerplate"}) == ["content", label, "content", "content"]


def test_a_remembered_lede_the_article_follows_again_is_kept():
    """A lede's paragraph the training data remembered as off-topic is a story, not a source's fixed line: when the
    article goes on after it, it was no trailing story, as for any other off-topic paragraph."""
    lede = "Firefighters in the valley were still battling a blaze that had destroyed four barns overnight."
    rows = [(ARTICLE[0], probabilities(0.97)), (lede, STORY), (ARTICLE[1], probabilities(0.95)),
            (ARTICLE[2], probabilities(0.95))]
    assert labelled(rows, remembered={lede: "off_topic"}) == ["content"] * 4


def test_a_doubtful_run_behind_a_confident_noise_line_is_not_rescued():
    sure = probabilities(NEAR_CONTENT / 2, 1 - NEAR_CONTENT / 2)
    labels = labelled([(ARTICLE[0], probabilities(0.97)), ("Read more", sure),
                       ("Other stories", probabilities(0.3, 0.7)), (ARTICLE[1], probabilities(0.95))])
    assert labels == ["content", "boilerplate", "boilerplate", "content"]


def test_a_question_asked_of_every_guest_is_kept_each_time():
    question = "What did you cook for your family on the first evening of the holiday this year?"
    rows = []
    for guest in ("Anna", "Boris", "Clara"):
        rows += [(question, probabilities(0.95)), (f"{guest} answered at length about soup and bread and a long table.",
                                                   probabilities(0.95))]
    assert labelled(rows) == ["content"] * 6


def test_an_article_carried_twice_is_kept_once():
    rows = [(text, probabilities(0.95)) for text in ARTICLE + ARTICLE]
    assert labelled(rows) == ["content"] * 4 + ["boilerplate"] * 4


def test_the_article_copied_into_one_block_is_dropped_and_its_paragraphs_kept():
    merged = " ".join(ARTICLE)  # the page's second copy of its article, in one element
    rows = [(text, probabilities(0.95)) for text in ARTICLE] + [(merged, probabilities(0.9))] * 2
    assert labelled(rows) == ["content"] * 4 + ["boilerplate"] * 2


def test_a_long_paragraph_that_only_shares_a_few_sentences_is_kept():
    summary = f"{ARTICLE[0]} {ARTICLE[1]} " + (
        "Critics said the plan ignores the silt that the spring floods carry in every year, and that the channel will "
        "need dredging again within three years; the authority called that estimate far too pessimistic.")
    rows = [(text, probabilities(0.95)) for text in ARTICLE] + [(summary, probabilities(0.9))]
    assert labelled(rows) == ["content"] * 5


def test_a_long_block_repeated_once_is_kept_once():
    """The whole article again in one element, twice: the second copy adds nothing (a pull quote is shorter)."""
    block = " ".join(ARTICLE[:2])
    assert len(block.split()) >= REPEAT_BLOCK_WORDS
    rows = [(block, probabilities(0.95)), (ARTICLE[2], probabilities(0.95)), (block, probabilities(0.95))]
    assert labelled(rows) == ["content", "content", "boilerplate"]


def test_a_short_paragraph_repeated_once_is_kept_each_time():
    quote = "We will not let the channel silt up again, the harbour master said."
    rows = [(quote, probabilities(0.95)), (ARTICLE[2], probabilities(0.95)), (quote, probabilities(0.95))]
    assert labelled(rows) == ["content"] * 3


def test_a_trailing_story_takes_its_headline_along():
    lede = "Volunteers counted 412 migrating cranes over the wetland reserve on Sunday, the highest tally in a decade."
    labels = labelled([(ARTICLE[0], probabilities(0.99)), (ARTICLE[1], probabilities(0.99)),
                       (ARTICLE[2], probabilities(0.99)),
                       ("Wetland reserve volunteers count record number of migrating cranes", probabilities(0.9, 0, 0, 0.1)),
                       (lede, STORY)])
    assert labels == ["content"] * 3 + ["off_topic"] * 2


@pytest.mark.parametrize("language", ["zh", "ja"])
def test_a_trailing_story_takes_its_headline_along_in_chinese_and_japanese(language):
    """Written without spaces, a headline shares no word of four letters with its story: the pairs of neighbouring
    Han or katakana characters tell that it is the story's (山区/小学/图书, not the harbour's), as its words do in
    English."""
    article, headline, lede = {
        "zh": (["市政府周二批准了扩建北港码头的计划，工程预计明年春天开工。",
                "港务局表示，扩建后码头每年可多处理三十万个集装箱。",
                "渔民代表说，他们希望施工期间保留进出港口的通道。"],
               "山区小学新建图书馆正式开放",
               "山区小学新建的图书馆周一正式开放，藏书超过一万册，学生放学后都可以借书。"),
        "ja": (["市は火曜日、北港の岸壁を拡張する計画を承認した。工事は来年春に始まる見通しだ。",
                "港湾局によると、拡張後はコンテナの取扱量が年間30万個増える。",
                "漁業者の代表は、工事中も港への出入りができるよう求めている。"],
               "山間の小学校に新図書館　蔵書1万冊",
               "山間部の小学校に新しい図書館が完成し、月曜日に開館した。蔵書は1万冊を超える。"),
    }[language]
    labels = labelled([*((text, probabilities(0.99)) for text in article), (headline, probabilities(0.9, 0, 0, 0.1)),
                       (lede, STORY)])
    assert labels == ["content"] * 3 + ["off_topic"] * 2


# Other stories, each sharing a long word with ARTICLE ("Tuesday", "winter", "start") as ledes often do, so that
# the model's probabilities alone decide whether they go (a story of its own is tested with UNRELATED below).
LEDES = ["Volunteers counted 412 migrating cranes over the wetland reserve on Tuesday, the highest tally in a decade.",
         "The count, run by the reserve's friends every winter since 1998, also found two pairs of breeding storks.",
         "The city's marathon will start an hour earlier next year to spare its runners the afternoon heat."]


def test_the_article_closing_paragraph_is_not_taken_by_a_trailing_story():
    labels = labelled([(ARTICLE[0], probabilities(0.99)), (ARTICLE[1], probabilities(0.99)),
                       (ARTICLE[3], probabilities(0.97, 0, 0, 0.03)), (LEDES[0], STORY)])
    assert labels == ["content"] * 3 + ["off_topic"]


def test_a_doubtful_paragraph_between_two_ledes_goes_with_the_trailing_run():
    """Once a run of unrelated paragraphs starts, its continuation goes with it, though the model leaned to content."""
    labels = labelled([(ARTICLE[0], probabilities(0.99)), (ARTICLE[1], probabilities(0.99)),
                       (ARTICLE[2], probabilities(0.99)), (LEDES[0], STORY),
                       (LEDES[1], probabilities(0.8, 0, 0, 0.2)), (LEDES[2], STORY)])
    assert labels == ["content"] * 3 + ["off_topic"] * 3


@pytest.mark.parametrize("off_topic, label", [(0.95, "content"), ((1 + ALONE) / 2, "off_topic")])
def test_a_last_paragraph_alone_goes_only_when_the_model_is_confident(off_topic, label):
    """An article's closing paragraph often turns to what comes next: one paragraph is little evidence, and alone
    it needs more than ALONE (RUN_EVIDENCE in off-topic log-odds)."""
    labels = labelled([(ARTICLE[0], probabilities(0.99)), (ARTICLE[1], probabilities(0.99)),
                       (ARTICLE[2], probabilities(0.99)), (ARTICLE[3], probabilities(1 - off_topic, 0, 0, off_topic))])
    assert labels == ["content"] * 3 + [label]


def test_a_last_paragraph_that_opens_like_a_story_goes_when_the_model_leans_to_off_topic():
    lede = "HALLE – " + LEDES[0]
    doubtful = probabilities(0.3, 0, 0, 0.7)
    labels = labelled([(ARTICLE[0], probabilities(0.99)), (ARTICLE[1], probabilities(0.99)),
                       (ARTICLE[2], probabilities(0.99)), (lede, doubtful)])
    assert labels == ["content"] * 3 + ["off_topic"]


def test_a_dated_story_near_the_end_goes_with_its_continuation():
    """A wire story's dateline paragraph leans off-topic, but its second paragraph, which names no place, reads as
    the article's: the two together are no likelier off-topic than not, and the dateline decides."""
    lede = "HALLE – " + LEDES[0]
    leaning = probabilities(1 - DATED_STORY - 0.1, 0, 0, DATED_STORY + 0.1)
    labels = labelled([(ARTICLE[0], probabilities(0.99)), (ARTICLE[1], probabilities(0.99)),
                       (ARTICLE[2], probabilities(0.99)), (lede, leaning), (LEDES[1], probabilities(0.95, 0, 0, 0.05))])
    assert labels == ["content"] * 3 + ["off_topic"] * 2


def test_a_dated_paragraph_the_article_goes_on_after_is_kept():
    """More than DATED_TAIL of the article's paragraphs after it: a dateline quoted inside the article."""
    quoted = "HALLE – " + ARTICLE[3]
    after = [(f"{ARTICLE[k % 4]} ({k})", probabilities(0.99)) for k in range(DATED_TAIL + 1)]
    labels = labelled([(ARTICLE[0], probabilities(0.99)), (quoted, probabilities(0.3, 0, 0, 0.7)), *after])
    assert labels == ["content"] * (2 + len(after))


def test_a_dated_paragraph_the_model_holds_for_the_articles_is_kept():
    """A roundup's dated item near the end that the model is sure belongs (off-topic under DATED_STORY) stays."""
    item = "HALLE – " + ARTICLE[3]
    sure = probabilities(1 - DATED_STORY / 2, 0, 0, DATED_STORY / 2)
    labels = labelled([(ARTICLE[0], probabilities(0.99)), (ARTICLE[1], probabilities(0.99)),
                       (ARTICLE[2], probabilities(0.99)), (item, sure)])
    assert labels == ["content"] * 4


@pytest.mark.parametrize("markup", [Markup(tag="h3", heading=True), Markup()], ids=["heading", "short line"])
def test_a_section_heading_that_reads_like_a_dateline_is_no_dated_story(markup):
    """"North Channel – Harbour Authority Plans" has a place-like name and a dash, but no sentence follows: a
    section's heading (or a short line in plain text), not another story's first paragraph."""
    heading = "North Channel – Harbour Authority Plans"
    leaning = probabilities(1 - DATED_STORY - 0.3, 0, 0, DATED_STORY + 0.3)
    paragraphs = [*((text, probabilities(0.99)) for text in ARTICLE[:3]), (heading, leaning),
                  (ARTICLE[3], probabilities(0.9, 0, 0, 0.1))]
    markups = [Markup()] * 3 + [markup, Markup()]
    assert labelled(paragraphs, markups=markups) == ["content"] * 5


def test_a_closing_paragraph_that_opens_with_an_acronym_is_no_dated_story():
    """"NASA is also …" opens in capitals but names no place before a dash: the model's lean alone decides, and a
    single leaning paragraph is too little for a trailing run."""
    closing = "PORTAUTH is also looking to private dredging firms – it will invite them to bid in the spring."
    leaning = probabilities(1 - DATED_STORY - 0.2, 0, 0, DATED_STORY + 0.2)
    labels = labelled([(ARTICLE[0], probabilities(0.99)), (ARTICLE[1], probabilities(0.99)),
                       (ARTICLE[2], probabilities(0.99)), (closing, leaning), (ARTICLE[3], probabilities(0.98))])
    assert labels == ["content"] * 5


def test_an_article_that_opens_with_a_dateline_is_no_dated_story():
    labels = labelled([("HALLE – " + ARTICLE[0], probabilities(0.3, 0, 0, 0.7)), (ARTICLE[1], probabilities(0.99))])
    assert labels == ["content", "content"]


# Another story's two paragraphs, sharing no word of four letters or more with ARTICLE.
UNRELATED = ["Shares in a frozen-food maker tumbled after it cut its annual profit forecast, blaming packaging costs.",
             "Analysts expect further job losses across the industry, citing weaker supermarket orders."]
UNRELATED_LEAN = probabilities(1 - UNRELATED_STORY - 0.05, 0, 0, UNRELATED_STORY + 0.05)  # far under ALONE


def test_a_story_that_shares_no_word_with_the_article_goes_with_its_continuation():
    """A lede without a dateline that the model only does not rule out (far under what a lone paragraph needs),
    and a continuation it reads as the article's: neither uses a long word of the article, and both go."""
    labels = labelled([*((text, probabilities(0.99)) for text in ARTICLE), (UNRELATED[0], UNRELATED_LEAN),
                       (UNRELATED[1], probabilities(0.9, 0, 0, 0.1))])
    assert labels == ["content"] * 4 + ["off_topic"] * 2


def test_a_story_that_shares_only_common_words_with_the_article_goes(shipped_filter):
    """A lede shares a word with the article ("Tuesday"), but one that the model's training corpus finds in many
    paragraphs: it tells nothing of a relation, and the lede is a story of its own. Without a corpus to tell a
    common word, the shared "Tuesday" keeps it."""
    lede = "Shares in a frozen-food maker tumbled on Tuesday after it cut its annual profit forecast, blaming costs."
    paragraphs = [*((text, probabilities(0.99)) for text in ARTICLE), (lede, UNRELATED_LEAN)]
    rarity = shipped_filter.model.named_steps["features"].rarity_
    assert labelled(paragraphs, rarity=rarity) == ["content"] * 4 + ["off_topic"]
    assert labelled(paragraphs) == ["content"] * 5


@pytest.mark.parametrize("case", ["an aside the article goes on from", "the model rules it out",
                                  "too few long words", "a short name of the article's"])
def test_a_paragraph_new_to_the_article_is_no_story_of_its_own(case):
    """What an unrelated story needs, one missing at a time: no paragraph after it that returns to the article's
    words (an aside such as "Consider this 2014 campaign …" is followed by the article again), an off-topic
    probability of UNRELATED_STORY, three words of four letters or more (a short sentence shares none by having
    none), and none of the article's names, however short (a closing paragraph on what the article's "Kaye" still
    faces)."""
    back = "The harbour authority said the dredging would not disturb the fishing crews' moorings."
    short = "So it was, and so it is, and so it will be."
    chair = "The authority's chair, Ruth Kaye, said the plan was overdue."
    faces = "Kaye still faces questions over the cost overruns of previous schemes, critics noted."
    paragraphs = {
        "a short name of the article's": [(chair, probabilities(0.99)), (faces, UNRELATED_LEAN)],
        "an aside the article goes on from": [(UNRELATED[0], UNRELATED_LEAN), (back, probabilities(0.99))],
        "the model rules it out": [(UNRELATED[0], probabilities(1 - UNRELATED_STORY + 0.05, 0, 0,
                                                                UNRELATED_STORY - 0.05))],
        "too few long words": [(short, probabilities(0.5, 0, 0, 0.5))],
    }[case]
    labels = labelled([*((text, probabilities(0.99)) for text in ARTICLE), *paragraphs])
    assert labels == ["content"] * (4 + len(paragraphs))


def test_two_paragraphs_of_a_trailing_story_need_less_than_one_alone():
    """Two paragraphs at three quarters of RUN_EVIDENCE each are each too little alone (under ALONE) and enough
    together."""
    doubtful = leaning(0.75 * RUN_EVIDENCE)
    labels = labelled([(ARTICLE[0], probabilities(0.99)), (ARTICLE[1], probabilities(0.99)),
                       (ARTICLE[2], probabilities(0.99)), (LEDES[0], doubtful), (LEDES[1], doubtful)])
    assert labels == ["content"] * 3 + ["off_topic"] * 2
    alone = labelled([(ARTICLE[0], probabilities(0.99)), (ARTICLE[1], probabilities(0.99)),
                      (ARTICLE[2], probabilities(0.99)), (LEDES[1], doubtful)])
    assert alone == ["content"] * 4


def test_an_off_topic_paragraph_that_the_article_follows_again_is_kept():
    labels = labelled([(ARTICLE[0], probabilities(0.99)), (ARTICLE[1], probabilities(0.3, 0, 0, 0.7)),
                       (ARTICLE[2], probabilities(0.99)), (ARTICLE[3], probabilities(0.98, 0, 0, 0.02))])
    assert labels == ["content"] * 4


class GivenProbabilities(ClassifierMixin, BaseEstimator):
    """A stand-in for the trained classifier in a pipeline: nothing to learn, each subclass's ``rows_for`` gives the
    probability rows of the (feature table, index) rows it is shown, and ``shown`` records how many each
    predict_proba call saw. It reads a paragraph from its feature row, as the trained model does: the text by its
    fingerprint."""

    classes_ = np.array(CLASSES)

    def fit(self, rows: list, labels: list | None = None) -> GivenProbabilities:
        return self

    def __sklearn_is_fitted__(self) -> bool:
        return True

    def predict_proba(self, rows: list) -> np.ndarray:
        self.shown.append(len(rows))
        return np.array(self.rows_for(rows))


class ReadsTheEnd(GivenProbabilities):
    """Probabilities for a paragraph that depend on whether it ends the document it is shown in, as the trained
    model's distance to the end and similarity to what follows make them: ``middle`` and ``end`` map a paragraph's
    text to its probability rows there (paragraphs in neither are sure content); the end is read from the table's
    length."""

    def __init__(self, middle: dict[str, list], end: dict[str, list]) -> None:
        self.middle, self.end = middle, end
        self.shown: list[int] = []

    def rows_for(self, rows: list) -> list[list]:
        middle = {fingerprint(text): row for text, row in self.middle.items()}
        end = {fingerprint(text): row for text, row in self.end.items()}
        return [(end if i == len(table.fingerprints) - 1 else middle).get(table.fingerprints[i], probabilities(0.99))
                for table, i in rows]


def classified(texts: list[str], model: GivenProbabilities) -> list[str]:
    document = Document(id="d", format="text", body="", body_type="text",
                        paragraphs=[Paragraph(text=text, index=i) for i, text in enumerate(texts)])
    classify([document], Pipeline([("features", ParagraphFeatures()), ("classify", model)]))
    return [paragraph.label for paragraph in document.paragraphs]


def test_a_second_look_gives_the_trailing_run_the_story_opening_the_model_kept():
    """A story's first paragraph reads as the article's until its continuation is gone: seen as the document's
    end (where a second pass would see it), it is another story, and it goes with its continuation."""
    opening = probabilities(0.93, 0, 0, 0.07)
    model = ReadsTheEnd(middle={LEDES[0]: opening},
                        end={LEDES[0]: STORY, LEDES[1]: STORY})
    assert classified([*ARTICLE[:3], *LEDES[:2]], model) == ["content"] * 3 + ["off_topic"] * 2
    assert model.shown == [5, 4]  # the document, then the document without its trailing run


def test_the_second_look_takes_a_two_paragraph_story_before_the_run_whole():
    """Two paragraphs of one story before the run, its opening leaning off-topic and its continuation not: with the
    stories after them, the opening's lean is too little to move the run's start (and a lone off-topic paragraph
    that the text follows is kept), but at the end of the document without the run they are a run of their own,
    and both go with the run, not the continuation alone."""
    marathon_more = "Organisers said the route itself, through the old town and along the river, would not change."
    model = ReadsTheEnd(middle={LEDES[0]: leaning(2), LEDES[1]: leaning(-3), LEDES[2]: STORY},
                        end={LEDES[1]: STORY, marathon_more: STORY})
    labels = classified([*ARTICLE[:3], *LEDES, marathon_more], model)
    assert labels == ["content"] * 3 + ["off_topic"] * 4
    assert model.shown == [7, 5]


@pytest.mark.parametrize("at_the_end, taken", [(-0.4, 2), (-0.6, 0)])
def test_the_second_look_takes_the_run_the_kept_text_ends_in(at_the_end, taken):
    """A story's opening, sure content in the middle, stays out of the first run; at the end of the kept text it
    leans content (off-topic log-odds ``at_the_end``) but follows the article's paragraph, which the model is sure
    is another story (half a point over RUN_EVIDENCE). Together they are a run there, as a second pass over the
    output would find, and the look takes both; with a fifth of a point less there is no run, and nothing goes."""
    model = ReadsTheEnd(middle={LEDES[0]: leaning(-RUN_EVIDENCE - 1), ARTICLE[2]: leaning(RUN_EVIDENCE + 0.5)},
                        end={LEDES[1]: STORY, LEDES[0]: leaning(at_the_end)})
    labels = classified([ARTICLE[0], ARTICLE[1], ARTICLE[2], LEDES[0], LEDES[1]], model)
    assert labels == ["content"] * (4 - taken) + ["off_topic"] * (1 + taken)


def test_the_second_look_looks_once_and_spares_the_article():
    """An article's closing paragraph can read as a story of its own at the end; the second look looks once, and
    takes only the run it finds there (the closing paragraph alone: the one before it is sure content where it
    stands), so the article's end is not eaten paragraph by paragraph."""
    model = ReadsTheEnd(middle={}, end={text: STORY for text in [*ARTICLE, *LEDES]})
    assert classified([*ARTICLE, LEDES[2]], model) == ["content"] * 3 + ["off_topic"] * 2


def test_there_is_no_second_look_without_a_trailing_run():
    model = ReadsTheEnd(middle={}, end={ARTICLE[3]: probabilities(0.97, 0, 0, 0.03)})
    assert classified(ARTICLE, model) == ["content"] * 4
    assert model.shown == [4]


def test_the_second_look_sees_past_a_dropped_line_before_the_run():
    """A story's headline that the model dropped stands between the story's first paragraph, kept, and the run
    (the next story): a second pass over the output reads that paragraph at the end, with the headline gone, and
    so does the look, which labels the kept paragraphs alone."""
    headline = "What the new line offers"
    model = ReadsTheEnd(middle={LEDES[0]: probabilities(0.93, 0, 0, 0.07), headline: probabilities(0.02, 0.98)},
                        end={LEDES[0]: STORY, LEDES[1]: STORY})
    labels = classified([*ARTICLE[:3], LEDES[0], headline, LEDES[1]], model)
    assert labels == ["content"] * 3 + ["off_topic", "boilerplate", "off_topic"]
    assert model.shown == [6, 4]  # the document, then its kept paragraphs before the run


def test_a_second_look_past_a_dropped_line_spares_the_article():
    """With a share line between the article and the next story, the look finds the article's last paragraph
    there, which the model does not take for another story at the end: it stays."""
    share = "Share this story"
    model = ReadsTheEnd(middle={share: probabilities(0.01, 0.99), LEDES[0]: STORY},
                        end={LEDES[1]: STORY, share: probabilities(0.01, 0.99)})
    labels = classified([*ARTICLE[:3], share, LEDES[0], LEDES[1]], model)
    assert labels == ["content"] * 3 + ["boilerplate", "off_topic", "off_topic"]
    assert model.shown == [6, 3]


FOOTER = ["Copy", "Good response", "ChatGPT can make mistakes. Check important info."]  # a chat page's last lines
CHAT_LINE = probabilities(0.001, 0, 0.999)  # under NEAR_CONTENT: sure residue


class ReadsTheConversation(GivenProbabilities):
    """Probabilities for a paragraph that depend on whether chat residue is in the document it is shown in, as the
    trained model's relation features do: ``with_chat`` and ``without_chat`` map a paragraph's text to its rows
    (paragraphs in neither are sure content; the FOOTER lines and ``chat_lines`` are always chat_ui)."""

    def __init__(self, with_chat: dict[str, list], without_chat: dict[str, list], chat_lines: tuple = ()) -> None:
        self.with_chat, self.without_chat, self.chat_lines = with_chat, without_chat, chat_lines
        self.shown: list[int] = []

    def rows_for(self, rows: list) -> list[list]:
        chat = {fingerprint(text) for text in [*FOOTER, *self.chat_lines]}
        with_chat = {fingerprint(text): row for text, row in self.with_chat.items()}
        without_chat = {fingerprint(text): row for text, row in self.without_chat.items()}
        found = []
        for table, i in rows:
            key = table.fingerprints[i]
            place = with_chat if chat.intersection(table.fingerprints) else without_chat
            found.append(CHAT_LINE if key in chat else place.get(key, probabilities(0.99)))
        return found


def test_a_story_after_a_pasted_chat_page_goes_once_its_residue_is_out_of_the_way():
    """A scraper appended a story after the last lines of a pasted chat page: with the buttons and the disclaimer
    between it and the answer, the model reads it as the answer's; labelled again without them, it is another
    story, and it goes."""
    model = ReadsTheConversation(with_chat={LEDES[0]: probabilities(0.9, 0, 0, 0.1)}, without_chat={LEDES[0]: STORY})
    labels = classified([*ARTICLE[:3], *FOOTER, LEDES[0]], model)
    assert labels == ["content"] * 3 + ["chat_ui"] * 3 + ["off_topic"]
    # the document, then the document without its chat residue, then its kept paragraphs before the run
    assert model.shown == [7, 4, 3]


class ReadsTheNeighbours(GivenProbabilities):
    """Probabilities for a paragraph that depend on the paragraphs beside it, as the trained model's relation to
    its neighbours makes them: ``around`` maps (text before, text, text after; None at the document's edge) to a
    row, ``fixed`` a text to its row elsewhere (others are sure content)."""

    def __init__(self, around: dict[tuple[str | None, str, str | None], list], fixed: dict[str, list]) -> None:
        self.around, self.fixed = around, fixed
        self.shown: list[int] = []

    def rows_for(self, rows: list) -> list[list]:
        known = {tuple(fingerprint(text) if text else None for text in key): row for key, row in self.around.items()}
        fixed = {fingerprint(text): row for text, row in self.fixed.items()}
        found = []
        for table, i in rows:
            keys = table.fingerprints
            place = (keys[i - 1] if i else None, keys[i], keys[i + 1] if i + 1 < len(keys) else None)
            found.append(known.get(place, fixed.get(keys[i], probabilities(0.99))))
        return found


def test_the_answer_before_the_conversations_last_line_is_not_taken():
    """Without its residue, the answer's last paragraph may read as another story at the end; it comes before the
    conversation's last line, so it is the answer's, and only the story after the buttons goes."""
    said = "ChatGPT said:"
    model = ReadsTheNeighbours(around={(ARTICLE[1], ARTICLE[2], LEDES[0]): STORY,
                                       (ARTICLE[2], LEDES[0], None): STORY},
                               fixed={**{line: CHAT_LINE for line in [said, *FOOTER]},
                                      LEDES[0]: probabilities(0.9, 0, 0, 0.1)})
    labels = classified([said, *ARTICLE[:3], *FOOTER, LEDES[0]], model)
    assert labels == ["chat_ui"] + ["content"] * 3 + ["chat_ui"] * 3 + ["off_topic"]


def test_a_story_after_a_chat_page_and_a_dropped_line_goes_too():
    """Between a pasted chat page's last lines and the story a scraper appended stands another dropped line (the
    page's share button): the copy the conversation's look labels holds the kept paragraphs and the story alone, as
    a second pass over the output reads them, so the story follows the answer there and goes."""
    share = "Share this story"
    model = ReadsTheNeighbours(around={(ARTICLE[2], LEDES[0], None): STORY},
                               fixed={**{line: CHAT_LINE for line in FOOTER}, share: probabilities(0.01, 0.99),
                                      LEDES[0]: probabilities(0.9, 0, 0, 0.1)})
    labels = classified([*ARTICLE[:3], *FOOTER, share, LEDES[0]], model)
    assert labels == ["content"] * 3 + ["chat_ui"] * 3 + ["boilerplate", "off_topic"]
    assert model.shown == [8, 4, 3]


def test_the_second_look_does_not_reach_past_a_chat_pages_footer():
    """Stories follow a pasted chat page's footer: the kept text before them ends on the answer's last paragraph,
    which may read as another story at the end, but the answer ends above its footer, and it stays."""
    model = ReadsTheEnd(middle={line: CHAT_LINE for line in FOOTER},
                        end={ARTICLE[2]: STORY, LEDES[1]: STORY, **{line: CHAT_LINE for line in FOOTER}})
    labels = classified([*ARTICLE[:3], *FOOTER, LEDES[0], LEDES[1]], model)
    assert labels == ["content"] * 3 + ["chat_ui"] * 3 + ["off_topic"] * 2


def test_the_conversations_look_stops_at_the_answers_two_line_footer():
    """A fresh chat page's footer is two lines the model labels boilerplate ("Share / Export / Rewrite" run into one,
    then "Ask a follow-up"): the answer ends above them (ANSWER_END_LINES), so the story after them goes and the
    answer's last paragraph, which the copy without the footer reads as that story's, stays."""
    said, share, follow_up = "ChatGPT said:", "Share Export Rewrite", "Ask a follow-up"
    button = probabilities(0.001, 0.999)
    model = ReadsTheNeighbours(around={(ARTICLE[1], ARTICLE[2], LEDES[0]): STORY,
                                       (ARTICLE[2], LEDES[0], LEDES[1]): STORY},
                               fixed={said: CHAT_LINE, share: button, follow_up: button, LEDES[1]: STORY})
    labels = classified([said, *ARTICLE[:3], share, follow_up, LEDES[0], LEDES[1]], model)
    assert labels == ["chat_ui"] + ["content"] * 3 + ["boilerplate"] * 2 + ["off_topic"] * 2


def test_the_conversations_look_stops_at_a_paragraph_the_document_keeps():
    """The copy without the residue may drop a paragraph the document keeps (a short line of the answer): the walk
    back through the copy's trailing run ends there, and the paragraphs above it, which the copy put in its run,
    stay the answer's."""
    said = "ChatGPT said:"
    model = ReadsTheConversation(with_chat={said: CHAT_LINE, LEDES[0]: probabilities(0.9, 0, 0, 0.1)},
                                 without_chat={ARTICLE[1]: STORY, ARTICLE[2]: probabilities(0.1, 0.9),
                                               LEDES[0]: STORY}, chat_lines=(said,))
    labels = classified([said, *ARTICLE[:3], LEDES[0]], model)
    assert labels == ["chat_ui"] + ["content"] * 3 + ["off_topic"]


DISCLAIMER = "Assistants can make mistakes. Check what matters."  # a footer's line the model took for content
AFTER_THE_FOOTER = {DISCLAIMER: probabilities(0.7, 0.05, 0.2, 0.05), LEDES[0]: probabilities(0.95, 0, 0, 0.05),
                    LEDES[1]: STORY, LEDES[2]: STORY}


def test_what_stands_between_a_chat_pages_footer_and_the_stories_after_it_goes():
    """After the answer's buttons, a disclaimer the model kept and the opening of the first story a scraper appended,
    which the model read as the answer's: neither is the answer, which ends above its footer. The disclaimer goes as
    chat residue, the story's opening with its story."""
    model = ReadsTheNeighbours(around={}, fixed={**{line: CHAT_LINE for line in FOOTER}, **AFTER_THE_FOOTER})
    labels = classified([*ARTICLE[:3], *FOOTER, DISCLAIMER, *LEDES], model)
    assert labels == ["content"] * 3 + ["chat_ui"] * 3 + ["chat_ui"] + ["off_topic"] * 3


@pytest.mark.parametrize("case", ["a code block's two lines", "more than the footer's tail", "nothing above it"])
def test_the_answer_is_not_taken_for_what_follows_a_footer(case):
    """The answer's own paragraphs stay before the stories: after a code block's language label and "Copy code"
    button inside it (two dropped lines, fewer than FOOTER_LINES, in an answer under the chat page's header); when
    more than FOOTER_TAIL kept paragraphs follow the chat lines (the answer itself, under the header, below a kept
    title); and when nothing kept stands above the chat lines (a short answer under the header)."""
    code_label, copy_code, title = "python", "Copy code", "Harbour channel to be deepened"
    chat = {line: CHAT_LINE for line in [*FOOTER, code_label, copy_code]}
    model = ReadsTheNeighbours(around={}, fixed={**chat, **AFTER_THE_FOOTER})
    document = {"a code block's two lines": [*FOOTER, ARTICLE[0], ARTICLE[1], code_label, copy_code, ARTICLE[2],
                                             DISCLAIMER],
                "more than the footer's tail": [title, *FOOTER, *ARTICLE],
                "nothing above it": [*FOOTER, ARTICLE[0], ARTICLE[1]]}[case]
    labels = classified([*document, *LEDES[1:]], model)
    assert all(label == "content" for text, label in zip(document, labels) if text not in chat)


def test_a_text_without_chat_residue_is_not_labelled_again():
    model = ReadsTheConversation(with_chat={}, without_chat={LEDES[0]: probabilities(0.9, 0, 0, 0.1)})
    assert classified([*ARTICLE[:3], LEDES[0]], model) == ["content"] * 4
    assert model.shown == [4]


TEASER = ("The television interview was meant to settle the questions about the prince's friendship, but it raised "
          "new ones, and the palace spent the week answering them.")


@pytest.mark.parametrize("gap, content, label", [(ISLAND_GAP, 0.8, "boilerplate"), (ISLAND_GAP - 1, 0.8, "content"),
                                                 (ISLAND_GAP, ISLAND_CONTENT, "content")])
def test_a_kept_paragraph_far_below_the_article_goes_unless_the_model_is_sure(gap, content, label):
    """A teaser's lede after the footer's links reads like an article paragraph; what gives it away is where it
    is: cut off from the article by a stretch of dropped lines."""
    chrome = [(f"Section {n}", probabilities(0.001, 0.999)) for n in range(gap)]
    labels = labelled([*((text, probabilities(0.99)) for text in ARTICLE), *chrome,
                       (TEASER, probabilities(content, 1 - content))])
    assert labels == ["content"] * 4 + ["boilerplate"] * gap + [label]


def test_the_second_half_of_an_article_cut_by_a_gallery_is_kept():
    """Two stretches of kept text that are each a real part of the article (the smaller one at least half the
    larger) are both kept, however far apart."""
    gallery = [(f"Image {n} of 12", probabilities(0.001, 0.999)) for n in range(ISLAND_GAP + 2)]
    half = [(text, probabilities(0.8)) for text in ARTICLE[2:]]
    labels = labelled([*((text, probabilities(0.99)) for text in ARTICLE[:2]), *gallery, *half])
    assert labels == ["content"] * 2 + ["boilerplate"] * len(gallery) + ["content"] * 2


COMMENTS = [
    "I fish out of the northern channel every morning and nobody from the authority has ever asked us anything.",
    "Eleven weeks is optimistic. The last dredging job on this coast ran two months over and cost twice the estimate.",
    "Deeper water means bigger ships, and bigger ships mean more traffic past the beach. "
    "Has anyone thought about that?",
    "The environmental assessment should come first, not next month. This is the wrong way round, as usual.",
    "My grandfather worked on the original channel in the fifties. It silted up within ten years then too.",
]


def thread(comments: list[str], content: float) -> list[tuple[str, list]]:
    """A comment thread: each comment between its author's name and date and its votes, lines the model drops."""
    chrome = probabilities(0.001, 0.999)
    rows = []
    for n, comment in enumerate(comments):
        rows += [(f"reader{n}", chrome), (f"{n + 2} days ago", chrome), (comment, probabilities(content)),
                 (f"Rating: {n * 3} votes", chrome)]
    return rows


def test_a_comment_thread_longer_than_the_article_goes_whole():
    """The comments hold more text than the article and the model is sure of each, but they sit between names,
    dates and votes: a stretch less than ISLAND_DENSE of whose span is kept is not the article."""
    comments = thread(COMMENTS, 0.97)
    assert sum(len(text) for text, row in comments if row[0] > 0.5) > sum(len(text) for text in ARTICLE)
    chrome = [(f"Section {n}", probabilities(0.001, 0.999)) for n in range(ISLAND_GAP)]
    labels = labelled([*((text, probabilities(0.99)) for text in ARTICLE), *chrome, *comments])
    assert labels == ["content"] * 4 + ["boilerplate"] * (len(chrome) + len(comments))


def test_a_long_comment_the_model_doubts_goes_beside_a_short_article():
    """A short article and, far below it, one reader's comment with half its text: the model is surer of the
    article's paragraphs, and a stretch is weighed by its text times the model's content probability."""
    article, comment = ARTICLE[:2], COMMENTS[2]
    assert len(comment) >= ISLAND_SHARE * sum(len(text) for text in article)  # as long, by its text alone
    chrome = [(f"Section {n}", probabilities(0.001, 0.999)) for n in range(ISLAND_GAP)]
    labels = labelled([*((text, probabilities(0.99)) for text in article), *chrome, (comment, probabilities(0.8))])
    assert labels == ["content"] * 2 + ["boilerplate"] * (len(chrome) + 1)


def test_an_article_interleaved_with_credits_is_kept_beside_a_shorter_teaser():
    """The heaviest stretch stays, sparse or not: an article whose paragraphs alternate with photo credits is
    kept, and a dense teaser far below it with less than ISLAND_SHARE of its weight goes."""
    credit = probabilities(0.001, 0.999)
    article = [row for text in ARTICLE + COMMENTS[:2] for row in ((text, probabilities(0.99)),
                                                                    ("Photo: Harbour Authority", credit))]
    assert 3 / 6 < ISLAND_DENSE  # the article's own stretch is sparse
    chrome = [(f"Section {n}", probabilities(0.001, 0.999)) for n in range(ISLAND_GAP)]
    labels = labelled([*article, *chrome, (TEASER, probabilities(0.8))])
    assert labels == ["content", "boilerplate"] * 6 + ["boilerplate"] * len(chrome) + ["boilerplate"]


@pytest.mark.parametrize("best", [0.2, 0.05])
def test_a_page_where_nothing_was_kept_keeps_its_likeliest_long_paragraph(best):
    labels = labelled([("Home News Sport Weather", probabilities(0.001, 0.999)),
                       (ARTICLE[0], probabilities(best, 1 - best)), ("Contact us", probabilities(0.01, 0.99))])
    assert labels == ["boilerplate", "content", "boilerplate"]


def test_a_page_where_nothing_was_kept_does_not_fall_back_on_a_remembered_line():
    """A source's newsletter blurb that the training data remembered is noise wherever it recurs, also on a page
    where nothing else was kept."""
    blurb = "Get the best of our reporting in your inbox every weekday morning, free, and unsubscribe at any time."
    rows = [("Home News Sport Weather", probabilities(0.001, 0.999)), (blurb, probabilities(0.2, 0.8))]
    assert labelled(rows) == ["boilerplate", "content"]
    assert labelled(rows, remembered={blurb: "boilerplate"}) == ["boilerplate", "boilerplate"]


def test_a_page_of_noise_only_stays_empty():
    labels = labelled([("Home News Sport Weather", probabilities(0.001, 0.999)),
                       ("We use cookies to improve your experience on this site and to show you relevant adverts.",
                        probabilities(0.01, 0.99))])
    assert labels == ["boilerplate", "boilerplate"]


def labelled_page(html: str, rows: list[list]) -> list[str]:
    """Label a page's segmented blocks with the given probability rows, one per block."""
    (document,) = read_string(html, "html")
    document = segment(document)
    assert len(document.paragraphs) == len(rows), [p.text for p in document.paragraphs]
    label_document(document, np.array(rows), CLASSES)
    return [paragraph.label for paragraph in document.paragraphs]


PRODUCT_PAGE = """<html><body><article><p>{intro}</p>
<h2>Harbour dredger, second hand</h2>
<ul><li>Twelve metre reach</li><li>Diesel engine, 2019</li><li>Serviced every spring</li><li>Trailer included</li></ul>
<div class="buy-box">Buy now</div>
<p>{more}</p></article>
<nav><ul><li>Home</li><li>Boats</li><li>Engines</li><li>Contact</li></ul></nav></body></html>"""


FIGURE_PAGE = """<html><body><article><p>{first}</p>
{photo}
<p>{second}</p>
<figure class="wp-block-table"><table><tr><th>Week</th><th>Depth</th></tr><tr><td>1</td><td>9 m</td></tr></table>
</figure>
<p>{third}</p></article></body></html>"""


PHOTOS = {  # a photo with its caption and credit, as HTML5 writes it and as WordPress's older themes do
    "figure": """<figure class="wp-block-image"><img src="/dredger.jpg"><figcaption>{caption}</figcaption>
<div class="photo-credit">Photo: Harbour Authority</div></figure>""",
    "wp-caption": """<div id="attachment_12" style="width: 610px" class="wp-caption aligncenter">
<img src="/dredger.jpg"><p id="caption-attachment-12" class="wp-caption-text">{caption}</p>
<div class="photo-credit">Photo: Harbour Authority</div></div>""",
}


@pytest.mark.parametrize("photo", sorted(PHOTOS))
def test_a_photo_caption_between_kept_paragraphs_is_not_rescued_but_a_table_in_a_figure_is(photo):
    """A caption retells the article beside it, and the model doubts it as it doubts a subheading; but the
    article's text does not run through a photo. A table in a figure (WordPress wraps tables so) is the article's."""
    doubtful = probabilities(0.05, 0.95)
    rows = [probabilities(0.99), doubtful, doubtful, probabilities(0.95), *[doubtful] * 4, probabilities(0.97)]
    figure = PHOTOS[photo].format(caption="The dredger in the northern channel.")
    labels = labelled_page(FIGURE_PAGE.format(first=ARTICLE[0], photo=figure, second=ARTICLE[1], third=ARTICLE[2]),
                           rows)
    assert labels == ["content", "boilerplate", "boilerplate", "content"] + ["content"] * 4 + ["content"]


def test_a_list_mostly_kept_keeps_its_doubtful_first_item():
    """Next to a heading and a product box, a list's first item is the one the model doubts."""
    sure_noise = probabilities(NEAR_CONTENT / 2, 1 - NEAR_CONTENT / 2)
    rows = [probabilities(0.99), sure_noise,  # the article's first paragraph, the product's heading
            probabilities(0.3, 0.7), probabilities(0.8, 0.2), probabilities(0.9, 0.1), probabilities(0.7, 0.3),
            sure_noise, probabilities(0.99),  # "Buy now", the article's last paragraph
            probabilities(0.02, 0.98), probabilities(0.4, 0.6), probabilities(0.01, 0.99), probabilities(0.02, 0.98)]
    labels = labelled_page(PRODUCT_PAGE.format(intro=ARTICLE[0], more=ARTICLE[1]), rows)
    assert labels == ["content", "boilerplate"] + ["content"] * 4 + ["boilerplate", "content"] + ["boilerplate"] * 4


def test_a_breadcrumb_in_a_nav_element_is_dropped_however_sure_the_model():
    """A breadcrumb ending in the article's headline reads like the headline; a <nav> element is navigation."""
    page = (f"<html><body><nav><a href='/'>Home</a> <a href='/sport'>Sport</a> Harbour channel to be deepened</nav>"
            f"<article><p>{ARTICLE[0]}</p><p>{ARTICLE[1]}</p></article></body></html>")
    labels = labelled_page(page, [probabilities(0.9), probabilities(0.99), probabilities(0.99)])
    assert labels == ["boilerplate", "content", "content"]


@pytest.mark.parametrize("series", [pytest.param("<nav class='series'>{}</nav>", id="text"),
                                    pytest.param("<nav><h3>{}</h3></nav>", id="heading")])
def test_a_nav_element_between_kept_paragraphs_is_not_taken_back(series):
    """Between two kept paragraphs a doubtful block is the article's, and a doubtful heading opens a section of it,
    but not in a <nav>: a series' "part 2 of 5" bar without links reads like text, and is the site's navigation."""
    bar = series.format("Part two of five in our series on the harbour")
    page = (f"<html><body><article><p>{ARTICLE[0]}</p>{bar}<p>{ARTICLE[1]}</p><p>{ARTICLE[2]}</p></article>"
            "</body></html>")
    labels = labelled_page(page, [probabilities(0.99), probabilities(0.6, 0.4), probabilities(0.99),
                                  probabilities(0.99)])
    assert labels == ["content", "boilerplate", "content", "content"]


def test_a_page_where_nothing_was_kept_does_not_fall_back_on_its_nav():
    """The fallback keeps one of a page's long paragraphs, but never one in a <nav>, however likely."""
    page = (f"<html><body><nav><p>{ARTICLE[2]}</p></nav><article><p>{ARTICLE[0]}</p></article>"
            "<footer><p>Contact us</p></footer></body></html>")
    labels = labelled_page(page, [probabilities(0.45, 0.55), probabilities(0.2, 0.8), probabilities(0.01, 0.99)])
    assert labels == ["boilerplate", "content", "boilerplate"]


POST_WITH_COMMENTS = """<html><body><article class="post"><h1 class="entry-title">Harbour open thread</h1>
<div class="entry-content"><p>{post}</p></div></article><div id="comments" class="comments-area">
<ol class="comment-list">{comments}</ol></div></body></html>"""


def test_a_comment_thread_is_dropped_however_sure_the_model():
    """A short post under a long thread: by mass the thread is the page's main text, and the model kept it. WordPress
    marks a thread's list and each comment's text with its class names in every language: they are readers'
    comments, and the post, which nothing else keeps, is the fallback's."""
    comments = "".join(f'<li id="comment-{n}" class="comment depth-1"><div class="comment-content"><p>{text}</p>'
                       "</div></li>" for n, text in enumerate(COMMENTS))
    page = POST_WITH_COMMENTS.format(post=ARTICLE[0], comments=comments)
    rows = [probabilities(0.02, 0.98), probabilities(0.3, 0.7)] + [probabilities(0.95)] * len(COMMENTS)
    assert labelled_page(page, rows) == ["boilerplate", "content"] + ["boilerplate"] * len(COMMENTS)


def test_an_opinion_section_named_comment_keeps_its_article():
    """A newspaper's opinion pages are its "Comment" section, and their markup says so ("tone-comment"): whole class
    names mark a thread, not the word in one."""
    page = (f'<html><body class="section-comment"><div class="content content--type-comment tonal--tone-comment">'
            f"<p>{ARTICLE[0]}</p><p>{ARTICLE[1]}</p><p>{ARTICLE[2]}</p></div></body></html>")
    rows = [probabilities(0.95), probabilities(0.9), probabilities(0.9)]
    assert labelled_page(page, rows) == ["content", "content", "content"]


def test_the_fallback_keeps_the_most_text_by_content_probability():
    """With nothing kept, a short post's one long paragraph outweighs the "stay updated" box beside it that the model
    found a little likelier: as a stretch of the page, text counts by its content probability."""
    post = f"{ARTICLE[0]} {ARTICLE[1]}"
    promo = "Want to stay updated on the harbour? Read our blog or follow us by email for every new post."
    assert len(post) * 0.3 > len(promo) * 0.45
    labels = labelled([("Harbour open thread", probabilities(0.02, 0.98)), (post, probabilities(0.3, 0.7)),
                       (promo, probabilities(0.45, 0.55))])
    assert labels == ["boilerplate", "content", "boilerplate"]


LIST_AT_THE_END = """<html><body><article><p>{intro}</p>{heading}
<ul><li>England (Group A)</li><li>Czech Republic (Group A)</li><li>Ukraine (Group B)</li><li>Spain (Group F)</li>
</ul></article><footer><p>Contact us</p></footer></body></html>"""


@pytest.mark.parametrize("kept_items, label", [(2, "content"), (1, "boilerplate")])
def test_a_list_that_ends_the_article_keeps_its_doubtful_items_when_half_are_kept(kept_items, label):
    """The last items of a list that ends an article have no kept paragraph after them; the list as a whole decides
    (LIST_KEPT of its items kept)."""
    items = [probabilities(0.8)] * kept_items + [probabilities(0.2, 0.8)] * (4 - kept_items)
    rows = [probabilities(0.99), *items, probabilities(0.01, 0.99)]
    labels = labelled_page(LIST_AT_THE_END.format(intro=ARTICLE[0], heading=""), rows)
    assert labels == ["content"] + ["content"] * kept_items + [label] * (4 - kept_items) + ["boilerplate"]


@pytest.mark.parametrize("heading, items, label", [
    pytest.param(probabilities(0.9), probabilities(0.2, 0.8), "content", id="items-doubted"),
    pytest.param(probabilities(0.9), probabilities(OPENED_LIST_CONTENT / 2, 1 - OPENED_LIST_CONTENT / 2),
                 "boilerplate", id="items-ruled-out"),
    pytest.param(probabilities(0.001, 0.999), probabilities(0.2, 0.8), "boilerplate", id="heading-dropped"),
])
def test_a_list_that_a_kept_heading_opens_keeps_the_items_the_model_doubted(heading, items, label):
    """A list right after a kept heading is that heading's section: the model reads each short item alone and may
    doubt them all ("Qualified teams", then the teams), but not rule them out (OPENED_LIST_CONTENT)."""
    page = LIST_AT_THE_END.format(intro=ARTICLE[0], heading="<h3>Qualified teams</h3>")
    labels = labelled_page(page, [probabilities(0.99), heading, *[items] * 4, probabilities(0.01, 0.99)])
    assert labels == ["content", "content" if heading[0] > 0.5 else "boilerplate"] + [label] * 4 + ["boilerplate"]


def test_a_list_of_links_after_a_kept_heading_stays_out():
    """A kept heading may be followed by a box of links ("Related", a teaser list): not the heading's section."""
    links = "".join(f"<li><a href='/story/{n}'>Another story on the harbour, number {n}</a></li>" for n in range(4))
    page = (f"<html><body><article><p>{ARTICLE[0]}</p><h3>More on the harbour</h3><ul>{links}</ul></article>"
            "</body></html>")
    labels = labelled_page(page, [probabilities(0.99), probabilities(0.9), *[probabilities(0.3, 0.7)] * 4])
    assert labels == ["content", "content"] + ["boilerplate"] * 4


BETWEEN_TWO_PARAGRAPHS = """<html><body><article><p>{first}</p>{between}<p>{second}</p></article></body></html>"""
NEWSLETTER = '<div class="newsletter">Get the harbour news in your inbox every morning</div>'


def test_a_doubtful_page_block_between_kept_paragraphs_needs_more_than_a_plain_line():
    """On a page the markup has told the model more: a block it gives under NEAR_CONTENT_MARKED between two
    paragraphs (a newsletter box) is the page's, while a heading there needs only NEAR_CONTENT, as a plain-text
    line does."""
    low = probabilities((NEAR_CONTENT + NEAR_CONTENT_MARKED) / 2, 1 - (NEAR_CONTENT + NEAR_CONTENT_MARKED) / 2)
    rows = [probabilities(0.97), low, probabilities(0.95)]

    def page(between: str) -> str:
        return BETWEEN_TWO_PARAGRAPHS.format(first=ARTICLE[0], between=between, second=ARTICLE[1])

    assert labelled_page(page(NEWSLETTER), rows) == ["content", "boilerplate", "content"]
    assert labelled_page(page("<h2>What the crews say</h2>"), rows) == ["content", "content", "content"]
    plain = [(ARTICLE[0], rows[0]), ("Get the harbour news in your inbox every morning", low), (ARTICLE[1], rows[2])]
    assert labelled(plain) == ["content", "content", "content"]
    rows[1] = probabilities(NEAR_CONTENT_MARKED + 0.01, 0.99 - NEAR_CONTENT_MARKED)
    assert labelled_page(page(NEWSLETTER), rows) == ["content", "content", "content"]


STORY_BODY = """<html><body><article><h1>Harbour channel to be deepened</h1><div class="story-body">
<p class="dropcap">{first}</p><p>{second}</p><div class="ad-label">Advertisement</div><p>{third}</p><p>{fourth}</p>
<p>{fifth}</p><p>{last}</p></div></article><footer><p>Contact us</p></footer></body></html>"""
FIFTH = "Until then, ships of more than nine metres' draught will have to wait for the high tide to enter."
FOLLOW_US = "Follow our harbour coverage on social media for news of the channel every day."
STORY_PAGE = STORY_BODY.format(first=ARTICLE[0], second=ARTICLE[1], third=ARTICLE[2], fourth=ARTICLE[3], fifth=FIFTH,
                               last=FOLLOW_US)


def test_the_sentences_of_a_mostly_kept_container_are_kept_though_the_model_doubted_them():
    """An article's first paragraph (set apart by its dropcap) has no kept paragraph before it, and an ad's label
    breaks the run around the third: the story's element, most of it kept, keeps them (CONTAINER_CONTENT). A
    line after its last kept sentence needs CONTAINER_END_CONTENT: there a container holds its own chrome."""
    doubted = probabilities(CONTAINER_CONTENT + 0.05, 0.9 - CONTAINER_CONTENT)
    sure_noise = probabilities(NEAR_CONTENT / 2, 1 - NEAR_CONTENT / 2)
    rows = [probabilities(0.02, 0.98), doubted, probabilities(0.95), sure_noise, doubted, probabilities(0.9),
            probabilities(0.9), probabilities(CONTAINER_END_CONTENT - 0.05, 1.05 - CONTAINER_END_CONTENT),
            probabilities(0.01, 0.99)]
    assert labelled_page(STORY_PAGE, rows) == ["boilerplate", "content", "content", "boilerplate", "content",
                                               "content", "content", "boilerplate", "boilerplate"]
    rows[7] = probabilities(CONTAINER_END_CONTENT + 0.05, 0.95 - CONTAINER_END_CONTENT)
    assert labelled_page(STORY_PAGE, rows)[7] == "content"


def test_a_container_mostly_dropped_rescues_nothing():
    """Two sentences of six kept is no article's element: its doubted ones stay dropped."""
    doubted = probabilities(0.3, 0.7)
    sure_noise = probabilities(NEAR_CONTENT / 2, 1 - NEAR_CONTENT / 2)
    rows = [probabilities(0.02, 0.98), doubted, probabilities(0.95), sure_noise, doubted, probabilities(0.9), doubted,
            doubted, probabilities(0.01, 0.99)]
    assert labelled_page(STORY_PAGE, rows) == ["boilerplate", "boilerplate", "content", "boilerplate",
                                               "boilerplate", "content", "boilerplate", "boilerplate", "boilerplate"]


READ_ALL_PAGE = """<html><body><article><div class="story-body"><p>{first}</p><p>{second}</p><p>{third}</p>
<div class="read-more-button">Read more</div><div class="read-all"><p>{fourth}</p><p>{fifth}</p><p>{last}</p></div>
<div class="comments"><ol><li><div class="comment"><p>{comment}</p></div></li></ol></div></div></article>
</body></html>""".format(first=ARTICLE[0], second=ARTICLE[1], third=ARTICLE[2], fourth=ARTICLE[3], fifth=FIFTH,
                         last=FOLLOW_US, comment="I fish out of that harbour every week and nobody asked any of us.")


def test_an_element_just_inside_a_mostly_kept_container_is_part_of_it():
    """A site that folds its stories after a "Read more" button puts the rest in an element of its own: most of it
    doubted, but it lies directly in the story's element, most of whose sentences are kept, and takes their rule
    (CONTAINER_CONTENT up to the last kept sentence, CONTAINER_END_CONTENT after it). A reader's comment further
    down, in a thread's elements deeper in it, is not the story's, however likely the model found it."""
    doubted = probabilities(CONTAINER_CONTENT + 0.05, 0.9 - CONTAINER_CONTENT)
    sure_noise = probabilities(NEAR_CONTENT / 2, 1 - NEAR_CONTENT / 2)
    rows = [probabilities(0.95), probabilities(0.9), probabilities(0.9), sure_noise, doubted, probabilities(0.9),
            probabilities(CONTAINER_END_CONTENT - 0.05, 1.05 - CONTAINER_END_CONTENT),
            probabilities(CONTAINER_END_CONTENT + 0.05, 0.95 - CONTAINER_END_CONTENT)]
    assert labelled_page(READ_ALL_PAGE, rows) == ["content", "content", "content", "boilerplate", "content",
                                                  "content", "boilerplate", "boilerplate"]
    rows[6] = probabilities(CONTAINER_END_CONTENT + 0.05, 0.95 - CONTAINER_END_CONTENT)
    assert labelled_page(READ_ALL_PAGE, rows)[6] == "content"


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(st.one_of(st.floats(0.0, 1.0), st.sampled_from([0.00005, 0.12345, 0.99995, 0.5, 1.0,
                                                                                   0.0, 0.00015, 0.30005])),
                              min_size=4, max_size=4), min_size=1, max_size=20))
def test_probabilities_are_rounded_as_round_rounds_them(rows):
    assert _rounded(np.array(rows)) == [[round(p, 4) for p in row] for row in rows]
