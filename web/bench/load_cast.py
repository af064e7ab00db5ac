"""Who `make bench-load` signs in as, and what they open (web/bench/load.py).

On bench-visibility's register (web/bench/build.py) with bench-dashboards' casework history
(web/bench/dashboards.py: episodes with allocated workers, so caseloads are real), adds once:
a front-door team of FRONT_DOOR_STAFF front-door practitioners and an open front-door queue of
OPEN_CONTACTS contacts (each naming the people of a family on the register), and the partner
school's MIS as an API client (directory:read, outcomes:read). COPY rows and plain creates,
not actions: nothing here is audited, as in the rest of the bench builder.

Each run then signs its users in **by session**: a new database session for each worker, each
manager and each front-door practitioner, holding what `django.contrib.auth.login` (and
`django_otp.login`, for a role that must use two-factor: a confirmed TOTP device is made for
it once) would store, signed with the server's secret key; the load generator sends it as the
session cookie. No password is set or checked (argon2 at sign-in is not what is measured), and
the school's API client gets a new key (only its digest is kept, as `api_client_create` does).
"""

from __future__ import annotations

import datetime as dt
import random
import sys

WORKERS = 100  # the workers signed in (each simulated user is one of them)
FRONT_DOOR_STAFF = 8
OPEN_CONTACTS = 400  # a busy front door's open queue (contacts received, screening, waiting)
FRONT_DOOR_TEAM = "Bench front door"
API_CLIENT = "Bench Park MIS"
SEED = 16


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _front_door() -> list[int]:
    """The front-door practitioners' user ids (made once)."""
    from organisations.models import Organisation, Practitioner, Role, Team

    from .build import COUNCIL, _user

    team = Team.objects.filter(name=FRONT_DOOR_TEAM).first()
    if team is None:
        council = Organisation.objects.get(name=COUNCIL)
        team = Team.objects.create(name=FRONT_DOOR_TEAM, organisation=council)
        for n in range(FRONT_DOOR_STAFF):
            user = _user(f"frontdoor{n + 1}@bench.invalid", f"Front door {n + 1}")
            Practitioner.objects.create(
                user=user,
                organisation=council,
                team=team,
                role=Role.FRONT_DOOR,
                job_title="Front-door practitioner",
            )
    return list(
        Practitioner.objects.filter(team=team).order_by("pk").values_list("user_id", flat=True)
    )


def _open_contacts() -> None:
    """OPEN_CONTACTS open contacts, received over the last three working days, half of them
    assigned, each naming the members of a family on the register (made once)."""
    from django.db import transaction
    from django.utils import timezone

    import rules
    from frontdoor import clock
    from frontdoor.models import Contact, ContactPerson, ContactStatus
    from organisations.models import Organisation, Practitioner, Team
    from people.models import Membership

    from .build import SCHOOL, SEALED_EVERY

    if Contact.objects.filter(reference__startswith="LQ").exists():
        return
    rng = random.Random(SEED)
    now = timezone.now()
    school = Organisation.objects.get(name=SCHOOL)
    staff = list(
        Practitioner.objects.filter(team__name=FRONT_DOOR_TEAM).values_list("pk", flat=True)
    )
    teams = list(Team.objects.filter(locality__gt="").values_list("locality", flat=True))
    localities = sorted(set(teams)) or ["North"]
    last = Membership.objects.order_by("-family_id").values_list("family_id", flat=True).first()
    statuses = [ContactStatus.RECEIVED, ContactStatus.SCREENING, ContactStatus.AWAITING_INFO]
    version = rules.current("front_door").version
    with transaction.atomic():
        for i in range(OPEN_CONTACTS):
            family_id = rng.randint(1, last or 1)
            if family_id % SEALED_EVERY == 0:
                family_id += 1
            received = now - dt.timedelta(hours=rng.randint(1, 72))
            urgent = rng.random() < 0.1
            due_at, calendar_version = clock.contact_due_at(received, urgent=urgent)
            contact = Contact.objects.create(
                reference=f"LQ{i:07d}",
                kind=rng.choice(["referral", "advice"]),
                received_at=received,
                due_at=due_at,
                calendar_version=calendar_version,
                rules_version=version,
                urgent=urgent,
                rag=rng.choice(["", "", "red", "amber", "green"]),
                status=rng.choice(statuses),
                source=rng.choice(["1A", "2A", "3A", "5A"]),
                referrer_name="Bench Park pastoral team",
                referrer_organisation=school,
                family_id=family_id,
                locality=rng.choice(localities),
                worries="Bench contact: attendance and tiredness (synthetic)",
                assigned_to_id=rng.choice(staff) if rng.random() < 0.5 else None,
                created_at=received,
                updated_at=received,
            )
            members = Membership.objects.filter(family_id=family_id).select_related("person")
            ContactPerson.objects.bulk_create(
                ContactPerson(
                    contact=contact,
                    person=m.person,
                    given_name=m.person.given_name,
                    family_name=m.person.family_name,
                    date_of_birth=m.person.date_of_birth,
                    role="child" if m.role == "child" else "adult",
                )
                for m in members
            )
    say(f"  {OPEN_CONTACTS} open front-door contacts")


