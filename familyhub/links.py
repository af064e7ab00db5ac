"""Record → URL: where a record is shown, for links written before the page is known.

Actions never route. When an action tells someone about a record (a notice), it stores a
reference to the record (`ref(obj)`, e.g. "record:casework.stepup:12"); the page that opens the
notice resolves it (`resolve(link)`) through the builders each app registers for its own
records in its AppConfig.ready (`register(Model, build)`), where its URLs are known.

A record may have more than one page, named by `view` (e.g. a contact's page for the front door
and its outcome page for the practitioner who referred it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PREFIX = "record:"

_builders: dict[tuple[str, str], Callable[[Any], str]] = {}


def register(model, build: Callable[[Any], str], *, view: str = "") -> None:
    _builders[(model._meta.label_lower, view)] = build


def url_for(obj, *, view: str = "") -> str:
    """The path of the page that shows `obj`."""
    return _builders[(obj._meta.label_lower, view)](obj)


def ref(obj, *, view: str = "") -> str:
    """A stored reference to `obj`'s page, resolved when it is followed."""
    key = (obj._meta.label_lower, view)
    if key not in _builders:
        raise LookupError(f"No page is registered for {key[0]} ({view or 'default'})")
    return f"{PREFIX}{key[0]}:{obj.pk}" + (f":{view}" if view else "")


def is_ref(link: str) -> bool:
    return link.startswith(PREFIX)


def resolve(link: str) -> str:
    """A path for a stored link: a reference is resolved now; a path is returned as it is."""
    if not is_ref(link):
        return link
    from django.apps import apps

    label, pk, *view = link[len(PREFIX) :].split(":")
    model = apps.get_model(label)
    obj = model._base_manager.get(pk=pk)
    return url_for(obj, view=view[0] if view else "")
