"""Hand-written documents for the off_topic and chat_ui cases, run through the shipped model.

Every document here was written for this file (none comes from training/pool), except the sample that the
idempotence test composes with benchmarks/noise.py to check clean(clean(x)) == clean(x), and the training/examples
pages and posts that the ``stable`` tests clean to a fixed point. The off_topic cases follow
the issue: a trailing run of other stories' ledes is dropped, while the article's own closing paragraphs,
quotes and asides are kept even when they bring in new names. The chat_ui cases: the residue of a chat
assistant's page is dropped and the answer is kept. Where the shipped model gets a case wrong the test
keeps the correct assertion and is marked ``xfail(strict=True)`` with what goes wrong. The last tests run the
same documents with ``favor="precision"`` and ``"recall"``.
"""

from __future__ import annotations

import hashlib
import html
import importlib.util
import json
import random
from pathlib import Path

import pytest

import filterkit
from filterkit.document import BOILERPLATE
from filterkit.segment import normalize_space
from filterkit.write import block_text, output_blocks, render_text

ROOT = Path(__file__).resolve().parent.parent


# ---- helpers ---------------------------------------------------------------------------------------------

def text_doc(*blocks: list[str] | str, sep: str = "\n\n") -> str:
    """Plain text: each block is a paragraph (str) or a list of lines joined by single newlines."""
    return sep.join(b if isinstance(b, str) else "\n".join(b) for b in blocks) + "\n"


def labels(document) -> dict[str, object]:
    return {p.text: p for p in document.paragraphs}


def shipped_fails(reason: str):
    """The shipped model gets this case wrong: the assertion stays, the failure is expected (and must stay one)."""
    return pytest.mark.xfail(strict=True, reason=reason)


def assert_split(document, keep: list[str], drop: list[str]) -> None:
    """Every ``keep`` paragraph is kept and every ``drop`` paragraph is dropped (paragraphs found by text)."""
    by_text = labels(document)
    missing = [t for t in keep + drop if normalize_space(t) not in by_text]
    assert not missing, f"not segmented as paragraphs: {missing}"
    lost = [f"{by_text[normalize_space(t)].label} {by_text[normalize_space(t)].probabilities}: {t[:70]}"
            for t in keep if not by_text[normalize_space(t)].kept]
    kept = [f"{by_text[normalize_space(t)].probabilities}: {t[:70]}" for t in drop if by_text[normalize_space(t)].kept]
    assert not lost and not kept, f"core dropped: {lost}; noise kept: {kept}"


# ---- articles (written for these tests) --------------------------------------------------------------------

CYCLE_LANES_EN = [
    "Sheffield City Council has approved plans for a 14-mile network of protected cycle lanes linking the city "
    "centre with Hillsborough, Darnall and Heeley, ending two years of consultation that drew more than 6,000 "
    "responses.",
    "The £23 million scheme, funded largely by a national active travel grant, will remove around 350 on-street "
    "parking spaces and introduce bus gates on two busy roads. Work on the first section, along Penistone Road, is "
    "due to start in March and should take about nine months.",
    "Supporters at Wednesday's meeting of the transport committee said the lanes would make cycling safer for "
    "children and commuters. Opponents, including several shop owners on Abbeydale Road, warned that losing parking "
    "would push customers towards out-of-town retail parks.",
    "The committee's chair, Councillor Priya Nandra, said the route had been changed in 40 places after residents "
    "pointed out problems. \"This is not the plan we started with, and that is a good thing,\" she said.",
    "A review of traffic and footfall on the affected streets will be published a year after each section opens.",
]
LEDE_FIRE_EN = ("DONCASTER – Firefighters spent more than five hours tackling a blaze at a disused warehouse on the "
                "edge of the town centre on Tuesday night, forcing the closure of two roads and the evacuation of a "
                "nearby block of flats.")

WATER_PRICE_DE = [
    "Die Stadtwerke Kassel erhöhen zum 1. Januar den Wasserpreis für Privathaushalte um rund zwölf Prozent. Ein "
    "Kubikmeter Trinkwasser kostet dann 2,41 Euro statt bisher 2,15 Euro, wie das Unternehmen am Montag mitteilte. "
    "Für einen Vier-Personen-Haushalt bedeutet das nach Berechnungen der Stadtwerke Mehrkosten von etwa 45 Euro im "
    "Jahr.",
    "Als Gründe nennt der Versorger gestiegene Energie- und Personalkosten sowie Investitionen in das Leitungsnetz. "
    "Rund ein Drittel der etwa 900 Kilometer langen Wasserleitungen im Stadtgebiet ist älter als 60 Jahre und soll "
    "in den kommenden zehn Jahren schrittweise erneuert werden.",
    "Der Aufsichtsrat hatte der Erhöhung bereits in der vergangenen Woche zugestimmt. Kritik kam vom Mieterverein, "
    "der vor einer weiteren Belastung von Haushalten mit geringem Einkommen warnte. Die Nebenkosten seien in vielen "
    "Wohnungen schon jetzt kaum noch zu bezahlen, sagte eine Sprecherin.",
    "Die Stadtwerke verweisen darauf, dass der Wasserpreis in Kassel auch nach der Erhöhung unter dem Durchschnitt "
    "vergleichbarer hessischer Städte liege. Zuletzt waren die Preise 2019 angepasst worden.",
]
LEDES_DE = [
    "Nach dem Einbruch in ein Juweliergeschäft in der Göttinger Innenstadt sucht die Polizei nach drei Männern. Die "
    "Täter hatten in der Nacht zu Sonntag die Schaufensterscheibe mit einem Gullydeckel eingeschlagen und Schmuck im "
    "Wert von mehreren zehntausend Euro erbeutet.",
    "Der hessische Landtag hat am Donnerstag ein Gesetz zur Förderung des ländlichen Raums beschlossen. Gemeinden mit "
    "weniger als 5.000 Einwohnern sollen künftig leichter Zuschüsse für Dorfläden, Arztpraxen und Mitfahrbänke "
    "beantragen können.",
]

PORT_ES = [
    "La Autoridad Portuaria de Castellón aprobó este martes la ampliación de la terminal de contenedores del muelle "
    "sur, una obra de 48 millones de euros que permitirá duplicar la capacidad de carga del puerto antes de 2028.",
    "El proyecto prevé ganar 14 hectáreas al mar y prolongar el muelle en 420 metros, lo que permitirá atracar buques "
    "de hasta 300 metros de eslora. Según la entidad, las obras comenzarán en primavera y generarán unos 600 empleos "
    "directos durante su ejecución.",
    "Las asociaciones ecologistas de la provincia han presentado alegaciones por el posible impacto sobre las playas "
    "situadas al sur del puerto, que pierden arena desde hace décadas. La Autoridad Portuaria asegura que el proyecto "
    "incluye aportes periódicos de arena y un plan de seguimiento de la costa.",
    "El presidente del puerto, Joaquín Ferrer, defendió que la ampliación es imprescindible para no perder tráfico "
    "frente a Valencia y Tarragona. «Las navieras buscan muelles más largos y calados mayores; si no los ofrecemos, "
    "se irán», afirmó.",
]
LEDE_CUT_ES = ("El Ayuntamiento de Zaragoza aprobó ayer un plan para renovar las 42 fuentes públicas del casco "
               "histórico, que según los técnicos municipales pierden cada año")

