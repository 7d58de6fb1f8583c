"""Realistic news pages in English, German, French and Spanish, cleaned with the shipped model.

Each page carries the usual chrome around one article: a header nav list, a breadcrumb, an h1, a byline, a
cookie box, a share bar, a list of related headlines, a comments section with two comments and a footer. The
article itself has a subheading, an in-article list of three items and a small table, both part of the article.

The pages differ in how they name their parts: one uses semantic class names ("site-footer"), one hashed
CSS-in-JS names ("css-1x9f2a"), one no class or id at all, and one WordPress's names. Every article
paragraph must be kept; the chrome must be dropped.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

import pytest

from filterkit.document import Document, Paragraph


@dataclass(frozen=True)
class Page:
    html: str
    article: tuple[str, ...]        # the article's paragraphs (every <p> of it, in order), each kept whole
    in_article_list: tuple[str, ...]  # the <ul> items inside the article
    in_article_table: tuple[str, ...]  # the table's cells (and caption) inside the article
    nav: tuple[str, ...]            # header navigation items and the breadcrumb
    cookie: tuple[str, ...]
    share: tuple[str, ...]
    related: tuple[str, ...]        # headlines of other stories, linked
    comments: tuple[str, ...]       # the comments' text, authors and dates
    footer: tuple[str, ...]
    subheading: str                 # the article's <h2>
    byline: str


# ---- English: semantic class names --------------------------------------------------------------------------

EN_ARTICLE = (
    "Riverside's city council voted 7 to 2 on Tuesday night to build a network of protected bike lanes along "
    "four of the town's busiest streets, ending a debate that had filled the council chamber for most of the "
    "spring.",
    "The plan, drawn up by the transportation department after a year of public meetings, separates cyclists "
    "from traffic with concrete curbs and low planters rather than painted lines. Construction on the first "
    "stretch, along Mill Street, is due to begin in September.",
    "Council member Dana Ortiz, who sponsored the measure, said the vote was about safety first. \"Three "
    "people were hit on Mill Street last year alone,\" she said. \"We can keep counting, or we can change the "
    "street.\"",
    "The two members who voted against it said they supported the goal but worried about the loss of "
    "roughly 140 parking spaces. Several shop owners on Harbor Avenue told the council that their customers "
    "already struggle to find a space on weekends.",
    "The city says it will add a short-term parking lot behind the old post office and review delivery zones "
    "before the Harbor Avenue section is built. A first progress report is due to the council in January.",
)
EN_INTRO = "The first phase covers three routes:"  # the article's own line that leads into its list
EN_LIST = (
    "Mill Street, from the train station to Fifth Avenue",
    "Harbor Avenue, between the ferry terminal and the market hall",
    "Oak Boulevard and the bridge over the Riverside canal",
)
EN_TABLE = ("Street", "Length", "Start", "Mill Street", "1.8 km", "September 2025",
            "Harbor Avenue", "1.2 km", "March 2026")
EN_NAV = ("Home", "Local", "Politics", "Business", "Sports", "Opinion", "News", "Local Politics")
EN_COOKIE = ("We use cookies to improve your experience, analyse traffic and show personalised ads.",
             "Accept all", "Manage preferences")
EN_SHARE = ("Share this article", "Facebook", "Email", "Copy link")
EN_RELATED = ("School board delays vote on new start times",
              "Ferry fares to rise by 5 percent in July",
              "Farmers market returns to Harbor Avenue for the summer")
EN_COMMENTS = ("Finally. I ride Mill Street every day and it is terrifying at rush hour.",
               "Where exactly are delivery trucks supposed to stop on Harbor Avenue? Nobody has explained that.",
               "mike_h", "jsanders")
EN_FOOTER = ("About us", "Contact", "Advertise", "Privacy policy", "Terms of use",
             "© 2025 The Riverside Courier. All rights reserved.")

EN_HTML = f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Council approves protected bike lanes on four streets | The Riverside Courier</title>
<link rel="stylesheet" href="/static/css/main.css"><script src="/static/js/analytics.js"></script></head>
<body class="article-page">
<div id="cookie-banner" class="cookie-consent" role="dialog" aria-label="Cookie consent">
  <p class="cookie-consent__text">{EN_COOKIE[0]}</p>
  <div class="cookie-consent__buttons"><button class="btn btn-primary">{EN_COOKIE[1]}</button>
  <button class="btn btn-link">{EN_COOKIE[2]}</button></div>
</div>
<header class="site-header">
  <a class="site-logo" href="/"><img src="/logo.svg" alt="The Riverside Courier"></a>
  <nav class="main-nav" aria-label="Main">
    <ul class="main-nav__list">
      <li><a href="/">{EN_NAV[0]}</a></li><li><a href="/local/">{EN_NAV[1]}</a></li>
      <li><a href="/politics/">{EN_NAV[2]}</a></li><li><a href="/business/">{EN_NAV[3]}</a></li>
      <li><a href="/sports/">{EN_NAV[4]}</a></li><li><a href="/opinion/">{EN_NAV[5]}</a></li>
    </ul>
  </nav>
</header>
<main id="main-content">
  <nav class="breadcrumb" aria-label="Breadcrumb"><ol>
    <li><a href="/news/">{EN_NAV[6]}</a></li><li><a href="/news/local-politics/">{EN_NAV[7]}</a></li>
  </ol></nav>
  <article class="article">
    <header class="article-header">
      <h1 class="article-title">Council approves protected bike lanes on four streets</h1>
      <div class="byline">By <a href="/authors/sarah-mitchell/">Sarah Mitchell</a>, Staff Writer
        <time datetime="2025-05-14T21:40">May 14, 2025 at 9:40 p.m.</time></div>
    </header>
    <figure class="article-image"><img src="/img/mill-street.jpg" alt="">
      <figcaption>Cyclists on Mill Street during the evening rush. (Courier photo)</figcaption></figure>
    <div class="article-body">
      <p>{EN_ARTICLE[0]}</p>
      <p>{EN_ARTICLE[1]}</p>
      <p>{EN_INTRO}</p>
      <ul>
        <li>{EN_LIST[0]}</li>
        <li>{EN_LIST[1]}</li>
        <li>{EN_LIST[2]}</li>
      </ul>
      <p>{EN_ARTICLE[2]}</p>
      <h2>Parking worries on Harbor Avenue</h2>
      <p>{EN_ARTICLE[3]}</p>
      <table class="data-table">
        <thead><tr><th>{EN_TABLE[0]}</th><th>{EN_TABLE[1]}</th><th>{EN_TABLE[2]}</th></tr></thead>
        <tbody>
          <tr><td>{EN_TABLE[3]}</td><td>{EN_TABLE[4]}</td><td>{EN_TABLE[5]}</td></tr>
          <tr><td>{EN_TABLE[6]}</td><td>{EN_TABLE[7]}</td><td>{EN_TABLE[8]}</td></tr>
        </tbody>
      </table>
      <p>{EN_ARTICLE[4]}</p>
    </div>
    <div class="share-bar">
      <span class="share-bar__label">{EN_SHARE[0]}</span>
      <ul><li><a href="https://www.facebook.com/sharer/sharer.php?u=x">{EN_SHARE[1]}</a></li>
      <li><a href="mailto:?subject=x">{EN_SHARE[2]}</a></li>
      <li><button class="copy-link">{EN_SHARE[3]}</button></li></ul>
    </div>
  </article>
  <aside class="related-stories">
    <h3>Related stories</h3>
    <ul>
      <li><a href="/news/local/school-board-start-times/">{EN_RELATED[0]}</a></li>
      <li><a href="/news/local/ferry-fares/">{EN_RELATED[1]}</a></li>
      <li><a href="/news/local/farmers-market/">{EN_RELATED[2]}</a></li>
    </ul>
  </aside>
  <section id="comments" class="comments">
    <h3>2 Comments</h3>
    <ol class="comment-list">
      <li class="comment"><div class="comment-meta"><span class="comment-author">{EN_COMMENTS[2]}</span>
        <time>May 14, 2025</time></div><p class="comment-text">{EN_COMMENTS[0]}</p>
        <a class="reply" href="#reply">Reply</a></li>
      <li class="comment"><div class="comment-meta"><span class="comment-author">{EN_COMMENTS[3]}</span>
        <time>May 15, 2025</time></div><p class="comment-text">{EN_COMMENTS[1]}</p>
        <a class="reply" href="#reply">Reply</a></li>
    </ol>
  </section>
</main>
<footer class="site-footer">
  <ul class="footer-links">
    <li><a href="/about/">{EN_FOOTER[0]}</a></li><li><a href="/contact/">{EN_FOOTER[1]}</a></li>
    <li><a href="/advertise/">{EN_FOOTER[2]}</a></li><li><a href="/privacy/">{EN_FOOTER[3]}</a></li>
    <li><a href="/terms/">{EN_FOOTER[4]}</a></li>
  </ul>
  <p class="copyright">{EN_FOOTER[5]}</p>
</footer>
</body></html>"""

