#!/usr/bin/env python
"""Off-topic and chat-UI noise: filterkit against trafilatura and jusText on documents it never trained on.

    python benchmarks/noise.py --pages ../shared/data/aeb-train [--json OUT] [--folds K] [--fold-seed S]
                               [--reference-model M] [--explain DIR]

The dev set is composed here, deterministically, from a pool of articles:

- the article bodies of the page directory (``DIR/ground-truth.json``; "articleBody" paragraphs are
  separated by blank lines; bodies with fewer than 3 paragraphs, or mostly made of very short items, are
  skipped), less the paragraphs that ``benchmarks/aeb_chrome.json`` marks: lines the truth keeps but this
  project calls boilerplate (a photo credit, a copyright notice, a tweet's attribution line, ...), marked by
  reading the bodies, so that a clean control holds no noise (``--truth-as-is`` keeps them), and
- the pool articles in ``training/pool/*.jsonl``.

Each core article becomes documents of six kinds, each rendered as plain text, an HTML page or fragment,
and a WordPress REST post:

- ``clean``: the article alone (a control: the output must equal the input paragraphs);
- ``off_topic``: the article followed by one to three ledes (first one or two paragraphs) of OTHER
  articles, sometimes cut into paragraphs of one or two sentences (as a wire story is), sometimes cut
  mid-sentence, sometimes with a dateline, with or without blank lines, sometimes on the same broad subject
  (same pool "group");
- ``chat_ui:pool`` / ``chat_ui:fresh``: the article as a chat assistant's answer, with residue lines or a
  chat-page wrapper and often the user's prompt at the top. ``pool`` takes the residue from
  ``training/pool/noise.json`` (which every model here trained on, so it measures memorisation);
  ``fresh`` takes it from the lines and wrappers written below in this file (other wording, other markup,
  and three UI languages the training data does not have: Italian, Portuguese, Dutch);
- ``chat_ui+off_topic:pool`` / ``chat_ui+off_topic:fresh``: both.

Honest measurement: the shipped model trained on every pool article (through ``training/examples``) and on the
page directory. So the pool articles are split into K folds, grouped by their subject ("group", so that a fold
model has not even seen an article on the same subject), and for each fold a model is trained with
``filterkit.model.fit`` on the ``training/examples`` records whose core article is outside the fold AND that
contain no paragraph opening like a paragraph of a fold article (its first 40 characters, or all of a shorter
one from 20: this removes the records that used a fold article as a trailing lede; it may also remove a few
records that merely quote one, which only makes the split stricter). Like the shipped model, a fold model also
learns from the pages of the page directory, but only from those of sites outside the fold: the page bodies
are split into the same K folds by site, so no fold model has seen a page (or a site) whose body it is tested
on. A fold's dev documents take their cores from the fold's pool articles and page bodies, and their ledes
from the fold's other articles, so a lede is never an article the model trained on either. The chat residue in
``training/pool/noise.json`` was seen by every fold model: that is what the ``:fresh`` kinds are for.

Metrics, per kind and format, computed from each system's output TEXT in the same way for every system:

- F1: 4-word shingle F1 of the output against the core text (``filterkit.examples.shingle_scores``),
  averaged over documents;
- noise kept: share of injected noise paragraphs still in the output (a paragraph of 8+ words counts as
  present when half of its shingles are; a shorter one when it is a whole output line, or occurs in the
  output but not in the core text);
- core lost: share of core paragraphs missing from the output (same presence test);
- changed: share of clean controls whose output paragraphs differ from the input paragraphs;
- idem: documents where filterkit's clean(clean(x)) != clean(x) (fold models).

The fold models also clean every document with ``--favor precision`` and ``--favor recall`` (one pass each), and
with ``--stable`` (to a fixed point, then once more to count what a second pass still changes): a small table gives
noise kept, core lost, controls changed and second-pass changes for each setting, and for ``--stable`` by the core
articles' source (pool articles, aeb page bodies).

Beside the targets, not in them: each clean control again with one line of a site's chrome (``EDGE_CHROME``, written
in this file; 7 of its 40 lines, such as "Advertisement", are also lines of the training pool) at its start or end, a
line of its text or a bare paragraph of its article element or post content, where only the line's words say it is
chrome. A table gives, per format and system, the share of those lines kept and of the core lost (``edge_chrome`` in
the JSON). It is the other side of a changed control: a rule or feature that keeps an article's own short last line
keeps these lines too. And each clean control again with one to three fresh ledes after it (``FRESH_LEDES``, written
in this file: the openings of invented stories, undated, half of them without figures), where the dev set's ledes,
the openings of pool articles, have a lede's shape the model learnt (``fresh_ledes`` in the JSON). With
``--held-out-ledes`` the probe appends ``HELD_OUT_LEDES`` instead, a second set written to check what was chosen on
the first.

Below the tables, 95% intervals of filterkit's noise kept, core lost and controls changed come from a bootstrap
that draws whole core articles (each with all its documents) with replacement (``core_bootstrap``).

Inputs of the other systems: HTML documents as they are; the WordPress post's ``content.rendered`` inside
``<html><body>``; plain text with each non-empty line wrapped in ``<p>`` (neither tool reads plain text).
jusText gets the stoplist that best covers the core article's words (its own language guess, made on the
clean text: a small advantage for it). trafilatura runs with its defaults (``extract`` with
``include_comments=False``).

A fifth column, filterkit with the shipped model (or ``--reference-model``), is a reference only: that
model trained on these articles, pages and residue, so its numbers are not a measurement of unseen data.
The script warns when that model is older than ``filterkit/features.py`` (features it never saw).

``--explain DIR`` writes a file per document the fold models got wrong, in a folder per failure
(``changed``, ``core-lost``, ``noise-kept``, ``unstable``): what was lost or kept, then each pass's
paragraphs with their labels and the model's probabilities.

``--fold-models FILE`` saves the fold models (a third of a run's time) and reuses them while what they were fitted
on is unchanged (``fold_fingerprint``): a change to the context pass is measured in minutes. With ``--quick`` as
well, in under two: only the fold models clean, once and then their output again, and the script prints noise kept,
core lost, the changed controls and the second pass's count (the figures of a full run's first table), and the
edge chrome kept.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import json
import random
import re
import sys
import time
import zlib
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
# Our marks on the page bodies: the paragraphs that this project's definitions call boilerplate (credits, bylines,
# copyright notices, tweets' attribution lines, ...), left out of the core articles unless --truth-as-is.
CHROME = Path(__file__).resolve().parent / "aeb_chrome.json"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

import joblib  # noqa: E402
import sklearn  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

import compose  # noqa: E402  (training/compose.py: the pool loader and its segment-as-filterkit helper)
from filterkit.classify import classify  # noqa: E402
from filterkit.document import Document  # noqa: E402
from filterkit.examples import load_examples, shingle_scores, shingles  # noqa: E402
from filterkit.features import NAMES, document_features  # noqa: E402
from filterkit.model import fit, load  # noqa: E402
from filterkit.pipeline import classify_and_settle  # noqa: E402
from filterkit.readers import read_string  # noqa: E402
from filterkit.segment import normalize_space, segment  # noqa: E402
from filterkit.training import flatten  # noqa: E402
from filterkit.write import render_text  # noqa: E402

SEED = 7311
FORMATS = ("text", "html", "wordpress-json")
KINDS = ("clean", "off_topic", "chat_ui:pool", "chat_ui:fresh", "chat_ui+off_topic:pool", "chat_ui+off_topic:fresh")
SYSTEMS = ("filterkit", "shipped", "trafilatura", "justext")
WHOLE_SYSTEMS = ("filterkit", "trafilatura", "justext")  # measured systems: the shipped model's column is a reference
FAVORS = ("precision", "recall")  # --favor settings the fold models also clean with (balanced is "filterkit")
SYSTEM_NAMES = {"filterkit": "filterkit (fold model)", "shipped": "filterkit (shipped*)",
                "trafilatura": "trafilatura", "justext": "jusText"}
_WORDS = re.compile(r"\w+")
_HAS_DATELINE = re.compile(r"^[A-ZÀ-Þ][\wÀ-ÿ.'’ ,()-]{1,60}?\s[–—-]{1,2}\s"
                           r"|^【[^】]{1,16}】|^[^\s，。、]{2,16}(?:日电|讯)(?=[（(\s【])")  # and Chinese, Japanese ones

# ---- fresh chat residue, written for this benchmark (not in training/pool/noise.json) ------------------------

# (assistant, ui language, position, lines); positions: before (above the answer), between, after.
FRESH_CHAT_TEXT: list[tuple[str, str, str, list[str]]] = [
    ("chatgpt", "en", "before", ["Skip to content", "Chat history", "ChatGPT 5 Thinking"]),
    ("chatgpt", "en", "before", ["You said:"]),
    ("chatgpt", "en", "between", ["ChatGPT said:", "Thought for 41 seconds"]),
    ("chatgpt", "en", "between", ["Searched 9 sites"]),
    ("chatgpt", "en", "after", ["Sources", "Copy", "Edit", "Branch in new chat", "Read aloud"]),
    ("chatgpt", "en", "after", ["Is this conversation helpful so far?", "ChatGPT can make mistakes. OpenAI doesn't use "
                                "workspace data to train its models."]),
    ("chatgpt", "de", "between", ["ChatGPT hat gesagt:", "Nachgedacht für 23s"]),
    ("chatgpt", "de", "after", ["Quellen", "Antwort kopieren", "In neuem Chat verzweigen", "Frag irgendwas"]),
    ("chatgpt", "fr", "between", ["ChatGPT a dit :", "A réfléchi pendant 19 s"]),
    ("chatgpt", "fr", "after", ["Sources", "Copier la réponse", "Pose une question", "ChatGPT peut faire des erreurs. "
                                "Envisagez de vérifier les informations importantes."]),
    ("chatgpt", "es", "before", ["Tú dijiste:"]),
    ("chatgpt", "es", "after", ["Fuentes", "Copiar respuesta", "¿Te resulta útil esta conversación hasta ahora?"]),
    ("chatgpt", "id", "after", ["Sumber", "Salin jawaban", "Apakah percakapan ini sejauh ini membantu?"]),
    ("chatgpt", "it", "before", ["Hai detto:"]),
    ("chatgpt", "it", "between", ["ChatGPT ha detto:", "Ragionato per 14 secondi"]),
    ("chatgpt", "it", "after", ["Copia", "Risposta buona", "Risposta negativa", "Leggi ad alta voce",
                                "ChatGPT può commettere errori. Assicurati di verificare le informazioni importanti."]),
    ("chatgpt", "pt", "before", ["Você disse:"]),
    ("chatgpt", "pt", "between", ["O ChatGPT disse:", "Pensou por 9s"]),
    ("chatgpt", "pt", "after", ["Copiar", "Boa resposta", "Resposta ruim", "Pergunte alguma coisa",
                                "O ChatGPT pode cometer erros. Considere verificar informações importantes."]),
    ("chatgpt", "nl", "before", ["Je zei:"]),
    ("chatgpt", "nl", "between", ["ChatGPT zei:", "Nagedacht gedurende 11 seconden"]),
    ("chatgpt", "nl", "after", ["Kopiëren", "Goed antwoord", "Slecht antwoord", "Vraag maar raak",
                                "ChatGPT kan fouten maken. Controleer belangrijke informatie."]),
    ("claude", "en", "before", ["Claude Opus 4.1", "Starred", "Recents", "View all"]),
    ("claude", "en", "between", ["Pondered the request for 6s", "Web search", "8 results"]),
    ("claude", "en", "after", ["Copy", "Retry", "Share", "Claude is AI and can make mistakes. Please double-check "
                               "responses."]),
    ("claude", "de", "between", ["Denkprozess", "Gedanken einblenden"]),
    ("claude", "fr", "between", ["Réflexion", "Recherche sur le Web", "6 résultats"]),
    ("claude", "es", "after", ["Copiar", "Volver a intentar", "Claude es una IA y puede cometer errores."]),
    ("claude", "it", "after", ["Copia", "Riprova", "Rispondi a Claude...", "Claude può commettere errori. Verifica le "
                               "risposte."]),
    ("claude", "pt", "after", ["Copiar", "Tentar novamente", "Responder ao Claude...", "O Claude pode cometer erros. "
                               "Confira as respostas."]),
    ("claude", "nl", "after", ["Kopiëren", "Opnieuw proberen", "Antwoord aan Claude...", "Claude kan fouten maken. "
                               "Controleer de antwoorden."]),
    ("gemini", "en", "before", ["Conversation with Gemini", "2.5 Pro"]),
    ("gemini", "en", "between", ["Show thinking", "Analysis", "Double-check"]),
    ("gemini", "en", "after", ["Listen", "Modify response", "Share & export", "Google it",
                               "Gemini may display inaccurate info, including about people, so double-check its "
                               "responses."]),
    ("gemini", "de", "after", ["Anhören", "Antwort ändern", "Mit Google prüfen"]),
    ("gemini", "fr", "between", ["Afficher le raisonnement"]),
    ("gemini", "es", "after", ["Escuchar", "Modificar respuesta", "Compartir y exportar"]),
    ("gemini", "id", "after", ["Dengarkan", "Ubah respons", "Bagikan & ekspor"]),
    ("gemini", "it", "after", ["Ascolta", "Modifica risposta", "Condividi ed esporta", "Gemini può commettere errori, "
                               "anche riguardo a persone, quindi verifica le sue risposte."]),
    ("gemini", "pt", "after", ["Ouvir", "Modificar resposta", "O Gemini pode cometer erros. Por isso, cheque as "
                               "respostas."]),
    ("gemini", "nl", "between", ["Redenering tonen", "Concepten tonen"]),
    ("perplexity", "en", "before", ["Perplexity", "Research", "Labs", "12 sources"]),
    ("perplexity", "en", "between", ["Working…", "Finished", "apnews.com", "+9"]),
    ("perplexity", "en", "after", ["Share", "Bookmark", "Export as PDF", "Ask a follow-up…", "People also ask",
                                   "What are the main criticisms of this decision?", "How have similar cases ended?"]),
    ("perplexity", "de", "after", ["Folgefrage stellen", "Als PDF exportieren", "Lesezeichen"]),
    ("perplexity", "fr", "before", ["Réponse", "Sources · 7", "Étapes"]),
    ("perplexity", "es", "between", ["Trabajando…", "Listo", "Fuentes · 5"]),
    ("perplexity", "id", "after", ["Tanyakan lanjutan…", "Ekspor sebagai PDF", "Orang juga bertanya"]),
    ("perplexity", "it", "after", ["Fonti", "Correlati", "Fai una domanda di approfondimento"]),
    ("perplexity", "pt", "after", ["Fontes", "Relacionado", "Faça uma pergunta de acompanhamento"]),
    ("perplexity", "nl", "after", ["Bronnen", "Gerelateerd", "Stel een vervolgvraag"]),
    ("copilot", "en", "before", ["Microsoft Copilot", "Your everyday AI companion", "New conversation"]),
    ("copilot", "en", "between", ["Sent by you:", "Sent by Copilot:", "Generating response…"]),
    ("copilot", "en", "after", ["Copy message", "Read aloud", "Export", "Message Copilot",
                                "Copilot can make mistakes. Verify important information."]),
    ("copilot", "de", "between", ["Von dir gesendet:", "Von Copilot gesendet:"]),
    ("copilot", "fr", "after", ["Copier le message", "Lire à haute voix", "Envoyer un message à Copilot"]),
    ("copilot", "es", "after", ["Copiar mensaje", "Leer en voz alta", "Copilot puede equivocarse. Verifica la "
                                "información importante."]),
    ("copilot", "id", "between", ["Dikirim oleh Anda:", "Dikirim oleh Copilot:"]),
    ("copilot", "it", "after", ["Copia messaggio", "Leggi ad alta voce", "Copilot può commettere errori."]),
    ("copilot", "pt", "after", ["Copiar mensagem", "Ler em voz alta", "O Copilot pode cometer erros."]),
    ("copilot", "nl", "after", ["Bericht kopiëren", "Voorlezen", "Copilot kan fouten maken."]),
]
FRESH_PROMPTS: dict[str, list[str]] = {
    "en": ["Please turn these notes into a 400-word report for our community paper, neutral tone:",
           "tidy this draft up for me, keep it factual and don't add quotes",
           "Can you write this up as a news story? Short paragraphs please."],
    "de": ["Bitte mach aus diesen Stichpunkten eine Meldung für unsere Webseite:",
           "kürz den folgenden bericht aufs wesentliche und mach ihn lesbarer"],
    "fr": ["Peux-tu écrire un article factuel à partir de ces notes de conférence de presse ?",
           "corrige les fautes et rends ce texte plus fluide stp"],
    "es": ["Redacta una noticia breve a partir de este comunicado, estilo agencia:",
           "mejora la redacción de esto pero sin inventar datos"],
    "id": ["Tolong buatkan berita singkat dari siaran pers ini, gaya kantor berita:",
           "rapikan ejaan dan susunan kalimat teks berikut ya"],
}
# Chat-page wrappers with {prompt} and {answer}; the visible chrome is in the template's own UI language.
FRESH_CHAT_HTML: list[tuple[str, str]] = [
    ("chatgpt/en", """<div class="conversation-thread" role="log">