BUSES_ID = [
    "Pemerintah Kota Bandung akan menambah 60 unit bus listrik untuk layanan angkutan umum mulai Agustus mendatang. "
    "Penambahan armada ini diharapkan dapat mengurangi kemacetan di koridor utama kota yang setiap pagi dipadati "
    "kendaraan pribadi.",
    "Kepala Dinas Perhubungan Kota Bandung, Rina Wulandari, mengatakan bus-bus tersebut akan melayani empat rute baru "
    "yang menghubungkan kawasan permukiman di Bandung timur dengan pusat kota. Tarif yang dikenakan sama dengan tarif "
    "bus kota saat ini, yakni Rp4.000 per perjalanan.",
    "Menurut Rina, pengadaan bus dibiayai melalui skema pembelian layanan dengan operator swasta selama tujuh tahun. "
    "Pemerintah kota hanya membayar berdasarkan jarak tempuh bus, sementara perawatan armada menjadi tanggung jawab "
    "operator.",
    "Sejumlah warga menyambut baik rencana tersebut, tetapi meminta pemerintah juga memperbaiki halte yang banyak "
    "rusak. Dinas Perhubungan menyatakan 85 halte akan direnovasi secara bertahap hingga akhir tahun.",
]
LEDES_ID = [
    "SURABAYA – Ribuan warga memadati kawasan Tugu Pahlawan pada Minggu pagi untuk mengikuti lomba lari 10 kilometer "
    "yang digelar dalam rangka hari jadi kota. Panitia mencatat lebih dari 12.000 peserta dari berbagai daerah.",
    "Harga cabai rawit di sejumlah pasar tradisional di Yogyakarta naik hingga dua kali lipat dalam sepekan terakhir. "
    "Pedagang menyebut pasokan dari petani berkurang akibat hujan deras yang merusak tanaman",
]

MATCH_FR = [
    "L'AS Montbrison s'est imposée 3-1 face au FC Roanne samedi soir au stade des Jacquins et reprend seule la tête "
    "du championnat de National 3, à huit journées de la fin de la saison.",
    "Les visiteurs avaient pourtant ouvert le score dès la 9e minute par Karim Benali, parfaitement servi en "
    "profondeur. Montbrison a égalisé juste avant la pause sur un penalty de son capitaine, Julien Mercier, après une "
    "faute de main dans la surface.",
    "En seconde période, l'entrée de Théo Valette a changé le visage du match. Le jeune attaquant, formé au club, a "
    "donné l'avantage aux siens à la 67e minute d'une frappe croisée, avant d'offrir le troisième but à Mercier dans "
    "le temps additionnel.",
    "« On a été patients, on n'a jamais paniqué », a résumé l'entraîneur montbrisonnais Patrice Roux. Son équipe se "
    "déplacera samedi prochain chez son dauphin pour un match qui pourrait décider du titre.",
]
LEDE_OTHER_MATCH_FR = (
    "Le Puy Foot a été tenu en échec (1-1) par Bourg-en-Bresse dimanche après-midi au stade Charles-Massot. Privés de "
    "trois titulaires suspendus, les Ponots ont concédé l'égalisation à dix minutes du terme sur un coup franc "
    "d'Anthony Gaillard.")

LIBRARY_EN = [
    "Walsall's central library reopened on Saturday after an 18-month refurbishment that has added a children's "
    "floor, a rooftop reading terrace and a small recording studio that residents can book free of charge.",
    "The £6.8 million project was paid for by the borough council and a heritage grant. The Victorian building's "
    "original tiled entrance hall, hidden for decades behind a false wall, has been restored and now houses a "
    "display on the history of the town's leather trade.",
    "Borrowing had fallen by almost a third in the five years before the library closed, and the council had "
    "considered moving the service into a shopping centre. Library staff say they hope the new spaces will bring "
    "back families and students.",
    "\"My grandmother brought me here every Saturday, and now I bring my own kids,\" said Tomasz Wilk, who queued "
    "outside with his two daughters for almost an hour before the doors opened.",
]
CLINIC_ES_LAST_QUOTE = [
    "El centro de salud del barrio de San Blas, en Alicante, amplió este lunes su horario de tarde hasta las nueve de "
    "la noche para reducir las listas de espera en atención primaria, que superaban los diez días en algunos cupos.",
    "La Conselleria de Sanidad ha destinado a la ampliación a cuatro médicos de familia y tres enfermeras, que "
    "atenderán sobre todo consultas programadas. La medida se mantendrá, en principio, hasta el final del invierno.",
    "Los vecinos llevaban meses reclamando más personal. La asociación del barrio recogió en octubre más de 3.000 "
    "firmas y organizó dos concentraciones a las puertas del centro.",
    "«Ahora al menos puedo venir después del trabajo sin pedir permiso cada vez», explicó Rosario Quintana, "
    "dependienta en una panadería del barrio, mientras esperaba su turno en la sala.",
]

SCHOOLS_DE_DATELINE = [
    "HANNOVER – Die niedersächsische Landesregierung will bis 2030 alle 430 weiterführenden Schulen des Landes mit "
    "schnellem Glasfaserinternet ausstatten. Das Kabinett beschloss am Dienstag ein Förderprogramm über 210 Millionen "
    "Euro, das Schulträger ab dem Frühjahr abrufen können.",
    "Bislang verfügt nach Angaben des Kultusministeriums nur gut die Hälfte der Schulen über einen Anschluss mit "
    "mindestens einem Gigabit pro Sekunde. Besonders im ländlichen Raum klagen Lehrkräfte darüber, dass Videos oder "
    "Online-Prüfungen regelmäßig abbrechen.",
    "Die Kommunen sollen zehn Prozent der Kosten selbst tragen. Der Städte- und Gemeindebund begrüßte das Programm, "
    "forderte aber zusätzliches Geld für die Wartung der Netze und für IT-Personal an den Schulen.",
    "Die Opposition im Landtag sprach von einem überfälligen Schritt. Das Programm komme mehrere Jahre zu spät, sagte "
    "ein Sprecher der Fraktion, viele Schulen hätten die Umstellung inzwischen aus eigenen Mitteln bezahlt.",
]
LEDE_DE_DATELINE = ("BREMEN – Ein Großbrand auf dem Gelände eines Recyclinghofs im Bremer Hafen hat in der Nacht zu "
                    "Mittwoch eine weithin sichtbare Rauchwolke verursacht. Die Feuerwehr forderte Anwohner in "
                    "mehreren Stadtteilen auf, Fenster und Türen geschlossen zu halten.")

PUB_EN_TWO = [
    "Villagers in Ravensworth, North Yorkshire, have raised £412,000 to buy their only pub, the Bay Horse, which "
    "closed in January when its owners retired. More than 300 people bought shares in the new community company, "
    "some of them living as far away as Canada.",
    "The company plans to reopen the pub in the spring with a small shop and a café in the former function room. "
    "Its chair, Helen Atkinson, said the sale should be completed within a month.",
]
LEDE_EN_OTHER = ("A motorway service station near Leeds will close for six weeks from Monday while its car park and "
                 "fuel forecourt are rebuilt, National Highways said. Drivers heading north have been advised to use "
                 "the services at Wetherby instead.")
MARKET_ID_TWO = [
    "Pasar tradisional Beringharjo di Yogyakarta kembali dibuka penuh pada Senin setelah direnovasi selama delapan "
    "bulan. Renovasi meliputi perbaikan atap, saluran air, dan penambahan jalur khusus bagi penyandang disabilitas.",
    "Sebanyak 1.200 pedagang kembali menempati kios mereka tanpa dipungut biaya tambahan. Pengelola pasar berjanji "
    "menata parkir kendaraan di sekitar pasar agar tidak lagi mengganggu arus lalu lintas.",
]
LEDE_ID_OTHER = ("MAKASSAR – Bandara Sultan Hasanuddin menambah 14 penerbangan tambahan menjelang libur akhir tahun. "
                 "Pengelola bandara memperkirakan jumlah penumpang naik sekitar 20 persen dibanding tahun lalu.")

