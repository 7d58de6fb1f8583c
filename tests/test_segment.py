"""filterkit.segment: plain text lines and gaps, hard-wrapped text, HTML blocks and their markup context."""

from __future__ import annotations

import gc
import textwrap

import pytest

from filterkit.document import Document, Paragraph
from filterkit.segment import segment


def paragraphs(body: str, body_type: str = "text") -> list[Paragraph]:
    document = Document(id="doc", format=body_type, body=body, body_type=body_type)
    assert segment(document) is document
    assert [p.index for p in document.paragraphs] == list(range(len(document.paragraphs)))
    return document.paragraphs


def texts(body: str, body_type: str = "text") -> list[str]:
    return [p.text for p in paragraphs(body, body_type)]


def by_text(body: str, body_type: str = "html") -> dict[str, Paragraph]:
    return {p.text: p for p in paragraphs(body, body_type)}


# ---- plain text ---------------------------------------------------------------------------------------------

def test_plain_text_one_paragraph_per_line():
    body = "Council approves the budget.\nThe vote was 7 to 4.\nThe mayor welcomed it.\n"
    result = paragraphs(body)
    assert [p.text for p in result] == ["Council approves the budget.", "The vote was 7 to 4.",
                                        "The mayor welcomed it."]
    assert {p.markup.tag for p in result} == {"line"}


def test_plain_text_whitespace_is_normalised_and_blank_lines_dropped():
    assert texts("  Indented   line\twith tabs.  \n\n\n   \nSecond\u00a0line.\r\nThird line.\r\n") == [
        "Indented line with tabs.", "Second line.", "Third line."]


def test_lines_of_zero_width_spacers_are_blank_lines():
    body = "First paragraph.\n\u200b\nSecond paragraph with a zero\u200bwidth space inside.\n \u200b \ufeff \nThird."
    assert texts(body) == ["First paragraph.", "Second paragraph with a zero\u200bwidth space inside.", "Third."]
    assert [p.markup.gap_before for p in paragraphs(body)] == [0, 1, 1]


def test_plain_text_empty_body_has_no_paragraphs():
    assert paragraphs("") == []
    assert paragraphs("\n\n   \n") == []


def test_blank_line_gaps_are_recorded():
    body = "Headline here.\nFirst line of story.\n\n\nSecond part.\n\nThird part.\n\n\n\nFooter."
    result = paragraphs(body)
    assert [p.text for p in result] == ["Headline here.", "First line of story.", "Second part.", "Third part.",
                                        "Footer."]
    assert [p.markup.gap_before for p in result] == [0, 0, 2, 1, 3]
    assert [p.markup.gap_after for p in result] == [0, 2, 1, 3, 0]


def test_leading_and_trailing_blank_lines_are_not_gaps():
    result = paragraphs("\n\n\nOnly line.\n\n\n")
    assert [(p.text, p.markup.gap_before, p.markup.gap_after) for p in result] == [("Only line.", 0, 0)]


PROSE = [
    "The city council approved the new budget on Monday evening after a long debate that ran well past "
    "midnight, with several members calling for more money for schools and road repairs in the northern "
    "districts of the city where residents have complained for years",
    "Opponents of the plan argued that the increase in property taxes would fall hardest on retired home "
    "owners and small businesses, many of which are still recovering from two difficult winters and the "
    "closure of the main shopping street for construction work",
    "The mayor said she would meet with neighbourhood groups next month to explain how the money would be "
    "spent and promised that the first repairs would begin before the end of the summer season",
]


def test_hard_wrapped_text_is_rejoined_into_paragraphs():
    body = "\n\n".join(textwrap.fill(p + ".", width=70) for p in PROSE) + "\n"
    assert all(len(line) <= 70 for line in body.splitlines())
    assert len(body.splitlines()) > 3 * len(PROSE)  # really wrapped
    result = paragraphs(body)
    assert [p.text for p in result] == [p + "." for p in PROSE]
    assert [p.markup.gap_before for p in result] == [0, 1, 1]


