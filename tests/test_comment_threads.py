"""Readers' comment threads that outweigh the article above them, cleaned with the shipped model.

A short news item with a long thread under it is common (a blog's open thread, a gadget rumour with two
hundred replies), and the thread reads like prose: by mass it looks more like the page's main text than the
article does. What tells them apart is where the thread sits and the short author, time and reply lines
between its comments. Three pages: one with no class or id names at all (a forum's bare <div>s), one with
WordPress's comment markup, in French, and an open thread whose post is a single paragraph, in the markup of a
WordPress theme's "X on <date> said:" comments.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class ThreadPage:
    html: str
    article: tuple[str, ...]   # the article's paragraphs, each kept whole
    comments: tuple[str, ...]  # the comments' paragraphs
    chrome: tuple[str, ...]    # the thread's header, author, time and reply lines


EN_ARTICLE = (
    "The harbour authority will close the old swing bridge to cars for six weeks from March 3 while engineers "
    "replace the gears that open it for tall ships, the authority said on Monday.",
    "Buses will run over the new footbridge's service lane during the works, and the ferry to the east quay will "
    "sail every fifteen minutes instead of every half hour.",
    "The bridge, which opened in 1931, carries about 9,000 cars a day. Its gears were last replaced in 1988.",
)
EN_COMMENTS = (
    "Six weeks is optimistic. The last time they touched that bridge it was meant to be a month and it ran "
    "until the end of the summer, with the diversion signs still up in October.",
    "I cross it twice a day to get to work and honestly the ferry option is better than I expected. If they "
    "really run it every fifteen minutes I might keep using it after the bridge reopens.",
    "Does anyone know whether cyclists can still use the bridge during the works? The notice only mentions "
    "cars and buses and I would rather not find out at seven in the morning.",
    "The footbridge service lane is barely wide enough for one bus. Two of them meeting in the middle is going "
    "to be entertaining to watch, less so to sit in.",
    "People complain every time something gets fixed and then complain again when it breaks. Gears from 1988 "
    "were not going to last forever, just get it done.",
    "My grandfather worked on the 1988 repair. He always said the gears were the easy part and the wiring was "
    "the real problem, so I hope they are looking at that too while it is closed.",
    "Agreed about the wiring. The bridge got stuck half open twice last winter and nobody ever explained why.",
)
EN_CHROME = ("48 comments", "harbourwatcher", "3 hours ago", "Reply", "Votes: 12", "Load more comments")


def _en_page() -> str:
    authors = ("harbourwatcher", "Keith M", "cyclinggran", "eastquay_resident", "nofuss", "Ollie", "T. Brennan")
    comments = "".join(
        f"<div><div>{author}</div><div>{hours} hours ago</div><div>{text}</div><div>Reply</div>"
        f"<div>Votes: {votes}</div></div>"
        for author, hours, text, votes in zip(authors, range(3, 10), EN_COMMENTS, (12, 9, 7, 5, 4, 3, 2)))
    return f"""<!DOCTYPE html><html lang="en"><head><title>Swing bridge to close to cars for six weeks</title></head>