# Wire style: a sentence a paragraph, and ledes of a single sentence (benchmarks/HISTORY.md, 2026-12-07 afternoon:
# the training ledes had all been whole pool paragraphs, and the model kept one-sentence ledes like these).
MILLBROOK_EN = [
    "The Millbrook community library will reopen on Saturday after an eight-month renovation that added a children's "
    "reading room, a small recording studio and step-free access to the upper floor.",
    "Volunteers moved more than 14,000 books back onto the shelves over the past three weeks, said head librarian "
    "Ruth Okafor, who called the effort \"a town-sized relay race.\"",
    "The renovation cost £410,000, most of it raised through a lottery grant and a summer of bake sales, quiz nights "
    "and a sponsored walk along the canal.",
    "Okafor said the studio would be free to book for local groups, and that the library would extend its Thursday "
    "opening hours until 8 p.m. from next month.",
]
WIRE_LEDES_EN = [
    "Shares in a Dutch chip-equipment maker fell sharply on Wednesday after the company cut its sales forecast for the "
    "second time this year.",
    "DUBLIN — Ireland's parliament approved a bill on Thursday that will give tenants in rent-pressure zones at least "
    "six months' notice of any increase.",
    "The measure, which passed by 84 votes to 61, also caps deposits at one month's rent and takes effect in the new "
    "year.",
]

FERRY_EN = [
    "Ferry services between Portsmouth and the Isle of Wight were cancelled for a second day on Thursday as crew "
    "members continued a 48-hour strike over pay and rest periods.",
    "The operator said it had run a reduced timetable on its fast passenger route but that all car ferries remained "
    "in port. Hospitals on the island warned patients with appointments on the mainland to check their bookings.",
    "The union representing the crews said talks had broken down over the length of shifts on the busiest summer "
    "crossings. The company said its latest offer was worth 6.5 per cent over two years.",
    "No further strike dates have been announced. Both sides said they were willing to return to talks next week.",
]
KITA_DE = [
    "Die Stadt Freiburg eröffnet im Herbst drei neue Kindertagesstätten mit zusammen 240 Plätzen. Damit sinkt die "
    "Zahl der Familien auf der Warteliste nach Angaben des Rathauses um etwa ein Viertel.",
    "Die Gebäude entstehen in Holzbauweise in den Stadtteilen Haslach, Weingarten und Zähringen. Die Baukosten liegen "
    "bei rund 19 Millionen Euro, das Land beteiligt sich mit einem Zuschuss.",
    "Schwierig bleibt die Suche nach Personal. Für die neuen Einrichtungen werden rund 45 Erzieherinnen und Erzieher "
    "gebraucht, bislang sind etwa zwei Drittel der Stellen besetzt.",
    "Die Stadt wirbt deshalb gezielt um Quereinsteiger und bietet eine bezahlte Ausbildung direkt in den Kitas an.",
]
MARKET_ES = [
    "El mercado de abastos de Jerez de la Frontera reabrió este sábado tras catorce meses de obras que han renovado "
    "su cubierta de hierro y cristal, levantada a finales del siglo XIX.",
    "La reforma, que ha costado 5,2 millones de euros, incluye nuevas cámaras frigoríficas, un aparcamiento "
    "subterráneo para 90 vehículos y una zona de restauración en la antigua nave de pescados.",
    "Los 63 comerciantes que trabajaban en el mercado provisional de la plaza de Esteve han vuelto a sus puestos. "
    "Varios de ellos se quejaron de que las obras se alargaron cinco meses más de lo previsto.",
    "El ayuntamiento prevé organizar visitas guiadas los fines de semana para mostrar la estructura restaurada.",
]
COUNCIL_FR = [
    "Le conseil municipal de Nantes a adopté lundi soir un plan de végétalisation de 25 cours d'école d'ici 2028, "
    "pour un montant de 11 millions d'euros.",
    "Le bitume sera remplacé par des sols perméables, des potagers et des arbres offrant de l'ombre pendant les "
    "épisodes de chaleur. Les travaux auront lieu pendant les vacances d'été pour ne pas perturber les classes.",
    "L'opposition a voté contre, estimant que la priorité devait aller à la rénovation thermique des bâtiments. La "
    "majorité répond que les deux chantiers seront menés en parallèle.",
    "Les parents d'élèves seront associés au choix des aménagements dans chaque école.",
]
FLOOD_ID = [
    "Banjir merendam sedikitnya 1.500 rumah di tiga kecamatan di Kabupaten Bekasi setelah hujan deras mengguyur "
    "wilayah itu sejak Sabtu malam. Ketinggian air di beberapa titik mencapai satu meter.",
    "Badan Penanggulangan Bencana Daerah mengevakuasi sekitar 400 warga ke masjid dan balai desa. Dapur umum "
    "didirikan di dua lokasi untuk memenuhi kebutuhan makanan para pengungsi.",
    "Menurut petugas, banjir dipicu meluapnya Kali Cikarang yang tidak mampu menampung debit air dari hulu. Warga "
    "meminta pemerintah segera menormalisasi sungai yang dangkal akibat sedimentasi.",
    "Hingga Minggu sore, air mulai surut di sebagian besar permukiman.",
]

# (case id, residue above the answer, answer, residue below it)
CHAT_TEXT_CASES = [
    ("chatgpt-en", ["You said:", "write a short news piece on the ferry strike for our website, 300 words max",
                    "ChatGPT said:", "Thought for 12s", "markdown", "Copy code"],
     FERRY_EN, ["Sources", "Is this conversation helpful so far?",
                "ChatGPT can make mistakes. Check important info."]),
    ("claude-de", ["Kannst du aus meinen Notizen eine kurze Meldung für die Lokalzeitung machen? Sachlich bitte.",
                   "Denkprozess"],
     KITA_DE, ["Kopieren", "Wiederholen", "Claude kann Fehler machen. Bitte überprüfe die Antworten."]),
    ("gemini-es", ["Escribe una noticia sobre la reapertura del mercado de abastos de Jerez, tono neutro",
                   "Mostrar razonamiento"],
     MARKET_ES, ["Copiar respuesta", "Compartir y exportar",
                 "Gemini puede cometer errores, incluso sobre personas, así que comprueba sus respuestas."]),
    ("perplexity-fr", ["qu'a décidé le conseil municipal de Nantes hier soir sur les cours d'école", "Réponse",
                       "Sources · 4", "ouest-france.fr", "nantes.fr"],
     COUNCIL_FR, ["Partager", "Réécrire", "Associé", "Poser une question de suivi"]),
    ("copilot-id", ["Anda mengatakan", "buatin berita singkat ttg banjir di bekasi kemarin",
                    "Copilot mengatakan"],
     FLOOD_ID, ["Salin", "Kirim pesan ke Copilot", "Copilot dapat membuat kesalahan."]),
]