def test_lines_that_are_sentences_are_not_joined():
    # Groups of several lines that each end a sentence: one paragraph per line, even when grouped.
    body = "First sentence here.\nSecond sentence here.\n\nThird sentence here.\nFourth sentence here.\n"
    assert texts(body) == ["First sentence here.", "Second sentence here.", "Third sentence here.",
                           "Fourth sentence here."]


def test_lines_of_chrome_around_short_paragraphs_are_not_joined():
    """Menu and chat lines stop mid-sentence like wrapped prose, but they do not fill a width: one per line,
    with the article's one-line paragraphs between them (they were one joined blob before)."""
    chrome = ["Edit", "New chat", "Projects", "Recents", "Searched the web", "10 results", "Copy"]
    body = "\n".join(chrome) + "\n\n" + "\n".join(PROSE[:2]) + "\n\n" + "\n".join(["Share", "Copy", "Retry"])
    assert texts(body) == [*chrome, *PROSE[:2], "Share", "Copy", "Retry"]


def test_chinese_and_japanese_one_line_paragraphs_among_chrome_lines_stay_apart():
    """Japanese paragraphs on one line each, between a site's menu lines, are not joined; Japanese text wrapped at
    30 characters is."""
    lines = ["静岡市は18日、市内を走る路面電車の延伸計画を正式に決定したと発表した。",
             "新たな路線は静岡駅から東静岡駅までの約4.2キロで、2031年の開業を目指す。"]
    chrome = ["ホーム", "ニュース", "政治", "経済", "国際", "スポーツ"]
    assert texts("\n".join([*chrome, *lines, "シェア"])) == [*chrome, *lines, "シェア"]
    wrapped = "".join(lines)
    assert texts("\n".join(wrapped[k:k + 30] for k in range(0, len(wrapped), 30))) == [wrapped]


# ---- HTML ---------------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><title>Page</title>
<style>.hidden { display: none } /* STYLETEXT */</style>
<script>var secret = "SCRIPTTEXT";</script>
</head>
<body>
<noscript>NOSCRIPTTEXT enable javascript</noscript>
<nav class="main-nav"><ul>
  <li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
</ul></nav>
<article id="post-body">
  <h2>A sub heading</h2>
  <p>A plain paragraph of the article with no links at all in it.</p>
  <p>A paragraph with <a href="/x">one link</a> in the middle of a longer sentence.</p>
  <ul><li>First item</li><li>Second item</li></ul>
  <script type="application/ld+json">{"@type": "NewsArticle", "headline": "JSONLDTEXT"}</script>
</article>
<footer class="site-footer"><p>Copyright 2024 Example News</p></footer>
</body></html>"""


def test_script_style_noscript_text_never_appears():
    joined = "\n".join(texts(PAGE, "html"))
    for hidden in ("SCRIPTTEXT", "STYLETEXT", "NOSCRIPTTEXT", "JSONLDTEXT", "secret", "display"):
        assert hidden not in joined


def test_elements_hidden_from_readers_are_skipped_with_what_they_hold():
    """A page's schema.org copy of its headline and dates sits in a display:none block; a reader never sees it."""
    page = """<html><body style="display:none"><main>
      <p>The harbour authority approved the dredging plan on Tuesday.</p>
      <div style="display: none !important" itemscope><h1>Harbour plan approved</h1><div>2019-11-13T23:06:00</div></div>
      <div style="Visibility:Hidden"><p>Hidden by visibility</p></div>
      <nav hidden><a href="/">Home</a></nav>
      <section hidden="until-found"><p>Found by the reader's search</p></section>
      <p style="color: grey">Work starts in March.</p>
    </main></body></html>"""
    assert texts(page, "html") == ["The harbour authority approved the dredging plan on Tuesday.",
                                   "Found by the reader's search", "Work starts in March."]


