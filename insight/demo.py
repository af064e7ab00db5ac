"""Demo data for the dashboards: filled in below."""


def load_demo(*args, **kwargs) -> None:
    from . import summary

    summary.build()
