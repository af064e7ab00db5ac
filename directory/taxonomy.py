"""FamilyHub's own taxonomy: the service categories, published as ORUK taxonomy terms with
fixed ids (migration 0002 made the same ones from the same namespace)."""

from __future__ import annotations

import uuid

from .models import HubServiceCategory, Taxonomy, TaxonomyTerm

NAMESPACE = uuid.UUID("6f1c2a4e-3d5b-4c7a-9e8f-0a1b2c3d4e5f")
TAXONOMY_NAME = "FamilyHub service categories"


def category_terms() -> dict[str, TaxonomyTerm]:
    """The term for each HubServiceCategory (made when missing), keyed by category."""
    taxonomy, _ = Taxonomy.objects.get_or_create(
        uid=uuid.uuid5(NAMESPACE, "taxonomy"),
        defaults={
            "name": TAXONOMY_NAME,
            "description": "The kinds of family hub service FamilyHub groups its offer by.",
        },
    )
    terms = {}
    for category in HubServiceCategory:
        terms[category.value], _ = TaxonomyTerm.objects.get_or_create(
            uid=uuid.uuid5(NAMESPACE, f"term:{category.value}"),
            defaults={
                "taxonomy": taxonomy,
                "code": category.value,
                "name": category.label,
                "description": category.label,
            },
        )
    return terms
