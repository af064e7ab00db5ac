"""The partner API's pages (issue 15): their rows of the authorisation matrix
(tests/test_authorisation_matrix.py), kept here so that file stays within the house rules'
length; the vocabulary is tests/authorisation_cells.py."""

from __future__ import annotations

from tests.authorisation_cells import POST_ONLY, WHO, Rows, expect

EXPECTED: Rows = {
    # The partner API (issue 15): signed in by API key only, never by the pages' session, so
    # 401 problem details for everyone here (the API client principal has its own matrix,
    # test_api_client_matrix); its description and problem types are public.
    "api:schema": ({w: 200 for w in WHO}, False),
    "api:docs": ({w: 200 for w in WHO}, False),
    "api:problem": ({w: 200 for w in WHO}, False),
    "api:concerns": ({w: 401 for w in WHO}, False),
    "api:concern": ({w: 401 for w in WHO}, False),
    "api:family-contacts": ({w: 401 for w in WHO}, False),
    "api:notifications": ({w: 401 for w in WHO}, False),
    "api:webhooks": ({w: 401 for w in WHO}, False),
    "api:webhook": ({w: 401 for w in WHO}, False),
    "api:sessions": ({w: 401 for w in WHO}, False),
    "api:register": ({w: 401 for w in WHO}, False),
    "api:directory-services": ({w: 401 for w in WHO}, False),
    "api:delivery-replay": (POST_ONLY, False),  # administrators (api/tests/test_webhooks.py)
    "api:clients": (expect({"admin"}), False),
    "api:client": (expect(set()), False),  # a client not built in the cast: 404
}