<div class="turn" data-testid="conversation-turn-5" data-turn="user"><h5 class="sr-only">You said:</h5>
<div data-message-author-role="user" data-message-id="7d1e2a90-5c44" class="user-turn"><div class="bubble">{prompt}</div></div>
<div class="turn-toolbar"><button aria-label="Edit message">Edit</button><span class="branch">1/2</span></div></div>
<div class="turn" data-testid="conversation-turn-6" data-turn="assistant"><h6 class="sr-only">ChatGPT said:</h6>
<div class="reasoning-summary"><button type="button">Thought for 38s</button></div>
<div data-message-author-role="assistant" data-message-model-slug="gpt-5-thinking" class="assistant-turn">
<div class="markdown prose">{answer}</div></div>
<div class="turn-toolbar"><button aria-label="Copy">Copy</button><button aria-label="Good response">Good response</button>
<button aria-label="Bad response">Bad response</button><button>Sources</button></div></div></div>
<div class="composer-footer"><div class="placeholder">Ask anything</div>
<div class="disclaimer">ChatGPT can make mistakes. Check important info. See Cookie Preferences.</div></div>"""),
    ("chatgpt/pt", """<main class="chat-main"><div class="thread">
<section data-turn="user" class="msg-row"><h5 class="sr-only">Você disse:</h5>
<div data-message-author-role="user" class="bubble-user"><div class="whitespace-pre-wrap">{prompt}</div></div></section>
<section data-turn="assistant" class="msg-row"><h6 class="sr-only">O ChatGPT disse:</h6>
<div class="thinking"><span>Pensou por 21s</span></div>
<div data-message-author-role="assistant" class="bubble-assistant"><div class="markdown">{answer}</div></div>
<div class="actions"><button>Copiar</button><button>Boa resposta</button><button>Resposta ruim</button>
<button>Compartilhar</button></div></section></div>
<div class="composer"><p class="placeholder">Pergunte alguma coisa</p>
<p class="fine-print">O ChatGPT pode cometer erros. Considere verificar informações importantes.</p></div></main>"""),
    ("claude/en", """<div class="conversation-root" data-testid="chat-thread">
<div data-test-render-count="1" class="user-row"><div class="avatar-initials">JS</div>
<div data-testid="user-message" class="user-message-text"><p>{prompt}</p></div><button type="button">Edit</button></div>
<div data-test-render-count="1" class="assistant-row">
<div class="thinking-block"><button aria-expanded="false">Thought process</button><span class="duration">11s</span></div>
<div class="font-claude-response standard-markdown" data-is-streaming="false">{answer}</div>
<div class="message-actions"><button>Copy</button><button>Retry</button></div>
<p class="disclaimer-note">Claude can make mistakes. Please double-check responses.</p></div>
<fieldset class="reply-box"><div class="placeholder">Reply to Claude...</div><div class="model-picker">Claude Opus 4.1</div>
</fieldset></div>"""),
    ("claude/it", """<div class="flex-1 chat-col">
<div data-test-render-count="2"><div class="user-bubble"><div class="initials">GR</div>
<div data-testid="user-message"><p class="whitespace-pre-wrap">{prompt}</p></div></div></div>
<div data-test-render-count="2"><div class="group relative" data-is-streaming="false">
<div class="font-claude-message">{answer}</div>
<div class="toolbar"><button>Copia</button><button>Riprova</button></div></div></div>
<div class="input-area"><div class="placeholder">Rispondi a Claude...</div></div>
<div class="footnote">Claude può commettere errori. Verifica le risposte.</div></div>"""),
    ("gemini/en", """<div class="chat-container"><h1 class="conversation-title">Conversation with Gemini</h1>
<user-query class="ng-star-inserted"><div class="query-content"><p class="query-text-line">{prompt}</p></div></user-query>
<model-response class="ng-star-inserted"><div class="response-header"><button class="thoughts-toggle">Show thinking</button></div>
<message-content class="model-response-text"><div class="markdown markdown-main-panel">{answer}</div></message-content>
<div class="response-footer"><button aria-label="Good response"></button><button aria-label="Bad response"></button>
<button>Listen</button><button>Share &amp; export</button><button>Double-check response</button></div></model-response>
<div class="input-area"><div class="ql-placeholder">Ask Gemini</div></div>
<div class="hallucination-disclaimer">Gemini can make mistakes, so double-check it</div></div>"""),
    ("gemini/nl", """<div class="conversation-container">
<user-query><span class="user-query-bubble"><p class="query-text-line">{prompt}</p></span></user-query>
<model-response><div class="response-container"><button class="draft-toggle">Concepten tonen</button>
<message-content class="model-response-text"><div class="markdown">{answer}</div></message-content>
<div class="actions"><button>Delen en exporteren</button><button>Kopiëren</button><button>Antwoord controleren</button></div>
</div></model-response>
<p class="disclaimer">Gemini kan fouten maken, ook over mensen, dus controleer de antwoorden.</p></div>"""),
    ("perplexity/en", """<div class="thread-wrapper"><h1 class="query-title"><span>{prompt}</span></h1>
<div class="tabs" role="tablist"><button role="tab">Answer</button><button role="tab">Images</button>
<button role="tab">Sources · 9</button><button role="tab">Steps</button></div>
<div class="source-cards"><a href="https://apnews.com/"><span>1</span> apnews.com</a>
<a href="https://www.reuters.com/"><span>2</span> reuters.com</a><a href="https://www.bbc.com/"><span>3</span> bbc.com</a></div>
<div class="prose answer-body">{answer}</div>
<div class="answer-actions"><button>Share</button><button>Export</button><button>Rewrite</button></div>
<div class="related"><h2>Related</h2><ul><li><a href="/s/1">What are the main criticisms of this decision?</a></li>
<li><a href="/s/2">Who else is affected?</a></li><li><a href="/s/3">What happens next?</a></li></ul></div>
<div class="followup"><span class="placeholder">Ask a follow-up</span></div></div>"""),
    ("perplexity/es", """<div class="max-w-thread"><div class="query"><span>{prompt}</span></div>
<div class="tabs"><span>Respuesta</span><span>Fuentes · 5</span><span>Pasos</span></div>
<div class="sources"><div class="src"><span>1</span><span>elpais.com</span></div><div class="src"><span>2</span>
<span>efe.com</span></div></div><div class="prose">{answer}</div>
<div class="actions"><button>Compartir</button><button>Exportar</button><button>Reescribir</button></div>
<div class="followup-box">Haz una pregunta de seguimiento</div></div>"""),
    ("copilot/en", """<div class="chat-scroll" data-content="conversation">
<div class="user-msg" data-content="user-message"><h2 class="sr-only">You said</h2><div class="bubble">{prompt}</div></div>
<div class="ai-msg" data-content="ai-message"><h2 class="sr-only">Copilot said</h2>
<div class="prose-copilot">{answer}</div>
<div class="msg-actions"><button title="Copy">Copy</button><button title="Read aloud">Read aloud</button>
<button title="Share">Share</button></div></div>
<div class="composer"><div class="placeholder">Message Copilot</div></div>
<footer class="legal">Copilot may make mistakes. Privacy Statement</footer></div>"""),
    ("copilot/de", """<div class="cib-conversation"><div class="turn" data-content="user-message">