CHATGPT_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Ferry strike article</title></head>
<body><div class="app-shell"><nav class="sidebar"><a href="/">New chat</a><a href="/library">Library</a></nav>
<main class="thread">
<article data-testid="conversation-turn-1" data-turn="user"><h5 class="sr-only">You said:</h5>
<div data-message-author-role="user" data-message-id="c3f1"><div class="whitespace-pre-wrap">{prompt}</div></div>
<div class="actions"><button aria-label="Edit message">Edit</button></div></article>
<article data-testid="conversation-turn-2" data-turn="assistant"><h6 class="sr-only">ChatGPT said:</h6>
<div data-message-author-role="assistant" data-message-id="9ab0" data-message-model-slug="gpt-4o">
<div class="markdown prose">{answer}</div></div>
<div class="actions"><button aria-label="Copy">Copy</button><button aria-label="Good response">Good response</button>
<button aria-label="Bad response">Bad response</button><button aria-label="Read aloud">Read aloud</button></div>
</article></main>
<div class="composer"><p class="placeholder">Ask anything</p>
<p class="disclaimer">ChatGPT can make mistakes. Check important info.</p></div></div></body></html>"""
GEMINI_PAGE = """<div class="chat-history"><user-query><div class="query-content">
<p class="query-text-line">{prompt}</p></div></user-query>
<model-response><div class="response-container"><button class="thoughts">Gedankengang anzeigen</button>
<message-content class="model-response-text"><div class="markdown markdown-main-panel">{answer}</div></message-content>
<div class="response-footer"><button>Gute Antwort</button><button>Schlechte Antwort</button><button>Teilen und exportieren</button>
<button>Kopieren</button></div></div></model-response>
<p class="disclaimer">Gemini kann Fehler machen, auch bei Informationen über Personen. Überprüfe daher die Antworten.</p>
</div>"""
CHAT_PAGE_CASES = [
    ("chatgpt-en", CHATGPT_PAGE, "Write a 300-word news story about the ferry strike, neutral tone", FERRY_EN,
     ["You said:", "ChatGPT said:", "Edit", "Copy", "Good response", "Bad response", "Read aloud", "Ask anything",
      "ChatGPT can make mistakes. Check important info.", "New chat", "Library"]),
    ("gemini-de", GEMINI_PAGE, "Schreib bitte eine Meldung über die neuen Kitas in Freiburg", KITA_DE,
     ["Gedankengang anzeigen", "Gute Antwort", "Schlechte Antwort", "Teilen und exportieren", "Kopieren",
      "Gemini kann Fehler machen, auch bei Informationen über Personen. Überprüfe daher die Antworten."]),
]

TWEET = ('<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Queues already round the block at the Bay Horse '
         'share meeting tonight. Never seen the village hall this full! <a href="https://t.co/a8Kq2">'
         'pic.twitter.com/a8Kq2</a></p>&mdash; Ravensworth Parish (@RavensworthPC) '
         '<a href="https://twitter.com/RavensworthPC/status/1">February 2, 2025</a></blockquote>\n'
         '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>')
TWEET_TEXT = ("Queues already round the block at the Bay Horse share meeting tonight. Never seen the village hall this "
              "full!")
PUB_EN_LONG = PUB_EN_TWO + [
    "Under the plan, the pub will be run by a paid manager, with volunteers helping in the shop. The company has "
    "applied for a grant to install solar panels and a heat pump before the reopening.",
    "Community-owned pubs have a strong record of survival: of more than 200 opened in England since 2010, only a "
    "handful have closed, according to a national support network.",
]


def wordpress_post(title: str, paragraphs: list[str], embed_after: int, embed: str) -> str:
    parts = []
    for n, paragraph in enumerate(paragraphs):
        parts.append(f"<p>{html.escape(paragraph)}</p>")
        if n == embed_after:
            parts.append(embed)
    return json.dumps({"id": 5512, "date": "2025-02-03T10:00:00", "slug": "ravensworth-pub", "status": "publish",
                       "type": "post", "link": "https://example.org/ravensworth-pub/", "title": {"rendered": title},
                       "content": {"rendered": "\n".join(parts), "protected": False},
                       "excerpt": {"rendered": f"<p>{html.escape(paragraphs[0][:100])}</p>"}})


# ---- off_topic -------------------------------------------------------------------------------------------

def test_trailing_lede_with_dateline_is_dropped(shipped_filter):
    document = shipped_filter.classify(text_doc(*CYCLE_LANES_EN, LEDE_FIRE_EN))
    assert_split(document, CYCLE_LANES_EN, [LEDE_FIRE_EN])
    assert labels(document)[LEDE_FIRE_EN].label == "off_topic"


@shipped_fails("the Spanish lede cut mid-sentence scores off-topic 0.982 (bcc2f9e17728), under the 0.989 a trailing "
               "run of one paragraph needs, and shares 'aprobó' and 'pierden', uncommon words, with the article")
def test_lede_cut_mid_sentence_is_dropped(shipped_filter):
    document = shipped_filter.classify(text_doc(*PORT_ES, LEDE_CUT_ES))
    assert_split(document, PORT_ES, [LEDE_CUT_ES])


def test_ledes_without_blank_lines_are_dropped(shipped_filter):
    document = shipped_filter.classify(text_doc(BUSES_ID + LEDES_ID))
    assert_split(document, BUSES_ID, LEDES_ID)


@shipped_fails("the report of another match, right after the article on a match, scores content 0.76 "
               "(off_topic 0.24; 0.97 and 0.03 with models before bcc2f9e17728): the two share the club-football "
               "vocabulary the topic-break features compare")
def test_lede_on_the_same_subject_but_another_event_is_dropped(shipped_filter):
    document = shipped_filter.classify(text_doc(*MATCH_FR, LEDE_OTHER_MATCH_FR))
    assert_split(document, MATCH_FR, [LEDE_OTHER_MATCH_FR])


def test_lede_in_html_after_article_is_dropped(shipped_filter):
    body = "".join(f"<p>{html.escape(p)}</p>" for p in WATER_PRICE_DE)
    teaser = f'<div class="teaser"><p>{html.escape(LEDES_DE[1])}</p></div>'
    page = (f"<html><head><title>Wasserpreis steigt</title></head><body><article>{body}{teaser}</article>"
            "</body></html>")
    assert_split(shipped_filter.classify(page), WATER_PRICE_DE, [LEDES_DE[1]])


@pytest.mark.parametrize("article", [LIBRARY_EN, CLINIC_ES_LAST_QUOTE], ids=["en", "es"])
def test_final_quote_with_a_new_name_stays(shipped_filter, article):
    document = shipped_filter.classify(text_doc(*article))
    assert_split(document, article, [])


def test_final_quote_with_a_new_name_stays_before_a_lede(shipped_filter):
    document = shipped_filter.classify(text_doc(*LIBRARY_EN, LEDE_EN_OTHER))
    assert_split(document, LIBRARY_EN, [LEDE_EN_OTHER])


def test_article_opening_with_a_dateline_stays(shipped_filter):
    document = shipped_filter.classify(text_doc(*SCHOOLS_DE_DATELINE))
    assert_split(document, SCHOOLS_DE_DATELINE, [])


def test_article_opening_with_a_dateline_keeps_its_lead_before_a_dateline_lede(shipped_filter):
    document = shipped_filter.classify(text_doc(*SCHOOLS_DE_DATELINE, LEDE_DE_DATELINE))
    assert_split(document, SCHOOLS_DE_DATELINE, [LEDE_DE_DATELINE])


@pytest.mark.parametrize("article", [PUB_EN_TWO, MARKET_ID_TWO], ids=["en", "id"])
def test_two_paragraph_article_alone_stays_whole(shipped_filter, article):
    assert_split(shipped_filter.classify(text_doc(*article)), article, [])


@pytest.mark.parametrize("article,lede", [
    pytest.param(PUB_EN_TWO, LEDE_EN_OTHER, id="en", marks=shipped_fails(
        "after a two-paragraph article the lede gets off_topic 0.01: with so few paragraphs the lead and the "
        "document-relative features have little to compare with")),
    # (the dateline lede after the two-paragraph Indonesian article gets off_topic 0.62, enough with its dateline)
    pytest.param(MARKET_ID_TWO, LEDE_ID_OTHER, id="id"),
])
def test_two_paragraph_article_with_a_lede(shipped_filter, article, lede):
    assert_split(shipped_filter.classify(text_doc(*article, lede)), article, [lede])


@pytest.mark.parametrize("ledes", [
    pytest.param(WIRE_LEDES_EN[1:], id="dateline"),
    pytest.param(WIRE_LEDES_EN[:1], id="no-dateline", marks=shipped_fails(
        "a one-sentence lede without a dateline after a one-sentence-a-paragraph article scores off_topic 0.02: "
        "nothing in its shape tells it from the article's next paragraph, and it shares no word to break from")),
])
def test_one_sentence_ledes_after_a_wire_style_article_are_dropped(shipped_filter, ledes):
    """A wire story is cut a sentence a paragraph, and so are the ledes a site appends to it (before the training
    ledes were cut so too, the shipped model kept the dated lede here at off_topic 0.17 and its second paragraph)."""
    assert_split(shipped_filter.classify(text_doc(*MILLBROOK_EN, *ledes, sep="\n")), MILLBROOK_EN, ledes)


PORT_STRIKE_EN = [
    "Dock workers at the port of Tynemouth returned to work on Thursday after accepting a pay offer that ends a "
    "nine-day strike.",
    "The deal gives the port's 420 crane and lashing staff a 6.5 percent rise this year and a further 4 percent next "
    "year, the union said.",
    "The strike had left more than 30 container ships waiting offshore and forced two ferry operators to divert "
    "sailings to other ports.",
    '"Our members stood together and it paid off," said union organiser Karen Bell. The port authority said it '
    "expected to clear the backlog by the end of next week.",
    "The port handles about 1.2 million containers a year and is the region's largest employer after the hospital "
    "trust.",
    "Shipping lines had warned that a longer stoppage would push them to move services to Immingham or Felixstowe "
    "permanently.",
    "Talks had broken down twice last week before the conciliation service Acas brought both sides back to the table "
    "on Monday.",
    "The union said it would ballot members again if the second year's rise was not paid in full.",
]
UNDATED_LEDES_EN = [
    "The European Central Bank left interest rates unchanged on Thursday, saying inflation in the eurozone was falling "
    "more slowly than it had expected in the spring.",
    "Chinese exports rose sharply in October from a year earlier, customs data showed, beating forecasts as shipments "
    "to Southeast Asia surged.",
    "Astronomers have found water vapour in the atmosphere of a planet orbiting a red dwarf, the first such detection "
    "around a star of that kind.",
]


@pytest.mark.parametrize("article, ledes", [
    pytest.param(WATER_PRICE_DE, LEDES_DE, id="two-de", marks=shipped_fails(
        "the first lede after the German article is kept: it shares no uncommon word with the article, but the "
        "model gives it off-topic 0.23 (bcc2f9e17728; 0.04 with 85c4af5efd13), under the 0.4 a story of its own "
        "needs; the second goes (0.95)")),
    pytest.param(PORT_STRIKE_EN, UNDATED_LEDES_EN, id="three-en-other-subjects", marks=shipped_fails(
        "three undated ledes on other subjects after an eight-paragraph article score off-topic 0.03-0.14 "
        "(bcc2f9e17728; 0.02-0.07 with 85c4af5efd13), under the 0.4 a story of its own needs: the model reads a "
        "lede by its shape (a dateline, figures) more than by how little it shares with the article "
        "(benchmarks/HISTORY.md, 2026-12-07, late evening)")),
])
def test_undated_ledes_separated_by_blank_lines_are_dropped(shipped_filter, article, ledes):
    assert_split(shipped_filter.classify(text_doc(*article, *ledes)), article, ledes)


# An article's own short last line, and a site's chrome in the same place: in plain text no markup tells them apart,
# only their words, which the model sees hashed into a few buckets (benchmarks/HISTORY.md, 2026-12-07: a feature
# that read them better, not taken).
CLOSING_LINES = ["The council will vote on the plan in March.", "Thanks for reading, and see you next week!",
                 "God bless, and until next time.", "Rest in peace, Fred.", "See you at the festival!",
                 "The trial resumes on Monday.", "Results are expected next year.", "Bis zum nächsten Mal!"]
CHROME_LINES = ["Share on Twitter", "Click here to subscribe to our newsletter.", "Sign in to comment", "Read more",
                "Copyright 2023 The Daily Planet", "Terms of use | Privacy policy", "Follow us on X", "Back to top",
                "Related articles", "Email this article", "Load comments", "Sponsored content", "Accept cookies",
                "Next article", "Jetzt teilen", "Compartir en Facebook"]


def test_short_closing_line_of_a_plain_text_stays_and_chrome_there_goes(shipped_filter):
    """Each line after each of two articles: of the 8 lines an article may end on, most stay (12 of the 16 texts);
    of the 16 chrome lines, almost none (4 of the 32 texts at most)."""
    def kept(line: str, article: list[str]) -> bool:
        document = shipped_filter.classify(text_doc(*article, line))
        return document.paragraphs[-1].text == line and document.paragraphs[-1].kept

    articles = [CYCLE_LANES_EN, LIBRARY_EN]
    closers = [line for line in CLOSING_LINES for article in articles if kept(line, article)]
    chrome = [line for line in CHROME_LINES for article in articles if kept(line, article)]
    assert len(closers) >= 12 and len(chrome) <= 4, (closers, chrome)


# A fact line (a product box, an event's name and dates), the article it speaks of, and an article it does not.
FACT_LINES = [
    ("Tested by: Priya Nandra | Route: Penistone Road | Length: 14 miles", CYCLE_LANES_EN, LIBRARY_EN),
    ("Walsall Central Library, open Monday to Saturday", LIBRARY_EN, CYCLE_LANES_EN),
    ("Reopened: Saturday | Cost: £6.8 million | Funded by: borough council and heritage grant", LIBRARY_EN,
     CYCLE_LANES_EN),
    ("Stadtwerke Kassel | Wasserpreis | Mieterverein", WATER_PRICE_DE, KITA_DE),
]


def edge_paragraph(shipped_filter, line: str, article: list[str], first: bool):
    """The paragraph ``line`` makes as a plain text's first (or last) line before (or after) ``article``."""
    document = shipped_filter.classify(text_doc(*([line, *article] if first else [*article, line])))
    paragraph = document.paragraphs[0 if first else -1]
    assert paragraph.text == line
    return paragraph


