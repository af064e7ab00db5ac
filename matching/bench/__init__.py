"""Synthetic benchmark: generator, scorer, Splink runner and the `make bench-match` driver."""