<span class="label">Du hast gesagt</span><div class="text-message-content">{prompt}</div></div>
<div class="turn" data-content="ai-message"><span class="label">Copilot hat gesagt</span>
<div class="ac-textBlock">{answer}</div><div class="attribution"><span>Weitere Informationen</span>
<a href="https://www.tagesschau.de/">1 tagesschau.de</a><a href="https://www.zeit.de/">2 zeit.de</a></div>
<div class="actions"><button>Kopieren</button><button>Vorlesen</button></div></div>
<div class="composer">Nachricht an Copilot</div><p class="legal">Copilot kann Fehler machen. Überprüfe wichtige
Informationen.</p></div>"""),
]
FRESH_UI_LANGS = ("it", "pt", "nl")
DATELINES = {
    "en": ["LONDON –", "MANCHESTER, England —", "BOSTON (Reuters) -", "CARDIFF –", "CHICAGO (AP) —"],
    "de": ["BERLIN –", "Hamburg (dpa) -", "MÜNCHEN –", "Leipzig –"],
    "fr": ["PARIS –", "Lyon (AFP) –", "MARSEILLE –", "Bordeaux –"],
    "es": ["MADRID –", "Sevilla (EFE) –", "BARCELONA –", "Valencia –"],
    "id": ["JAKARTA –", "Surabaya (ANTARA) -", "MEDAN –", "Makassar –"],
    "zh": ["新华社北京6月2日电", "本报上海讯", "【广州】", "中新网成都6月2日电"],
    "ja": ["【ワシントン共同】", "【大阪】", "【ロンドン時事】", "【札幌】"],
}
# One line of a site's chrome left at an article's edge, as a bare paragraph of the article's own element or a line of
# its text: what another extractor's output or a CMS's body often carries. Written here, as the fresh residue is (7
# of the 40 lines, such as "Advertisement", are also pool lines); reported beside the targets, not in them.
EDGE_CHROME: dict[str, list[tuple[str, str]]] = {
    "en": [("last", "Share this story"), ("last", "Comments are closed."), ("last", "Advertisement"),
           ("last", "© 2024 Northfield Courier Ltd. All rights reserved."), ("last", "Leave a comment"),
           ("last", "Filed under: World, Politics"), ("last", "Print this page"), ("last", "Report an error"),
           ("last", "Subscribe now for unlimited access."), ("last", "Follow us on Facebook and Instagram."),
           ("last", "Don't miss a story - sign up for our weekly roundup."), ("last", "Continue reading below"),
           ("last", "This story was originally published by the Valley Herald."), ("last", "Tags: local news, council"),
           ("first", "Skip to main content"), ("first", "Listen to this article"), ("first", "By Staff Reporter"),
           ("first", "Updated 2 hours ago")],
    "de": [("last", "Artikel teilen"), ("last", "Kommentare sind geschlossen."), ("last", "Anzeige"),
           ("last", "© 2024 Nordstadt Medien GmbH. Alle Rechte vorbehalten."), ("last", "Jetzt den Newsletter abonnieren!"),
           ("first", "Zum Inhalt springen"), ("first", "Von unserer Redaktion")],
    "fr": [("last", "Partager cet article"), ("last", "Les commentaires sont fermés."), ("last", "Publicité"),
           ("last", "© 2024 Le Petit Relais. Tous droits réservés."), ("first", "Aller au contenu principal")],
    "es": [("last", "Compartir esta noticia"), ("last", "Los comentarios están cerrados."), ("last", "Publicidad"),
           ("last", "© 2024 Diario del Valle. Todos los derechos reservados."), ("first", "Ir al contenido")],
    "id": [("last", "Bagikan artikel ini"), ("last", "Komentar ditutup."), ("last", "Iklan"),
           ("last", "© 2024 Kabar Kota. Hak cipta dilindungi."), ("first", "Lewati ke konten")],
}
# The opening of an invented news story, undated, after a clean control: the shape of a lede without the pool's
# (no dateline, half of them without figures). Written for this file, as the fresh chat residue and the edge chrome
# are; reported beside the targets, not in them.
FRESH_LEDES: dict[str, list[str]] = {
    "en": [
        "The city council of Marlow Creek voted late on Tuesday to freeze parking fees for another year, ending a"
        " months-long dispute with shop owners on the high street.",
        "A federal judge on Monday ordered Brightwater Logistics to pay $4.2 million in back wages to 310 "
        "warehouse workers who said they were routinely denied overtime.",
        "Forecasters warned residents along the northern coast to prepare for a second night of gale-force winds "
        "after a storm toppled trees and cut power to thousands of homes.",
        "Shares in Halvorsen Foods fell 12 percent on Thursday after the frozen-meal maker cut its annual profit "
        "forecast, blaming higher costs for packaging and transport.",
        "The Eastfield Rovers ended a nine-match losing streak on Saturday, beating league leaders Port Ashby "
        "with a stoppage-time header from their eighteen-year-old substitute.",
        "Astronomers at the Kestrel Ridge Observatory say they have identified 17 previously unknown asteroids in"
        " a single week, using software that sifts through old telescope images.",
        "Hospitals across the region have postponed non-urgent surgery for at least a fortnight as a surge in "
        "winter flu cases fills emergency wards beyond capacity, health officials said.",
        "A long-lost painting by the Victorian landscape artist Edith Marrow sold for £385,000 at auction on "
        "Wednesday, more than triple its estimate, after being found in a farmhouse attic.",
        "Commuters on the Riverside line faced a third straight morning of cancellations as the rail operator "
        "struggled to replace drivers who called in sick during a dispute over rosters.",
        "The state education department will hire 1,200 additional teaching assistants next year in an effort to "
        "shrink class sizes in primary schools, the education minister announced.",
        "Police are searching for two men who broke into a jewellery shop in the centre of Lowbridge overnight, "
        "smashing display cases and escaping with watches and rings.",
        "Volunteers pulled more than 3 tonnes of plastic and fishing nets from the shoreline of Gull Bay over the"
        " weekend, the largest haul in the clean-up campaign's history.",
        "A software glitch at one of the country's largest banks left customers unable to log in to their "
        "accounts for most of Friday, the company confirmed in a brief statement.",
        "Residents of Ferndale will vote on March 14 on a proposal to convert the town's disused bus depot into "
        "90 affordable flats, council officials said on Monday.",
        "Apple growers in the Tamsin Valley say an unusually late frost has destroyed much of this season's "
        "blossom, leaving many orchards facing their smallest harvest in decades.",
        "A jury in Carver County found a former city treasurer guilty of embezzling $640,000 from a pension fund "
        "over 6 years, after a trial lasting nearly a month.",
        "Researchers at Northgate University have developed a simple blood test that they say can detect early "
        "signs of kidney disease years before patients notice any symptoms.",
        "Workers at the Dunmore paper mill began a 48-hour strike on Wednesday after talks over pay and pensions "
        "broke down, halting production at the plant for the first time since 2009.",
        "The veteran marathon runner Aisha Contreras announced her retirement on Sunday, saying a persistent knee"
        " injury had made it impossible to train at the level she demands of herself.",
        "Passengers at Westmoor Airport faced delays of up to 5 hours on Tuesday after a failure in the baggage "
        "system left 2,300 suitcases stranded in the terminal.",
        "Wildlife officers have confirmed the return of breeding otters to the River Calder for the first time in"
        " more than half a century, a milestone conservation groups called remarkable.",
        "Telecom provider Linkwave said on Thursday it would switch off its 3G network on 30 June, urging around "
        "400,000 customers with older phones to upgrade before the deadline.",
        "The organisers of the Harbourside Folk Festival have cancelled this summer's event after failing to "
        "secure insurance, disappointing thousands of ticket holders and local traders.",
        "The number of measles cases reported in the province has risen to 57 since January, prompting health "
        "authorities to open walk-in vaccination clinics at schools and libraries.",
    ],
    "de": [
        "Ein heftiges Unwetter hat in der Nacht zum Sonntag weite Teile des Rheintals überflutet und zahlreiche "
        "Keller unter Wasser gesetzt, teilte die Feuerwehr am Morgen mit.",
        "Der Gemeinderat von Lindenhausen hat am Dienstagabend mit 17 zu 12 Stimmen beschlossen, das marode "
        "Hallenbad zu schließen und stattdessen ein neues Familienbad am Stadtrand zu planen.",
        "Das Landgericht hat einen ehemaligen Bankberater wegen Untreue zu einer mehrjährigen Haftstrafe "
        "verurteilt, weil er über Jahre hinweg Ersparnisse älterer Kunden auf eigene Konten umgeleitet hatte.",
        "Der Maschinenbauer Brenntal AG will bis Ende 2026 rund 450 Stellen an seinem Stammsitz abbauen und die "
        "Fertigung teilweise nach Tschechien verlagern, wie das Unternehmen am Donnerstag mitteilte.",
        "Der Aufsteiger aus Kleinfelden hat am Samstag überraschend den Tabellenführer geschlagen und damit "
        "erstmals in der Vereinsgeschichte einen Sieg gegen eine Spitzenmannschaft der Liga gefeiert.",
        "Pendler zwischen Hallstadt und Obernau müssen sich ab dem 3. März auf wochenlange Einschränkungen "
        "einstellen, weil die Bahn eine marode Brücke auf der Strecke erneuert.",
        "Forscher der Universität Grünwald haben eine Methode entwickelt, mit der sich Mikroplastik im "
        "Trinkwasser deutlich schneller und günstiger nachweisen lässt als mit bisherigen Verfahren.",
        "Rund 2.300 Schülerinnen und Schüler im Landkreis Moorbach haben seit Montag keinen Schulbus mehr, "
        "nachdem das beauftragte Busunternehmen überraschend Insolvenz angemeldet hat.",
    ],
    "fr": [
        "Le conseil municipal de Saint-Aubrac a adopté mardi soir un plan controversé visant à fermer la rue "
        "principale aux voitures pendant tout l'été, malgré l'opposition des commerçants.",
        "Un ancien directeur d'agence immobilière a été condamné jeudi à 3 ans de prison, dont un avec sursis, "
        "pour avoir détourné plus de 800 000 euros versés par ses clients.",
        "Des orages d'une rare violence ont provoqué d'importantes inondations dans plusieurs villages du sud du "
        "département, où les pompiers ont dû évacuer des dizaines d'habitants pendant la nuit.",
        "Le fabricant de cosmétiques Belvène a annoncé lundi la suppression de 220 postes dans son usine de "
        "Vaudrecourt, invoquant une baisse durable des commandes venues d'Asie.",
        "Les urgences de l'hôpital de Montferrand ferment leurs portes la nuit depuis lundi, faute de médecins en"
        " nombre suffisant, une situation que les syndicats jugent dangereuse pour les patients.",
        "La nageuse Clémence Roulier a battu samedi le record de France du 200 mètres papillon lors des "
        "championnats nationaux, devenant à seulement 19 ans l'une des favorites de sa discipline.",
        "Un manuscrit inédit d'un poète du dix-neuvième siècle a été découvert par hasard dans le grenier d'une "
        "maison de famille, a annoncé la bibliothèque municipale qui vient de l'acquérir.",
        "La ligne de tramway reliant le centre-ville à l'aéroport sera fermée du 7 au 21 juillet pour des travaux"
        " de modernisation, a indiqué vendredi la société de transports de l'agglomération.",
    ],
    "es": [
        "Un incendio forestal declarado en la sierra de Valdemora obligó anoche a desalojar a los vecinos de dos "
        "urbanizaciones, mientras los bomberos luchaban contra las llamas avivadas por el viento.",
        "La cadena de supermercados Almacenes Ribera abrirá 35 nuevas tiendas en el norte del país durante el "
        "próximo año, lo que supondrá la creación de unos 900 empleos, según anunció la empresa.",
        "Un tribunal provincial ha anulado la condena de un exalcalde acusado de adjudicar contratos públicos a "
        "empresas de su cuñado, al considerar que las escuchas telefónicas se obtuvieron de forma ilegal.",
        "El hospital comarcal de Villanueva del Pinar ha reducido su lista de espera quirúrgica en un 40 % en "
        "medio año gracias a la apertura de quirófanos por las tardes, informó el servicio de salud.",
        "El Deportivo Castellar consiguió el ascenso a Segunda División tras empatar el domingo en un estadio "
        "abarrotado, poniendo fin a más de dos décadas de espera para su afición.",
        "Más de 12.000 estudiantes se presentarán este martes a las pruebas de acceso a la universidad en la "
        "región, que este año estrenan un nuevo formato con más preguntas de razonamiento.",
        "Un equipo de biólogos de la Universidad de Montalbo ha descubierto una nueva especie de rana en un "
        "bosque nuboso, un hallazgo que consideran clave para proteger ese ecosistema amenazado.",
        "El metro de Puerto Alcira amplió el viernes su horario hasta las 2 de la madrugada los fines de semana, "
        "una medida reclamada durante años por vecinos y trabajadores del ocio nocturno.",
    ],
    "id": [
        "Hujan deras yang mengguyur sejak Minggu malam menyebabkan banjir di sejumlah permukiman di pinggiran "
        "Kota Sukamaju, memaksa ratusan warga mengungsi ke balai desa dan masjid terdekat.",
        "Perusahaan rintisan logistik Kirimcepat memutuskan untuk memangkas sekitar 150 karyawan pada bulan ini, "
        "dengan alasan perlambatan pertumbuhan dan sulitnya memperoleh pendanaan baru.",
        "Polisi menangkap dua pria yang diduga mencuri kabel listrik di sepanjang jalur kereta api, aksi yang "
        "dalam beberapa pekan terakhir kerap mengganggu perjalanan kereta komuter.",
        "Pemerintah kabupaten berencana membangun 12 sekolah dasar baru hingga akhir 2026 untuk mengatasi "
        "kekurangan ruang kelas di wilayah pegunungan, kata kepala dinas pendidikan setempat pada Senin.",
        "Dinas kesehatan mengimbau warga untuk membersihkan genangan air di sekitar rumah setelah kasus demam "
        "berdarah meningkat tajam di beberapa kecamatan sejak awal musim hujan.",
        "Klub Persisuka Sukamaju memastikan tiket promosi ke Liga 1 setelah menang 2-0 atas tim tamu pada laga "
        "terakhir musim ini di hadapan ribuan pendukungnya.",
        "Sebuah desa nelayan di pesisir utara kini menikmati listrik sepanjang hari berkat pembangkit tenaga "
        "surya yang dibangun secara gotong royong oleh warga bersama mahasiswa setempat.",
        "Tarif ojek daring di Kota Tanjung Sari akan naik sekitar 10 persen mulai 1 Agustus, menyusul keputusan "
        "pemerintah daerah untuk menyesuaikan biaya operasional pengemudi.",
    ],
    "ja": [
        "強い寒気の影響で、日本海側の広い範囲で週末にかけて大雪となる恐れがあり、気象台は交通機関の乱れや路面の凍結に警戒するよう呼びかけている。",
        "菓子メーカーの桜月製菓は、原材料価格の高騰を受けて、主力商品を含む約30品目を4月から平均8%値上げすると発表した。",
        "警察は、高齢者を狙った電話詐欺で現金をだまし取ったとして、青葉市に住む会社員の男を逮捕した。男は容疑を一部否認しているという。",
        "緑ヶ丘市教育委員会は、市内の公立小中学校全28校で、来年度から給食費を無償化する方針を明らかにした。",
        "北嶺大学の研究チームは、海藻から抽出した成分を使って、従来より自然界で分解しやすい新しいプラスチック素材を開発したと発表した。",
        "高校野球の県大会決勝が24日に行われ、初出場の港西高校が延長戦の末に強豪校を破り、悲願の甲子園出場を決めた。",
        "杉沢町の山間部にある診療所で唯一の医師が退職することになり、住民の間で不安が広がっている。町は後任の確保を急いでいるが、見通しは立っていない。",
        "北浜鉄道は、線路の改修工事のため、3月10日から2週間にわたり一部区間で夜間の列車を運休すると発表した。",
    ],
    "zh": [
        "受持续干旱影响，清河水库的蓄水量已降至近年来最低水平，当地水务部门呼吁居民节约用水，并暂停部分公共绿地的灌溉。",
        "新能源车企远航汽车公布，今年前三个季度累计交付新车超过12万辆，同比增长约35%，海外市场的贡献明显上升。",
        "一名前街道办事处工作人员因利用职务便利侵吞拆迁补偿款，日前被法院以贪污罪判处有期徒刑，并处罚金。",
        "明川市教育局宣布，从今年9月起，全市公办小学将把课后托管服务延长至晚上6点，以缓解双职工家庭的接送压力。",
        "南岭大学的科研团队培育出一种耐盐碱的新型水稻品种，在沿海滩涂试种中表现良好，有望为改良盐碱地提供新思路。",
        "在周日举行的城市马拉松比赛中，本地业余跑者林晓东以2小时19分的成绩夺得男子组冠军，令不少专业选手感到意外。",
        "警方近日破获一起利用虚假购物网站实施诈骗的案件，抓获多名犯罪嫌疑人，涉案网站曾以超低价格吸引大量消费者下单。",
        "青石市地铁第三条线路将于12月28日开通试运营，全长约26公里，设站18座，连接老城区与新建的高铁站。",
    ],
}
# A second set like FRESH_LEDES (other subjects, places and styles: features, quotes, questions), written for this
# file to check a rule chosen on FRESH_LEDES: the probe's set with --held-out-ledes. Keep it out of any tuning.
HELD_OUT_LEDES: dict[str, list[str]] = {
    "en": [
        "Councillors in Pellham Green have approved a plan to light the town's canal towpath at night, after a "
        "petition signed by hundreds of residents who said they felt unsafe walking home after dark.",
        "A former care-home manager in Ashcombe was sentenced on Friday to 7 years in prison for forging the "
        "signatures of 43 residents in order to drain their savings accounts, prosecutors said.",
        "Quillon Semiconductors said on Wednesday it would spend $1.8 billion on a chip-testing plant outside "
        "Dallas, creating about 1,100 jobs over the next four years.",
        "The Harrowgate Falcons clinched the first basketball championship in the club's history on Sunday night, "
        "overturning a double-digit deficit in the final quarter to stun the Lakeport Mariners.",
        "A fossilised turtle shell uncovered by a road crew near Brindle Hollow is roughly 68 million years old "
        "and belongs to a species never described before, palaeontologists reported.",
        "Pharmacists across the country have been told to ration a widely used asthma inhaler for the rest of the "
        "winter, after its only supplier warned of a fault at its main factory.",
        "An earthquake of magnitude 5.6 shook the mountain district of Orrin Vale early on Thursday, cracking "
        "walls, damaging a school and sending frightened residents into the streets before dawn.",
        "Margot Sheridan-Kaye, the soprano whose recordings of forgotten Baroque operas brought a generation of "
        "listeners to early music, has died at her home by the sea. She was ninety-one.",
        "When Tobias Wren inherited his grandfather's failing hardware store, the shelves were half-empty and the "
        "till rang perhaps a dozen times a day. Five years later, its repair workshop has a waiting list.",
        "\"We were told it would take two weeks,\" said Delia Ortiz, standing beside the scaffolding that has "
        "wrapped her apartment block for fourteen months. Tenants of Calloway Court say repairs have stalled.",
        "What happens to a village when its last shop closes? In Upper Thornby, residents decided not to find "
        "out, pooling their savings to buy the general store and run it as a cooperative.",
        "Detectives investigating a string of catalytic-converter thefts in Redmarsh have arrested 3 men and "
        "recovered 57 stolen parts from a lock-up garage on the edge of an industrial estate.",
        "Bond yields climbed sharply on Monday as investors bet that the central bank would keep interest rates "
        "higher for longer, dragging down shares in housebuilders and property lenders.",
        "Stanwick County commissioners approved a $26 million budget on Tuesday night that raises the property "
        "tax rate for the first time in 11 years to pay for a new emergency dispatch centre.",
        "A stage adaptation of the cult novel Meridian of Moths will open at the Roxmoor Playhouse in the autumn, "
        "with a cast of 22 and a score by the folk duo Thistle & Pine.",
        "Engineers at Tidefold, a small start-up in Ossington, say they have built a wave-powered buoy that can "
        "recharge ocean sensors indefinitely, a claim independent researchers are now testing at sea.",
        "Teenage sprinter Kofi Ampadu-Leigh ran 10.02 seconds in the 100 metres at the national schools meet on "
        "Saturday, breaking a junior record that had stood for nearly two decades.",
        "At half past five every morning, the first trawlers return to Sennock harbour, where 62-year-old "
        "auctioneer Bill Tregarth sells their catch in a fish market that has opened daily since 1894.",
        "\"It felt like the whole cabin was breathing,\" said one passenger after a ferry crossing from Holm "
        "Island turned into a four-hour ordeal in heavy swell, with dozens of travellers treated for seasickness.",
        "A trial involving 2,400 adults found that a ten-minute walk after meals lowered blood sugar spikes by "
        "roughly a fifth, researchers at Brackenfield Medical School reported on Monday.",
        "Firefighters battled through the night to contain a blaze at a recycling plant on the outskirts of "
        "Hessington, where thick black smoke forced the closure of a motorway and nearby schools.",
        "Budget airline SkyMinnow will cut 14 routes from its winter timetable and ground 6 of its oldest "
        "aircraft, the company said on Thursday, as it struggles with soaring maintenance costs.",
        "Can a town of 8,000 people support three independent bookshops? In Lyle's Crossing, the answer appears "
        "to be yes, as a third store opened on Saturday to a queue around the block.",
        "A judge has blocked a plan by Greystone Water to cut off supplies to households behind on their bills "
        "during the summer months, ruling that the utility had failed to consult its regulator.",
    ],
    "de": [
        "Die Bildhauerin Hedwig Sonnleitner, deren Skulpturen aus Treibholz in vielen Rathäusern des Nordens "
        "stehen, ist im Alter von achtundachtzig Jahren in ihrem Atelier in Wernsdorf gestorben.",
        "Die Brauerei Falkenquell hat im vergangenen Geschäftsjahr 14 Prozent weniger Bier verkauft und will "
        "deshalb erstmals alkoholfreie Limonaden unter eigener Marke auf den Markt bringen.",
        "Als Jonas Feldkamp die verlassene Dorfschmiede in Altenreuth übernahm, hielten ihn die Nachbarn für "
        "verrückt. Heute warten Kunden aus dem ganzen Land monatelang auf seine handgeschmiedeten Messer.",
        "Das Amtsgericht Kesselbrunn hat einen 34-jährigen Mann zu einer Bewährungsstrafe verurteilt, der mit "
        "einer Drohne Handys und Tabak über die Mauer der örtlichen Justizvollzugsanstalt fliegen wollte.",
        "Wie viel Platz braucht eine Stadt für Kleingärten? Darüber streiten in Hainfeld seit Wochen "
        "Stadtverwaltung und Gartenfreunde, nachdem eine ganze Kolonie einem Neubaugebiet weichen soll.",
        "Die Handballerinnen des TSV Brückenau haben am Sonntag das Pokalfinale mit 29:27 gegen den "
        "Titelverteidiger gewonnen und damit den größten Erfolg der Vereinsgeschichte gefeiert.",
        "„Ohne die Ehrenamtlichen wäre hier längst Schluss“, sagt Greta Hollmann, die das kleine Heimatmuseum in "
        "Borkenhagen leitet. Nun droht dem Haus wegen fehlender Mittel für den Brandschutz die Schließung.",
        "Ein Forschungsteam der Hochschule Tannried hat einen Sensor entwickelt, der Lawinengefahr bis zu 36 "
        "Stunden im Voraus erkennen soll; erste Tests an 5 Hängen in den Alpen verliefen vielversprechend.",
    ],
    "fr": [
        "Les élus de Montcalvel ont voté à l'unanimité la gratuité des cantines scolaires pour les familles les "
        "plus modestes, une mesure financée par la vente d'un ancien terrain communal.",
        "Le groupe laitier Fromageries Durandal a racheté son principal concurrent pour 145 millions d'euros, "
        "une opération qui en fait le troisième producteur de fromages à pâte molle du pays.",
        "Chaque mardi, Odile Ferrand gare son bibliobus sur la place de Ternac, où plus aucune librairie n'a "
        "ouvert depuis longtemps. Cette ancienne institutrice est devenue un lien précieux pour les habitants isolés.",
        "Deux hommes de 24 et 31 ans ont été interpellés mercredi après le vol de plusieurs ruches dans la vallée "
        "de l'Orbelle, où une trentaine d'apiculteurs ont porté plainte depuis le printemps.",
        "Faut-il interdire les trottinettes en libre-service ? À Valgrenne, la mairie a choisi d'organiser un "
        "référendum local, après une série d'accidents impliquant des piétons dans le centre historique.",
        "Le Stade Olonnais s'est qualifié dimanche pour la finale de la coupe régionale de rugby en s'imposant "
        "23 à 17 face à Brévilliers, au terme d'une rencontre disputée sous une pluie battante.",
        "« Il dessinait comme d'autres respirent », a confié son éditeur : Armand Quivel, le créateur des "
        "aventures du capitaine Brume en bande dessinée, est mort dimanche à l'âge de quatre-vingt-quatre ans.",
        "Les températures pourraient dépasser 38 degrés ce week-end dans une grande partie du Sud-Ouest, a "
        "averti le service météorologique, qui a placé 12 départements en vigilance orange canicule.",
    ],
    "es": [
        "Cuando Remedios Alcántara heredó el viejo cine de su pueblo, nadie daba un duro por él. Hoy la sala de "
        "Villaseca del Monte llena sus butacas cada fin de semana con películas clásicas y palomitas caseras.",
        "La conservera Hermanos Olabarri exportará este año 18 millones de latas de bonito a Japón, un 30 % más "
        "que el anterior, tras cerrar un acuerdo con una gran cadena de distribución asiática.",
        "La Guardia Civil ha desarticulado una banda que robaba aceite de oliva en almazaras de la comarca de "
        "Sierra Baja y lo revendía como producto ecológico en mercados de varias provincias.",
        "Una granizada de apenas 20 minutos arrasó el martes cerca del 60 % de los viñedos de Peñaluenga, donde "
        "los agricultores calculan pérdidas millonarias a pocas semanas de la vendimia.",
        "¿Puede un pueblo sin médico atraer a familias jóvenes? El ayuntamiento de Torrecilla de Abajo cree que "
        "sí y ofrecerá vivienda gratuita durante un año a quien abra allí una consulta.",
        "La ciclista Nerea Urquiola ganó el sábado la quinta etapa de la Vuelta a Valdoria con un ataque en "
        "solitario a 12 kilómetros de meta y se enfundó el maillot de líder.",
        "«Es como encontrar una carta de nuestros abuelos», dijo la arqueóloga Lucía Benavent al presentar los "
        "restos de un barco mercante hundido hace siglos frente a la costa de Calablanca.",
        "Un ensayo clínico con 1.200 pacientes del Hospital Universitario de Robledal ha demostrado que una "
        "aplicación de seguimiento reduce a la mitad los reingresos por insuficiencia cardíaca.",
    ],
    "id": [
        "Ketika Sri Wahyuningsih membuka warung kopi kecil di ujung gang rumahnya, ia tak menyangka tempat itu "
        "akan menjadi ruang belajar bagi anak-anak kampung yang tidak punya akses internet di rumah.",
        "Produsen kopi kemasan PT Lembah Arumsari menargetkan ekspor ke 9 negara baru tahun ini setelah "
        "permintaan dari Timur Tengah naik hampir 40 persen, kata direktur pemasarannya pada Kamis.",
        "Pengadilan negeri menjatuhkan hukuman penjara kepada seorang mantan kepala desa di Kabupaten Rimbaraya "
        "karena terbukti menyelewengkan dana bantuan yang seharusnya digunakan untuk memperbaiki jalan desa.",
        "Status Gunung Sirangga dinaikkan menjadi Siaga setelah tercatat 47 kali gempa vulkanik dalam sehari, "
        "dan warga yang tinggal dalam radius 5 kilometer dari puncak diminta segera mengungsi.",
        "Bisakah sampah plastik diubah menjadi bahan bangunan? Sekelompok pemuda di Desa Karangwangi "
        "membuktikannya dengan memproduksi paving blok dari kantong plastik bekas yang dikumpulkan dari warga.",
        "Pebulu tangkis muda Rizky Anandita menjuarai turnamen nasional junior setelah menaklukkan unggulan "
        "pertama lewat pertarungan tiga gim yang ditutup dengan skor 21-19.",
        "\"Kami hanya ingin jalan ini bisa dilewati ambulans,\" kata Darsono, warga Dusun Ciwaru, yang bersama "
        "tetangganya memperbaiki jalan rusak secara swadaya setelah bertahun-tahun menunggu bantuan pemerintah.",
        "Dinas perhubungan Kota Batu Kencana akan memasang 120 kamera tilang elektronik di persimpangan utama "
        "mulai bulan depan untuk menekan angka kecelakaan yang naik tajam sepanjang tahun lalu.",
    ],
    "ja": [
        "祖父から古い銭湯を受け継いだ浅野美咲さんは、廃業寸前だった店に音楽イベントを取り入れた。"
        "今では週末になると、町の外からも若い客が訪れるようになった。",
        "家電量販の光洋電機は、地方の不採算店舗など全国で15店を今年度中に閉鎖すると発表した。"
        "ネット通販への移行が進み、店舗の売り上げが落ち込んでいるという。",
        "工場の排水で川の魚が大量に死んだとして漁協が化学メーカーに損害賠償を求めた訴訟で、"
        "地裁は会社側に賠償を命じる判決を言い渡した。",
        "梅ノ木町で大雨による土砂崩れが発生し、住宅3棟が巻き込まれた。警察と消防によると、"
        "住民1人と連絡が取れておらず、夜を徹して捜索が続いている。",
        "なぜ小さな港町に若い移住者が集まるのか。人口減少が続く汐見町では、空き家を改装した仕事場を"
        "格安で貸し出す取り組みが、思わぬ反響を呼んでいる。",
        "女子サッカーの白鷺FCは日曜、リーグ最終節で強豪に2-1で競り勝ち、創設6年目で初めての"
        "リーグ優勝を果たした。",
        "「絵本は子どもと大人の共通語」と語り続けた絵本作家の森川千鶴さんが亡くなった。九十二歳だった。"
        "代表作『こぐまのトロッコ』は今も読み継がれている。",
        "西峰医科大学などの研究グループは、いびきの音をスマートフォンで解析し、睡眠時無呼吸症候群を"
        "約9割の精度で見分けるアプリを開発したと発表した。",
    ],
    "zh": [
        "每天清晨五点，周桂兰都会推着小车来到桥头，为赶早班的工人煮上一锅热腾腾的豆浆。"
        "这个只有两张桌子的小摊，已经在老街上守了二十多年。",
        "家电企业华瑞电器发布公告称，公司将投资约15亿元在西部新建一座智能洗衣机工厂，"
        "预计投产后年产能可达300万台。",
        "一名网络主播因在直播中虚假宣传保健品功效、误导老年消费者，被当地法院判决退还全部货款，"
        "并在平台上公开道歉。",
        "受今年第6号台风影响，沿海的白沙县出现强降雨，部分低洼路段积水超过1米，"
        "当地已转移安置群众数千人，全县学校停课。",
        "一座小县城，为什么能吸引成批的年轻人回乡创业？在云溪县，废弃的粮站被改造成了共享工作室，"
        "电商、设计和短视频团队纷纷入驻。",
        "在昨晚结束的全国女排联赛半决赛中，临江队以3比1逆转卫冕冠军，时隔八年再次闯入总决赛。",
        "“这是我们第一次在这片海域听到它们的歌声。”海澄海洋研究所的研究员说，"
        "科研团队近日在近海首次录到了座头鲸的鸣唱。",
        "溪东市政府宣布，将在今年内利用闲置边角地新建120座口袋公园，"
        "让市民步行10分钟即可到达一处绿地。",
    ],
}
LEDE_CLASSES = ["more-stories", "teaser-list", "story-card", "c-9fk2", "", "latest-news", "module module--feed"]


# ---- the article pool ------------------------------------------------------------------------------------------

def load_page_bodies(pages: Path, chrome: dict[str, list[dict]] | None = None) -> list[dict]:
    """The page directory's article bodies as core articles, less the paragraphs ``chrome`` marks (see CHROME)."""
    truth = json.loads((pages / "ground-truth.json").read_text(encoding="utf-8"))
    bodies = []
    for key in sorted(truth):
        paragraphs = [normalize_space(p) for p in re.split(r"\n\s*\n", truth[key]["articleBody"]) if p.strip()]
        if chrome:
            paragraphs = without_chrome(key, paragraphs, chrome.get(key, []))
        short = sum(1 for p in paragraphs if len(p.split()) < 8)
        if len(paragraphs) < 3 or short > 0.5 * len(paragraphs):
            continue
        title = None
        page = pages / "html" / f"{key}.html.gz"
        if page.is_file():
            head = gzip.decompress(page.read_bytes())[:200_000].decode("utf-8", errors="replace")
            match = re.search(r"<title[^>]*>(.{1,300}?)</title>", head, re.I | re.S)
            title = normalize_space(html.unescape(re.sub(r"<[^>]+>", "", match.group(1)))) if match else None
        site = urlparse(truth[key].get("url", "")).netloc.removeprefix("www.") or key
        bodies.append({"id": f"aeb-{key}", "source": "aeb", "site": site, "title": title or None,
                       "paragraphs": paragraphs, "lang": None, "group": None})
    return bodies


