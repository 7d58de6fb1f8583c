"""Hindi, whose vowel signs are combining marks, cleaned with the shipped model.

Python's ``\\w`` leaves combining marks out, so a Hindi word was cut into single letters at each vowel sign and
the signs counted as punctuation: a news paragraph read as a string of one-letter words. The page and text below
were written for these tests: a city news story with its site's navigation, share bar and footer around it.
"""

from __future__ import annotations

import html

import pytest

from filterkit.features import _content_words, word_count

ARTICLE = (
    "नई दिल्ली नगर निगम ने सोमवार को घोषणा की कि शहर में अगले महीने से तीन नए सार्वजनिक पुस्तकालय खोले जाएंगे। "
    "इन पुस्तकालयों में बच्चों के लिए अलग पढ़ने का कमरा और मुफ्त इंटरनेट की सुविधा होगी।",
    "निगम के आयुक्त ने बताया कि इस परियोजना पर लगभग बारह करोड़ रुपये खर्च किए गए हैं। उन्होंने कहा कि पुस्तकालय "
    "सुबह आठ बजे से रात नौ बजे तक खुले रहेंगे।",
    "स्थानीय निवासियों ने इस फैसले का स्वागत किया है। एक शिक्षिका ने कहा, \"हमारे इलाके के छात्रों को अब पढ़ाई के लिए "
    "दूर नहीं जाना पड़ेगा।\"",
    "निगम अगले साल दो और पुस्तकालय खोलने की योजना बना रहा है।",
    "पहले चरण में पुस्तकालयों में दस हजार किताबें रखी जाएंगी।",
)
MENU = ("होम", "देश", "विदेश", "खेल", "मनोरंजन")
SHARE = ("शेयर करें", "फेसबुक", "ट्विटर")
FOOTER = "कॉपीराइट © 2025 दिल्ली समाचार"
TEXT = "\n".join(MENU) + "\n\n" + "\n\n".join(ARTICLE) + "\n\n" + "\n".join([*SHARE, FOOTER])
HEADLINE = "दिल्ली में तीन नए पुस्तकालय"
PAGE = (f"<html lang='hi'><head><title>{HEADLINE}</title></head><body><nav><ul>"
        + "".join(f"<li><a href='/{n}'>{item}</a></li>" for n, item in enumerate(MENU))
        + f"</ul></nav><article><h1>{HEADLINE}</h1>"
        + "".join(f"<p>{html.escape(p)}</p>" for p in ARTICLE)
        + "</article><div class='share'>" + "".join(f"<a href='#'>{item}</a>" for item in SHARE)
        + f"</div><footer><p>{FOOTER}</p></footer></body></html>")


def test_a_hindi_word_keeps_its_vowel_signs():
    assert word_count(ARTICLE[3]) == len(ARTICLE[3].rstrip("।").split())
    assert _content_words("पुस्तकालय खोलने की योजना") == ["पुस्तकालय", "खोलने", "योजना"]


@pytest.mark.parametrize("document", [TEXT, PAGE], ids=["text", "html"])
def test_the_article_is_kept_whole_and_the_chrome_dropped(shipped_filter, document):
    cleaned = shipped_filter.clean(document).split("\n\n")
    if cleaned[:1] == [HEADLINE]:  # the page's <h1>, its title: training labels a headline either way
        cleaned = cleaned[1:]
    assert cleaned == list(ARTICLE)


LEDE = ("मुंबई में शुक्रवार को भारी बारिश के कारण कई इलाकों में पानी भर गया और लोकल ट्रेन सेवाएं कई घंटों तक बाधित रहीं। "
        "मौसम विभाग ने अगले दो दिनों के लिए चेतावनी जारी की है।")


@pytest.mark.xfail(strict=True, reason="the training data has no Hindi article: a trailing story after one scores content "
                                       "1.00 with models d63fcfc75220, 0fa77936056d, 48609383e31a and "
                                       "b7f7a264a07e (a one-paragraph run needs 0.983 off-topic)")
def test_a_trailing_story_is_dropped(shipped_filter):
    assert shipped_filter.clean("\n\n".join([*ARTICLE, LEDE])) == "\n\n".join(ARTICLE)
