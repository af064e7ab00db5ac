"""familyhub.fasturls and the `url` tag that uses it give what Django's reverse() and {% url %}
give, for every URL of the app, and step aside where they cannot."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path, register_converter, reverse
from django.urls.converters import IntConverter

from familyhub import fasturls


def _named_int_urls(patterns=None, namespace="", converters=()):
    """(name, number of arguments) for every named URL whose arguments are all <int:...>."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        found = {**dict(converters), **entry.pattern.converters}
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_int_urls(entry.url_patterns, inner, found.items())
        elif isinstance(entry, URLPattern) and entry.name and _all_int(found):
            yield f"{namespace}{entry.name}", len(found)


def _all_int(converters) -> bool:
    return all(type(c) is IntConverter for c in converters.values())


def test_every_url_of_whole_numbers_is_what_reverse_gives():
    fasturls.forget()
    urls = sorted(set(_named_int_urls()))
    assert len(urls) > 100  # the app's URLs were walked, not an empty list
    assert any(n == 0 for _, n in urls)  # no argument (the app has none of two: see below)
    for name, n in urls:
        for args in ([0] * n, list(range(1, n + 1)), [987654321 + i for i in range(n)]):
            assert fasturls.reverse_ints(name, args) == reverse(name, args=args), name
    assert all(fasturls._shapes.values())  # and none needed reverse() after all


class Padded:
    """A converter that writes numbers its own way (five digits)."""

    regex = "[0-9]{5}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{value:05d}"


register_converter(Padded, "fasturls_padded")
urlpatterns = [
    path("padded/<fasturls_padded:n>/", lambda request, n: None, name="padded"),
    path("twice/<int:a>/<int:b>/", lambda request, a, b: None, name="twice"),
]


@override_settings(ROOT_URLCONF=__name__)
def test_a_url_not_in_the_shape_asks_reverse_each_time():
    fasturls.forget()
    assert fasturls.reverse_ints("padded", [42]) == "/padded/00042/"
    assert fasturls.reverse_ints("twice", [3, 30]) == "/twice/3/30/"
    assert fasturls._shapes[("padded", 1, None, "/", __name__)] is None
    assert fasturls._shapes[("twice", 2, None, "/", __name__)] == ("/twice/", "/", "/")
    fasturls.forget()


FAMILY = "people:family"


@pytest.mark.parametrize(
    ("tag", "context", "expected"),
    [
        ("{% url 'casework:episode' pk %}", {"pk": 12}, ("casework:episode", [12], None)),
        ("{% url 'casework:caseload' %}", {}, ("casework:caseload", [], None)),
        # text, a keyword or `as`: Django's own tag
        ("{% url 'people:family' pk %}", {"pk": "12"}, (FAMILY, ["12"], None)),
        ("{% url 'people:family' pk=pk %}", {"pk": 12}, (FAMILY, None, {"pk": 12})),
        ("{% url 'people:family' pk as link %}[{{ link }}]", {"pk": 5}, (FAMILY, [5], None)),
    ],
)
def test_the_url_tag_writes_what_reverse_gives(tag, context, expected):
    name, args, kwargs = expected
    url = reverse(name, args=args, kwargs=kwargs)
    fasturls.forget()
    assert Template(tag).render(Context(context)) == (f"[{url}]" if " as " in tag else url)
    made_here = all(type(a) is int for a in args or ()) and not kwargs and " as " not in tag
    assert bool(fasturls._shapes) == made_here  # whole numbers only: the rest is Django's tag


def test_a_bad_view_name_still_fails_as_djangos_tag_does():
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        Template("{% url 'no-such-view' 3 %}").render(Context({}))