def load_chrome(path: Path) -> dict[str, list[dict]]:
    return json.loads(path.read_text(encoding="utf-8"))["pages"]


def without_chrome(key: str, paragraphs: list[str], marked: list[dict]) -> list[str]:
    """The paragraphs less those marked as chrome; a mark whose sha1 no longer matches its paragraph (another copy
    of the dataset) is ignored with a warning, so the body is used as it is rather than cut wrongly."""
    dropped = set()
    for mark in marked:
        index = mark["index"]
        if index < len(paragraphs) and hashlib.sha1(paragraphs[index].encode("utf-8")).hexdigest()[:12] == mark["sha1"]:
            dropped.add(index)
        else:
            print(f"warning: {CHROME.name}: paragraph {index} of {key} does not match its mark; kept", file=sys.stderr)
    return [paragraph for i, paragraph in enumerate(paragraphs) if i not in dropped]


def stoplist_for(text: str, stoplists: dict[str, frozenset]) -> str:
    words = [w.lower() for w in _WORDS.findall(text)][:600]
    return max(stoplists, key=lambda name: sum(1 for w in words if w in stoplists[name]))


LANG_OF_STOPLIST = {"English": "en", "German": "de", "French": "fr", "Spanish": "es", "Indonesian": "id"}


def assign_folds(pool: list[dict], bodies: list[dict], k: int, seed: int = SEED) -> None:
    """Pool articles by subject group, page bodies by site: greedy into the fold with the fewest articles, the
    groups of equal size in an order drawn from ``seed``."""
    rng = random.Random(seed)
    for items, key in ((pool, "group"), (bodies, "site")):
        groups: dict[str, list[dict]] = defaultdict(list)
        for item in items:
            groups[item[key]].append(item)
        names = sorted(groups)
        rng.shuffle(names)
        names.sort(key=lambda g: -len(groups[g]))
        sizes = [0] * k
        for name in names:
            fold = min(range(k), key=lambda f: (sizes[f], f))
            sizes[fold] += len(groups[name])
            for item in groups[name]:
                item["fold"] = fold


