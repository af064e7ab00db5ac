"""Who acted, as the audit trail records it — without audit knowing any other app.

An actor is anything principal-like (duck-typed: `label`, `role`, `organisation_name`,
`user_id`), e.g. access.principals.Principal, or a str naming a system process ("demo
loader"), recorded with the role "system" as always. Anything else (a signed-in user) is
turned into an actor by the resolver an app registers here (access registers its
`principal_for` in AccessConfig.ready), so audit imports neither access nor any domain app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Actor(Protocol):
    label: str
    role: str
    organisation_name: str
    user_id: int | None


ActorResolver = Callable[[Any], "Actor | None"]
_resolvers: list[ActorResolver] = []


def register_actor_resolver(resolver: ActorResolver) -> None:
    """Register how a non-actor (a signed-in user) becomes an actor; first answer wins."""
    if resolver not in _resolvers:
        _resolvers.append(resolver)


def actor_fields(actor: Any) -> dict[str, Any]:
    """The actor columns of an audit event."""
    if isinstance(actor, str):  # a named system process, e.g. "demo loader"
        return {
            "actor_id": None,
            "actor_label": actor,
            "actor_role": "system",
            "actor_organisation": "",
        }
    if isinstance(actor, Actor):  # duck-typed: a Principal, or anything shaped like one
        return {
            "actor_id": actor.user_id,
            "actor_label": actor.label,
            "actor_role": actor.role,
            "actor_organisation": actor.organisation_name,
        }
    resolved = None
    for resolver in _resolvers:
        resolved = resolver(actor)
        if resolved is not None:
            break
    return {
        "actor_id": getattr(actor, "pk", None),
        "actor_label": resolved.label if resolved is not None else str(actor),
        "actor_role": resolved.role if resolved is not None else "",
        "actor_organisation": resolved.organisation_name if resolved is not None else "",
    }