@pytest.mark.parametrize("line,own,other", FACT_LINES, ids=["tested-by", "opening-hours", "reopened", "de"])
@pytest.mark.parametrize("first", [True, False], ids=["first", "last"])
def test_a_plain_text_edge_line_that_speaks_of_its_article_stays(shipped_filter, line, own, other, first):
    """The model reads such a line as a site's chrome, and alone it might be; at the edge of the article whose
    words it uses it is the article's, at the edge of another article it goes."""
    assert edge_paragraph(shipped_filter, line, own, first).kept
    dropped = edge_paragraph(shipped_filter, line, other, first)
    assert not dropped.kept and dropped.label == BOILERPLATE


def test_a_closing_reference_in_brackets_stays_when_the_article_cites_that_way(shipped_filter):
    """The model reads "[Express & Star, 3 May]" alone at a text's end as chrome; in an article that set a citation
    in brackets before, it is that article's own form."""
    cited = LIBRARY_EN[:2] + ["[Walsall Council, cabinet report, March 2022]"] + LIBRARY_EN[2:]
    reference = "[Express & Star, 3 May]"
    assert shipped_filter.classify(text_doc(*cited, reference)).paragraphs[-1].kept
    assert not shipped_filter.classify(text_doc(*LIBRARY_EN, reference)).paragraphs[-1].kept