# A training paragraph that opens like one of a fold's articles (its first OPENING_CHARS characters, or all of it from
# OPENING_MIN) is that article's lede, perhaps cut into sentences or mid-sentence: the record is left out.
OPENING_MIN = 20
OPENING_CHARS = 40


def openings(paragraphs: list[str]) -> set[str]:
    """The paragraphs' openings of OPENING_MIN to OPENING_CHARS characters (case and spacing folded)."""
    found = set()
    for paragraph in paragraphs:
        text = _norm(paragraph)
        found.update(text[:size] for size in range(OPENING_MIN, min(OPENING_CHARS, len(text)) + 1))
    return found


def opens_like(text: str, found: set[str]) -> bool:
    """Whether the text opens as one of the paragraphs ``found`` (``openings``) did."""
    text = _norm(text)
    return len(text) >= OPENING_MIN and text[:OPENING_CHARS] in found


# ---- composing one dev document ------------------------------------------------------------------------------

class Dev:
    """One dev document: raw input, the core paragraphs, and the noise paragraphs with their attributes."""

    def __init__(self, core: dict, kind: str, fmt: str) -> None:
        self.core = core
        self.kind = kind
        self.fmt = fmt
        self.raw = ""
        self.core_paragraphs: list[str] = []
        self.noise: list[dict] = []  # {"text", "type": off_topic|chat_ui, ...attributes}
        self.id = f"{core['id']}|{kind}|{fmt}"

    def add_noise(self, text: str, **attributes) -> None:
        text = normalize_space(text)
        if text:
            self.noise.append({"text": text, **attributes})


class DevComposer:
    def __init__(self, pool_noise: dict, stoplists: dict[str, frozenset]) -> None:
        self.pool_noise = pool_noise
        self.stoplists = stoplists
        # Every chat text the training data holds: a "fresh" line equal to one of these is not new to the model.
        seen = {line for c in pool_noise["chat_text"] for line in c["lines"]} | {p["text"] for p in pool_noise["prompts"]}
        for template in pool_noise["chat_html"]:
            seen.update(compose._block_texts(template["html"].replace("{prompt}", "").replace("{answer}", ""), "html"))
        self.seen = {_norm(text) for text in seen}

    # -- pieces --

    def ledes(self, rng: random.Random, core: dict, candidates: list[dict]) -> list[dict]:
        others = [a for a in candidates if a["id"] != core["id"]]
        same_lang = [a for a in others if a["lang"] == core["lang"]]
        source = same_lang if len(same_lang) >= 3 and rng.random() < 0.85 else others
        same_subject = [a for a in others if core["group"] and a["group"] == core["group"]]
        count = min(rng.choice([1, 1, 2, 2, 3]), len(source))
        chosen: list[dict] = []
        if same_subject and rng.random() < 0.4:
            chosen.append(rng.choice(same_subject))
        while len(chosen) < count:
            candidate = rng.choice(source)
            if candidate not in chosen:
                chosen.append(candidate)
        ledes = []
        for n, other in enumerate(chosen):
            paragraphs = [p for p in other["paragraphs"] if not compose.is_subheading(p)][: rng.choice([1, 1, 2])]
            # Cut into sentences as a wire story is, from a stream of its own (the rest of the dev set stays as it was).
            cuts = random.Random(zlib.crc32(f"{SEED}|sentences|{core['id']}|{other['id']}".encode()))
            in_sentences = cuts.random() < compose.LEDE_SENTENCES
            if in_sentences:
                paragraphs = compose.sentence_paragraphs(paragraphs, cuts)[:len(paragraphs)]
            cut = rng.random() < 0.45
            if cut:
                paragraphs[-1] = compose.cut_off(paragraphs[-1], rng.uniform(0.4, 0.9)) + (
                    "…" if rng.random() < 0.25 else "")
            dateline = False
            if not _HAS_DATELINE.match(paragraphs[0]) and rng.random() < 0.4:
                lang = other["lang"] if other["lang"] in DATELINES else "en"
                paragraphs[0] = f"{rng.choice(DATELINES[lang])}{compose.joiner(paragraphs[0])}{paragraphs[0]}"
                dateline = True
            elif _HAS_DATELINE.match(paragraphs[0]):
                dateline = True
            # What each of its paragraphs is recorded with as noise (``Dev.add_noise``), for the breakdowns.
            facts = {"cut": cut, "dateline": dateline, "sentences": in_sentences,
                     "same_subject": bool(core["group"]) and other["group"] == core["group"], "source": other["source"]}
            ledes.append({"title": other["title"], "paragraphs": paragraphs, "facts": facts, "order": n})
        return ledes

    def chat_text(self, rng: random.Random, core: dict, fresh: bool) -> tuple[list[tuple[str, str]], list[tuple[str, str]], str]:
        """(top lines, bottom lines) as (text, position) pairs, and the UI language used."""
        lang = core["lang"] or "en"
        assistant = rng.choice(["chatgpt", "claude", "gemini", "perplexity", "copilot"] + ([] if fresh else ["generic"]))
        if fresh:
            options = [(a, ui, pos, lines) for a, ui, pos, lines in FRESH_CHAT_TEXT if a == assistant]
            roll = rng.random()
            ui = lang if roll < 0.4 else "en" if roll < 0.75 else rng.choice(FRESH_UI_LANGS)
            prompts = FRESH_PROMPTS.get(lang if rng.random() < 0.8 else "en", FRESH_PROMPTS["en"])
        else:
            options = [(c["assistant"], c["ui_lang"], c["position"].replace("_answer", ""), c["lines"])
                       for c in self.pool_noise["chat_text"] if c["assistant"] == assistant]
            ui = lang if rng.random() < 0.5 else "en"
            prompts = [p["text"] for p in self.pool_noise["prompts"] if p["lang"] == lang] or \
                      [p["text"] for p in self.pool_noise["prompts"] if p["lang"] == "en"]

        def lines(position: str) -> list[tuple[str, str]]:
            found = [o for o in options if o[2] == position and o[1] == ui] or \
                    [o for o in options if o[2] == position and o[1] == "en"]
            if not found:
                return []
            picked = rng.sample(found, k=min(len(found), rng.choice([1, 1, 2])))
            return [(line, position) for o in picked for line in o[3]]

        top = ([(rng.choice(prompts), "prompt")] if rng.random() < 0.8 else []) + lines("before")
        if rng.random() < 0.5:
            top = lines("before")[:2] + top
        top += lines("between")
        bottom = lines("after") if rng.random() < 0.9 else []
        if not top and not bottom:
            bottom = lines("after") or lines("between")
        return top, bottom, ui

    # -- formats --

    def text(self, dev: Dev, rng: random.Random, ledes: list[dict] | None, chat: tuple | None) -> None:
        paragraphs = dev.core["paragraphs"]
        blank = rng.random() < 0.5
        body = ("\n\n" if blank else "\n").join(paragraphs)
        parts: list[str] = []
        if chat:
            top, bottom, ui = chat
            for line, position in top:
                dev.add_noise(line, type="chat_ui", position=position, ui=ui, seen=_norm(line) in self.seen)
            if top:
                parts.append(("\n\n" if rng.random() < 0.3 else "\n").join(line for line, _ in top))
        parts.append(body)
        if chat and chat[1]:
            for line, position in chat[1]:
                dev.add_noise(line, type="chat_ui", position=position, ui=chat[2], seen=_norm(line) in self.seen)
            parts.append(("\n\n" if rng.random() < 0.3 else "\n").join(line for line, _ in chat[1]))
        text = (("\n\n" if blank or rng.random() < 0.5 else "\n").join(parts))
        for lede in ledes or []:
            gap = rng.random() < 0.6
            inner = "\n\n" if rng.random() < 0.5 else "\n"
            for k, paragraph in enumerate(lede["paragraphs"]):
                dev.add_noise(paragraph, type="off_topic", lede_order=lede["order"], paragraph=k, **lede["facts"],
                              gap=gap if k == 0 else inner == "\n\n")
            text += ("\n\n" if gap else "\n") + inner.join(lede["paragraphs"])
        dev.raw = text + ("\n" if rng.random() < 0.7 else "")
        dev.core_paragraphs = [normalize_space(p) for p in paragraphs]

    def answer_html(self, dev: Dev, rng: random.Random, data_offsets: bool) -> str:
        parts, offset = [], 0
        for paragraph in dev.core["paragraphs"]:
            text = html.escape(paragraph)
            if compose.is_subheading(paragraph):
                level = rng.choice([2, 3])
                parts.append(f"<h{level}>{text}</h{level}>")
            elif data_offsets:
                parts.append(f'<p data-start="{offset}" data-end="{offset + len(paragraph)}">{text}</p>')
            else:
                parts.append(f"<p>{text}</p>")
            offset += len(paragraph) + 2
        dev.core_paragraphs = [normalize_space(p) for p in dev.core["paragraphs"]]
        return "\n".join(parts)

    def chat_wrapper(self, dev: Dev, rng: random.Random, answer: str, fresh: bool) -> str:
        lang = dev.core["lang"] or "en"
        if fresh:
            name, template = rng.choice(FRESH_CHAT_HTML)
            prompts = FRESH_PROMPTS.get(lang if rng.random() < 0.8 else "en", FRESH_PROMPTS["en"])
            ui = name.split("/")[1]
        else:
            pick = rng.choice(self.pool_noise["chat_html"])
            template = pick["html"]
            prompts = [p["text"] for p in self.pool_noise["prompts"] if p["lang"] == lang] or \
                      [p["text"] for p in self.pool_noise["prompts"] if p["lang"] == "en"]
            ui = "pool"
        prompt = rng.choice(prompts) if rng.random() < 0.75 else ""
        if prompt:
            dev.add_noise(prompt, type="chat_ui", position="prompt", ui=ui, seen=_norm(prompt) in self.seen)
        empty = template.replace("{prompt}", html.escape(prompt)).replace("{answer}", "")
        for text in compose._block_texts(empty, "html"):
            if text != normalize_space(prompt):
                dev.add_noise(text, type="chat_ui", position="wrapper", ui=ui, seen=_norm(text) in self.seen)
        return template.replace("{prompt}", html.escape(prompt)).replace("{answer}", answer)

    def ledes_html(self, dev: Dev, rng: random.Random, ledes: list[dict]) -> str:
        parts = []
        for lede in ledes:
            inner = ""
            if rng.random() < 0.3 and lede["title"]:
                dev.add_noise(lede["title"], type="off_topic", lede_order=lede["order"], paragraph=-1, **lede["facts"],
                              gap=True)
                level = rng.choice([2, 3, 4])
                inner += f"<h{level}>{html.escape(lede['title'])}</h{level}>"
            for k, paragraph in enumerate(lede["paragraphs"]):
                dev.add_noise(paragraph, type="off_topic", lede_order=lede["order"], paragraph=k, **lede["facts"],
                              gap=True)
                inner += f"<p>{html.escape(paragraph)}</p>"
            if rng.random() < 0.5:
                cls = rng.choice(LEDE_CLASSES)
                inner = f'<div class="{cls}">{inner}</div>' if cls else f"<div>{inner}</div>"
            parts.append(inner)
        return "\n".join(parts)

    def fragment(self, dev: Dev, rng: random.Random, ledes: list[dict] | None, chat: str | None) -> str:
        body = self.answer_html(dev, rng, data_offsets=chat == "pool")
        if chat:
            body = self.chat_wrapper(dev, rng, body, fresh=chat == "fresh")
        if ledes:
            body += "\n" + self.ledes_html(dev, rng, ledes)
        return body

    def compose(self, core: dict, kind: str, fmt: str, candidates: list[dict]) -> Dev:
        rng = random.Random(zlib.crc32(f"{SEED}|{core['id']}|{kind}|{fmt}".encode()))
        dev = Dev(core, kind, fmt)
        ledes = self.ledes(rng, core, candidates) if "off_topic" in kind else None
        chat = kind.split(":")[1] if kind.startswith("chat_ui") else None
        if fmt == "text":
            self.text(dev, rng, ledes, self.chat_text(rng, core, chat == "fresh") if chat else None)
        elif fmt == "html":
            body = self.fragment(dev, rng, ledes, chat)
            if rng.random() < 0.5:
                title = f"<title>{html.escape(core['title'])}</title>" if core["title"] else ""
                lang = core["lang"] or "en"
                body = (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{title}</head>'
                        f"<body><main><article>{body}</article></main></body></html>")
            dev.raw = body
        else:
            content = self.fragment(dev, rng, ledes, chat)
            number = rng.randint(100, 99999)
            slug = "-".join(_WORDS.findall((core["title"] or core["id"]).lower())[:8])
            post = {"id": number, "date": "2025-06-14T08:15:00", "slug": slug, "status": "publish", "type": "post",
                    "link": f"https://news.example.net/{slug}/", "title": {"rendered": html.escape(core["title"] or "")},
                    "content": {"rendered": content, "protected": False},
                    "excerpt": {"rendered": f"<p>{html.escape(core['paragraphs'][0][:110])} [&hellip;]</p>"},
                    "author": 3, "categories": [4], "tags": []}
            dev.raw = json.dumps(post, ensure_ascii=False)
        return dev