# ---- German: hashed CSS-in-JS class names ---------------------------------------------------------------------

DE_ARTICLE = (
    "Nach fast zwei Jahren Bauzeit fahren auf der Strecke zwischen Lindenau und Oberweiler wieder Züge. Am "
    "Sonntagmorgen rollte der erste Regionalexpress um 5.42 Uhr aus dem Bahnhof, begleitet von rund hundert "
    "Schaulustigen auf dem Bahnsteig.",
    "Die Deutsche Bahn hatte die eingleisige Strecke im Sommer 2023 gesperrt, um zwei Brücken zu erneuern "
    "und die Stellwerke zu modernisieren. Die Arbeiten kosteten nach Angaben des Landes rund 86 Millionen "
    "Euro, etwa zwölf Millionen mehr als ursprünglich geplant.",
    "Für Pendlerinnen und Pendler endet damit eine lange Zeit mit Ersatzbussen. \"Ich habe jeden Tag fast "
    "eine Stunde verloren\", sagte eine Krankenpflegerin, die in Oberweiler arbeitet. Die Busse seien oft "
    "voll und bei Schnee unpünktlich gewesen.",
    "Der Landrat sprach bei der Eröffnung von einem wichtigen Tag für die Region. Zugleich räumte er ein, "
    "dass der Takt vorerst nur stündlich sei. Ein Halbstundentakt in den Hauptverkehrszeiten ist erst ab "
    "dem Fahrplanwechsel im Dezember vorgesehen.",
    "Der Fahrgastverband kritisierte, dass die Bahnhöfe in Kleinbach und Steinfeld noch nicht barrierefrei "
    "seien. Die Bahn kündigte an, die Bahnsteige dort bis Ende 2026 anzuheben.",
    "Wer die neue Verbindung testen will, kann am kommenden Wochenende kostenlos mitfahren. Das Land "
    "übernimmt an beiden Tagen die Fahrpreise auf der gesamten Strecke.",
)
DE_INTRO = "Erneuert wurden unter anderem:"
DE_LIST = (
    "zwei neue Brücken über die Weil und den Mühlbach",
    "ein elektronisches Stellwerk in Lindenau",
    "längere Bahnsteige in Oberweiler und Kleinbach",
)
DE_TABLE = ("Verbindung", "vorher (Bus)", "jetzt (Zug)", "Lindenau – Oberweiler", "58 Minuten", "31 Minuten",
            "Lindenau – Steinfeld", "34 Minuten", "19 Minuten")
DE_NAV = ("Startseite", "Politik", "Wirtschaft", "Region", "Sport", "Kultur", "Nachrichten", "Region", "Verkehr")
DE_COOKIE = ("Wir und unsere Partner verwenden Cookies und ähnliche Technologien, um Inhalte und Anzeigen zu "
             "personalisieren und die Zugriffe auf unsere Website zu analysieren.",
             "Alle akzeptieren", "Einstellungen")
DE_SHARE = ("Artikel teilen", "WhatsApp", "Facebook", "E-Mail")
DE_RELATED = ("Neuer Radweg zwischen Kleinbach und Steinfeld freigegeben",
              "Busfahrer streiken am Montag im ganzen Landkreis",
              "Stadtwerke erhöhen die Wasserpreise zum Jahreswechsel")
DE_COMMENTS = ("Endlich! Die Ersatzbusse waren im Winter eine Zumutung.",
               "Stündlich reicht nicht. Ohne Halbstundentakt steigt hier niemand vom Auto um.",
               "Karin W.", "bahnfahrer77")
DE_FOOTER = ("Impressum", "Datenschutz", "Kontakt", "Abo", "© 2025 Weiltal Kurier GmbH")

