"""The shared GC pause: nested and overlapping pauses resume the collector only at the last exit."""

from __future__ import annotations

import gc

from briefings.gcpause import gc_paused


def test_nested_pauses_resume_the_collector_once_the_last_ends():
    assert gc.isenabled()
    with gc_paused:
        assert not gc.isenabled()
        with gc_paused:
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause is still on
    assert gc.isenabled()


def test_a_decorated_function_pauses_and_an_error_still_resumes():
    @gc_paused
    def failing():
        assert not gc.isenabled()
        raise ValueError("boom")

    try:
        failing()
    except ValueError:
        pass
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with gc_paused:
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
