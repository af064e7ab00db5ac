"""Fixtures more than one app's tests share but that are not for every test (the root
conftest.py's cast is): a conftest or test module imports them, which is what turns an autouse
one on for its folder or module alone."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """An empty cache before and after each test: the rate limits count in the cache, so no
    test inherits another's requests (the partner API, the custodian, a hub's public pages)."""
    cache.clear()
    yield
    cache.clear()