DE_HTML = f"""<!doctype html>
<html lang="de">
<head><meta charset="utf-8"><title>Strecke Lindenau–Oberweiler wieder in Betrieb - Weiltal Kurier</title>
<style>.css-1x9f2a{{display:flex}}</style></head>
<body>
<div id="__next">
<div class="css-k008qs">
  <header class="css-1jx3bz">
    <div class="css-9v2ki3"><a href="/" class="css-lbrnq1">Weiltal Kurier</a></div>
    <nav class="css-1x9f2a">
      <ul class="css-r0kq7y">
        <li class="css-12ojdxl"><a href="/">{DE_NAV[0]}</a></li>
        <li class="css-12ojdxl"><a href="/politik">{DE_NAV[1]}</a></li>
        <li class="css-12ojdxl"><a href="/wirtschaft">{DE_NAV[2]}</a></li>
        <li class="css-12ojdxl"><a href="/region">{DE_NAV[3]}</a></li>
        <li class="css-12ojdxl"><a href="/sport">{DE_NAV[4]}</a></li>
        <li class="css-12ojdxl"><a href="/kultur">{DE_NAV[5]}</a></li>
      </ul>
    </nav>
  </header>
  <div class="css-4bf0q2">
    <div class="css-1qg8sy6"><a href="/nachrichten">{DE_NAV[6]}</a> › <a href="/region">{DE_NAV[7]}</a> ›
      <a href="/region/verkehr">{DE_NAV[8]}</a></div>
    <div class="css-1y5q0xw">
      <h1 class="css-wjh7ft">Strecke Lindenau–Oberweiler nach zwei Jahren wieder in Betrieb</h1>
      <div class="css-g0f2y9"><span class="css-1m3u0vz">Von Thomas Berger</span>
        <span class="css-7kp13n">18.05.2025, 14:03 Uhr</span></div>
      <div class="css-ac4z6z">
        <p class="css-1ygdjhk">{DE_ARTICLE[0]}</p>
        <p class="css-1ygdjhk">{DE_ARTICLE[1]}</p>
        <p class="css-1ygdjhk">{DE_INTRO}</p>
        <ul class="css-5a1h8z">
          <li class="css-d3rtzq">{DE_LIST[0]}</li>
          <li class="css-d3rtzq">{DE_LIST[1]}</li>
          <li class="css-d3rtzq">{DE_LIST[2]}</li>
        </ul>
        <p class="css-1ygdjhk">{DE_ARTICLE[2]}</p>
        <h2 class="css-1c3f7xn">Halbstundentakt erst ab Dezember</h2>
        <p class="css-1ygdjhk">{DE_ARTICLE[3]}</p>
        <div class="css-x4q1v0"><table class="css-1b0zmd2">
          <tr><th>{DE_TABLE[0]}</th><th>{DE_TABLE[1]}</th><th>{DE_TABLE[2]}</th></tr>
          <tr><td>{DE_TABLE[3]}</td><td>{DE_TABLE[4]}</td><td>{DE_TABLE[5]}</td></tr>
          <tr><td>{DE_TABLE[6]}</td><td>{DE_TABLE[7]}</td><td>{DE_TABLE[8]}</td></tr>
        </table></div>
        <p class="css-1ygdjhk">{DE_ARTICLE[4]}</p>
        <p class="css-1ygdjhk">{DE_ARTICLE[5]}</p>
      </div>
      <div class="css-1f0k1ly"><span>{DE_SHARE[0]}</span>
        <a href="https://wa.me/?text=x" class="css-15hh2r1">{DE_SHARE[1]}</a>
        <a href="https://www.facebook.com/sharer.php?u=x" class="css-15hh2r1">{DE_SHARE[2]}</a>
        <a href="mailto:?body=x" class="css-15hh2r1">{DE_SHARE[3]}</a></div>
    </div>
    <div class="css-1n2mv2k">
      <h3 class="css-8atqhb">Lesen Sie auch</h3>
      <ul class="css-1rfxmt4">
        <li><a href="/region/radweg-kleinbach-steinfeld">{DE_RELATED[0]}</a></li>
        <li><a href="/region/busstreik-montag">{DE_RELATED[1]}</a></li>
        <li><a href="/region/wasserpreise">{DE_RELATED[2]}</a></li>
      </ul>
    </div>
    <div class="css-19q0d2a">
      <h3 class="css-8atqhb">Kommentare (2)</h3>
      <div class="css-t1y7qo"><div class="css-3w1l6m"><b>{DE_COMMENTS[2]}</b> <span>18.05.2025, 15:12</span></div>
        <p class="css-h3z8nw">{DE_COMMENTS[0]}</p></div>
      <div class="css-t1y7qo"><div class="css-3w1l6m"><b>{DE_COMMENTS[3]}</b> <span>18.05.2025, 16:40</span></div>
        <p class="css-h3z8nw">{DE_COMMENTS[1]}</p></div>
    </div>
  </div>
  <footer class="css-1dh5c5x">
    <a href="/impressum">{DE_FOOTER[0]}</a> <a href="/datenschutz">{DE_FOOTER[1]}</a>
    <a href="/kontakt">{DE_FOOTER[2]}</a> <a href="/abo">{DE_FOOTER[3]}</a>
    <p class="css-ow8mn4">{DE_FOOTER[4]}</p>
  </footer>
</div>
<div class="css-2nd7h1"><div class="css-q7n0cs">
  <p>{DE_COOKIE[0]}</p>
  <button class="css-vd8w1c">{DE_COOKIE[1]}</button> <button class="css-1p7gdo">{DE_COOKIE[2]}</button>
</div></div>
</div>
<script id="__NEXT_DATA__" type="application/json">{{"props":{{}}}}</script>
</body></html>"""

# ---- French: no class or id at all ---------------------------------------------------------------------------

FR_ARTICLE = (
    "Les vendanges ont commencé lundi dans plusieurs communes du Val de Loire, avec près de deux semaines "
    "d'avance sur le calendrier habituel. Les vignerons expliquent ce départ précoce par un mois d'août "
    "particulièrement chaud et sec.",
    "À Montlouis, les premières équipes sont arrivées dans les rangs dès six heures du matin pour profiter "
    "de la fraîcheur. « Après dix heures, le raisin chauffe trop vite et on perd en qualité », explique "
    "Claire Delaunay, qui exploite douze hectares avec son frère.",
    "Selon la chambre d'agriculture, les volumes devraient être en baisse d'environ 15 % par rapport à "
    "l'an dernier. La grêle du mois de juin a touché une partie des parcelles, et la sécheresse a réduit "
    "la taille des grains.",
    "La qualité, en revanche, s'annonce bonne. Les raisins sont sains et bien mûrs, ce qui devrait donner "
    "des vins riches, surtout pour les blancs secs et les effervescents qui font la réputation de "
    "l'appellation.",
    "Les exploitations peinent toutefois à trouver assez de main-d'œuvre. Plusieurs domaines ont relevé les "
    "salaires des saisonniers et proposent désormais un hébergement sur place pour attirer des cueilleurs "
    "venus d'autres régions.",
)
FR_INTRO = "Plusieurs facteurs expliquent cette avance :"
FR_LIST = (
    "la grêle du 21 juin sur le secteur de Vouvray",
    "quarante jours sans pluie en juillet et en août",
    "des nuits chaudes qui ont accéléré la maturation",
)
FR_TABLE = ("Appellation", "Début des vendanges", "Montlouis", "1er septembre", "Vouvray", "3 septembre",
            "Chinon", "8 septembre")
