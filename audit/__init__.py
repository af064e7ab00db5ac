"""Audit in one place: call audit.record() inside the action's transaction."""


def record(*args, **kwargs):
    from .recorder import record as _record

    return _record(*args, **kwargs)


def record_many(*args, **kwargs):
    from .recorder import record_many as _record_many

    return _record_many(*args, **kwargs)
