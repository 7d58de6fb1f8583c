"""filterkit: keep the core text of scraped documents, drop boilerplate, chat-assistant residue and unrelated stories.

    >>> import filterkit
    >>> filterkit.clean(open("page.html", "rb").read())          # doctest: +SKIP

``Filter`` loads a model once and cleans many documents; ``clean`` uses a shared Filter with the shipped model.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .document import LABELS, Document, ErrorRecord, FilterkitError, Markup, Paragraph  # noqa: E402
from .pipeline import Filter, clean  # noqa: E402

__all__ = ["LABELS", "Document", "ErrorRecord", "Filter", "FilterkitError", "Markup", "Paragraph", "clean",
           "__version__"]