FR_NAV = ("Accueil", "Actualités", "Économie", "Sports", "Loisirs", "Accueil", "Économie", "Agriculture")
FR_COOKIE = ("Ce site utilise des cookies pour mesurer l'audience et vous proposer des publicités adaptées "
             "à vos centres d'intérêt.", "Tout accepter", "Continuer sans accepter")
FR_SHARE = ("Partager :", "Facebook", "X", "LinkedIn", "Envoyer par e-mail")
FR_RELATED = ("Le marché de Tours déménage pour l'été",
              "Sécheresse : de nouvelles restrictions d'eau en Indre-et-Loire",
              "Le festival de jazz de Chinon affiche complet")
FR_COMMENTS = ("Bravo aux vignerons, la saison a été très difficile avec la grêle.",
               "On manque de bras partout, pas seulement dans les vignes.",
               "Jean-Pierre", "Sophie L.")
FR_FOOTER = ("Mentions légales", "Nous contacter", "Publicité", "© La Gazette du Val, 2025")

FR_HTML = f"""<html lang="fr">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Val de Loire : les vendanges commencent avec deux semaines d'avance</title></head>
<body>
<div>
  <div><a href="/"><img src="/images/logo.gif" alt="La Gazette du Val"></a></div>
  <ul>
    <li><a href="/">{FR_NAV[0]}</a></li>
    <li><a href="/actualites/">{FR_NAV[1]}</a></li>
    <li><a href="/economie/">{FR_NAV[2]}</a></li>
    <li><a href="/sports/">{FR_NAV[3]}</a></li>
    <li><a href="/loisirs/">{FR_NAV[4]}</a></li>
  </ul>
</div>
<div>
  <p><b>{FR_COOKIE[0]}</b></p>
  <p><a href="#ok">{FR_COOKIE[1]}</a> | <a href="#refuser">{FR_COOKIE[2]}</a></p>
</div>
<div>
  <div><a href="/">{FR_NAV[5]}</a> &gt; <a href="/economie/">{FR_NAV[6]}</a> &gt;
    <a href="/economie/agriculture/">{FR_NAV[7]}</a></div>
  <h1>Val de Loire : les vendanges commencent avec deux semaines d'avance</h1>
  <p><i>Par Marc Lefèvre, publié le 1er septembre 2025 à 18h15</i></p>
  <div>
    <p>{FR_ARTICLE[0]}</p>
    <p>{FR_ARTICLE[1]}</p>
    <p>{FR_INTRO}</p>
    <ul>
      <li>{FR_LIST[0]}</li>
      <li>{FR_LIST[1]}</li>
      <li>{FR_LIST[2]}</li>
    </ul>
    <h2>Une récolte plus petite mais de qualité</h2>
    <p>{FR_ARTICLE[2]}</p>
    <p>{FR_ARTICLE[3]}</p>
    <table border="1">
      <tr><th>{FR_TABLE[0]}</th><th>{FR_TABLE[1]}</th></tr>
      <tr><td>{FR_TABLE[2]}</td><td>{FR_TABLE[3]}</td></tr>
      <tr><td>{FR_TABLE[4]}</td><td>{FR_TABLE[5]}</td></tr>
      <tr><td>{FR_TABLE[6]}</td><td>{FR_TABLE[7]}</td></tr>
    </table>
    <p>{FR_ARTICLE[4]}</p>
  </div>
  <div>{FR_SHARE[0]} <a href="https://www.facebook.com/sharer.php?u=x">{FR_SHARE[1]}</a>
    <a href="https://x.com/intent/tweet?url=x">{FR_SHARE[2]}</a>
    <a href="https://www.linkedin.com/shareArticle?url=x">{FR_SHARE[3]}</a>
    <a href="mailto:?subject=x">{FR_SHARE[4]}</a></div>
  <h3>À lire aussi</h3>
  <ul>
    <li><a href="/actualites/marche-de-tours.html">{FR_RELATED[0]}</a></li>
    <li><a href="/actualites/secheresse-restrictions.html">{FR_RELATED[1]}</a></li>
    <li><a href="/loisirs/festival-jazz-chinon.html">{FR_RELATED[2]}</a></li>
  </ul>
  <h3>2 commentaires</h3>
  <div>
    <p><b>{FR_COMMENTS[2]}</b> - 1 septembre 2025 à 19h02</p>
    <p>{FR_COMMENTS[0]}</p>
  </div>
  <div>
    <p><b>{FR_COMMENTS[3]}</b> - 1 septembre 2025 à 20h47</p>
    <p>{FR_COMMENTS[1]}</p>
  </div>
</div>
<hr>
<div>
  <a href="/mentions-legales.html">{FR_FOOTER[0]}</a> - <a href="/contact.html">{FR_FOOTER[1]}</a> -
  <a href="/publicite.html">{FR_FOOTER[2]}</a>
  <p>{FR_FOOTER[3]}</p>
</div>
</body></html>"""

# ---- Spanish: WordPress's class names ------------------------------------------------------------------------

ES_ARTICLE = (
    "Los embalses de la cuenca del Segura se encuentran al 18 % de su capacidad, el nivel más bajo registrado "
    "en un mes de mayo desde que existen datos, según el último boletín hidrológico publicado este lunes.",
    "La Confederación Hidrográfica atribuye la situación a tres años seguidos de lluvias por debajo de la "
    "media y a un invierno especialmente cálido, que redujo la nieve acumulada en las sierras de cabecera.",
    "Los regantes del campo de Cartagena, que dependen en gran parte del trasvase, advierten de que algunas "
    "comunidades solo podrán garantizar dos riegos este verano. \"Estamos sembrando menos y arrancando "
    "árboles viejos\", explicó el presidente de una de las comunidades.",
    "El Gobierno regional ha pedido adelantar la puesta en marcha de la nueva desaladora de Águilas, cuyas "
    "obras deberían terminar a finales de año. Mientras tanto, los ayuntamientos han empezado a aprobar "
    "restricciones para el riego de jardines y el llenado de piscinas.",
    "El abastecimiento a los hogares, subrayan las autoridades, no corre peligro a corto plazo gracias a las "
    "desaladoras existentes y a los pozos de sequía, aunque el coste del agua podría subir en los próximos "
    "meses.",
)
ES_INTRO = "Entre las medidas aprobadas figuran:"
ES_LIST = (
    "prohibición de regar jardines y zonas verdes entre las 8 y las 20 horas",
    "cierre de las fuentes ornamentales que no reciclan el agua",
    "límites al llenado de piscinas privadas",
)
ES_TABLE = ("Embalse", "Capacidad (hm³)", "Nivel actual", "Cenajo", "437", "21 %", "Fuensanta", "210", "16 %",
            "Alfonso XIII", "22", "9 %")
