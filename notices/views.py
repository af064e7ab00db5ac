from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from familyhub import links

from . import actions, queries


@require_http_methods(["GET"])
def notice_list(request):
    page = Paginator(queries.notices_for(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "notices/list.html", {"notices": page, "nav": "notices"})


@require_http_methods(["POST"])
def notice_open(request, pk):
    notice = queries.get_notice_for(request.user, pk)
    actions.notice_mark_read(by=request.user, notice=notice)
    return redirect(links.resolve(notice.link) if notice.link else "notices:list")
