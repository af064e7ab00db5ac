"""Hand-made synthetic people (nobody real) for the matching tests."""

import pytest

BASE = {
    "record_id": "A",
    "source_system": "gp",
    "first_name": "Jayden",
    "surname": "Smyth",
    "dob": "2016-03-07",
    "sex": "M",
    "postcode": "E17 4AB",
    "address_line_1": "12 High Street",
    "nhs_number": "943 476 5919",
}


@pytest.fixture
def person():
    return dict(BASE)


def variant(**changes):
    return {**BASE, "record_id": "B", **changes}