ES_NAV = ("Portada", "Región", "España", "Economía", "Deportes", "Portada", "Región", "Medio ambiente")
ES_COOKIE = ("Utilizamos cookies propias y de terceros para fines analíticos y para mostrarte publicidad "
             "personalizada en base a un perfil elaborado a partir de tus hábitos de navegación.",
             "Aceptar", "Rechazar", "Ver preferencias")
ES_SHARE = ("Compartir esto:", "Facebook", "WhatsApp", "Telegram")
ES_RELATED = ("La ola de calor dispara el consumo eléctrico en la Región",
              "Cartagena abre tres nuevos puntos de recarga para coches eléctricos",
              "El Mar Menor registra la menor concentración de clorofila del año")
ES_COMMENTS = ("Llevamos años avisando de que esto iba a pasar y nadie ha hecho nada.",
               "¿Y para cuándo la desaladora? Siempre dicen que a finales de año.",
               "Antonio García", "Lucía M.")
ES_FOOTER = ("Aviso legal", "Política de privacidad", "Política de cookies", "Contacto",
             "© 2025 Diario del Sureste. Todos los derechos reservados.")

ES_HTML = f"""<!DOCTYPE html>
<html lang="es-ES">
<head><meta charset="UTF-8"><title>Los embalses del Segura, al 18 % en el peor mayo registrado - Diario del Sureste</title>
<link rel='stylesheet' id='wp-block-library-css' href='/wp-includes/css/dist/block-library/style.min.css' media='all' />
</head>
<body class="post-template-default single single-post postid-48213 single-format-standard">
<div id="page" class="site">
  <header id="masthead" class="site-header">
    <div class="site-branding"><p class="site-title"><a href="/" rel="home">Diario del Sureste</a></p></div>
    <nav id="site-navigation" class="main-navigation">
      <ul id="primary-menu" class="menu">
        <li class="menu-item menu-item-home"><a href="/">{ES_NAV[0]}</a></li>
        <li class="menu-item"><a href="/category/region/">{ES_NAV[1]}</a></li>
        <li class="menu-item"><a href="/category/espana/">{ES_NAV[2]}</a></li>
        <li class="menu-item"><a href="/category/economia/">{ES_NAV[3]}</a></li>
        <li class="menu-item"><a href="/category/deportes/">{ES_NAV[4]}</a></li>
      </ul>
    </nav>
  </header>
  <div id="content" class="site-content">
    <div id="primary" class="content-area"><main id="main" class="site-main">
      <nav aria-label="breadcrumbs" class="rank-math-breadcrumb"><p><a href="/">{ES_NAV[5]}</a>
        <span class="separator"> » </span><a href="/category/region/">{ES_NAV[6]}</a>
        <span class="separator"> » </span><a href="/category/region/medio-ambiente/">{ES_NAV[7]}</a></p></nav>
      <article id="post-48213" class="post-48213 post type-post status-publish format-standard hentry category-region">
        <header class="entry-header">
          <h1 class="entry-title">Los embalses del Segura, al 18 % en el peor mayo registrado</h1>
          <div class="entry-meta"><span class="byline">Por <span class="author vcard"><a class="url fn n"
            href="/author/elena-ruiz/">Elena Ruiz</a></span></span> <span class="posted-on"><time
            class="entry-date published" datetime="2025-05-19T09:30:00+02:00">19 de mayo de 2025</time></span></div>
        </header>
        <div class="entry-content">
          <p>{ES_ARTICLE[0]}</p>
          <p>{ES_ARTICLE[1]}</p>
          <figure class="wp-block-table"><table>
            <thead><tr><th>{ES_TABLE[0]}</th><th>{ES_TABLE[1]}</th><th>{ES_TABLE[2]}</th></tr></thead>
            <tbody><tr><td>{ES_TABLE[3]}</td><td>{ES_TABLE[4]}</td><td>{ES_TABLE[5]}</td></tr>
            <tr><td>{ES_TABLE[6]}</td><td>{ES_TABLE[7]}</td><td>{ES_TABLE[8]}</td></tr>
            <tr><td>{ES_TABLE[9]}</td><td>{ES_TABLE[10]}</td><td>{ES_TABLE[11]}</td></tr></tbody>
          </table></figure>
          <p>{ES_ARTICLE[2]}</p>
          <h2 class="wp-block-heading">Restricciones en los municipios</h2>
          <p>{ES_ARTICLE[3]}</p>
          <p>{ES_INTRO}</p>
          <ul class="wp-block-list">
            <li>{ES_LIST[0]}</li>
            <li>{ES_LIST[1]}</li>
            <li>{ES_LIST[2]}</li>
          </ul>
          <p>{ES_ARTICLE[4]}</p>
          <div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social">
            <h3 class="sd-title">{ES_SHARE[0]}</h3>
            <div class="sd-content"><ul>
              <li class="share-facebook"><a class="share-facebook sd-button" href="?share=facebook"><span>{ES_SHARE[1]}</span></a></li>
              <li class="share-jetpack-whatsapp"><a class="share-jetpack-whatsapp sd-button" href="?share=jetpack-whatsapp"><span>{ES_SHARE[2]}</span></a></li>
              <li class="share-telegram"><a class="share-telegram sd-button" href="?share=telegram"><span>{ES_SHARE[3]}</span></a></li>
            </ul></div></div></div>
          <div id="jp-relatedposts" class="jp-relatedposts">
            <h3 class="jp-relatedposts-headline"><em>Relacionado</em></h3>
            <div class="jp-relatedposts-items">
              <p class="jp-relatedposts-post"><a href="/2025/05/ola-de-calor-consumo/">{ES_RELATED[0]}</a></p>
              <p class="jp-relatedposts-post"><a href="/2025/05/puntos-recarga-cartagena/">{ES_RELATED[1]}</a></p>
              <p class="jp-relatedposts-post"><a href="/2025/04/mar-menor-clorofila/">{ES_RELATED[2]}</a></p>
            </div>
          </div>
        </div>
      </article>
      <div id="comments" class="comments-area">
        <h2 class="comments-title">2 comentarios en «Los embalses del Segura, al 18 % en el peor mayo registrado»</h2>
        <ol class="comment-list">
          <li id="comment-1021" class="comment even thread-even depth-1"><article class="comment-body">
            <footer class="comment-meta"><div class="comment-author vcard"><b class="fn">{ES_COMMENTS[2]}</b>
              <span class="says">dice:</span></div><div class="comment-metadata"><time>19 de mayo de 2025 a las 10:14</time></div></footer>
            <div class="comment-content"><p>{ES_COMMENTS[0]}</p></div>
            <div class="reply"><a rel="nofollow" class="comment-reply-link" href="#respond">Responder</a></div></article></li>
          <li id="comment-1022" class="comment odd alt thread-odd depth-1"><article class="comment-body">
            <footer class="comment-meta"><div class="comment-author vcard"><b class="fn">{ES_COMMENTS[3]}</b>
              <span class="says">dice:</span></div><div class="comment-metadata"><time>19 de mayo de 2025 a las 12:51</time></div></footer>
            <div class="comment-content"><p>{ES_COMMENTS[1]}</p></div>
            <div class="reply"><a rel="nofollow" class="comment-reply-link" href="#respond">Responder</a></div></article></li>
        </ol>
      </div>
    </main></div>
  </div>
  <footer id="colophon" class="site-footer">
    <nav class="footer-navigation"><ul class="footer-menu">
      <li><a href="/aviso-legal/">{ES_FOOTER[0]}</a></li><li><a href="/privacidad/">{ES_FOOTER[1]}</a></li>
      <li><a href="/cookies/">{ES_FOOTER[2]}</a></li><li><a href="/contacto/">{ES_FOOTER[3]}</a></li></ul></nav>
    <div class="site-info">{ES_FOOTER[4]}</div>
  </footer>
</div>
<div id="cmplz-cookiebanner-container"><div class="cmplz-cookiebanner" role="dialog" aria-live="polite">
  <div class="cmplz-message">{ES_COOKIE[0]}</div>
  <div class="cmplz-buttons"><button class="cmplz-btn cmplz-accept">{ES_COOKIE[1]}</button>
    <button class="cmplz-btn cmplz-deny">{ES_COOKIE[2]}</button>
    <button class="cmplz-btn cmplz-view-preferences">{ES_COOKIE[3]}</button></div>
</div></div>
<script src="/wp-content/plugins/jetpack/_inc/build/sharedaddy/sharing.min.js"></script>
</body></html>"""