WORDY_CYCLE_LANES_EN = CYCLE_LANES_EN[:-1] + [
    "Council sources told this paper the story is far from over: a share of the money, they said, would go to "
    "signage, and residents could follow the work and read more on the council's website."]


@pytest.mark.parametrize("first", [True, False], ids=["first", "last"])
def test_chrome_at_a_plain_text_edge_goes_though_the_article_uses_its_words(shipped_filter, first):
    """An article that says "sources", "share", "this" and "story" does not make "Share this story" its own: the
    short words of a site's chrome are every article's words."""
    chrome = ["Sources", "Share", "Share this story", "Follow this story", "Back to top", "Read more"]
    kept = [line for line in chrome if edge_paragraph(shipped_filter, line, WORDY_CYCLE_LANES_EN, first).kept]
    assert kept == []


CYCLE_LANES_PROMPT = ["You said:", "write up my notes on the council's cycle lane decision as a short news story",
                      "ChatGPT said:"]


@pytest.mark.parametrize("blocks, kept", [
    pytest.param((*CYCLE_LANES_EN, "Thanks, Priya!"), True, id="naming-the-article"),
    pytest.param((*LIBRARY_EN, "Thanks Tomasz!"), True, id="naming-the-article-again"),
    pytest.param((*LIBRARY_EN, "Thanks, Priya!"), False, id="naming-nothing-of-it"),
    pytest.param((*CYCLE_LANES_PROMPT, *CYCLE_LANES_EN, "Thanks, Priya!"), False, id="below-a-prompt"),
])
def test_a_lone_chat_like_line_closing_an_article_stays_unless_the_text_is_a_conversation(shipped_filter, blocks, kept):
    """A closing "Thanks, Priya!" reads like chat residue, but residue frames a conversation: with nothing else
    chat-like in the text and a name of the article in it, it is the article's. After an article it names nothing
    of, or below a conversation's prompt, it goes."""
    assert shipped_filter.classify(text_doc(*blocks)).paragraphs[-1].kept == kept


# ---- chat_ui ---------------------------------------------------------------------------------------------

CHAT_TEXT_FAILS = {
    "claude-de": "the German prompt above the answer is kept: content 0.57 (bcc2f9e17728; under 0.5 with "
                 "85c4af5efd13), and so the 'Denkprozess' line between it and the answer (content 0.14) is taken back "
                 "as a doubtful line between kept paragraphs",
}
# Hand-written documents whose output a second pass changes, and why (none with the shipped model; the Spanish
# Gemini text was one with model 36feff8fefc6).
IDEMPOTENCE_FAILS: dict[str, str] = {}


@pytest.mark.parametrize("case", [pytest.param(c, id=c[0], marks=[shipped_fails(CHAT_TEXT_FAILS[c[0]])]
                                               if c[0] in CHAT_TEXT_FAILS else []) for c in CHAT_TEXT_CASES])
def test_pasted_chat_residue_is_dropped_and_the_answer_kept(shipped_filter, case):
    _, above, answer, below = case
    document = shipped_filter.classify(text_doc(above, *answer, below))
    assert_split(document, answer, above + below)


def test_a_pasted_conversation_of_two_turns_keeps_both_answers(shipped_filter):
    """Two turns pasted as text: the user's second prompt stands between the two answers, framed by "You said:"
    and "ChatGPT said:". It goes with them (with the code of a40fcc1 it was kept as a doubtful line between kept
    paragraphs), and both answers stay."""
    rewrite = ["Ferry crews on the Portsmouth to Isle of Wight routes stayed out for a second day on Thursday in a "
               "48-hour strike over pay and rest periods.",
               '"Nobody wants to strand patients, but the shifts are not safe," a union representative said.']
    turns = ["You said:", "write a short news piece on the ferry strike for our website, 300 words max",
             "ChatGPT said:", *FERRY_EN, "You said:", "make it shorter and add a quote from the union",
             "ChatGPT said:", *rewrite, "Is this conversation helpful so far?"]
    document = shipped_filter.classify("\n".join(turns))
    assert_split(document, FERRY_EN + rewrite, [line for line in turns if line not in FERRY_EN + rewrite])


# A pasted ChatGPT page's last lines, written for these tests: a disclaimer its training data never held, or the
# follow-up questions a page suggests.
CHAT_FOOTERS = {
    "disclaimer": ["Copy", "Good response", "Bad response",
                   "ChatGPT can make mistakes. Consider checking important information."],
    "follow-up questions": ["Copy", "Good response", "Bad response", "Read aloud", "What did the union ask for?",
                            "Is the timetable back to normal?"],
}


@pytest.mark.parametrize("footer", CHAT_FOOTERS)
@pytest.mark.parametrize("stories", [
    pytest.param([LEDE_FIRE_EN], id="dated"),
    pytest.param([LEDE_FIRE_EN, LEDE_EN_OTHER], id="two"),
    pytest.param([LEDE_EN_OTHER, LEDE_FIRE_EN], id="undated-then-dated"),
    pytest.param(WIRE_LEDES_EN, id="wire"),
    pytest.param([LEDE_EN_OTHER], id="undated", marks=shipped_fails(
        "one undated story is kept (off-topic 0.007): a single last paragraph needs 0.989 to start a trailing run, "
        "and what follows a chat page's footer goes only before a run")),
])
def test_stories_appended_after_a_pasted_chat_page_are_dropped(shipped_filter, stories, footer):
    """A scraper appended other stories after a pasted chat page's buttons: the answer is kept whole, and the residue
    and the stories go, the footer's last lines (a fresh disclaimer, suggested questions) and a story the model reads
    as the answer's too, as they stand between the answer's buttons and the stories."""
    above = ["You said:", "write a short news piece on the ferry strike for our website, 300 words max",
             "ChatGPT said:"]
    below = CHAT_FOOTERS[footer]
    document = shipped_filter.classify(text_doc(above, *FERRY_EN, below, *stories))
    assert_split(document, FERRY_EN, above + below + stories)


@pytest.mark.parametrize("case", [pytest.param(case, id=case[0]) for case in CHAT_PAGE_CASES])
def test_chat_page_wrapper_is_dropped_and_the_answer_kept(shipped_filter, case):
    _, template, prompt, answer, chrome = case
    answer_html = "\n".join(f"<p>{html.escape(p)}</p>" for p in answer)
    page = template.replace("{prompt}", html.escape(prompt)).replace("{answer}", answer_html)
    document = shipped_filter.classify(page)
    wrapper = [p.text for p in document.paragraphs if p.text not in set(answer)]
    assert prompt in wrapper and len(wrapper) >= 4  # the buttons of one toolbar may form one block
    assert_split(document, answer, wrapper)
    output = shipped_filter.clean(page)
    assert not [line for line in chrome if line in output]


# ---- embeds ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def embeds_filter(shipped_model):
    return filterkit.Filter(shipped_model, keep_embeds=True)


def test_wordpress_tweet_dropped_by_default_and_kept_with_keep_embeds(shipped_filter, embeds_filter):
    post = wordpress_post("Villagers buy their pub", PUB_EN_LONG, 1, TWEET)
    default = shipped_filter.classify(post)
    assert default.format == "wordpress-json"
    tweet = [p for p in default.paragraphs if "Never seen the village hall" in p.text]
    assert tweet and all(p.markup.embed and not p.kept for p in tweet)
    assert_split(default, PUB_EN_LONG, [])
    assert "Never seen the village hall" not in shipped_filter.clean(post)
    assert "widgets.js" not in shipped_filter.clean(post)

    kept = embeds_filter.classify(post)
    assert_split(kept, PUB_EN_LONG, [])
    assert all(p.kept for p in kept.paragraphs if p.markup.embed)
    assert TWEET_TEXT in embeds_filter.clean(post)


