"""The partner API, version 1 (/api/v1/). Thin: read the request, call one query or action
with the client as `by` (the same rules as the pages), shape the answer."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access.principals import principal_for
from casework.queries import contact_panel
from frontdoor.queries import referrer_view, referrer_views

from . import actions, queries, submissions
from .authentication import ApiKeyAuthentication
from .idempotency import IDEMPOTENCY_KEY, idempotent
from .models import ApiClient
from .pagination import NewestFirst
from .permissions import HasScope
from .serializers import (
    ConcernIn,
    ConcernOut,
    ConcernPage,
    FamilyContactsOut,
    NotificationIn,
    NotificationOut,
    Problem,
)
from .throttling import ClientRateThrottle

PROBLEM_JSON = "application/problem+json"


def problems(*statuses: int) -> dict:
    """The problem details responses an operation may give (RFC 9457)."""
    return {
        (code, PROBLEM_JSON): OpenApiResponse(Problem, description="Problem details")
        for code in (401, 403, 404, 405, 429, *statuses)
    }


class PartnerView(APIView):
    """Every endpoint: signed in by API key, scoped, rate-limited, and each call audited."""

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [HasScope]
    throttle_classes = [ClientRateThrottle]
    scopes: dict[str, str] = {}

    def principal(self, request: Request):
        return principal_for(request.user)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        client = getattr(request, "_auth", None)
        if isinstance(client, ApiClient) and client.is_usable:
            actions.api_call_record(
                by=request.user,
                client=client,
                method=request.method,
                path=request.get_full_path()[:300],
                status=response.status_code,
            )
        return response


def _concern_out(principal, concern, names: list[str], view=None) -> dict:
    view = view or referrer_view(principal.user, concern)
    return {
        "reference": concern.reference,
        "status": concern.status,
        "sent_at": concern.sent_at,
        "urgent": bool(concern.immediate_risk),
        "wants": concern.wants,
        "family_reference": concern.family.reference if concern.family_id else None,
        "people": names,
        "outcome": {
            "status": view.status,
            "outcome": view.outcome,
            "outcome_detail": view.outcome_detail,
            "decided_at": view.decided_at,
            "dealing": view.dealing,
        },
        "version": concern.version,
    }


def path_id(text: str) -> int:
    """A record's id from the path: anything but a plausible whole number is a 404 (problem
    details), never a server error."""
    if not (text.isascii() and text.isdecimal() and len(text) <= 12):
        raise Http404("Not found")
    return int(text)


def _etag(concern) -> str:
    return f'"concern-{concern.pk}-v{concern.version}"'


class ConcernList(PartnerView):
    scopes = {"GET": "outcomes:read", "POST": "concerns:write"}

    @extend_schema(
        operation_id="concerns_list",
        summary="The concerns this client sent, with their status and outcome",
        parameters=[
            OpenApiParameter("cursor", str, description="From the previous page's next"),
            OpenApiParameter(
                "page_size",
                {"type": "integer", "minimum": 1, "maximum": 100},
                description="1 to 100 (default 25)",
            ),
        ],
        responses={200: ConcernPage, **problems(422)},
    )
    def get(self, request):
        principal = self.principal(request)
        paginator = NewestFirst()
        page = paginator.paginate_queryset(queries.concerns_sent_by(principal), request, view=self)
        names = queries.concern_people_names(page)
        views = referrer_views(principal.user, list(page))  # the same few queries for any page
        data = [_concern_out(principal, c, names.get(c.pk, []), views[c.pk]) for c in page]
        return paginator.get_paginated_response(ConcernOut(data, many=True).data)

    @extend_schema(
        operation_id="concerns_create",
        summary="Send a concern with the people it describes",
        description="The front door matches the people to the register; the answer says only "
        "what became of the concern, never what the register holds. Needs Idempotency-Key.",
        parameters=[IDEMPOTENCY_KEY],
        request=ConcernIn,
        responses={201: ConcernOut, **problems(409, 415, 422, 400)},
    )
    def post(self, request):
        principal = self.principal(request)

        def send():
            data = ConcernIn(data=request.data)
            data.is_valid(raise_exception=True)
            concern = submissions.send_concern(principal, data.validated_data)
            names = queries.concern_people_names([concern])
            body = ConcernOut(_concern_out(principal, concern, names.get(concern.pk, []))).data
            return status.HTTP_201_CREATED, body, f"/api/v1/concerns/{concern.reference}/"

        return idempotent(request, send)


class ConcernDetail(PartnerView):
    scopes = {"GET": "outcomes:read"}

    @extend_schema(
        operation_id="concerns_retrieve",
        summary="The status and outcome of one concern this client sent",
        description="ETag: send it back as If-None-Match to be told (304) nothing changed.",
        responses={
            200: ConcernOut,
            304: OpenApiResponse(description="Not changed"),
            **problems(),
        },
    )
    def get(self, request, reference: str):
        principal = self.principal(request)
        concern = queries.get_concern_sent_by(principal, reference)
        etag = _etag(concern)
        if etag in request.headers.get("If-None-Match", ""):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        names = queries.concern_people_names([concern])
        body = ConcernOut(_concern_out(principal, concern, names.get(concern.pk, []))).data
        return Response(body, headers={"ETag": etag})


def _person_out(availability) -> dict | None:
    if availability is None:
        return None
    p = availability.practitioner
    return {
        "name": p.name,
        "job_title": p.job_title,
        "organisation": p.organisation.name,
        "phone": p.phone or p.mobile,
        "email": p.email,
        "available_now": availability.available,
    }


class FamilyContacts(PartnerView):
    scopes = {"GET": "directory:read"}

    @extend_schema(
        operation_id="family_contacts",
        summary="Who to contact about a family your organisation works with",
        description="The lead practitioner, their cover and the out-of-hours arrangement, "
        "worked out now from absences and working hours. 404 for a family your organisation "
        "is not involved with.",
        responses={200: FamilyContactsOut, **problems()},
    )
    def get(self, request, reference: str):
        family = queries.get_family_for(self.principal(request), reference)
        panel = contact_panel(family)
        body = {
            "family_reference": family.reference,
            "message": panel.message,
            "lead_practitioner": _person_out(panel.lead),
            "cover": _person_out(panel.cover),
            "contact_now": panel.contact_now.name if panel.contact_now else None,
            "out_of_hours_now": panel.out_of_hours,
            "out_of_hours": {
                "name": panel.ooh.edt_name,
                "phone": panel.ooh.edt_phone,
                "hours": panel.ooh.edt_hours,
                "emergency": panel.ooh.emergency,
            },
            "hub": panel.hub_name,
            "hub_evening_weekend_phone": panel.hub_evening_phone,
        }
        return Response(FamilyContactsOut(body).data)


class Notifications(PartnerView):
    scopes = {"POST": "notifications:write"}

    @extend_schema(
        operation_id="notifications_create",
        summary="Send a notification that may become an early-warning signal",
        description="Operation Encompass domestic abuse notifications, school attendance (a "
        "signal only below the threshold) and missed health appointments, about a child in a "
        "family your organisation works with. Needs Idempotency-Key.",
        parameters=[IDEMPOTENCY_KEY],
        request=NotificationIn,
        responses={201: NotificationOut, **problems(409, 415, 422, 400)},
    )
    def post(self, request):
        principal = self.principal(request)

        def send():
            data = NotificationIn(data=request.data)
            data.is_valid(raise_exception=True)
            body = NotificationOut(submissions.send_notification(principal, data.validated_data))
            return status.HTTP_201_CREATED, body.data, ""

        return idempotent(request, send)
