"""Hub sessions' registers (attendance:write) and the service directory (directory:read) over
the API: the hubs and directory apps' own queries and actions, with the client as `by`."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from directory import queries as directory
from familyhub import errors
from hubs import actions as hubs_actions
from hubs import queries as hubs

from .hub_serializers import (
    MarksIn,
    MarksOut,
    RegisterOut,
    ServiceOut,
    ServicePage,
    SessionList,
)
from .idempotency import IDEMPOTENCY_KEY, idempotent
from .pagination import NewestFirst
from .views import PartnerView, path_id, problems

MEETING_ID = OpenApiParameter("meeting_id", int, OpenApiParameter.PATH, description="A meeting")
NOT_ON_REGISTER = "No place with this enrolment on this session's register"


def _meeting(m) -> dict:
    return {
        "id": m.pk,
        "number": m.number,
        "on": m.on,
        "starts_at": m.starts_at,
        "ends_at": m.ends_at,
    }


class Sessions(PartnerView):
    scopes = {"GET": "attendance:write"}

    @extend_schema(
        operation_id="sessions_list",
        summary="The hub sessions your organisation runs, with their meetings",
        responses={200: SessionList, **problems()},
    )
    def get(self, request):
        rows = [
            {
                "id": s.pk,
                "title": s.title,
                "service": s.service.name,
                "venue": s.venue.name if s.venue_id else "",
                "meetings": [_meeting(m) for m in hubs.meetings(s)],
            }
            for s in hubs.sessions_run_by(self.principal(request))
        ]
        return Response(SessionList({"results": rows}).data)


@extend_schema(parameters=[MEETING_ID])
class Register(PartnerView):
    scopes = {"GET": "attendance:write", "POST": "attendance:write"}

    def _meeting(self, request, meeting_id: str):
        principal = self.principal(request)
        meeting = hubs.get_meeting_for(principal, path_id(meeting_id))
        return principal, meeting

    @extend_schema(
        operation_id="register_retrieve",
        summary="The register of one meeting: who has a place, and each one's mark",
        responses={200: RegisterOut, **problems()},
    )
    def get(self, request, meeting_id: str):
        principal, meeting = self._meeting(request, meeting_id)
        rows = [
            {
                "enrolment": r.enrolment.pk,
                "name": f"{r.enrolment.person.given_name} {r.enrolment.person.family_name}",
                "mark": r.mark,
            }
            for r in hubs.register_rows(principal, meeting)
        ]
        body = {"meeting": _meeting(meeting), "session": meeting.session.title, "rows": rows}
        return Response(RegisterOut(body).data)

    @extend_schema(
        operation_id="register_mark",
        summary="Mark people present or absent (each mark applied once, by its mark_id)",
        description="As the hub's offline register does: a mark sent again is applied once; a "
        "new mark for the same person and meeting corrects the last. Each mark is applied or "
        "refused on its own. Needs Idempotency-Key.",
        parameters=[IDEMPOTENCY_KEY],
        request=MarksIn,
        responses={200: MarksOut, **problems(400, 409, 415, 422)},
    )
    def post(self, request, meeting_id: str):
        principal, meeting = self._meeting(request, meeting_id)

        def mark():
            data = MarksIn(data=request.data)
            data.is_valid(raise_exception=True)
            visible = {r.enrolment.pk: r.enrolment for r in hubs.register_rows(principal, meeting)}
            applied, refused = [], []
            for item in data.validated_data["marks"]:
                enrolment = visible.get(item["enrolment"])
                try:
                    if enrolment is None:
                        raise errors.RuleViolation(NOT_ON_REGISTER)
                    hubs_actions.mark_attendance(
                        by=principal,
                        meeting=meeting,
                        enrolment=enrolment,
                        mark=item["mark"],
                        client_id=item["mark_id"],
                    )
                    applied.append(str(item["mark_id"]))
                except errors.DomainError as exc:
                    refused.append({"mark_id": str(item["mark_id"]), "detail": exc.message})
            return status.HTTP_200_OK, MarksOut({"applied": applied, "refused": refused}).data, ""

        return idempotent(request, mark)


class ByName(NewestFirst):
    ordering = ("name", "pk")


MAX_AGE = 25
KNOWN_FILTERS = {"need", "age", "postcode", "cursor", "page_size"}
DIRECTORY_FILTERS = [
    OpenApiParameter("need", str, description="Words in the name, description or kind of help"),
    OpenApiParameter(
        "age", {"type": "integer", "minimum": 0, "maximum": MAX_AGE}, description="A child's age"
    ),
    OpenApiParameter("postcode", str, description="Near this postcode (or district)"),
    OpenApiParameter("cursor", str, description="From the previous page's next"),
    OpenApiParameter(
        "page_size", {"type": "integer", "minimum": 1, "maximum": 100}, description="1 to 100"
    ),
]


def _service(s) -> dict:
    return {
        "id": s.uid,
        "name": s.name,
        "description": s.description,
        "organisation": s.organisation.name if s.organisation_id else None,
        "hub": s.hub.name if s.hub_id else None,
        "category": s.category,
        "url": s.url,
        "email": s.email,
        "minimum_age": s.minimum_age,
        "maximum_age": s.maximum_age,
        "locations": [
            {
                "name": loc.name,
                "address": ", ".join(x for x in (loc.address_1, loc.city) if x),
                "postcode": loc.postal_code,
            }
            for loc in directory.service_locations(s)
        ],
    }


class DirectoryServices(PartnerView):
    scopes = {"GET": "directory:read"}

    @extend_schema(
        operation_id="directory_services",
        summary="Services running now in the family hubs' directory",
        parameters=DIRECTORY_FILTERS,
        responses={200: ServicePage, **problems(422)},
    )
    def get(self, request):
        unknown = sorted(set(request.query_params) - KNOWN_FILTERS)
        if unknown:
            raise ValidationError({name: ["Not a filter of this list"] for name in unknown})
        asked = {n: request.query_params.get(n, "") for n in ("need", "age", "postcode")}
        for name, value in asked.items():
            if "\x00" in value or len(value) > 200:
                raise ValidationError({name: ["Send plain text of at most 200 characters"]})
        age = asked["age"]
        if age and not (age.isascii() and age.isdecimal() and int(age) <= MAX_AGE):
            raise ValidationError({"age": [f"age must be a whole number from 0 to {MAX_AGE}"]})
        params = {"search": asked["need"], "age": age, "postcode": asked["postcode"]}
        try:
            services = directory.services_for(self.principal(request), params)
        except directory.BadFilter as exc:
            raise ValidationError({exc.param: [str(exc)]}) from None
        paginator = ByName()
        page = paginator.paginate_queryset(services, request, view=self)
        return paginator.get_paginated_response(
            ServiceOut([_service(s) for s in page], many=True).data
        )
