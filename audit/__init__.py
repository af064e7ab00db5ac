"""Audit in one place: call audit.record() inside the action's transaction."""


def record(*args, **kwargs):
    from .recorder import record as _record

    return _record(*args, **kwargs)
