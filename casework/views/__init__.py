"""Pages for working with the family, one module per part of the work (as casework.actions and
casework.forms). Thin: parse input, call one action or query, render. casework.urls names each
page by its module."""