def with_edge_chrome(control: Dev) -> Dev:
    """A clean control with one line of EDGE_CHROME (in the article's language, else English) at its start or end."""
    rng = random.Random(zlib.crc32(f"{SEED}|edge|{control.id}".encode()))
    position, line = rng.choice(EDGE_CHROME.get(control.core["lang"], EDGE_CHROME["en"]))
    return with_lines(control, "edge_chrome", [line], "boilerplate", position)


def with_fresh_ledes(control: Dev, written: dict[str, list[str]] = FRESH_LEDES) -> Dev:
    """A clean control with one to three of the ``written`` ledes (in the article's language, else English) after its
    end, as many as the dev set's off_topic documents have."""
    rng = random.Random(zlib.crc32(f"{SEED}|fresh ledes|{control.id}".encode()))
    ledes = written.get(control.core["lang"], written["en"])
    return with_lines(control, "fresh_ledes", rng.sample(ledes, rng.choice([1, 1, 2, 2, 3])), "off_topic", "last")


def with_lines(control: Dev, kind: str, lines: list[str], label: str, position: str) -> Dev:
    """A clean control with ``lines`` (noise of ``label``) at its ``position``, "first" or "last": lines of its
    text, or bare paragraphs inside its article element or its WordPress post's content."""
    dev = Dev(control.core, kind, control.fmt)
    dev.core_paragraphs = control.core_paragraphs
    for line in lines:
        dev.add_noise(line, type=label, position=position)
    if control.fmt == "text":
        gap = "\n\n" if "\n\n" in control.raw.strip() else "\n"
        added = gap.join(lines)
        dev.raw = f"{added}{gap}{control.raw}" if position == "first" else f"{control.raw.rstrip()}{gap}{added}\n"
        return dev
    bare = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    if control.fmt == "html":
        raw = control.raw
        if "<article>" in raw:
            at = raw.index("<article>") + len("<article>") if position == "first" else raw.index("</article>")
            dev.raw = raw[:at] + bare + raw[at:]
        else:
            dev.raw = bare + raw if position == "first" else raw + bare
        return dev
    post = json.loads(control.raw)
    content = post["content"]["rendered"]
    post["content"]["rendered"] = bare + content if position == "first" else content + bare
    dev.raw = json.dumps(post, ensure_ascii=False)
    return dev


# ---- running the systems -----------------------------------------------------------------------------------

class Run:
    """One model's outputs on the dev set: texts, paragraph labels, and what a second pass drops."""

    def __init__(self) -> None:
        self.outputs: list[str] = []
        self.labels: list[dict[str, str]] = []      # normalised paragraph text -> label, first pass
        self.stable: list[bool] = []
        self.second_drops: list[list[tuple[str, int]]] = []  # (label, paragraphs from the end) dropped by pass 2
        self.explanations: list[str] = []  # per document, when asked: each pass's paragraphs with their labels


def stale_features(model) -> list[str]:
    """Numeric features the current code produces that the model's vectorizer never saw (a model older than the code)."""
    known = set(model.named_steps["vectorize"].feature_names_)
    text = ("LONDON – A first paragraph that is long enough to count as the lead of this small test document.\n\n"
            "A second paragraph, also long enough, that says something more about the same small test subject.\n\n"
            "Copy\n")
    (document,) = list(read_string(text, "text"))
    values = document_features(segment(document)).values
    produced = {name for name, row in zip(NAMES, values) if any(value == value for value in row.tolist())}
    return sorted(produced - known)


def explain(document: Document, title: str) -> str:
    """One pass over a document, a paragraph a line: kept or not, label, the model's probabilities, text."""
    lines = [f"## {title}: {len(document.paragraphs)} paragraphs (content / boilerplate / chat_ui / off_topic)"]
    for paragraph in document.paragraphs:
        p = paragraph.probabilities
        odds = " ".join(f"{p.get(name, 0.0):.3f}" for name in ("content", "boilerplate", "chat_ui", "off_topic"))
        lines.append(f"{'+' if paragraph.kept else '-'} {str(paragraph.label):<11} {odds}  {paragraph.text[:160]}")
    return "\n".join(lines)


def fold_fingerprint(args: argparse.Namespace) -> str:
    """What the fold models depend on: the fold count and draw, how a lede is recognised (``opens_like``), the
    training examples, the page directory, the chrome marks and filterkit's code but the context pass (classify.py),
    which labels from the models' probabilities."""
    digest = hashlib.sha256(f"{args.folds} {args.fold_seed} {args.truth_as_is} {sklearn.__version__} "
                            f"{OPENING_MIN} {OPENING_CHARS}".encode())
    code = [p for p in sorted((ROOT / "filterkit").glob("*.py")) if p.name != "classify.py"]
    pages = sorted(path for path in args.pages.rglob("*") if path.is_file())
    data = [*sorted((ROOT / "training").rglob("*.json*")), CHROME, *pages]
    for path in [*code, *data]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def load_fold_models(path: Path | None, fingerprint: str) -> dict:
    """The fold models saved in ``path`` by this script, when they were fitted on what ``fingerprint`` names."""
    if path is None or not path.exists():
        return {}
    saved = joblib.load(path)
    if saved.get("fingerprint") != fingerprint:
        print(f"{path}: fitted on other data or code, fitting again", file=sys.stderr)
        return {}
    print(f"{path}: reusing its fold models", file=sys.stderr)
    return saved["models"]


