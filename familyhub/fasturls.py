"""A URL whose arguments are whole numbers (a list's link to each row: `{% url 'casework:episode'
e.pk %}`), made without Django's reverse() each time.

reverse() works out the URL from the URLconf on every call (about 20 microseconds): a manager's
caseload links 200 rows and spent a tenth of its time there. The URL of a view with n whole
numbers differs only in the numbers, so its shape (the text between them) is worked out once
with marker numbers, checked against reverse() for other numbers, and kept; each call joins
the numbers into it. A view whose URL does not come out in that shape (a converter that writes
a number its own way, a marker that does not appear exactly once) is kept as None and always
asks reverse(). The web.templatetags.govuk `url` tag uses it for a tag with no keyword
arguments whose arguments are all whole numbers of 0 or more, and Django's own tag otherwise.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

MARK = 9_876_543_210_000  # marker arguments: MARK, MARK + 1, ... (no page has such an id)
PROBE = 7  # a URL made from the shape with 7, 8, ... is checked against reverse()'s
LIMIT = 5_000  # shapes kept before the store starts again (views x argument counts: a few hundred)
_MISSING = object()
_shapes: dict[tuple, tuple[str, ...] | None] = {}


def reverse_ints(view_name: str, args: list[int], current_app: str | None = None) -> str:
    """What reverse(view_name, args=args, current_app=current_app) gives, for whole-number
    arguments (see the module's docstring)."""
    key = (
        view_name,
        len(args),
        current_app,
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
    )
    shape = _shapes.get(key, _MISSING)
    if shape is _MISSING:
        if len(_shapes) >= LIMIT:
            _shapes.clear()
        shape = _shapes[key] = _shape(view_name, len(args), current_app)
    if shape is None:
        return reverse(view_name, args=args, current_app=current_app)
    return _join(shape, args)


def _join(shape: tuple[str, ...], args: list[int]) -> str:
    parts = [shape[0]]
    for arg, text in zip(args, shape[1:], strict=True):
        parts += [str(arg), text]
    return "".join(parts)


def _shape(view_name: str, n: int, current_app: str | None) -> tuple[str, ...] | None:
    marks = [str(MARK + i) for i in range(n)]
    try:
        url = reverse(view_name, args=[int(m) for m in marks], current_app=current_app)
    except NoReverseMatch:
        return None  # reverse() says why, each time it is asked
    if any(url.count(m) != 1 for m in marks):
        return None
    texts, rest = [], url
    for mark in marks:
        before, _, rest = rest.partition(mark)
        texts.append(before)
    shape = (*texts, rest)
    probe = list(range(PROBE, PROBE + n))
    try:
        same = _join(shape, probe) == reverse(view_name, args=probe, current_app=current_app)
    except NoReverseMatch:
        same = False
    return shape if same else None


def forget() -> None:
    """Drop the kept shapes (tests that change the URLconf)."""
    _shapes.clear()
