"""The pages that show the front door's records (see familyhub.links)."""

from django.urls import reverse

from familyhub import links

from .models import Concern, Consultation, Contact, Dissent, EarlyWarning, PartnerInfoRequest


def _referrer_page(contact: Contact) -> str:
    """What the practitioner who raised the worry sees of its outcome."""
    if contact.concern_id:
        return reverse("frontdoor:concern", args=[contact.concern_id])
    if contact.consultation_id:
        return reverse("frontdoor:consultation", args=[contact.consultation_id])
    return reverse("frontdoor:referred")


def register() -> None:
    links.register(Concern, lambda o: reverse("frontdoor:concern", args=[o.pk]))
    links.register(Consultation, lambda o: reverse("frontdoor:consultation", args=[o.pk]))
    links.register(Contact, lambda o: reverse("frontdoor:contact", args=[o.pk]))
    links.register(Contact, _referrer_page, view="referrer")
    links.register(PartnerInfoRequest, lambda o: reverse("frontdoor:info-request", args=[o.pk]))
    links.register(Dissent, lambda o: reverse("frontdoor:dissent", args=[o.pk]))
    links.register(EarlyWarning, lambda o: reverse("frontdoor:early-warning", args=[o.pk]))