<body><div><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/weather">Weather</a></li></ul></div>
<div><div><h1>Swing bridge to close to cars for six weeks</h1><div>By Ana Ruiz, Monday 10 February</div>
<div>{''.join(f'<p>{p}</p>' for p in EN_ARTICLE)}</div></div>
<div><h3>48 comments</h3>{comments}<div><a href="#">Load more comments</a></div></div></div>
<div><p>© 2025 The Harbour Gazette</p></div></body></html>"""


FR_ARTICLE = (
    "La médiathèque de Saint-Aubin rouvrira le 2 juin après dix-huit mois de travaux, a annoncé la mairie "
    "jeudi. Le bâtiment a été agrandi d'une salle de lecture de 200 mètres carrés.",
    "Les horaires seront élargis le samedi jusqu'à 19 heures, et l'inscription restera gratuite pour les "
    "habitants de la commune.",
    "Le chantier, estimé au départ à 2,1 millions d'euros, a finalement coûté 2,6 millions, en raison de la "
    "hausse du prix des matériaux.",
)
FR_COMMENTS = (
    "Enfin ! Mes enfants réclament la médiathèque depuis un an et demi, le bibliobus du mercredi ne remplaçait "
    "vraiment pas grand-chose.",
    "500 000 euros de plus que prévu, et on nous explique que c'est la faute des matériaux. Comme d'habitude, "
    "personne n'est responsable de rien.",
    "Les matériaux ont réellement augmenté de 30 % sur la période, ce n'est pas une excuse inventée. Il suffit "
    "de demander à n'importe quel artisan.",
    "Le samedi jusqu'à 19 heures, c'est une très bonne nouvelle pour ceux qui travaillent en semaine. J'espère "
    "qu'ils garderont aussi l'ouverture du mardi soir.",
    "Quelqu'un sait si les anciens abonnements sont repris automatiquement ou s'il faut refaire sa carte ? Le "
    "site de la mairie ne dit rien à ce sujet.",
    "J'y suis passé hier, la nouvelle salle est très lumineuse. Dommage qu'il n'y ait toujours pas de parking "
    "vélo digne de ce nom devant l'entrée.",
)
FR_CHROME = ("6 réponses à « La médiathèque rouvre le 2 juin »", "Martine dit :", "Répondre",
             "Laisser un commentaire")


def _fr_page() -> str:
    authors = ("Martine", "Gégé", "Paul V.", "lectrice", "Arnaud", "Sylvie B.")
    comments = "".join(
        f'<li id="comment-{n}" class="comment depth-1"><article class="comment-body"><footer class="comment-meta">'
        f'<div class="comment-author vcard"><b class="fn">{author}</b> <span class="says">dit :</span></div>'
        f'<div class="comment-metadata"><a href="#comment-{n}"><time>{n - 10} mai 2025 à 18h{n:02d}</time></a>'
        f'</div></footer><div class="comment-content"><p>{text}</p></div><div class="reply">'
        f'<a class="comment-reply-link" href="#">Répondre</a></div></article></li>'
        for n, (author, text) in enumerate(zip(authors, FR_COMMENTS), start=12))
    return f"""<!DOCTYPE html><html lang="fr"><head><title>La médiathèque rouvre le 2 juin</title></head>
<body><header class="site-header"><nav class="main-navigation"><ul><li><a href="/">Accueil</a></li>
<li><a href="/vie-locale">Vie locale</a></li><li><a href="/agenda">Agenda</a></li></ul></nav></header>
<div class="site-content"><article class="post type-post"><h1 class="entry-title">La médiathèque rouvre le 2 juin</h1>
<div class="entry-content">{''.join(f'<p>{p}</p>' for p in FR_ARTICLE)}</div></article>
<div id="comments" class="comments-area">
<h2 class="comments-title">6 réponses à « La médiathèque rouvre le 2 juin »</h2>
<ol class="comment-list">{comments}</ol><div id="respond" class="comment-respond"><h3>Laisser un commentaire</h3>
<p>Votre adresse e-mail ne sera pas publiée.</p></div></div></div>
<footer class="site-footer"><p>Mairie de Saint-Aubin · Mentions légales</p></footer></body></html>"""


OPEN_POST = (
    "Once a quarter we open a thread for questions about how we choose the projects we fund, what we got wrong "
    "this year and what you would like us to look at next. Ask below, or write to the office if you would rather "
    "not post in public; we try to answer everything within a week.",
)
OPEN_COMMENTS = (
    "Could you say more about how you weigh a project that helps fewer people a lot against one that helps many "
    "people a little? The annual report gives the totals but not the reasoning behind them.",
    "The reading programme you funded in our district last spring has been great for my daughter, but the "
    "volunteers told us the money runs out in December. Is there any plan to extend it?",
    "Hi, thanks for asking. The programme is under review with the others that end this winter, and we expect "
    "to publish the decisions in January together with the figures behind them.",
    "You mentioned in the spring that you were looking at water projects. Did anything come of that, or did the "
    "numbers not work out once you had visited the sites?",
    "I would like to see a list of the projects you turned down and why. Knowing what did not pass would tell "
    "donors as much about your standards as knowing what did.",
    "Seconding the request for the rejected projects. Even a short paragraph on each would be very useful for "
    "those of us who give to smaller charities directly.",
)
OPEN_CHROME = ("Comments", "Dana P. on October 2, 2025 at 6:15 pm said:", "Previous Post", "Next Post",
               "Posted in Open thread | Permalink | 6 Comments")


def _open_thread_page() -> str:
    authors = ("Dana P.", "Marcus", "Eleanor (staff)", "J. Okafor", "Ruth", "Tomasz")
    comments = "".join(
        f'<li class="comment even thread-even depth-1" id="comment-{n}"><div id="div-comment-{n}" '
        f'class="comment-body"><div class="comment-author"><strong>{author}</strong> on '
        f'<a href="#comment-{n}">October {n - 3}, 2025 at {n % 12 + 1}:15 pm</a> said:</div><p>{text}</p>'
        f'<div class="reply"></div></div></li>'
        for n, (author, text) in enumerate(zip(authors, OPEN_COMMENTS), start=5))
    return f"""<!DOCTYPE html><html lang="en"><head><title>October open thread | The Fund Blog</title></head>