PAGES = {
    "en": Page(EN_HTML, EN_ARTICLE[:2] + (EN_INTRO,) + EN_ARTICLE[2:], EN_LIST, EN_TABLE, EN_NAV, EN_COOKIE, EN_SHARE, EN_RELATED, EN_COMMENTS,
               EN_FOOTER, "Parking worries on Harbor Avenue", "Sarah Mitchell"),
    "de": Page(DE_HTML, DE_ARTICLE[:2] + (DE_INTRO,) + DE_ARTICLE[2:], DE_LIST, DE_TABLE, DE_NAV, DE_COOKIE, DE_SHARE, DE_RELATED, DE_COMMENTS,
               DE_FOOTER, "Halbstundentakt erst ab Dezember", "Von Thomas Berger"),
    "fr": Page(FR_HTML, FR_ARTICLE[:2] + (FR_INTRO,) + FR_ARTICLE[2:], FR_LIST, FR_TABLE, FR_NAV, FR_COOKIE, FR_SHARE, FR_RELATED, FR_COMMENTS,
               FR_FOOTER, "Une récolte plus petite mais de qualité", "Par Marc Lefèvre"),
    "es": Page(ES_HTML, ES_ARTICLE[:4] + (ES_INTRO,) + ES_ARTICLE[4:], ES_LIST, ES_TABLE, ES_NAV, ES_COOKIE, ES_SHARE, ES_RELATED, ES_COMMENTS,
               ES_FOOTER, "Restricciones en los municipios", "Elena Ruiz"),
}
LANGUAGES = list(PAGES)


# What the shipped model gets wrong on these pages, by test and language: each is a strict xfail, so a model
# that gets it right makes the test fail until its entry here is removed.
KNOWN_FAILURES = {
    ("comments", "fr"): "shipped model keeps both comments of the class-less French page ('Bravo aux vignerons…' "
                        "at content 0.98, the other at 0.52: short on-topic <p>s after the '2 commentaires' heading)",
    ("comments at precision", "fr"): "as for 'comments': 'Bravo aux vignerons…' at content 0.98 stays at any favor",
}


def known_failures(test: str) -> list:
    return [pytest.param(language, marks=pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[test, language]))
            if (test, language) in KNOWN_FAILURES else language for language in LANGUAGES]


# ---- helpers ------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def classified(shipped_filter) -> dict[str, Document]:
    """Each page classified once for the whole module."""
    return {language: shipped_filter.classify(page.html) for language, page in PAGES.items()}


def holding(document: Document, snippet: str) -> list[Paragraph]:
    """The paragraphs that hold ``snippet``: exactly, or (for short chrome items) as part of a line of links."""
    exact = [p for p in document.paragraphs if p.text == snippet]
    if exact:
        return exact
    found = [p for p in document.paragraphs if snippet in p.text]
    assert found, f"no paragraph holds {snippet!r}; the page or the segmenter changed"
    return found


def wrongly(document: Document, snippets: tuple[str, ...], keep: bool) -> list[tuple[str, str | None]]:
    """The (paragraph, label) pairs among those holding ``snippets`` that are not kept (or not dropped)."""
    return [(p.text, p.label) for snippet in snippets for p in holding(document, snippet) if p.kept != keep]


# ---- what is kept ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", known_failures("article"))
def test_every_article_paragraph_is_kept(classified, language):
    assert wrongly(classified[language], PAGES[language].article, keep=True) == []


@pytest.mark.parametrize("language", known_failures("article_in_order"))
def test_clean_text_holds_the_article_in_order(shipped_filter, language):
    page = PAGES[language]
    text = shipped_filter.clean(page.html)
    kept = text.split("\n\n")
    positions = [kept.index(paragraph) for paragraph in page.article]
    assert positions == sorted(positions)


@pytest.mark.parametrize("language", LANGUAGES)
def test_article_subheading_is_kept(classified, language):
    assert wrongly(classified[language], (PAGES[language].subheading,), keep=True) == []


@pytest.mark.parametrize("language", known_failures("list"))
def test_in_article_list_is_kept(classified, language):
    assert wrongly(classified[language], PAGES[language].in_article_list, keep=True) == []