def _api_key() -> str:
    """The school MIS's client (made once) with a new key; returns the key."""
    from django.utils import timezone

    from access.models import User
    from api import keys
    from api.models import ApiClient
    from organisations.models import Organisation

    from .build import SCHOOL

    key, prefix, digest = keys.new_key()
    client = ApiClient.objects.filter(name=API_CLIENT).first()
    if client is None:
        user = User.objects.create_user(
            email="api-client-bench@clients.familyhub.invalid",
            password=None,
            full_name=f"{API_CLIENT} (API client)",
        )
        client = ApiClient(
            name=API_CLIENT,
            organisation=Organisation.objects.get(name=SCHOOL),
            user=user,
            scopes=["directory:read", "outcomes:read"],
            created_by_label="bench-load",
        )
    client.key_prefix, client.key_digest = prefix, digest
    client.expires_on = timezone.localdate() + dt.timedelta(days=30)
    client.revoked_at = None
    client.save()
    return key


def _session(user) -> str:
    """A signed-in session for `user`, as login() (and django_otp's login, when the role must
    use two-factor) would leave it; returns its key."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from access import two_factor

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if two_factor.is_required_for(user):
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="Bench authenticator", defaults={"confirmed": True}
        )
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return store.session_key


def _worker_pages(practitioner, rng: random.Random) -> dict:
    """A worker's caseload families, their members and a search for one of them."""
    from organisations.models import Involvement
    from people.models import Membership

    families = list(
        Involvement.objects.filter(practitioner=practitioner, ended_on=None)
        .order_by("family_id")
        .values_list("family_id", flat=True)
    )
    members = list(  # by family, so that the family index answers (not a walk of the ids)
        Membership.objects.filter(family_id__in=families)
        .select_related("person")
        .order_by("family_id", "pk")
    )
    searches = []
    for m in rng.sample(members, min(5, len(members))):
        dob = m.person.date_of_birth.strftime("%d/%m/%Y")
        searches.append(f"{m.person.given_name} {m.person.family_name} {dob}")
    return {
        "families": families,
        "people": [m.person_id for m in members],
        "searches": searches,
    }


def prepare() -> dict:
    """The extras (once) and this run's sessions, key and pages, as JSON for the locustfile."""
    from django.contrib.auth import get_user_model

    from organisations.models import Involvement, Practitioner, Role

    from .build import SCHOOL

    User = get_user_model()
    front_door = _front_door()
    _open_contacts()
    rng = random.Random(SEED)
    workers = (
        Practitioner.objects.filter(role__in=[Role.FAMILY_WORKER, Role.SOCIAL_WORKER])
        .exclude(team__name=FRONT_DOOR_TEAM)
        .select_related("user")
        .order_by("pk")[:WORKERS]
    )
    cast: dict = {"workers": [], "managers": [], "front_door": []}
    for practitioner in workers:
        pages = _worker_pages(practitioner, rng)
        if pages["families"]:
            cast["workers"].append({"session": _session(practitioner.user), **pages})
    for practitioner in Practitioner.objects.filter(role=Role.TEAM_MANAGER).select_related("user"):
        cast["managers"].append({"session": _session(practitioner.user)})
    for user in User.objects.filter(pk__in=front_door):
        cast["front_door"].append({"session": _session(user)})
    school_families = (
        Involvement.objects.filter(organisation__name=SCHOOL, ended_on=None)
        .order_by("family_id")
        .values_list("family__reference", flat=True)
    )
    cast["api"] = {"key": _api_key(), "families": list(school_families)}
    return cast