<body><div id="masthead"><ul class="menu"><li><a href="/">Home</a></li><li><a href="/research">Research</a></li>
<li><a href="/about">About</a></li><li><a href="/donate">Donate</a></li></ul></div>
<div id="content"><article class="post type-post"><header class="entry-header">
<h1 class="entry-title">October open thread</h1><div class="entry-meta">October 2, 2025 | by Eleanor</div></header>
<div class="entry-content">{''.join(f'<p>{p}</p>' for p in OPEN_POST)}</div>
<footer class="entry-footer">Posted in Open thread | Permalink | 6 Comments</footer>
<div class="blog-post-navigation"><ul><li class="prev"><a href="/prev">Previous Post</a></li>
<li class="next"><a href="/next">Next Post</a></li></ul></div></article>
<div id="comments" class="comments-area"><h3 class="comments-title">Comments</h3>
<ul class="comment-list">{comments}</ul></div></div>
<footer class="site-footer"><p>© 2025 The Fund</p></footer></body></html>"""


PAGES = {"en-forum": ThreadPage(_en_page(), EN_ARTICLE, EN_COMMENTS, EN_CHROME),
         "fr-wordpress": ThreadPage(_fr_page(), FR_ARTICLE, FR_COMMENTS, FR_CHROME),
         "en-open-thread": ThreadPage(_open_thread_page(), OPEN_POST, OPEN_COMMENTS, OPEN_CHROME)}

# What the shipped model still gets wrong, kept as strict xfails: each must fail, and is noticed when it no longer does.
_BARE = ("with no class or id names, each comment's text and the article's paragraphs sit in the same container "
         "(html body div div div); the comments score content 0.82-1.00, and the short lines between them are kept "
         "as lines between kept paragraphs")
KNOWN_FAILURES = {("comments", "en-forum"): _BARE, ("chrome", "en-forum"): _BARE}


def known_failures(test: str) -> list:
    return [pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[test, name]))
            if (test, name) in KNOWN_FAILURES else name for name in sorted(PAGES)]


def test_the_threads_outweigh_their_articles():
    """The premise: by characters, each thread holds more text than its article."""
    for page in PAGES.values():
        assert sum(map(len, page.comments)) > 1.5 * sum(map(len, page.article))


@pytest.fixture(scope="module")
def classified(shipped_filter):
    return {name: shipped_filter.classify(page.html) for name, page in PAGES.items()}


def _labels(document, texts):
    by_text = {p.text: p.label for p in document.paragraphs}
    missing = [text for text in texts if text not in by_text]
    assert not missing, f"the segmenter no longer gives these paragraphs whole: {missing}"
    return {text: by_text[text] for text in texts}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_article_is_kept(classified, name):
    labels = _labels(classified[name], PAGES[name].article)
    assert [text for text, label in labels.items() if label != "content"] == []


@pytest.mark.parametrize("name", known_failures("comments"))
def test_the_comments_are_dropped(classified, name):
    labels = _labels(classified[name], PAGES[name].comments)
    assert [text for text, label in labels.items() if label == "content"] == []


@pytest.mark.parametrize("name", known_failures("chrome"))
def test_the_thread_chrome_is_dropped(classified, name):
    labels = _labels(classified[name], PAGES[name].chrome)
    assert [text for text, label in labels.items() if label == "content"] == []