# ---- idempotence -----------------------------------------------------------------------------------------

HAND_WRITTEN = {
    "lede-dateline-en": text_doc(*CYCLE_LANES_EN, LEDE_FIRE_EN),
    "two-ledes-de": text_doc(*WATER_PRICE_DE, *LEDES_DE),
    "cut-lede-es": text_doc(*PORT_ES, LEDE_CUT_ES),
    "no-gaps-id": text_doc(BUSES_ID + LEDES_ID),
    "same-subject-fr": text_doc(*MATCH_FR, LEDE_OTHER_MATCH_FR),
    "final-quote-en": text_doc(*LIBRARY_EN),
    "final-quote-es": text_doc(*CLINIC_ES_LAST_QUOTE),
    "dateline-article-de": text_doc(*SCHOOLS_DE_DATELINE, LEDE_DE_DATELINE),
    "two-paragraphs-en": text_doc(*PUB_EN_TWO, LEDE_EN_OTHER),
    "two-paragraphs-id": text_doc(*MARKET_ID_TWO),
    **{f"chat-{c[0]}": text_doc(c[1], *c[2], c[3]) for c in CHAT_TEXT_CASES},
    "chat-page-en": CHATGPT_PAGE.replace("{prompt}", "Write it up").replace(
        "{answer}", "".join(f"<p>{html.escape(p)}</p>" for p in FERRY_EN)),
    "wordpress-tweet": wordpress_post("Villagers buy their pub", PUB_EN_LONG, 1, TWEET),
}


@pytest.mark.parametrize("name", [pytest.param(name, marks=[shipped_fails(IDEMPOTENCE_FAILS[name])]
                                                if name in IDEMPOTENCE_FAILS else []) for name in sorted(HAND_WRITTEN)])
def test_clean_is_idempotent_on_hand_written_documents(shipped_filter, name):
    once = shipped_filter.clean(HAND_WRITTEN[name])
    assert once
    assert shipped_filter.clean(once) == once


def _noise_benchmark():
    spec = importlib.util.spec_from_file_location("filterkit_noise_benchmark", ROOT / "benchmarks" / "noise.py")
    noise = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(noise)
    return noise


def _composed_sample() -> list[tuple[str, str, str]]:
    """A deterministic sample of the noise benchmark's dev documents, from training/pool only (no page bodies)."""
    noise = _noise_benchmark()
    pool, pool_noise = noise.compose.load_pool()
    pool = [{**a, "source": "pool"} for a in pool]
    composer = noise.DevComposer(pool_noise, {})
    rng = random.Random(4242)
    cores = rng.sample(pool, 12)
    sample = []
    for n, core in enumerate(cores):
        for k in range(3):
            kind = noise.KINDS[(n + k) % len(noise.KINDS)]
            fmt = noise.FORMATS[(n + 2 * k) % len(noise.FORMATS)]
            dev = composer.compose(core, kind, fmt, pool)
            sample.append((dev.id, fmt, dev.raw))
    return sample


def test_clean_is_idempotent_on_composed_dev_documents(shipped_filter):
    changed = []
    for name, fmt, raw in _composed_sample():
        once = shipped_filter.clean(raw, fmt)
        if shipped_filter.clean(once) != once:
            changed.append(name)
    assert not changed, f"clean(clean(x)) != clean(x) for {changed}"


def test_noise_benchmark_fold_seed_draws_another_split_that_keeps_groups_and_sites_whole():
    """--fold-seed: another seed puts articles in other folds, but every subject group and every site stays in one
    fold and the folds stay as even as the groups allow; the same seed gives the same split."""
    noise = _noise_benchmark()

    def split(seed: int) -> tuple[list[dict], list[dict]]:
        pool = [{"id": f"p{i}", "group": f"g{i // 2}"} for i in range(30)]
        bodies = [{"id": f"b{i}", "site": f"s{i % 7}"} for i in range(14)]
        noise.assign_folds(pool, bodies, 3, seed)
        return pool, bodies

    drawn = {seed: split(seed) for seed in (noise.SEED, 1, 2)}
    for pool, bodies in drawn.values():
        for items, key in ((pool, "group"), (bodies, "site")):
            folds = {}
            for item in items:
                assert folds.setdefault(item[key], item["fold"]) == item["fold"]
            sizes = [sum(item["fold"] == fold for item in items) for fold in range(3)]
            assert max(sizes) - min(sizes) <= 2, sizes
    assert split(noise.SEED) == drawn[noise.SEED]
    folds_of = {seed: [item["fold"] for item in pool + bodies] for seed, (pool, bodies) in drawn.items()}
    assert len({tuple(folds) for folds in folds_of.values()}) == 3


def test_noise_benchmark_leaves_marked_chrome_out_of_a_page_body(tmp_path, capsys):
    """A page body's paragraph marked as chrome is not part of its core article; a mark whose hash no longer matches
    its paragraph (another copy of the data) is ignored, with a warning naming it, rather than cutting the wrong one."""
    noise = _noise_benchmark()
    body = ["The council approved the new library budget on Monday after a long debate among its members.",
            "Construction is expected to start in the spring and to last about eighteen months in all.",
            "The old building will stay open until the new one is ready, the mayor's office said.",
            "(Photo credit: City Hall)"]
    (tmp_path / "ground-truth.json").write_text(json.dumps({"k1": {"articleBody": "\n\n".join(body),
                                                                   "url": "https://example.org/a"}}))
    sha1 = hashlib.sha1(body[3].encode("utf-8")).hexdigest()[:12]
    marks = {"k1": [{"index": 3, "sha1": sha1}, {"index": 1, "sha1": sha1}]}
    [article] = noise.load_page_bodies(tmp_path, marks)
    assert article["paragraphs"] == body[:3]
    assert "paragraph 1 of k1 does not match" in capsys.readouterr().err
    [as_is] = noise.load_page_bodies(tmp_path)
    assert as_is["paragraphs"] == body


# ---- stable: cleaning to a fixed point ---------------------------------------------------------------------

