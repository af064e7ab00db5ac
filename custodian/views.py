"""Find a Record and Fetch a Record (/api/v1/custodian/): FamilyHub answering as a custodian.
The partner API's own edge (API key, scope, rate limit, every call audited, problem details);
what is answered is decided by the policy enforcement point (custodian.policy) through
custodian.queries, which audits each decision."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from api.views import PROBLEM_JSON, PartnerView, problems
from familyhub import errors
from familyhub.failures import http_problem

from . import queries
from .principals import requester
from .serializers import FetchIn, FetchOut, FindIn, FindOut

NO_AGREEMENT = (
    "No data-sharing agreement in force lets your organisation have this for this purpose"
)
A_READ = (
    "A read: it changes nothing, so no Idempotency-Key is needed. The NHS number travels in "
    "the body, never in the address (addresses are logged)."
)


def _refused() -> Response:
    problem = http_problem(403, NO_AGREEMENT, slug="no-agreement")
    return Response(problem, status=403, content_type=PROBLEM_JSON)


def _custodian() -> str:
    return settings.FAMILYHUB["PARTNERSHIP_NAME"]


def _agreement(agreement) -> dict:
    return {"reference": agreement.reference, "version": agreement.version}


class CustodianView(PartnerView):
    def requester(self, request, purpose: str):
        return requester(request.auth, purpose)


class Find(CustodianView):
    scopes = {"POST": "custodian:find"}

    @extend_schema(
        operation_id="custodian_find",
        summary="Find a Record: which records FamilyHub holds about a child",
        description="Pointers only (the record types held), for the purpose given, as far as "
        "your organisation's data-sharing agreements allow: a record type no agreement covers "
        "is left out, and a child FamilyHub does not hold (or may not say it holds) gets an "
        "empty list. 403 when no agreement covers the purpose at all. " + A_READ,
        request=FindIn,
        responses={
            200: FindOut,
            **problems(400, 415, 422),
        },
    )
    def post(self, request):
        data = FindIn(data=request.data)
        data.is_valid(raise_exception=True)
        number, purpose = data.validated_data["nhs_number"], data.validated_data["purpose"]
        answer = queries.find(self.requester(request, purpose), number)
        if answer.refused:
            return _refused()
        records = [
            {
                "record_type": p["record_type"],
                "schema": p["schema"],
                "mode": p["mode"],
                "agreement": _agreement(p["agreement"]),
                "fetch": "/api/v1/custodian/fetch/" if p["mode"] == "content" else None,
            }
            for p in answer.pointers
        ]
        body = {"custodian": _custodian(), "nhs_number": number, "purpose": purpose}
        return Response(FindOut({**body, "records": records}).data)


class Fetch(CustodianView):
    scopes = {"POST": "custodian:fetch"}

    @extend_schema(
        operation_id="custodian_fetch",
        summary="Fetch a Record: one record type's content about a child",
        description="The content of one record type, shaped by its versioned schema (`schema`), "
        "when a content agreement covers your organisation, the record type and the purpose. "
        "404 for a record FamilyHub does not hold or may not disclose (the same answer). " + A_READ,
        request=FetchIn,
        responses={
            200: FetchOut,
            **problems(400, 415, 422),
        },
    )
    def post(self, request):
        data = FetchIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        principal = self.requester(request, values["purpose"])
        answer = queries.fetch(principal, values["nhs_number"], values["record_type"])
        if answer.refused:
            return _refused()
        if not answer.held:
            raise errors.NotPermitted()
        return Response(
            {
                "custodian": _custodian(),
                "nhs_number": values["nhs_number"],
                "purpose": values["purpose"],
                "record_type": values["record_type"],
                "schema": answer.schema,
                "agreement": _agreement(answer.agreement),
                "content": answer.content,
            }
        )