# Every <th>/<td> cell is its own paragraph: all of them must be kept.
@pytest.mark.parametrize("language", LANGUAGES)
def test_in_article_table_is_kept(classified, language):
    assert wrongly(classified[language], PAGES[language].in_article_table, keep=True) == []


# With --stable the page's text output is cleaned again, and there each cell is a short line alone: the English and
# Spanish tables read as chrome and go (what --stable costs an article with a data table; the README says so).
STABLE_TABLE_FAILS = {
    "es": "--stable drops all 12 cells: in the text output the table's rows ('Cenajo | 437 | 21 %') read as a "
          "page's chrome (content 0.000-0.009), two of them under the 0.003 from which lines between kept "
          "paragraphs are taken back",
}


# ... and what --stable costs the articles' own paragraphs.
STABLE_ARTICLE_FAILS = {
    "es": "--stable drops two of the Spanish article's paragraphs (bcc2f9e17728; kept by 85c4af5efd13): in the text "
          "output the list's opening 'Entre las medidas aprobadas figuran:' reads as boilerplate (content 0.32) and "
          "the closing paragraph as a trailing story (off-topic 0.63)",
}


@pytest.fixture(scope="module")
def stable_classified(stable_filter) -> dict[str, Document]:
    return {language: stable_filter.classify(page.html) for language, page in PAGES.items()}


@pytest.mark.parametrize("language", [
    pytest.param(language, marks=pytest.mark.xfail(strict=True, reason=STABLE_ARTICLE_FAILS[language]))
    if language in STABLE_ARTICLE_FAILS else language for language in LANGUAGES])
def test_stable_keeps_every_article_paragraph(stable_classified, language):
    assert wrongly(stable_classified[language], PAGES[language].article, keep=True) == []


@pytest.mark.parametrize("language", [
    pytest.param(language, marks=pytest.mark.xfail(strict=True, reason=STABLE_TABLE_FAILS[language]))
    if language in STABLE_TABLE_FAILS else language for language in LANGUAGES])
def test_stable_keeps_the_in_article_table(stable_classified, language):
    assert wrongly(stable_classified[language], PAGES[language].in_article_table, keep=True) == []


# ---- what is dropped ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_navigation_and_breadcrumb_are_dropped(classified, language):
    assert wrongly(classified[language], PAGES[language].nav, keep=False) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_byline_is_dropped(classified, language):  # bylines are boilerplate (README); the h1 is the title
    assert wrongly(classified[language], (PAGES[language].byline,), keep=False) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_cookie_box_is_dropped(classified, language):
    assert wrongly(classified[language], PAGES[language].cookie, keep=False) == []


TREES_ARTICLE = (
    "Riverside will plant 5,000 street trees over the next two years, starting in the neighbourhoods with the least "
    "shade, the city council decided on Monday.",
    "The programme will cost about £2.4 million, most of it from a national fund for urban cooling. Residents can ask "
    "for a tree outside their home through the council's website.",
    "Council ecologist Dr Amira Patel said the species had been chosen to cope with hotter summers. \"A tree planted "
    "today has to survive the climate of 2070,\" she said.",
    "The first 600 trees will go in this autumn in Eastgate and Millfield.",
)
NEWSLETTER_BOX = ("Get the Riverside Post in your inbox", "Sign up for our free morning briefing.", "Subscribe")


def test_a_newsletter_box_set_into_the_article_is_dropped(shipped_filter):
    """A sign-up box between two paragraphs, inside the article element: the model doubts its lines (content
    0.07-0.23 with 06cb3d31c43c) and, with the code of 7d7d8ea, they were kept as doubtful lines between kept ones."""
    paragraphs = [f"<p>{html.escape(text)}</p>" for text in TREES_ARTICLE]
    box = (f'<div class="newsletter"><h3>{NEWSLETTER_BOX[0]}</h3><p>{NEWSLETTER_BOX[1]}</p>'
           f"<button>{NEWSLETTER_BOX[2]}</button></div>")
    page = ("<html><head><title>City to plant 5,000 street trees | Riverside Post</title></head><body>"
            '<header><a href="/">Riverside Post</a><nav><a href="/local">Local</a><a href="/politics">Politics</a>'
            "</nav></header><main><article><h1>City to plant 5,000 street trees by 2027</h1>"
            '<div class="meta">Published 3 March 2025 · 4 min read</div>' + "".join(paragraphs[:2]) + box
            + "".join(paragraphs[2:]) + '<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on '
            'X</a></div></article><aside><h2>Related stories</h2><ul><li><a href="/a">Park closures planned for '
            'summer works</a></li></ul></aside></main><footer><p>© 2025 Riverside Post</p></footer></body></html>')
    document = shipped_filter.classify(page)
    assert wrongly(document, TREES_ARTICLE, keep=True) == []
    assert wrongly(document, NEWSLETTER_BOX, keep=False) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_share_bar_is_dropped(classified, language):
    assert wrongly(classified[language], PAGES[language].share, keep=False) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_related_headlines_are_dropped(classified, language):
    assert wrongly(classified[language], PAGES[language].related, keep=False) == []


@pytest.mark.parametrize("language", known_failures("comments"))
def test_comments_are_dropped(classified, language):
    assert wrongly(classified[language], PAGES[language].comments, keep=False) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_footer_is_dropped(classified, language):
    assert wrongly(classified[language], PAGES[language].footer, keep=False) == []


# ---- nothing here is chat residue ------------------------------------------------------------------------------

@pytest.mark.parametrize("language", known_failures("chat_ui"))
def test_no_paragraph_of_a_news_page_is_labelled_chat_ui(classified, language):
    assert [p.text for p in classified[language].paragraphs if p.label == "chat_ui"] == []


@pytest.mark.parametrize("language", known_failures("comments at precision"))
def test_favor_precision_drops_the_comments_and_keeps_the_whole_article(shipped_model, language):
    """favor="precision" drops more, never the article: each page's comments go and every article paragraph stays."""
    import filterkit

    document = filterkit.Filter(shipped_model, favor="precision").classify(PAGES[language].html)
    assert wrongly(document, PAGES[language].article, keep=True) == []
    assert wrongly(document, PAGES[language].comments, keep=False) == []


# ---- a small personal page: a photo between two paragraphs, a footer of one line -------------------------------