def test_a_page_that_hides_its_own_content_until_its_scripts_run_is_read_whole():
    """A wrapper hidden until the page's scripts show it holds the article: skipping it would leave nothing."""
    article = ["The harbour authority approved the dredging plan on Tuesday after a year of hearings.",
               "Work starts in March and should take eleven weeks, the authority's chief engineer said."]
    page = ('<html><body><div id="app" style="display:none">' + "".join(f"<p>{p}</p>" for p in article)
            + '</div><div class="loading">Loading</div></body></html>')
    assert texts(page, "html") == [*article, "Loading"]


def test_html_blocks_become_separate_paragraphs_with_their_tag():
    result = paragraphs(PAGE, "html")
    assert [(p.text, p.markup.tag) for p in result] == [
        ("Home", "li"), ("News", "li"), ("Sport", "li"),
        ("A sub heading", "h2"),
        ("A plain paragraph of the article with no links at all in it.", "p"),
        ("A paragraph with one link in the middle of a longer sentence.", "p"),
        ("First item", "li"), ("Second item", "li"),
        ("Copyright 2024 Example News", "p"),
    ]


def test_heading_level():
    blocks = by_text("<h1>Top</h1><h3>Third <em>level</em></h3><p>Body text.</p><h6>Six</h6>")
    assert blocks["Top"].markup.heading == 1
    assert blocks["Third level"].markup.heading == 3
    assert blocks["Body text."].markup.heading == 0
    assert blocks["Six"].markup.heading == 6


def test_inline_markup_stays_in_its_paragraph():
    assert texts("<p>One <b>bold</b> and <i>italic</i> word.</p><p>Next.</p>", "html") == [
        "One bold and italic word.", "Next."]


def test_link_density():
    blocks = by_text(PAGE)
    for item in ("Home", "News", "Sport"):
        assert blocks[item].markup.link_density == pytest.approx(1.0)
    assert blocks["A plain paragraph of the article with no links at all in it."].markup.link_density == 0.0
    partial = blocks["A paragraph with one link in the middle of a longer sentence."].markup.link_density
    assert 0.1 < partial < 0.3


def test_link_density_of_a_nav_paragraph_of_links():
    [nav] = paragraphs('<div class="menu"><a href="/">Home</a> | <a href="/a">About us</a> | '
                       '<a href="/c">Contact</a></div><p>x</p>', "html")[:1]
    assert nav.text == "Home | About us | Contact"
    assert nav.markup.link_density == pytest.approx(len("HomeAbout usContact") / len(nav.text))  # 0.76


def test_ancestor_class_and_id_tokens():
    blocks = by_text(PAGE)
    footer = blocks["Copyright 2024 Example News"].markup
    assert {"site-footer", "site", "footer"} <= set(footer.tokens)
    assert "footer" in footer.ancestors
    nav = blocks["Home"].markup
    assert {"main-nav", "main", "nav"} <= set(nav.tokens)
    article = blocks["First item"].markup
    assert {"post-body", "post", "body"} <= set(article.tokens)
    assert "site-footer" not in article.tokens and "main-nav" not in article.tokens


def test_camel_case_class_tokens_are_split():
    [block] = paragraphs('<div class="relatedArticles"><p>Other story.</p></div>', "html")
    assert {"relatedarticles", "related", "articles"} <= set(block.markup.tokens)


def test_twitter_embed_is_marked():
    body = ('<p>Article text before the embed.</p>'
            '<blockquote class="twitter-tweet"><p lang="en">Tweet text here</p>&mdash; Someone (@someone)'
            '</blockquote><p>Article text after.</p>')
    blocks = by_text(body)
    assert blocks["Tweet text here"].markup.embed is True
    assert blocks["Article text before the embed."].markup.embed is False
    assert blocks["Article text after."].markup.embed is False