def _training_sample() -> list[tuple[str, str, str]]:
    """Every eighth HTML page and WordPress post of training/examples (our own writing): where a default second
    pass over the plain-text output most often drops a line that the first pass kept by its markup."""
    sample = []
    for name in ("html", "wordpress"):
        lines = (ROOT / "training" / "examples" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        sample += [(r["id"], r["format"], r["input"]) for r in map(json.loads, lines[::8])]
    return sample


def _unsettled_file(shipped_filter, directory: Path) -> tuple[str, str, Path]:
    """The sample's first document whose output a default second pass changes: its format, text, and a copy in
    ``directory`` for the command line."""
    _, fmt, raw = next(item for item in _training_sample()
                       if (once := shipped_filter.clean(item[2], item[1])) and shipped_filter.clean(once) != once)
    source = directory / ("page.html" if fmt == "html" else "post.json")
    source.write_text(raw, encoding="utf-8")
    return fmt, raw, source


def test_stable_output_is_a_fixed_point_that_only_drops_more(shipped_filter, stable_filter):
    """With ``stable``, cleaning the output again changes nothing, by default or stable, and the output is the default
    one less what a pass over it drops. The sample must hold documents that a default pass leaves unsettled, or it
    would test nothing."""
    unsettled = []
    for name, fmt, raw in _training_sample():
        once = shipped_filter.clean(raw, fmt)
        settled = stable_filter.clean(raw, fmt)
        if once and shipped_filter.clean(once) != once:
            unsettled.append(name)
        assert shipped_filter.clean(settled) == settled, name
        assert stable_filter.clean(settled) == settled, name
        paragraphs = iter(once.split("\n\n"))
        assert all(paragraph in paragraphs for paragraph in settled.split("\n\n") if settled), name  # in order
        assert (settled == once) == (name not in unsettled), name
    assert unsettled, "no document of the sample is unsettled by a default second pass"


def test_a_paragraph_a_later_pass_dropped_carries_that_pass_label(shipped_filter, stable_filter):
    """Each paragraph that the pass over the first output dropped has that pass's label, score and probabilities
    in the stable document (a pass after it may drop more; a table row's line drops each of its cells), and the
    document's text is what its kept paragraphs say."""
    checked = 0
    for name, fmt, raw in _training_sample()[:40]:
        first, settled = shipped_filter.classify(raw, fmt), stable_filter.classify(raw, fmt)
        blocks = [paragraphs for paragraphs, _ in output_blocks(first)]
        if not blocks:
            continue
        echo = shipped_filter.classify(render_text(first))  # a user's second clean
        assert [p.text for p in echo.paragraphs] == list(map(block_text, blocks)), name
        for paragraphs, seen in zip(blocks, echo.paragraphs):
            if not seen.kept:
                for paragraph in paragraphs:
                    after = settled.paragraphs[paragraph.index]
                    assert (after.label, after.score, after.probabilities) == (seen.label, seen.score,
                                                                               seen.probabilities)
                    checked += 1
        assert stable_filter.clean(raw, fmt) == render_text(settled)
    assert checked, "no paragraph of the sample is dropped by a pass over the first output"


def test_stable_keeps_a_kept_embed_whole(shipped_model):
    """With ``keep_embeds`` the tweet's lines stay, its attribution line too, though a pass over the plain text (where
    they are no embed) would drop that line: the user asked for them."""
    post = wordpress_post("Villagers buy their pub", PUB_EN_LONG, len(PUB_EN_LONG) - 1, TWEET)
    kept = filterkit.Filter(shipped_model, keep_embeds=True, stable=True).classify(post)
    embed = [p for p in kept.paragraphs if p.markup.embed]
    assert len(embed) >= 2 and all(p.kept for p in embed)
    assert_split(kept, PUB_EN_LONG, [])


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_stable_reaches_the_command_and_its_workers(runner, tmp_path, shipped_filter, stable_filter, jobs):
    from filterkit.cli import main

    fmt, raw, source = _unsettled_file(shipped_filter, tmp_path)
    result = runner.invoke(main, ["clean", str(source), "--stable", "--jobs", jobs, "-q"])
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip("\n") == stable_filter.clean(raw, fmt) != shipped_filter.clean(raw, fmt)


@pytest.mark.parametrize("command", ["explain", "review"])
def test_explain_and_review_show_what_stable_keeps(runner, tmp_path, shipped_filter, stable_filter, command):
    from filterkit.cli import main

    fmt, raw, source = _unsettled_file(shipped_filter, tmp_path)
    shown = {}
    for options in ([], ["--stable"]):
        target = ["-o", str(tmp_path / f"review{len(options)}.html")] if command == "review" else ["--no-color"]
        result = runner.invoke(main, [command, str(source), *target, *options])
        assert result.exit_code == 0, result.output
        shown[bool(options)] = (result.stdout if command == "explain"
                                else (tmp_path / f"review{len(options)}.html").read_text(encoding="utf-8"))
    dropped_later = [p.text for p, q in zip(shipped_filter.classify(raw, fmt).paragraphs,
                                            stable_filter.classify(raw, fmt).paragraphs) if p.kept and not q.kept]
    assert dropped_later and shown[True] != shown[False]
    if command == "explain":
        labels = {line.split(None, 3)[3]: line.split(None, 3)[1]
                  for line in shown[True].splitlines() if line[:1] == " " and len(line.split(None, 3)) == 4}
        assert all(labels[text] != "content" for text in dropped_later if text in labels)
        assert any(text in labels for text in dropped_later)


# ---- favor: precision or recall ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def favoring(shipped_model):
    """A Filter with the shipped model for each ``favor``."""
    return {favor: filterkit.Filter(shipped_model, favor=favor) for favor in ("precision", "balanced", "recall")}


def test_favor_orders_what_is_kept(favoring):
    """On every hand-written document (these, the comment-thread pages and the HTML test pages), precision keeps a
    part of what the default keeps and recall all of it and more; and each moves some paragraph, or the option would
    do nothing."""
    from test_comment_threads import PAGES as THREAD_PAGES
    from test_html_pages import PAGES as HTML_PAGES

    documents = {**HAND_WRITTEN, **{f"thread-{k}": page.html for k, page in THREAD_PAGES.items()},
                 **{f"page-{k}": page.html for k, page in HTML_PAGES.items()}}
    fewer = more = 0
    for name, raw in documents.items():
        kept = {favor: {p.text for p in f.classify(raw).kept} for favor, f in favoring.items()}
        assert kept["precision"] <= kept["balanced"] <= kept["recall"], name
        fewer += len(kept["balanced"] - kept["precision"])
        more += len(kept["recall"] - kept["balanced"])
    assert fewer and more


def test_unknown_favor_is_refused(shipped_model):
    with pytest.raises(filterkit.FilterkitError, match="precision, balanced, recall"):
        filterkit.Filter(shipped_model, favor="speed")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_favor_reaches_the_command_and_its_workers(runner, tmp_path, favoring, jobs):
    from filterkit.cli import main

    # a hand-written document that a favor cleans differently from the default (which one depends on the model)
    favor, raw = next(((favor, raw) for favor in ("precision", "recall") for raw in HAND_WRITTEN.values()
                       if favoring[favor].clean(raw) != favoring["balanced"].clean(raw)), (None, None))
    assert raw is not None, "no favor changes any of the hand-written documents"
    source = tmp_path / "document.txt"
    source.write_text(raw, encoding="utf-8")
    result = runner.invoke(main, ["clean", str(source), "--favor", favor, "--jobs", jobs, "-q"])
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip("\n") == favoring[favor].clean(raw)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_output_records_the_options_that_decided_it(runner, tmp_path, jobs):
    """A corpus cleaned in several runs must say which records were cleaned how: the favor, keep-embeds and stable
    settings go beside the model in each record's summary, from the workers too."""
    from filterkit.cli import main

    source = tmp_path / "records.jsonl"
    source.write_text("".join(json.dumps({"id": name, "text": raw}) + "\n" for name, raw in HAND_WRITTEN.items()),
                      encoding="utf-8")
    runs = {}
    for options in ([], ["--favor", "recall", "--keep-embeds", "--stable"]):
        result = runner.invoke(main, ["clean", str(source), "--output-format", "jsonl", "--jobs", jobs, "-q",
                                      *options])
        assert result.exit_code == 0, result.output
        runs[tuple(options)] = [json.loads(line)["filterkit"] for line in result.stdout.splitlines()]
    assert {(s["favor"], s["keep_embeds"], s["stable"]) for s in runs[()]} == {("balanced", False, False)}
    assert {(s["favor"], s["keep_embeds"], s["stable"])
            for s in runs[("--favor", "recall", "--keep-embeds", "--stable")]} == {("recall", True, True)}
    assert len(runs[()]) == len(HAND_WRITTEN)