def save_fold_models(path: Path, fingerprint: str, models: dict) -> None:
    """Write the fold models atomically (a temporary file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    joblib.dump({"fingerprint": fingerprint, "models": models}, partial)
    partial.replace(path)


def filterkit_outputs(devs: list[Dev], model, idempotence: bool, run: Run, explaining: bool = False,
                      favor: str = "balanced", stable: bool = False) -> None:
    for start in range(0, len(devs), 64):
        batch = devs[start:start + 64]
        documents = []
        for dev in batch:
            (document,) = [d for d in read_string(dev.raw, dev.fmt, name=dev.id)]
            documents.append(segment(document))
        classify_and_settle(documents, model, favor=favor, stable=stable)
        texts = [render_text(d) for d in documents]
        run.outputs += texts
        explanations = [explain(d, "first pass") for d in documents] if explaining else []
        for document in documents:
            found: dict[str, str] = {}
            for paragraph in document.paragraphs:
                found.setdefault(_norm(paragraph.text), str(paragraph.label))
            run.labels.append(found)
        if idempotence:
            again = [segment(next(iter(read_string(t, "auto", name="again")))) for t in texts]
            again = [d for d in again if isinstance(d, Document)]
            classify(again, model, favor=favor)
            if explaining:
                explanations = [f"{first}\n\n{explain(d, 'second pass')}" for first, d in zip(explanations, again)]
            for document, text in zip(again, texts):
                run.stable.append(render_text(document) == text)
                n = len(document.paragraphs)
                run.second_drops.append([(str(p.label), n - 1 - i) for i, p in enumerate(document.paragraphs)
                                         if not p.kept])
        run.explanations += explanations


def baseline_html(dev: Dev) -> str:
    if dev.fmt == "html":
        return dev.raw
    if dev.fmt == "wordpress-json":
        post = json.loads(dev.raw)
        return f"<html><body>{post['content']['rendered']}</body></html>"
    lines = [f"<p>{html.escape(line.strip())}</p>" for line in dev.raw.splitlines() if line.strip()]
    return "<html><body>\n" + "\n".join(lines) + "\n</body></html>"


def run_trafilatura(devs: list[Dev]) -> list[str]:
    import trafilatura
    return [trafilatura.extract(baseline_html(dev), include_comments=False) or "" for dev in devs]


def run_justext(devs: list[Dev], stoplists: dict[str, frozenset]) -> list[str]:
    import justext
    outputs = []
    for dev in devs:
        try:
            paragraphs = justext.justext(baseline_html(dev), stoplists[dev.core["stoplist"]])
            outputs.append("\n".join(p.text for p in paragraphs if not p.is_boilerplate))
        except Exception:  # noqa: BLE001 - jusText raises on some empty documents
            outputs.append("")
    return outputs


# ---- scoring ----------------------------------------------------------------------------------------------

def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


class Output:
    def __init__(self, text: str) -> None:
        self.lines = [_norm(line) for line in text.splitlines() if line.strip()]
        self.line_counts = Counter(self.lines)
        self.flat = " ".join(self.lines)
        self.shingles = shingles(text)

    def present(self, paragraph: str, core_flat: str | None = None) -> bool:
        if len(_WORDS.findall(paragraph)) >= 8:
            own = shingles(paragraph)
            return sum((own & self.shingles).values()) >= 0.5 * sum(own.values())
        text = _norm(paragraph)
        if self.line_counts.get(text):
            return True
        if core_flat is not None and text in core_flat:
            return False  # cannot tell noise from the core's own words: only a whole line counts
        return text in self.flat


def score(dev: Dev, output: str) -> dict:
    out = Output(output)
    core_text = "\n\n".join(dev.core_paragraphs)
    core_flat = _norm(core_text)
    _, _, f1 = shingle_scores(output, core_text)
    lost = [not out.present(p) for p in dev.core_paragraphs]
    kept = [out.present(n["text"], core_flat) for n in dev.noise]
    changed = [_norm(line) for line in output.split("\n") if line.strip()] != [_norm(p) for p in dev.core_paragraphs]
    return {"f1": f1, "lost": lost, "kept": kept, "changed": changed}


def aggregate(rows: list[dict]) -> dict:
    """The figures over these documents' scores; ``whole`` is the share of documents cleaned exactly as a reader
    wants them, no injected noise kept and no core paragraph lost (the paragraph shares hide that a kept lede
    spoils its whole document)."""
    noise = sum(len(r["kept"]) for r in rows)
    core = sum(len(r["lost"]) for r in rows)
    return {"docs": len(rows), "f1": round(sum(r["f1"] for r in rows) / max(1, len(rows)), 4),
            "noise_paragraphs": noise, "noise_kept": round(sum(sum(r["kept"]) for r in rows) / noise, 4) if noise else None,
            "core_paragraphs": core, "core_lost": round(sum(sum(r["lost"]) for r in rows) / core, 4) if core else None,
            "changed": round(sum(r["changed"] for r in rows) / len(rows), 4) if rows else None,
            "whole": round(sum(not any(r["kept"]) and not any(r["lost"]) for r in rows) / len(rows), 4) if rows else None}


def core_bootstrap(devs: list[Dev], rows: list[dict], draws: int = 2000, seed: int = 0) -> dict[str, dict[str, float]]:
    """95% intervals of noise kept, core lost (noisy documents) and controls changed over resampled core articles.

    Whole core articles are drawn with replacement, each with every document composed around it, so the
    intervals say how much the figures depend on which articles are in the dev set (not on the training data).
    """
    # core id -> [noise paragraphs, noise kept, core paragraphs, core lost, controls, controls changed]
    totals: dict[str, list[int]] = {}
    for dev, row in zip(devs, rows):
        t = totals.setdefault(dev.core["id"], [0, 0, 0, 0, 0, 0])
        if dev.kind == "clean":
            t[4] += 1
            t[5] += bool(row["changed"])
        else:
            t[0] += len(row["kept"])
            t[1] += sum(row["kept"])
            t[2] += len(row["lost"])
            t[3] += sum(row["lost"])
    cores = list(totals.values())
    rng = random.Random(seed)
    samples: dict[str, list[float]] = {"noise_kept": [], "core_lost": [], "changed": []}
    for _ in range(draws):
        drawn = [sum(column) for column in zip(*rng.choices(cores, k=len(cores)))]
        for name, (hits, n) in (("noise_kept", (drawn[1], drawn[0])), ("core_lost", (drawn[3], drawn[2])),
                                ("changed", (drawn[5], drawn[4]))):
            samples[name].append(hits / n if n else 0.0)
    result = {}
    for name, values in samples.items():
        ordered = sorted(values)
        result[name] = {"low": round(ordered[int(0.025 * draws)], 4), "high": round(ordered[int(0.975 * draws) - 1], 4)}
    return result


# ---- main -------------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", required=True, type=Path, help="page directory with ground-truth.json and html/")
    parser.add_argument("--json", type=Path, help="write every number here")
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--fold-seed", type=int, default=SEED,
                        help="another draw of which articles and sites go in which fold (default: %(default)s): how "
                        "much the figures owe to the draw")
    parser.add_argument("--max-cores", type=int, default=0, help="use only this many core articles per fold (smoke test)")
    parser.add_argument("--reference-model", type=Path, help="model for the reference column (default: the shipped one)")
    parser.add_argument("--explain", type=Path, help="write here, per filterkit failure (control changed, core lost, "
                        "noise kept, second pass differs), both passes' labels and probabilities")
    parser.add_argument("--truth-as-is", action="store_true",
                        help=f"keep every paragraph of the page bodies, even those {CHROME.name} marks as chrome")
    parser.add_argument("--fold-models", type=Path,
                        help="keep the fitted fold models in this file (one this script wrote) and reuse them while "
                        "the training data, the pages and filterkit's code but the context pass are unchanged: a "
                        "change to classify.py alone is measured without refitting")
    parser.add_argument("--held-out-ledes", action="store_true",
                        help="append HELD_OUT_LEDES, not FRESH_LEDES, in the fresh ledes' probe: the second set, for "
                        "checking a rule chosen on the first")
    parser.add_argument("--quick", action="store_true",
                        help="the fold models alone, one pass and the second (no shipped model, --favor, --stable or "
                        "peers): noise kept, core lost, the changed controls, the edge chrome kept; with "
                        "--fold-models, under two minutes for trying a change to the context pass")
    args = parser.parse_args()
    started = time.time()
    import justext

    stoplists = {name: frozenset(justext.get_stoplist(name)) for name in sorted(justext.get_stoplists())}
    pool, pool_noise = compose.load_pool()
    pool = [{**a, "source": "pool"} for a in pool]
    bodies = load_page_bodies(args.pages, None if args.truth_as_is else load_chrome(CHROME))
    for article in pool + bodies:
        article["stoplist"] = stoplist_for(" ".join(article["paragraphs"]), stoplists)
        if article["lang"] is None:
            article["lang"] = LANG_OF_STOPLIST.get(article["stoplist"], article["stoplist"].lower()[:2])
    assign_folds(pool, bodies, args.folds, args.fold_seed)
    examples = list(load_examples([ROOT / "training" / "examples"]))
    pages = list(load_examples([args.pages]))  # grouped by site, as the bodies' folds are
    composer = DevComposer(pool_noise, stoplists)

    devs: list[Dev] = []
    fold_of: list[int] = []
    training_report = []
    outputs: dict[str, list[str]] = {system: [] for system in SYSTEMS}
    fold_run, shipped_run = Run(), Run()
    favor_runs = {favor: Run() for favor in FAVORS}  # the fold models cleaning with --favor (one pass)
    stable_run = Run()  # ... and with --stable (then twice, to count what a second pass still changes)
    edge_devs: list[Dev] = []  # the controls with a line of chrome at an edge, and the fold models' outputs
    edge_run = Run()
    lede_devs: list[Dev] = []  # ... with fresh ledes after them
    lede_run = Run()
    lede_set_name = "HELD_OUT_LEDES" if args.held_out_ledes else "FRESH_LEDES"
    lede_set = HELD_OUT_LEDES if args.held_out_ledes else FRESH_LEDES
    shipped, card, stale = None, {}, []  # --quick runs the fold models alone
    if not args.quick:
        shipped, card = load(args.reference_model)
        stale = stale_features(shipped)
    if stale:
        print(f"warning: the shipped model ({card['sha256'][:12]}, {card.get('created')}) does not know features the "
              f"current filterkit/features.py produces ({', '.join(stale[:5])}, ...): its column is not meaningful",
              file=sys.stderr)
    fingerprint = fold_fingerprint(args) if args.fold_models else ""
    kept_models = load_fold_models(args.fold_models, fingerprint)
    fitted_models = {}
    for fold in range(args.folds):
        fold_pool = [a for a in pool if a["fold"] == fold]
        fold_bodies = [b for b in bodies if b["fold"] == fold]
        cores = fold_pool + fold_bodies
        if args.max_cores:
            cores = fold_pool[: args.max_cores // 2] + fold_bodies[: args.max_cores - args.max_cores // 2]
        candidates = fold_pool + fold_bodies
        fold_devs = [composer.compose(core, kind, fmt, candidates) for core in cores for kind in KINDS for fmt in FORMATS]
        fold_edges = [with_edge_chrome(dev) for dev in fold_devs if dev.kind == "clean"]
        fold_ledes = [with_fresh_ledes(dev, lede_set) for dev in fold_devs if dev.kind == "clean"]

        ids = {a["id"] for a in fold_pool}
        fold_openings = openings([p for a in fold_pool for p in a["paragraphs"]])
        kept_examples = [e for e in examples if e.group not in ids
                         and not any(opens_like(p.text, fold_openings) for p in e.document.paragraphs)]
        fold_sites = {b["site"] for b in fold_bodies}
        kept_pages = [e for e in pages if e.group not in fold_sites]
        X, y, _ = flatten(kept_examples + kept_pages)
        t0 = time.time()
        if fold in kept_models:
            model = kept_models[fold]
        else:
            # One OpenMP thread: on a shared 2-core machine, HistGradientBoosting's spinning threads made a fit 10x
            # slower.
            with threadpool_limits(limits=1, user_api="openmp"):
                model, _ = fit(X, y)
        fitted_models[fold] = model
        training_report.append({"fold": fold, "pool_cores": len(fold_pool), "page_cores": len(fold_bodies),
                                "training_documents": len(kept_examples), "training_pages": len(kept_pages),
                                "dropped_core_in_fold": sum(1 for e in examples if e.group in ids),
                                "dropped_lede_leak": len(examples) - len(kept_examples)
                                - sum(1 for e in examples if e.group in ids),
                                "training_paragraphs": len(X), "fit_seconds": round(time.time() - t0, 1),
                                "reused": fold in kept_models,
                                "dev_documents": len(fold_devs)})
        print(f"fold {fold}: {len(kept_examples)} training documents and {len(kept_pages)} pages ({len(X)} paragraphs), fit "
              f"{time.time() - t0:.0f}s; {len(fold_devs)} dev documents from {len(cores)} cores", file=sys.stderr)
        t0 = time.time()
        with threadpool_limits(limits=1, user_api="openmp"):
            filterkit_outputs(fold_devs, model, True, fold_run, explaining=args.explain is not None)
            filterkit_outputs(fold_edges, model, False, edge_run)
            filterkit_outputs(fold_ledes, model, False, lede_run)
            t1 = time.time()
            if not args.quick:
                filterkit_outputs(fold_devs, shipped, False, shipped_run)
                for favor, favor_run in favor_runs.items():
                    filterkit_outputs(fold_devs, model, False, favor_run, favor=favor)
                filterkit_outputs(fold_devs, model, True, stable_run, stable=True)
        print(f"fold {fold}: fold model (twice, for idempotence) {t1 - t0:.0f}s"
              + ("" if args.quick else f", shipped model, --favor and --stable {time.time() - t1:.0f}s"),
              file=sys.stderr)
        devs += fold_devs
        edge_devs += fold_edges
        lede_devs += fold_ledes
        fold_of += [fold] * len(fold_devs)
    if args.fold_models and not kept_models:
        save_fold_models(args.fold_models, fingerprint, fitted_models)
    if args.quick:
        print_quick(devs, fold_run, probe_figures(edge_devs, edge_run.outputs),
                    probe_figures(lede_devs, lede_run.outputs), lede_set_name, args.explain)
        return
    outputs["filterkit"], outputs["shipped"] = fold_run.outputs, shipped_run.outputs
    stable = fold_run.stable
    t0 = time.time()
    outputs["trafilatura"] = run_trafilatura(devs)
    outputs["justext"] = run_justext(devs, stoplists)
    print(f"baselines {time.time() - t0:.0f}s", file=sys.stderr)

    scores = {system: [score(dev, out) for dev, out in zip(devs, outputs[system])] for system in SYSTEMS}
    edges = probe_by_system(edge_devs, edge_run, stoplists)
    ledes = probe_by_system(lede_devs, lede_run, stoplists)

    def summarised(index: list[int]) -> dict:
        """Each system's figures over these documents, and how many of them filterkit's second pass changes."""
        row = {system: aggregate([scores[system][i] for i in index]) for system in SYSTEMS}
        row["filterkit"]["idempotence_failures"] = sum(1 for i in index if not stable[i])
        return row

    cells: dict = {}
    for kind in KINDS:
        cells[kind] = {}
        for fmt in [*FORMATS, "all"]:
            cells[kind][fmt] = summarised([i for i, d in enumerate(devs)
                                           if d.kind == kind and (fmt == "all" or d.fmt == fmt)])
    noisy = [i for i, d in enumerate(devs) if d.kind != "clean"]
    overall = {system: aggregate([scores[system][i] for i in noisy]) for system in SYSTEMS}
    controls = {system: aggregate([scores[system][i] for i, d in enumerate(devs) if d.kind == "clean"])
                for system in SYSTEMS}
    breakdowns = breakdown(devs, scores["filterkit"], fold_run)
    favored = {"balanced": {"noisy": overall["filterkit"], "controls": controls["filterkit"],
                            "second_pass_changes": sum(not s for s in stable)}}
    for favor, favor_run in [*favor_runs.items(), ("balanced, --stable", stable_run)]:
        rows = [score(dev, out) for dev, out in zip(devs, favor_run.outputs)]
        favored[favor] = {"noisy": aggregate([rows[i] for i in noisy]),
                          "controls": aggregate([row for dev, row in zip(devs, rows) if dev.kind == "clean"])}
        if favor_run.stable:
            favored[favor]["second_pass_changes"] = sum(not s for s in favor_run.stable)
            for source in ("pool", "aeb"):
                chosen = [i for i, d in enumerate(devs) if d.core["source"] == source]
                favored[favor][f"{source} cores"] = {
                    "noisy": aggregate([rows[i] for i in chosen if devs[i].kind != "clean"]),
                    "controls": aggregate([rows[i] for i in chosen if devs[i].kind == "clean"]),
                    "second_pass_changes": sum(not favor_run.stable[i] for i in chosen)}
    by_source = {}
    for source in ("pool", "aeb"):
        for name, clean in ((f"noisy, {source} cores", False), (f"clean controls, {source} cores", True)):
            by_source[name] = summarised([i for i, d in enumerate(devs)
                                          if d.core["source"] == source and (d.kind == "clean") == clean])

    if args.explain:
        write_explanations(args.explain, devs, scores["filterkit"], fold_run)
    if args.reference_model:
        SYSTEM_NAMES["shipped"] = f"filterkit ({args.reference_model.name}@{card['sha256'][:8]}*)"
    print_report(cells, overall, controls, by_source, breakdowns, training_report, devs, scores, stable)
    print("\n### filterkit (fold models) with --favor and --stable\n")
    print("| setting | F1 (noisy) | noise kept | core lost | controls changed | second pass changes |\n"
          "|---|---:|---:|---:|---:|---:|")
    for favor, row in favored.items():
        for name, cell in [(favor, row), *((f"{favor}: {k}", v) for k, v in row.items() if k.endswith("cores"))]:
            print(f"| {name} | {cell['noisy']['f1']:.3f} | {cell['noisy']['noise_kept']:.2%} | "
                  f"{cell['noisy']['core_lost']:.2%} | {cell['controls']['changed']:.1%} | "
                  f"{cell.get('second_pass_changes', '–')} |")
    for title, figures_by_system in ((f"A line of chrome at a control's edge ({len(edge_devs)} documents", edges),
                                     (f"Fresh undated ledes ({lede_set_name}) after a control ({len(lede_devs)} "
                                      "documents", ledes)):
        print(f"\n### {title}; not in the targets)\n")
        print("| system | " + " | ".join(figures_by_system["filterkit"]) + " |\n|---|"
              + "---:|" * len(figures_by_system["filterkit"]))
        for system, figures in figures_by_system.items():
            print(f"| {SYSTEM_NAMES[system]} | " + " | ".join(
                f"{cell['noise_kept']:.1%} kept · {cell['core_lost']:.2%} lost" for cell in figures.values()) + " |")
    intervals = core_bootstrap(devs, scores["filterkit"])
    print(f"\nfilterkit (fold models), 95% intervals over {len({d.core['id'] for d in devs})} core articles drawn with "
          "replacement (2,000 draws; which articles are in the dev set, not which documents trained the models): "
          + ", ".join(f"{name.replace('_', ' ')} {b['low']:.2%}–{b['high']:.2%}" for name, b in intervals.items()))
    if stale:
        print(f"\n**The shipped model ({card['sha256'][:12]}, {card.get('created')}) is older than filterkit/features.py "
              f"(it never saw {len(stale)} of the features the code now produces): its column measures a mismatch.**")
    elapsed = round(time.time() - started, 1)
    print(f"\n{len(devs)} dev documents, {elapsed}s", file=sys.stderr)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({
            "folds": args.folds, "documents": len(devs), "seconds": elapsed, "training": training_report,
            "page_bodies": "as their truth has them" if args.truth_as_is else f"less the lines {CHROME.name} marks",
            "cells": cells, "noisy_overall": overall, "clean_controls": controls, "by_core_source": by_source,
            "breakdowns": breakdowns, "core_bootstrap": intervals, "favor": favored, "edge_chrome": edges,
            "fresh_ledes": ledes, "fresh_ledes_set": lede_set_name,
            "idempotence_failures": [devs[i].id for i, s in enumerate(stable) if not s],
            "systems": SYSTEM_NAMES, "shipped_model": {"sha256": card["sha256"], "created": card.get("created"),
                                                       "stale_features": stale},
        }, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def print_quick(devs: list[Dev], run: Run, edges: dict[str, dict], ledes: dict[str, dict], lede_set_name: str,
                explain: Path | None) -> None:
    """--quick: the fold models' figures over the noisy documents, the controls they change, the documents a
    second pass changes, and the chrome kept at a control's edge and the fresh ledes kept after it
    (``probe_figures``)."""
    rows = [score(dev, out) for dev, out in zip(devs, run.outputs)]
    noisy = aggregate([row for dev, row in zip(devs, rows) if dev.kind != "clean"])
    changed = [dev.id for dev, row in zip(devs, rows) if dev.kind == "clean" and row["changed"]]
    controls = sum(dev.kind == "clean" for dev in devs)
    print(f"filterkit (fold models): noise kept {noisy['noise_kept']:.2%}, core lost {noisy['core_lost']:.2%}, "
          f"controls changed {len(changed)} of {controls}, second pass changes "
          f"{sum(not stable for stable in run.stable)} of {len(devs)} documents")
    whole = {kind: aggregate([row for dev, row in zip(devs, rows) if dev.kind == kind])["whole"] for kind in KINDS[1:]}
    print(f"noisy documents cleaned whole {noisy['whole']:.1%} ("
          + ", ".join(f"{kind} {share:.1%}" for kind, share in whole.items()) + ")")
    for name in changed:
        print(f"- changed: {name}")
    for title, figures in (("a line of chrome at a control's edge", edges),
                           (f"fresh undated ledes ({lede_set_name}) after it", ledes)):
        print(f"{title}, kept / core lost: " + ", ".join(
            f"{fmt} {cell['noise_kept']:.1%} / {cell['core_lost']:.2%}" for fmt, cell in figures.items()))
    if explain:
        write_explanations(explain, devs, rows, run)


def probe_by_system(devs: list[Dev], run: Run, stoplists: dict[str, frozenset]) -> dict[str, dict]:
    """A probe's figures (``probe_figures``) for filterkit's fold models (their ``run``), trafilatura and jusText."""
    return {"filterkit": probe_figures(devs, run.outputs), "trafilatura": probe_figures(devs, run_trafilatura(devs)),
            "justext": probe_figures(devs, run_justext(devs, stoplists))}


def probe_figures(devs: list[Dev], outputs: list[str]) -> dict[str, dict]:
    """Per format and over all: the share of a probe's added lines (``with_edge_chrome``, ``with_fresh_ledes``)
    kept and of the core lost."""
    rows = [score(dev, output) for dev, output in zip(devs, outputs)]
    return {fmt: aggregate([row for dev, row in zip(devs, rows) if fmt in (dev.fmt, "all")])
            for fmt in [*FORMATS, "all"]}


def write_explanations(directory: Path, devs: list[Dev], rows: list[dict], run: Run) -> None:
    """One file per failing document, in a folder per failure: what each pass labelled and why it differs."""
    for dev, row, stable, text in zip(devs, rows, run.stable, run.explanations):
        failures = [name for name, failed in (("changed", dev.kind == "clean" and row["changed"]),
                                              ("core-lost", any(row["lost"])), ("noise-kept", any(row["kept"])),
                                              ("unstable", not stable)) if failed]
        for failure in failures:
            folder = directory / failure
            folder.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", dev.id)
            lost = [p[:100] for p, gone in zip(dev.core_paragraphs, row["lost"]) if gone]
            kept = [n["text"][:100] for n, k in zip(dev.noise, row["kept"]) if k]
            (folder / f"{name}.txt").write_text(
                f"{dev.id}\ncore lost: {lost}\nnoise kept: {kept}\n\n{text}\n", encoding="utf-8")


def breakdown(devs: list[Dev], rows: list[dict], run: Run) -> dict:
    """filterkit (fold models): noise kept by noise attribute, core lost by paragraph position and label."""
    tallies: dict[str, Counter] = defaultdict(Counter)

    def add(name: str, hit: bool) -> None:
        tallies[name]["n"] += 1
        tallies[name]["hit"] += hit

    for n_dev, (dev, row) in enumerate(zip(devs, rows)):
        labels = run.labels[n_dev]
        for noise, kept in zip(dev.noise, row["kept"]):
            if noise["type"] == "off_topic":
                add("off_topic: all", kept)
                if noise["lede_order"] == 0 and noise["paragraph"] == 0:
                    add("off_topic: first paragraph of the first lede", kept)
                add(f"off_topic: lede #{noise['lede_order'] + 1}", kept)
                add("off_topic: title heading" if noise["paragraph"] < 0 else
                    f"off_topic: paragraph {noise['paragraph'] + 1} of its lede", kept)
                add(f"off_topic: {'cut' if noise['cut'] else 'complete'} lede", kept)
                add(f"off_topic: lede {'in paragraphs of one or two sentences' if noise['sentences'] else 'as written'}",
                    kept)
                add(f"off_topic: {'with' if noise['dateline'] else 'no'} dateline", kept)
                add(f"off_topic: {'same' if noise['same_subject'] else 'other'} subject", kept)
                add(f"off_topic: lede from {noise['source']}", kept)
                add(f"off_topic: {'blank line' if noise['gap'] else 'no blank line'} before ({dev.fmt})", kept)
                add(f"off_topic: format {dev.fmt}", kept)
                add(f"off_topic: article in {dev.core['lang'] or 'an aeb page'}", kept)
            else:
                add(f"chat_ui: {dev.kind.split(':')[1]} {noise['position']}", kept)
                add(f"chat_ui: {dev.kind.split(':')[1]} ui={noise['ui']}", kept)
                if dev.kind.endswith("fresh"):
                    add(f"chat_ui: fresh line {'also in' if noise['seen'] else 'not in'} the training residue", kept)
        n = len(dev.core_paragraphs)
        state = "noisy" if dev.kind != "clean" else "clean"
        for k, lost in enumerate(row["lost"]):
            where = "last" if k == n - 1 else "first" if k == 0 else "middle"
            add(f"core: {where} paragraph ({state})", lost)
            add(f"core: {n if n <= 3 else '4+'}-paragraph article", lost)
            add(f"core: {dev.core['source']} article", lost)
            add(f"core: article in {dev.core['lang'] or 'an aeb page'} ({state})", lost)
            words = len(_WORDS.findall(dev.core_paragraphs[k]))
            add(f"core: {dev.core['source']} paragraph of {'8+' if words >= 8 else '<8'} words", lost)
            label = labels.get(_norm(dev.core_paragraphs[k]), "not segmented alone")
            for name in ("boilerplate", "chat_ui", "off_topic"):
                add(f"core: {dev.core['source']} paragraph lost as {name}", lost and label == name)
        if run.stable and not run.stable[n_dev]:
            for label, from_end in run.second_drops[n_dev]:
                add(f"idempotence: second pass drops a paragraph as {label}", True)
                add("idempotence: ... of which among the last 2 paragraphs", from_end < 2)
    return {name: {"n": c["n"], "rate": round(c["hit"] / c["n"], 4)} for name, c in sorted(tallies.items())}


def _cell(a: dict, changed: bool = False) -> str:
    if changed:
        return f"{a['f1']:.3f} · chg {a['changed']:.0%}"
    kept = "–" if a["noise_kept"] is None else f"{a['noise_kept']:.1%}"
    lost = "–" if a["core_lost"] is None else f"{a['core_lost']:.1%}"
    return f"{a['f1']:.3f} · {kept} · {lost}"


def print_report(cells, overall, controls, by_source, breakdowns, training, devs, scores, stable) -> None:
    print("### Noise benchmark: F1 · noise kept · core lost (clean rows: F1 · controls changed)\n")
    print("| kind | format | docs | " + " | ".join(SYSTEM_NAMES[s] for s in SYSTEMS) + " | idem. fails |")
    print("|---|---|---:|" + "---|" * len(SYSTEMS) + "---:|")
    for kind, by_format in cells.items():
        for fmt, systems in by_format.items():
            clean = kind == "clean"
            print(f"| {kind} | {fmt} | {systems['filterkit']['docs']} | "
                  + " | ".join(_cell(systems[s], clean) for s in SYSTEMS)
                  + f" | {systems['filterkit']['idempotence_failures']} |")
    print(f"| **all noisy** | all | {overall['filterkit']['docs']} | "
          + " | ".join(_cell(overall[s]) for s in SYSTEMS)
          + f" | {sum(1 for dev, s in zip(devs, stable) if not s and dev.kind != 'clean')} |")
    print(f"| **clean controls** | all | {controls['filterkit']['docs']} | "
          + " | ".join(_cell(controls[s], True) for s in SYSTEMS)
          + f" | {sum(1 for dev, s in zip(devs, stable) if not s and dev.kind == 'clean')} |")
    for name, systems in by_source.items():
        print(f"| {name} | all | {systems['filterkit']['docs']} | "
              + " | ".join(_cell(systems[s], name.startswith("clean")) for s in SYSTEMS)
              + f" | {systems['filterkit']['idempotence_failures']} |")
    print("\n*shipped: trained on these pool articles, the aeb pages and the pool's chat residue: a reference, "
          "not a measurement.*")
    print("\n### Documents cleaned whole: no injected noise kept and no core paragraph lost (clean rows: unchanged)\n")
    print("| kind | " + " | ".join(f"{fmt}: {SYSTEM_NAMES[s]}" for fmt in ("all", "text") for s in WHOLE_SYSTEMS)
          + " |\n|---|" + "---:|" * 2 * len(WHOLE_SYSTEMS))
    for kind, by_format in cells.items():
        print(f"| {kind} | " + " | ".join(f"{by_format[fmt][s]['whole']:.1%}" for fmt in ("all", "text")
                                          for s in WHOLE_SYSTEMS) + " |")
    print("\n### filterkit (fold models): where noise is kept and core is lost\n")
    print("| slice | paragraphs | rate |\n|---|---:|---:|")
    for name, row in breakdowns.items():
        print(f"| {name} | {row['n']} | {row['rate']:.1%} |")
    print("\n### Training per fold\n")
    print("| fold | pool cores | page cores | training docs | training pages | dropped (core in fold) | dropped (lede leak) | fit s |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for t in training:
        print(f"| {t['fold']} | {t['pool_cores']} | {t['page_cores']} | {t['training_documents']} | {t['training_pages']} | "
              f"{t['dropped_core_in_fold']} | {t['dropped_lede_leak']} | {'reused' if t.get('reused') else t['fit_seconds']} |")
    rows = scores["filterkit"]
    kept = Counter()
    lost = Counter()
    for dev, row in zip(devs, rows):
        for noise, k in zip(dev.noise, row["kept"]):
            if k:
                kept[(noise["type"], noise["text"][:90])] += 1
        for k, (paragraph, l) in enumerate(zip(dev.core_paragraphs, row["lost"])):
            if l:
                lost[(dev.core["id"], k, len(dev.core_paragraphs), paragraph[:90])] += 1
    print("\n### filterkit (fold models): noise most often kept\n")
    for (kind, text), n in kept.most_common(15):
        print(f"- {n}× {kind}: {text}")
    print("\n### filterkit (fold models): core paragraphs most often lost\n")
    for (core, k, n_par, text), n in lost.most_common(15):
        print(f"- {n}× {core} paragraph {k + 1}/{n_par}: {text}")


if __name__ == "__main__":
    main()
