"""people's port to the matching engine: the matching app plugs its engine in (people never
imports matching), and without an engine the port says so rather than failing quietly."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from people import matcher


def test_the_matching_app_plugs_its_engine_in():
    engine = matcher.engine()
    assert engine.find.__module__ == "matching.register"
    assert 0 < matcher.link_threshold() <= 1


def test_without_an_engine_the_port_refuses(monkeypatch):
    monkeypatch.setattr(matcher, "_engine", None)
    with pytest.raises(ImproperlyConfigured):
        matcher.refresh([1])