def test_an_embeds_flag_follows_its_token_in_and_out_of_the_token_window():
    """A block keeps its nearest 64 class/id tokens: deep enough under an embed, the embed's token is cut off,
    and with it the flag, as for any other token."""
    def nested(levels: int, text: str) -> str:
        return "".join(f'<div class="level{chr(97 + k % 26)}">' for k in range(levels)) + f"<p>{text}</p>" + \
            "</div>" * levels
    body = (f'<blockquote class="twitter-tweet">{nested(5, "Near the embed.")}{nested(40, "Far below it.")}'
            '</blockquote>')
    blocks = by_text(body)
    assert blocks["Near the embed."].markup.embed is True
    assert "twitter-tweet" in blocks["Near the embed."].markup.tokens
    assert len(blocks["Far below it."].markup.tokens) == 64
    assert "twitter-tweet" not in blocks["Far below it."].markup.tokens
    assert blocks["Far below it."].markup.embed is False


def test_sibling_blocks_share_one_place():
    """Blocks in one place (same ancestors and class/id tokens) share their context's tuples, by which features
    and the list rule of the context pass know a place; blocks elsewhere do not."""
    body = ('<div class="story"><p>First paragraph.</p><p>Second paragraph.</p><p class="aside">An aside.</p></div>'
            '<ul class="menu"><li>Home</li><li>World</li></ul><ul class="menu"><li>Sport</li></ul>'
            '<div class="footer"><p>Footer line.</p></div>')
    blocks = by_text(body)

    def place(text: str) -> tuple[int, int]:
        markup = blocks[text].markup
        return id(markup.ancestors), id(markup.tokens)
    assert place("First paragraph.") == place("Second paragraph.")
    assert place("Home") == place("World") == place("Sport")
    assert len({place("First paragraph."), place("An aside."), place("Home"), place("Footer line.")}) == 4


def test_data_message_author_role_is_a_token():
    body = ('<div data-message-author-role="user"><p>What is the capital?</p></div>'
            '<div data-message-author-role="assistant"><div class="markdown"><p>It is Paris.</p></div></div>')
    blocks = by_text(body)
    assert "data-message-author-role=user" in blocks["What is the capital?"].markup.tokens
    assistant = blocks["It is Paris."].markup.tokens
    assert "data-message-author-role=assistant" in assistant
    assert "data-message-author-role" in assistant


def test_role_attribute_and_custom_elements_are_tokens():
    body = '<div role="navigation"><p>Menu</p></div><model-response><p>Answer text.</p></model-response>'
    blocks = by_text(body)
    assert "role=navigation" in blocks["Menu"].markup.tokens
    assert "model-response" in blocks["Answer text."].markup.tokens


def test_br_splits_paragraphs():
    assert texts("<p>Line one<br>Line two</p>", "html") == ["Line one", "Line two"]


def test_html_blocks_of_zero_width_spacers_are_not_paragraphs():
    body = "<p>First paragraph.</p><p>\u200b</p><p>&#8203; &#8204;</p><div>\ufeff</div><p>Second\u200b paragraph.</p>"
    assert texts(body, "html") == ["First paragraph.", "Second\u200b paragraph."]


def test_a_pages_blocks_are_freed_with_it_not_left_to_the_cycle_collector():
    # lxml's parser and its target hold each other; blocks the target kept lived until the next collection.
    document = Document(id="doc", format="html", body=PAGE, body_type="html")
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        segment(document)
        del document
        gc.collect()
        left = [type(item).__name__ for item in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert "Markup" not in left and "Paragraph" not in left


def test_comments_are_not_text():
    assert texts("<p>Visible<!-- hidden comment --> text.</p>", "html") == ["Visible text."]


def test_deeply_nested_html_does_not_raise():
    body = "<html><body>" + "<div><span>" * 1500 + "Deep text." + "</span></div>" * 1500 + "</body></html>"
    assert texts(body, "html") == ["Deep text."]


def test_html_nested_3000_levels_deep():
    body = "<div>" * 3000 + "<p>Deep paragraph.</p>" + "</div>" * 3000 + "<p>After.</p>"
    result = paragraphs(body, "html")
    assert [p.text for p in result] == ["Deep paragraph.", "After."]