TRIPS = {
    "en": (("We arrived in Lisbon on a rainy Tuesday morning and took the tram up to the old quarter, where the "
            "streets are steep and narrow and every corner has a small cafe selling custard tarts.",
            "The next day we walked along the river to Belém. The monastery there is enormous, and the queue for the "
            "tower was long enough that we gave up and ate lunch in the park instead.",
            "On our last evening we heard fado in a tiny bar in Alfama. The singer was an old man with a voice that "
            "filled the room, and nobody spoke while he sang."),
           "The tram up to the old quarter, on our first morning.", "© 2024 Hannah Webb. All rights reserved."),
    "es": (("Llegamos a Oporto un jueves por la tarde y subimos a pie desde la estación hasta la Ribeira, donde las "
            "casas de colores se asoman al río y huele a sardinas asadas.",
            "Al día siguiente cruzamos el puente Don Luis I por la parte de arriba. El viento soplaba tan fuerte que "
            "tuvimos que agarrarnos a la barandilla para hacer fotos.",
            "La última noche cenamos en una tasca diminuta de Miragaia. El dueño nos contó que su abuelo había "
            "abierto el local en 1952 y que la receta del bacalao no había cambiado desde entonces."),
           "Las casas de colores de la Ribeira, junto al río.", "© 2024 Lucía Ferrer · Todos los derechos reservados"),
    "de": (("Wir kamen an einem verregneten Dienstag in Triest an und liefen vom Bahnhof zur Piazza Unità, wo der "
            "Wind so stark wehte, dass uns die Schirme aus der Hand gerissen wurden.",
            "Am nächsten Tag fuhren wir mit der alten Straßenbahn nach Opicina hinauf. Von dort oben sah man über die "
            "ganze Bucht bis hinüber nach Slowenien.",
            "Am letzten Abend aßen wir in einer kleinen Buffet-Wirtschaft in der Altstadt. Der Wirt schnitt den "
            "Schinken mit der Hand und erzählte von seinem Großvater aus Wien."),
           "Die Piazza Unità an einem verregneten Dienstag.", "© 2024 Jonas Albrecht"),
}


@pytest.mark.parametrize("language", sorted(TRIPS))
def test_a_small_page_drops_its_photo_caption_and_one_line_footer(shipped_filter, language):
    """A caption retells the story beside it, and a small site's page ends in a lone copyright line: both go, and
    the story's three paragraphs stay whole and in order."""
    story, caption, footer = TRIPS[language]
    html = (f"<!DOCTYPE html><html lang='{language}'><head><title>Travels</title></head><body>"
            "<nav><a href='/'>Home</a> <a href='/about'>About</a></nav><main><article>"
            f"<p>{story[0]}</p><figure><img src='/tram.jpg'><figcaption>{caption}</figcaption></figure>"
            f"<p>{story[1]}</p><p>{story[2]}</p></article></main><footer><p>{footer}</p></footer></body></html>")
    assert shipped_filter.clean(html, "html") == "\n\n".join(story)


@pytest.mark.parametrize("language", sorted(TRIPS))
def test_a_wordpress_post_drops_its_old_style_photo_caption(shipped_filter, language):
    """WordPress's [caption] shortcode, on themes without HTML5 captions, writes the photo as <div class="wp-caption">
    and its caption as <p class="wp-caption-text">: the same figure and caption, which go as they do on any page."""
    story, caption, _ = TRIPS[language]
    photo = ('<div id="attachment_71" style="width: 810px" class="wp-caption alignnone">'
             '<img class="size-large wp-image-71" src="/tram.jpg" width="800" height="533">'
             f'<p id="caption-attachment-71" class="wp-caption-text">{caption}</p></div>')
    rendered = f"<p>{story[0]}</p>\n{photo}\n<p>{story[1]}</p>\n<p>{story[2]}</p>\n"
    post = json.dumps({"id": 71, "type": "post", "link": "https://example.org/travels/",
                       "title": {"rendered": "Travels"}, "content": {"rendered": rendered, "protected": False}})
    assert shipped_filter.clean(post, "wordpress-json") == "\n\n".join(story)


# ---- an old site's table layout ------------------------------------------------------------------------------

GARDEN = ("Last spring I decided to try growing tomatoes on my balcony, which faces south and gets about six hours "
          "of sun a day in summer. I bought three plants from the local market and two large pots.",
          "The most important thing I learned is that the pots need to be much bigger than you think. A tomato plant "
          "in a small pot dries out in a single hot afternoon, and the fruit splits when you water it again.",
          "I used a mix of compost and ordinary soil, and fed the plants once a week with a liquid feed once the "
          "first flowers appeared. By August I was picking a bowl of cherry tomatoes every other day.",
          "What I would do differently",
          "Next year I will put up the canes earlier. Two of my plants fell over in a storm in July because I had "
          "tied them too late, and I lost most of the green fruit.")
GARDEN_HTML = f"""<html><head><title>Growing tomatoes on a balcony - Bob's Garden Pages</title></head>
<body bgcolor="#ffffff"><table width="100%"><tr>
<td width="150" valign="top"><a href="index.html">Home</a><br><a href="veg.html">Vegetables</a><br>
<a href="herbs.html">Herbs</a><br><a href="links.html">Links</a><br><a href="guestbook.html">Guestbook</a><br><br>
<img src="counter.gif"> You are visitor 12345</td>
<td valign="top"><font face="Arial" size="5"><b>Growing tomatoes on a balcony</b></font><br><br>
{GARDEN[0]}<br><br>{GARDEN[1]}<br><br>{GARDEN[2]}<br><br><b>{GARDEN[3]}</b><br>{GARDEN[4]}<br><br>
<hr><font size="1">Last updated 12 March 2004. Send comments to <a href="mailto:bob@example.com">bob@example.com</a>
</font></td></tr></table></body></html>"""


@pytest.mark.xfail(strict=True, reason="the page's last line, 'Last updated 12 March 2004. Send comments to "
                   "bob@example.com', is kept: content 0.43, boilerplate 0.55 (bcc2f9e17728; dropped by 85c4af5efd13), "
                   "and the table cell that holds it and the kept text takes back a sentence after its last kept one "
                   "from 0.4 (classify._whole_containers)")
def test_an_old_table_layout_page_keeps_only_its_text(shipped_filter):
    """A page of CleanEval's era: a column of links and a visitor counter beside the text, paragraphs parted by
    <br>, no class names. The model before the composed table layouts kept the whole link column (content
    0.6-1.0: the training pages' only <td>s were articles' data tables)."""
    cleaned = shipped_filter.clean(GARDEN_HTML, "html").split("\n\n")
    if cleaned[:1] == ["Growing tomatoes on a balcony"]:  # the headline, the page's title: kept or not
        cleaned = cleaned[1:]
    assert cleaned == list(GARDEN)
